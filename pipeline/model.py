"""The article and its figures: what every step reads and writes.

An `Article` is one input text, normalised; a `Figure` is one reported
quantity of it, one row of the dataset.

Field names and meanings follow ../shared/spec/FIGURES.md section 2; the
columns the later issues add (province code, 2025 province, arithmetic check)
come after them.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date


@dataclass
class Article:
    doc_id: str
    text: str  # normalised (pipeline.text.normalise); every offset points into it
    title: str | None = None
    published: date | None = None


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
