"""`python -m pipeline check INPUT... [--format table|json]`: do an article's numbers hold?"""
from __future__ import annotations

import argparse
import json

from ..checks.arithmetic import MISMATCH, STATUS_ORDER, Finding
from ..io.read import Failure
from .common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_MISMATCH,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_TERMINATED,
    EXIT_USAGE,
    exit_statuses,
    extract_each,
    printable,
    read_articles,
)

QUOTE_WIDTH = 90


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="check the arithmetic of articles: percentages of plan, parts against totals, remainders",
        description=(
            "Extract the figures of the articles in INPUT (files, or folders searched for .txt, .html, .htm "
            "and .jsonl files) and check what the articles state against what their own numbers give: "
            "achieved/plan against the stated percentage, the plan a percentage implies, parts of a "
            "breakdown against their total, and a remainder against plan minus used. Each finding is ok, "
            "mismatch (with the stated and the recomputed number) or unverifiable; mismatches are listed "
            "first. An article that cannot be read or extracted is reported on stderr with its reason and "
            "the others are checked."
        ),
        epilog=exit_statuses(
            EXIT_OK, EXIT_MISMATCH, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_TERMINATED,
            s0="nothing is contradicted",
            s1="a mismatch was found (whatever else happened)",
            s3="no mismatch, but some inputs or articles could not be checked",
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="table: for reading (default); json: a list of findings with doc_id, kind, status, "
                        "stated, computed, char_start, char_end, quote and note")
    p.set_defaults(func=main)


def _listing_order(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: STATUS_ORDER.index(f.status))  # stable: reading order within a status


def _quote(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= QUOTE_WIDTH else s[: QUOTE_WIDTH - 1] + "…"


def print_table(findings: list[Finding], articles: int, figures: int) -> None:
    """One finding a row (status, check, where, what), its words on the line below."""
    rows = [(f.status, f.kind, printable(f"{f.doc_id}:{f.char_start}"), printable(f.note)) for f in findings]
    widths = [max(len(r[k]) for r in rows + [("status", "check", "where", "")]) + 2 for k in range(3)]
    if rows:
        print(f"{'status':<{widths[0]}}{'check':<{widths[1]}}{'where':<{widths[2]}}what")
    for f, row in zip(findings, rows):
        print("".join(f"{cell:<{w}}" for cell, w in zip(row, widths)) + row[3])
        print(f"{'':<{widths[0] + widths[1] + widths[2]}}“{printable(_quote(f.quote))}”")
    counts = ", ".join(f"{sum(1 for f in findings if f.status == s)} {s}" for s in STATUS_ORDER)
    print(f"{articles} article{'s' if articles != 1 else ''}, {figures} figures, {len(findings)} checks: {counts}")


def main(args: argparse.Namespace) -> int:
    articles, failures = read_articles(args.inputs)
    findings: list[Finding] = []
    figures = 0
    checked = 0
    for outcome in extract_each(articles):
        if isinstance(outcome, Failure):
            failures.append(outcome)
            continue
        _, found, article_findings = outcome
        checked += 1
        figures += len(found)
        findings += article_findings
    findings = _listing_order(findings)
    if args.format == "json":
        print(json.dumps([f.record() for f in findings], ensure_ascii=False, indent=2))
    else:
        print_table(findings, checked, figures)
    if any(f.status == MISMATCH for f in findings):
        return EXIT_MISMATCH
    return EXIT_SOME_FAILED if failures else EXIT_OK
