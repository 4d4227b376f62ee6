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
    underthesea's (N, V, M, CH, ...).
    """
    tagged = pos_tag(sentence)
    folded = [_fold(ch) or ch for ch in sentence]  # one entry per character
    words: list[str] = []
    tags: list[str] = []
    pos = 0
    for word, tag in tagged:
        start = _find(folded, _fold(word), pos)
        if start is None:
            continue
        gap = sentence[pos:start].strip()
        if gap:  # text the segmenter dropped stays a token, so offsets hold
            words.append(gap)
            tags.append("X")
        words.append(sentence[start : start + len(word)])
        tags.append(tag)
        pos = start + len(word)
    if sentence[pos:].strip():
        words.append(sentence[pos:].strip())
        tags.append("X")
    aligned, spaces = get_words_and_spaces(words, sentence)
    tag_iter = iter(tags)
    aligned_tags = ["_SP" if w.isspace() else next(tag_iter) for w in aligned]
    return Doc(_VOCAB, words=aligned, spaces=spaces, tags=aligned_tags)


def _find(folded: list[str], word: str, pos: int) -> int | None:
    """Start of `word` (folded) in the folded sentence at or after `pos`."""
    n = len(word)
    limit = min(len(folded) - n, pos + 40)
    for start in range(pos, limit + 1):
        if "".join(folded[start : start + n]) == word:
            return start
    return None
