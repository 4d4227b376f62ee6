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

import bisect

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
    words: dict[int, tuple[list[regex.Match], list[int], list[int]]] = {}  # per sentence, read once
    for f in figures:
        sentence = doc.sentence_at(f.char_start)
        start, end = (sentence.start, sentence.end) if sentence else (0, len(text))
        if start not in words:
            cues = [
                m for m in g.plan_cue.finditer(text, start, end)
                if m.group(1) and not _AFTER_PERCENT.search(text, max(start, m.start() - 20), m.start())
            ]
            words[start] = (cues, [m.end() for m in cues], [m.start() for m in g.achieved.finditer(text, start, end)])
        f.plan = _plan_of(doc, g, *words[start], f)
        f.is_plan = f.plan == TARGET


def _plan_of(doc: Document, g, cues: list[regex.Match], cue_ends: list[int], achieved: list[int], f: Figure) -> str | None:
    """The plan the last plan word before the figure makes it, if any."""
    k = bisect.bisect_right(cue_ends, f.char_start)
    cue = next((cues[j] for j in range(k - 1, -1, -1) if not doc.closed_between(cues[j].end(), f.char_start)), None)
    if cue is None:
        return None
    a = bisect.bisect_left(achieved, cue.end())
    if a < len(achieved) and achieved[a] < f.char_start:
        return None
    return BUDGET if g.budget_after.match(doc.text, cue.end()) else TARGET
