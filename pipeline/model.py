"""The article, its document structure and its figures: what every step
reads and writes.

An `Article` is one input text, normalised. Its `Document` is built once
(`pipeline.text.document`): the blocks of the text (title, date line,
headings, captions, list items, paragraphs, the lead among them) and their
sentences, with the rules every step reads. A `Figure` is one reported
quantity of it, one row of the dataset.

Field names and meanings are those of docs/figures.md and docs/dataset.md;
the columns the later issues add (province code, 2025 province, arithmetic
check) come after the first seventeen.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .meaning.time_phrases import TimePhrase
    from .rules import Rules
    from .text.tables import Table

# The canonical units (docs/units.md).
CANONICAL_UNITS = ("VND", "USD", "percent", "person", "person_time", "household", "case", "kg", "tonne", "hectare", "house", "count")
MONEY = ("VND", "USD")
# Where a figure's indicator or period was found, nearest first: its own
# words, the total it is a part of (or the head of its list), its sentence,
# the running topic or time of its paragraph, the article's.
OWN, TOTAL, SENTENCE, PARAGRAPH_FRAME, ARTICLE = "own", "total", "sentence", "paragraph", "article"
FRAMES = (OWN, TOTAL, SENTENCE, PARAGRAPH_FRAME, ARTICLE)
# What a qualifier word says (docs/dataset.md; a range is read from the number).
QUALIFIERS = ("approx", "over", "under", "estimate")


@dataclass
class Article:
    doc_id: str
    text: str  # normalised (pipeline.text.normalise); every offset points into it
    title: str | None = None
    published: date | None = None
    url: str | None = None  # where it was read from: a .jsonl line's "url", a page's own address
    # What reading mended in its bytes ("1 invalid UTF-8 sequence replaced
    # ..."), reported as `repaired`; None when nothing was.
    repaired: str | None = None


@dataclass(frozen=True)
class Sentence:
    start: int  # offsets in the article's text
    end: int
    text: str
    index: int = 0  # in the document's reading order
    block: int = 0  # index of the block it stands in


_PARENTHESIS = re.compile(r"[()]")

# Kinds of block: one line of the text each (or the title given beside it).
TITLE = "title"
DATELINE = "dateline"  # "Thứ Hai, 03/06/2024 - 14:05"
HEADING = "heading"  # a short line with no closing punctuation
CAPTION = "caption"  # a photo's caption ("... Ảnh: TL")
LIST_ITEM = "list_item"  # "+ Hộ nghèo ...", "- ...", "a) ..."
PARAGRAPH = "paragraph"
TABLE = "table"  # a line of a table (pipeline.text.tables): its cells are read as cells, not as sentences


@dataclass(frozen=True)
class Block:
    index: int
    kind: str
    start: int
    end: int
    sentences: range  # indices of its sentences in the document
    lead: bool = False  # the article's first paragraph


@dataclass
class Document:
    """An article read once into its structure. Steps take the vocabulary
    (`rules`), the sentences and the blocks from here instead of splitting the
    text again."""

    article: Article
    rules: Rules
    blocks: list[Block]
    sentences: list[Sentence]
    published: date | None = None  # the article's date, given or read off its date line
    tables: list[Table] = field(default_factory=list)
    # Each sentence's breakdown scopes once read (pipeline.figures.breakdown),
    # by its (start, end): the figures and the indicator step both read them.
    breakdowns: dict[tuple[int, int], list[tuple[int, int, int]]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def doc_id(self) -> str:
        return self.article.doc_id

    def sentence_at(self, pos: int) -> Sentence | None:
        """The sentence that holds offset `pos` (or the last one before it)."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.sentences[i] if i >= 0 else None

    def block_of(self, sentence: Sentence) -> Block:
        return self.blocks[sentence.block]

    def closed_between(self, start: int, end: int) -> bool:
        """True when a parenthesis open at `start` closes before `end` (or a
        `)` with no `(` stands there): words after it are outside what holds
        `start`."""
        positions, tops, closes, strays = self._parentheses
        k = bisect.bisect_left(positions, start)
        top = tops[k - 1] if k else -1
        if top >= 0:
            return closes.get(top, len(self.text)) < end
        i = bisect.bisect_left(strays, start)
        return i < len(strays) and strays[i] < end

    def enclosing_parenthesis(self, pos: int) -> tuple[int, int] | None:
        """Where the innermost parenthesis open at `pos` opens and closes (the
        text's end if it never does), if one is."""
        positions, tops, closes, _ = self._parentheses
        top = tops[bisect.bisect_right(positions, pos) - 1] if positions and positions[0] <= pos else -1
        close = closes.get(top, len(self.text))
        return (top, close) if top >= 0 and close > pos else None

    @cached_property
    def _parentheses(self) -> tuple[list[int], list[int], dict[int, int], list[int]]:
        """The text's parentheses read once: the position of each, the
        innermost one open after each (-1: none), where each `(` closes, and
        the `)` that close nothing."""
        positions, tops, closes, strays, stack = [], [], {}, [], []
        for m in _PARENTHESIS.finditer(self.text):
            pos = m.start()
            if m.group() == "(":
                stack.append(pos)
            elif stack:
                closes[stack.pop()] = pos
            else:
                strays.append(pos)
            positions.append(pos)
            tops.append(stack[-1] if stack else -1)
        return positions, tops, closes, strays

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def time_phrases(self) -> list[TimePhrase]:
        """Every phrase of time in the text, read once: the figures step
        (a year that ends one is no count) and the period step read them."""
        from .meaning.time_phrases import find_time_phrases  # which imports this module

        return find_time_phrases(self.rules.periods, self.text)


@dataclass
class Figure:
    value: float
    unit: str
    unit_text: str
    char_start: int
    char_end: int
    sentence: str = ""
    doc_id: str = ""
    province: str | None = None
    indicator: str = "other"
    indicator_text: str = ""
    value_max: float | None = None
    qualifier: str | None = None
    target: float | None = None
    pct_of_target: float | None = None
    period_start: date | None = None
    period_end: date | None = None
    period_text: str | None = None
    province_code: str | None = None
    province_2025: str | None = None
    check_status: str | None = None
    check_note: str | None = None
    check_note_vi: str | None = None
    # A plan or target stated on its own ("phấn đấu năm 2025 giải quyết việc
    # làm cho 22.550 lao động"), not an achievement.
    is_plan: bool = False
    # Where the indicator and the period came from: one of FRAMES, or None
    # when nothing set them.
    indicator_from: str | None = None
    period_from: str | None = None
    # The links between the figures of one article as dataset ids, set by
    # pipeline.meaning.repeats: the figure_id of the total this figure is a
    # part of (the `part_of` column), and of the earlier mention of the same
    # figure that this one repeats (title, lead, caption, body).
    total_id: str | None = None
    repeat_of: str | None = None
    quote: str = ""  # the figure's words as written: text[char_start:char_end]
    # Not written to the dataset: links between figures of one article, used
    # by the unit carrier, the indicator step and the arithmetic checks.
    part_of: int | None = field(default=None, repr=False, compare=False)
    sentence_start: int = field(default=0, repr=False, compare=False)
    # end of the written number and its `%`, before a scale word ("16,1| tỷ đồng")
    number_end: int | None = field(default=None, repr=False, compare=False)
    # stated as a plan: "target" (is_plan) or "budget" (kế hoạch vốn), else None
    plan: str | None = field(default=None, repr=False, compare=False)

    @property
    def figure_id(self) -> str:
        """Unique in a dataset: an article's doc_id is, and no two of its
        figures start at the same offset."""
        return f"{self.doc_id}#{self.char_start}"

    def row(self) -> dict:
        """The figure as a dataset row: internal links left out, the links
        between figures as figure ids."""
        row = {name: getattr(self, name) for name in _COLUMN_FIELDS}
        row["figure_id"] = self.figure_id
        row["part_of"] = self.total_id
        return row


# The dataset's columns: the fields shown in repr (the internal links are
# not), with the total as its figure id.
_COLUMN_FIELDS = tuple(f.name for f in fields(Figure) if f.repr and f.name != "total_id")
ROW_FIELDS = (*_COLUMN_FIELDS, "figure_id", "part_of")  # the keys of Figure.row()
