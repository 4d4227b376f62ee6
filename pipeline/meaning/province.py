"""The province an article reports on (docs/dataset.md: `province`).

The gazetteer is underthesea's administrative data (`underthesea/address`:
the 63 provinces before the 1 July 2025 merger with their codes, their
districts and wards, and the province each belongs to after it).
rules/provinces.yaml adds what that data lacks: aliases and abbreviations,
outlet tags, and the words around a name that tell the article's own province
from one named in passing.

Every mention is evidence, weighed by where it stands: a title or an outlet
tag counts most, then a name after a place word or a provincial body
(`tỉnh Lâm Đồng`, `Sở LĐ-TB&XH Quảng Nam`), then a plain mention, with a
little more in the lead. A name in a list of neighbours or destinations
(`thăm các tỉnh Điện Biên, Ninh Bình`) or in parentheses (`(tỉnh Thanh Hóa)`)
counts nothing. Only when the article names no province do its districts and
communes decide (`huyện Lâm Hà` -> Lâm Đồng), and a name that several
provinces share decides nothing.
"""
from __future__ import annotations

import bisect
import importlib.util
import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from .. import rules
from ..model import TITLE as TITLE_BLOCK
from ..model import Document
from ..rules import WORD_EDGE_AFTER, WORD_EDGE_BEFORE, alternation, first_word
from ..text.normalise import fold, normalise_text

_SCHEMA = {
    "canonical": {str: str},
    "aliases": {str: [str]},
    "needs_place_word": [str],
    "not_places": [str],
    "outlet_tags": {str: str},
    "outlet_domain_prefixes": [str],
    "place_words": [str],
    "province_bodies": [str],
    "smaller_place_words": [str],
    "passing_cues": [str],
    "list_joiners": [str],
    "district_words": [str],
    "ward_words": [str],
}

# Weights of one mention, by where it stands.
TITLE = 4  # in the title or the lines above the lead
TAG = 4  # an outlet's tag or site
PLACE_WORD = 2  # after tỉnh / TP / a provincial body
MENTION = 1  # any mention that is not in passing
LEAD = 1  # extra for a mention in the lead paragraph

# How far before a name its context is read.
_CONTEXT_CHARS = 120


@dataclass(frozen=True)
class ProvinceMatch:
    name: str  # canonical pre-2025 short name ("Quảng Nam", "Thừa Thiên Huế")
    code: str  # two-digit official code ("49")
    name_2025: str  # the province it belongs to after 1 July 2025 ("Đà Nẵng")


@lru_cache(maxsize=1)
def _mapping() -> dict:
    # Found without importing underthesea, which is slow to import.
    package = importlib.util.find_spec("underthesea").submodule_search_locations[0]
    return json.loads((Path(package) / "address" / "data" / "mapping.json").read_text(encoding="utf-8"))


def _fold(name: str) -> str:
    """Folded, letters and digits only: "Bà Rịa - Vũng Tàu" -> "bariavungtau"."""
    return "".join(c for c in fold(name) if c.isalnum())


def _strip_level(name: str, levels: list[tuple[str, int]]) -> str:
    """"Huyện Lâm Hà" -> "Lâm Hà" (the level word is matched in the text);
    `levels`: each level word in lower case and a blank, longest first, with
    how many characters of the name it takes."""
    lower = name.lower()
    for prefix, length in levels:
        if lower.startswith(prefix):
            return name[length:]
    return name


def _normalised_each(names: list[str]) -> list[str]:
    """`normalise_text` of each name, in one call over them all, a line each
    (its rules read within a line), a third of the time of a call each; a
    name with a line break of its own would split: then each alone."""
    normalised = normalise_text("\n".join(names)).split("\n")
    return normalised if len(normalised) == len(names) else [normalise_text(name) for name in names]


@dataclass(frozen=True)
class _Gazetteer:
    provinces: dict[str, ProvinceMatch]  # canonical name -> match
    by_form: dict[str, str]  # written form -> canonical name
    names: regex.Pattern  # any written form of a province
    needs_place_word: frozenset[str]
    not_places: regex.Pattern
    tags: dict[str, str]
    tag_line: regex.Pattern
    domain: regex.Pattern
    by_folded: dict[str, str]
    place_before: regex.Pattern
    body_before: regex.Pattern
    smaller_before: regex.Pattern
    passing_before: regex.Pattern


def _words(phrases: list[str]) -> str:
    """Case-insensitive alternation; an empty list matches nothing."""
    return f"(?i:{alternation(phrases)})" if phrases else "(?!)"


def compile_gazetteer(r: rules.Rules) -> _Gazetteer:
    data = r.data("provinces", _SCHEMA)
    mapping = _mapping()
    new_names = mapping["province_names"]
    provinces: dict[str, ProvinceMatch] = {}
    by_form: dict[str, str] = {}
    for key, old in mapping["old_province_names"].items():
        name = data["canonical"].get(old["code"], normalise_text(old["short"]))
        after = normalise_text(new_names[mapping["province_mapping"][key]]["short"])
        provinces[name] = ProvinceMatch(name, old["code"], after)
        for form in {name, normalise_text(old["short"])}:
            by_form[form] = name
    codes = {p.code for p in provinces.values()}
    for code in data["canonical"]:
        if code not in codes:
            raise rules.RulesError(f"provinces.yaml: canonical: unknown province code {code!r}")
    for name, aliases in data["aliases"].items():
        if name not in provinces:
            raise rules.RulesError(f"provinces.yaml: aliases: unknown province {name!r}")
        for alias in aliases:
            by_form[normalise_text(alias)] = name
    for tag, name in data["outlet_tags"].items():
        if name not in provinces:
            raise rules.RulesError(f"provinces.yaml: outlet_tags: unknown province {name!r} for {tag}")
    by_form.update({form.upper(): name for form, name in list(by_form.items())})
    tags = {normalise_text(t): n for t, n in data["outlet_tags"].items()}
    by_folded = {_fold(form): name for form, name in by_form.items()}
    place_words = _words(data["place_words"])
    return _Gazetteer(
        provinces=provinces,
        by_form=by_form,
        names=regex.compile(rf"{WORD_EDGE_BEFORE}(?:{alternation(list(by_form))}){WORD_EDGE_AFTER}"),
        needs_place_word=frozenset(normalise_text(n) for n in data["needs_place_word"]),
        not_places=regex.compile(rf"{WORD_EDGE_BEFORE}{_words(data['not_places'])}{WORD_EDGE_AFTER}"),
        tags=tags,
        tag_line=regex.compile(rf"(?m)^[ \t]*\(?[ \t]*({alternation(list(tags)) or '(?!)'})[ \t]*\)?[ \t]*[-:.]"),
        domain=regex.compile(rf"(?i){WORD_EDGE_BEFORE}(?:{alternation(data['outlet_domain_prefixes'])})([a-z]+)\.(?:com\.|org\.|net\.)?vn\b"),
        by_folded=by_folded,
        place_before=regex.compile(rf"{WORD_EDGE_BEFORE}{place_words}\s*$"),
        body_before=regex.compile(rf"{WORD_EDGE_BEFORE}{_words(data['province_bodies'])}(?:\s+[^\s.;:!?()]+){{0,8}}\s+$"),
        smaller_before=regex.compile(rf"{WORD_EDGE_BEFORE}{_words(data['smaller_place_words'])}\s+$"),
        passing_before=regex.compile(
            rf"{WORD_EDGE_BEFORE}{_words(data['passing_cues'])}"
            rf"(?:[\s,:;&-]|{_words(data['list_joiners'])}|{place_words}|\d+|{alternation(list(by_form))})*$"
        ),
    )


@dataclass(frozen=True)
class _LowerPlaces:
    level: regex.Pattern  # a district or commune level word (huyện, xã...) and the blanks after it
    names: dict[str, tuple[str, ...]]  # a name's first word -> the names it starts, longest first
    provinces: dict[str, frozenset[str]]  # a name -> the provinces that have a place of that name


def compile_lower_places(r: rules.Rules) -> _LowerPlaces:
    """Districts and communes, built only for an article that names no
    province. Some 7 700 names: looked up by their first word after a level
    word, because one regex of them all takes over a second to compile."""
    data = r.data("provinces", _SCHEMA)
    mapping = _mapping()
    provinces = r.provinces.provinces
    by_code = {p.code: p.name for p in provinces.values()}
    code_of = {key: old["code"] for key, old in mapping["old_province_names"].items()}
    levels = data["district_words"] + data["ward_words"]
    prefixes = [(level.lower() + " ", len(level) + 1) for level in sorted(levels, key=len, reverse=True)]
    fields = ("old_district", "old_ward", "new_ward")
    # each name once: a district recurs on every one of its wards' rows
    raw = list(dict.fromkeys(row[field] for row in mapping["ward_mapping"] for field in fields))
    stripped = _normalised_each([_strip_level(name, prefixes) for name in raw])
    clean = {name: " ".join(normal.split()) for name, normal in zip(raw, stripped)}
    places: dict[str, set[str]] = defaultdict(set)
    for row in mapping["ward_mapping"]:
        province = by_code[code_of[row["old_province_key"]]]
        for field in fields:
            places[clean[row[field]]].add(province)
    names: dict[str, list[str]] = defaultdict(list)
    for name in places:
        if name[:1].isupper():
            names[first_word(name)].append(name)
    return _LowerPlaces(
        regex.compile(rf"{WORD_EDGE_BEFORE}{_words(levels)}\s+"),
        {first: tuple(sorted(group, key=len, reverse=True)) for first, group in names.items()},
        {n: frozenset(p) for n, p in places.items()},
    )


_BLANKS = regex.compile(r"[^\S\n]+")



def detect_province(doc: Document) -> ProvinceMatch | None:
    """The province the document reports on, or None when it names none."""
    g = doc.rules.provinces
    text, title = doc.text, doc.article.title
    scores: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}

    def add(name: str, weight: float, pos: int) -> None:
        if weight:
            scores[name] += weight
            first.setdefault(name, pos)

    if title:
        title = normalise_text(title)
        for name, weight, _ in _mentions(title, g, [0]):
            add(name, TITLE + weight, -1)
    lead = next((b for b in doc.blocks if b.lead), None)
    if lead is not None:
        lead_start, lead_end = lead.start, lead.end
    else:  # no lead: the title line alone is the head
        head = doc.blocks[0] if doc.blocks and doc.blocks[0].kind == TITLE_BLOCK else None
        lead_start = lead_end = head.end if head else 0
    for m in g.tag_line.finditer(text):
        add(g.tags[m.group(1)], TAG, m.start())
    for m in g.domain.finditer(text):
        if m.group(1) in g.by_folded:
            add(g.by_folded[m.group(1)], TAG, m.start())
    for name, weight, pos in _mentions(text, g, [s.start for s in doc.sentences]):
        where = TITLE if pos < lead_start else LEAD if pos < lead_end else 0
        add(name, weight + where, pos)
    if not scores:
        for name, pos in _lower_places(doc.rules.lower_places, text):
            add(name, MENTION, pos)
    if not scores:
        return None
    best = max(scores, key=lambda n: (scores[n], -first[n]))
    return g.provinces[best]


def _mentions(text: str, g: _Gazetteer, starts: list[int]):
    """(province, weight, offset) of each mention of a province that is not in
    passing; the weight does not yet count where the mention stands.
    `starts` are the offsets of the text's sentences."""
    blocked = [m.span() for m in g.not_places.finditer(text)]
    for m in g.names.finditer(text):
        if any(s <= m.start() < e for s, e in blocked):
            continue
        before = _clause_before(text, starts, m.start())
        form = " ".join(m.group().split())  # "Bắc\tKạn" is the name written with a tab
        placed = bool(g.place_before.search(before))
        if (g.smaller_before.search(before) and not placed) or (form in g.needs_place_word and not placed):
            continue
        if before.count("(") > before.count(")") or g.passing_before.search(before):
            continue  # "(tỉnh Thanh Hóa)", "thăm các tỉnh Điện Biên, Ninh Bình"
        weight = MENTION + (PLACE_WORD if placed or g.body_before.search(before) else 0)
        name = g.by_form[form]
        yield name, weight, m.start()


def _clause_before(text: str, starts: list[int], pos: int) -> str:
    """The text before `pos` in its sentence (`starts`: the sentences' starts),
    at most _CONTEXT_CHARS long."""
    sentence_start = starts[bisect.bisect_right(starts, pos) - 1] if starts and starts[0] <= pos else 0
    return text[max(sentence_start, pos - _CONTEXT_CHARS) : pos]


def _lower_places(lower: _LowerPlaces, text: str):
    """(province, offset) of each district or commune that only one province has."""
    end = 0
    for m in lower.level.finditer(text):
        if m.start() < end:
            continue
        # the text after the level word, blanks inside a line as one space
        ahead = _BLANKS.sub(" ", text[m.end() : m.end() + 200].split("\n", 1)[0])
        for name in lower.names.get(first_word(ahead), ()):
            if ahead.startswith(name) and not ahead[len(name) : len(name) + 1].isalnum():
                end = m.end() + len(name)
                places = lower.provinces[name]
                if len(places) == 1:
                    yield next(iter(places)), m.start()
                break
