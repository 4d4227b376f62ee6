"""Fuzzing extract_text and parse_number with hypothesis: whatever the text,
no exception, offsets in order and inside the normalised text, and every
figure's text holding its number.

The texts are report fragments (numbers, units, number words, plan words,
province names) joined by hostile glue: odd blanks, control characters,
stray combining marks, other scripts, digits of other scripts. The examples
are bounded and derandomised so that the suite stays fast and repeatable;
`HYPOTHESIS_PROFILE=fuzz pytest tests/test_fuzz.py` runs many more, at random.
"""
import os

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import extract_text
from pipeline.figures.numbers import parse_number
from pipeline.text.normalise import normalise_text

settings.register_profile(
    "suite", max_examples=150, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("fuzz", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

NUMBERS = st.one_of(
    st.integers(0, 10**7).map(lambda n: f"{n:,}".replace(",", ".")),  # 1.250.000
    st.tuples(st.integers(0, 9999), st.integers(0, 999)).map(lambda p: f"{p[0]},{p[1]}"),  # 85,77
    st.tuples(st.integers(1, 9999), st.integers(1, 9999)).map(lambda p: f"{p[0]}/{p[1]}"),  # 7.000/6.400
    st.tuples(st.integers(1, 99), st.integers(1, 99)).map(lambda p: f"{p[0]} - {p[1]}"),  # ranges, days-months
    st.sampled_from(["2024", "31/8/2024", "25.4", "3.2023", "quý I/2024", "3022/QĐ-UBND", ",77", "-1.200"]),
)
WORDS = st.sampled_from([
    "người", "hộ nghèo", "lao động", "tỷ đồng", "triệu đồng", "nghìn", "%", "phần trăm", "lượt người",
    "hai mươi", "hai chục", "ba nghìn", "một trăm linh năm", "âm", "mười lăm",
    "đạt", "kế hoạch", "so với", "trong đó", "gồm", "còn lại", "khoảng", "trên", "gần", "ước",
    "năm 2024", "9 tháng đầu năm", "tháng", "giải quyết việc làm", "bảo hiểm xã hội", "Toàn tỉnh",
    "Bắc Kạn", "Bắc  Kạn", "Bắc\tKạn", "Bắc\nKạn", "Bắc\u00a0\u00a0Kạn", "Quảng Nam", "TP.HCM", "Thừa Thiên Huế",
])
GLUE = st.sampled_from([
    " ", " ", " ", ", ", ". ", "; ", ": ", "\n", "\n\n", "(", ")", "/", "-", "\t", "  ", "\u00a0", "\u2009",
    "\r\n", "\x00", "\x1b[31m", "\x7f", "\x9b", "\u200b", "\u202e", "\ufeff", "\u2028",
    "\u0301", "\u0323\u0300", "\u0306", " \u0309 ", "\ufffd", "\ud800",
    "ข", "อิ", "अि", "你好", "א", "ﷺ", "١٢", "１２", "\U00010d41", "²",
])
TEXTS = st.lists(st.one_of(NUMBERS, WORDS, GLUE, st.text(max_size=3)), min_size=1, max_size=40).map("".join)

_LEADING_NUMBER = regex.compile(r"[0-9]+(?:[.,][0-9]+)*")
SCALES = (1, 1e3, 1e6, 1e9, 1e12)


def _written_number(quote: str) -> float | None:
    """The number a figure's text starts with: digits, or the longest run of words that is a number."""
    if m := _LEADING_NUMBER.match(quote):
        return parse_number(m.group())
    words = quote.split()
    for n in range(len(words), 0, -1):
        if (value := parse_number(" ".join(words[:n]))) is not None:
            return value
    return None


@given(TEXTS)
def test_extract_text_never_fails_and_every_offset_holds(raw):
    text = normalise_text(raw)
    figures = extract_text(raw)
    starts = [f.char_start for f in figures]
    assert starts == sorted(starts)
    for f in figures:
        assert 0 <= f.char_start < f.char_end <= len(text)
        written = _written_number(text[f.char_start : f.char_end])
        assert written is not None, text[f.char_start : f.char_end]
        assert any(f.value == pytest.approx(written * s) for s in SCALES), (f.value, text[f.char_start : f.char_end])


@given(st.one_of(TEXTS, st.text(max_size=30)))
def test_parse_number_returns_a_number_or_none(s):
    value = parse_number(s)
    assert value is None or isinstance(value, float)
