"""assign_periods: the period of each figure of a short article
(tests/tables/periods.yaml), and phrases of time read into dates
(tests/tables/time_phrases.yaml)."""
from datetime import date

import pytest
import regex
from conftest import table

from pipeline import Article
from pipeline.figures.grammar import _FIGURES_SCHEMA
from pipeline.meaning.period import assign_periods
from pipeline.meaning.plans import mark_plans
from pipeline.meaning.time_phrases import (
    NOW,
    find_time_phrases,
    to_date,
)
from pipeline.model import Figure
from pipeline.rules import default_rules
from pipeline.text.document import build_document
from pipeline.text.normalise import normalise_text

_NUMBER = regex.compile(r"\d")


def _figures(text: str, quotes: list[str]) -> list[Figure]:
    """Figures at each quote, in reading order: the number starts at the first
    digit, the unit is what follows it in the quote."""
    figures, pos = [], 0
    for quote in quotes:
        start = text.index(quote, pos)
        number = start + _NUMBER.search(quote).start()
        unit_text = regex.sub(r"^[\d.,\s-]+", "", text[number : start + len(quote)])
        figures.append(Figure(value=0.0, unit="count", unit_text=unit_text, char_start=number, char_end=start + len(quote)))
        pos = start + len(quote)
    return figures


def _assign(article: Article, figures: list) -> None:
    """The period step, after the plans step it reads."""
    doc = build_document(article)
    mark_plans(doc, figures)
    assign_periods(doc, figures)


@pytest.mark.parametrize("row", table("periods"), ids=lambda r: r["rule"])
def test_assign_periods(row):
    text = normalise_text(row["text"])
    figures = _figures(text, [f[0] for f in row["figures"]])
    _assign(Article("t", text, title=row.get("title"), published=row.get("published")), figures)
    got = [[f.period_start, f.period_end] for f in figures]
    assert got == [f[1:] for f in row["figures"]]
    for f in figures:
        assert (f.period_text is None) == (f.period_end is None)


@pytest.mark.parametrize("row", table("time_phrases")["phrases"], ids=lambda r: r[0])
def test_time_phrase(row):
    text, written, start, end = row
    phrases = find_time_phrases(default_rules().periods, normalise_text(text))
    assert [p.text for p in phrases] == [written]
    phrase = phrases[0].in_year(2024)  # a lunar or relative year, seen from 2024
    assert [_day(phrase.first), _day(phrase.last)] == [start, end]


def _day(point):
    """A phrase's point as a date (read in 2024 where it has no year), "now",
    or None (an as-of phrase starts where the running period does)."""
    if point is None or point == NOW:
        return point and "now"
    return to_date(point, 2024)


@pytest.mark.parametrize("text", table("time_phrases")["none"])
def test_no_time_phrase(text):
    assert find_time_phrases(default_rules().periods, normalise_text(text)) == []


@pytest.mark.parametrize("row", table("time_phrases")["date_lines"], ids=lambda r: r[0])
def test_publication_date(row):
    text, published = row
    assert build_document(Article("t", normalise_text(text))).published == published


# Plans and their year (the entries of rules/periods.yaml have their rows in
# tests/tables/entries/periods.yaml).
_PLANS = default_rules().data("figures", _FIGURES_SCHEMA)


def _period(text: str, quote: str, published=None) -> list:
    text = normalise_text(text)
    figures = _figures(text, [quote])
    _assign(Article("t", text, published=published), figures)
    return [figures[0].period_start, figures[0].period_end]


@pytest.mark.parametrize("word", _PLANS["plan_words"] + _PLANS["aim_words"])
def test_a_plan_takes_the_plans_year(word):
    text = f"Bà Lan cho biết, trong 9 tháng đầu năm 2024, toàn tỉnh đã đưa 900 lao động đi làm việc ở nước ngoài. {word} năm 2024 là 1.234 người."
    assert _period(text, "1.234 người") == [date(2024, 1, 1), date(2024, 12, 31)]


def test_a_figure_after_a_programme_name_or_an_achievement_is_no_plan():
    for words in ["Chương trình mục tiêu quốc gia", "kế hoạch năm 2024, tỉnh đã"]:
        text = f"Bà Lan cho biết, trong 9 tháng đầu năm 2024, toàn tỉnh đã đưa 900 lao động đi làm việc ở nước ngoài. Thực hiện {words} năm 2024 hỗ trợ 1.234 người."
        assert _period(text, "1.234 người") == [date(2024, 1, 1), date(2024, 9, 30)]


def test_a_year_after_a_noun_past_the_opening_sets_nothing():
    lead = ("Sở Lao động - Thương binh và Xã hội tỉnh vừa tổ chức hội nghị triển khai nhiệm vụ của ngành, với sự tham dự "
            "của lãnh đạo các huyện, thị xã, thành phố và các phòng chuyên môn.")
    assert _period(f"{lead}\nSở cho biết hội nghị năm 2022 đã hỗ trợ 1.234 người.", "1.234 người") == [None, None]
