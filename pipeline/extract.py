"""Extract the figures of one article: the pipeline's steps in order.

read -> normalise -> document (blocks, sentences, tables) -> quantities ->
units, qualifiers, targets, breakdowns -> period -> indicator -> the tables'
cells -> province -> arithmetic checks.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import rules
from .checks.arithmetic import Finding, check_figures
from .figures.breakdown import breakdown_scopes, opens_sentence
from .figures.qualifiers import qualifier_before, sentence_estimate_from
from .figures.quantities import Quantity, find_quantities
from .figures.table_figures import with_table_figures
from .figures.targets import (
    COMPARISON,
    PLAN,
    is_change_of_quantity,
    is_out_of,
    is_rate_of_pair,
    opens_target_parenthesis,
    opens_with_plan,
    plan_or_comparison,
)
from .figures.units import UnitMatch, attach_unit, in_canonical_unit, unit_named_before
from .meaning.indicator import assign_indicators
from .meaning.period import assign_periods
from .meaning.province import detect_province
from .model import TABLE, Article, Document, Figure, Sentence
from .text.document import build_document
from .text.normalise import normalise_text


def extract_text(
    text: str, doc_id: str = "", title: str | None = None, published: date | None = None, rules: rules.Rules | None = None
) -> list[Figure]:
    """The figures of one article's text, in reading order. `rules` is the
    vocabulary (default: the project's rules/ folder)."""
    return extract_article(Article(doc_id, normalise_text(text), title, published), rules)


def extract_article(article: Article, rules: rules.Rules | None = None) -> list[Figure]:
    """The figures of an article whose text is already normalised (as
    `pipeline.io.read` gives it), in reading order."""
    return extract_checked(article, rules)[0]


def extract_checked(article: Article, rules: rules.Rules | None = None) -> tuple[list[Figure], list[Finding]]:
    """The figures of an article and the findings of its arithmetic checks
    (which also set each figure's check_status and check_note)."""
    doc = build_document(article, rules)
    figures: list[Figure] = []
    for sentence in doc.sentences:
        if doc.block_of(sentence).kind == TABLE:
            continue  # its cells are read as cells, below
        figures.extend(_sentence_figures(doc, sentence, figures))
    assign_periods(doc, figures)
    assign_indicators(doc, figures)
    # A table's cells bring their period (the column's) and what they count
    # (the row's label): the meaning steps are not theirs.
    figures = with_table_figures(doc, figures)
    province = detect_province(doc)
    for figure in figures:
        figure.doc_id = article.doc_id
        if province is not None:
            figure.province, figure.province_code, figure.province_2025 = province.name, province.code, province.name_2025
    return figures, check_figures(doc.rules, figures, doc.text)


@dataclass
class _Candidate:
    q: Quantity
    unit: UnitMatch | None

    @property
    def end(self) -> int:
        return self.unit.end if self.unit else self.q.end


def _candidates(r: rules.Rules, text: str, sentence: Sentence) -> list[_Candidate]:
    out = []
    for q in find_quantities(r, sentence.text, sentence.start):
        unit = attach_unit(r, text, sentence, q)
        if (q.is_year or q.date_like) and not (unit and unit.listed):
            continue  # "năm 2024" without "năm"; "27/7 hàng năm"
        out.append(_Candidate(in_canonical_unit(q, unit), unit))
    return out


def _stays_open(text: str, start: int, pos: int) -> bool:
    """True when no parenthesis that holds `start` closes before `pos`: a
    percentage may follow its figure into parentheses ("33.500 lao động (đạt
    104,7% kế hoạch)") but not reach a part inside closed ones."""
    depth = 0
    for ch in text[start:pos]:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return True


def _sentence_figures(doc: Document, sentence: Sentence, earlier: list[Figure]) -> list[Figure]:
    r, text = doc.rules, doc.text
    candidates = _candidates(r, text, sentence)
    if not candidates:
        return []
    g = r.grammar
    base = len(earlier)
    scopes = breakdown_scopes(r, text, sentence)
    estimate_from = sentence_estimate_from(r, text, sentence.start, sentence.end, [c.q.start for c in candidates])
    figures: list[Figure] = []
    consumed: set[int] = set()

    for i, c in enumerate(candidates):
        if i in consumed:
            continue
        q = c.q
        nxt = candidates[i + 1] if i + 1 < len(candidates) else None
        percent = q.percent or (c.unit is not None and c.unit.unit == "percent")  # "0,5 điểm phần trăm"
        role = plan_or_comparison(r, text, q.value, q.start, q.end, c.end, sentence.start, sentence.end, percent)
        if role and role.role == COMPARISON:
            continue
        if role and role.role == PLAN:
            owner = _plan_owner(text, figures, base, q.start)
            if owner is not None:
                owner.pct_of_target = role.pct
                if nxt and owner.target is None and opens_target_parenthesis(text, role.plan_end, nxt.q.start):
                    if nxt.unit is None or nxt.unit.unit == owner.unit:
                        owner.target = nxt.q.value
                        consumed.add(i + 1)
            continue
        if c.unit is not None and c.unit.unit is None:
            continue  # "3 tháng", "90 tuổi": a duration or an age
        last = figures[-1] if figures else None
        if percent and last and last.target is not None and last.pct_of_target is None and is_rate_of_pair(r, text, last.char_end, q.start, c.end):
            last.pct_of_target = q.value  # "726,204/742,287 tỷ đồng, đạt tỷ lệ 97,83%"
            continue
        unit = c.unit.unit if c.unit else None
        unit_text = c.unit.unit_text if c.unit else ""
        if unit is None and g.copula_before.search(text, sentence.start, q.start):
            named = unit_named_before(r, text, _clause_start(text, sentence, q.start), q.start)
            if named:
                unit = named[0]
        part_of = _total_of(text, sentence, q.start, unit, figures, base, earlier, scopes)
        if unit is None and part_of is not None and text[sentence.start : q.start].rstrip().endswith(":"):
            total = earlier[part_of] if part_of < base else figures[part_of - base]
            unit = total.unit  # "trung cấp: 285" after "8.500/6.000 người"
        target = q.pair_of
        if target is None and nxt and nxt.unit and unit in (None, nxt.unit.unit) and is_out_of(r, text, c.end, nxt.q.start):
            unit, target = nxt.unit.unit, nxt.q.value  # "7 trong số 9 huyện", "X lao động trên Y lao động"
            unit_text = unit_text or nxt.unit.unit_text
            consumed.add(i + 1)
        if unit is None:
            continue  # a bare number with nothing to say what it counts
        if is_change_of_quantity(r, text, q.start, c.end, sentence.start, sentence.end, unit, last.unit if last else None):
            continue  # "đạt hơn 3,92 triệu tấn, tăng 42 ngàn tấn"
        if last and _restates(text, last, q, unit):
            continue  # "2.500.000.000 đồng (hai tỷ năm trăm triệu đồng)"
        if last and last.unit == unit and last.target is None and opens_with_plan(r, text, last.char_end, q.start):
            last.target = q.value  # "đạt 70,5% (KH 70%)"
            continue
        qualifier = "range" if q.value_max is not None else qualifier_before(r, text, q.start, sentence.start)
        if qualifier is None and estimate_from is not None and q.start >= estimate_from:
            qualifier = "estimate"
        figure = Figure(
            value=q.value,
            unit=unit,
            unit_text=unit_text,
            char_start=q.start,
            char_end=c.end,
            sentence=sentence.text,
            value_max=q.value_max,
            qualifier=qualifier,
            target=target,
            part_of=part_of,
            sentence_start=sentence.start,
            number_end=q.number_end,
        )
        figures.append(figure)
    return figures


def _restates(text: str, previous: Figure, q: Quantity, unit: str) -> bool:
    """A number in parentheses right after a figure, saying it again."""
    return previous.unit == unit and previous.value == q.value and text[previous.char_end : q.start].strip() == "("


def _clause_start(text: str, sentence: Sentence, pos: int) -> int:
    cut = max(text.rfind(";", sentence.start, pos), text.rfind(":", sentence.start, pos))
    return cut + 1 if cut >= 0 else sentence.start


def _plan_owner(text: str, figures: list[Figure], base: int, pos: int) -> Figure | None:
    """The figure a percentage of plan at `pos` belongs to: the nearest one
    before it in the sentence, outside any parentheses it is not in. A part of
    a total gives way to its total when the total has no percentage yet
    (`53.793 người, trong đó có 23.120 nữ, đạt 107,59% so với kế hoạch`)."""
    for figure in reversed(figures):
        if figure.pct_of_target is not None or not _stays_open(text, figure.char_start, pos):
            continue
        if figure.part_of is not None and figure.part_of >= base and figure.target is None:
            total = figures[figure.part_of - base]
            if total.pct_of_target is None:
                return total
        return figure
    return None


def _total_of(
    text: str,
    sentence: Sentence,
    pos: int,
    unit: str | None,
    figures: list[Figure],
    base: int,
    earlier: list[Figure],
    scopes: list[tuple[int, int, int]],
) -> int | None:
    """Index of the total that the number at `pos` is a part of, if any.
    Rates are not parts: percentages of sub-groups do not add up."""
    if unit == "percent":
        return None
    for marker, start, end in reversed(scopes):
        if not (start <= pos < end):
            continue
        pool = [(base + k, f) for k, f in enumerate(figures) if f.char_end <= marker]
        if not pool and opens_sentence(text, sentence, marker):
            pool = list(enumerate(earlier))[-8:]
        for index, total in reversed(pool):
            if unit == total.unit or (unit is None and total.unit != "percent"):
                return index
        return None
    return None
