"""Tables flattened into an article (tests/tables/tables.yaml): one figure per
non-empty cell, with its row's label and its column's period; the headings
that open a column (tests/tables/table_headings.yaml); every entry of
rules/tables.yaml; and texts that hold no table."""
from datetime import date

import pytest
from conftest import table

from pipeline.extract import extract_article
from pipeline.io.read import articles_in
from pipeline.model import TABLE, Article
from pipeline.rules import default_rules
from pipeline.text.document import build_document
from pipeline.text.normalise import normalise_text
from pipeline.text.tables import _SCHEMA, column_of, find_tables

VOCABULARY = default_rules().data("tables", _SCHEMA)


def _article(row, tmp_path) -> Article:
    if row["layout"] != "html":
        return Article("t.txt", normalise_text(row["text"]))
    path = tmp_path / "page.html"
    path.write_text(row["text"], encoding="utf-8")
    (article,) = articles_in(path, path.name)
    return article


def _seen(text, figure, expected):
    seen = {
        "cell": text[figure.char_start : figure.char_end],
        "value": figure.value,
        "unit": figure.unit,
        "unit_text": figure.unit_text,
        "period_start": figure.period_start,
        "period_end": figure.period_end,
        "plan": figure.is_plan,
        "qualifier": figure.qualifier,
    }
    if not expected.get("prose"):
        seen["indicator_text"] = figure.indicator_text
    return seen


def _wanted(expected):
    wanted = {"plan": False, "qualifier": None} | {k: v for k, v in expected.items() if k != "prose"}
    wanted["value"] = pytest.approx(wanted["value"])
    return wanted


@pytest.mark.parametrize("row", table("tables"), ids=lambda r: r["rule"])
def test_every_cell_is_a_figure(row, tmp_path):
    article = _article(row, tmp_path)
    figures = extract_article(article)
    assert [_seen(article.text, f, e) for f, e in zip(figures, row["figures"])] == [_wanted(e) for e in row["figures"]]
    assert len(figures) == len(row["figures"]), [article.text[f.char_start : f.char_end] for f in figures]


@pytest.mark.parametrize("row", table("tables"), ids=lambda r: r["rule"])
def test_table_lines_are_not_sentences(row, tmp_path):
    doc = build_document(_article(row, tmp_path))
    (found,) = doc.tables
    table_lines = [b for b in doc.blocks if b.kind == TABLE]
    assert table_lines and all(found.start <= b.start and b.end <= found.end for b in table_lines)
    assert all(b.kind == TABLE for b in doc.blocks if found.start <= b.start < found.end)


def _column(heading):
    column = column_of(default_rules(), heading)
    if column is None:
        return None
    out = {"start": column.period_start, "end": column.period_end}
    return out | ({"plan": True} if column.plan else {}) | ({"estimate": True} if column.estimate else {})


@pytest.mark.parametrize("row", table("table_headings"), ids=lambda r: r["heading"])
def test_column_headings(row):
    assert _column(row["heading"]) == row["column"]


def _bars(*lines):
    return normalise_text("Các chỉ tiêu chủ yếu của tỉnh.\n" + "\n".join(lines) + "\n")


@pytest.mark.parametrize("word", VOCABULARY["period_words"])
def test_every_period_word_leaves_the_period(word):
    column = column_of(default_rules(), f"{word} 2023")
    assert (column.period_start, column.period_end) == (date(2023, 1, 1), date(2023, 12, 31))


@pytest.mark.parametrize("word", VOCABULARY["comparison_words"])
def test_every_comparison_word_opens_no_column(word):
    figures = extract_article(Article("t", _bars(f"| Chỉ tiêu | Năm 2023 | {word} 2023 |", "| Số hộ nghèo | 1.200 | 95,2 |")))
    assert [(f.value, f.unit) for f in figures] == [(1200, "household")]


@pytest.mark.parametrize("word", VOCABULARY["unit_column_words"])
def test_every_unit_column_word_gives_the_rows_unit(word):
    figures = extract_article(Article("t", _bars(f"| Chỉ tiêu | {word} | Năm 2023 |", "| Diện tích rừng | nghìn ha | 12,5 |")))
    assert [(f.value, f.unit, f.unit_text) for f in figures] == [(12500, "hectare", "nghìn ha")]


@pytest.mark.parametrize("mark", VOCABULARY["empty_cells"])
def test_every_empty_cell_mark_gives_no_figure(mark):
    figures = extract_article(Article("t", _bars("| Chỉ tiêu | 2022 | 2023 |", f"| Số trường học | {mark} | 412 |")))
    assert [(f.value, f.period_end) for f in figures] == [(412, date(2023, 12, 31))]


@pytest.mark.parametrize("words", VOCABULARY["rate_labels"])
def test_every_rate_label_makes_percentages(words):
    figures = extract_article(Article("t", _bars("| Chỉ tiêu | 2022 | 2023 |", f"| {words} hộ nghèo | 3,5 | 2,9 |")))
    assert [(f.value, f.unit) for f in figures] == [(3.5, "percent"), (2.9, "percent")]


@pytest.mark.parametrize(
    "text",
    [
        # a lone period heading, then prose
        "Năm 2021\nToàn tỉnh giải quyết việc làm cho 20.000 lao động.\nNăm 2022\nToàn tỉnh giải quyết việc làm cho 21.000 lao động.",
        # two years, then a sentence: no row of values
        "2022\n2023\nToàn tỉnh có 1.200 hộ nghèo, giảm 300 hộ so với năm trước.",
        # a breadcrumb with bars and a year
        "Trang chủ | Tin tức | Năm 2023\nToàn tỉnh có 1.200 hộ nghèo.",
        # bars without a header of periods
        "| Huyện | Số hộ nghèo |\n| Bảo Lạc | 1.200 |",
    ],
)
def test_no_table(text):
    assert find_tables(default_rules(), normalise_text(text)) == []


def test_a_part_still_points_at_its_total_after_a_table():
    text = normalise_text(
        "| Chỉ tiêu | 2022 | 2023 |\n| Số hộ nghèo | 1.200 | 1.050 |\n"
        "Năm 2023, tỉnh giải quyết việc làm cho 15.701 người, trong đó có 6.200 lao động nữ."
    )
    figures = extract_article(Article("t", text))
    assert [text[f.char_start : f.char_end] for f in figures] == ["1.200", "1.050", "15.701 người", "6.200 lao động nữ"]
    assert figures[3].part_of == 2
