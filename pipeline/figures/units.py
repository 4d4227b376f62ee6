"""Attach the unit or counted noun after a quantity (rules/units.yaml).

"15.701 người" -> person; "16,1 tỷ đồng" -> VND ("tỷ đồng"); "54 phiên" ->
count. A noun that is in no list but is a noun to underthesea's tagger is a
count ("27 dự án"); a noun of time or age ("3 tháng", "90 tuổi") makes the
number no figure at all. A unit that is a multiple of a canonical one
multiplies the number ("62,5 tạ/ha" is 6 250 kg).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from .. import rules
from ..model import Sentence
from ..text.words import words_of
from .quantities import Quantity

NOUN_TAGS = frozenset({"N", "Nc", "Nu", "Ny", "Nb"})
_PER = regex.compile(r"/(\p{L}+)")  # "15 kg/khẩu", "0,76%/năm"


@dataclass(frozen=True)
class UnitMatch:
    unit: str | None  # canonical unit; None for a time noun (no figure)
    unit_text: str  # as written, with the scale word ("tỷ đồng")
    end: int  # end of the unit in the article text
    listed: bool  # from rules/units.yaml rather than guessed from the tagger
    factor: float = 1.0  # the written unit in canonical ones ("tạ": 100 kg)


def attach_unit(r: rules.Rules, text: str, sentence: Sentence, q: Quantity, counted_noun: bool = True) -> UnitMatch | None:
    """The unit written after `q`, or None when no unit or noun follows.
    `counted_noun=False`: a unit of rules/units.yaml only, without asking the
    tagger for the noun after `q` (which segments the sentence)."""
    u = r.units
    scale = " ".join(q.scale_text.split())
    if q.percent:
        return _per(u, text, UnitMatch("percent", q.percent_text, q.end, True))
    m = u.starts.match(text, q.end, min(len(text), q.end + 60))
    if m:
        written = m.group(1)
        key = " ".join(written.lower().split())
        end = m.start(1) + len(written)
        if key in u.time_nouns:
            return UnitMatch(None, written, end, True)
        if key in u.by_text:
            unit_text = f"{scale} {written}" if scale else written
            return _per(u, text, UnitMatch(u.by_text[key], unit_text, end, True, u.factor.get(key, 1.0)))
        # a listed non-unit ("hộ khẩu", "ca sĩ"): the tagger decides below
    if not counted_noun:
        return None
    noun = _noun_at(text, sentence, q.end)
    if noun is None:
        return None
    start, word = noun
    unit_text = f"{scale} {word}" if scale else word
    return UnitMatch("count", unit_text, start + len(word), False)


def _per(u, text: str, match: UnitMatch) -> UnitMatch:
    m = _PER.match(text, match.end, match.end + 30)
    if not m or (m.group(1).lower() in u.time_nouns and match.unit != "percent"):
        # "1.400 tỷ đồng/năm" stays "tỷ đồng": a rate per year is not a new unit
        return match
    return replace(match, unit_text=match.unit_text + m.group(), end=m.end())


def in_canonical_unit(q: Quantity, unit: UnitMatch | None) -> Quantity:
    """`q` counted in its canonical unit: "62,5 tạ" is 6 250 (kg)."""
    if unit is None or unit.factor == 1.0:
        return q
    times = unit.factor
    return replace(
        q,
        value=q.value * times,
        value_max=None if q.value_max is None else q.value_max * times,
        pair_of=None if q.pair_of is None else q.pair_of * times,
    )


def _noun_at(text: str, sentence: Sentence, pos: int) -> tuple[int, str] | None:
    """The word underthesea tags as a common noun right after `pos`."""
    gap = regex.match(r"[ \t]*", text[pos:]).end()
    if gap == 0 or pos + gap >= sentence.end:
        return None
    start = pos + gap - sentence.start
    for token in words_of(sentence.text):
        if token.idx == start:
            return (pos + gap, token.text) if token.tag in NOUN_TAGS and token.text[:1].islower() else None
        if token.idx > start:
            break
    return None


def units_named(r: rules.Rules, text: str, start: int, end: int) -> list[tuple[str, str]]:
    """The listed counted nouns in text[start:end] ("Số trạm y tế" -> count,
    "trạm"), in order, as (canonical unit, written); rates and money left out."""
    u = r.units
    found = []
    for m in regex.finditer(r"(?<![\p{L}\p{N}])\p{L}", text[start:end]):
        unit = u.starts.match(text, start + m.start(), end)
        if unit:
            key = " ".join(unit.group(1).lower().split())
            if u.by_text.get(key) not in (None, "percent", "VND", "USD"):
                found.append((u.by_text[key], unit.group(1)))
    return found


def unit_named_before(r: rules.Rules, text: str, start: int, end: int) -> tuple[str, str] | None:
    """The last listed counted noun in text[start:end] ("số hộ nghèo ... là")."""
    found = units_named(r, text, start, end)
    return found[-1] if found else None


def read_unit(r: rules.Rules, text: str, start: int, end: int) -> UnitMatch | None:
    """A unit written on its own in text[start:end], as a table gives it for a
    row ("nghìn ha", "tỷ đồng", "%", "tạ/ha"); its factor holds the scale
    word ("nghìn ha" is 1 000 hectares). None unless a listed unit opens it."""
    u = r.units
    factor = 1.0
    pos = start
    scale = u.scale_first.match(text, pos, end)
    if scale:
        factor = r.numbers.scales[" ".join(scale.group(1).lower().split())]
        pos = scale.end()
    m = u.starts.match(text, pos, end)
    if not m:
        return None
    key = " ".join(m.group(1).lower().split())
    if key not in u.by_text:
        return None
    written_from = scale.start(1) if scale else m.start(1)
    match = UnitMatch(u.by_text[key], text[written_from : m.end(1)], m.end(1), True, factor * u.factor.get(key, 1.0))
    return _per(u, text, match)
