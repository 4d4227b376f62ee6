"""When two statements of one figure agree.

Articles round and qualify what they say again: a title's `hơn 22.000 lao
động` is the body's 22.265, `gần 40 tỷ đồng` its 39,92 tỷ. A statement allows
a range of true values, read from how it is written, and two statements agree
when their ranges meet:

- a number with no qualifier is itself, give or take half of its last written
  digit when that is a decimal or stands before a scale word (`1,2 triệu` is
  1,15 to 1,25 triệu); a count written in full is exact (`23.758 người`, and
  `46.000 người` too: nothing says it is rounded);
- `khoảng`, `ước` (approx, estimate): one unit of its last non-zero digit
  either way, at most a tenth of the figure (`khoảng 12.000` is 11.000 to
  13.000, so 12.090 agrees);
- `hơn`, `trên` (over): up to that much above (`hơn 22.000` is 22.000 to 23.000);
- `gần`, `dưới` (under): up to that much below (`gần 40 tỷ` is 36 to 40 tỷ,
  `gần 100.000` is 90.000 to 100.000);
- a range: from its low end to its high end.

So 9.400 and 8.900 do not agree, nor 46.000 and 50.000.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..figures.numbers import DIGITS, parse_digits

APPROXIMATE = frozenset({"approx", "estimate"})
OVER, UNDER = "over", "under"
# The most a qualifier moves a figure, as a share of it: "gần 100.000" is
# not 20.000, though its last non-zero digit is the first one.
QUALIFIED_SHARE = 0.1


@dataclass(frozen=True)
class Stated:
    """The true values a statement allows."""

    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


def stated(value: float, value_max: float | None, qualifier: str | None, quote: str) -> Stated:
    """What a figure written as `quote` (`hơn 22.000 lao động`, `39,92 tỷ
    đồng`) with this value and qualifier allows."""
    half, step = _precision(value, quote)
    if value:
        step = min(step, QUALIFIED_SHARE * abs(value))
    if value_max is not None:
        return Stated(value - half, value_max + half)
    if qualifier in APPROXIMATE:
        return Stated(value - step, value + step)
    if qualifier == OVER:
        return Stated(value, value + step)
    if qualifier == UNDER:
        return Stated(value - step, value)
    return Stated(value - half, value + half)


def meet(a: Stated, b: Stated) -> bool:
    """True when some value is allowed by both."""
    return all_meet([a, b])


def all_meet(statements: list[Stated]) -> bool:
    """True when some value is allowed by all (ranges on a line meet two by
    two exactly when they all meet)."""
    if not statements:
        return True
    tolerance = 1e-9 * max(1.0, *(abs(s.high) for s in statements))
    return max(s.low for s in statements) <= min(s.high for s in statements) + tolerance


def _precision(value: float, quote: str) -> tuple[float, float]:
    """(half of the last written digit, or 0 for a count written in full;
    one unit of the last non-zero digit), in the figure's canonical unit."""
    m = DIGITS.search(quote)
    shown = parse_digits(m.group()) if m else None
    if not shown:  # spelled in words ("chín huyện"), or a zero
        return 0.0, 1.0
    scale = value / shown  # "39,92 tỷ đồng": 1e9 canonical units per written unit
    whole, _, decimals = m.group().replace(".", "").partition(",")
    if decimals.rstrip("0"):
        step = 10.0 ** -len(decimals.rstrip("0"))
    else:
        step = 10.0 ** (len(whole) - len(whole.rstrip("0")))
    half = 0.0 if not decimals and scale == 1 else 0.5 * 10.0 ** -len(decimals) * scale
    return half, step * scale
