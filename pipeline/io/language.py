"""Whether an article's text reads as Vietnamese, so that a user learns of
an English page or a text typed without diacritics, whose figures the rules
(written with their marks) mostly miss or misread. Such an article is still
extracted; the reason and a note go to the terminal and the errors file
(`not_vietnamese`, `no_diacritics`). The thresholds and words are in
rules/language.yaml.
"""
from __future__ import annotations

import unicodedata

import regex

from .. import rules
from .read import NO_DIACRITICS, NOT_VIETNAMESE

SCHEMA = {"bare_words": [str], "min_words": int, "min_marked_share": float, "min_bare_share": float}
_WORD = regex.compile(r"\p{L}+")
# The letters only Vietnamese spelling gives a word: a vowel with a tone or a
# vowel mark (ă â ê ô ơ ư), and đ.
_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
MARKED = frozenset(
    {unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES} - set("aeiouy") | {"đ"}
)


def bare(word: str) -> str:
    """A word without its marks, lower case: `Người` -> `nguoi`, `đồng` -> `dong`."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def language_note(text: str, r: rules.Rules | None = None) -> tuple[str, str] | None:
    """(reason, message) when the text does not read as Vietnamese; None when
    it does or is too short to tell."""
    data = (r or rules.default_rules()).data("language", SCHEMA)
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < data["min_words"]:
        return None
    marked = sum(1 for w in words if not MARKED.isdisjoint(w))
    if marked >= data["min_marked_share"] * len(words):
        return None
    said = f"{marked} of {len(words)} words carry Vietnamese marks"
    bare_words = set(data["bare_words"])
    if sum(1 for w in words if bare(w) in bare_words) >= data["min_bare_share"] * len(words):
        return NO_DIACRITICS, f"written without Vietnamese diacritics ({said}): its figures may be missed or misread"
    return NOT_VIETNAMESE, f"does not read as Vietnamese ({said}, few Vietnamese words): its figures may be wrong"
