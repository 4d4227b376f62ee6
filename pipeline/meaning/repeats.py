"""The links between an article's figures, as dataset ids: the total a part
belongs to, and the earlier mention a figure repeats.

An article says its main figures more than once: in the title, a heading or
a caption, in the lead, and again in the body, often rounded the first time
(`hơn 22.000 lao động` in the title, 22.265 in the body). A later mention of
the same figure points at the first one (`repeat_of`), so that summing the
figures with no `part_of` and no `repeat_of` counts each figure once.

Two mentions are of the same figure when they stand in different blocks,
one of them in the article's summary (its title, a heading, a caption, the
lead, or a first line before the lead, where a title stands), and say the same
thing of the same thing: one unit, indicator, period and
plan-or-achievement, plans agreeing where both state one, the same counted
noun for a plain count (`50 phiên` is not `50 địa điểm`), and values that
agree within what their writing allows (`pipeline.checks.agreement`). Two passages of the body with equal figures
(`Huyện Đại Lộc hỗ trợ 50 hộ ...`, `Huyện Duy Xuyên hỗ trợ 50 hộ ...`) are
more often two figures than one. A figure of no indicator (`other`) says
too little of what it counts to be matched so loosely: it repeats only a
headline (the title, a heading, a caption or a first line before the lead)
in the same counted noun or unit words.

A mention can also repeat a figure with a different value, which is a
mistake of the article: when the summary states a figure that one other
block, and only one, states in the same words of the same thing and within
a tenth of its value, the later mention is the earlier one's repeat though
their values disagree (`check` reports it as a conflict). Farther apart, or
for figures of no indicator, they are more likely two figures whose
difference the steps did not see.

A figure stated first on its own (a title's `22.000 lao động trong tỉnh`)
and again as a part of a total takes that total as its own, so that it is
not counted beside the total it is part of.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..checks.agreement import meet, stated
from ..model import CAPTION, HEADING, TITLE, Document, Figure

_HEADLINE_KINDS = (TITLE, HEADING, CAPTION)
_COUNTED_NOUN_UNITS = ("count",)  # units that say nothing of what is counted
# How far apart, as a share of the larger, a misstated repeat may be.
MISSTATED_SHARE = 0.1


def link_repeats(doc: Document, figures: list[Figure]) -> None:
    """Set every figure's quote, `total_id` and `repeat_of`."""
    for f in figures:
        f.quote = doc.text[f.char_start : f.char_end]
        f.total_id = figures[f.part_of].figure_id if f.part_of is not None else None
        f.repeat_of = None
    places = [_place(doc, f) for f in figures]
    first: dict[int, int] = {}  # a repeat's index -> its first mention's
    # A repeat shares its first mention's key, and one of the two stands in
    # the summary: only those mentions are compared, so the work stays linear
    # in the figures however many there are.
    seen: dict[tuple, list[int]] = {}  # key -> first mentions so far
    in_summary: dict[tuple, list[int]] = {}  # key -> first mentions so far in the summary
    spans = _block_spans(places)
    for i, f in enumerate(figures):
        key = _key(f)
        pool = seen.get(key, []) if places[i].summary else in_summary.get(key, [])
        before = pool[: bisect.bisect_left(pool, spans[places[i].block][0])]  # not in its own block
        j = next((j for j in before if _same_figure(figures, places, j, i) and _agree(figures[j], f)), None)
        if j is not None:
            first[i] = j
            continue
        seen.setdefault(key, []).append(i)
        if places[i].summary:
            in_summary.setdefault(key, []).append(i)
    for i, j in list(_disagreeing_repeats(figures, places, first)):
        first[i] = j
    for i, j in first.items():
        f, original = figures[i], figures[j]
        f.repeat_of = original.figure_id
        if original.total_id is None and f.total_id is not None and f.part_of != j:
            original.total_id = f.total_id


@dataclass(frozen=True)
class _Place:
    block: int  # the index of the block a figure stands in
    headline: bool  # the title, a heading, a caption or the first line before the lead
    summary: bool  # a headline or the lead


def _place(doc: Document, f: Figure) -> _Place:
    block = doc.block_of(doc.sentence_at(f.char_start))
    # a title may read as a paragraph; a first line that is the lead is none
    headline = block.kind in _HEADLINE_KINDS or (block.index == 0 and not block.lead)
    return _Place(block.index, headline, headline or block.lead)


def _agree(a: Figure, b: Figure) -> bool:
    return meet(stated(a.value, a.value_max, a.qualifier, a.quote), stated(b.value, b.value_max, b.qualifier, b.quote))


def _block_spans(places: list[_Place]) -> dict[int, tuple[int, int]]:
    """Block -> the range of indices of its figures (figures are in reading order)."""
    spans: dict[int, tuple[int, int]] = {}
    for i, place in enumerate(places):
        spans[place.block] = (spans.get(place.block, (i, i))[0], i + 1)
    return spans


def _key(f: Figure) -> tuple:
    """What two mentions of one figure share (see _same_figure)."""
    return f.unit, f.indicator, f.period_start, f.period_end, f.is_plan


def _same_figure(figures: list[Figure], places: list[_Place], j: int, i: int) -> bool:
    """Whether figure i, after figure j, can be a mention of the same figure
    (values aside)."""
    a, b = figures[j], figures[i]
    if places[j].block == places[i].block or not (places[j].summary or places[i].summary):
        return False
    if (a.unit, a.indicator, a.period_start, a.period_end, a.is_plan) != (b.unit, b.indicator, b.period_start, b.period_end, b.is_plan):
        return False
    if a.target is not None and b.target is not None and abs(a.target - b.target) > 1e-9 * max(1.0, abs(a.target)):
        return False  # "1.200/700 người" and "1.200/500 người"
    if a.indicator == "other":
        return places[j].headline and _same_noun(a.unit_text, b.unit_text)
    if a.unit in _COUNTED_NOUN_UNITS:
        return _same_noun(a.unit_text, b.unit_text)
    return True


def _same_noun(a: str, b: str) -> bool:
    """`phiên giao dịch` and `phiên` count the same thing; `công trình` and `dự án` do not."""
    a_words, b_words = a.lower().split(), b.lower().split()
    n = min(len(a_words), len(b_words))
    return n > 0 and a_words[:n] == b_words[:n]


def _disagreeing_repeats(figures: list[Figure], places: list[_Place], first: dict[int, int]):
    """(i, j) for a figure i that repeats figure j in the same words but with
    another value: the only two first mentions of that figure in the article."""
    firsts = [k for k in range(len(figures)) if k not in first]
    by_key: dict[tuple, list[int]] = {}
    summary: dict[tuple, list[int]] = {}
    for k in firsts:
        by_key.setdefault(_key(figures[k]), []).append(k)
        if places[k].summary:
            summary.setdefault(_key(figures[k]), []).append(k)

    spans = _block_spans(places)

    def alike_to(j: int) -> list[int]:
        """The other first mentions that may be figure j said again: one of the
        two is in the summary, and they stand in different blocks."""
        pool = by_key[_key(figures[j])] if places[j].summary else summary.get(_key(figures[j]), [])
        start, end = spans[places[j].block]
        others = pool[: bisect.bisect_left(pool, start)] + pool[bisect.bisect_left(pool, end) :]
        return [k for k in others if _same_figure(figures, places, min(k, j), max(k, j))]

    for j in firsts:
        a = figures[j]
        if a.indicator == "other":
            continue
        alike = alike_to(j)
        later = [i for i in alike if i > j and figures[i].unit_text.lower() == a.unit_text.lower()]
        if len(later) != 1:
            continue
        i = later[0]
        if abs(figures[i].value - a.value) > MISSTATED_SHARE * max(abs(figures[i].value), abs(a.value)):
            continue
        if not [k for k in alike if k != i]:
            yield i, j
