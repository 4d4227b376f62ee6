"""Qualifiers: `khoảng`, `trên`, `gần`, `ước`... (rules/figures.yaml).

The words right before a number decide; in a run of them the first one does
("khoảng trên 15.950" is approx). An estimate word that opens a sentence
("Ước thực hiện năm 2015, ...") makes its later figures estimates.
"""
from __future__ import annotations

from .grammar import grammar


def qualifier_before(text: str, start: int, floor: int) -> str | None:
    """The qualifier of a number at `start`, looking back no further than `floor`."""
    g = grammar()
    found = None
    end = start
    while end > floor:
        m = g.qualifier_before.search(text, max(floor, end - 30), end)
        if not m:
            break
        word = " ".join(m.group(1).lower().split())
        if word in g.qualifier_of:
            found = g.qualifier_of[word]
        end = m.start()
    return found


def sentence_estimate_from(text: str, start: int, end: int, number_starts: list[int]) -> int | None:
    """Where a sentence-wide estimate begins: an estimate word that is not
    right before a number of the sentence, or None."""
    g = grammar()
    for m in g.sentence_estimate.finditer(text, start, end):
        if any(n >= m.end() and only_glue(text[m.end() : n]) for n in number_starts):
            continue  # "ước đạt 17,1 tỷ": it qualifies that number only
        return m.end()
    return None


def only_glue(between: str) -> bool:
    """True when `between` holds nothing but blanks and glue words (`đạt`)."""
    g = grammar()
    return all(w in g.glue for w in between.lower().split())
