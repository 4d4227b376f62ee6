"""Sentences and words keep the text's own offsets."""
import pytest

from pipeline.rules import default_rules
from pipeline.text.sentences import split_sentences
from pipeline.text.words import words_of

HOSTILE = [
    "Tổng số hoá đơn 61 % và   TP. Hồ Chí Minh 1/2 số đối tượng.",
    "Thuỷ lợi, hoà bình:\t1.200 người (trong đó: nữ 300).",
    "Covid-19 ; “ngoặc kép” — 45 - 50 người…",
]


@pytest.mark.parametrize("sentence", HOSTILE)
def test_words_align_to_the_sentence(sentence):
    doc = words_of(sentence)
    assert doc.text == sentence
    for token in doc:
        assert sentence[token.idx : token.idx + len(token.text)] == token.text


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("Đạt 109,4% kế hoạch. Tỉnh có 23.758 người.", ["Đạt 109,4% kế hoạch.", "Tỉnh có 23.758 người."]),
        ("Chiều 25.4, các đồng chí làm việc. Sở báo cáo.", ["Chiều 25.4, các đồng chí làm việc.", "Sở báo cáo."]),
        ("Làm việc tại TP. Hồ Chí Minh với 20 người.", ["Làm việc tại TP. Hồ Chí Minh với 20 người."]),
        ("Dòng một\n\nDòng hai", ["Dòng một", "Dòng hai"]),
    ],
)
def test_split_sentences(text, sentences):
    found = split_sentences(default_rules(), text)
    assert [s.text for s in found] == sentences
    assert all(text[s.start : s.end] == s.text for s in found)
