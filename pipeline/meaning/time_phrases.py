"""Phrases of time in an article's text, read into calendar spans.

"9 tháng đầu năm 2024" -> 2024-01-01..2024-09-30, "quý I/2024", "tháng 3.2023",
"năm 2024", "từ năm 2021 đến hết tháng 3.2023", "giai đoạn 2021-2025",
"tính đến ngày 31/8/2024" (as of a date), "từ đầu năm 2023 đến nay" (up to the
date the article speaks of), "đến năm 2025" (a plan's horizon). A phrase may
lack its year ("6 tháng đầu năm", "trong tháng 4"): the period step supplies
one from the article. Also the article's dates: the publication date line at
its head and the event date of its lead ("Chiều 22/10").

The words live in rules/periods.yaml; the numbers and their order are read
here.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

import regex

from .. import rules
from ..rules import (
    CLOCK_TIME,
    WORD_EDGE_AFTER,
    WORD_EDGE_BEFORE,
    alternation,
    first_word,
    phrase_regex,
)

_SCHEMA = {
    "year": [str],
    "month": [str],
    "quarter": [str],
    "day": [str],
    "quarter_numbers": {str: int},
    "first_months": [str],
    "last_months": [str],
    "year_start": [str],
    "year_middle": [str],
    "year_end": [str],
    "from": [str],
    "until": [str],
    "to_end": [str],
    "now": [str],
    "phase": [str],
    "as_of": [str],
    "year_events": [str],
    "year_counts": [str],
    "this_year": [str],
    "year_adverbial_before": [str],
    "year_ahead_before": [str],
    "comparison_before": [str],
    "restrict_before": [str],
    "stock_cues": [str],
    "stock_openers": [str],
    "stock_cue_not_after": [str],
    "per_year_after": [str],
    "per_year_before": [str],
    "previous_year": [str],
    "anniversary_words": [str],
    "phase_start": [str],
    "phase_end": [str],
    "lunar_stems": {str: int},
    "lunar_branches": {str: int},
    "times_of_day": [str],
    "date_line_words": [str],
}

# Kinds of phrase.
SPAN = "span"  # a closed span: "9 tháng đầu năm 2024", "năm 2024", "giai đoạn 2021-2025"
TO_NOW = "to_now"  # up to the date the article speaks of: "từ năm 2021 đến nay"
AS_OF = "as_of"  # a state at a date: "tính đến ngày 31/8/2024", "đến cuối năm 2024"
PLAN = "plan"  # a horizon ahead: "đến năm 2025", "Từ nay đến năm 2025"
AT = "at"  # a point that dates a state: "đầu năm 2023", "đầu giai đoạn 2021-2025"

NOW = "now"
# A point of the calendar: (year or None when the text gives none, month, day);
# day 0 is the month's last day.
Point = tuple

_Y = r"(?:19|20)\d{2}"
_M = r"(?:1[0-2]|0?[1-9])"
_D = r"(?:3[01]|[12]\d|0?[1-9])"
_SEP = r"[/.-]"


@dataclass(frozen=True)
class TimePhrase:
    start: int
    end: int
    text: str
    kind: str
    first: Point | str | None  # None for AS_OF: it starts where the running period does
    last: Point | str  # NOW for a span to the date the article speaks of
    bare_year: bool = False  # a bare "năm 2024", which sets a period only as an adverbial
    phase: bool = False  # a named span of years ("giai đoạn 2021-2025"), often ahead of the article
    cycle: int | None = None  # a lunar year named without its number ("Tết Giáp Thìn"): 0..59
    year_offset: int = 0  # a year named from the article's ("năm trước": -1)
    occasion: bool = False  # a holiday or season of a year ("dịp Tết Nguyên đán 2025"), not a span of its own

    def years(self) -> list[int]:
        return [p[0] for p in (self.first, self.last) if isinstance(p, tuple) and p[0] is not None]

    def in_year(self, year: int) -> TimePhrase:
        """The phrase with its missing year given: the lunar year of its cycle
        nearest `year`, or `year` moved by its offset."""
        if self.cycle is not None:
            year = year + (self.cycle + 4 - year + 30) % 60 - 30  # (year - 4) % 60 == cycle
        year += self.year_offset
        fill = lambda p: (year,) + p[1:] if isinstance(p, tuple) and p[0] is None else p  # noqa: E731
        return replace(self, first=fill(self.first), last=fill(self.last), cycle=None, year_offset=0)


@dataclass(frozen=True)
class Shape:
    """A shape of time phrase: its pattern and what its phrases can start with."""

    name: str
    pattern: regex.Pattern
    first_words: frozenset[str]  # in lower case (folded), the first run of letters and digits of each
    number: bool = False  # a digit
    bracket: bool = False  # "("


@dataclass(frozen=True)
class Vocabulary:
    shapes: list[Shape]  # every shape of phrase, its pattern and where its phrases can start
    first_words: frozenset[str]  # every shape's possible first words
    quarter_of: dict[str, int]
    cycle_of: dict[tuple[str, str], int]  # (stem, branch) of a lunar year -> its place in the 60-year cycle
    year_start: regex.Pattern
    year_middle: regex.Pattern
    year_end: regex.Pattern
    to_end: regex.Pattern
    until_only: regex.Pattern  # "đến"/"tới" alone, which before a bare year is a plan
    adverbial_before: regex.Pattern
    ahead_before: regex.Pattern
    comparison_before: regex.Pattern
    restrict_before: regex.Pattern
    stock_cue: regex.Pattern
    stock_opener: regex.Pattern
    stock_not_after: regex.Pattern
    per_year_after: regex.Pattern
    per_year_before: regex.Pattern
    event_date: regex.Pattern
    date_line_words: regex.Pattern
    lead_dateline: regex.Pattern  # "Cần Thơ, 15/8/2024 - ...", "Kon Tum, 08/9/2023 (KTO) - ..." opening the lead

    def date_line(self, line: str) -> date | None:
        return date_line(self, line)

    def dateline_of_lead(self, paragraph: str) -> date | None:
        """The date of a dateline that opens a paragraph: the place, the date
        and a dash ("Cần Thơ, 15/8/2024 - Theo báo cáo ..."), or None."""
        m = self.lead_dateline.match(paragraph)
        return _safe_date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def _w(words: list[str]) -> str:
    return f"(?:{alternation(words)})"


def _point(prefix: str, v: dict, bare: bool = False) -> str:
    """A point or unit of the calendar, its numbers in groups named `prefix`+..."""
    p = prefix
    alternatives = [
        rf"(?P<{p}now>{_w(v['now'])})",
        rf"(?:{_w(v['day'])}\s+)?(?P<{p}d>{_D}){_SEP}(?P<{p}dm>{_M})(?:{_SEP}(?P<{p}dy>{_Y}))?",
        rf"{_w(v['month'])}\s+(?P<{p}m>{_M})(?:\s*{_SEP}\s*(?P<{p}my>{_Y})|\s+{_w(v['year'])}\s+(?P<{p}my>{_Y}))?",
        rf"{_w(v['quarter'])}\s+(?P<{p}q>{_w(list(v['quarter_numbers']))})(?:\s*{_SEP}\s*(?P<{p}qy>{_Y})|\s+{_w(v['year'])}\s+(?P<{p}qy>{_Y}))?",
        rf"(?P<{p}pos>{_w(v['year_start'] + v['year_middle'] + v['year_end'])}|{_w(v['year'])})\s+(?P<{p}y>{_Y})",
    ]
    if bare:
        alternatives.append(rf"(?P<{p}y>{_Y})")
    return "(?:" + "|".join(alternatives) + ")"


def compile_vocabulary(r: rules.Rules) -> Vocabulary:
    v = r.data("periods", _SCHEMA)
    to_end = rf"(?:{_w(v['to_end'])}\s+)?"
    until = _w(v["until"])
    count = _w(v["year_counts"])
    shapes = {
        # "từ năm 2021 đến hết tháng 3.2023", "từ đầu năm đến nay", "Từ nay đến năm 2025"
        "range": rf"{_w(v['from'])}\s+(?:(?P<s_start>{_w(v['year_start'])})(?:\s+(?P<s_y>{_Y}))?|{_point('s_', v)})"
        rf"\s*(?:{until}\s+|-\s*){to_end}{_point('e_', v)}",
        # "Từ năm 2016 đến 2020": the second year without its "năm"
        "year_range": rf"{_w(v['from'])}\s+{_w(v['year'])}\s+(?P<s_y>{_Y})\s*(?:{until}\s+|-\s*)(?P<e_y>{_Y})",
        # "giai đoạn 2021-2025", "Giai đoạn 2021 đến giữa năm 2025", "(2021 - 2025)"
        "phase": rf"{_w(v['phase'])}\s+(?P<s_y>{_Y})\s*(?:-|{until})\s*{to_end}{_point('e_', v, bare=True)}",
        "years": rf"\(\s*(?P<s_y>{_Y})\s*-\s*(?P<e_y>{_Y})\s*\)",
        # "năm 2019-2020", with the number of its years: "trong hai năm 2019-2020", "5 năm 2016 - 2020"
        "year_span": rf"(?:(?:\d{{1,2}}|{count})\s+)?{_w(v['year'])}\s+(?P<s_y>{_Y})\s*-\s*(?P<e_y>{_Y})",
        # "9 tháng đầu năm 2024", "6 tháng cuối năm 2024", "9 tháng năm 2025"
        "months": rf"(?P<n>{_M})\s+{_w(v['month'])}\s+(?:(?P<last>{_w(v['last_months'])})|{_w(v['first_months'])}|{_w(v['year'])}(?=\s+{_Y}))(?:\s+(?P<y>{_Y}))?",
        # "tính đến ngày 31/8/2024", "đến hết tháng 6/2024", "ước đến cuối năm 2020", "đến nay"
        "as_of": rf"(?P<until>{_w(v['as_of'])})\s+{to_end}{_point('e_', v)}",
        # "quý I/2024", "tháng 3.2023", "trong tháng 4"; "cuối năm 2020" as of its end
        "point": rf"{_point('e_', v)}",
        "year": rf"(?:(?P<event>{_w(v['year_events'])})\s+(?:{_w(v['year'])}\s+)?|{_w(v['year'])}\s+)(?P<y>{_Y})",
        # "Tết Nguyên đán Ất Tỵ năm 2025", "Xuân Giáp Thìn 2024", "Tết Giáp Thìn"
        "lunar": rf"(?:(?P<event>{_w(v['year_events'])})\s+(?:{_w(v['year'])}\s+)?|{_w(v['year'])}\s+)"
        rf"(?P<stem>{_w(list(v['lunar_stems']))})\s+(?P<branch>{_w(list(v['lunar_branches']))})"
        rf"(?:\s+(?:{_w(v['year'])}\s+)?(?P<y>{_Y}))?",
        # "đầu giai đoạn 2021-2025" (a baseline), "cuối giai đoạn 2016 - 2020"
        "phase_point": rf"(?:(?P<first>{_w(v['phase_start'])})|{_w(v['phase_end'])})\s+{_w(v['phase'])}\s+(?P<s_y>{_Y})\s*-\s*(?P<e_y>{_Y})",
        # "kỷ niệm 77 năm Ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2024)": the
        # anniversary's year, the end of its span
        "anniversary": rf"{_w(v['anniversary_words'])}\s+\d{{1,3}}\s+{_w(v['year'])}[^()\n]{{0,80}}?"
        rf"\(\s*(?:{_D}{_SEP}{_M}{_SEP})?(?P<s_y>{_Y})\s*-\s*(?:{_D}{_SEP}{_M}{_SEP})?(?P<e_y>{_Y})\s*\)",
        # "năm trước", "năm ngoái": the year before the article's
        "previous_year": rf"{_w(v['previous_year'])}(?!\s*\d)",
        "this_year": rf"{_w(v['this_year'])}(?!\s*\d)",
    }
    # What each shape's phrases can start with: a word of these lists, a number, a bracket.
    point = [v["now"], v["day"], v["month"], v["quarter"], v["year_start"], v["year_middle"], v["year_end"], v["year"]]
    starts = {
        "range": ([v["from"]], {}),
        "year_range": ([v["from"]], {}),
        "phase": ([v["phase"]], {}),
        "years": ([], {"bracket": True}),
        "year_span": ([v["year_counts"], v["year"]], {"number": True}),
        "months": ([], {"number": True}),
        "as_of": ([v["as_of"]], {}),
        "point": (point, {"number": True}),
        "year": ([v["year_events"], v["year"]], {}),
        "lunar": ([v["year_events"], v["year"]], {}),
        "phase_point": ([v["phase_start"], v["phase_end"]], {}),
        "anniversary": ([v["anniversary_words"]], {}),
        "previous_year": ([v["previous_year"]], {}),
        "this_year": ([v["this_year"]], {}),
    }
    compiled = []
    for name, body in shapes.items():
        lists, also = starts[name]
        first = frozenset(first_word(phrase.strip()).casefold() for words in lists for phrase in words)
        if "" in first:
            raise rules.RulesError(f"periods.yaml: a phrase that opens a {name} shape starts with neither a letter nor a digit (or is blank)")
        # A phrase never ends inside a number: "dưới 3 tháng 10.730 người" names no October.
        pattern = regex.compile(rf"{WORD_EDGE_BEFORE}(?:{body}){WORD_EDGE_AFTER}(?![.,]\d)", regex.IGNORECASE)
        compiled.append(Shape(name, pattern, first, **also))
    stems = {k.lower(): n for k, n in v["lunar_stems"].items()}
    branches = {k.lower(): n for k, n in v["lunar_branches"].items()}
    times = _w(v["times_of_day"])
    return Vocabulary(
        shapes=compiled,
        first_words=frozenset().union(*(shape.first_words for shape in compiled)),
        quarter_of={k.lower(): n for k, n in v["quarter_numbers"].items()},
        cycle_of={(a, b): next(k for k in range(60) if k % 10 == i and k % 12 == j) for a, i in stems.items() for b, j in branches.items() if i % 2 == j % 2},
        year_start=phrase_regex(v["year_start"]),
        year_middle=phrase_regex(v["year_middle"]),
        year_end=phrase_regex(v["year_end"]),
        to_end=phrase_regex(v["to_end"]),
        until_only=phrase_regex(v["until"], "^"),
        adverbial_before=phrase_regex(v["year_adverbial_before"], "$"),
        ahead_before=phrase_regex(v["year_ahead_before"], "$"),
        comparison_before=phrase_regex(v["comparison_before"], "$"),
        restrict_before=phrase_regex(v["restrict_before"], "$"),
        stock_cue=phrase_regex(v["stock_cues"]),
        stock_opener=phrase_regex(v["stock_openers"], "^"),
        stock_not_after=phrase_regex(v["stock_cue_not_after"], "$"),
        per_year_after=regex.compile(rf"\s*(?:{alternation(v['per_year_after'])}){WORD_EDGE_AFTER}", regex.IGNORECASE),
        per_year_before=regex.compile(rf"{WORD_EDGE_BEFORE}(?:{alternation(v['per_year_before'])})(?:\s+[^\s,.;:()]+){{0,2}}\s*$", regex.IGNORECASE),
        event_date=regex.compile(
            rf"{WORD_EDGE_BEFORE}{times}(?:\s+{_w(v['day'])})?\s+(?P<d>{_D})\s*{_SEP}\s*(?P<m>{_M})(?:{_SEP}(?P<y>{_Y}))?(?![\d/.-]*\d)",
            regex.IGNORECASE,
        ),
        date_line_words=phrase_regex(v["date_line_words"]),
        lead_dateline=regex.compile(
            rf"\s*\p{{Lu}}[^\d,;:()\n]{{0,40}},\s*(?:{_w(v['day'])}\s+)?(?P<d>{_D})\s*/\s*(?P<m>{_M})\s*/\s*(?P<y>{_Y})\s*(?:\([^()\n]{{1,20}}\)\s*)?[-–—]\s",
            regex.IGNORECASE,
        ),
    )


def find_time_phrases(v: Vocabulary, text: str) -> list[TimePhrase]:
    """Every phrase of time in `text`, in reading order, longest where they overlap."""
    found: list[TimePhrase] = []
    for shape, matches in shape_matches(v, text):
        for m in matches:
            phrase = _read(shape, m, v)
            if phrase is not None:
                found.append(phrase)
    kept: list[TimePhrase] = []
    for phrase in sorted(found, key=lambda p: (-(p.end - p.start), p.start)):
        if all(phrase.end <= k.start or phrase.start >= k.end for k in kept):
            kept.append(phrase)
    return sorted(kept, key=lambda p: p.start)


def shape_matches(v: Vocabulary, text: str) -> Iterator[tuple[str, Iterator[regex.Match]]]:
    """Each shape's matches in `text`, those of its pattern's `finditer`.

    A pattern is tried only where a phrase of its shape can start: at its
    first words, found with `str.find` in the folded text, at a number, at a
    bracket. A scan tries a pattern at every character, which costs three
    times as much over the shapes: most start with a choice of words or with
    a number, where a scan has no letters to look for."""
    folded = text.casefold()
    if len(folded) != len(text):  # a letter that folds to several ("ß"): the offsets would differ
        for shape in v.shapes:
            yield shape.name, shape.pattern.finditer(text)
        return
    at = {word: _occurrences(folded, word) for word in v.first_words}
    numbers = [m.start() for m in _NUMBER.finditer(text)]
    brackets = _occurrences(text, "(")
    for shape in v.shapes:
        starts = [start for word in shape.first_words for start in at[word]]
        starts += (numbers if shape.number else []) + (brackets if shape.bracket else [])
        yield shape.name, _matches_from(shape.pattern, text, sorted(starts))


def _matches_from(pattern: regex.Pattern, text: str, starts: list[int]) -> Iterator[regex.Match]:
    """The pattern's matches that start at one of `starts`, apart as `finditer` finds them."""
    end = 0
    for start in starts:
        if start >= end and (m := pattern.match(text, start)):
            yield m
            end = m.end()


def _occurrences(text: str, word: str) -> list[int]:
    """Where `word` stands in `text` (each start is then tried, so a word inside another costs only a try)."""
    found = []
    at = text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + len(word))
    return found


# A number's first digit.
_NUMBER = regex.compile(r"\d+")


def _read(shape: str, m: regex.Match, v: Vocabulary) -> TimePhrase | None:
    """The phrase `m` of a shape, or None where the match names no period."""
    g = m.groupdict()
    read = _READERS[shape](g, m, v)
    if read is None:
        return None
    kind, first, last, *extra = read
    bare = shape == "year_span" or (shape == "year" and g["event"] is None)
    phrase = TimePhrase(m.start(), m.end(), m.group(), kind, first, last, bare, shape in ("phase", "years", "year_span"),
                        occasion=g.get("event") is not None)
    return replace(phrase, **extra[0]) if extra else phrase


def _span(g: dict, m: regex.Match, v: Vocabulary):
    """"từ năm 2021 đến hết tháng 3.2023", "từ đầu năm đến nay", "giai đoạn 2021-2025"."""
    last = _end_of(m, "e_", v)
    if g.get("s_start") is not None:  # "từ đầu năm [2024]"
        y = _int(g.get("s_y"))
        first = (y if y is not None else (last[0] if isinstance(last, tuple) else None), 1, 1)
    elif g.get("s_y") is not None and g.get("s_pos") is None:  # the first year of a phase
        first = (int(g["s_y"]), 1, 1)
    else:
        first = _start_of(m, "s_", v)
        if isinstance(first, tuple) and first[0] is None and isinstance(last, tuple):
            first = (last[0],) + first[1:]  # "từ ngày 15/11-15/12/2024"
    if first == NOW:
        return PLAN, NOW, last
    return (TO_NOW if last == NOW else SPAN), first, last


def _months(g: dict, m: regex.Match, v: Vocabulary):
    """"9 tháng đầu năm 2024" (the first N), "6 tháng cuối năm 2024" (the last N)."""
    n, y = int(g["n"]), _int(g["y"])
    if g["last"] is not None:
        return SPAN, (y, 13 - n, 1), (y, 12, 31)
    return SPAN, (y, 1, 1), (y, n, 0)


def _as_of(g: dict, m: regex.Match, v: Vocabulary):
    """"tính đến ngày 31/8/2024", "đến nay"; "đến năm 2025" is a plan's horizon."""
    if g.get("e_y") is not None and _is_plain_year(g.get("e_pos"), v) and not v.to_end.search(m.group()) and v.until_only.fullmatch(g["until"]):
        y = int(g["e_y"])
        return PLAN, (y, 1, 1), (y, 12, 31)
    return AS_OF, None, _end_of(m, "e_", v)


def _point_alone(g: dict, m: regex.Match, v: Vocabulary):
    """"quý I/2024", "tháng 4"; "đầu năm 2023", "giữa năm 2024", "cuối năm
    2020": the dates of a state."""
    if g.get("e_m") is not None or g.get("e_q") is not None:
        return SPAN, _start_of(m, "e_", v), _end_of(m, "e_", v)
    pos = g.get("e_pos") or ""
    if g.get("e_y") is not None and (v.year_start.fullmatch(pos) or v.year_middle.fullmatch(pos) or v.year_end.fullmatch(pos)):
        point = _end_of(m, "e_", v)
        return AT, point, point
    return None


def _lunar(g: dict, m: regex.Match, v: Vocabulary):
    """"Tết Nguyên đán Ất Tỵ năm 2025", "Tết Giáp Thìn": the lunar year, whose
    number, when not written, is the one of its cycle nearest the article."""
    if g.get("y") is not None:
        return _year(g, m, v)
    cycle = v.cycle_of.get((g["stem"].lower(), g["branch"].lower()))
    if cycle is None:
        return None  # no such year: stems and branches pair by parity
    return SPAN, (None, 1, 1), (None, 12, 31), {"cycle": cycle}


def _phase_point(g: dict, m: regex.Match, v: Vocabulary):
    """"đầu giai đoạn 2021-2025" (its first day), "cuối giai đoạn ..." (its last)."""
    point = (int(g["s_y"]), 1, 1) if g["first"] is not None else (int(g["e_y"]), 12, 31)
    return AT, point, point


def _years(g: dict, m: regex.Match, v: Vocabulary):
    """"Từ năm 2016 đến 2020": its first year to its last."""
    return SPAN, (int(g["s_y"]), 1, 1), (int(g["e_y"]), 12, 31)


def _anniversary(g: dict, m: regex.Match, v: Vocabulary):
    """"kỷ niệm 77 năm ... (27/7/1947 - 27/7/2024)": the year it is held."""
    y = int(g["e_y"])
    return SPAN, (y, 1, 1), (y, 12, 31)


def _previous_year(g: dict, m: regex.Match, v: Vocabulary):
    """"năm trước": the year before the one the article reports on."""
    return SPAN, (None, 1, 1), (None, 12, 31), {"year_offset": -1}


def _year(g: dict, m: regex.Match, v: Vocabulary):
    """"năm 2024", "Tết Nguyên đán 2017"."""
    y = int(g["y"])
    return SPAN, (y, 1, 1), (y, 12, 31)


def _this_year(g: dict, m: regex.Match, v: Vocabulary):
    """"trong năm": the article's own year."""
    return SPAN, (None, 1, 1), (None, 12, 31)


_READERS = {
    "range": _span,
    "year_range": _years,
    "year_span": _years,
    "phase": _span,
    "years": _span,
    "months": _months,
    "as_of": _as_of,
    "point": _point_alone,
    "year": _year,
    "lunar": _lunar,
    "phase_point": _phase_point,
    "previous_year": _previous_year,
    "anniversary": _anniversary,
    "this_year": _this_year,
}


def _int(s: str | None) -> int | None:
    return int(s) if s is not None else None


def _is_plain_year(pos: str | None, v: Vocabulary) -> bool:
    """"năm 2025" rather than "cuối năm 2025" / "giữa năm" / "đầu năm"."""
    return pos is not None and not (v.year_start.search(pos) or v.year_middle.search(pos) or v.year_end.search(pos))


def _start_of(m: regex.Match, p: str, v: Vocabulary) -> Point | str:
    return _calendar_point(m, p, v, at_end=False)


def _end_of(m: regex.Match, p: str, v: Vocabulary) -> Point | str:
    return _calendar_point(m, p, v, at_end=True)


def _calendar_point(m: regex.Match, p: str, v: Vocabulary, at_end: bool) -> Point | str:
    g = m.groupdict()

    def get(key: str) -> str | None:
        return g.get(p + key)
    if get("now") is not None:
        return NOW
    if get("d") is not None:
        return (_int(get("dy")), int(get("dm")), int(get("d")))
    if get("m") is not None:
        return (_int(get("my")), int(get("m")), 0 if at_end else 1)
    if get("q") is not None:
        q = v.quarter_of[get("q").lower()]
        return (_int(get("qy")), 3 * q, 0) if at_end else (_int(get("qy")), 3 * q - 2, 1)
    y = int(get("y"))
    pos = get("pos") or ""
    if v.year_middle.search(pos):
        return (y, 6, 30)
    if v.year_start.search(pos):
        return (y, 1, 1)
    if v.year_end.search(pos):
        return (y, 12, 31)
    return (y, 12, 31) if at_end else (y, 1, 1)


def to_date(point: Point, year: int | None) -> date | None:
    """The date of `point`, taking `year` where the text gave none."""
    y = point[0] if point[0] is not None else year
    if y is None:
        return None
    month, day = point[1], point[2]
    return date(y, month, day or calendar.monthrange(y, month)[1])


_DATE = regex.compile(rf"(?=\d)(?<!\d)(?P<d>{_D})\s*{_SEP}\s*(?P<m>{_M})\s*{_SEP}\s*(?P<y>{_Y})(?!\d)")
# A date line is short: a weekday, a date, a time and a time zone at most.
_DATE_LINE_MAX = 60
_DATE_LINE_OTHER_WORDS = 2  # page widgets beside it ("A  A")


def date_line(v: Vocabulary, line: str) -> date | None:
    """The date of a publication date line ("11:31 AM 05/07/2024", "Thứ Tư,
    19/06/2024 02:32 (GMT +7)"), or None when `line` is not one."""
    m = _DATE.search(line)
    if not m or len(line.strip()) > _DATE_LINE_MAX:
        return None
    rest = CLOCK_TIME.sub(" ", line[: m.start()] + " " + line[m.end() :])
    rest = v.date_line_words.sub(" ", rest)
    if len(regex.findall(r"\p{L}+", rest)) > _DATE_LINE_OTHER_WORDS:
        return None
    return _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))


@dataclass(frozen=True)
class EventDate:
    start: int
    end: int
    text: str
    month: int
    day: int
    year: int | None


# The lead is where an article dates its event ("Chiều 22/10, ...").
_LEAD_CHARS = 1500


def event_date(v: Vocabulary, text: str) -> EventDate | None:
    """The first dated event of the lead: "Chiều 22/10", "vào sáng 22/7",
    "Chiều ngày 6/1", "Chiều 25.4"."""
    m = v.event_date.search(text, 0, _LEAD_CHARS)
    if not m:
        return None
    return EventDate(m.start(), m.end(), m.group(), int(m["m"]), int(m["d"]), _int(m["y"]))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None
