"""`python -m pipeline report DATASET --out DIR [--review DIR] [--lang vi|en]`:
one page on a whole dataset, for researchers."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..checks.messages import LANGUAGES, default_language
from ..io.dataset import articles_path, facts_path
from ..io.read import (
    JSON,
    Failure,
    ReadError,
    is_stdin,
    kind_of,
    load_article,
    scan,
    shown,
)
from ..io.write import FIGURE_SCHEMA
from ..model import Article
from ..report.dataset_report import FIGURE_COLUMNS, Review, groups_count, render_report
from ..report.format import plural
from ..report.review import Reviewed, page_name, write_review
from ..run.progress import Progress
from .common import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    CliError,
    dataset_dir,
    exit_statuses,
    extract_each,
    printable,
    say_skipped,
)
from .review import LANG_HELP


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report",
        help="write one HTML page on a whole dataset: its facts by province and by period, charts, conflicts",
        description=(
            "Write to DIR/index.html a report on the dataset that extract wrote at DATASET (the directory "
            "given to --out, with its facts and articles tables beside it), for researchers: first the facts "
            "the articles disagree on (conflicts) and the figures whose own arithmetic does not hold "
            "(mismatches); then, per indicator and unit, its facts by province and by period as charts drawn "
            "into the page (plans hatched, conflicts in their colour with the range stated), a table under "
            "each, and the articles each fact comes from. Every number on the page is a value of the "
            "dataset. The page is self-contained: no script, no network. With --review DIR the articles link "
            "to their review pages in DIR, at the figure; when DIR holds none yet, they are built there first "
            "(each article read again from the path the articles table names, and extracted: a progress bar "
            "shows how far it is)."
        ),
        epilog=exit_statuses(
            EXIT_OK, EXIT_SOME_FAILED,
            s0="the report (and the review pages asked for) was written",
            s2="usage error (DATASET is not a dataset or lacks its facts or articles table, DIR cannot be written)",
            s3="the report was written, but some articles could not be read again for their review pages",
        ),
    )
    p.add_argument("dataset", metavar="DATASET", help="the dataset directory, e.g. outputs/figures.parquet")
    p.add_argument("-o", "--out", required=True, metavar="DIR", help="folder for the report (created if missing)")
    p.add_argument("--review", metavar="DIR",
                   help="review pages to link each article to; built there from the dataset's articles when "
                        "DIR has no index.html (a folder of its own, not the report's)")
    p.add_argument("--lang", choices=LANGUAGES, help=LANG_HELP)
    p.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")
    p.set_defaults(func=main)


def _tables(given: str, program: str) -> tuple[pa.Table, pa.Table, pa.Table]:
    """The figures (the columns the report reads), facts and articles of a dataset."""
    dataset = dataset_dir(given, program)
    for path in (facts_path(dataset), articles_path(dataset)):
        if not path.is_file():
            raise CliError(f"{shown(path)}: missing; run `{program} extract` again to write the tables beside the dataset")
    schema = pa.schema([FIGURE_SCHEMA.field(name) for name in FIGURE_COLUMNS])
    return (pq.read_table(dataset, columns=list(FIGURE_COLUMNS), schema=schema),
            pq.read_table(facts_path(dataset)), pq.read_table(articles_path(dataset)))


def _again(articles: list[dict], failures: list[Failure]) -> list[Article]:
    """The dataset's articles read again from their files (a .jsonl once for
    all its lines); each one that cannot be is a Failure, said on stderr."""
    by_path: dict[str, list[str]] = {}
    for a in articles:
        by_path.setdefault(a["path"], []).append(a["doc_id"])
    hashes = {a["doc_id"]: a["content_hash"] for a in articles}
    out = []
    for path, doc_ids in by_path.items():
        if is_stdin(path):
            failures += [Failure(Path(path), "unreadable", "read from standard input: cannot be read again", doc_id=d)
                         for d in doc_ids]
            continue
        file_id = doc_ids[0].rpartition("#")[0] if kind_of(Path(path)) == JSON else doc_ids[0]
        wanted = set(doc_ids)
        for entry in scan(Path(path), file_id):
            if isinstance(entry, Failure):
                failures.append(entry)
                continue
            if entry.doc_id not in wanted:
                continue
            wanted.discard(entry.doc_id)
            try:
                out.append(load_article(entry, entry.read_bytes()))
            except ReadError as exc:
                failures.append(Failure(entry.path, exc.reason, exc.message, entry.line, entry.doc_id))
                continue
            if entry.digest != hashes[entry.doc_id]:
                print(printable(f"note: {entry.doc_id} changed since it was extracted; its page shows it as it is now"),
                      file=sys.stderr)
        failures += [Failure(Path(path), "missing", "no longer in the file", doc_id=d) for d in sorted(wanted)]
    for failure in failures:
        say_skipped(failure)
    return out


def build_review(articles: list[dict], folder: Path, lang: str, show_progress: bool) -> list[Failure]:
    """Review pages for the dataset's articles; the articles that got none."""
    failures: list[Failure] = []
    read = _again(articles, failures)
    progress = Progress(len(read), enabled=show_progress, task="review")
    reviewed = []
    for outcome in extract_each(read):
        progress.advance()
        if isinstance(outcome, Failure):
            failures.append(outcome)
        else:
            reviewed.append(Reviewed(*outcome))
    progress.close()
    write_review(reviewed, folder, lang)
    return failures


def main(args: argparse.Namespace) -> int:
    lang = args.lang or default_language()
    figures, facts, articles = _tables(args.dataset, args.program)
    out = Path(args.out)
    failures: list[Failure] = []
    review = None
    try:
        out.mkdir(parents=True, exist_ok=True)
        if args.review:
            folder = Path(args.review)
            if folder.resolve() == out.resolve():
                raise CliError("--review: give the review pages a folder of their own (the report writes index.html)")
            if not (folder / "index.html").is_file():
                failures = build_review(articles.to_pylist(), folder, lang, not args.no_progress)
            pages = {d for d in articles["doc_id"].to_pylist() if (folder / page_name(d)).is_file()}
            review = Review(Path(os.path.relpath(folder.resolve(), out.resolve())).as_posix(), frozenset(pages))
        progress = Progress(groups_count(facts), enabled=not args.no_progress, task="report", things="indicators")
        html = render_report(figures, facts, articles, lang, review, progress=progress)
        progress.close()
        index = out / "index.html"
        index.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write the report: {exc.strerror or exc} ({shown(exc.filename or out)})") from None
    conflicts = sum(1 for agree in facts["agree"].to_pylist() if not agree)
    print(f"report: {plural(len(facts), 'fact')} of {plural(groups_count(facts), 'indicator')}, "
          f"{plural(conflicts, 'conflict')}" + (f"; review pages: {shown(args.review)}" if review else ""))
    print(f"open {shown(index)}")
    return EXIT_SOME_FAILED if failures else EXIT_OK
