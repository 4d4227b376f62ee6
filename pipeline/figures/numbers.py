"""Read one written Vietnamese number: digits, decimals, scale words, words.

`parse_number("1.271,108")` -> 1271.108; `"5.420.471.000"` -> 5420471000;
`"16,1 tỷ"` -> 1.61e10; `"hai mươi lăm"` -> 25; `"hai chục"` -> 20;
`",77"` -> 0.77; `"âm 1.200.000"` and `"-1.200.000"` -> -1200000; anything
else (a date, a word, digits of another script) -> None.

Numbers are ASCII digits: the article's text has no others once normalised
(`pipeline.text.normalise`), and a digit of another script is not read here.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from .. import rules
from ..rules import alternation

# `.` groups thousands (groups of exactly three digits), `,` is the decimal
# mark; a decimal may leave out its leading zero (`,77`).
DIGITS = regex.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?|,[0-9]+")
# A minus sign written on the number itself (`-1.200.000`; `−` before normalisation).
_MINUS = ("-", "\u2212")

_SCHEMA = {
    "scales": {str: float},
    "words": {
        "digits": {str: int},
        "ten": [str],
        "tens": [str],
        "hundred": [str],
        "filler": [str],
        "ambiguous_alone": [str],
        "negative": [str],
    },
}


@dataclass(frozen=True)
class NumberWords:
    scales: dict[str, float]
    digits: dict[str, int]
    ten: frozenset[str]
    tens: frozenset[str]
    hundred: frozenset[str]
    filler: frozenset[str]
    ambiguous_alone: frozenset[str]
    negative: frozenset[str]  # words before a number that make it negative ("âm")
    scale_after: regex.Pattern  # a scale word right after a number ("16,1 tỷ", "149 nghìn")
    vocabulary: frozenset[str]  # every word a number is spelled with
    # A word of the vocabulary, whole (what reading spelled numbers looks for
    # first, instead of looking up every word of a sentence).
    spelled_word: regex.Pattern


def compile_number_words(r: rules.Rules) -> NumberWords:
    data = r.data("numbers", _SCHEMA)
    w = data["words"]
    scales = dict(sorted(data["scales"].items(), key=lambda kv: -len(kv[0])))
    vocabulary = frozenset(w["digits"]).union(w["ten"], w["tens"], w["hundred"], w["filler"], (x for s in scales for x in s.split()))
    return NumberWords(
        scales=scales,
        digits=w["digits"],
        ten=frozenset(w["ten"]),
        tens=frozenset(w["tens"]),
        hundred=frozenset(w["hundred"]),
        filler=frozenset(w["filler"]),
        ambiguous_alone=frozenset(w["ambiguous_alone"]),
        negative=frozenset(w["negative"]),
        scale_after=regex.compile(rf"^[ \t]+({alternation(list(scales))})(?![\p{{L}}\p{{N}}])", regex.IGNORECASE),
        vocabulary=vocabulary,
        spelled_word=regex.compile(rf"(?<!\p{{L}})(?:{alternation(sorted(vocabulary))})(?!\p{{L}})", regex.IGNORECASE),
    )


def parse_digits(s: str, scale: float = 1.0) -> float | None:
    """A number written in digits (`1.271,108`, `02`, `6481`) times `scale`,
    or None. Decimal arithmetic keeps `16,1` x 10^9 exactly 16 100 000 000."""
    if not DIGITS.fullmatch(s):
        return None
    return float(Decimal(s.replace(".", "").replace(",", ".")) * Decimal(repr(scale)))


def parse_number_words(words: list[str], nw: NumberWords) -> float | None:
    """The value of number words (`["hai", "mươi", "lăm"]` -> 25), or None."""
    total = 0.0  # completed groups, already multiplied by their scale
    group = 0.0  # the part below the current scale
    pending: float | None = None  # last digit word, not yet placed
    last_scale = float("inf")
    seen_number = False
    i = 0
    while i < len(words):
        word = words[i].lower()
        two = " ".join(w.lower() for w in words[i : i + 2])
        if two in nw.scales:
            scale, i = nw.scales[two], i + 2
        elif word in nw.scales:
            scale, i = nw.scales[word], i + 1
        else:
            scale = None
        if scale is not None:
            value = group + (pending or 0)
            if value == 0 and not seen_number:
                return None
            if value == 0:  # "hai nghìn tỷ": the scale applies to all before it
                total *= scale
            elif scale > last_scale:
                total = (total + value) * scale
            else:
                total += value * scale
            last_scale = min(last_scale, scale) if value else last_scale
            group, pending = 0.0, None
            continue
        if word in nw.digits:
            if pending is not None:
                return None  # two digits in a row ("hai ba") is not one number
            pending = nw.digits[word]
        elif word in nw.ten:
            group += 10
        elif word in nw.tens:
            if pending is None:
                return None
            group += pending * 10
            pending = None
        elif word in nw.hundred:
            group += (1 if pending is None else pending) * 100
            pending = None
        elif word in nw.filler:
            i += 1
            continue  # "linh" alone is a name, not a number
        else:
            return None
        seen_number = True
        i += 1
    if not seen_number:
        return None
    return total + group + (pending or 0)


def parse_number(s: str, r: rules.Rules | None = None) -> float | None:
    """The value of one written number, with an optional scale word after it
    and an optional sign before it (`âm`, `-`).

    Returns None when `s` is not a number (a date, a word, an empty string).
    """
    nw = (r or rules.default_rules()).numbers
    words = s.split()
    sign = 1.0
    if words and words[0].lower() in nw.negative:
        sign, words = -1.0, words[1:]
    elif words and words[0][:1] in _MINUS and len(words[0]) > 1:
        sign, words = -1.0, [words[0][1:], *words[1:]]
    if not words:
        return None
    head, rest = words[0], " ".join(words[1:])
    if DIGITS.fullmatch(head):
        scale = nw.scales.get(rest.lower()) if rest else 1.0
        value = parse_digits(head, scale) if scale else None
    else:
        value = parse_number_words(words, nw)
    return None if value is None else sign * value
