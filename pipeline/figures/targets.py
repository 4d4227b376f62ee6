"""Plans and comparisons around a figure (rules/figures.yaml).

- `đạt 85,77% kế hoạch` is the percentage of plan of the figure before it
  (`vượt 58,6% kế hoạch` = 158,6; `gấp 2 lần kế hoạch` = 200), and a number
  in parentheses right after (`kế hoạch năm 2024 (24.000 người)`) its target;
- `đạt tỷ lệ 97,83%` right after a pair `726,204/742,287` is that pair's;
- `tăng 8,4% so với cùng kỳ`, `bằng 119% so với cùng kỳ`, `(cùng kỳ 6,73%)`,
  `tăng hơn 400 lao động so với cùng kỳ` compare with another period: no rows;
- the change of an amount of anything but people or households after a
  figure in its unit (`đạt hơn 3,92 triệu tấn, tăng 42 ngàn tấn`) is none either;
- `X lao động trên Y lao động` is X with target Y, and `70,5% (KH 70%)` is
  70,5 with target 70.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .. import rules
from .qualifiers import qualifier_run

PLAN = "plan"
COMPARISON = "comparison"
# How far before and after a number its words are read (characters).
_REACH = 160


@dataclass(frozen=True)
class PercentRole:
    role: str  # PLAN or COMPARISON
    pct: float | None = None  # the percentage of plan, for PLAN
    plan_end: int = 0  # end of the plan words ("kế hoạch"), for PLAN


def plan_or_comparison(
    r: rules.Rules,
    text: str, value: float, start: int, number_end: int, end: int, floor: int, ceiling: int, percent: bool
) -> PercentRole | None:
    """What a quantity is if not a figure: its number ends at `number_end`,
    its unit at `end`."""
    g = r.grammar
    # The words read lie near the number: windows keep the work per number
    # bounded however long the sentence.
    hi = min(ceiling, end + _REACH)
    head = qualifier_run(r, text, start, floor)[0]
    lo = max(floor, head - _REACH)
    if percent:
        plan = g.plan_after.match(text, end, hi)
        if plan:
            # "vượt" is also a qualifier word, so look right before the number
            exceed = g.exceed_before.search(text, max(floor, start - _REACH), start)
            return PercentRole(PLAN, value + 100 if exceed else value, plan.end())
        if g.comparison_after.match(text, end, hi) or g.increase_before.search(text, lo, head) or g.same_period_before.search(text, lo, head):
            return PercentRole(COMPARISON)
        return None
    times = g.times_after.match(text, number_end, hi)
    plan = times and g.multiple_before.search(text, lo, head) and g.plan_after.match(text, times.end(), hi)
    if plan:
        return PercentRole(PLAN, value * 100, plan.end())
    comparison = g.comparison_after.match(text, end, hi)
    if comparison and (g.increase_before.search(text, lo, head) or g.same_period_before.search(comparison.group(0))):
        return PercentRole(COMPARISON)
    if g.increase_before.search(text, lo, head) and g.restated_comparison.match(text, end, hi):
        return PercentRole(COMPARISON)  # "tăng 23.400 lao động ..., tương đương tăng 13% so với cùng kỳ"
    return None


def is_change_of_quantity(r: rules.Rules, text: str, start: int, end: int, floor: int, ceiling: int, unit: str, previous_unit: str | None) -> bool:
    """`tăng 42 ngàn tấn` after `3,92 triệu tấn`, `(giảm 18,4 ngàn ha) so năm
    2017`: the change of an amount against an earlier time, not a figure. A
    change of people or households (`giảm 5.842 hộ`) is one: they left or
    entered a state. `previous_unit` is the unit of the sentence's figure
    before."""
    g = r.grammar
    if unit == "percent" or unit in g.state_units:
        return False
    before = text[floor : qualifier_run(r, text, start, floor)[0]]
    if not (g.increase_before.search(before) or g.decrease_before.search(before)):
        return False
    return unit == previous_unit or bool(g.comparison_after.match(text, end, ceiling))


_CLAUSE_END = regex.compile(r"\s*(?:[.;)]|,\s*(?:\p{Ll}|$)|$)")


def is_rate_of_pair(r: rules.Rules, text: str, pair_end: int, percent_start: int, percent_end: int) -> bool:
    """The percent belongs to the pair before it: right after it
    (`726,204/742,287 tỷ đồng, đạt tỷ lệ 97,83%`), or closing the pair's
    clause after `đạt` (`1.245/1.300 hộ đã nhận tiền hỗ trợ, đạt 95,77%.`)."""
    g = r.grammar
    between = text[pair_end:percent_start]
    if g.rate_of_pair_between.match(between):
        return True
    return ";" not in between and bool(g.rate_of_pair_before.search(between)) and closes_clause(text, percent_end)


def closes_clause(text: str, pos: int) -> bool:
    """True when a clause ends at `pos`: a full stop, `;`, `)`, the end, or a
    comma before a new clause."""
    return bool(_CLAUSE_END.match(text, pos))


def opens_with_plan(r: rules.Rules, text: str, floor: int, start: int) -> bool:
    """`70,5% (KH 70%)`, `(kế hoạch 6.400 người)`: a plan in parentheses."""
    return bool(r.grammar.plan_opening.search(text, floor, start))


def is_out_of(r: rules.Rules, text: str, first_end: int, second_start: int) -> bool:
    """`X lao động trên Y lao động`."""
    return bool(r.grammar.out_of_between.match(text[first_end:second_start]))


_PLAN_TAIL = regex.compile(r"^[^()\d;,.]*(?:\d{4}[^()\d;,.]*)?\(\s*$")


def opens_target_parenthesis(text: str, plan_end: int, number_start: int) -> bool:
    """`đạt 76% kế hoạch năm 2024 (24.000 người)`: the number in parentheses
    after a percentage of plan is the plan itself."""
    return bool(_PLAN_TAIL.match(text[plan_end:number_start]))
