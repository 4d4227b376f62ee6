"""assign_periods: the period of each figure of a short article
(tests/tables/periods.yaml), and phrases of time read into dates
(tests/tables/time_phrases.yaml)."""
from datetime import date

import pytest
import regex
from conftest import table
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import Article
from pipeline.figures.grammar import _FIGURES_SCHEMA
from pipeline.meaning.period import assign_periods
from pipeline.meaning.plans import mark_plans
from pipeline.meaning.time_phrases import _SCHEMA as _PERIODS_SCHEMA
from pipeline.meaning.time_phrases import NOW, find_time_phrases, shape_matches, to_date
from pipeline.model import Figure
from pipeline.rules import RulesError, default_rules
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


def _corpus_texts():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for folder in [root / "corpus"] + [root.parent / "shared" / n for n in ("corpus-dev", "corpus-dev2")]:
        for path in sorted(folder.glob("*.txt")):
            yield normalise_text(path.read_text(encoding="utf-8"))


def _as_scanned(v, text):
    return [(shape.name, [m.span() for m in shape.pattern.finditer(text)]) for shape in v.shapes]


def _as_found(v, text):
    return [(name, [m.span() for m in matches]) for name, matches in shape_matches(v, text)]


def test_each_shape_is_tried_where_its_phrases_start_and_finds_what_a_scan_finds():
    v = default_rules().periods
    texts = list(_corpus_texts()) + [row[0] for row in table("time_phrases")["phrases"]] + table("time_phrases")["none"]
    assert len(texts) > 100
    for text in texts:
        assert _as_found(v, text) == _as_scanned(v, text), text
    # where a letter folds to several the offsets of the folded text would not
    # match the text's: every pattern then scans
    odd = "Straße: TỪ NĂM 2021 ĐẾN NAY, (2021 - 2025), 9 tháng đầu năm 2024"
    assert _as_found(v, odd) == _as_scanned(v, odd) and any(spans for _, spans in _as_found(v, odd))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["năm", "Năm", "NĂM", "tháng", "từ", "Từ", "đến", "nay", "giai đoạn", "quý", "Tết", "đầu",
                                 "hiện", "trước", "2024", "2021", "9", "12", "3.2023", "/", "-", "(", ")", " ", "  ", ",",
                                 "x", "thánh", "nămx", "\n", "ngày", "25", "I"]), max_size=24).map(" ".join))
def test_any_text_of_time_words_finds_what_a_scan_finds(text):
    v = default_rules().periods
    assert _as_found(v, text) == _as_scanned(v, text)


@pytest.mark.parametrize("phrase", ["(từ", "", "  "])
def test_a_phrase_that_opens_a_shape_with_a_mark_or_nothing_is_refused(phrase):
    r = default_rules()
    data = r.data("periods", _PERIODS_SCHEMA)
    with pytest.raises(RulesError, match="starts with neither a letter nor a digit"):
        r.replacing("periods", data | {"from": data["from"] + [phrase]}).periods
