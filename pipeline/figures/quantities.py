"""Find the numbers of a sentence on the text itself, and rule out those that
are not quantities: dates, times, years, document numbers, identifiers.

A `Quantity` is one written amount: a number (`15.701`), a pair achieved/plan
(`7.000/6.400`), a range (`45 - 50`, `2 đến 3`), each with an optional `%` or
scale word (`16,1 tỷ`). Units and meaning are attached by later steps.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

from .. import rules
from ..rules import CLOCK_TIME
from ..text.words import untagged_words_of
from .numbers import DIGITS, parse_digits, parse_number_words

# A run of digits with inner `.`/`,` groups; validity is checked afterwards, so
# that `25.4` (a date) or `20.12.2022` is seen whole and refused.
_ATOM = regex.compile(r"\d+(?:[.,]\d+)*")
# 3022/QĐ-UBND, 20/2021/NĐ-CP, 71/KH-UBND: a number, then `/` and capitals.
_DOCUMENT = regex.compile(r"\d+(?:/\d+)*/\p{Lu}[\p{L}\d&.\-–]*")
_DATE_DMY = regex.compile(r"(?<![\d.,/])(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?![\d/])")
_DATE_MY = regex.compile(r"(?<![\d.,/])(\d{1,2})[/.\-]((?:19|20)\d{2})(?![\d/.,]\d|\d)")
_DATE_DM = regex.compile(r"(?<![\d.,/])(\d{1,2})[/\-.](\d{1,2})(?![\d/]|[.,]\d)")
_YEAR = regex.compile(r"^(?:19|20)\d{2}$")
# "đạt 62.35% kế hoạch": a source that writes the decimal mark as a dot, before %.
_DOTTED_PERCENT = regex.compile(r"\d+\.\d{1,2}(?=[ \t]?%)")
# "1.850 người/1.800 người": the unit written on both sides of an achieved/plan pair.
_UNIT_BEFORE_SLASH = regex.compile(r"^[ \t]+(\p{L}+(?:[ \t]+\p{L}+){0,2})[ \t]*/[ \t]*$")


@dataclass(frozen=True)
class _Atom:
    """A run of digits as written, and the digits as they read (`62.35` -> `62,35`)."""

    start: int
    end: int
    digits: str


@dataclass
class Quantity:
    start: int  # offset of the first digit in the article text
    end: int  # end of the number, its `%` or its scale word
    value: float
    value_max: float | None = None  # upper end of a range
    pair_of: float | None = None  # Y of an achieved/plan pair X/Y
    percent_text: str = ""  # "%" or "phần trăm" as written
    scale_text: str = ""
    is_year: bool = False  # a bare 19xx/20xx: a figure only with a listed unit
    date_like: bool = False  # d/m-shaped pair: a figure only with a listed unit

    @property
    def percent(self) -> bool:
        return bool(self.percent_text)

    @property
    def number_end(self) -> int:
        """End of the written number and its `%`, before any scale word."""
        return self.end - len(self.scale_text)


def _valid_day_month(day: str, month: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def _masked_spans(r: rules.Rules, s: str) -> list[tuple[int, int]]:
    """Spans of `s` that hold dates, times, document numbers and page chrome."""
    g = r.grammar
    spans = [m.span() for m in CLOCK_TIME.finditer(s)]
    spans += [m.span() for m in _DOCUMENT.finditer(s)]
    spans += [m.span() for m in g.page_chrome.finditer(s)]
    for m in _DATE_DMY.finditer(s):
        if _valid_day_month(m[1], m[2]):
            spans.append(m.span())
    for m in _DATE_MY.finditer(s):
        if 1 <= int(m[1]) <= 12:
            spans.append(m.span())
    for m in _DATE_DM.finditer(s):
        # "Chiều 22/10", "ngày 15-12", "từ ngày 15/11-15/12": a cue word makes
        # a day/month pair a date; without one it may be "3/4 trung tâm".
        if _valid_day_month(m[1], m[2]) and g.date_cue_before.search(s, max(0, m.start() - 20), m.start()):
            spans.append(m.span())
    return spans


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans)


_PERCENT_AFTER = regex.compile(r"^[ \t]?(%|phần trăm(?![\p{L}]))", regex.IGNORECASE)


def _is_identifier(r: rules.Rules, s: str, start: int) -> bool:
    """`cơn bão số 3`, `Dự án 4`, `đợt 5`, `Covid-19`, `H5N1`, `[1]`, `1.` of a list."""
    head = _identifier_head(r, s, start)
    if isinstance(head, bool):
        return head
    # The head must end in a whole word: "cơ bản 694 hộ" ends in "bản" (a
    # village head) but its word is "cơ bản"; "tiểu dự án 3" ends in "dự án".
    word = _word_before(s, start)
    if word is None:
        return True
    head_words, word_words = head.group(1).lower().split(), word.lower().split()
    return head_words[-len(word_words) :] == word_words


def _identifier_head(r: rules.Rules, s: str, start: int) -> bool | regex.Match:
    """Whether the number at `start` is an identifier by the characters before
    it, or else the identifier head before it (`số`, `bản`, `dự án`), which
    underthesea's words decide."""
    g = r.grammar
    before = s[max(0, start - 25) : start]
    if before and (before[-1].isalpha() or before[-1] in "+"):
        return True
    if before.endswith("-") and len(before) > 1 and before[-2].isalpha():
        return True
    if before.endswith("["):
        return True
    head = g.identifier_head_before.search(before)
    if not head or g.identifier_exception_before.search(before):
        return False
    return head


def sentences_with_identifier_heads(r: rules.Rules, sentences: Iterable[str]) -> list[str]:
    """Those of `sentences` in which `find_quantities` may read underthesea's
    words: a number after an identifier head. Segmented together before the
    figures are found (`text.words.segment_untagged`), they cost a third of
    what each cost segmented alone while the figures were found (0.8 ms a
    sentence in a chunk's pass against 2.3 ms, on the benchmark's articles)."""
    return [s for s in sentences if any(not isinstance(_identifier_head(r, s, m.start()), bool) for m in _ATOM.finditer(s))]


def _word_before(s: str, start: int) -> str | None:
    """underthesea's word that ends right before `start` (blanks skipped)."""
    end = len(s[:start].rstrip())
    for token in untagged_words_of(s):
        if token.idx + len(token.text) == end:
            return token.text
        if token.idx >= end:
            break
    return None


def _is_calendar(r: rules.Rules, s: str, start: int, digits: str) -> bool:
    """`tháng 4` (April), `quý 3`: a number that names a month or a quarter."""
    g = r.grammar
    head = g.calendar_head_before.search(s, max(0, start - 10), start)
    return bool(head) and digits.isdigit() and 1 <= int(digits) <= g.calendar_limit[head.group(1).lower()]


def _is_list_number(s: str, start: int, end: int) -> bool:
    """`1. Tổng quan`, `2) ...`: the number of an item or heading."""
    if s[end : end + 1] not in (".", ")") or s[end + 1 : end + 2] not in (" ", "\t", ""):
        return False
    # only blanks between the line's start and the number (walked back from
    # the number: a line of thousands of figures is not read again for each)
    i = start - 1
    while i >= 0 and s[i] != "\n" and s[i].isspace():
        i -= 1
    return i < 0 or s[i] == "\n"


def find_quantities(r: rules.Rules, s: str, offset: int = 0) -> list[Quantity]:
    """The quantities written in `s` (a sentence), offsets shifted by `offset`."""
    spans = _masked_spans(r, s)
    atoms = []
    for m in _ATOM.finditer(s):
        a, b = m.span()
        digits = m.group()
        if not DIGITS.fullmatch(digits) and (dotted := _DOTTED_PERCENT.match(s, a)) and dotted.end() == b:
            digits = digits.replace(".", ",")
        if _inside(spans, a, b) or not DIGITS.fullmatch(digits):
            continue
        if _is_identifier(r, s, a) or _is_calendar(r, s, a, digits) or _is_list_number(s, a, b) or s[b : b + 1] == "]":
            continue
        atoms.append(_Atom(a, b, digits))
    joiner = r.grammar.pair_joiner
    quantities: list[Quantity] = []
    i = 0
    while i < len(atoms):
        first = atoms[i]
        second = atoms[i + 1] if i + 1 < len(atoms) else None
        between = s[first.end : second.start] if second else ""
        if second and (joiner.match(between) or _unit_on_both_sides(s, between, second.end)):
            pair = _pair(r, s, first, second, "/" if "/" in between else between)
            if pair is not None:
                quantities.append(pair)
                i += 2
                continue
        quantities.append(_single(r, s, first))
        i += 1
    quantities += _spelled_numbers(r, s, spans, [(q.start, q.end) for q in quantities])
    quantities.sort(key=lambda q: q.start)
    for q in quantities:
        q.start += offset
        q.end += offset
    return quantities


def _tail(r: rules.Rules, s: str, end: int) -> tuple[int, str, str, float]:
    """After a number: `%` or a scale word. Returns (end, percent text, scale text, scale)."""
    rest = s[end : end + 40]
    m = _PERCENT_AFTER.match(rest)
    if m:
        return end + m.end(), m.group(1), "", 1.0
    m = r.numbers.scale_after.match(rest)
    if m:
        words = " ".join(m.group(1).split())
        return end + m.end(), "", m.group(1), r.numbers.scales[words.lower()]
    return end, "", "", 1.0


def _unit_on_both_sides(s: str, between: str, second_end: int) -> bool:
    """`1.850 người/1.800 người`: the same words before the slash and after
    the second number make one pair, achieved over plan."""
    m = _UNIT_BEFORE_SLASH.match(between)
    if not m:
        return False
    words = r"[ \t]+".join(regex.escape(w) for w in m.group(1).split())
    return bool(regex.match(rf"[ \t]+{words}(?![\p{{L}}\p{{N}}])", s[second_end:], regex.IGNORECASE))


def _single(r: rules.Rules, s: str, a: _Atom) -> Quantity:
    end, percent, scale_text, scale = _tail(r, s, a.end)
    return Quantity(
        start=a.start,
        end=end,
        value=parse_digits(a.digits, scale),
        percent_text=percent,
        scale_text=scale_text,
        is_year=bool(_YEAR.match(a.digits)) and not percent and not scale_text,
    )


def _pair(r: rules.Rules, s: str, first: _Atom, second: _Atom, between: str) -> Quantity | None:
    """`X/Y` (achieved over plan, or X of Y) or a range `X - Y`, `X đến Y`."""
    end, percent, scale_text, scale = _tail(r, s, second.end)
    if _YEAR.match(first.digits) and _YEAR.match(second.digits):
        return None  # "2021 - 2025", "2023–2025": years
    x = parse_digits(first.digits, scale)
    y = parse_digits(second.digits, scale)
    if "/" in between:
        date_like = _valid_day_month(first.digits, second.digits) if first.digits.isdigit() and second.digits.isdigit() else False
        return Quantity(first.start, end, x, pair_of=y, percent_text=percent, scale_text=scale_text, date_like=date_like)
    if _tail(r, s, first.end)[0] != first.end:
        return None  # "5% - 10 người": the first number has its own % or scale
    if y <= x:
        return None  # not a range: "2 - 1" reads as two numbers
    return Quantity(first.start, end, x, value_max=y, percent_text=percent, scale_text=scale_text)


def _spelled_numbers(r: rules.Rules, s: str, spans: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[Quantity]:
    """Numbers spelled out in words ("hai mươi lăm người", "ba nghìn hộ").

    Only read where a listed unit follows, and never a lone everyday word
    (`năm`, `một`, `ba`, `không`), so `năm 2024` or `ba mẹ` stay words.
    """
    nw = r.numbers
    units = r.units
    vocabulary = nw.vocabulary
    found = []
    # The words of the vocabulary (one that only folds to one, as İ to i, is
    # not: each is checked in lower case as before).
    words = [m for m in nw.spelled_word.finditer(s) if m.group().lower() in vocabulary]
    i = 0
    while i < len(words):
        # a run: words of the vocabulary with nothing but blanks between them
        j = i + 1
        while j < len(words) and not s[words[j - 1].end() : words[j].start()].strip():
            j += 1
        run = words[i:j]
        i = j
        start, end = run[0].start(), run[-1].end()
        if _inside(spans, start, end) or any(a < end and start < b for a, b in taken):
            continue
        if len(run) == 1 and run[0].group().lower() in nw.ambiguous_alone:
            continue
        if _is_identifier(r, s, start):
            continue
        value = parse_number_words([w.group() for w in run], nw)
        unit = units.starts.match(s[end : end + 40])
        if value is None or not unit or unit.group(1).lower() not in units.by_text:
            continue
        is_percent = units.by_text[unit.group(1).lower()] == "percent"
        found.append(Quantity(start, end + unit.end() if is_percent else end, value, percent_text=unit.group(1) if is_percent else ""))
    return found
