"""`python -m pipeline check INPUT... [--format table|json] [--only STATUS,...] [--lang en|vi]`:
do an article's numbers hold?"""
from __future__ import annotations

import argparse
import json

from ..checks.context import line_column
from ..checks.facts import conflicts
from ..checks.findings import MISMATCH, STATUS_ORDER, Finding
from ..checks.messages import (
    LANGUAGES,
    default_language,
    kind_label,
    status_label,
    status_named,
    word,
)
from ..io.read import Failure
from ..io.write import figures_table
from ..model import Figure
from .common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_MISMATCH,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_TERMINATED,
    EXIT_USAGE,
    STDIN_HELP,
    CliError,
    exit_statuses,
    extract_each,
    printable,
    read_articles,
)

QUOTE_WIDTH = 90


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="check the arithmetic of articles (percentages, shares, parts against totals, remainders) and where they disagree",
        description=(
            "Extract the figures of the articles in INPUT (files, or folders searched for .txt, .html, .htm "
            "and .jsonl files) and check what the articles state against what their own numbers give: "
            "achieved/plan against the stated percentage of plan (with the plan beside it or stated earlier "
            "in the article), a share against part/whole, the parts of a breakdown against their total, and "
            "a remainder against plan minus used; and across articles, a conflict where two articles give one "
            "province's figure (same indicator, unit and period) different values, or an article repeats a "
            "figure with another value. Each finding is ok (recomputed and holds), mismatch "
            "(recomputed and does not hold: the stated and the recomputed number), partial (a breakdown that "
            "may list only some of its parts falls short of its total: how much is unaccounted for) or "
            "unverifiable (approximate or implied: why). Each is shown with where it is (file:line:column "
            "of the article's text) and its words, from the qualifier to the unit or the stated percentage; "
            "mismatches are listed first. An article that cannot be read or extracted is reported on stderr with its "
            "reason and the others are checked."
        ),
        epilog=exit_statuses(
            EXIT_OK, EXIT_MISMATCH, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_TERMINATED,
            s0="nothing is contradicted",
            s1="a mismatch was found (whatever else happened)",
            s3="no mismatch, but some inputs or articles could not be checked",
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=f"article files or folders; {STDIN_HELP}")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="table: for reading (default); json: a list of findings with doc_id, kind, status, "
                        "stated, computed, char_start, char_end, line, column, quote and note (keys, kind and "
                        "status always in English, the note in the language of --lang; a conflict adds other_doc_id, "
                        "other_value, other_quote, other_char_start and other_char_end)")
    p.add_argument("--only", metavar="STATUS,...",
                   help="list only findings of these statuses, comma-separated: mismatch, partial, unverifiable, "
                        "ok (or lệch, thiếu phần, không kiểm được, khớp); e.g. --only mismatch,partial")
    p.add_argument("--lang", choices=LANGUAGES,
                   help="language of the table and the notes: en or vi (default: vi when the locale, LC_ALL or "
                        "LANG, starts with vi; en otherwise)")
    p.set_defaults(func=main)


def _only(value: str | None, lang: str) -> set[str] | None:
    """The statuses `--only` names, in either language."""
    if value is None:
        return None
    statuses = set()
    for name in filter(None, (n.strip() for n in value.split(","))):
        status = status_named(name)
        if status is None:
            known = ", ".join(status_label(s, lang) for s in STATUS_ORDER)
            raise CliError(word("unknown_status", lang, status=name, known=known))
        statuses.add(status)
    return statuses


def _listing_order(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: STATUS_ORDER.index(f.status))  # stable: reading order within a status


def _quote(s: str) -> str:
    """The quote on one line; a long one keeps its first and last words (the
    total and the last part, the figure and its percentage)."""
    s = " ".join(s.split())
    if len(s) <= QUOTE_WIDTH:
        return s
    head = s.rfind(" ", 0, QUOTE_WIDTH * 2 // 3)
    tail = s.find(" ", len(s) - (QUOTE_WIDTH - 3 - head))
    return f"{s[:head]} … {s[tail + 1 :]}"


def _where(f: Finding, texts: dict[str, str]) -> str:
    line, column = line_column(texts[f.doc_id], f.char_start)
    return f"{f.doc_id}:{line}:{column}"


def _record(f: Finding, texts: dict[str, str], lang: str) -> dict:
    line, column = line_column(texts[f.doc_id], f.char_start)
    return {**f.record(), "line": line, "column": column, "note": f.note_in(lang)}


def print_table(listed: list[Finding], findings: list[Finding], articles: int, figures: int,
                texts: dict[str, str], lang: str, only: set[str] | None) -> None:
    """One listed finding a row (status, check, where, what), its words on the
    line below; then the counts of every finding."""
    head = tuple(word(k, lang) for k in ("status", "check", "where", "what"))
    rows = [(status_label(f.status, lang), kind_label(f.kind, lang), printable(_where(f, texts)), printable(f.note_in(lang)))
            for f in listed]
    widths = [max(len(r[k]) for r in [*rows, head]) + 2 for k in range(3)]
    if rows:
        print("".join(f"{cell:<{w}}" for cell, w in zip(head, widths)) + head[3])
    for f, row in zip(listed, rows):
        print("".join(f"{cell:<{w}}" for cell, w in zip(row, widths)) + row[3])
        print(f"{'':<{sum(widths)}}“{printable(_quote(f.quote))}”")
    counts = ", ".join(f"{sum(1 for f in findings if f.status == s)} {status_label(s, lang)}" for s in STATUS_ORDER)
    summary = word("summary", lang, articles=articles, article_word=_noun(articles, "article", lang), figures=figures,
                   figure_word=_noun(figures, "figure", lang), checks=len(findings),
                   check_word=_noun(len(findings), "check", lang), counts=counts)
    if only is not None:
        summary += " " + word("listed", lang, statuses=", ".join(status_label(s, lang) for s in STATUS_ORDER if s in only))
    print(summary)


def _noun(n: int, noun: str, lang: str) -> str:
    """The noun after a count of n, in `lang`: 1 article, 2 articles."""
    return word(noun if n == 1 else noun + "s", lang)


def main(args: argparse.Namespace) -> int:
    lang = args.lang or default_language()
    only = _only(args.only, lang)
    articles, failures = read_articles(args.inputs)
    findings: list[Finding] = []
    texts: dict[str, str] = {}
    figures: list[Figure] = []
    for outcome in extract_each(articles):
        if isinstance(outcome, Failure):
            failures.append(outcome)
            continue
        article, found, article_findings = outcome
        figures += found
        findings += article_findings
        texts[article.doc_id] = article.text
    findings += conflicts(figures_table(figures), texts)
    findings = _listing_order(findings)
    listed = [f for f in findings if only is None or f.status in only]
    if args.format == "json":
        print(json.dumps([_record(f, texts, lang) for f in listed], ensure_ascii=False, indent=2))
    else:
        print_table(listed, findings, len(texts), len(figures), texts, lang, only)
    if any(f.status == MISMATCH for f in findings):
        return EXIT_MISMATCH
    return EXIT_SOME_FAILED if failures else EXIT_OK
