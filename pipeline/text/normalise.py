"""Normalise an article's text so that its variants give the same figures.

Scraped and pasted text carries decomposed Unicode, the old tone placement
(`hoà`, `Thuỷ`), tabs, runs of spaces, no-break and other Unicode spaces,
zero-width and control characters, combining marks left over from broken
input, digits of other scripts and several dashes. All of them become the
plain form here, before any step reads the text, so that no step meets them:
a name split by two spaces (`Bắc  Kạn`) is the name, an escape sequence never
reaches a terminal, and a number is always written in ASCII digits.

Offsets of figures point into the normalised text. For clean NFC text (single
spaces, no control or invisible characters) that is the text itself.
"""
from __future__ import annotations

import re
import unicodedata

import regex

# Invisible characters that split a word or a number without showing:
# zero-width space/non-joiner/joiner, word joiner, BOM, soft hyphen, and the
# bidirectional marks, embeddings, overrides and isolates, which only reorder
# what a screen shows.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Every way of ending a line: CRLF, CR, and the vertical tab, form feed, file/
# group/record separators, next-line and the Unicode line and paragraph
# separators, which Python's str.splitlines() also breaks on.
_LINE_ENDS = re.compile("\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# A terminal's escape sequences (ECMA-48), whole: a control sequence
# (`ESC [ 31 m`, or its one-byte CSI), an operating-system command
# (`ESC ] 0;title BEL`, when it ends) and the other two-character escapes.
# Text copied from a terminal carries them; dropping only the ESC would
# leave `[31m` glued to a number.
_ESCAPE_SEQUENCES = regex.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]{0,200}(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
# Control characters left after that (NUL, ESC, DEL, the C1 range...): never
# text; an escape sequence among them would drive the reader's terminal. A
# lone surrogate (from a JSON "\ud800") is not a character at all.
_CONTROLS = regex.compile(r"[\p{Cc}--[\n\t]]", regex.V1)
_SURROGATES = regex.compile(r"\p{Cs}")
# A combining mark that NFC could not join to a Vietnamese (Latin) letter: on
# its own, after a space, a digit or punctuation, or one more tone on a letter
# that has one (`ộ̀`). Scripts that write with combining marks keep theirs.
_STRAY_MARKS = regex.compile(r"(?:^|(?<=[^\p{L}\p{M}]|\p{Latin}))\p{M}+")
# Decimal digits of other scripts and forms (full-width `１２`, Arabic-Indic...).
_OTHER_DIGITS = regex.compile(r"[\d--[0-9]]", regex.V1)
# Every run of blanks inside a line (no-break, thin, figure, ideographic
# spaces...) is one plain space; a run that holds a tab is one tab, which
# separates the cells of a table flattened one row per line. A lone plain
# space, most of them, is left unmatched: it is already what it would become.
_BLANKS = regex.compile(r"[^\S\n]{2,}|[^\S \n]")
# Hyphen, no-break hyphen, figure/en/em dash, horizontal bar, minus sign.
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")

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
# letter (`hoàn`, `khuyến`, `khuỷu`) means the syllable is not open. The
# pattern is each first vowel before each second one (one class each, which
# the engine scans far faster than an alternation of the pairs); a pair that
# is no move is left as it is.
_OLD_TONE = re.compile(
    "(?<![qQ])([" + "".join(sorted({m[0] for m in _MOVES})) + "][" + "".join(sorted({m[1] for m in _MOVES})) + "])(?!\\w)"
)


def _move_tone(match: re.Match) -> str:
    move = _MOVES.get(match.group(1))
    return match.group(1) if move is None else move[0] + move[1]


def _ascii_digit(match: regex.Match) -> str:
    """The ASCII form of a digit; one this Python's Unicode data does not know
    (the regex module's tables are newer) cannot be read as a number."""
    value = unicodedata.decimal(match.group(), None)
    return "\ufffd" if value is None else str(value)


def fold(text: str) -> str:
    """Lower case without tone or other marks, `đ` as `d`: the letters two
    spellings of a word share (`Hoá` and `hóa`, `Đắk` and `dak`)."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").replace("đ", "d")


def normalise_text(raw: str) -> str:
    """The text every step reads: NFC, one tone placement, ASCII digits, plain
    single spaces and dashes, `\\n` line ends, nothing invisible."""
    text = _SURROGATES.sub("\ufffd", raw)
    text = _INVISIBLE.sub("", text)
    text = _LINE_ENDS.sub("\n", text)
    text = _ESCAPE_SEQUENCES.sub("", text)
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _STRAY_MARKS.sub("", text)
    text = _OTHER_DIGITS.sub(_ascii_digit, text)
    text = _BLANKS.sub(lambda m: "\t" if "\t" in m.group() else " ", text)
    text = _DASHES.sub("-", text)
    return _OLD_TONE.sub(_move_tone, text)
