"""Check an article's arithmetic: do the numbers it states agree?

The checks, one module each, every one giving `Finding`s (see findings.py for
what each status means):

- ratios.py: a percentage of plan against achieved/plan (`percent_of_plan`),
  a share against part/whole (`share`), against a plan stated earlier
  (`plan_elsewhere`), or the plan it implies (`implied_plan`);
- shares.py: a percentage figure against the whole stated in another clause
  (`share`, `percent_of_total`);
- parts.py: the parts of a breakdown against their total (`parts`);
- remainder.py: what is left against plan minus used (`remainder`).

Each figure a check involves gets `check_status` (the worst of its findings:
mismatch, partial, ok, unverifiable), `check_note` (the English notes,
joined) and `check_note_vi` (the same in Vietnamese).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .. import rules
from ..model import CANONICAL_UNITS, Document, Figure
from ..rules import phrase_regex
from . import messages
from .context import Figures
from .findings import Finding, worse
from .parts import check_parts
from .ratios import check_percentage
from .remainder import check_remainders
from .shares import check_shares

_SCHEMA = {
    "parts": {
        "exhaustive_markers": [str],
        "partial_markers": [str],
        "closed_sets": [[str]],
        "overlapping_groups": [str],
    },
    "shares": {"share_words": [str], "rate_words": [str], "total_words": [str]},
    "remainder_words": [str],
    "amount_words": [str],
    "whole_units": [str],
}


@dataclass(frozen=True)
class CheckVocabulary:
    exhaustive: frozenset[str]
    marker: regex.Pattern  # any breakdown marker, exhaustive or partial
    closed_sets: tuple[tuple[regex.Pattern, ...], ...]  # each level of each set
    overlapping: regex.Pattern
    share_word: regex.Pattern  # between a pair and its percentage
    rate_before: regex.Pattern  # a share or rate word right before a percentage
    total_before: regex.Pattern  # a total word right before a number
    remainder: regex.Pattern
    amount: regex.Pattern  # an amount named as a whole, that a remainder may be left of
    whole_units: frozenset[str]


def compile_check_vocabulary(r: rules.Rules) -> CheckVocabulary:
    data = r.data("checks", _SCHEMA)
    parts, shares = data["parts"], data["shares"]
    for unit in data["whole_units"]:
        if unit not in CANONICAL_UNITS:
            raise rules.RulesError(f"checks.yaml: unknown canonical unit {unit!r} in whole_units")
    for levels in parts["closed_sets"]:
        if len(levels) < 2:
            raise rules.RulesError(f"checks.yaml: a closed set needs two levels or more, not {levels!r}")
    return CheckVocabulary(
        exhaustive=frozenset(" ".join(m.lower().split()) for m in parts["exhaustive_markers"]),
        marker=phrase_regex(parts["exhaustive_markers"] + parts["partial_markers"]),
        closed_sets=tuple(tuple(phrase_regex([level]) for level in levels) for levels in parts["closed_sets"]),
        overlapping=phrase_regex(parts["overlapping_groups"]),
        share_word=phrase_regex(shares["share_words"]),
        rate_before=phrase_regex(shares["share_words"] + shares["rate_words"], "$"),
        total_before=phrase_regex(shares["total_words"], "$"),
        remainder=phrase_regex(data["remainder_words"]),
        amount=phrase_regex(data["amount_words"]),
        whole_units=frozenset(data["whole_units"]),
    )


def check_figures(doc: Document, figures: list[Figure]) -> list[Finding]:
    """Every check on an article's figures, in the order they start (and
    end) in the text; sets `check_status`, `check_note` and `check_note_vi` on the figures involved.
    Indicators and periods must be assigned already."""
    fx = Figures(doc, figures)
    findings = [check_percentage(fx, i) for i, f in enumerate(figures) if f.pct_of_target is not None]
    findings += check_shares(fx)
    findings += check_parts(fx)
    findings += check_remainders(fx)
    findings.sort(key=lambda x: (x.char_start, x.char_end))
    _mark(figures, findings)
    return findings


def _mark(figures: list[Figure], findings: list[Finding]) -> None:
    for f in figures:
        f.check_status = f.check_note = f.check_note_vi = None
    for finding in findings:
        note = f"{finding.kind}: {finding.note}"
        note_vi = f"{messages.kind_label(finding.kind, 'vi')}: {finding.note_in('vi')}"
        for k in finding.figures:
            f = figures[k]
            if worse(finding.status, f.check_status):
                f.check_status = finding.status
            f.check_note = f"{f.check_note}; {note}" if f.check_note else note
            f.check_note_vi = f"{f.check_note_vi}; {note_vi}" if f.check_note_vi else note_vi
