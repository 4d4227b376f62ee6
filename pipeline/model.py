"""The article, its document structure and its figures: what every step
reads and writes.

An `Article` is one input text, normalised. Its `Document` is built once
(`pipeline.text.document`): the blocks of the text (title, date line,
headings, captions, list items, paragraphs, the lead among them) and their
sentences, with the rules every step reads. A `Figure` is one reported
quantity of it, one row of the dataset.

Field names and meanings follow ../shared/spec/FIGURES.md section 2; the
columns the later issues add (province code, 2025 province, arithmetic check)
come after them.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rules import Rules

# FIGURES.md section 3: the canonical units.
CANONICAL_UNITS = ("VND", "USD", "percent", "person", "person_time", "household", "case", "kg", "tonne", "house", "count")
MONEY = ("VND", "USD")
# Where a figure's indicator or period was found, nearest first: its own
# words, the total it is a part of (or the head of its list), its sentence,
# the running topic or time of its paragraph, the article's.
OWN, TOTAL, SENTENCE, PARAGRAPH_FRAME, ARTICLE = "own", "total", "sentence", "paragraph", "article"
FRAMES = (OWN, TOTAL, SENTENCE, PARAGRAPH_FRAME, ARTICLE)
# FIGURES.md section 2: what a qualifier word says (a range is read from the number).
QUALIFIERS = ("approx", "over", "under", "estimate")


@dataclass
class Article:
    doc_id: str
    text: str  # normalised (pipeline.text.normalise); every offset points into it
    title: str | None = None
    published: date | None = None
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


# Kinds of block: one line of the text each (or the title given beside it).
TITLE = "title"
DATELINE = "dateline"  # "Thứ Hai, 03/06/2024 - 14:05"
HEADING = "heading"  # a short line with no closing punctuation
CAPTION = "caption"  # a photo's caption ("... Ảnh: TL")
LIST_ITEM = "list_item"  # "+ Hộ nghèo ...", "- ...", "a) ..."
PARAGRAPH = "paragraph"


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

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sentences]


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
    # A plan or target stated on its own ("phấn đấu năm 2025 giải quyết việc
    # làm cho 22.550 lao động"), not an achievement.
    is_plan: bool = False
    # Where the indicator and the period came from: one of FRAMES, or None
    # when nothing set them.
    indicator_from: str | None = None
    period_from: str | None = None
    # Not written to the dataset: links between figures of one article, used
    # by the unit carrier, the indicator step and the arithmetic checks.
    part_of: int | None = field(default=None, repr=False, compare=False)
    sentence_start: int = field(default=0, repr=False, compare=False)
    # end of the written number and its `%`, before a scale word ("16,1| tỷ đồng")
    number_end: int | None = field(default=None, repr=False, compare=False)

    def row(self) -> dict:
        """The figure as a dataset row (internal links left out)."""
        return {name: getattr(self, name) for name in ROW_FIELDS}


ROW_FIELDS = tuple(f.name for f in fields(Figure) if f.name not in ("part_of", "sentence_start", "number_end"))
