"""Plans stated on their own (tests/tables/plans.yaml), and every plan and
aim word of rules/figures.yaml making a target (their rows in
tests/tables/entries/figures.yaml read them as percentages of plan)."""
import pytest
from conftest import table

from pipeline import extract_text
from pipeline.figures.grammar import _FIGURES_SCHEMA
from pipeline.rules import default_rules

WORDS = default_rules().data("figures", _FIGURES_SCHEMA)


def _figure(text: str, quote: str):
    (figure,) = [f for f in extract_text(text) if text[f.char_start : f.char_end] == quote]
    return figure


@pytest.mark.parametrize("row", table("plans"), ids=lambda r: r["rule"])
def test_plans(row):
    figure = _figure(row["text"], row["figure"])
    assert (figure.plan, figure.is_plan) == (row["plan"], row["plan"] == "target")


@pytest.mark.parametrize("word", WORDS["plan_words"] + WORDS["aim_words"])
def test_every_plan_and_aim_word_makes_a_target(word):
    figure = _figure(f"{word.capitalize()} của huyện năm 2025 là 1.234 người.", "1.234 người")
    assert figure.is_plan
