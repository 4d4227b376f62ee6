"""The vocabulary of rules/units.yaml and rules/figures.yaml, compiled
(`Rules.units`, `Rules.grammar`).

Phrase lists become case-insensitive regular expressions that match whole
words, longest phrase first.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from .. import rules
from ..model import CANONICAL_UNITS, QUALIFIERS
from ..rules import WORD_EDGE_AFTER, WORD_EDGE_BEFORE, alternation, phrase_regex

_FIGURES_SCHEMA = {
    "date_cues": [str],
    "identifier_heads": [str],
    "identifier_head_exceptions": [str],
    "calendar_heads": {str: int},
    "qualifiers": {str: [str]},
    "qualifier_glue": [str],
    "sentence_estimate": [str],
    "range_joiners": [str],
    "number_conjunctions": [str],
    "plan_words": [str],
    "aim_words": [str],
    "plan_word_exceptions": [str],
    "achieved_words": [str],
    "budget_words": [str],
    "assigned_words": [str],
    "percent_of_figure": [str],
    "rate_nouns": [str],
    "copulas_after": [str],
    "exceed_words": [str],
    "times_words": [str],
    "multiple_words": [str],
    "rate_of_pair": [str],
    "comparison_after": [str],
    "same_period": [str],
    "increase_words": [str],
    "decrease_words": [str],
    "breakdown_markers": [str],
    "breakdown_openers": [str],
    "copulas": [str],
    "level_words": [str],
    "restatement_words": [str],
    "out_of": [str],
    "page_chrome": [str],
}
_UNITS_SCHEMA = {"units": {str: [str]}, "not_units": [str], "time_nouns": [str]}

@dataclass(frozen=True)
class Units:
    by_text: dict[str, str]  # lower-cased written form -> canonical unit
    starts: regex.Pattern  # a unit, not-a-unit or time noun, for .match(text, pos)
    not_units: frozenset[str]
    time_nouns: frozenset[str]


def compile_units(r: rules.Rules) -> Units:
    data = r.data("units", _UNITS_SCHEMA)
    by_text: dict[str, str] = {}
    for unit, written in data["units"].items():
        if unit not in CANONICAL_UNITS:
            raise rules.RulesError(f"units.yaml: unknown canonical unit {unit!r} (one of {', '.join(CANONICAL_UNITS)})")
        for w in written:
            by_text.setdefault(w.lower(), unit)
    everything = list(by_text) + data["not_units"] + data["time_nouns"]
    # "%" and "$" are not letters: they need no word edge before them.
    starts = regex.compile(rf"[ \t]*({alternation(everything)})(?![\p{{L}}\p{{N}}])", regex.IGNORECASE)
    return Units(
        by_text=by_text,
        starts=starts,
        not_units=frozenset(w.lower() for w in data["not_units"]),
        time_nouns=frozenset(w.lower() for w in data["time_nouns"]),
    )


@dataclass(frozen=True)
class Grammar:
    date_cue_before: regex.Pattern
    identifier_head_before: regex.Pattern
    identifier_exception_before: regex.Pattern
    calendar_head_before: regex.Pattern
    calendar_limit: dict[str, int]
    qualifier_before: regex.Pattern
    qualifier_of: dict[str, str]
    glue: frozenset[str]
    sentence_estimate: regex.Pattern
    range_joiner: str
    pair_joiner: regex.Pattern  # between the numbers of X/Y or of a range
    and_between: regex.Pattern  # for .fullmatch between two numbers
    plan_after: regex.Pattern
    plan_opening: regex.Pattern
    plan_cue: regex.Pattern  # a plan or aim word; group 1 is unset for an exception
    achieved: regex.Pattern
    budget_after: regex.Pattern  # for .match right after a plan word
    percent_of_figure_between: regex.Pattern
    copula_after: regex.Pattern  # for .match right after a number
    exceed_before: regex.Pattern
    multiple_before: regex.Pattern
    times_after: regex.Pattern
    rate_of_pair_between: regex.Pattern
    rate_of_pair_before: regex.Pattern
    comparison_after: regex.Pattern
    same_period_before: regex.Pattern
    increase_before: regex.Pattern
    decrease_before: regex.Pattern
    breakdown_marker: regex.Pattern
    breakdown_opener: regex.Pattern  # for .match at a sentence's start
    copula_before: regex.Pattern
    level_before: regex.Pattern
    restated_comparison: regex.Pattern  # for .match after an increase's unit
    out_of_between: regex.Pattern
    page_chrome: regex.Pattern


def compile_grammar(r: rules.Rules) -> Grammar:
    g = r.data("figures", _FIGURES_SCHEMA)
    qualifier_of: dict[str, str] = {}
    for qualifier, words in g["qualifiers"].items():
        if qualifier not in QUALIFIERS:
            raise rules.RulesError(f"figures.yaml: unknown qualifier {qualifier!r} (one of {', '.join(QUALIFIERS)})")
        for w in words:
            qualifier_of.setdefault(" ".join(w.lower().split()), qualifier)
    glue = [" ".join(w.lower().split()) for w in g["qualifier_glue"]]
    return Grammar(
        date_cue_before=phrase_regex(g["date_cues"], "$"),
        identifier_head_before=phrase_regex(g["identifier_heads"], "$"),
        identifier_exception_before=phrase_regex(g["identifier_head_exceptions"], "$"),
        calendar_head_before=phrase_regex(list(g["calendar_heads"]), "$"),
        calendar_limit={k.lower(): v for k, v in g["calendar_heads"].items()},
        qualifier_before=phrase_regex(list(qualifier_of) + glue, "$"),
        qualifier_of=qualifier_of,
        glue=frozenset(glue),
        sentence_estimate=phrase_regex(g["sentence_estimate"]),
        range_joiner=alternation(g["range_joiners"]),
        and_between=regex.compile(rf"\s*(?:,|{alternation(g['number_conjunctions'])})\s*", regex.IGNORECASE),
        pair_joiner=regex.compile(rf"^(?:\s*/\s*|\s*(?:{alternation(g['range_joiners'])})\s*)$", regex.IGNORECASE),
        plan_after=regex.compile(
            rf"\s*(?:so\s+với\s+)?(?:{alternation(g['plan_words'])}){WORD_EDGE_AFTER}", regex.IGNORECASE
        ),
        # "(KH 70%)", "(kế hoạch năm 2024: ...)", "(chỉ tiêu đề ra là ...)", "(cả năm giao ...)":
        # a plan or assigned word, then at most a few words and no number but a year.
        plan_opening=regex.compile(
            rf"\(\s*(?:(?:[^\d()]|(?:19|20)\d\d){{0,30}}?{WORD_EDGE_BEFORE})?(?:{alternation(g['plan_words'] + g['assigned_words'])}){WORD_EDGE_AFTER}"
            rf"(?:\s+năm\s+\d{{4}})?(?:\s+[^\s\d()]+){{0,3}}?\s*:?\s*$",
            regex.IGNORECASE,
        ),
        plan_cue=regex.compile(
            rf"{WORD_EDGE_BEFORE}(?:{alternation(g['plan_word_exceptions'])}|({alternation(g['plan_words'] + g['aim_words'])})){WORD_EDGE_AFTER}",
            regex.IGNORECASE,
        ),
        achieved=phrase_regex(g["achieved_words"]),
        budget_after=phrase_regex(g["budget_words"], "^"),
        percent_of_figure_between=regex.compile(
            rf"^(?:(?!{WORD_EDGE_BEFORE}(?:{alternation(g['rate_nouns'])}){WORD_EDGE_AFTER})[^;\d])*?(?:^|[,(])\s*"
            rf"(?:{alternation(g['percent_of_figure'])})\s*$",
            regex.IGNORECASE,
        ),
        copula_after=regex.compile(rf"[ \t]+(?:{alternation(g['copulas_after'])})[ \t]+", regex.IGNORECASE),
        exceed_before=phrase_regex(g["exceed_words"], "$"),
        multiple_before=phrase_regex(g["multiple_words"], "$"),
        times_after=phrase_regex(g["times_words"], "^"),
        rate_of_pair_between=regex.compile(rf"^\s*[,(]?\s*(?:{alternation(g['rate_of_pair'])})\s*$", regex.IGNORECASE),
        rate_of_pair_before=phrase_regex(g["rate_of_pair"], "$"),
        comparison_after=phrase_regex(g["comparison_after"], "^"),
        same_period_before=phrase_regex(g["same_period"], "$"),
        increase_before=phrase_regex(g["increase_words"], "$"),
        decrease_before=phrase_regex(g["decrease_words"], "$"),
        breakdown_marker=phrase_regex(g["breakdown_markers"]),
        breakdown_opener=regex.compile(rf"[\s\-–+•*(]*({alternation(g['breakdown_openers'])}){WORD_EDGE_AFTER}", regex.IGNORECASE),
        copula_before=phrase_regex(g["copulas"], "$"),
        level_before=phrase_regex(g["level_words"], "$"),
        restated_comparison=regex.compile(
            rf"[^;.]*?{WORD_EDGE_BEFORE}(?:{alternation(g['restatement_words'])}){WORD_EDGE_AFTER}[^;.]*?"
            rf"{WORD_EDGE_BEFORE}(?:{alternation(g['comparison_after'])}){WORD_EDGE_AFTER}",
            regex.IGNORECASE,
        ),
        out_of_between=regex.compile(rf"^\s+(?:{alternation(g['out_of'])})\s+$", regex.IGNORECASE),
        page_chrome=regex.compile("|".join(f"(?:{p})" for p in g["page_chrome"]), regex.IGNORECASE),
    )
