"""`python -m pipeline review INPUT... --out DIR`: a page per article to read its figures and checks."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..io.read import Failure
from ..report.review import Reviewed, plural, write_review
from .common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_TERMINATED,
    EXIT_USAGE,
    CliError,
    exit_statuses,
    extract_each,
    read_articles,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review",
        help="write HTML pages showing every figure of each article and its arithmetic checks",
        description=(
            "Extract and check the articles in INPUT (files, or folders searched for .txt, .html, .htm and "
            ".jsonl files) and write to DIR a static HTML page per article, with every figure highlighted in "
            "the text (hover for its value, unit, indicator, period and check; mismatches in red) and a side "
            "table of the figures, plus index.html listing the articles with their counts of figures and "
            "mismatches. The pages need no network. An article that cannot be read or extracted is reported "
            "on stderr with its reason and gets no page; the others do."
        ),
        epilog=exit_statuses(
            EXIT_OK, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_TERMINATED,
            s0="every article has its page",
            s2="usage error (a missing input, no article that could be read, --out not writable)",
            s3="some inputs or articles got no page",
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the pages (created if missing)")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    articles, failures = read_articles(args.inputs)
    reviewed = []
    for outcome in extract_each(articles):
        if isinstance(outcome, Failure):
            failures.append(outcome)
        else:
            reviewed.append(Reviewed(*outcome))
    try:
        index = write_review(reviewed, Path(args.out))
    except OSError as exc:
        raise CliError(f"--out {args.out}: cannot write the pages ({exc.strerror or exc})") from None
    figures = sum(len(r.figures) for r in reviewed)
    mismatches = sum(r.mismatches for r in reviewed)
    print(f"review: {plural(len(reviewed), 'article')}, {plural(figures, 'figure')}, {plural(mismatches, 'mismatch')}")
    print(f"open {index}")
    return EXIT_SOME_FAILED if failures else EXIT_OK
