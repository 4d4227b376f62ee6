"""Numbers as the article writes them, and as the notes write them back.

Every stated number is taken as rounded to its last written digit: `109,4%`
holds for 109,35..109,45, `16,024 tỷ` for 16,0235..16,0245 tỷ. A count
written in full (`23.758 người`) is exact, and so is a number spelled in
words.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .. import rules
from ..figures.numbers import DIGITS, parse_digits
from ..figures.qualifiers import qualifier_run
from ..model import Figure

INEXACT = frozenset({"approx", "over", "under", "range"})


@dataclass(frozen=True)
class Written:
    """A stated number and the rounding its writing allows."""

    value: float  # in the canonical unit
    slack: float  # half a unit of its last written digit; 0 for a count written in full
    scale: float  # canonical units per written unit (1e9 for "tỷ đồng")
    decimals: int


def _written_at(m: regex.Match, scale: float) -> Written:
    digits = m.group()
    decimals = len(digits.partition(",")[2])
    value = parse_digits(digits, scale)
    exact = decimals == 0 and scale == 1
    return Written(value, 0.0 if exact else 0.5 * 10**-decimals * scale, scale, decimals)


def same(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b))


def written_value(f: Figure, text: str) -> Written:
    """The figure's own number as written."""
    m = DIGITS.search(text, f.char_start, f.char_end)
    shown = parse_digits(m.group()) if m else None
    if not shown:
        return Written(f.value, 0.0, 1.0, 0)
    return _written_at(m, f.value / shown)


def target_match(f: Figure, text: str, scale: float) -> regex.Match | None:
    """Where the plan of a figure is written: the `Y` of `X/Y`, or the
    `24.000` of `(24.000 người)` after it; None when not in its sentence."""
    end = f.sentence_start + len(f.sentence)
    own = DIGITS.search(text, f.char_start, f.char_end)
    for m in DIGITS.finditer(text, own.end() if own else f.char_start, end):
        if same(parse_digits(m.group(), scale), f.target):
            return m
    return None


def written_target(f: Figure, text: str, scale: float) -> Written:
    """The plan of a figure, from `X/Y` or from `(24.000 người)` after it."""
    m = target_match(f, text, scale)
    return _written_at(m, scale) if m else Written(f.target, 0.0, scale, 0)


def inexact(*figs: Figure) -> bool:
    """Whether any of the figures is approximate (`khoảng`, `trên`, `gần`, a range)."""
    return any(f.qualifier in INEXACT or f.value_max is not None for f in figs)


_PERCENT_SIGN = regex.compile(r"[ \t]*%")


@dataclass(frozen=True)
class StatedPercent:
    value: float  # percent (of plan: `vượt 58,6%` is 158,6)
    slack: float
    decimals: int
    end: int  # end of the percentage in the text
    approximate: bool  # `đạt gần 127%`, `đạt hơn 100%`


def stated_percent(r: rules.Rules, f: Figure, pct: float, text: str) -> StatedPercent:
    """Where a figure's percentage `pct` is written after it, and its
    precision: `đạt 85,77%`, `vượt 58,6%` (= 158,6), `gấp 2 lần` (= 200, to
    half a time)."""
    g = r.grammar
    for m in DIGITS.finditer(text, f.char_end, f.sentence_start + len(f.sentence)):
        n = parse_digits(m.group())
        decimals = len(m.group().partition(",")[2])
        if (sign := _PERCENT_SIGN.match(text, m.end())) and (same(n, pct) or same(n + 100, pct)):
            # "vượt 45%" exceeds by 45: a qualifier only before "vượt" ("vượt hơn 45%")
            exceed = g.exceed_before.search(text, f.char_end, m.start()) if same(n + 100, pct) else None
            start = exceed.start() if exceed else m.start()
            return StatedPercent(pct, 0.5 * 10**-decimals, decimals, sign.end(), _approximate(r, text, start, f.char_end))
        if (word := g.times_after.match(text, m.end())) and same(n * 100, pct):
            return StatedPercent(pct, 50 * 10**-decimals, max(0, decimals - 2), word.end(), _approximate(r, text, m.start(), f.char_end))
    decimals = len(f"{pct:.6f}".rstrip("0").partition(".")[2])
    return StatedPercent(pct, 0.5 * 10**-decimals, decimals, f.char_end, False)


def _approximate(r: rules.Rules, text: str, start: int, floor: int) -> bool:
    return qualifier_run(r, text, start, floor)[1] in INEXACT


def percent_figure(f: Figure, text: str) -> StatedPercent:
    """A percentage that is a figure of its own (`đạt tỷ lệ 85%`)."""
    decimals = written_value(f, text).decimals
    return StatedPercent(f.value, 0.5 * 10**-decimals, decimals, f.char_end, inexact(f))


def holds(computed: float, stated: StatedPercent, spread: float = 0.0) -> bool:
    """Whether a recomputed percentage rounds to the stated one, given the
    `spread` the rounding of the numbers it was computed from allows."""
    return abs(computed - stated.value) <= stated.slack + spread + 1e-9 * stated.value


def ratio_spread(computed: float, part: float, part_slack: float, base: float, base_slack: float) -> float:
    """How far the rounding of part and base moves the percentage part/base."""
    return computed * (part_slack / max(part, 1e-12) + base_slack / base)


# --- as the notes write them ----------------------------------------------------

def vn_number(x: float, decimals: int = 0) -> str:
    """`16083.5` -> `16.083,5`: the article's own way of writing numbers."""
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(x: float, decimals: int) -> str:
    """A percentage to `decimals` places, without trailing zeros: `240%`, `102,06%`."""
    return vn_number(x, decimals).rstrip("0").rstrip(",") + "%" if decimals else vn_number(x) + "%"


def amount(x: float, w: Written, unit_text: str, decimals: int | None = None) -> str:
    """`x` in the unit `w` was written in: `16,083 tỷ đồng`."""
    shown = vn_number(x / w.scale, w.decimals if decimals is None else decimals)
    return f"{shown}{unit_text}" if unit_text.startswith("%") else f"{shown} {unit_text}".strip()
