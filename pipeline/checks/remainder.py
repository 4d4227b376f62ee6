"""What is left (`còn lại`, `chưa phân bổ`: rules/checks.yaml) against plan
minus used.

The plan and the amount used stand before the remainder in its block: a pair
`726,204/742,287 tỷ đồng` in its sentence or the one before, or the amount
used in its sentence (or the one before) and the nearest earlier plan of the
block ("Kế hoạch vốn năm 2024 là 40 tỷ đồng. ... đã giải ngân 25 tỷ đồng,
còn lại 14 tỷ đồng"), whose period holds theirs.
"""
from __future__ import annotations

from .context import Figures
from .findings import MISMATCH, OK, REMAINDER, UNVERIFIABLE, Finding
from .written import Written, amount, inexact, same, written_target, written_value


def check_remainders(fx: Figures) -> list[Finding]:
    return [found for i in range(len(fx)) if (found := _remainder(fx, i))]


def _reach(fx: Figures, i: int) -> list[int]:
    """Figures before figure i in its sentence or the sentence before in its
    block, nearest first."""
    here = fx[i].sentence_start
    before = [f.sentence_start for f in fx.figures[:i] if f.sentence_start < here]
    allowed = {here, max(before)} if before else {here}
    return [j for j in range(i - 1, -1, -1) if fx[j].sentence_start in allowed and fx.block(j) == fx.block(i)]


def _is_budget(fx: Figures, j: int) -> bool:
    """A whole a remainder can be left of: a figure stated as a plan or a
    budget (`kế hoạch vốn năm 2024 là ...`), or named as a whole in its
    clause (`tổng kinh phí`), and no part of another."""
    f = fx[j]
    return f.part_of is None and (f.plan is not None or bool(fx.rules.checks.amount.search(fx.text, fx.clause_start(j), f.char_start)))


def _plan_and_used(fx: Figures, i: int) -> tuple[list[int], Written, Written] | None:
    """The plan and the amount used that a remainder (figure i) is left of,
    and the figures they are."""
    f, text = fx[i], fx.text
    near = [j for j in _reach(fx, i) if fx[j].unit == f.unit]
    if not near:
        return None
    used = near[0]
    if fx[used].target is not None:
        w = written_value(fx[used], text)
        return [used], written_target(fx[used], text, w.scale), w
    plans = [
        j for j in range(used - 1, -1, -1)
        if fx.block(j) == fx.block(i) and fx[j].unit == f.unit and fx[j].target is None and _is_budget(fx, j)
    ]
    if not plans or not fx.within_period(used, plans[0]):
        return None
    plan = plans[0]
    return [plan, used], written_value(fx[plan], text), written_value(fx[used], text)


def _remainder(fx: Figures, i: int) -> Finding | None:
    f, text = fx[i], fx.text
    if f.part_of is not None or f.unit == "percent":
        return None  # a remainder among parts completes a breakdown (see parts)
    if not fx.rules.checks.remainder.search(text, fx.clause_start(i), f.char_start):
        return None
    stated = written_value(f, text)
    unit = f.unit_text or f.unit

    def found(status, computed, message, indices=(), **params):
        involved = [*indices, i]
        return fx.finding(REMAINDER, involved, fx.quote_start(involved[0]), f.char_end, status, f.value, computed,
                          message, **params)

    reference = _plan_and_used(fx, i)
    if reference is None:
        return found(UNVERIFIABLE, None, "remainder.alone")
    indices, plan, used = reference
    computed = plan.value - used.value
    decimals = max(stated.decimals, plan.decimals, used.decimals)

    def amount_of(x):
        return amount(x, stated, unit, decimals)

    if inexact(f, *(fx[j] for j in indices)):
        return found(UNVERIFIABLE, computed, "remainder.approximate", indices)
    if computed < 0 or f.value > plan.value + plan.slack:
        # "Số hộ nghèo còn lại của tỉnh là 5.000 hộ" after "1.000/1.200 hộ thoát nghèo"
        return found(UNVERIFIABLE, computed, "remainder.of_something_else", indices)
    difference = {"plan": amount_of(plan.value), "used": amount_of(used.value), "result": amount_of(computed)}
    if abs(computed - f.value) <= stated.slack + plan.slack + used.slack + 1e-9 * f.value:
        if same(computed, f.value):
            return found(OK, computed, "remainder.holds", indices, **difference)
        return found(OK, computed, "remainder.rounds", indices, said=amount_of(f.value), **difference)
    return found(MISMATCH, computed, "remainder.mismatch", indices, said=amount_of(f.value), **difference)
