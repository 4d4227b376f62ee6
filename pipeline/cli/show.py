"""`python -m pipeline show INPUT...`: one line per figure, to check articles by eye."""
from __future__ import annotations

import argparse
import shutil
import sys
import unicodedata

from ..io.read import Failure
from ..model import Article, Figure
from ..report.format import amount, number, period, plural
from .common import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    STDIN_HELP,
    exit_statuses,
    extract_each,
    printable,
    read_articles,
)

FLEXIBLE_MIN = 12  # narrowest indicator_text / quote column before lines overflow


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "show",
        help="print a table of the figures of articles: value, unit, indicator, period, province, quote",
        description=(
            "Extract the figures of the articles in INPUT (a .txt, .html or .htm file; every article of a "
            ".jsonl file; a folder, searched for those files as extract searches it; - for standard input) "
            "and print, per article, one line per figure: its number (#), value in the canonical unit "
            "(amounts in the article's own scale word, 1.400 tỷ, exact), unit, qualifier (q: ≈ approx, "
            "> over, < under, est estimate, rng range), target, percentage of plan (pct), indicator id, "
            "period (start..end, 2024-01..09 for whole months, one date for a stock), province, the "
            "article's words for the indicator (indicator_text) and the text the figure was read from "
            "(quote). A province shared by all figures stands in the heading; a column empty for the whole "
            "article is left out. On a terminal, long text is cut with … to fit its width (or --width); "
            "into a pipe or a file, lines are whole. A file, or a line of a .jsonl, that cannot be read or "
            "extracted is reported on stderr with its reason, and the others are shown."
        ),
        epilog=exit_statuses(
            EXIT_OK, EXIT_SOME_FAILED,
            s0="every article of INPUT shown",
            s2="INPUT is missing, or no article of it can be read",
            s3="some articles of INPUT could not be read or extracted (each reported on stderr)",
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=f"article files or folders; {STDIN_HELP}")
    p.add_argument("--width", type=int, metavar="N",
                   help="cut lines to N columns (default: the terminal's width; no cut into a pipe or a file)")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    width = args.width or (shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else None)
    articles, failures = read_articles(args.inputs)
    failed = bool(failures)
    for outcome in extract_each(articles):
        if isinstance(outcome, Failure):
            failed = True
        else:
            article, figures, _ = outcome
            print(render(article, figures, width))
    return EXIT_SOME_FAILED if failed else EXIT_OK


# --- the table ----------------------------------------------------------------------

QUALIFIER_MARK = {"approx": "≈", "over": ">", "under": "<", "estimate": "est", "range": "rng"}


def render(article: Article, figures: list[Figure], width: int | None = 100) -> str:
    """The heading and one line per figure, fitted to `width` columns (None:
    every line whole)."""
    rows = [_row(i, f, article.text) for i, f in enumerate(figures, 1)]
    heading = f"{printable(article.doc_id)}  {plural(len(figures), 'figure')}"
    provinces = {r["province"] for r in rows}
    columns = ["#", "value", "unit", "q", "target", "pct", "indicator", "period", "province"]
    if len(provinces) <= 1:
        heading += f"  province: {next(iter(provinces), '') or '-'}"
        columns.remove("province")
    # A column empty for the whole article (no targets, no qualifiers) takes no room.
    columns = [c for c in columns if c in ("#", "value", "unit", "indicator") or any(r[c] for r in rows)]
    columns += ["indicator_text", "quote"]
    widths = {c: max([_width(c)] + [_width(r[c]) for r in rows]) for c in columns}
    if width is not None:
        spare = width - sum(widths[c] for c in columns[:-2]) - (len(columns) - 1)
        widths["indicator_text"] = max(FLEXIBLE_MIN, spare // 2)
        widths["quote"] = max(FLEXIBLE_MIN, spare - widths["indicator_text"])
    lines = [heading, _line({c: c for c in columns}, columns, widths)]
    lines += [_line(r, columns, widths) for r in rows]
    return "\n".join(lines)


def _row(i: int, f: Figure, text: str) -> dict[str, str]:
    value = amount(f.value, f.unit, f.unit_text)
    if f.value_max is not None:
        value += "-" + amount(f.value_max, f.unit, f.unit_text)
    return {
        "#": str(i),
        "value": value,
        "unit": f.unit,
        "q": QUALIFIER_MARK.get(f.qualifier or "", f.qualifier or ""),
        "target": amount(f.target, f.unit, f.unit_text) if f.target is not None else "",
        "pct": number(f.pct_of_target) if f.pct_of_target is not None else "",
        "indicator": f.indicator,
        "period": period(f.period_start, f.period_end),
        "province": f.province or "",
        "indicator_text": printable(f.indicator_text),
        "quote": printable(" ".join(text[f.char_start:f.char_end].split())),
    }


def _width(s: str) -> int:
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _fit(s: str, width: int) -> str:
    if _width(s) <= width:
        return s + " " * (width - _width(s))
    out = ""
    for c in s:
        if _width(out + c) > width - 1:
            break
        out += c
    return out + "…" + " " * (width - 1 - _width(out))


def _line(row: dict[str, str], columns: list[str], widths: dict[str, int]) -> str:
    return " ".join(_fit(row[c], widths[c]) for c in columns).rstrip()
