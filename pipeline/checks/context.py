"""What every check reads about an article's figures: where each stands in
the document (its sentence and block), its period, its words, and how a
finding quotes it.

Figures are paired only within one block (a paragraph, a heading, a list
item: a line of the text) and within one period, so a headline is never the
total of its own repetition in the body, nor a year a part of a decade.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import regex

from .. import rules
from ..figures.qualifiers import qualifier_run
from ..model import Document, Figure, Sentence
from . import messages
from .findings import Finding

_WORD = regex.compile(r"\S+")


def line_column(text: str, pos: int) -> tuple[int, int]:
    """The line and column (both from 1) of offset `pos` in `text`."""
    return text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)


@dataclass
class Figures:
    """An article's figures in its document."""

    doc: Document
    figures: list[Figure]

    @property
    def rules(self) -> rules.Rules:
        return self.doc.rules

    @property
    def text(self) -> str:
        return self.doc.text

    def __getitem__(self, i: int) -> Figure:
        return self.figures[i]

    def __len__(self) -> int:
        return len(self.figures)

    @cached_property
    def _sentences(self) -> list[Sentence]:
        return [self.doc.sentence_at(f.sentence_start) for f in self.figures]

    def sentence(self, i: int) -> Sentence:
        return self._sentences[i]

    def block(self, i: int) -> int:
        return self._sentences[i].block

    def same_sentence(self, i: int, j: int) -> bool:
        return self.figures[i].sentence_start == self.figures[j].sentence_start

    def same_period(self, i: int, j: int) -> bool:
        """Whether two figures cover the same time, or one of them has none."""
        a, b = self.figures[i], self.figures[j]
        if a.period_end is None or b.period_end is None:
            return True
        return (a.period_start, a.period_end) == (b.period_start, b.period_end)

    def within_period(self, i: int, j: int) -> bool:
        """Whether figure i's time lies within figure j's ("đến nay, đã giải
        ngân 25 tỷ đồng" within "kế hoạch vốn năm 2024"), or one has none."""
        a, b = self.figures[i], self.figures[j]
        if a.period_end is None or b.period_end is None:
            return True
        return (b.period_start or b.period_end) <= (a.period_start or a.period_end) and a.period_end <= b.period_end

    def same_things(self, i: int, j: int) -> bool:
        """Whether two figures count the same things: always in a unit of its
        own (people, households, đồng); for a bare count, the same noun
        ("2 huyện" are no part of "1 tổ chức"), or one carried from the other."""
        a, b = self.figures[i], self.figures[j]
        if a.unit != b.unit:
            return False
        if a.unit != "count":
            return True
        x, y = a.unit_text.lower(), b.unit_text.lower()
        return not x or not y or x.startswith(y) or y.startswith(x)

    def clause_start(self, i: int) -> int:
        """Where the words of figure i begin: after the figure before it in its
        sentence, else at the sentence start."""
        f = self.figures[i]
        if i > 0 and self.same_sentence(i - 1, i):
            return self.figures[i - 1].char_end
        return f.sentence_start

    def is_change(self, i: int) -> bool:
        """`giảm 5.842 hộ`: a change of a stock, not the stock itself."""
        g, f = self.rules.grammar, self.figures[i]
        end = qualifier_run(self.rules, self.text, f.char_start, f.sentence_start)[0]
        before = self.text[max(f.sentence_start, end - 30) : end]
        return bool(g.increase_before.search(before) or g.decrease_before.search(before))

    def quote_start(self, i: int) -> int:
        """Where a quote of figure i begins: at its qualifier (`trên 35.350`,
        `khoảng 7.000/6.400`), else at its number."""
        f, text = self.figures[i], self.text
        start, qualifier = qualifier_run(self.rules, text, f.char_start, f.sentence_start)
        if qualifier is None:
            return f.char_start
        glue = self.rules.grammar.glue
        words = list(_WORD.finditer(text, start, f.char_start))
        k = 0
        while k < len(words):  # leave out the glue before the qualifier ("lên đến khoảng")
            n = next((n for n in (3, 2, 1) if " ".join(w.group().lower() for w in words[k : k + n]) in glue), 0)
            if not n:
                return words[k].start()
            k += n
        return f.char_start

    def line(self, i: int) -> int:
        return line_column(self.text, self.figures[i].char_start)[0]

    def finding(self, kind: str, indices: list[int], start: int, end: int, status: str,
                stated: float | None, computed: float | None, message: str, **params: str) -> Finding:
        note = messages.note(message, "en", params)
        figures = self.figures
        return Finding(kind, status, stated, computed, start, end, self.text[start:end], note, tuple(indices),
                       figures[indices[0]].doc_id, message, params)
