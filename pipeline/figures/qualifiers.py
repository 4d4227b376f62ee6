"""Qualifiers: `khoảng`, `trên`, `gần`, `ước`... (rules/figures.yaml).

The words right before a number decide; in a run of them the first one does
("khoảng trên 15.950" is approx). An estimate word that opens a sentence
("Ước thực hiện năm 2015, ...") makes its later figures estimates.
"""
from __future__ import annotations

from .. import rules


def qualifier_run(r: rules.Rules, text: str, start: int, floor: int) -> tuple[int, str | None]:
    """The run of qualifier and glue words right before a number at `start`,
    looking back no further than `floor`: where it begins, and the qualifier
    its first qualifier word gives (None when it has none)."""
    g = r.grammar
    found = None
    while start > floor:
        m = g.qualifier_before.search(text, max(floor, start - 30), start)
        if not m:
            break
        word = " ".join(m.group(1).lower().split())
        if word in g.qualifier_of:
            found = g.qualifier_of[word]
        start = m.start()
    return start, found


def qualifier_before(r: rules.Rules, text: str, start: int, floor: int) -> str | None:
    """The qualifier of a number at `start`, looking back no further than `floor`."""
    return qualifier_run(r, text, start, floor)[1]


def sentence_estimate_from(r: rules.Rules, text: str, start: int, end: int, number_starts: list[int]) -> int | None:
    """Where a sentence-wide estimate begins: an estimate word that is not
    right before a number of the sentence, or None."""
    g = r.grammar
    for m in g.sentence_estimate.finditer(text, start, end):
        if any(n >= m.end() and only_glue(r, text[m.end() : n]) for n in number_starts):
            continue  # "ước đạt 17,1 tỷ": it qualifies that number only
        return m.end()
    return None


def only_glue(r: rules.Rules, between: str) -> bool:
    """True when `between` holds nothing but blanks and glue words (`đạt`)."""
    return all(w in r.grammar.glue for w in between.lower().split())
