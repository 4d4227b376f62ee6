"""Sentences and words keep the text's own offsets."""
import os

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
    words = words_of(sentence)
    for word in words:
        assert sentence[word.idx : word.idx + len(word.text)] == word.text
    # in order, apart, and with nothing but blanks between them
    ends = [0] + [w.idx + len(w.text) for w in words]
    assert all(not sentence[end : w.idx].strip() for end, w in zip(ends, words)) and not sentence[ends[-1] :].strip()


def test_a_rewritten_word_is_aligned_to_the_text_as_written():
    # underthesea writes "hoá" as "hóa"; the word keeps the text's spelling
    words = words_of("Tổng số hoá đơn là 61.")
    assert [(w.text, w.idx) for w in words][:3] == [("Tổng số", 0), ("hoá", 8), ("đơn", 12)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Huyện đã hỗ trợ xây dựng cơ bản 694 hộ nghèo ở thôn 3.",
        "Tiểu dự án 3 giải quyết việc làm cho 1.120 lao động nông thôn.",
        *HOSTILE,
    ],
)
def test_untagged_words_are_the_tagged_words_and_tagging_them_later_segments_nothing(sentence, monkeypatch):
    from pipeline.text import words

    monkeypatch.setenv("VN_FIGURES_CACHE", "off")
    words.forget_words()
    tagged = words_of(sentence)
    words.forget_words()
    untagged = words.untagged_words_of(sentence)
    assert [(w.idx, w.text) for w in untagged] == [(w.idx, w.text) for w in tagged]
    assert {w.tag for w in untagged} <= {"", "X"}
    # the batch that reads the sentence later runs the tagger alone on those words
    monkeypatch.setattr(words, "segment", lambda s: pytest.fail(f"segmented again: {s}"))
    words.segment_together([sentence])
    assert words_of(sentence) == tagged


def test_sentences_segmented_untagged_together_are_each_as_alone_and_not_segmented_again(monkeypatch):
    from pipeline.text import words

    monkeypatch.setenv("VN_FIGURES_CACHE", "off")
    sentences = ["Huyện đã hỗ trợ xây dựng cơ bản 694 hộ nghèo ở thôn 3.", "Tiểu dự án 3 giải quyết việc làm cho 1.120 lao động.", *HOSTILE]
    words.forget_words()
    alone = [words.untagged_words_of(s) for s in sentences]
    words.forget_words()
    calls = []
    monkeypatch.setattr(words, "segment", lambda these, real=words.segment: calls.append(list(these)) or real(these))
    words.segment_untagged(sentences + sentences[:2])
    assert calls == [sentences]  # one pass, each sentence once
    assert [words.untagged_words_of(s) for s in sentences] == alone
    words.segment_untagged(sentences)
    assert len(calls) == 1  # segmented before: nothing to do


def test_a_pass_longer_than_the_sentences_kept_keeps_all_of_its_own(monkeypatch):
    from pipeline.text import words

    monkeypatch.setenv("VN_FIGURES_CACHE", "off")
    monkeypatch.setattr(words, "_UNTAGGED_KEPT", 4)
    words.forget_words()
    sentences = [f"Cơn bão số {i} làm sập {10 + i} căn nhà." for i in range(10)]
    calls = []
    monkeypatch.setattr(words, "segment", lambda these, real=words.segment: calls.append(len(these)) or real(these))
    words.segment_untagged(sentences)
    for sentence in sentences:  # each read after the pass, as the figures step reads them
        words.untagged_words_of(sentence)
    assert calls == [10]
    words.segment_untagged(["Đợt 2 hỗ trợ 15 hộ."])  # a later pass keeps the last ones kept, up to the bound
    assert len(words._untagged) == 4


def test_words_come_from_the_cache_on_disk_once_segmented(tmp_path, monkeypatch):
    from pipeline.text import word_cache, words

    monkeypatch.setenv("VN_FIGURES_CACHE", str(tmp_path))
    sentence = "Năm 2024, toàn xã Tân Lập giải quyết việc làm cho 1.234 lao động nông thôn."
    words.forget_words()
    first = words_of(sentence)
    word_cache.flush()
    assert (tmp_path / "words.sqlite").is_file()
    words.forget_words()
    monkeypatch.setattr(words, "segment", lambda s: pytest.fail("segmented again"))
    monkeypatch.setattr(words, "tag", lambda w: pytest.fail("tagged again"))
    assert words_of(sentence) == first


def test_no_cache_when_it_is_turned_off(monkeypatch):
    from pipeline.text import word_cache

    monkeypatch.setenv("VN_FIGURES_CACHE", "off")
    assert word_cache.default_cache() is None


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


_THEN_UNDERTHESEA = """
import os, sys
os.environ["VN_FIGURES_CACHE"] = "off"
from pipeline.text.words import words_of
ours = [w.text for w in words_of("Bác sĩ bây giờ có thể báo tin")]
spared = "underthesea.pipeline.ner" not in sys.modules
from underthesea import word_tokenize
print(spared, ours == word_tokenize("Bác sĩ bây giờ có thể báo tin"), "ner" in dir(sys.modules["underthesea"]))
"""


def test_segmenting_spares_underthesea_init_and_underthesea_still_imports():
    import subprocess
    import sys
    from pathlib import Path

    done = subprocess.run([sys.executable, "-c", _THEN_UNDERTHESEA], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True"]


_SEGMENT_WITH_CACHE = """
import sys
from pipeline.text.words import words_of
words = [w.text for w in words_of("Thuỷ lợi hoà bình: 1.250 hộ nghèo ở TP.HCM")]
print(words, "joblib" in sys.modules, "underthesea.pipeline.text_normalize" in sys.modules)
"""


def test_a_run_after_the_first_reads_the_tokenizers_tables_from_the_cache_without_underthesea(tmp_path):
    # the tokenizer's tables come from underthesea's modules once, then from
    # the cache beside the models, without importing them (and joblib)
    import subprocess
    import sys
    from pathlib import Path

    def run():
        done = subprocess.run([sys.executable, "-c", _SEGMENT_WITH_CACHE], capture_output=True, text=True,
                              cwd=Path(__file__).parent.parent, env={**os.environ, "VN_FIGURES_CACHE": str(tmp_path)})
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    first, second = run(), run()
    assert first.endswith("True True") and second.endswith("False False")
    assert first.rsplit("]", 1)[0] == second.rsplit("]", 1)[0]  # the same words either way
