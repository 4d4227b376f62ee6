"""A figure with a percentage: does the percentage hold against its base?

- percent_of_plan: achieved/plan against the stated percentage
  (`23.758/23.279 người, đạt 102,5% kế hoạch`: 102,06%, not 102,5%);
- share: the same for a part of a whole (`12.400/215.300 hộ, chiếm tỷ lệ
  6,76%`: 5,76%; `X lao động trên Y lao động, đạt tỷ lệ Z%`);
- plan_elsewhere: a percentage of plan whose plan was stated earlier in the
  article (the nearest earlier plan of the same indicator, unit and period);
- implied_plan: otherwise the plan a count and its percentage imply
  (`1.115 lao động, đạt 85,77% kế hoạch` -> 1.300), which is not stated, so
  unverifiable. A plan of people or households is a whole number: when no
  whole number fits, the percentage is wrong.
"""
from __future__ import annotations

import math

from ..figures.numbers import DIGITS
from ..model import Figure
from .context import Figures
from .findings import (
    IMPLIED_PLAN,
    MISMATCH,
    OK,
    PERCENT_OF_PLAN,
    PLAN_ELSEWHERE,
    SHARE,
    UNVERIFIABLE,
    Finding,
)
from .written import (
    StatedPercent,
    Written,
    amount,
    holds,
    inexact,
    percent,
    ratio_spread,
    stated_percent,
    vn_number,
    written_target,
    written_value,
)


def check_percentage(fx: Figures, i: int) -> Finding:
    """The check of figure i, which has a percentage of its target."""
    f = fx[i]
    stated = stated_percent(fx.rules, f, f.pct_of_target, fx.text)
    if f.target is not None:
        return _against_target(fx, i, stated)
    plan = plan_stated_before(fx, i)
    if plan is not None:
        return _against_plan_elsewhere(fx, i, plan, stated)
    return _implied_plan(fx, i, stated)


def _is_share(fx: Figures, i: int, stated: StatedPercent) -> bool:
    """`chiếm tỷ lệ` before the percentage, or a pair written `X trên Y`."""
    f, text = fx[i], fx.text
    if fx.rules.checks.share_word.search(text, f.char_end, stated.end):
        return True
    base = DIGITS.search(text, f.char_end, stated.end)
    return base is not None and bool(fx.rules.grammar.out_of_between.match(text[f.char_end : base.start()]))


def compare_ratio(fx: Figures, kind: str, indices: list[int], span: tuple[int, int], part: tuple[float, Written],
                  base: tuple[float, Written], stated: StatedPercent, of: list[Figure], notes: str = "ratio",
                  **params: str) -> Finding:
    """The finding of a stated percentage against part/base (each a value and
    how it was written); `of` are the figures whose exactness it needs, and
    `notes` the family of the notes that hold or cannot be checked."""
    (x, xw), (y, yw) = part, base

    def found(status, computed, message, **more):
        return fx.finding(kind, indices, *span, status, stated.value, computed, message, **params, **more)

    if y <= 0:
        return found(UNVERIFIABLE, None, f"{kind}.zero_base")
    computed = x / y * 100
    ratio = {"pair": f"{amount(x, xw, '')}/{amount(y, yw, '')}", "result": percent(computed, max(2, stated.decimals + 1)),
             "said": percent(stated.value, stated.decimals)}
    if inexact(*of):
        return found(UNVERIFIABLE, computed, f"{notes}.approximate_figure", **ratio)
    if stated.approximate:
        return found(UNVERIFIABLE, computed, f"{notes}.approximate_percent", **ratio)
    if holds(computed, stated, ratio_spread(computed, x, xw.slack, y, yw.slack)):
        return found(OK, computed, f"{notes}.holds", **ratio)
    return found(MISMATCH, computed, f"{kind}.mismatch", **ratio)


def _against_target(fx: Figures, i: int, stated: StatedPercent) -> Finding:
    f, text = fx[i], fx.text
    kind = SHARE if _is_share(fx, i, stated) else PERCENT_OF_PLAN
    value = written_value(f, text)
    target = written_target(f, text, value.scale)
    return compare_ratio(fx, kind, [i], (fx.quote_start(i), stated.end), (f.value, value), (f.target, target), stated, [f])


# --- a plan stated elsewhere --------------------------------------------------------

def plan_stated_before(fx: Figures, i: int) -> int | None:
    """The nearest earlier figure stated as a plan (`is_plan`: "Kế hoạch năm
    2024 giải quyết việc làm cho 20.000 lao động") of the same indicator,
    unit and period as figure i, or None."""
    f = fx[i]
    if f.indicator == "other" or f.period_end is None:
        return None
    for j in range(i - 1, -1, -1):
        p = fx[j]
        if p.is_plan and p.indicator == f.indicator and p.unit == f.unit and p.period_end is not None and fx.same_period(i, j):
            return j
    return None


def _against_plan_elsewhere(fx: Figures, i: int, j: int, stated: StatedPercent) -> Finding:
    f, p, text = fx[i], fx[j], fx.text
    value, plan = written_value(f, text), written_value(p, text)
    unit = p.unit_text or f.unit_text or f.unit
    return compare_ratio(fx, PLAN_ELSEWHERE, [j, i], (fx.quote_start(i), stated.end), (f.value, value), (p.value, plan),
                         stated, [f, p], notes=PLAN_ELSEWHERE, plan=amount(p.value, plan, unit), line=str(fx.line(j)))


# --- a plan implied -------------------------------------------------------------

def _roundest(lo: float, hi: float) -> float:
    """The number of [lo, hi] with the fewest significant digits."""
    for k in range(math.floor(math.log10(max(hi, 1e-9))), -7, -1):
        step = 10.0**k
        c = math.ceil(lo / step - 1e-9) * step
        if c <= hi * (1 + 1e-12):
            return round(c, 6)
    return (lo + hi) / 2


def _implied_plan(fx: Figures, i: int, stated: StatedPercent) -> Finding:
    f, text = fx[i], fx.text
    value = written_value(f, text)
    pct = percent(stated.value, stated.decimals)

    def found(status, computed, message, **params):
        return fx.finding(IMPLIED_PLAN, [i], fx.quote_start(i), stated.end, status, None, computed, message, **params)

    if stated.value - stated.slack <= 0:
        return found(UNVERIFIABLE, None, "implied_plan.zero_percent")
    lo = (f.value - value.slack) * 100 / (stated.value + stated.slack)
    hi = (f.value + value.slack) * 100 / (stated.value - stated.slack)
    plan = _roundest(lo, hi)
    unit = f.unit_text or f.unit
    if inexact(f) or stated.approximate:
        return found(UNVERIFIABLE, plan, "implied_plan.approximate", plan=amount(plan, value, unit, 0))
    whole = f.unit in fx.rules.checks.whole_units
    if whole and math.ceil(lo - 1e-9) > hi + 1e-9:
        central = f.value * 100 / stated.value
        return found(MISMATCH, central, "implied_plan.no_whole_plan", pct=pct, amount=amount(f.value, value, unit),
                     central=vn_number(central, 2))
    if whole and hi - lo < 1:
        return found(UNVERIFIABLE, plan, "implied_plan.one_plan", plan=amount(plan, value, unit, 0),
                     amount=amount(f.value, value, unit), pct=pct)
    span = f"{amount(lo, value, '', value.decimals + 1)}-{amount(hi, value, '', value.decimals + 1)}"
    return found(UNVERIFIABLE, plan, "implied_plan.plans", plan=amount(plan, value, unit), span=span)
