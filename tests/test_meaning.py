"""Indicator and period by frames, through the whole pipeline
(tests/tables/meaning.yaml): what each figure measures and when, and which
frame said so."""
import pytest
from conftest import table

from pipeline import extract_text
from pipeline.text.normalise import normalise_text


def _found(text: str, quotes: list[str], published=None):
    """The figures of `text`, one per quote, in reading order."""
    figures = extract_text(text, published=published)
    by_quote, pos = [], 0
    for quote in quotes:
        start = text.index(quote, pos)
        (figure,) = [f for f in figures if f.char_start >= start and text[f.char_start : f.char_end] == quote][:1]
        by_quote.append(figure)
        pos = start + len(quote)
    return by_quote


@pytest.mark.parametrize("row", table("meaning"), ids=lambda r: r["rule"])
def test_meaning(row):
    text = normalise_text(row["text"])
    figures = _found(text, [f[0] for f in row["figures"]], row.get("published"))
    got = [[f.indicator, f.indicator_from, f.period_start, f.period_end, f.period_from] for f in figures]
    assert got == [spec[1:] for spec in row["figures"]]


def test_no_total_across_a_paragraph():
    text = "Năm 2023, huyện hỗ trợ 900 hộ nghèo xây nhà.\nTrong đó, 300 hộ đã hoàn thành trước Tết."
    first, second = extract_text(text)
    assert (first.part_of, second.part_of) == (None, None)


def test_a_heading_without_a_topic_ends_the_one_before():
    text = "Năm 2024, tỉnh đưa 1.300 lao động đi làm việc ở nước ngoài.\nKết quả khác\nCó 42 doanh nghiệp tham gia tuyển dụng."
    figures = extract_text(text)
    assert [(f.indicator, f.indicator_from) for f in figures] == [("workers_abroad", "own"), ("labour_inspection", "own")] or [
        (f.indicator, f.indicator_from) for f in figures][1] != ("workers_abroad", "paragraph")
