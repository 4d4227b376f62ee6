"""Values as people read them, the same on the terminal (`show`), the review
pages and the report: numbers written the Vietnamese way (`1.271,108`),
amounts in the article's own scale words (`1.400 tỷ`), periods in short
(`2024-01..09`), counts with their noun (`1 figure`, `2 figures`).
"""
from __future__ import annotations

from datetime import date, timedelta

from .. import rules
from ..checks.written import vn_number
from ..model import MONEY

# Money written in full ("1.400.000.000.000 đồng") is shown in the first of
# these scales it is a whole number of thousandths of.
MONEY_SCALES = (1e9, 1e6)


def number(x: float) -> str:
    """`23758.0` -> `23.758`, `68.67` -> `68,67`, `1271.108` -> `1.271,108`: exact to 6 decimals."""
    return vn_number(x, 6).rstrip("0").rstrip(",")


def scale_of(unit_text: str, r: rules.Rules | None = None) -> tuple[str, float] | None:
    """The scale word a unit is written with, as the article spells it, and its
    factor: `tỷ đồng` -> (`tỷ`, 1e9), `ngàn ha` -> (`ngàn`, 1e3)."""
    scales = (r or rules.default_rules()).numbers.scales  # longest first
    lower = unit_text.lower()
    for word, factor in scales.items():
        if lower == word or lower.startswith(word + " "):
            return unit_text[: len(word)], factor
    return None


def amount(x: float, unit: str, unit_text: str = "", r: rules.Rules | None = None) -> str:
    """A value in the article's own scale word (`1.400 tỷ` of `1.400 tỷ đồng`,
    `4,85 triệu` of `4,85 triệu lượt`); money written in full in tỷ or triệu
    when that is exact to the thousandth; anything else plain. Exact either way."""
    if unit_text and (scale := scale_of(unit_text, r)):
        word, factor = scale
        return f"{number(x / factor)} {word}"
    if unit in MONEY:
        names = (r or rules.default_rules()).numbers.scales
        for factor in MONEY_SCALES:
            word = next(w for w, v in names.items() if v == factor)  # the first listed: tỷ, triệu
            if abs(x) >= factor and abs(round(x / factor, 3) * factor - x) < 0.5:
                return f"{number(x / factor)} {word}"
    return number(x)


def quantity(x: float, unit: str, unit_text: str = "", r: rules.Rules | None = None) -> str:
    """An amount with `%` for a percentage: `68,67%`, `1.400 tỷ`, `23.758`."""
    return amount(x, unit, unit_text, r) + ("%" if unit == "percent" else "")


def period(start: date | None, end: date | None) -> str:
    """`2024-01..09` (whole months of a year), `2023-07..2024-06`, one date
    for a stock or a day, `2024-03-15..04-20`, `..2024-12-31` with no start;
    empty for none."""
    if start is None and end is None:
        return ""
    if start == end:
        return str(end)
    if start is None or end is None:
        return f"{start or ''}..{end or ''}"
    if start.day == 1 and (end + timedelta(days=1)).day == 1:
        return f"{start:%Y-%m}.." + (f"{end:%m}" if start.year == end.year else f"{end:%Y-%m}")
    if start.year == end.year:
        return f"{start}..{end:%m-%d}"
    return f"{start}..{end}"


def plural(n: int, noun: str) -> str:
    """`1 figure`, `2 figures`, `1 mismatch`, `3 mismatches` (English nouns)."""
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {noun}" + ("es" if noun.endswith(("s", "sh", "ch", "x")) else "s")
