"""The figures of a sentence: its quantities, each read by named rules.

Each quantity of a sentence (`figures.quantities`) with the unit after it
(`figures.units`) becomes a draft figure. The rules of `FIGURE_RULES` then
read it in order, as Duckling's rules read a numeral: each is named after
the phrasing it recognises and either leaves the draft to the next rule,
refines it (a unit named earlier in the clause, the total it is a part of,
the plan it is "out of"), or ends it — the quantity is no figure
(`NOT_A_FIGURE`: a comparison with another period, a duration, a bare number)
or belongs to a figure before it (`ATTACHED`: a percentage of plan, a target
in parentheses, a restatement). A draft that passes every rule is a figure.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from typing import Callable

from .. import rules
from ..meaning.time_phrases import find_time_phrases
from ..model import LIST_ITEM, Document, Figure, Sentence
from .breakdown import opens_sentence, sentence_scopes
from .qualifiers import qualifier_before, qualifier_run, sentence_estimate_from
from .quantities import Quantity, find_quantities
from .targets import (
    COMPARISON,
    PLAN,
    closes_clause,
    is_change_of_quantity,
    is_out_of,
    is_rate_of_pair,
    opens_target_parenthesis,
    opens_with_plan,
    plan_or_comparison,
)
from .units import UnitMatch, attach_unit, in_canonical_unit, unit_named_before

NOT_A_FIGURE = "not a figure"
# How far before a bare number the words that name what it counts are read (characters).
_REACH = 160
ATTACHED = "attached to the figure before"


@dataclass
class Candidate:
    """A quantity of the sentence and the unit written after it."""

    q: Quantity
    unit: UnitMatch | None

    @property
    def end(self) -> int:
        return self.unit.end if self.unit else self.q.end

    @property
    def percent(self) -> bool:
        return self.q.percent or (self.unit is not None and self.unit.unit == "percent")  # "0,5 điểm phần trăm"


@dataclass
class Draft:
    """What the rules have read of one candidate so far."""

    index: int  # of the candidate in the sentence
    c: Candidate
    unit: str | None
    unit_text: str
    target: float | None
    role: object = None  # a percentage of plan or a comparison (figures.targets), if it is one
    part_of: int | None = None  # index of its total among the article's figures


@dataclass
class SentenceReading:
    """One sentence being read: its candidates and the figures found so far."""

    doc: Document
    sentence: Sentence
    candidates: list[Candidate]
    earlier: list[Figure]  # the article's figures of the sentences before
    figures: list[Figure] = field(default_factory=list)  # this sentence's, so far
    consumed: set[int] = field(default_factory=set)  # candidates taken by a figure before them
    scopes: list[tuple[int, int, int]] = field(default_factory=list)
    estimate_from: int | None = None

    @property
    def r(self) -> rules.Rules:
        return self.doc.rules

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def base(self) -> int:
        """Index, among the article's figures, of this sentence's first."""
        return len(self.earlier)

    def next_candidate(self, d: Draft) -> Candidate | None:
        return self.candidates[d.index + 1] if d.index + 1 < len(self.candidates) else None

    def last(self) -> Figure | None:
        return self.figures[-1] if self.figures else None

    def figure_at(self, index: int) -> Figure:
        return self.earlier[index] if index < self.base else self.figures[index - self.base]


Rule = Callable[[SentenceReading, Draft], "str | None"]


def sentence_figures(doc: Document, sentence: Sentence, earlier: list[Figure]) -> list[Figure]:
    """The figures of one sentence, in reading order (`earlier`: the article's
    figures before it, which a breakdown opening this sentence may refer to)."""
    r, text = doc.rules, doc.text
    candidates = _candidates(doc, sentence)
    if not candidates:
        return []
    s = SentenceReading(doc, sentence, candidates, earlier)
    s.scopes = sentence_scopes(doc, sentence)
    s.estimate_from = sentence_estimate_from(r, text, sentence.start, sentence.end, [c.q.start for c in candidates])
    for i, c in enumerate(candidates):
        if i in s.consumed:
            continue
        unit = c.unit.unit if c.unit else None
        d = Draft(i, c, unit, c.unit.unit_text if c.unit else "", c.q.pair_of, _role(s, c))
        if all(rule(s, d) is None for rule in FIGURE_RULES):
            s.figures.append(_figure(s, d))
    return s.figures


def _candidates(doc: Document, sentence: Sentence) -> list[Candidate]:
    r, text = doc.rules, doc.text
    out = []
    for q in find_quantities(r, sentence.text, sentence.start):
        # A year or a date is a figure only with a unit of the rules ("2024
        # hộ"), never a noun the tagger finds: none is looked for, so a
        # sentence that holds no other number is not segmented.
        calendar = q.is_year or q.date_like
        unit = attach_unit(r, text, sentence, q, counted_noun=not calendar)
        if calendar and unit is None:
            continue  # "năm 2024" without "năm"; "27/7 hàng năm"
        if q.is_year and _closes_a_phrase_of_time(doc, sentence, q):
            continue
        out.append(Candidate(in_canonical_unit(q, unit), unit))
    return out


def _closes_a_phrase_of_time(doc: Document, sentence: Sentence, q: Quantity) -> bool:
    """A year that ends a phrase of time names that time, whatever noun opens
    the clause after it: "Đến năm 2025 hộ nghèo giảm còn 2%", "Giai đoạn
    2021-2025 huyện đã xây". Not after a word of every year ("mỗi năm 2000
    lao động" counts them), nor after a holiday or a season ("dịp Tết 1980
    suất quà" may count gifts)."""
    return any(
        p.start <= q.start and p.end == q.end and not p.occasion
        and not doc.rules.periods.per_year_before.search(doc.text, max(sentence.start, q.start - 30), q.start)
        for p in doc.time_phrases
    )


# --- the rules, in the order they read a draft ---------------------------------


def compared_with_another_period(s: SentenceReading, d: Draft) -> str | None:
    """`tăng 8,4% so với cùng kỳ`, `(cùng kỳ 6,73%)`, `tăng hơn 400 lao động so với
    cùng kỳ`: a comparison, no figure."""
    return NOT_A_FIGURE if d.role and d.role.role == COMPARISON else None


def percentage_of_plan(s: SentenceReading, d: Draft) -> str | None:
    """`đạt 85,77% kế hoạch`, `vượt 58,6% KH`, `gấp 2 lần kế hoạch`: the percentage
    of plan of the figure before it; a number in parentheses right after the
    plan words (`kế hoạch năm 2024 (24.000 người)`) is that figure's target."""
    role = d.role
    if not (role and role.role == PLAN):
        return None
    owner = _plan_owner(s, d.c.q.start)
    if owner is not None:
        owner.pct_of_target = role.pct
        nxt = s.next_candidate(d)
        if nxt and owner.target is None and opens_target_parenthesis(s.text, role.plan_end, nxt.q.start):
            if nxt.unit is None or nxt.unit.unit == owner.unit:
                owner.target = nxt.q.value
                s.consumed.add(d.index + 1)
    return ATTACHED


def duration_or_age(s: SentenceReading, d: Draft) -> str | None:
    """`3 tháng`, `90 tuổi`, `77 năm`: a noun of time or age after the number."""
    return NOT_A_FIGURE if d.c.unit is not None and d.c.unit.unit is None else None


def rate_of_the_pair(s: SentenceReading, d: Draft) -> str | None:
    """`726,204/742,287 tỷ đồng, đạt tỷ lệ 97,83%`: the pair's percentage of
    plan; and `32.640 người tham gia BHXH tự nguyện, đạt 104,2%;`, where only
    `đạt` stands between a figure and a percentage that closes its clause."""
    last = s.last()
    if not (d.c.percent and last and last.pct_of_target is None and last.unit != "percent"):
        return None
    if last.target is not None and is_rate_of_pair(s.r, s.text, last.char_end, d.c.q.start, d.c.end):
        last.pct_of_target = d.c.q.value
        return ATTACHED
    if s.r.grammar.percent_of_figure_between.match(s.text[last.char_end : d.c.q.start]) and closes_clause(s.text, d.c.end):
        last.pct_of_target = d.c.q.value
        return ATTACHED
    return None


def unit_of_the_next_number(s: SentenceReading, d: Draft) -> str | None:
    """`lần lượt là 624 và 581 người`: a bare number joined by a conjunction
    to the next counts what the next one counts."""
    nxt = s.next_candidate(d)
    if d.unit is None and nxt and nxt.unit and nxt.unit.unit and s.r.grammar.and_between.fullmatch(s.text, d.c.end, nxt.q.start):
        d.unit = nxt.unit.unit
    return None


def unit_after_a_copula(s: SentenceReading, d: Draft) -> str | None:
    """`trong đó 1.640 là lao động nông thôn`: the noun after `là` is what the
    bare number counts."""
    if d.unit is None:
        copula = s.r.grammar.copula_after.match(s.text, d.c.end)
        unit = copula and attach_unit(s.r, s.text, s.sentence, replace(d.c.q, end=copula.end() - 1))
        if unit and unit.listed and unit.unit:
            d.unit = unit.unit
    return None


def unit_named_in_the_clause(s: SentenceReading, d: Draft) -> str | None:
    """`số hộ nghèo ... là 17.185`: a bare number after a copula counts the noun
    named earlier in its clause."""
    if d.unit is None and s.r.grammar.copula_before.search(s.text, max(s.sentence.start, d.c.q.start - _REACH), d.c.q.start):
        named = unit_named_before(s.r, s.text, _clause_start(s, d.c.q.start), d.c.q.start)
        if named:
            d.unit = named[0]
    return None


def level_of_the_count_before(s: SentenceReading, d: Draft) -> str | None:
    """`Đối với hộ cận nghèo, đầu năm có 21.101 hộ. Đến cuối năm, giảm còn
    17.691`: a bare number after a level word is the new level of the last
    count of its paragraph, in that count's unit."""
    if d.unit is None and s.r.grammar.level_before.search(s.text, max(s.sentence.start, d.c.q.start - _REACH), d.c.q.start):
        before = s.figures + [f for _, f in _earlier_in_block(s, s.sentence.block)]
        counts = [f for f in before if f.unit != "percent" and f.char_end <= d.c.q.start]
        if counts:
            d.unit = max(counts, key=lambda f: f.char_start).unit
    return None


def part_of_a_breakdown(s: SentenceReading, d: Draft) -> str | None:
    """`trong đó ...`, `(Gồm: ...)`: a part of the total before the marker; a
    bare number after a label and a colon (`trung cấp: 285`) takes its unit."""
    d.part_of = _total_of(s, d.c.q.start, d.unit)
    if d.unit is None and d.part_of is not None and s.text[s.sentence.start : d.c.q.start].rstrip().endswith(":"):
        d.unit = s.figure_at(d.part_of).unit
    return None


def out_of_a_whole(s: SentenceReading, d: Draft) -> str | None:
    """`7 trong số 9 huyện`, `X lao động trên Y lao động`: X with target Y."""
    nxt = s.next_candidate(d)
    if d.target is None and nxt and nxt.unit and d.unit in (None, nxt.unit.unit) and is_out_of(s.r, s.text, d.c.end, nxt.q.start):
        d.unit, d.target = nxt.unit.unit, nxt.q.value
        d.unit_text = d.unit_text or nxt.unit.unit_text
        s.consumed.add(d.index + 1)
    return None


def bare_number(s: SentenceReading, d: Draft) -> str | None:
    """A number with nothing to say what it counts."""
    return NOT_A_FIGURE if d.unit is None else None


def change_of_an_amount(s: SentenceReading, d: Draft) -> str | None:
    """`đạt hơn 3,92 triệu tấn, tăng 42 ngàn tấn`, `(giảm 18,4 ngàn ha) so năm
    2017`: the change of an amount against an earlier time. A change of people
    or households (`giảm 5.842 hộ`) is a figure: they left or entered a state."""
    last = s.last()
    q = d.c.q
    if is_change_of_quantity(s.r, s.text, q.start, d.c.end, s.sentence.start, s.sentence.end, d.unit, last.unit if last else None):
        return NOT_A_FIGURE
    return None


def restated_in_parentheses(s: SentenceReading, d: Draft) -> str | None:
    """`2.500.000.000 đồng (hai tỷ năm trăm triệu đồng)`: the figure before, again."""
    last = s.last()
    if last and last.unit == d.unit and last.value == d.c.q.value and s.text[last.char_end : d.c.q.start].strip() == "(":
        return ATTACHED
    return None


def plan_in_parentheses(s: SentenceReading, d: Draft) -> str | None:
    """`đạt 70,5% (KH 70%)`, `(kế hoạch 6.400 người)`: the target of the figure before."""
    last = s.last()
    if last and last.unit == d.unit and last.target is None and opens_with_plan(s.r, s.text, last.char_end, d.c.q.start):
        last.target = d.c.q.value
        return ATTACHED
    return None


FIGURE_RULES: tuple[Rule, ...] = (
    compared_with_another_period,
    percentage_of_plan,
    duration_or_age,
    rate_of_the_pair,
    unit_of_the_next_number,
    unit_after_a_copula,
    unit_named_in_the_clause,
    level_of_the_count_before,
    part_of_a_breakdown,
    out_of_a_whole,
    bare_number,
    change_of_an_amount,
    restated_in_parentheses,
    plan_in_parentheses,
)


# --- helpers of the rules --------------------------------------------------------


def _role(s: SentenceReading, c: Candidate):
    q = c.q
    return plan_or_comparison(s.r, s.text, q.value, q.start, q.end, c.end, s.sentence.start, s.sentence.end, c.percent)


def _figure(s: SentenceReading, d: Draft) -> Figure:
    q = d.c.q
    qualifier = "range" if q.value_max is not None else qualifier_before(s.r, s.text, q.start, s.sentence.start)
    if qualifier is None and s.estimate_from is not None and q.start >= s.estimate_from:
        qualifier = "estimate"
    return Figure(
        value=q.value,
        unit=d.unit,
        unit_text=d.unit_text,
        char_start=q.start,
        char_end=d.c.end,
        sentence=s.sentence.text,
        value_max=q.value_max,
        qualifier=qualifier,
        target=d.target,
        part_of=d.part_of,
        sentence_start=s.sentence.start,
        number_end=q.number_end,
    )


def _clause_start(s: SentenceReading, pos: int) -> int:
    text, start = s.text, s.sentence.start
    cut = max(text.rfind(";", start, pos), text.rfind(":", start, pos))
    return cut + 1 if cut >= 0 else start



def _plan_owner(s: SentenceReading, pos: int) -> Figure | None:
    """The figure a percentage of plan at `pos` belongs to: the nearest one
    before it in the sentence, outside any parentheses it is not in. A part of
    a total gives way to its total when the total has no percentage yet
    (`53.793 người, trong đó có 23.120 nữ, đạt 107,59% so với kế hoạch`). A
    percentage that opens its sentence (`Đạt 97,5% chỉ tiêu giao, ...`) is
    the last figure's of the sentence before, in the same paragraph."""
    if not s.figures and not s.text[s.sentence.start : pos].strip(" \t-–+•*(").split()[1:]:
        before = s.earlier[-1] if s.earlier else None
        if before and before.pct_of_target is None and _block_of(s, before) == s.sentence.block:
            return before
        return None
    for figure in reversed(s.figures):
        if figure.pct_of_target is not None or s.doc.closed_between(figure.char_start, pos):
            continue
        if figure.part_of is not None and figure.part_of >= s.base and figure.target is None:
            total = s.figure_at(figure.part_of)
            if total.pct_of_target is None:
                return total
        return figure
    return None


def _total_of(s: SentenceReading, pos: int, unit: str | None) -> int | None:
    """Index of the total that the number at `pos` is a part of, if any: the
    figure before the breakdown marker whose scope holds it, in its sentence
    or, when the marker opens the sentence, in the sentences before it in the
    same paragraph; or the figure that opens a list the number's line is an
    item of; a number in parentheses right after a part is that part's. A
    total is never sought across a paragraph or a heading. Rates are not
    parts: percentages of sub-groups do not add up."""
    if unit == "percent":
        return None
    for marker, start, end in reversed(s.scopes):
        if not (start <= pos < end):
            continue
        # A parenthesis right after a part holds that part's parts: "thương
        # binh 1.800 người (còn sống 1.650 người)".
        held = s.doc.enclosing_parenthesis(pos)
        if held is not None and held[0] > start and _names_a_subset(s, held, pos):
            opened = held[0]
            part = [(s.base + k, f) for k, f in enumerate(s.figures)
                    if start <= f.char_start and f.char_end <= opened and not s.text[f.char_end : opened].strip()]
            found = _nearest_of_unit(part, unit)
            if found is not None:
                return found
        pool = [(s.base + k, f) for k, f in enumerate(s.figures) if f.char_end <= marker]
        if not pool and opens_sentence(s.text, s.sentence, marker):
            pool = _earlier_in_block(s, s.sentence.block)
        return _nearest_of_unit(pool, unit)
    if not s.figures:
        head = _list_head(s)
        if head is not None:
            pool = _earlier_in_block(s, head)
            return _nearest_of_unit(pool[-1:], unit)
    return None


def _names_a_subset(s: SentenceReading, held: tuple[int, int], pos: int) -> bool:
    """The parenthesis around the number at `pos` names some of what the
    figure before it counts, rather than a change or another time of it
    ("(tăng thêm 50 hộ)", "(năm 2023 là 1.750 người)")."""
    g, text = s.r.grammar, s.text
    opened, closed = held
    before = text[opened + 1 : qualifier_run(s.r, text, pos, opened + 1)[0]]
    return not (find_time_phrases(s.r.periods, text[opened + 1 : closed])
                or g.increase_before.search(before) or g.decrease_before.search(before))


def _nearest_of_unit(pool: list[tuple[int, Figure]], unit: str | None) -> int | None:
    for index, total in reversed(pool):
        if unit == total.unit or (unit is None and total.unit != "percent"):
            return index
    return None


def _earlier_in_block(s: SentenceReading, block: int) -> list[tuple[int, Figure]]:
    """(index, figure) of the article's earlier figures that stand in `block`."""
    b = s.doc.blocks[block]
    first = bisect.bisect_left(s.earlier, b.start, key=lambda f: f.char_start)
    last = bisect.bisect_left(s.earlier, b.end, key=lambda f: f.char_start)
    return list(enumerate(s.earlier[first:last], start=first))


def _block_of(s: SentenceReading, f: Figure) -> int:
    sentence = s.doc.sentence_at(f.char_start)
    return sentence.block if sentence else -1


def _list_head(s: SentenceReading) -> int | None:
    """The block a list item belongs under: the paragraph right before the
    list, when it opens the list with a colon ("..., trong đó:" then "+ Hộ
    nghèo ... 2.793 hộ")."""
    blocks = s.doc.blocks
    i = s.sentence.block
    if blocks[i].kind != LIST_ITEM:
        return None
    while i > 0 and blocks[i - 1].kind == LIST_ITEM:
        i -= 1
    if i == 0:
        return None
    head = blocks[i - 1]
    return head.index if s.text[head.start : head.end].rstrip().endswith(":") else None
