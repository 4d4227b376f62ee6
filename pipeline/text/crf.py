"""underthesea's CRF models, run here from the files in its wheel.

underthesea_core's featurizer writes some 40 feature strings for every
syllable, and its tagger parses them back and looks each one up: about 20 µs
a syllable, most of what segmenting costs. Here the model file (CRFsuite's
format, which underthesea_core reads) is read once into a table of weights;
each n-gram of a sentence and each function of it (lower case, title,
digits, in the dictionary) is worked out once and numbered, for all the
templates that read it, and each template's rows of the table are gathered
with numpy for all the sentences at once; the labels are the Viterbi path of
the summed weights. The values are underthesea_core's to the character, and
so are the tags: tests hold them equal to underthesea_core's on every
sentence of the corpora and on odd text (letters of other scripts, digits
that are not ASCII, a token "BOS").
"""
from __future__ import annotations

import pickle
import re
import struct
from functools import cached_property
from itertools import repeat
from pathlib import Path

import numpy as np

# A template: T[i] (one token) or T[i,j] (tokens i to j, joined by a blank), maybe .function.
_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\.(\w+))?")


class CRF:
    """A CRFsuite model with underthesea's feature templates and dictionary
    (a folder of underthesea's: models.bin, features.bin, dictionary.bin)."""

    def __init__(self, base: Path):
        self.labels, attributes, self._weights, self._transition = _read_crfsuite(base / "models.bin")
        self._unknown = len(attributes)  # the row of zeros after the attributes' weights
        # An attribute is "template=value": per template, its values' ids.
        ids: dict[str, dict[str, int]] = {}
        for i, attribute in enumerate(attributes):
            template, _, value = attribute.partition("=")
            ids.setdefault(template, {})[value] = i
        # Templates that read the same n-gram through the same function (T[-1]
        # and T[1], say) share a column: its values are numbered once (0: a
        # value no template knows) and each template maps the numbers to its
        # attributes with an array, so a token costs one lookup per column.
        # BOS and EOS are values like any other: a token written "BOS" reads
        # as the start of the sentence, as in underthesea_core.
        self._columns: dict[tuple[str | None, int], dict[str, int]] = {}
        read: list[tuple[tuple[str | None, int], int, dict[str, int]]] = []  # column, first, its values' ids
        for template in _unpickled(base / "features.bin"):
            m = _TEMPLATE.fullmatch(template)
            first, last = (int(m.group(1)), int(m.group(2) or m.group(1))) if m else (0, -1)
            if not 0 <= last - first < 3 or not -_PADDING <= first <= _PADDING or m.group(3) not in _FUNCTIONS:
                raise ValueError(f"{base}: template {template!r} is not one this reader knows")
            numbers = self._columns.setdefault((m.group(3), last - first + 1), {"BOS": 1, "EOS": 2})
            known = ids.get(template, {})
            for value in known:
                numbers.setdefault(value, len(numbers) + 1)
            read.append(((m.group(3), last - first + 1), first, known))
        # per template: its column, its first token, and its numbers' attributes
        self._templates: list[tuple[tuple[str | None, int], int, np.ndarray]] = []
        for column, first, known in read:
            numbers = self._columns[column]
            table = np.full(len(numbers) + 1, self._unknown, dtype=np.int32)
            table[[numbers[v] for v in known]] = list(known.values())
            self._templates.append((column, first, table))
        # underthesea's dictionary of words, read only for a model whose templates ask for it
        self._dictionary: set[str] = set()
        if any(function == "is_in_dict" for function, _ in self._columns):
            if not (base / "dictionary.bin").exists():
                raise ValueError(f"{base}: its templates read dictionary.bin, which is missing")
            self._dictionary = _unpickled(base / "dictionary.bin")

    def tags(self, tokens: list[str]) -> list[str]:
        """The most likely label of each token (the Viterbi path)."""
        return self.tags_of([tokens])[0]

    def tags_of(self, sentences: list[list[str]]) -> list[list[str]]:
        """The labels of each sentence's tokens, the sentences run side by side."""
        labels = self.labels
        return [[labels[k] for k in path] for path in _viterbi(self._scores(sentences), self._transition)]

    def _scores(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """Each sentence's summed weights of its tokens' features, a column per label.

        Each column's numbers are laid end to end for all the sentences,
        each sentence's between BOS and EOS numbers, so that T[first,last]
        at every token of every sentence is one slice of that row: BOS
        where the n-gram would start before its sentence, EOS where it would
        end after it (underthesea_core's values there)."""
        lengths = [len(tokens) for tokens in sentences]
        columns = [_Columns(tokens, self._dictionary) for tokens in sentences]
        rows: dict[tuple[str | None, int], np.ndarray] = {}
        for (function, size), numbers in self._columns.items():
            laid: list[int] = []
            for n, sentence in zip(lengths, columns):
                values = sentence.column(function, size)
                laid += _BOS + list(map(numbers.get, values, repeat(0, len(values)))) + [2] * (n + _PADDING - len(values))
            rows[function, size] = np.array(laid, dtype=np.intp)
        # Where each token's own value lies in those rows.
        at = np.arange(sum(lengths)) + _PADDING + np.repeat(np.arange(len(sentences)) * 2 * _PADDING, lengths)
        scores = np.empty((len(at), len(self.labels)))
        for start in range(0, len(at), _TOKENS_AT_ONCE):  # the weights are summed a piece at a time
            here = at[start : start + _TOKENS_AT_ONCE]
            attributes = np.stack([table[rows[column][here + first]] for column, first, table in self._templates])
            scores[start : start + _TOKENS_AT_ONCE] = self._weights[attributes].sum(axis=0)
        return np.split(scores, np.cumsum(lengths)[:-1]) if sentences else []


# How far before or after its token a template may read: as many BOS numbers
# before a sentence's column, EOS numbers after it to make its length n + 2 x that.
_PADDING = 2
_BOS = [1] * _PADDING

# How many tokens' weights are gathered at once (templates x tokens x labels floats).
_TOKENS_AT_ONCE = 4096


class _Columns:
    """A sentence's n-grams and the value each template function gives them,
    each worked out once for all the templates that read it."""

    def __init__(self, tokens: list[str], dictionary: set[str]):
        self.tokens = tokens
        self.dictionary = dictionary
        self._found: dict[tuple[str | None, int], list[str]] = {}

    def column(self, function: str | None, size: int) -> list[str]:
        """The function's value of each run of `size` tokens, by its first token."""
        found = self._found.get((function, size))
        if found is None:
            found = self._found[function, size] = _FUNCTIONS[function](self, size)
        return found

    def runs(self, values: list[str], size: int) -> list[str]:
        """Each run of `size` values, joined by blanks."""
        return values if size == 1 else list(map(" ".join, _runs(values, size)))

    @cached_property
    def title_like(self) -> list[bool]:
        """Whether upper-casing leaves the first character of each of a
        token's blank-separated parts as it is, token by token."""
        return [
            t[:1].upper() == t[:1] if " " not in t else all(p[:1].upper() == p[:1] for p in t.split(" "))
            for t in self.tokens
        ]


def _runs(values: list, size: int):
    """Each run of `size` consecutive values, as a tuple."""
    return zip(*(values[k:] for k in range(size)))


# As underthesea_core computes them: digits are ASCII digits; a token is
# title-like when upper-casing leaves its first character as it is (a capital,
# a digit, a mark), a run when each of its tokens is.
_FUNCTIONS = {
    None: lambda c, size: c.runs(c.tokens, size),
    "lower": lambda c, size: c.runs([t.lower() for t in c.tokens] if size == 1 else c.column("lower", 1), size),
    "isdigit": lambda c, size: [str(t.isascii() and t.isdigit()) for t in c.column(None, size)],
    "istitle": lambda c, size: [str(all(run)) for run in _runs(c.title_like, size)],
    "is_in_dict": lambda c, size: [str(t in c.dictionary) for t in c.column("lower", size)],
}


def _viterbi(scores: list[np.ndarray], transition: np.ndarray) -> list[list[int]]:
    """Each sentence's label sequence of highest total score (state scores
    plus transitions; a tie goes to the lower label). A step costs labels²
    sums: for the segmenter's two labels, Python floats do them several times
    faster than numpy's calls on arrays of four; for the tagger's 31,
    numpy does them, sentences of like length stepped through together."""
    if transition.shape[0] <= _FEW_LABELS:
        return [_viterbi_in_floats(s.tolist(), transition.T.tolist()) for s in scores]
    return _viterbi_side_by_side(scores, transition)


# Up to how many labels a step is worked out in Python floats.
_FEW_LABELS = 3


def _viterbi_in_floats(scores: list[list[float]], into: list[list[float]]) -> list[int]:
    """One sentence's path; `into[j][i]`: the weight of going from label i to label j."""
    if not scores:
        return []
    labels = range(len(into))
    best, back = scores[0], []
    for row in scores[1:]:
        came: list[int] = []
        moved: list[float] = []
        for j in labels:
            weights = into[j]
            top, k = best[0] + weights[0], 0
            for i in labels[1:]:
                if best[i] + weights[i] > top:
                    top, k = best[i] + weights[i], i
            moved.append(top + row[j])
            came.append(k)
        best = moved
        back.append(came)
    path = [max(labels, key=best.__getitem__)]
    for came in reversed(back):
        path.append(came[path[-1]])
    return path[::-1]


def _viterbi_side_by_side(scores: list[np.ndarray], transition: np.ndarray) -> list[list[int]]:
    """Each sentence's path, sentences of like length stepped through
    together, a few at a time, each step one numpy operation for all of them."""
    paths: list[list[int]] = [[] for _ in scores]
    order = sorted(range(len(scores)), key=lambda i: len(scores[i]))
    order = [i for i in order if len(scores[i])]
    into = np.ascontiguousarray(transition.T)
    for at in range(0, len(order), _SENTENCES_AT_ONCE):
        group = order[at : at + _SENTENCES_AT_ONCE]
        lengths = np.array([len(scores[i]) for i in group])
        steps, labels = int(lengths.max()), transition.shape[0]
        padded = np.zeros((steps, len(group), labels))
        for b, i in enumerate(group):
            padded[: lengths[b], b] = scores[i]
        back = np.zeros((steps, len(group), labels), dtype=np.intp)
        # each step's best sums; a sentence that has ended steps on through
        # zeros, unread: its path starts from its own last step's row
        best = np.empty((steps, len(group), labels))
        best[0] = padded[0]
        flat = np.arange(len(group) * labels) * labels  # where each (sentence, to) row starts in a step
        for t in range(1, steps):
            step = best[t - 1][:, None, :] + into  # sentence, to, from: the sums to compare lie side by side
            came = back[t] = step.argmax(axis=2)
            best[t] = step.ravel()[flat + came.ravel()].reshape(came.shape) + padded[t]  # cheaper than a second max
        for b, i in enumerate(group):
            path = [int(best[lengths[b] - 1, b].argmax())]
            for t in range(lengths[b] - 1, 0, -1):
                path.append(int(back[t, b, path[-1]]))
            paths[i] = path[::-1]
    return paths


# How many sentences are stepped through together (sentences x labels x labels floats a step).
_SENTENCES_AT_ONCE = 64


def _read_crfsuite(path: Path) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """Labels, attributes, state weights (a row per attribute, a column per
    label, and a last row of zeros) and transition weights (from label, to
    label) of a CRFsuite model file ("lCRF", type "FOMC")."""
    data = path.read_bytes()
    if len(data) < 48:
        raise ValueError(f"{path}: not a CRFsuite model")
    magic, _, kind, _, _, n_labels, _, at_features, at_labels, at_attributes, _, _ = struct.unpack_from(
        "<4sI4sIIIIIIIII", data
    )
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError(f"{path}: not a CRFsuite model")
    _, _, count = struct.unpack_from("<4sII", data, at_features)
    features = np.frombuffer(
        data, np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")]), count, at_features + 12
    )
    labels, attributes = _strings(data, at_labels), _strings(data, at_attributes)
    transition = np.zeros((n_labels, n_labels))
    moves = features[features["type"] == 1]
    transition[moves["src"], moves["dst"]] = moves["weight"]
    states = features[features["type"] == 0]
    state = np.zeros((len(attributes) + 1, n_labels))
    state[states["src"], states["dst"]] = states["weight"]
    return labels, attributes, state, transition


def _strings(data: bytes, at: int) -> list[str]:
    """The strings of a CQDB chunk, by id: its backward array gives each
    record's offset; a record is an id, a size (with the closing NUL), the bytes."""
    _, _, _, _, count, at_backward = struct.unpack_from("<4sIIIII", data, at)
    starts = np.frombuffer(data, "<u4", count, at + at_backward).astype(np.int64) + at
    raw = np.frombuffer(data, np.uint8)
    sizes = sum(raw[starts + 4 + k].astype(np.int64) << (8 * k) for k in range(4))
    return [data[a:b].decode() for a, b in zip((starts + 8).tolist(), (starts + 7 + sizes).tolist())]


def _unpickled(path: Path):
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (pickle.UnpicklingError, AttributeError, ImportError, EOFError):
        import joblib  # a file joblib wrote compressed or with arrays in it

        return joblib.load(path)
