"""Tables flattened into an article (tests/tables/tables.yaml): one figure per
non-empty cell, with its row's label and its column's period; the headings
that open a column (tests/tables/table_headings.yaml); every entry of
rules/tables.yaml (tests/tables/entries/); and texts that hold no table."""

import pytest
from conftest import table

from pipeline.extract import extract_article
from pipeline.io.read import articles_in
from pipeline.model import TABLE, Article
from pipeline.rules import default_rules
from pipeline.text.document import build_document
from pipeline.text.normalise import normalise_text
from pipeline.text.tables import column_of, find_tables


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
