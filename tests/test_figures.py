"""Sentences -> figures (tests/tables/figures.yaml, sector_figures.yaml) and texts that give none
(tests/tables/no_figures.yaml)."""
import pytest
from conftest import table

from pipeline import extract_text

COMPARED = ("value", "unit", "qualifier", "target", "pct_of_target", "value_max")
OPTIONAL = ("unit_text", "part_of")  # compared only where the row gives them


def _view(figure, keys):
    return {k: getattr(figure, k) for k in keys}


@pytest.mark.parametrize("row", table("figures") + table("sector_figures"), ids=lambda r: r["rule"])
def test_sentence_figures(row):
    figures = extract_text(row["text"])
    expected = [{k: f.get(k) for k in COMPARED} | {k: f[k] for k in OPTIONAL if k in f} for f in row["figures"]]
    got = [_view(fig, exp.keys()) for fig, exp in zip(figures, expected)]
    assert len(figures) == len(expected), [_view(f, COMPARED) for f in figures]
    assert got == expected


@pytest.mark.parametrize("kind, text", table("no_figures"), ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None)
def test_no_figures(kind, text):
    figures = extract_text(text)
    assert [text[f.char_start : f.char_end] for f in figures] == []


@pytest.mark.parametrize(
    "sentence, words_read",
    [
        # a number after an identifier head: the segmenter's word before it decides
        ("Huyện đã hỗ trợ xây dựng cơ bản 694 hộ nghèo.", True),
        ("Tiểu dự án 3 giải quyết việc làm cho 1.120 lao động.", True),
        ("Sau cơn bão số 3, xã đã dựng lại 45 căn nhà.", True),
        # decided by the characters before it, or no head at all
        ("Dịch cúm H5N1 làm chết 1.200 con gia cầm.", False),
        ("Toàn huyện có 1.250 hộ nghèo, giảm 3,5%.", False),
        ("Chưa có số liệu của các xã.", False),
    ],
)
def test_the_sentences_whose_identifier_checks_read_words_are_found_before_the_figures(sentence, words_read, monkeypatch):
    from pipeline.figures.quantities import sentences_with_identifier_heads
    from pipeline.rules import default_rules
    from pipeline.text import words

    from pipeline.extract import find_figures
    from pipeline.figures import quantities
    from pipeline.model import Article

    assert sentences_with_identifier_heads(default_rules(), [sentence]) == ([sentence] if words_read else [])
    # the figures step reads the words of those sentences, and finds them segmented before
    monkeypatch.setenv("VN_FIGURES_CACHE", "off")
    words.forget_words()
    segmented, asked = [], []
    monkeypatch.setattr(words, "segment", lambda these, real=words.segment: segmented.append(list(these)) or real(these))
    monkeypatch.setattr(quantities, "_word_before", lambda s, start, real=quantities._word_before: asked.append(len(segmented)) or real(s, start))
    find_figures(Article("t", sentence))
    assert bool(asked) == words_read
    assert all(n == 1 for n in asked)  # asked after the one pass, which was first
    if words_read:
        assert segmented[0] == [sentence]


@pytest.mark.parametrize(
    "text",
    [
        "Từ năm 2021 đến năm 2024 nhiều gia đình đã vươn lên trong sản xuất.",
        "Đến 30/6 các địa phương đã rà soát xong danh sách đối tượng.",
        "Trước 15/12 các xã phải gửi báo cáo về huyện.",
    ],
)
def test_a_sentence_of_years_and_dates_alone_is_not_segmented(text, monkeypatch):
    # a year or a date is a figure only with a unit of the rules, so the
    # tagger is not asked for the noun after it
    from pipeline.text import words

    monkeypatch.setenv("VN_FIGURES_CACHE", "off")  # no words from a cache on disk either
    words.forget_words()
    monkeypatch.setattr(words, "segment", lambda s: pytest.fail(f"segmented: {s}"))
    assert extract_text(text) == []


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("Trong năm, toàn tỉnh có 2023 hộ thoát nghèo.", 2023, "household"),
        ("Đợt này đã chi trả cho 1975 người có công.", 1975, "person"),
        ("Năm 2022 cả huyện có 2022 người được đào tạo nghề.", 2022, "person"),  # the year's phrase holds only the first
        ("Bình quân mỗi năm 2000 lao động được giải quyết việc làm.", 2000, "person"),
        ("Hằng năm 1990 lao động được đưa đi làm việc ở nước ngoài.", 1990, "person"),
        ("Dịp Trung thu 2000 suất quà được trao cho trẻ em.", 2000, "count"),
        ("Kỷ niệm 77 năm Ngày Thương binh - Liệt sĩ, tỉnh tặng 1975 suất quà (27/7/1947 - 27/7/2024).", 1975, "count"),
    ],
)
def test_a_year_shaped_number_with_a_unit_of_the_rules_is_a_figure(text, value, unit):
    [figure] = extract_text(text)
    assert (figure.value, figure.unit) == (value, unit)


@pytest.mark.parametrize(
    "text, quotes",
    [
        ("Số xã đạt chuẩn tăng từ 7/11 xã năm 2020 đến 9/11 xã năm 2024.", ["7/11 xã", "9/11 xã"]),
        ("Phấn đấu đến 10/12 xã đạt chuẩn nông thôn mới.", ["10/12 xã"]),
        ("Số trạm y tế đạt chuẩn đã tăng tới 8/9 xã.", ["8/9 xã"]),
    ],
)
def test_a_part_of_a_whole_shaped_like_a_date_after_a_word_of_time_is_a_figure(text, quotes):
    assert [f.quote for f in extract_text(text)] == quotes
