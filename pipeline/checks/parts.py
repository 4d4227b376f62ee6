"""The parts of a breakdown against their total.

Which figure is a part of which total is the extractor's (`Figure.part_of`);
a part is checked only in its total's block and period. Parts never add up to
more than their total. They must add up to exactly the total when the
breakdown lists every part: after `gồm`, `bao gồm`, `chia ra`, with a
remainder among them (`còn lại`), or when they cover every level of a closed
set (`thành thị` and `nông thôn`); the words are in rules/checks.yaml.
Parts that count other things than their total (`2 huyện` of `1 tổ chức`)
are unverifiable unless they add up to it exactly.
Otherwise (`trong đó` may list only some) parts that fall short are
`partial`. Parts that name a group cutting across the others (`nữ`, `dân tộc
thiểu số`) may overlap and are not summed. A change is no part of a level
(`giảm 2.100 hộ`).
"""
from __future__ import annotations

import regex

from ..model import Figure
from .context import Figures
from .findings import MISMATCH, OK, PARTIAL, PARTS, UNVERIFIABLE, Finding
from .written import amount, inexact, written_value

_CLAUSE_END = regex.compile(r"[,;:()]")


def check_parts(fx: Figures) -> list[Finding]:
    totals: dict[int, list[int]] = {}
    for i in range(len(fx)):
        t = fx[i].part_of
        if t is not None and fx.block(i) == fx.block(t) and fx.same_period(i, t):
            totals.setdefault(t, []).append(i)
    return [_parts(fx, total, parts) for total, parts in totals.items()]


def _after_total(total: Figure, first: Figure) -> int:
    """Where the words between a total and its first part begin (a breakdown
    may open the next sentence: "... 15.701 người. Trong đó: ...")."""
    return total.char_end if total.sentence_start == first.sentence_start else first.sentence_start


def _last_marker(fx: Figures, total: int, first: int) -> regex.Match | None:
    """The last breakdown marker between a total and its first part."""
    f = fx[first]
    markers = list(fx.rules.checks.marker.finditer(fx.text, _after_total(fx[total], f), f.char_start))
    return markers[-1] if markers else None


def _parts_words(fx: Figures, total: int, parts: list[int], marker: regex.Match | None) -> str:
    """The words of the parts: from the marker (or the total) to the end of the
    last part's clause. Names stand before or after a number ("xây mới 556
    căn", "23.120 nữ"), so the whole stretch is read."""
    last = fx[parts[-1]]
    start = marker.end() if marker is not None else _after_total(fx[total], fx[parts[0]])
    clause_end = _CLAUSE_END.search(fx.text, last.char_end, last.sentence_start + len(last.sentence))
    return fx.text[start : clause_end.start() if clause_end else last.sentence_start + len(last.sentence)]


def _complete(fx: Figures, parts: list[int], marker: regex.Match | None, words: str) -> tuple[str, dict] | None:
    """Why the parts are every part of their total (a message and its
    parameters), or None."""
    v = fx.rules.checks
    if len(parts) < 2:
        return None  # a single part that were the whole would not be listed as a part
    if marker is not None and " ".join(marker.group(1).lower().split()) in v.exhaustive:
        return "parts.short_listed_after", {"marker": marker.group(1)}
    if v.remainder.search(words):
        return "parts.short_remainder", {}
    for levels in v.closed_sets:
        if len(levels) == len(parts) and all(level.search(words) for level in levels):
            return "parts.short_closed_set", {"levels": ", ".join(level.search(words).group(1) for level in levels)}
    return None


def _listed(fx: Figures, total: int, linked: list[int]) -> list[int]:
    """The parts a breakdown lists: those the extractor linked to its total,
    within the breakdown's scope (pipeline.figures.breakdown: to the `;` that
    closes its clause, or past it in a list), up to a number larger than the
    total, which cannot be a part of it."""
    t, text = fx[total], fx.text
    limit = t.value + written_value(t, text).slack
    listed = [linked[0]]
    for k in linked[1:]:
        if fx[k].value > limit + written_value(fx[k], text).slack:
            break
        listed.append(k)
    return listed


def _unit_words(fx: Figures, k: int) -> str:
    """The unit as the article writes it: a bare number's is its total's
    ("thương binh: 820 (còn sống 700)" counts the total's người)."""
    while not fx[k].unit_text and fx[k].part_of is not None:
        k = fx[k].part_of
    return fx[k].unit_text or fx[k].unit


def _parts(fx: Figures, total: int, linked: list[int]) -> Finding:
    t, text = fx[total], fx.text
    marker = _last_marker(fx, total, linked[0])
    parts = _listed(fx, total, linked)
    members = [fx[k] for k in parts]
    indices = [total, *parts]
    tw = written_value(t, text)
    written = [written_value(f, text) for f in members]
    unit = _unit_words(fx, total)
    decimals = max([tw.decimals] + [w.decimals for w in written])

    def amount_of(x):
        return amount(x, tw, unit, decimals)

    def found(status, computed, message, **params):
        return fx.finding(PARTS, indices, fx.quote_start(total), max(f.char_end for f in members), status, t.value,
                          computed, message, **params)

    total_sum = sum(f.value for f in members)
    if inexact(t, *members):
        return found(UNVERIFIABLE, total_sum, "parts.approximate")
    if any(fx.is_change(k) != fx.is_change(total) for k in parts):
        return found(UNVERIFIABLE, None, "parts.change_and_level")
    slack = tw.slack + sum(w.slack for w in written)
    if abs(total_sum - t.value) > slack and not all(fx.same_things(k, total) for k in parts):
        return found(UNVERIFIABLE, total_sum, "parts.other_things", things=", ".join(
            sorted({fx[k].unit_text for k in parts if not fx.same_things(k, total)})), total=amount_of(t.value))
    if members[0].value > t.value + written[0].slack + tw.slack:
        return found(MISMATCH, members[0].value, "parts.part_over_total", part=amount_of(members[0].value),
                     total=amount_of(t.value))
    words = _parts_words(fx, total, parts, marker)
    if len(parts) > 1 and fx.rules.checks.overlapping.search(words):
        largest = max(f.value for f in members)
        return found(PARTIAL, total_sum, "parts.overlapping", total=amount_of(t.value), largest=amount_of(largest),
                     rest=amount_of(t.value - largest))
    sums = {"sum": amount_of(total_sum), "total": amount_of(t.value)}
    if total_sum > t.value + slack:
        return found(MISMATCH, total_sum, "parts.over_total", **sums)
    if abs(total_sum - t.value) <= slack:
        return found(OK, total_sum, "parts.add_up", **sums)
    complete = _complete(fx, parts, marker, words)
    if complete:
        message, params = complete
        return found(MISMATCH, total_sum, message, **sums, **params)
    message = "parts.partial" if len(parts) > 1 else "parts.one_part"
    return found(PARTIAL, total_sum, message, rest=amount_of(t.value - total_sum), **sums)
