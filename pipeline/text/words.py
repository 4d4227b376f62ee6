"""underthesea's words and part-of-speech tags, aligned back to the text.

Numbers are found on the text itself (segmenters damage them: `61 %`,
`1/2 số`); underthesea gives the Vietnamese words around them. Its output is
aligned back to the text by position, because it rewrites some spellings
(`hoá` -> `hóa`): each `Word` carries its offset in the sentence and the text
as written there. Every step that needs words goes through `words_of`, which
segments each sentence once per process, and once per machine when the word
cache (`pipeline.text.word_cache`) holds it; a step that knows all the
sentences it will read first hands them to `segment_together`, which runs
each model once over all of them (`text.crf` steps through them side by side).
A step that needs only where words end (`untagged_words_of`) runs the
segmenter alone, and the tagger takes those words in the next batch.
"""
from __future__ import annotations

import importlib.util
import re
import sys
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .. import rules_cache
from .crf import CRF
from .normalise import fold
from .word_cache import default_cache


class Word(NamedTuple):  # a tuple: a sentence's words are made by the tens of thousands
    idx: int  # offset in the sentence
    text: str  # as written in the sentence
    tag: str  # underthesea's tag (N, V, M, CH...); X for text the segmenter dropped


def _underthesea_lazily() -> None:
    """Let underthesea's modules be imported without its package's
    `__init__`, which imports every one of its pipelines (chunking, NER,
    classification...): 0.3 s of a run's start, for a tokenizer and two
    model files. The package stands in sys.modules as a module that runs its
    `__init__` the first time it is asked for a name it lacks, so `from
    underthesea import word_tokenize` works as ever later in the process."""
    if "underthesea" in sys.modules:
        return
    spec = importlib.util.find_spec("underthesea")
    package = importlib.util.module_from_spec(spec)

    def __getattr__(name: str):
        del package.__dict__["__getattr__"]
        spec.loader.exec_module(package)
        return getattr(package, name)

    package.__getattr__ = __getattr__
    sys.modules["underthesea"] = package


def _model_dir(module: str, name: str) -> Path:
    """The folder of one of underthesea's models, beside its module."""
    _underthesea_lazily()
    return Path(importlib.util.find_spec(module).origin).parent / "models" / name


_MODELS = (
    ("underthesea.pipeline.word_tokenize", "ws_crf_vlsp2013_20230727"),
    ("underthesea.pipeline.pos_tag", "pos_crf_vlsp2013_20230303"),
)


@lru_cache(maxsize=1)
def _models() -> tuple[CRF, CRF]:
    """underthesea's word segmentation model and its part-of-speech model
    (VLSP 2013), the ones its `word_tokenize` and `pos_tag` run, loaded once
    per process and run by `text.crf` (the same tags, faster). Reading the
    model files into tables takes a third of a second; the tables are kept
    with the rules' compiled stages (`pipeline.rules_cache`, whose key holds
    underthesea's version), so a later run reads them back in half that."""
    names = ";".join(name for _, name in _MODELS)
    models = rules_cache.load("underthesea-models", names)
    if models is None:
        models = tuple(CRF(_model_dir(module, name)) for module, name in _MODELS)
        rules_cache.store("underthesea-models", names, models)
    return models


def segment(sentences: list[str]) -> list[list[str]]:
    """underthesea's words of each sentence, as its `word_tokenize` gives
    them: syllables joined where the segmentation model says a word goes on;
    the sentences go through the model together."""
    segmenter, _ = _models()
    syllables = [_syllables(sentence) for sentence in sentences]
    words: list[list[str]] = []
    for these, tags in zip(syllables, segmenter.tags_of(syllables)):
        joined: list[str] = []
        for syllable, tag in zip(these, tags):
            if tag == "I-W" and joined:
                joined[-1] += " " + syllable
            else:
                joined.append(syllable)
        words.append(joined)
    return words


def tag(words: list[list[str]]) -> list[list[tuple[str, str]]]:
    """underthesea's part-of-speech tag of each word of each sentence (words
    as `segment` gives them), the sentences through the tagger together."""
    _, tagger = _models()
    return [
        [(w, t[2:] if t[:2] in ("B-", "I-") else t) for w, t in zip(these, tags)]
        for these, tags in zip(words, tagger.tags_of(words))
    ]


def _syllables(sentence: str) -> list[str]:
    """underthesea's tokens of a sentence, as its `tokenize` gives them to the
    segmenter (`word_tokenize`): its pattern's matches in the sentence with
    its characters normalised, each then normalised as a token. A match is
    read whole (each of the pattern's alternatives is one named group, the
    one `tokenize` finds by walking the match's groups), and a token's normal
    form is worked out once per process.

    Every character but a blank starts a match where the last one ended, so
    the pattern is matched run of non-blanks by run. A run of letters alone
    is its own token, as the pattern's word alternative takes it, and is not
    matched at all (most of a sentence): no alternative before that one takes
    a letter but those that also need a `.`, `&`, `'`, `-`, `@`, `:` or a
    digit, except two, whose runs go through the pattern: `Th.S`, whose `.`
    takes any character, a blank too ("Th Sơn" is a token "Th S"), and the
    punctuation `ʺ`, a letter to Python."""
    tokenizer = _tokenizer()
    tokens = tokenizer.tokens
    text = tokenizer.normal_characters(sentence)
    found: list[str] = []
    end_of_last = 0
    for run in _NON_BLANKS.finditer(text):
        start, end = run.span()
        if end <= end_of_last:
            continue  # inside a token that went past a blank
        letters = run.group()
        if start >= end_of_last and letters.isalpha() and not letters.startswith(_MATCHED_ALWAYS):
            found.append(letters)
            end_of_last = end
            continue
        at = max(start, end_of_last)
        while at < end:
            token = tokens.match(text, at)
            if token is None:  # as in a search: the next character is tried
                at += 1
                continue
            found.append(token.group())
            at = token.end()
        end_of_last = at
    return [_normal_token(token) for token in found]


_NON_BLANKS = re.compile(r"\S+")
# Runs of letters that underthesea's pattern may not take whole (see _syllables).
_MATCHED_ALWAYS = ("Th", "ʺ")


class _Tokenizer:
    """underthesea's tokenizer as its `word_tokenize` runs it: the pattern of
    its tokens, its normalisation of characters and of short tokens, from
    their data (underthesea's own functions, run here on the same tables)."""

    def __init__(self, pattern: str, characters: dict[str, str], tokens: dict[str, str]):
        self.tokens = re.compile(pattern, re.VERBOSE | re.UNICODE)
        self._characters = characters
        self._tokens = tokens

    def normal_characters(self, text: str) -> str:
        """underthesea's `normalize_characters_in_text`."""
        text = unicodedata.normalize("NFC", text)
        for written, normal in self._characters.items():
            text = text.replace(written, normal)
        return text

    def normal_token(self, token: str) -> str:
        """underthesea's `token_normalize`: a token of up to six characters, its characters normalised, as its table writes it."""
        if len(token) > 6:
            return token
        token = self.normal_characters(token)
        return self._tokens.get(token, token)


@lru_cache(maxsize=1)
def _tokenizer() -> _Tokenizer:
    """The tokenizer's data, kept with the models (`pipeline.rules_cache`,
    whose key holds underthesea's version): importing underthesea's modules
    for them imports joblib, a sixth of a second of a run's start."""
    data = rules_cache.load("underthesea-tokenizer", "regex_tokenize")
    if data is None:
        _underthesea_lazily()
        # text_normalize first, as underthesea's __init__ imports them: each imports the other.
        import underthesea.pipeline.text_normalize  # noqa: F401
        from underthesea.pipeline.text_normalize.text_normalizer import character_map, token_map
        from underthesea.pipeline.word_tokenize.regex_tokenize import regex_patterns

        data = ("(" + "|".join(regex_patterns) + ")", dict(character_map), dict(token_map))
        rules_cache.store("underthesea-tokenizer", "regex_tokenize", data)
    return _Tokenizer(*data)


@lru_cache(maxsize=1 << 16)
def _normal_token(token: str) -> str:
    return _tokenizer().normal_token(token)


# The words of the sentences segmented last, by text: an article's, and more.
_KEPT = 4096
_known: OrderedDict[str, tuple[Word, ...]] = OrderedDict()
# Sentences segmented for a step that needs no tags, not tagged yet: their
# segmenter words, which the tagger takes when they are, and their Words. A
# sentence waits here from the chunk's first pass to its figures and its
# second pass (some never come to it: a "số 3" that is no figure), so few are
# kept beyond the last pass's own.
_UNTAGGED_KEPT = 256
_untagged: OrderedDict[str, tuple[list[str], tuple[Word, ...]]] = OrderedDict()


def words_of(sentence: str) -> tuple[Word, ...]:
    """underthesea's words of `sentence` with their tags, in order.

    Text the segmenter dropped or rewrote beyond recognition stays a word
    tagged X, so every character of the sentence but the blanks is in exactly
    one word whatever the segmenter returns.
    """
    found = _known.get(sentence)
    if found is None:
        segment_together([sentence])
        found = _known[sentence]
    else:
        _known.move_to_end(sentence)
    return found


def untagged_words_of(sentence: str) -> tuple[Word, ...]:
    """`words_of` for a step that reads only where words start and end (the
    tag of a word is "" unless the sentence was tagged before, X for text
    the segmenter dropped): only the segmenter runs, while the figures are
    found, and the sentence's tagging waits for the batch of
    `segment_together` that reads it anyway."""
    found = _known.get(sentence)
    if found is None and sentence not in _untagged:
        segment_untagged([sentence])
        found = _known.get(sentence)  # the word cache's, tagged
    return found if found is not None else _untagged[sentence][1]


def segment_untagged(sentences: Iterable[str]) -> None:
    """Segment without tags, in one pass of the segmenter, those of
    `sentences` not segmented yet in this process nor held by the word cache,
    for `untagged_words_of` to find."""
    cache = default_cache()
    todo = []
    for sentence in dict.fromkeys(sentences):
        if sentence in _known or sentence in _untagged:
            continue
        spans = cache.get(sentence) if cache else None
        if spans is not None:
            _keep(sentence, spans)
        else:
            todo.append(sentence)
    for sentence, words in zip(todo, segment(todo) if todo else []):
        _untagged[sentence] = (words, _words(sentence, _aligned(sentence, [(w, "") for w in words])))
    while len(_untagged) > max(_UNTAGGED_KEPT, len(todo)):  # never one of this pass's, which are read next
        _untagged.popitem(last=False)


def segment_together(sentences: Iterable[str]) -> None:
    """Segment and tag, in one pass of each model, those of `sentences` not
    tagged yet in this process nor held by the word cache: a step that
    knows which sentences it will read (the indicator step: every sentence
    with a figure) asks for them at once, and `words_of` then finds them.
    A sentence segmented before without tags only goes through the tagger."""
    new = [s for s in dict.fromkeys(sentences) if s not in _known]
    cache = default_cache()
    spans = {s: cache.get(s) for s in new} if cache else {}
    todo = [s for s in new if spans.get(s) is None]
    if todo:
        words = {s: _untagged.pop(s)[0] for s in todo if s in _untagged}
        rest = [s for s in todo if s not in words]
        words.update(zip(rest, segment(rest) if rest else []))
        for sentence, tagged in zip(todo, tag([words[s] for s in todo])):
            spans[sentence] = _aligned(sentence, tagged)
            if cache:
                cache.put(sentence, spans[sentence])
    for sentence in new:
        _keep(sentence, spans[sentence])


def _keep(sentence: str, spans: list[tuple[int, int, str]]) -> tuple[Word, ...]:
    """The sentence's tagged words, kept among the last `_KEPT`."""
    found = _known[sentence] = _words(sentence, spans)
    if len(_known) > _KEPT:
        _known.popitem(last=False)
    return found


def forget_models() -> None:
    """Let go of the two models (about 50 MB); the next segmentation reads them again."""
    _models.cache_clear()


def forget_words() -> None:
    """Forget the words segmented in this process (the word cache keeps its own)."""
    _known.clear()
    _untagged.clear()


def _words(sentence: str, spans: list[tuple[int, int, str]]) -> tuple[Word, ...]:
    words: list[Word] = []
    pos = 0
    for start, end, tag in spans:
        if start - pos > 1 or (start > pos and not sentence[pos].isspace()):  # more than the one blank most words lie apart by
            _gap(words, sentence, pos, start)
        words.append(Word(start, sentence[start:end], tag))
        pos = end
    _gap(words, sentence, pos, len(sentence))
    return tuple(words)


def _gap(words: list[Word], sentence: str, start: int, end: int) -> None:
    """Text between two aligned words that is more than blanks: one X word."""
    text = sentence[start:end]
    stripped = text.strip()
    if stripped:
        words.append(Word(start + len(text) - len(text.lstrip()), stripped, "X"))


# How far past the last aligned word (in letters) the next one may start.
_SEARCH_AHEAD = 40


def _aligned(sentence: str, tagged: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """(start, end, tag) in `sentence` of each segmenter word found there, in
    order and apart. A word is first looked for as written; one the segmenter
    rewrote (`hoá` -> `hóa`, blanks moved around combining marks) is compared
    folded (no case, tones or blanks), each span starting and ending on a
    character of the text."""
    folding: _Folding | None = None
    spans: list[tuple[int, int, str]] = []
    pos = 0  # in the sentence, after the last aligned word
    for word, tag in tagged:
        j = sentence.find(word, pos, pos + _SEARCH_AHEAD + len(word)) if word.strip() else -1
        # found where only blanks (most words) or marks that fold to nothing lie before it
        if j >= 0 and (j == pos or sentence[pos:j].isspace() or not any(fold(ch) for ch in sentence[pos:j] if not ch.isspace())):
            span = (j, j + len(word))
        else:
            folding = folding or _Folding(sentence)
            span = folding.find(word, pos)
            if span is None:
                continue
        if span[0] < pos:
            continue  # inside the last word's character (one that folds to several)
        spans.append((*span, tag))
        pos = span[1]
    return spans


class _Folding:
    """A sentence folded, blanks left out, with the character of the sentence
    each folded character comes from."""

    def __init__(self, sentence: str):
        self.sentence = sentence
        folded: list[str] = []
        self.owner: list[int] = []
        for i, ch in enumerate(sentence):
            if not ch.isspace():
                for f in fold(ch):
                    folded.append(f)
                    self.owner.append(i)
        self.flat = "".join(folded)

    def find(self, word: str, pos: int) -> tuple[int, int] | None:
        """(start, end) of `word` folded, at or after sentence offset `pos`."""
        import bisect

        key = "".join(fold(word).split())
        if not key:
            return None  # only marks or blanks: they stay in the text between words
        k = bisect.bisect_left(self.owner, pos)
        j = self.flat.find(key, k, k + _SEARCH_AHEAD + len(key))
        if j < 0:
            return None
        sentence, start, end = self.sentence, self.owner[j], self.owner[j + len(key) - 1] + 1
        while end < len(sentence) and not sentence[end].isspace() and not fold(sentence[end]):
            end += 1  # a combining mark the folding dropped belongs to its letter
        return start, end
