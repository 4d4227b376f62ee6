"""underthesea's words and part-of-speech tags, aligned back to the text.

Numbers are found on the text itself (segmenters damage them: `61 %`,
`1/2 số`); underthesea gives the Vietnamese words around them. Its output is
aligned back to the text by position, because it rewrites some spellings
(`hoá` -> `hóa`), and wrapped in a spaCy `Doc` whose token offsets are the
text's own. Every step that needs words goes through `words_of`, which
segments each sentence once per process.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc
from spacy.util import get_words_and_spaces
from spacy.vocab import Vocab

_VOCAB = Vocab()


def _fold(s: str) -> str:
    """Lower case without tone marks, for aligning the segmenter's words."""
    decomposed = unicodedata.normalize("NFD", s.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").replace("đ", "d")


@lru_cache(maxsize=1)
def _tagger():
    """underthesea's compiled CRF part-of-speech model (VLSP 2013), shipped in
    its wheel and loaded once per process. `underthesea.pos_tag` runs a slower
    pure-Python model, and its `model="v2.0"` path returns nothing after the
    first call, so the model is loaded here directly."""
    from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger
    from underthesea.pipeline import pos_tag

    tagger = FastCRFSequenceTagger()
    tagger.load(str(Path(pos_tag.__file__).parent / "models" / "pos_crf_vlsp2013_20230303"))
    return tagger


def pos_tag(sentence: str) -> list[tuple[str, str]]:
    """underthesea's words of `sentence` with their part-of-speech tags."""
    from underthesea import word_tokenize

    words = word_tokenize(sentence)
    tags = _tagger().predict([[w] for w in words]) if words else []
    return [(w, t[2:] if t[:2] in ("B-", "I-") else t) for w, t in zip(words, tags)]


@lru_cache(maxsize=4096)
def words_of(sentence: str) -> Doc:
    """underthesea's words and POS tags of `sentence` as a spaCy Doc.

    Token `idx` values are offsets into `sentence`; the tag of each token is
    underthesea's (N, V, M, CH, ...). Text the segmenter dropped or rewrote
    beyond recognition stays a token tagged X, so every character of the
    sentence is in exactly one token whatever the segmenter returns.
    """
    words: list[str] = []
    tags: list[str] = []
    pos = 0
    for start, end, tag in _aligned(sentence, pos_tag(sentence)):
        gap = sentence[pos:start].strip()
        if gap:
            words.append(gap)
            tags.append("X")
        words.append(sentence[start:end])
        tags.append(tag)
        pos = end
    if sentence[pos:].strip():
        words.append(sentence[pos:].strip())
        tags.append("X")
    aligned, spaces = get_words_and_spaces(words, sentence)
    tag_iter = iter(tags)
    aligned_tags = ["_SP" if w.isspace() else next(tag_iter) for w in aligned]
    return Doc(_VOCAB, words=aligned, spaces=spaces, tags=aligned_tags)


# How far past the last aligned word (in letters) the next one may start.
_SEARCH_AHEAD = 40


def _aligned(sentence: str, tagged: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """(start, end, tag) in `sentence` of each segmenter word found there, in
    order and apart. Words are compared folded (no case, tones or blanks), as
    the segmenter rewrites spellings (`hoá` -> `hóa`) and moves blanks around
    combining marks; each span starts and ends on a character of the text."""
    folded: list[str] = []  # the sentence folded, blanks left out
    owner: list[int] = []  # for each folded character, its character in the sentence
    for i, ch in enumerate(sentence):
        if not ch.isspace():
            for f in _fold(ch):
                folded.append(f)
                owner.append(i)
    flat = "".join(folded)
    spans: list[tuple[int, int, str]] = []
    k = 0  # folded position after the last aligned word
    for word, tag in tagged:
        key = "".join(_fold(word).split())
        if not key:
            continue  # only marks or blanks: they stay in the text between words
        j = flat.find(key, k, k + _SEARCH_AHEAD + len(key))
        if j < 0:
            continue
        start, end = owner[j], owner[j + len(key) - 1] + 1
        while end < len(sentence) and not sentence[end].isspace() and not _fold(sentence[end]):
            end += 1  # a combining mark the folding dropped belongs to its letter
        if spans and start < spans[-1][1]:
            continue  # inside the last word's character (one that folds to several)
        spans.append((start, end, tag))
        k = j + len(key)
    return spans
