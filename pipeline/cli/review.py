"""`python -m pipeline review INPUT... --out DIR [--lang vi|en]`: a page per article to read its figures and checks."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..checks.messages import LANGUAGES, default_language
from ..io.read import Failure, shown
from ..report.review import Reviewed, write_review
from ..report.words import counted, word
from .common import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    STDIN_HELP,
    CliError,
    exit_statuses,
    extract_each,
    read_articles,
)

LANG_HELP = ("language of the pages: en or vi (default: vi when the locale, LC_ALL, LC_MESSAGES or LANG, "
             "starts with vi; en otherwise)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review",
        help="write HTML pages showing every figure of each article and its arithmetic checks",
        description=(
            "Extract and check the articles in INPUT (files, or folders searched for .txt, .html, .htm and "
            ".jsonl files; - for standard input) and write to DIR a static HTML page per article: the text "
            "with every figure highlighted, its status shown by colour, line and icon (mismatch, partial, "
            "unverifiable, ok, nothing to check, and conflict where another article or mention disagrees), "
            "the checks, and a table of the figures that can be filtered by status, indicator, where the "
            "indicator and the period were read (its own words, its total, its sentence, its paragraph, the "
            "article) and by words. Selecting a figure (click, tap, or Tab and Enter) shows its value in the "
            "article's scale words, its qualifier, plan and stated percentage (highlighted in the text too), "
            "its indicator and period and where each came from, and its checks. index.html lists the "
            "articles with their title, province, date and counts, sortable. The pages need no network and "
            "read from 360 px wide up. An article that cannot be read or extracted is reported on stderr with "
            "its reason and gets no page; the others do."
        ),
        epilog=exit_statuses(
            EXIT_OK, EXIT_SOME_FAILED,
            s0="every article has its page",
            s2="usage error (a missing input, no article that could be read, --out not writable)",
            s3="some inputs or articles got no page",
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=f"article files or folders; {STDIN_HELP}")
    p.add_argument("-o", "--out", required=True, metavar="DIR", help="folder for the pages (created if missing)")
    p.add_argument("--lang", choices=LANGUAGES, help=LANG_HELP)
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    lang = args.lang or default_language()
    articles, failures = read_articles(args.inputs)
    reviewed = []
    for outcome in extract_each(articles):
        if isinstance(outcome, Failure):
            failures.append(outcome)
        else:
            reviewed.append(Reviewed(*outcome))
    try:
        index = write_review(reviewed, Path(args.out), lang)
    except OSError as exc:
        raise CliError(f"--out {args.out}: cannot write the pages ({exc.strerror or exc})") from None
    figures = sum(len(r.figures) for r in reviewed)
    mismatches = sum(r.mismatches for r in reviewed)
    conflicts = len({id(c) for r in reviewed for c in r.conflicts})
    counts = [counted(len(reviewed), "article", lang), counted(figures, "figure", lang), counted(mismatches, "mismatch", lang)]
    print(f"review: {', '.join(counts + ([counted(conflicts, 'conflict', lang)] if conflicts else []))}")
    print(f"{word('open_page', lang)} {shown(index)}")
    return EXIT_SOME_FAILED if failures else EXIT_OK
