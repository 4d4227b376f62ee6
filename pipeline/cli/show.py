"""`python -m pipeline show ARTICLE`: one line per figure, to check an article by eye."""
from __future__ import annotations

import argparse
import shutil
import unicodedata
from datetime import timedelta
from pathlib import Path

from ..io.read import Failure, articles_in, shown
from ..model import Article, Figure
from ..rules import default_rules
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
    printable,
    say_skipped,
)

FLEXIBLE_MIN = 12  # narrowest indicator_text / quote column before lines overflow


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "show",
        help="print a table of one article's figures: value, unit, indicator, period, province, quote",
        description=(
            "Extract the figures of ARTICLE (a .txt, .html or .htm file; every article of a .jsonl file) "
            "and print one line per figure: its number (#), value in the canonical unit (money in tỷ or "
            "triệu, exact), unit, qualifier (q: ≈ approx, > over, < under, est estimate, rng range), "
            "target, percentage of plan (pct), indicator id, period (start..end, 2024-01..09 for whole "
            "months, one date for a stock), province, the article's words for the indicator "
            "(indicator_text) and the text the figure was read from (quote). A province shared by all "
            "figures stands in the heading; a column empty for the whole article is left out; long text "
            "is cut with … to fit the terminal width (or --width). An article that cannot be read or "
            "extracted (a line of a .jsonl, or the file) is reported on stderr with its reason."
        ),
        epilog=exit_statuses(
            EXIT_OK, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_TERMINATED,
            s0="every article of ARTICLE shown",
            s2="ARTICLE is missing, or no article of it can be read",
            s3="some articles of ARTICLE could not be read or extracted",
        ),
    )
    p.add_argument("article", metavar="ARTICLE", help="the article file")
    p.add_argument("--width", type=int, metavar="N", help="line width (default: the terminal's, else 100)")
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    width = args.width or shutil.get_terminal_size((100, 24)).columns
    articles, failed = _articles(Path(args.article))
    for outcome in extract_each(articles):
        if isinstance(outcome, Failure):
            failed = True
        else:
            article, figures, _ = outcome
            print(render(article, figures, width))
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _articles(path: Path) -> tuple[list[Article], bool]:
    """The articles of the file, and whether some part of it gave none."""
    if not path.exists():
        raise CliError(printable(f"{shown(path)}: no such file"))
    articles, failures = [], []
    for item in articles_in(path, shown(path.name)):
        (failures if isinstance(item, Failure) else articles).append(item)
    if not articles:
        reason = f"{failures[0].reason}: {failures[0].message}" if failures else "no article in it"
        raise CliError(printable(f"{shown(path)}: {reason}"))
    for failure in failures:
        say_skipped(failure)
    return articles, bool(failures)


# --- the table ----------------------------------------------------------------------

QUALIFIER_MARK = {"approx": "≈", "over": ">", "under": "<", "estimate": "est", "range": "rng"}
# Money is shown in the scale words of rules/numbers.yaml (the first written
# for 10^9 and 10^6): "1.400 tỷ".
MONEY_SCALES = (1e9, 1e6)


def _scale_words() -> list[tuple[float, str]]:
    names = default_rules().numbers.scales
    return [(scale, next(w for w, v in names.items() if v == scale)) for scale in MONEY_SCALES]


def render(article: Article, figures: list[Figure], width: int = 100) -> str:
    """The heading and one line per figure, fitted to `width` columns."""
    rows = [_row(i, f, article.text) for i, f in enumerate(figures, 1)]
    heading = f"{printable(article.doc_id)}  {len(figures)} figures"
    provinces = {r["province"] for r in rows}
    columns = ["#", "value", "unit", "q", "target", "pct", "indicator", "period", "province"]
    if len(provinces) <= 1:
        heading += f"  province: {next(iter(provinces), '') or '-'}"
        columns.remove("province")
    # A column empty for the whole article (no targets, no qualifiers) takes no room.
    columns = [c for c in columns if c in ("#", "value", "unit", "indicator") or any(r[c] for r in rows)]
    columns += ["indicator_text", "quote"]
    widths = {c: max([_width(c)] + [_width(r[c]) for r in rows]) for c in columns[:-2]}
    spare = width - sum(widths.values()) - (len(columns) - 1)
    widths["indicator_text"] = max(FLEXIBLE_MIN, spare // 2)
    widths["quote"] = max(FLEXIBLE_MIN, spare - widths["indicator_text"])
    lines = [heading, _line({c: c for c in columns}, columns, widths)]
    lines += [_line(r, columns, widths) for r in rows]
    return "\n".join(lines)


def _row(i: int, f: Figure, text: str) -> dict[str, str]:
    value = _amount(f.value, f.unit)
    if f.value_max is not None:
        value += "-" + _amount(f.value_max, f.unit)
    return {
        "#": str(i),
        "value": value,
        "unit": f.unit,
        "q": QUALIFIER_MARK.get(f.qualifier or "", f.qualifier or ""),
        "target": _amount(f.target, f.unit) if f.target is not None else "",
        "pct": _number(f.pct_of_target) if f.pct_of_target is not None else "",
        "indicator": f.indicator,
        "period": _period(f),
        "province": f.province or "",
        "indicator_text": printable(f.indicator_text),
        "quote": printable(" ".join(text[f.char_start:f.char_end].split())),
    }


def _number(x: float) -> str:
    """Vietnamese style, as the articles write it: 1.271.108, 68,67."""
    whole, _, frac = f"{x:,.6f}".rstrip("0").rstrip(".").partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")


def _amount(x: float, unit: str) -> str:
    """Money in the scale the articles use (1.271,108 tỷ), other values plain; exact either way."""
    if unit in ("VND", "USD"):
        for scale, word in _scale_words():
            if abs(x) >= scale and abs(round(x / scale, 3) * scale - x) < 0.5:
                return f"{_number(x / scale)} {word}"
    return _number(x)


def _period(f: Figure) -> str:
    start, end = f.period_start, f.period_end
    if start is None and end is None:
        return ""
    if start == end:
        return str(start)
    if start and end and start.day == 1 and (end + timedelta(days=1)).day == 1:
        months = f"{start:%Y-%m}.." + (f"{end:%m}" if start.year == end.year else f"{end:%Y-%m}")
        return months  # whole months: 2024-01..09
    if start and end and start.year == end.year:
        return f"{start}..{end:%m-%d}"
    return f"{start or ''}..{end or ''}"


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
