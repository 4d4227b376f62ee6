"""What a check finds: a `Finding`, its status and its kind.

A status means one thing:
- `ok`: recomputed from the article's own numbers, and it holds;
- `mismatch`: recomputed, and it does not hold;
- `partial`: a breakdown whose listed parts fall short of its total where the
  list may name only some of them (the note says how much is unaccounted for);
- `unverifiable`: approximate or implied, so nothing can be recomputed
  exactly (the note says why).

The note of a finding is kept as a message of the catalogue
(`pipeline.checks.messages`) and its parameters, so it can be shown in
English or in Vietnamese; `note` is the English text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import messages

OK, MISMATCH, PARTIAL, UNVERIFIABLE = "ok", "mismatch", "partial", "unverifiable"
STATUSES = (MISMATCH, PARTIAL, UNVERIFIABLE, OK)
STATUS_ORDER = STATUSES  # the order findings are listed in
# Which status a figure shows when several checks involve it: a contradiction
# first, then a breakdown left incomplete, then what holds.
_FIGURE_RANK = {MISMATCH: 0, PARTIAL: 1, OK: 2, UNVERIFIABLE: 3}

PERCENT_OF_PLAN = "percent_of_plan"  # 23.758/23.279 người, đạt 102,5% kế hoạch
SHARE = "share"  # 12.400/215.300 hộ, chiếm tỷ lệ 5,76%
PERCENT_OF_TOTAL = "percent_of_total"  # trong tổng số 2.000 học viên, có 1.700 người ..., đạt tỷ lệ 85%
PLAN_ELSEWHERE = "plan_elsewhere"  # a plan stated earlier, then "đạt 97% kế hoạch"
IMPLIED_PLAN = "implied_plan"  # 1.115 lao động, đạt 85,77% kế hoạch: a plan of 1.300
PARTS = "parts"  # the parts of a breakdown against their total
REMAINDER = "remainder"  # còn lại, chưa phân bổ: plan minus used
CONFLICT = "conflict"  # one fact stated with two values (across articles or within one)
KINDS = (PERCENT_OF_PLAN, SHARE, PERCENT_OF_TOTAL, PLAN_ELSEWHERE, IMPLIED_PLAN, PARTS, REMAINDER, CONFLICT)


@dataclass
class Finding:
    kind: str  # one of KINDS
    status: str  # one of STATUSES
    stated: float | None  # what the article says (canonical unit; percent for a percentage)
    computed: float | None  # what its other numbers give
    char_start: int  # the words checked, in the article's text: from the qualifier to the end of the unit
    char_end: int
    quote: str
    note: str  # in English
    figures: tuple[int, ...]  # indices of the figures involved
    doc_id: str = ""
    # The note as a message of the catalogue, for other languages; a finding
    # made without one shows `note` in every language.
    message: str = ""
    params: dict[str, str] = field(default_factory=dict, repr=False)
    # A conflict (pipeline.checks.facts): the other mention, in another
    # article or said again in this one.
    other_doc_id: str | None = None
    other_value: float | None = None
    other_quote: str | None = None
    other_char_start: int | None = None
    other_char_end: int | None = None

    def note_in(self, lang: str) -> str:
        return messages.note(self.message, lang, self.params) if self.message else self.note

    def record(self) -> dict:
        """The finding as a JSON object (English keys and values; with the
        other mention's keys for a conflict)."""
        out = {
            "doc_id": self.doc_id,
            "kind": self.kind,
            "status": self.status,
            "stated": _rounded(self.stated),
            "computed": _rounded(self.computed),
            "char_start": self.char_start,
            "char_end": self.char_end,
            "quote": self.quote,
            "note": self.note,
        }
        if self.other_doc_id is not None:
            out.update(
                other_doc_id=self.other_doc_id,
                other_value=_rounded(self.other_value),
                other_quote=self.other_quote,
                other_char_start=self.other_char_start,
                other_char_end=self.other_char_end,
            )
        return out


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def worse(status: str, than: str | None) -> bool:
    """Whether a figure involved in findings of both statuses shows `status`."""
    return than is None or _FIGURE_RANK[status] < _FIGURE_RANK[than]
