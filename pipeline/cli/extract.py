"""`python -m pipeline extract INPUT... [--out DIR] [--jobs N] [--engine dask]`."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..io.dataset import DatasetError, articles_path, errors_path, facts_path
from ..io.read import DEFAULT_MAX_BYTES, REPAIRED, shown
from ..report.format import plural
from ..run.batch import InputError, OutputError, RunConfig, RunReport, run
from ..run.budget import DEFAULT_MAX_SECONDS
from ..run.engines import EngineError
from .common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_TERMINATED,
    EXIT_USAGE,
    STDIN_HELP,
    CliError,
    exit_statuses,
    hint_stdin,
    printable,
)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _seconds(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"expected a number of seconds (0: no limit), got {text!r}")
    return value or None


def register(sub: argparse._SubParsersAction) -> None:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    p = sub.add_parser(
        "extract",
        help="extract every figure of a folder of articles into a Parquet dataset",
        description=(
            "Extract every figure of the articles in INPUT (files, or folders searched recursively for "
            ".txt, .html, .htm and .jsonl files) into a Parquet dataset directory. doc_id is the file's "
            "path relative to the folder given (a file given by name: its name); an article of a .jsonl "
            "file is <file>#<id or line number>. Re-running only extracts articles that are new or whose "
            "content changed (or all of them when the extractor changed). Nothing stops the run: a file or "
            "folder that cannot be read, an article over --max-bytes or --max-seconds (too_large, too_slow), "
            "an extractor error on one article are reported and listed with their reason in the errors file "
            "beside the dataset (<out stem>.errors.jsonl), and the run goes on; an article whose damaged bytes "
            "were mended is extracted and listed there as repaired, one whose text does not read as Vietnamese "
            "as not_vietnamese (English, French...) or no_diacritics (typed without its marks); an article whose "
            "content the dataset already "
            "holds under another path is reported and kept once. Beside the dataset every run also writes the "
            "articles table (<out stem>.articles.parquet: title, url, date, outlet, path) and the facts table "
            "(<out stem>.facts.parquet: one row per province, indicator, unit, period and plan, and whether the "
            "articles agree). Ctrl-C or SIGTERM stops the run keeping "
            "every article finished so far."
        ),
        epilog=exit_statuses(
            EXIT_OK, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_TERMINATED,
            s0="every article was read and extracted (some maybe repaired, or not Vietnamese)",
            s2="usage error (a bad option, a missing input, a folder without article files, an --out that is "
               "a file or that another run is writing)",
            s3="some inputs or articles gave no rows (see the errors file)",
            s4="the run could not finish: a worker died, the Dask scheduler cannot be reached, "
               "the errors file cannot be written",
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=f"article files or folders; {STDIN_HELP} (doc_id stdin)")
    p.add_argument("-o", "--out", default="outputs/figures.parquet", metavar="DIR",
                   help="dataset directory, one Parquet file per batch of articles (default: %(default)s)")
    p.add_argument("-j", "--jobs", type=_positive, default=cores, metavar="N",
                   help=f"worker processes, or workers of a local Dask cluster (default: all {cores} cores)")
    p.add_argument("--engine", choices=("local", "dask"),
                   help="local: processes on this machine (default); dask: a Dask cluster "
                        "(the one at --scheduler, else a local one with --jobs workers)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 (implies --engine dask; "
                        "its workers need this package installed and read nothing from disk)")
    p.add_argument("--prune", action="store_true",
                   help="drop the rows of articles that none of the inputs holds any more "
                        "(kept by default, so a run on part of a corpus loses nothing)")
    p.add_argument("--batch-size", type=_positive, default=500, metavar="N",
                   help="articles per Parquet file; finished work is written every N articles or every minute, "
                        "so a killed run loses at most that (default: %(default)s)")
    p.add_argument("--max-bytes", type=_positive, default=DEFAULT_MAX_BYTES, metavar="N",
                   help="largest article accepted, in bytes (a file, or a line of a .jsonl); a larger one is "
                        "reported too_large (default: %(default)s)")
    p.add_argument("--max-seconds", type=_seconds, default=DEFAULT_MAX_SECONDS, metavar="S",
                   help="time budget of one article: one still not extracted after S seconds is stopped and "
                        "reported too_slow, and the run goes on; 0: no limit (default: %(default)g)")
    p.add_argument("--no-progress", action="store_true",
                   help="no progress bar or progress lines (failures and the summary are still printed)")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    if args.engine == "local" and args.scheduler:
        raise CliError("--scheduler needs --engine dask")
    hint_stdin(args.inputs)
    config = RunConfig(
        inputs=args.inputs,
        out=Path(args.out),
        jobs=args.jobs,
        engine="dask" if args.scheduler else args.engine or "local",
        scheduler=args.scheduler,
        max_bytes=args.max_bytes,
        max_seconds=args.max_seconds,
        part_size=args.batch_size,
        prune=args.prune,
        progress=not args.no_progress,
    )
    try:
        report = run(config)
    except (InputError, DatasetError) as exc:
        raise CliError(str(exc)) from None
    except (EngineError, OutputError) as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    _summary(report, config.out)
    return EXIT_SOME_FAILED if report.failures else EXIT_OK


def _noted(r: RunReport) -> str:
    """`, 1 repaired, 2 not Vietnamese`: the articles extracted with a note."""
    repaired = sum(1 for f in r.noted if f.reason == REPAIRED)
    foreign = len(r.noted) - repaired
    return (f", {repaired} repaired" if repaired else "") + (f", {foreign} not Vietnamese" if foreign else "")


def _summary(r: RunReport, out: Path) -> None:
    print(
        f"extract: {plural(r.found, 'article')} ({r.extracted} extracted, {r.unchanged} unchanged"
        + (f", {r.removed} removed" if r.removed else "")
        + (f", {r.duplicates} kept once: same content under another path" if r.duplicates else "")
        + f"), {plural(r.figures, 'figure')}, {plural(len(r.failures), 'failure')}{_noted(r)}"
        + f" in {r.seconds:.1f}s"
    )
    print(f"dataset: {shown(out)} ({plural(r.dataset_articles, 'article')}, {plural(r.dataset_figures, 'figure')}); "
          f"tables beside it: {articles_path(out).name}, {facts_path(out).name}")
    if r.failures or r.noted:
        print(f"errors: {shown(errors_path(out))} ({plural(len(r.failures), 'failure')}{_noted(r)})")
