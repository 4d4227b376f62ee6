"""assign_periods: the period of each figure of a short article
(tests/tables/periods.yaml), and phrases of time read into dates
(tests/tables/time_phrases.yaml)."""
from datetime import date

import pytest
import regex
from conftest import table

from pipeline import Article
from pipeline.meaning.period import assign_periods
from pipeline.meaning.plans import mark_plans
from pipeline.meaning.time_phrases import (
    _SCHEMA,
    NOW,
    find_time_phrases,
    to_date,
)
from pipeline.model import Figure
from pipeline.figures.grammar import _FIGURES_SCHEMA
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


# Every entry of rules/periods.yaml does what the file says.
_WORDS = default_rules().data("periods", _SCHEMA)
_PLANS = default_rules().data("figures", _FIGURES_SCHEMA)


def _period(text: str, quote: str, published=None) -> list:
    text = normalise_text(text)
    figures = _figures(text, [quote])
    _assign(Article("t", text, published=published), figures)
    return [figures[0].period_start, figures[0].period_end]


def _entries(*keys):
    return [(key, word) for key in keys for word in _WORDS[key]]


@pytest.mark.parametrize("word", _WORDS["stock_cues"])
def test_every_stock_cue(word):
    text = f"Năm 2024, tỉnh tổng kết công tác lao động. Toàn tỉnh {word} 1.234 người."
    assert _period(text, "1.234 người", date(2024, 12, 20)) == [date(2024, 12, 20)] * 2


@pytest.mark.parametrize("word", _WORDS["stock_openers"])
def test_every_stock_opener(word):
    text = f"Năm 2024, tỉnh tổng kết công tác lao động. {word.capitalize()} toàn tỉnh có 1.234 người."
    assert _period(text, "1.234 người", date(2024, 12, 20)) == [date(2024, 12, 20)] * 2


@pytest.mark.parametrize("word", _WORDS["stock_cue_not_after"])
def test_every_word_that_is_no_stock(word):
    text = f"Năm 2024, tỉnh tổng kết công tác lao động. Tỉnh {word} hiện có hiệu quả chính sách cho 1.234 người."
    assert _period(text, "1.234 người", date(2024, 12, 20)) == [date(2024, 1, 1), date(2024, 12, 31)]


@pytest.mark.parametrize("word", _WORDS["per_year_after"])
def test_every_rate_per_year_after(word):
    glue = "" if word.startswith("/") else " "
    assert _period(f"Năm 2024, tỉnh chi 1.234 tỷ đồng{glue}{word} cho người có công.", "1.234 tỷ đồng") == [None, None]


@pytest.mark.parametrize("word", _WORDS["per_year_before"])
def test_every_rate_per_year_before(word):
    assert _period(f"Năm 2024, tỉnh {word} hỗ trợ 1.234 người.", "1.234 người") == [None, None]


@pytest.mark.parametrize("word", _WORDS["comparison_before"])
def test_every_comparison_word(word):
    text = f"Trong 6 tháng đầu năm 2024, tỉnh tiếp nhận 1.234 người, tăng {word} năm 2023."
    assert _period(text, "1.234 người") == [date(2024, 1, 1), date(2024, 6, 30)]


@pytest.mark.parametrize("word", _WORDS["restrict_before"])
def test_every_restricting_word(word):
    text = f"Năm 2023, tỉnh hỗ trợ 100 hộ. {word.capitalize()} năm 2022, tỉnh hỗ trợ 50 hộ. Tỉnh cũng hỗ trợ 1.234 người."
    assert _period(text, "1.234 người") == [date(2023, 1, 1), date(2023, 12, 31)]


@pytest.mark.parametrize("word", _PLANS["plan_words"] + _PLANS["aim_words"])
def test_a_plan_takes_the_plans_year(word):
    text = f"Bà Lan cho biết, trong 9 tháng đầu năm 2024, toàn tỉnh đã đưa 900 lao động đi làm việc ở nước ngoài. {word} năm 2024 là 1.234 người."
    assert _period(text, "1.234 người") == [date(2024, 1, 1), date(2024, 12, 31)]


def test_a_figure_after_a_programme_name_or_an_achievement_is_no_plan():
    for words in ["Chương trình mục tiêu quốc gia", "kế hoạch năm 2024, tỉnh đã"]:
        text = f"Bà Lan cho biết, trong 9 tháng đầu năm 2024, toàn tỉnh đã đưa 900 lao động đi làm việc ở nước ngoài. Thực hiện {words} năm 2024 hỗ trợ 1.234 người."
        assert _period(text, "1.234 người") == [date(2024, 1, 1), date(2024, 9, 30)]


@pytest.mark.parametrize("word", _WORDS["year_adverbial_before"])
def test_every_adverbial_word(word):
    assert _period(f"Sở cho biết {word} năm 2022 tỉnh đã hỗ trợ 1.234 người.", "1.234 người")[1] == date(2022, 12, 31)


def test_a_year_after_a_noun_sets_nothing():
    assert _period("Sở cho biết hội nghị năm 2022 đã hỗ trợ 1.234 người.", "1.234 người") == [None, None]


@pytest.mark.parametrize("word", _WORDS["year_ahead_before"])
def test_every_word_of_a_year_ahead(word):
    text = f"Lễ phát động quỹ năm 2022 tổ chức vào sáng 22/7. Tỉnh phấn đấu trở thành tỉnh công nghiệp {word} năm 2030. Hiện có 1.234 doanh nghiệp."
    assert _period(text, "1.234 doanh nghiệp") == [date(2022, 7, 22)] * 2


@pytest.mark.parametrize("word", _WORDS["times_of_day"])
def test_every_time_of_day(word):
    text = f"{word.capitalize()} 22/10, Sở làm việc về kết quả năm 2024. Hiện có 1.234 người."
    assert _period(text, "1.234 người") == [date(2024, 10, 22)] * 2


@pytest.mark.parametrize("word", _WORDS["date_line_words"])
def test_every_date_line_word(word):
    assert _period(f"{word} 05/07/2024 10:20\nToàn tỉnh hiện có 1.234 người.", "1.234 người") == [date(2024, 7, 5)] * 2


@pytest.mark.parametrize("word", _WORDS["this_year"])
def test_every_word_of_the_articles_year(word):
    text = f"11:31 AM 28/12/2024\n{word.capitalize()}, tỉnh hỗ trợ 1.234 người."
    assert _period(text, "1.234 người") == [date(2024, 1, 1), date(2024, 12, 31)]


@pytest.mark.parametrize("word", _WORDS["year_events"])
def test_every_event_of_the_year(word):
    assert _period(f"Tỉnh hỗ trợ 1.234 hộ trong dịp {word} 2017.", "1.234 hộ") == [date(2017, 1, 1), date(2017, 12, 31)]


@pytest.mark.parametrize("numeral, quarter", sorted(_WORDS["quarter_numbers"].items()))
def test_every_quarter_numeral(numeral, quarter):
    start, end = _period(f"Trong quý {numeral}/2024, tỉnh hỗ trợ 1.234 người.", "1.234 người")
    assert (start.month, end.month) == (3 * quarter - 2, 3 * quarter)


@pytest.mark.parametrize("key, word", _entries("now", "until"))
def test_every_word_of_now_and_until(key, word):
    text = f"Từ đầu năm 2023 {word if key == 'until' else 'đến'} {word if key == 'now' else 'nay'}, tỉnh tiếp nhận 1.234 hồ sơ."
    assert _period(text, "1.234 hồ sơ", date(2023, 5, 30)) == [date(2023, 1, 1), date(2023, 5, 30)]


@pytest.mark.parametrize("word", _WORDS["phase"])
def test_every_phase_word(word):
    assert _period(f"{word.capitalize()} 2021-2025, tỉnh hỗ trợ 1.234 hộ.", "1.234 hộ") == [date(2021, 1, 1), date(2025, 12, 31)]


@pytest.mark.parametrize("word", _WORDS["as_of"])
def test_every_as_of_word(word):
    assert _period(f"{word.capitalize()} ngày 31/8/2024, tỉnh đã giải ngân 1.234 tỷ đồng.", "1.234 tỷ đồng")[1] == date(2024, 8, 31)


@pytest.mark.parametrize("key, word", _entries("year_start", "year_middle", "year_end", "to_end", "first_months", "last_months"))
def test_every_part_of_a_year(key, word):
    texts = {
        "year_start": (f"Từ {word} 2024 đến nay, tỉnh tiếp nhận 1.234 hồ sơ.", date(2024, 5, 30)),
        "year_middle": (f"Từ năm 2021 đến {word} 2024, tỉnh tiếp nhận 1.234 hồ sơ.", date(2024, 6, 30)),
        "year_end": (f"Đến {word} 2024, tỉnh tiếp nhận 1.234 hồ sơ.", date(2024, 12, 31)),
        "to_end": (f"Từ năm 2021 đến {word} tháng 3.2023, tỉnh tiếp nhận 1.234 hồ sơ.", date(2023, 3, 31)),
        "first_months": (f"Trong 9 tháng {word} 2024, tỉnh tiếp nhận 1.234 hồ sơ.", date(2024, 9, 30)),
        "last_months": (f"Trong 6 tháng {word} 2024, tỉnh tiếp nhận 1.234 hồ sơ.", date(2024, 12, 31)),
    }
    text, end = texts[key]
    assert _period(text, "1.234 hồ sơ", date(2024, 5, 30))[1] == end
