"""Normalise an article's text so that its variants give the same figures.

Scraped and pasted text carries decomposed Unicode, the old tone placement
(`hoà`, `Thuỷ`), no-break and other Unicode spaces, zero-width characters and
several dashes. All of them become the plain form here, before any step reads
the text. Every change keeps the length except the removal of zero-width
characters and of the CR of CRLF line ends, so offsets into the normalised
text are offsets into the NFC text whenever the input had neither.
"""
from __future__ import annotations

import re
import unicodedata

# Invisible characters that split a word or a number without showing:
# zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Every Unicode space separator other than the plain space (no-break, thin,
# figure, narrow no-break, ideographic...).
_SPACES = re.compile("[^\\S\n\r\t\f\v ]")
# Hyphen, no-break hyphen, figure/en/em dash, horizontal bar, minus sign.
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")
_LINE_ENDS = re.compile("\r\n?")

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def _tone_moves() -> dict[str, tuple[str, str]]:
    """Second vowel carrying the tone -> (first vowel with it, plain second).

    In an open syllable `oa`, `oe` and `uy` take the tone on the first vowel
    (`hòa`, `khỏe`, `thủy`); the old placement put it on the second.
    """
    moves = {}
    for first, seconds in (("o", "ae"), ("u", "y")):
        for second in seconds:
            for tone in _TONES:
                for f, s in ((first, second), (first.upper(), second.upper()), (first.upper(), second)):
                    moves[f + unicodedata.normalize("NFC", s + tone)] = (unicodedata.normalize("NFC", f + tone), s)
    return moves


_MOVES = _tone_moves()
# `qu` is a consonant, so `quý`, `quỹ` keep their tone on `y`; a following
# letter (`hoàn`, `khuyến`, `khuỷu`) means the syllable is not open.
_OLD_TONE = re.compile("(?<![qQ])(" + "|".join(_MOVES) + ")(?!\\w)")


def _move_tone(match: re.Match) -> str:
    first, second = _MOVES[match.group(1)]
    return first + second


def normalise_text(raw: str) -> str:
    """The text every step reads: NFC, one tone placement, plain spaces and dashes."""
    text = _INVISIBLE.sub("", raw)
    text = unicodedata.normalize("NFC", text)
    text = _LINE_ENDS.sub("\n", text)
    text = _SPACES.sub(" ", text)
    text = _DASHES.sub("-", text)
    return _OLD_TONE.sub(_move_tone, text)
