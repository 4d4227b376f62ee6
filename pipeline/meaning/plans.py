"""Plans stated on their own: figures that say what is to be reached or spent.

A figure after a plan word (`kế hoạch`, `chỉ tiêu`, `mục tiêu`) or an aim word
(`phấn đấu`, `dự kiến`) in its sentence, with no achievement word (`đã`)
between, is stated as a plan (rules/figures.yaml). A plan word right before
a budget word (`kế hoạch vốn`, `kế hoạch kinh phí`) names an amount to spend,
a budget; any other is a target, and the figure's `is_plan` is set: summing
achievements must leave it out. A plan word that only says what a percentage
is of (`đạt 85,77% kế hoạch`) or stands in parentheses closed before the
figure marks nothing.
"""
from __future__ import annotations

import regex

from ..model import Document, Figure

TARGET = "target"
BUDGET = "budget"

# "đạt 85,77% kế hoạch", "đạt 65,6% so với kế hoạch": the plan word says what
# the percentage is of.
_AFTER_PERCENT = regex.compile(r"%\s*(?:so\s+với\s+)?$", regex.IGNORECASE)


def mark_plans(doc: Document, figures: list[Figure]) -> None:
    """Set `plan` (TARGET, BUDGET or None) and `is_plan` on every figure."""
    g, text = doc.rules.grammar, doc.text
    for f in figures:
        sentence = doc.sentence_at(f.char_start)
        f.plan = _plan_of(g, text, sentence.start if sentence else 0, f)
        f.is_plan = f.plan == TARGET


def _plan_of(g, text: str, start: int, f: Figure) -> str | None:
    cues = [
        m for m in g.plan_cue.finditer(text, start, f.char_start)
        if m.group(1) and not _AFTER_PERCENT.search(text, max(start, m.start() - 20), m.start())
        and not _closed_between(text, m.end(), f.char_start)
    ]
    if not cues or g.achieved.search(text, cues[-1].end(), f.char_start):
        return None
    return BUDGET if g.budget_after.match(text, cues[-1].end()) else TARGET


def _closed_between(text: str, start: int, end: int) -> bool:
    """True when a parenthesis open at `start` closes before `end`."""
    depth = 0
    for ch in text[start:end]:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return True
    return False
