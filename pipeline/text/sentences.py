"""Sentences of an article, with their offsets in its text.

A line break always ends a sentence; a full stop, `!`, `?` or `…` ends one
before a capital, a digit, a quote or a bracket, except after an
abbreviation of rules/document.yaml (`TP. Hồ Chí Minh`).
"""
from __future__ import annotations

import regex

from .. import rules
from ..model import Sentence

_BOUNDARY = regex.compile(r"\n+|(?<=[.!?…])[ \t]+(?=[\p{Lu}\d\"“‘'(\[–-])")
_WORD_BEFORE = regex.compile(r"([\p{L}.]+)\.$")


def split_sentences(r: rules.Rules, text: str) -> list[Sentence]:
    """Sentences with their offsets in `text` (line breaks always end one)."""
    abbreviations = r.document.abbreviations
    sentences: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if not m.group().startswith("\n"):
            word = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            if word and word.group(1) in abbreviations:
                continue
        _add(sentences, text, start, m.start())
        start = m.end()
    _add(sentences, text, start, len(text))
    return sentences


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], index=len(out)))
