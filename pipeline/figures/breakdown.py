"""Breakdowns: the parts of a total (`18.247 người (Gồm: cao đẳng: 940 người,
...)`, `1.271,108 tỷ đồng, trong đó: ...`, `trong đó trình độ cao đẳng: 19;
trung cấp: 285`). A part points at its total (`Figure.part_of`), and a bare
number among the parts takes the total's unit (docs/units.md)."""
from __future__ import annotations

import regex

from .. import rules
from ..meaning.time_phrases import find_time_phrases
from ..model import Document, Sentence

# An item of a list written "label: number" ("thương binh: 820 người", "Bà
# mẹ Việt Nam anh hùng: 2.032 (còn sống 49 mẹ)").
_LABELLED_ITEM = regex.compile(r"[^;:()]+:\s*\d[^;:]*")


def sentence_scopes(doc: Document, sentence: Sentence) -> list[tuple[int, int, int]]:
    """The sentence's breakdown scopes, read once per document."""
    span = (sentence.start, sentence.end)
    if span not in doc.breakdowns:
        doc.breakdowns[span] = breakdown_scopes(doc.rules, doc.text, sentence)
    return doc.breakdowns[span]


def breakdown_scopes(r: rules.Rules, text: str, sentence: Sentence) -> list[tuple[int, int, int]]:
    """(marker start, scope start, scope end) of each breakdown marker of the
    sentence. Inside parentheses the scope ends where they close; outside, at
    the next `;` unless a colon opens the list ("trong đó: A: 1; B: 2") or the
    marker opens the sentence, which is then the breakdown ("Trong số này, A
    9.120 người; B 5.430 người"); items written "label: number" run on to the
    last of them ("trong đó, A: 1; B: 2")."""
    g = r.grammar
    markers = list(g.breakdown_marker.finditer(text, sentence.start, sentence.end))
    head = g.breakdown_opener.match(text, sentence.start, sentence.end)
    if head and not any(m.start() < head.end() for m in markers):
        markers.insert(0, head)
    scopes = []
    for m in markers:
        if _restricts_time(r, text, m.end(), sentence.end):
            continue  # "Riêng trong quý III, có 3.126 người ...": a time, not a part
        in_parentheses = text.count("(", sentence.start, m.start()) > text.count(")", sentence.start, m.start())
        listed = text[m.end() : m.end() + 3].lstrip().startswith(":") or opens_sentence(text, sentence, m.start())
        labelled = _labelled_items_end(text, m.end(), sentence.end)
        depth = 0
        end = sentence.end
        for i in range(m.end(), sentence.end):
            if text[i] == "(":
                depth += 1
            elif text[i] == ")":
                depth -= 1
                if depth < 0:
                    end = i
                    break
            elif text[i] == ";" and depth == 0 and not in_parentheses and not listed and i >= labelled:
                end = i
                break
        scopes.append((m.start(), m.end(), end))
    return scopes


def _labelled_items_end(text: str, start: int, end: int) -> int:
    """Where the run of "label: number" items from `start` ends ("trong đó,
    thương binh: 820; bệnh binh: 310; đào tạo nghề cho ..." ends before
    "đào tạo"), or `start` when the first item is none."""
    last, pos = start, start
    while pos < end:
        stop = text.find(";", pos, end)
        stop = end if stop < 0 else stop
        if not _LABELLED_ITEM.fullmatch(text, pos, stop):
            break
        last, pos = stop, stop + 1
    return last


def _restricts_time(r: rules.Rules, text: str, pos: int, end: int) -> bool:
    """True when a phrase of time follows the marker at `pos`, right after it
    or after an adverbial word (`riêng năm 2022`, `riêng trong quý III`)."""
    window = text[pos : min(end, pos + 60)]
    phrases = find_time_phrases(r.periods, window)
    if not phrases:
        return False
    lead = window[: phrases[0].start].strip(" ,:")
    return not lead or bool(r.periods.adverbial_before.fullmatch(lead))


def opens_sentence(text: str, sentence: Sentence, marker_start: int) -> bool:
    """`Trong đó: ...` at the head of a sentence breaks down the sentence before."""
    return not text[sentence.start : marker_start].strip(_BULLETS)


# What may stand before a marker that opens a sentence: a list's bullet.
_BULLETS = " \t-–+•*("
