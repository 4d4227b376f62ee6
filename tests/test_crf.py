"""underthesea's CRF models as `text.crf` runs them: the tags of
underthesea_core's own featurizer and tagger, on every sentence of the
corpora and on odd text; and the syllables `text.words` hands them, those of
underthesea's own tokenizer."""
import pickle
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.crf import CRF
from pipeline.text.normalise import normalise_text
from pipeline.text.words import _model_dir, _models

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT / "corpus"] + [ROOT.parent / "shared" / name for name in ("corpus-dev", "corpus-dev2")]
SEGMENTATION = ("underthesea.pipeline.word_tokenize", "ws_crf_vlsp2013_20230727")
PART_OF_SPEECH = ("underthesea.pipeline.pos_tag", "pos_crf_vlsp2013_20230303")


class _Reference:
    """underthesea_core's featurizer and tagger on the same model files."""

    def __init__(self, base: Path):
        from underthesea_core import CRFFeaturizer, CRFTagger

        def unpickled(name):
            path = base / name
            return pickle.loads(path.read_bytes()) if path.exists() else set()

        self.tagger = CRFTagger()
        self.tagger.load(str(base / "models.bin"))
        self.featurizer = CRFFeaturizer(unpickled("features.bin"), unpickled("dictionary.bin"))

    def tags(self, tokens):
        return self.tagger.tag(self.featurizer.process([[[t] for t in tokens]])[0])


@pytest.fixture(scope="module")
def models():
    return _models(), (_Reference(_model_dir(*SEGMENTATION)), _Reference(_model_dir(*PART_OF_SPEECH)))


def _syllables_of_underthesea(sentence):
    import underthesea.pipeline.text_normalize  # noqa: F401  (imported before the tokenizer, as underthesea does)
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

    return tokenize(sentence, use_token_normalize=True)


def _words(syllables, tags):
    words = []
    for syllable, tag in zip(syllables, tags):
        if tag == "I-W" and words:
            words[-1] += " " + syllable
        else:
            words.append(syllable)
    return words


def _corpus_sentences():
    from underthesea import sent_tokenize

    for folder in CORPORA:
        for path in sorted(folder.glob("*.txt")):
            yield from sent_tokenize(normalise_text(path.read_text(encoding="utf-8")))


def test_every_sentence_of_the_corpora_gets_underthesea_cores_tags(models):
    (segmenter, tagger), (segmenter_ref, tagger_ref) = models
    sentences = list(_corpus_sentences())
    assert len(sentences) > 80  # corpus/ alone has five articles
    for sentence in sentences:
        syllables = _syllables_of_underthesea(sentence)
        tags = segmenter.tags(syllables)
        assert tags == segmenter_ref.tags(syllables), sentence
        words = _words(syllables, tags)
        assert tagger.tags(words) == tagger_ref.tags(words), sentence


ODD_TEXT = [
    "Covid-19 ; “ngoặc kép” — 45 - 50 người… TP.HCM, Tp. Hà Nội",
    "Xem http://baotinh.vn/tin?id=1 hoặc gửi thư tới toa.soan@baotinh.vn, gọi 0912.345.678 😀",
    "Thuỷ lợi, hoà bình, hoá đơn, khoẻ mạnh: 25/12/2024, 1.271,108 tỷ đồng; 61 %",
    # a token that takes a blank ("Th.S"), one that ends where a run of letters
    # starts, a letter that is punctuation to the pattern, a dot before a line break
    "Th Sơn, ThS. Lan, Thís, ThaSx và ʺchữʺ aʺb; TP.\nHồ, TP. \nTp. Huế\tTh\tS",
    "",
]


def test_the_syllables_are_underthesea_tokenizers(models):
    from pipeline.text.words import _syllables

    for sentence in list(_corpus_sentences()) + ODD_TEXT:
        assert _syllables(sentence) == _syllables_of_underthesea(sentence), sentence


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(list("ThSsaàĐđ.,-&'’@:/ʺ ¦1\n\t") + ["Th", "TP.", "http://", "www.", "v.v"]), max_size=30).map("".join))
def test_the_syllables_of_any_text_are_underthesea_tokenizers(text):
    from pipeline.text.words import _syllables

    assert _syllables(text) == _syllables_of_underthesea(text)


ODD_SENTENCES = [
    ["BOS", "EOS", "bos", "là", "2"],  # tokens spelt like the markers of the sentence's ends
    ["Hà", "Nội"],
    ["1.250"],
    ["Ⅻ", "ǅa", "İstanbul", "ß", "ΣΑΣ", "x²", "١٢", "１２", "ﬁ", "ᾈ"],  # upper-casing and digits beyond ASCII
    ["Tổng", "số", "hoá", "đơn", "(", "61", "%", ")", "…", "“", "nợ", "”"],
]


@pytest.mark.parametrize("tokens", ODD_SENTENCES)
def test_odd_tokens_get_underthesea_cores_tags(models, tokens):
    (segmenter, tagger), (segmenter_ref, tagger_ref) = models
    assert segmenter.tags(tokens) == segmenter_ref.tags(tokens)
    assert tagger.tags(tokens) == tagger_ref.tags(tokens)


def test_sentences_tagged_together_get_the_tags_each_gets_alone(models):
    # sentences laid end to end must not read each other's tokens at their ends
    (segmenter, tagger), (segmenter_ref, tagger_ref) = models
    batch = [_syllables_of_underthesea(s) for s in list(_corpus_sentences())[:40]]
    batch[3:3] = [[], ["2"], ["Hà", "Nội"]] + ODD_SENTENCES
    assert segmenter.tags_of(batch) == [segmenter_ref.tags(tokens) for tokens in batch]
    assert tagger.tags_of(batch) == [tagger_ref.tags(tokens) for tokens in batch]
    assert segmenter.tags_of([]) == []


def test_a_sentence_longer_than_one_piece_of_weights_gets_the_same_tags(models):
    from pipeline.text import crf

    (segmenter, _), (segmenter_ref, _) = models
    syllables = _syllables_of_underthesea("Toàn huyện có 1.250 hộ nghèo, 320 hộ cận nghèo; ") * 400
    assert len(syllables) > crf._TOKENS_AT_ONCE
    assert segmenter.tags(syllables) == segmenter_ref.tags(syllables)


def test_words_of_a_sentence_and_their_tags(models):
    (segmenter, tagger), _ = models
    syllables = _syllables_of_underthesea("Toàn huyện có 1.250 hộ nghèo, giảm 3,5%.")
    words = _words(syllables, segmenter.tags(syllables))
    assert words == ["Toàn", "huyện", "có", "1.250", "hộ", "nghèo", ",", "giảm", "3,5", "%", "."]
    # the number a numeral, the counted noun after it a noun: what the unit rule reads
    assert tagger.tags(words)[2:6] == ["B-V", "B-M", "B-N", "B-A"]


def test_an_empty_sentence_has_no_tags(models):
    (segmenter, tagger), _ = models
    assert segmenter.tags([]) == [] and tagger.tags([]) == []


def _model_copy(tmp_path, templates=None, models_bin=None):
    base = _model_dir(*SEGMENTATION)
    for name in ("models.bin", "dictionary.bin", "features.bin"):
        shutil.copy(base / name, tmp_path / name)
    if templates is not None:
        (tmp_path / "features.bin").write_bytes(pickle.dumps(templates))
    if models_bin is not None:
        (tmp_path / "models.bin").write_bytes(models_bin)
    return tmp_path


@pytest.mark.parametrize("template", ["T[0].isupper", "T[-1,2]", "T[3]", "W[0]"])
def test_a_template_the_reader_does_not_know_is_refused(tmp_path, template):
    with pytest.raises(ValueError, match="is not one this reader knows"):
        CRF(_model_copy(tmp_path, templates=["T[0]", template]))


def test_a_model_whose_templates_read_the_dictionary_needs_its_file(tmp_path):
    base = _model_copy(tmp_path)
    (base / "dictionary.bin").unlink()
    with pytest.raises(ValueError, match="dictionary.bin, which is missing"):
        CRF(base)
    # a model whose templates never ask for it is read without one
    (base / "features.bin").write_bytes(pickle.dumps(["T[0]", "T[-1]", "T[0].lower"]))
    tags = CRF(base).tags(["Hà", "Nội", "có", "1.200", "hộ"])
    assert len(tags) == 5 and set(tags) <= {"B-W", "I-W"}


@pytest.mark.parametrize("content", [b"", b"lCRF" + bytes(60), b"not a model at all, but long enough to read a header"])
def test_a_file_that_is_not_a_crfsuite_model_is_refused(tmp_path, content):
    with pytest.raises(ValueError, match="not a CRFsuite model"):
        CRF(_model_copy(tmp_path, models_bin=content))


@pytest.mark.parametrize("labels", [2, 3, 5])
def test_the_two_ways_of_stepping_through_a_sentence_find_the_same_paths(labels):
    import numpy as np

    from pipeline.text.crf import _viterbi_in_floats, _viterbi_side_by_side

    rng = np.random.default_rng(labels)
    transition = rng.normal(size=(labels, labels))
    sentences = [rng.normal(size=(n, labels)) for n in (1, 2, 7, 40, 41, 0, 3)]
    in_floats = [_viterbi_in_floats(s.tolist(), transition.T.tolist()) for s in sentences]
    assert in_floats == _viterbi_side_by_side(sentences, transition)
    assert [len(p) for p in in_floats] == [len(s) for s in sentences]
    # where every label ties, both take the lowest at every token
    ties, still = [np.zeros((6, labels))], np.zeros((labels, labels))
    assert _viterbi_in_floats(ties[0].tolist(), still.tolist()) == _viterbi_side_by_side(ties, still)[0] == [0] * 6
