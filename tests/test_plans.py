"""Plans stated on their own (tests/tables/plans.yaml), and every plan, aim,
budget and achievement word of rules/figures.yaml."""
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


@pytest.mark.parametrize("word", WORDS["budget_words"])
def test_every_budget_word_makes_a_budget(word):
    figure = _figure(f"Kế hoạch {word} năm 2025 của huyện là 12 tỷ đồng.", "12 tỷ đồng")
    assert (figure.plan, figure.is_plan) == ("budget", False)


@pytest.mark.parametrize("words", WORDS["plan_word_exceptions"])
def test_every_programme_name_is_no_plan(words):
    figure = _figure(f"Nguồn vốn {words} giảm nghèo hỗ trợ 1.234 hộ nghèo.", "1.234 hộ nghèo")
    assert figure.plan is None


@pytest.mark.parametrize("word", WORDS["achieved_words"])
def test_every_achievement_word_ends_a_plan(word):
    figure = _figure(f"Theo kế hoạch năm 2025, huyện {word} hỗ trợ 1.234 hộ nghèo.", "1.234 hộ nghèo")
    assert figure.plan is None
