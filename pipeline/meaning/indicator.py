"""Indicator step: what each figure measures (docs/dataset.md: `indicator`, `indicator_text`).

The vocabulary is rules/indicators.yaml; its header explains the order in
which a figure's clause, its total, the figure before it and its sentence are
consulted. Each sentence is normalised and matched once, and its words and
POS tags come from `text.words.words_of` (tagged once per process for all
steps); every figure then only looks at slices of it.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Sequence

from .. import rules
from ..figures.breakdown import sentence_scopes
from ..model import (
    ARTICLE,
    CANONICAL_UNITS,
    HEADING,
    MONEY,
    OWN,
    PARAGRAPH_FRAME,
    SENTENCE,
    TITLE,
    TOTAL,
    Document,
    Figure,
)
from ..text.normalise import normalise_text
from ..text.words import segment_together, words_of

OTHER = "other"
PERCENT = "percent"
# Units that count a group of people: such a figure names who it is about.
GROUP_UNITS = frozenset({"person", "person_time", "household"})

SCHEMA = {
    "ignore": [str],
    "clause_joiners": [str],
    "respectively": [str],
    "amount_links": [str],
    "share_of": [str],
    "light_verbs": [str],
    "indicators": {
        str: {
            "vi": str,
            "en": str,
            "group?": str,
            "cues?": [str],
            "weak_cues?": [str],
            "nouns?": [str],
            "units?": [str],
            "unit_map?": {str: str},
            "context?": str,
            "context_cues?": [str],
            "refines?": str,
            "level?": bool,
            "recipients?": bool,
            "flows?": [str],
        }
    },
}

# --- spelling-insensitive keys ------------------------------------------------

# Punctuation that never separates the words of a cue: `xây, sửa nhà`,
# `Quỹ "Đền ơn đáp nghĩa"` and `LĐ-TB&XH` match whatever their punctuation.
_SOFT = set(",;:.!?…\"'“”‘’()[]{}«»-–—‐‑&/\\|+*=<>%·•")
_MASK = "¦"
# Syllable-final y after a consonant is i (liệt sỹ = liệt sĩ, tỷ = tỉ).
_Y_AFTER_CONSONANT = re.compile(r"(?<=[bcdđghklmnpqrstvx])([yýỳỷỹỵ])(?![^\W\d_])")
_Y_TO_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")


def _as_article_text(phrase: str) -> str:
    """A phrase of the rules spelled as article text is (one tone placement),
    where that keeps its length; else only composed."""
    folded = normalise_text(phrase)
    return folded if len(folded) == len(phrase) else unicodedata.normalize("NFC", phrase)


def _rule_key(phrase: str) -> str:
    """The key of a phrase of the rules, to find in article text."""
    return _bare(_as_article_text(phrase))


def _spelling(folded: str) -> str:
    """Lower case with one i/y spelling, of article text (normalised, so that
    the key's offsets are the text's)."""
    low = folded.lower()
    if len(low) != len(folded):  # a letter whose lower case is longer (İ) stays as it is
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
    return _Y_AFTER_CONSONANT.sub(lambda m: m.group(1).translate(_Y_TO_I), low)


# a run of soft punctuation and blanks
_SOFT_RUN = re.compile(rf"[{re.escape(''.join(sorted(_SOFT)))}\s]+")


def key(text: str) -> tuple[str, list[int]]:
    """Matching key of text (spelling folded, punctuation and runs of space as
    one space) and, for each key character, its offset in text."""
    low = _spelling(text)
    out: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _SOFT_RUN.finditer(low):
        start, end = m.span()
        if start:  # a run that opens the text is left out
            out += (low[pos:start], " ")
            where.extend(range(pos, start + 1))
        pos = end
    out.append(low[pos:])
    where.extend(range(pos, len(low)))
    return "".join(out), where


def key_text(text: str) -> str:
    """`key(text)` without the offsets, for a reader that needs them only
    where it finds a cue."""
    joined = _SOFT_RUN.sub(" ", _spelling(text))
    return joined[1:] if joined.startswith(" ") else joined


def _bare(text: str) -> str:
    return key_text(text).strip()


# --- rules ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    phrase: str          # as written in the rules
    text: str            # its key
    indicator: str
    strong: bool         # `cues` (decide) or `weak_cues` (who it concerns)
    noun: bool = False   # only as the figure's own counted noun
    context: str | None = None  # counts only next to a cue of this id
    borrowed: bool = False      # taken from the id this one refines


@dataclass
class Rules:
    indicators: dict
    cues: list[Cue]
    by_first_word: dict[str, list[Cue]]
    nouns: dict[str, list[Cue]]
    ignore: list[str]
    joiners: list[str]
    respectively: list[str]
    amount_links: list[str]
    share_of: set[str]
    light_verbs: set[str]
    levels: frozenset[str]  # ids whose figures are states at a date
    recipients: frozenset[str]  # ids whose people count under them whatever they are given
    flows: dict[str, list[str]]  # of a level id, the keys of its cues that name events

    def is_flow(self, indicator: str, words: str) -> bool:
        """True when `words` (a figure's indicator_text) name an event of a level id."""
        text = _bare(words)
        return any(re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", text) for cue in self.flows.get(indicator, ()))

    def allowed(self, indicator: str, unit: str) -> bool:
        spec = self.indicators[indicator]
        return not spec.get("units") or unit in spec["units"] or unit in spec.get("unit_map", {})

    def resolve(self, source: str, unit: str, share: bool = False) -> str:
        """The id a figure of this unit gets from a cue of `source`."""
        if source == OTHER:
            return OTHER
        spec = self.indicators[source]
        if share:
            return source
        if unit in spec.get("unit_map", {}):
            return spec["unit_map"][unit]
        return source if self.allowed(source, unit) else OTHER


def _fail(msg: str) -> None:
    raise rules.RulesError(f"indicators.yaml: {msg}")


def build_rules(raw: dict) -> Rules:
    """Rules from the parsed YAML, with the checks the schema cannot make."""
    inds = raw["indicators"]
    if OTHER not in inds:
        _fail(f"the id {OTHER!r} is missing")
    cues: list[Cue] = []
    for ind, spec in inds.items():
        refs = [spec.get("context"), spec.get("refines"), *spec.get("unit_map", {}).values()]
        for ref in refs:
            if ref and ref not in inds:
                _fail(f"{ind}: names unknown id {ref!r}")
        for unit in [*spec.get("units", []), *spec.get("unit_map", {})]:
            if unit not in CANONICAL_UNITS:
                _fail(f"{ind}: unknown unit {unit!r} (docs/units.md)")
        if spec.get("context_cues") or spec.get("refines"):
            if not spec.get("context"):
                _fail(f"{ind}: context_cues and refines need a context id")
        context = spec.get("context")
        for phrase in spec.get("cues", []):
            cues.append(Cue(phrase, _rule_key(phrase), ind, True))
        for phrase in spec.get("weak_cues", []):
            cues.append(Cue(phrase, _rule_key(phrase), ind, False))
        for phrase in spec.get("nouns", []):
            # A counted noun says what is counted but not which programme:
            # `30 căn nhà tình nghĩa` is merit housing, so nouns rank as weak.
            cues.append(Cue(phrase, _rule_key(phrase), ind, False, noun=True))
        for phrase in spec.get("context_cues", []):
            cues.append(Cue(phrase, _rule_key(phrase), ind, True, context=context))
    for ind, spec in inds.items():
        if spec.get("refines"):
            for borrowed in [c for c in cues if c.indicator == spec["refines"] and not c.context]:
                cues.append(Cue(borrowed.phrase, borrowed.text, ind, borrowed.strong, borrowed.noun, spec["context"], True))
    seen: dict[tuple, Cue] = {}
    for cue in cues:
        slot = (cue.text, cue.noun, cue.context is not None)
        if not cue.text:
            _fail(f"{cue.indicator}: cue {cue.phrase!r} has no words")
        if slot in seen and (seen[slot].indicator == cue.indicator or not cue.context):
            first = seen[slot]
            _fail(f"cue {cue.phrase!r} of {cue.indicator} is the same as {first.phrase!r} of "
                  f"{first.indicator} once case, punctuation and tone placement are ignored")
        seen[slot] = cue
    by_first: dict[str, list[Cue]] = {}
    nouns: dict[str, list[Cue]] = {}
    for cue in cues:
        if cue.noun:
            nouns.setdefault(cue.text, []).append(cue)
        else:
            by_first.setdefault(cue.text.split(" ")[0], []).append(cue)
    ignore = [_rule_key(p) for p in raw["ignore"]]
    dupes = {p for p in ignore if ignore.count(p) > 1}
    if dupes:
        _fail(f"ignore: {sorted(dupes)[0]!r} is listed twice once punctuation and tone placement are ignored")
    return Rules(
        indicators=inds,
        cues=cues,
        by_first_word=by_first,
        nouns=nouns,
        ignore=sorted(ignore, key=len, reverse=True),
        joiners=[_rule_key(w) for w in raw["clause_joiners"]],
        respectively=[_rule_key(w) for w in raw["respectively"]],
        amount_links=[_rule_key(w) for w in raw["amount_links"]],
        share_of={_rule_key(w) for w in raw["share_of"]},
        light_verbs={_rule_key(w) for w in raw["light_verbs"]},
        levels=frozenset(ind for ind, spec in inds.items() if spec.get("level")),
        recipients=frozenset(ind for ind, spec in inds.items() if spec.get("recipients")),
        flows={ind: [_rule_key(c) for c in spec["flows"]] for ind, spec in inds.items() if spec.get("flows")},
    )


def compile_indicator_rules(r: rules.Rules) -> Rules:
    return build_rules(r.data("indicators", SCHEMA))


# --- matching ---------------------------------------------------------------------


def _is_word(ch: str) -> bool:
    return ch.isalnum()


# The first character of a word: `[^\W_]` is exactly str.isalnum in `re`.
_WORD_START = re.compile(r"(?<![^\W_])[^\W_]")


def find_cues(text: str, r: Rules) -> list[tuple[int, int, Cue]]:
    """Every cue occurrence in a key string, as (start, end, cue), whole words only."""
    found = []
    n = len(text)
    by_first_word = r.by_first_word
    at = 0
    # A key's words are apart by one blank; a word holding other than letters
    # and digits (`¦` of a mask) holds more than one word start.
    for token in text.split(" "):
        for k in (0,) if token.isalnum() else [m.start() for m in _WORD_START.finditer(token)]:
            cues = by_first_word.get(token[k:] if k else token)
            if cues:
                i = at + k
                for cue in cues:
                    end = i + len(cue.text)
                    if text.startswith(cue.text, i) and (end == n or not text[end].isalnum()):
                        found.append((i, end, cue))
        at += len(token) + 1
    return found


def _mask(text: str, r: Rules) -> str:
    for phrase in r.ignore:
        start = text.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            if (start == 0 or not _is_word(text[start - 1])) and (end == len(text) or not _is_word(text[end])):
                text = text[:start] + _MASK * len(phrase) + text[end:]
            start = text.find(phrase, start + 1)
    return text


# --- one sentence -------------------------------------------------------------


@dataclass
class _Token:
    start: int  # key offsets
    end: int
    tag: str
    text: str

    @property
    def is_verb(self) -> bool:
        return self.tag.startswith("V") and any(c.isalpha() for c in self.text) and not any(
            c.isdigit() for c in self.text
        )


@dataclass
class _Fig:
    index: int
    ns: int  # key offsets of the number
    ne: int
    fe: int  # key offset of the end of number + unit
    clause: tuple[int, int] = (0, 0)
    segment: tuple[int, int] = (0, 0)


@dataclass
class _Sentence:
    start: int
    text: str
    key: str
    where: list[int]
    tokens: list[_Token]
    figs: list[_Fig]
    matches: list[tuple[int, int, Cue]] = field(default_factory=list)
    commas: list[tuple[int, int]] = field(default_factory=list)  # (sentence offset, key offset) of each comma
    list_items: set[int] = field(default_factory=set)  # clause starts that are items of a list of figures
    respectively: list[tuple[int, int]] = field(default_factory=list)  # (rank of the word in the rules, key offset)
    breakdowns: list[int] = field(default_factory=list)  # key offsets of the breakdown markers ("trong đó")

    def k(self, offset: int) -> int:
        """Key offset of the first key character at or after a sentence offset."""
        return bisect.bisect_left(self.where, offset)

    def k_at(self, offset: int) -> int:
        """Key offset of the character that stands for the one at `offset`: a
        punctuation mark is the space its run of marks became (`%; ` -> ` `)."""
        return max(bisect.bisect_right(self.where, offset) - 1, 0)

    def orig(self, kstart: int, kend: int) -> str:
        if kend <= kstart:
            return ""
        return self.text[self.where[kstart]:self.where[kend - 1] + 1]

    def has_verb(self, a: int, b: int) -> bool:
        """True when a verb stands within key offsets [a, b)."""
        i = bisect.bisect_left(self._verb_starts, a)
        return i < len(self._verb_starts) and self._verb_ends[i] <= b

    @cached_property
    def _verb_starts(self) -> list[int]:
        return [t.start for t in self.tokens if t.is_verb]

    @cached_property
    def _verb_ends(self) -> list[int]:
        return [t.end for t in self.tokens if t.is_verb]

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    @cached_property
    def _token_ends(self) -> list[int]:
        return [t.end for t in self.tokens]

    @cached_property
    def _number_starts(self) -> list[int]:
        return [f.ns for f in self.figs]  # the figures are in reading order

    @cached_property
    def _match_starts(self) -> list[int]:
        return [a for a, _, _ in self.matches]  # find_cues gives them in order

    def matches_within(self, start: int, end: int) -> list[tuple[int, int, Cue]]:
        """The cues that stand within key offsets [start, end)."""
        found = self.matches[bisect.bisect_left(self._match_starts, start) : bisect.bisect_left(self._match_starts, end)]
        return [m for m in found if m[1] <= end]

    def list_head(self, clause_start: int) -> int:
        """Where the clause at `clause_start` begins, or, for an item of a list
        of figures, where the list's first item begins: the list is the clause."""
        return self._list_heads.get(clause_start, clause_start)

    @cached_property
    def _list_heads(self) -> dict[int, int]:
        heads: dict[int, int] = {}
        before = None
        for start in sorted({f.clause[0] for f in self.figs}):
            heads[start] = heads[before] if before is not None and start in self.list_items else start
            before = start
        return heads

    def figures_from(self, start: int, end: int) -> list[_Fig]:
        """The figures whose number starts within key offsets [start, end)."""
        return self.figs[bisect.bisect_left(self._number_starts, start) : bisect.bisect_left(self._number_starts, end)]

    def next_figure(self, f: _Fig) -> _Fig | None:
        i = bisect.bisect_right(self._number_starts, f.ns)
        return self.figs[i] if i < len(self.figs) else None

    def token_before(self, pos: int) -> _Token | None:
        """The word right before key offset `pos`, with nothing but a space between."""
        i = bisect.bisect_right(self._token_ends, pos) - 1
        if i < 0 or pos - self.tokens[i].end > 1:
            return None
        gap = self.text[self.where[self.tokens[i].end - 1] + 1:self.where[pos]] if pos < len(self.where) else " "
        return self.tokens[i] if not gap.strip() else None

    def opens_noun_phrase(self, pos: int) -> bool:
        """True when the first word after key offset `pos` is a noun."""
        following = self.tokens_from(pos + 1, 1)
        return bool(following) and following[0].tag.startswith("N")

    def tokens_from(self, pos: int, count: int | None = None) -> list[_Token]:
        """The words from key offset `pos` on (the first `count` of them)."""
        i = bisect.bisect_left(self._token_starts, pos)
        return self.tokens[i : None if count is None else i + count]


def _tokens(text: str, where: list[int]) -> list[_Token]:
    """underthesea's words of the sentence (shared with the other steps), in key offsets."""
    out = []
    for tok in words_of(text):
        if not any(c.isalnum() for c in tok.text):
            continue
        start = bisect.bisect_left(where, tok.idx)
        end = bisect.bisect_left(where, tok.idx + len(tok.text))
        out.append(_Token(start, end, tok.tag, tok.text))
    return out


def _sentence(text: str, start: int, figs: list[tuple[int, Figure]], r: Rules, breakdowns: Sequence[int]) -> _Sentence:
    """The sentence read for cues; `breakdowns`: where its breakdown markers
    (pipeline.figures.breakdown) start, in sentence offsets."""
    skey, where = key(text)
    masked = _mask(skey, r)
    s = _Sentence(start, text, masked, where, _tokens(text, where), [])
    s.commas = [(m.start(), s.k_at(m.start())) for m in re.finditer(r",(?!\d)", text)]
    s.breakdowns = [s.k(b) for b in breakdowns]
    for index, f in figs:
        rel = f.char_start - start
        s.figs.append(_Fig(index, s.k(rel), s.k(f.number_end - start), s.k(f.char_end - start)))
    s.matches = find_cues(masked, r)
    s.respectively = sorted(
        (rank, m.start()) for rank, w in enumerate(r.respectively) for m in re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", masked)
    )
    _split(s, r)
    return s


def _split(s: _Sentence, r: Rules) -> None:
    """Set each figure's clause and segment (key offsets).

    `;` ends a segment and a clause; brackets end a clause. A comma or a
    joining word (`và`) starts a new clause only after a figure, after a word
    that is not a verb and before a verb: `quản lý, cai nghiện, dạy nghề đối
    với 201 học viên` stays one clause, `28.000 người, phấn đấu giảm 2%`
    is two. The words after a figure, up to the next figure, still belong to
    it unless the new clause opens with its verb (`cận nghèo được miễn giảm
    học phí` still describes `100% học sinh nghèo`).
    """
    hard = sorted({s.k_at(m.start()) for m in re.finditer(r"[;()\[\]]|\n", s.text)})
    colons = [s.k_at(m.start()) for m in re.finditer(r":", s.text)]
    segments = sorted({s.k_at(m.start()) for m in re.finditer(r";|\n", s.text)})
    soft_at = [(s.k_at(m.start()), s.k(m.end()), False) for m in re.finditer(r",", s.text)]
    for j in r.joiners:
        # A joining word must be followed by its verb: `năm 2022 và năm 2023` joins nouns.
        soft_at += [(m.end() - 1, m.end(), True) for m in re.finditer(rf"(?<!\w){re.escape(j)}(?!\w)", s.key)]
    number_starts = s._number_starts
    cue_ends = {end for _, end, _ in s.matches}
    cuts = sorted(hard + [a for a, _, _ in soft_at] + number_starts)
    # A colon opens a list or a number (`trong đó: ...`, `cao đẳng: 940`):
    # the words of the figure before it stop there.
    starts, ends = sorted(hard), hard + colons
    for at, after, verb_first in sorted(soft_at):
        i = bisect.bisect_right(starts, at)
        last = starts[i - 1] if i else 0
        n = bisect.bisect_left(number_starts, last)
        if not (n < len(number_starts) and number_starts[n] < at):
            continue  # no figure before it in its clause
        n = bisect.bisect_left(number_starts, after)
        if n < len(number_starts) and not s.key[after : number_starts[n]].strip():
            # `268.412 người tham gia BHXH bắt buộc, 31.570 người tham gia BHXH
            # tự nguyện`: a list of figures, each with its own words.
            bisect.insort(starts, at)
            s.list_items.add(at + 1)
            continue
        left = s.token_before(at)
        # ...after a verb the comma lists actions of one clause, unless the verb
        # ends a cue, which names a thing ("hưởng trợ cấp thất nghiệp, đã ...").
        if left and left.is_verb and not verb_first and at not in cue_ends:
            continue
        c = bisect.bisect_right(cuts, after)
        stop = cuts[c] if c < len(cuts) else len(s.key)
        chunk = [t for t in _until(s.tokens_from(after), stop) if not t.tag.startswith("R")]
        if chunk and (chunk[0].is_verb if verb_first else any(t.is_verb for t in chunk)):
            bisect.insort(starts, at)
            if chunk[0].is_verb:
                # `16.600 người, giải quyết việc làm cho ...`: a new predicate,
                # whose words say nothing about the figure before it.
                ends.append(at)
    starts, ends = sorted(set(starts)), sorted(set(ends))
    for f in s.figs:
        f.clause = (_between(starts, f.ns, len(s.key))[0], _between(ends, f.ns, len(s.key))[1])
        f.segment = _between(segments, f.ns, len(s.key))


def _until(tokens: list[_Token], stop: int):
    """The words of `tokens` that end by key offset `stop`, in order."""
    for t in tokens:
        if t.end > stop:
            return
        yield t


def _between(cuts: list[int], pos: int, end: int) -> tuple[int, int]:
    i = bisect.bisect_right(cuts, pos)
    return (cuts[i - 1] + 1 if i else 0, cuts[i] if i < len(cuts) else end)


# --- one figure ----------------------------------------------------------------


@dataclass
class _Choice:
    source: str          # the id before the unit decides (see Rules.resolve)
    text: str
    share: bool = False
    known: bool = True   # False: no cue at all, so nothing to pass on
    frame: str | None = None  # where it was found (model.FRAMES)


@dataclass
class _Hit:
    start: int  # key offsets in the sentence
    end: int
    cue: Cue
    dist: int
    side: str   # before / after / span / noun
    share: bool = False


class _Decider:
    def __init__(self, figures: Sequence[Figure], r: Rules):
        self.figures = figures
        self.r = r
        self.choices: dict[int, _Choice] = {}
        self.hits: dict[int, list[_Hit]] = {}

    # The figure's own clause, with its number cut out so that a cue around it
    # (`đưa [1.115] lao động đi làm việc ở nước ngoài`) reads as one phrase.
    def own_hits(self, s: _Sentence, f: _Fig, fig: Figure) -> list[_Hit]:
        if f.index not in self.hits:
            self.hits[f.index] = self._own_hits(s, f, fig)
        return self.hits[f.index]

    def _own_hits(self, s: _Sentence, f: _Fig, fig: Figure) -> list[_Hit]:
        cs, ce = f.clause
        nxt = s.next_figure(f)
        if nxt and nxt.ns < f.segment[1]:
            # Words after a comma that lead to the next figure are its subject
            # (`giảm còn 18,4%, tỷ lệ hộ cận nghèo còn 7,9%`), not this one's.
            end = fig.char_end - s.start
            first = bisect.bisect_left(s.commas, (end, -1))
            for at, c in s.commas[first:]:
                if c >= nxt.ns:
                    break
                if s.opens_noun_phrase(c):
                    ce = min(ce, c)
                    break
        if nxt:
            ce = min(ce, nxt.ns)
        # A breakdown marker between the figure and the next opens the next's
        # words ("đạt 70%, trong đó có bằng cấp, chứng chỉ đạt 28%").
        k = bisect.bisect_left(s.breakdowns, f.fe)
        if k < len(s.breakdowns) and nxt and s.breakdowns[k] < nxt.ns:
            ce = min(ce, s.breakdowns[k])
        before = s.key[cs:f.ns].rstrip()
        after_raw = s.key[f.ne:ce]
        after = after_raw.lstrip()
        lead = len(after_raw) - len(after)
        view = before + " " + after
        gap = len(before)

        def to_key(p: int) -> int:
            return cs + p if p <= gap else f.ne + lead + p - gap - 1

        hits = []
        for a, b, cue in find_cues(view, self.r):
            if b <= gap:
                side, dist = "before", gap - b
            elif a > gap:
                side, dist = "after", a - gap - 1
            else:
                side, dist = "span", 0
            share = (
                side == "after"
                and fig.unit == PERCENT
                and view[gap + 1:a].strip() in self.r.share_of
            )
            hits.append(_Hit(to_key(a), to_key(b - 1) + 1, cue, dist, side, share))
        unit = _bare(fig.unit_text)
        for cue in self.r.nouns.get(unit, ()):
            hits.append(_Hit(f.ne, f.fe, cue, 0, "noun"))
        hits = self.usable(s, f, fig, hits)
        if nxt and nxt.ns < f.segment[1]:
            hits = [h for h in hits if h.side != "after" or not self.governs(s, nxt, h)]
        return hits

    def governs(self, s: _Sentence, g: _Fig, h: _Hit) -> bool:
        """True when the cue of `h` stands nearer the next figure `g`, which
        has no words of its own after it, and is what `g` is read by:
        `528,820 tỷ đồng và kế hoạch vốn năm 2024: 742,287 tỷ đồng`."""
        if h.end > g.ns or g.ns - h.end >= h.dist:
            return False
        if self.figures[g.index].unit in MONEY and self.amount_link_end(s.key[h.end : g.ns]) is not None:
            return False  # "... cho người có công, tổng kinh phí 13,2 tỷ đồng": the money of the figure before
        theirs = [k for k in self.own_hits(s, g, self.figures[g.index]) if k.cue.strong == h.cue.strong]
        if any(k.side != "before" for k in theirs):
            return False
        best = self.best(theirs)
        return best is not None and (best.start, best.end) == (h.start, h.end)

    def usable(self, s: _Sentence, f: _Fig, fig: Figure, hits: list[_Hit]) -> list[_Hit]:
        """Hits whose cue applies to this unit and context, overlaps resolved longest first."""
        ok = []
        for h in hits:
            if h.cue.indicator != OTHER and not self.r.allowed(h.cue.indicator, fig.unit):
                continue
            if h.cue.context and not self.in_context(s, f, h.cue.context):
                continue
            ok.append(h)
        # `vốn vay` (a cue) wins over the longer `nguồn vốn` (a weak cue) it overlaps.
        ok.sort(key=lambda h: (not h.cue.strong, -(h.end - h.start), h.cue.context is None))
        kept: list[_Hit] = []
        for h in ok:
            if all(h.end <= k.start or h.start >= k.end or (h.start, h.end) == (k.start, k.end) for k in kept):
                kept.append(h)
        return kept

    def in_context(self, s: _Sentence, f: _Fig, indicator: str) -> bool:
        """A cue of `indicator` anywhere in the figure's segment (`xây mới 200
        ngôi nhà và sửa chữa 50 ngôi nhà cho người có công`)."""
        return any(c.indicator == indicator and not c.context for _, _, c in s.matches_within(*f.segment))

    @staticmethod
    def best(hits: list[_Hit]) -> _Hit | None:
        if not hits:
            return None
        # Nearest first; at equal distance a phrase around the number, then the
        # figure's own noun phrase (`nhận chăm sóc 12 BMVNAH`), then the longer.
        side = {"span": 0, "after": 1, "noun": 2, "before": 3}
        return min(hits, key=lambda h: (h.dist, side[h.side], -(h.end - h.start), h.cue.context is None))

    def decide(self, s: _Sentence, f: _Fig, fig: Figure, topic: _Choice | None) -> _Choice:
        """The figure's indicator from the nearest frame that names one: its
        own words, its total, its sentence, then the running `topic` of the
        text before it (its paragraph's, or the article's)."""
        paired = self.respective_cue(s, f, fig)
        if paired is not None:
            return self.chosen(s, f, paired, OWN)
        hits = self.own_hits(s, f, fig)
        head = self.amount_head(s, f, fig, hits)
        if head is not None and self.r.allowed(self.choices[head].source, fig.unit):
            # (an id that counts no money, poor households, leaves the money
            # to its own words: "952 hộ được phân bổ số tiền 16,3 tỷ đồng")
            return self.inherit(head, SENTENCE)
        strong = self.best([h for h in hits if h.cue.strong])
        if strong and strong.cue.indicator == OTHER:
            # A benefit outside the list given to people the figure counts as
            # an id's recipients: "cấp thẻ BHYT cho 17.697 lượt người có công".
            counted = self.best([h for h in hits if not h.cue.strong and h.side != "before" and self.names_what_it_counts(f, h)
                                 and h.cue.indicator in self.r.recipients])
            if counted:
                return self.chosen(s, f, counted, OWN)
        total = self.choices.get(fig.part_of) if fig.part_of is not None else None
        if strong and not (strong.cue.indicator == OTHER and total and total.known and total.source != OTHER):
            # ...but a topic outside the list names only a kind of the total's
            # parts: "... 2.589 tỷ đồng, trong đó cho vay hơn 1.005 tỷ đồng".
            return self.chosen(s, f, strong, OWN)
        weak = self.best([h for h in hits if not h.cue.strong])
        if total is not None and (total.known or not (weak and self.names_what_it_counts(f, weak))):
            return self.inherit(fig.part_of, TOTAL)
        if weak:
            # ...and a part of a total that names nothing is what it names:
            # "2.140 hộ dân, trong đó hộ nghèo 186 hộ".
            return self.chosen(s, f, weak, OWN)
        shared = self.shared_predicate(s, f, fig)
        if shared:
            return self.chosen(s, f, shared, SENTENCE)
        verbless = not s.has_verb(f.segment[0], f.ns)
        floor = 0 if verbless else f.segment[0]
        earlier = s.figures_from(floor, f.ns)
        if earlier and self.choices[earlier[-1].index].known:
            return self.inherit(earlier[-1].index, SENTENCE)
        # Cues before the figure in its part of the sentence, then in the
        # parts before it (`... vay vốn giải quyết việc làm; đến nay, đang
        # quản lý hơn 2.589 tỷ đồng`).
        for start in dict.fromkeys((floor, 0)):
            found = self.earlier_cue(s, f, fig, start)
            if found:
                return self.chosen(s, f, found, SENTENCE)
        if topic is not None and topic.known:
            return _Choice(topic.source, topic.text, topic.share, frame=topic.frame)
        return _Choice(OTHER, self.noun_phrase(s, f), known=False)

    @staticmethod
    def names_what_it_counts(f: _Fig, h: _Hit) -> bool:
        """The cue labels the figure ("hộ nghèo: 35.683 hộ") or begins in its
        counted noun ("186 hộ nghèo"), rather than naming whom it serves
        after it ("10 lớp cho người khuyết tật")."""
        return h.side != "after" or h.start <= f.fe

    def respective_cue(self, s: _Sentence, f: _Fig, fig: Figure) -> _Hit | None:
        """`A và B lần lượt được 14,35 tỷ đồng và 3,08 tỷ đồng`: the k-th figure
        after the word takes the k-th cue before it, when as many cues of
        distinct ids stand before it in the segment as figures after it."""
        seg_start, seg_end = f.segment
        at = next((pos for _, pos in s.respectively if seg_start <= pos < f.ns), None)
        if at is None:
            return None
        figs = [g for g in s.figures_from(at + 1, seg_end) if self.figures[g.index].unit == fig.unit]
        cues = self.usable(s, f, fig, [_Hit(a, b, c, at - b, "before") for a, b, c in s.matches_within(seg_start, at) if c.strong])
        cues.sort(key=lambda h: h.start)
        if len(cues) < 2 or len(cues) != len(figs) or len({h.cue.indicator for h in cues}) != len(cues):
            return None
        return cues[[g.index for g in figs].index(f.index)]

    def shared_predicate(self, s: _Sentence, f: _Fig, fig: Figure) -> _Hit | None:
        """`hơn 200 lao động và 1.250 sinh viên được tư vấn`: figures joined by a
        conjunction share the words after the last of them."""
        nxt = s.next_figure(f)
        if nxt is None or nxt.ns >= f.segment[1] or s.key[f.fe:nxt.ns].strip() not in self.r.joiners + [""]:
            return None
        theirs = [h for h in self.own_hits(s, nxt, self.figures[nxt.index]) if h.side == "after" and h.cue.strong]
        found = self.best(self.usable(s, f, fig, theirs))
        return found

    def earlier_cue(self, s: _Sentence, f: _Fig, fig: Figure, floor: int) -> _Hit | None:
        cs = f.clause[0]
        hits = [_Hit(a, b, c, cs - b, "before") for a, b, c in s.matches_within(floor, cs) if not c.noun]
        hits = self.usable(s, f, fig, hits)
        return self.best([h for h in hits if h.cue.strong]) or self.best(hits)

    def amount_head(self, s: _Sentence, f: _Fig, fig: Figure, hits: list[_Hit]) -> int | None:
        """`..., với tổng kinh phí 2,9 tỷ đồng`: the money of the clause's first figure."""
        if fig.unit not in MONEY:
            return None
        earlier = s.figures_from(s.list_head(f.clause[0]), f.ns)
        if not earlier:
            return None
        link = self.amount_link_end(s.key[earlier[-1].fe:f.ns])
        if link is None:
            return None
        link_end = earlier[-1].fe + link
        if any(h.cue.strong and h.side == "before" and h.start >= link_end for h in hits):
            return None
        return earlier[0].index

    def amount_link_end(self, window: str) -> int | None:
        """Where the last amount link of `window` (`tổng kinh phí`, `với số tiền`) ends, if any."""
        links = [m.end() for w in self.r.amount_links for m in re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", window)]
        return max(links) if links else None

    def inherit(self, index: int, frame: str) -> _Choice:
        c = self.choices[index]
        return _Choice(c.source, c.text, known=c.known, frame=frame if c.known else None)

    def chosen(self, s: _Sentence, f: _Fig, h: _Hit, frame: str) -> _Choice:
        source = OTHER if h.cue.indicator == OTHER else h.cue.indicator
        return _Choice(source, self.phrase(s, f, h), h.share, frame=frame)

    # indicator_text: the article's words around the cue, number left out.
    def phrase(self, s: _Sentence, f: _Fig, h: _Hit) -> str:
        start, end = h.start, h.end
        if h.side in ("after", "noun"):
            start = f.ne
            verb = s.token_before(f.ns)
            if h.side == "after" and verb and verb.is_verb and _bare(verb.text) not in self.r.light_verbs:
                start = verb.start  # `đưa 1.115 lao động đi làm việc ở nước ngoài`
        else:
            verb = s.token_before(start)
            if verb and verb.is_verb and _bare(verb.text) not in self.r.light_verbs:
                start = verb.start
            limit = f.ns if h.side == "before" else len(s.key)
            for tok in s.tokens_from(end, 4):
                if tok.start - end > 1 or tok.end > limit or not tok.tag.startswith("N") or tok.tag == "Nu":
                    break
                end = tok.end
        if h.side == "noun":
            end = max(end, self.noun_end(s, f))
        if start < f.ns < end:
            text = s.orig(start, f.ns) + " " + s.orig(f.ne, end)
        else:
            text = s.orig(start, end)
        return _tidy(text)

    def noun_end(self, s: _Sentence, f: _Fig) -> int:
        end = f.fe
        for tok in s.tokens_from(f.fe, 4):
            if tok.start - end > 1 or not tok.tag.startswith("N") or tok.tag == "Nu":
                break
            end = tok.end
        return end

    def noun_phrase(self, s: _Sentence, f: _Fig) -> str:
        return _tidy(s.orig(f.ne, self.noun_end(s, f)))


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(" ,;:.()-–—")


def assign_indicators(doc: Document, figures: list[Figure]) -> None:
    """Set `indicator`, `indicator_text` and `indicator_from` on every figure
    of the document, reading it in order so that a breakdown's total, the
    figure before and the running topic are known when a figure needs them."""
    r = doc.rules.indicators
    decider = _Decider(figures, r)
    by_sentence = _by_sentence(doc, figures)
    segment_together(_texts(doc, by_sentence))  # each is read below
    topic = _article_topic(doc, r)
    block = -1
    for sentence in doc.sentences:
        if sentence.block != block:
            block = sentence.block
            if doc.blocks[block].kind == HEADING:
                topic = None  # a new section; its own cues may name its topic below
        figs = sorted(by_sentence.get(sentence.index, []), key=lambda p: p[1].char_start)
        if not figs:
            frame = ARTICLE if doc.blocks[block].kind == TITLE else PARAGRAPH_FRAME
            topic = _named_topic(sentence.text, r, topic, frame)
            continue
        s = _sentence(sentence.text, sentence.start, figs, r,
                      [marker - sentence.start for marker, _, _ in sentence_scopes(doc, sentence)])
        for f in s.figs:
            fig = figures[f.index]
            choice = _refined_by(decider.decide(s, f, fig, topic), fig, topic, r)
            decider.choices[f.index] = choice
            fig.indicator = r.resolve(choice.source, fig.unit, choice.share)
            # A cue that does not fit the unit (`3/17 huyện` near `hộ nghèo`) names nothing.
            fits = fig.indicator != OTHER or choice.source == OTHER
            fig.indicator_text = choice.text if fits else decider.noun_phrase(s, f)
            fig.indicator_from = choice.frame if choice.known and fits else None
            # A part names a kind of its total, not the topic that goes on
            # ("32.000 lao động, trong đó đưa 1.000 người đi làm việc ở nước ngoài").
            if choice.known and choice.frame in (OWN, TOTAL, SENTENCE) and fig.part_of is None:
                topic = _Choice(choice.source, choice.text, frame=PARAGRAPH_FRAME)


def sentences_to_read(doc: Document, figures: list[Figure]) -> list[str]:
    """The sentences whose words assign_indicators reads: those that hold a figure."""
    return _texts(doc, _by_sentence(doc, figures))


def _texts(doc: Document, by_sentence: dict[int, list[tuple[int, Figure]]]) -> list[str]:
    return [doc.sentences[k].text for k in by_sentence if k >= 0]


def _by_sentence(doc: Document, figures: list[Figure]) -> dict[int, list[tuple[int, Figure]]]:
    """The figures (with their index) of each sentence, by its index (-1: in none)."""
    by_sentence: dict[int, list[tuple[int, Figure]]] = {}
    for i, f in enumerate(figures):
        sentence = doc.sentence_at(f.char_start)
        by_sentence.setdefault(sentence.index if sentence else -1, []).append((i, f))
    return by_sentence


def _refined_by(choice: _Choice, fig: Figure, topic: _Choice | None, r: Rules) -> _Choice:
    """A choice that the running topic refines takes the topic's id: after
    "nhà ở cho 1.236 hộ người có công", "Mức hỗ trợ xây mới 50 triệu đồng/căn"
    is merit housing, not housing in general. A count of people or households
    names its own group ("hỗ trợ 949 hộ khó khăn về nhà ở"): it keeps its id."""
    if fig.unit in GROUP_UNITS:
        return choice
    if topic is not None and topic.known and choice.known and r.indicators[topic.source].get("refines") == choice.source:
        return _Choice(topic.source, choice.text, choice.share, frame=choice.frame)
    return choice


def _named_topic(text: str, r: Rules, topic: _Choice | None, frame: str = PARAGRAPH_FRAME) -> _Choice | None:
    """The topic a sentence without figures names: its last decisive cue
    (`Công tác xuất khẩu lao động được chú trọng.`), else the topic before."""
    cues = [(a, b, c) for a, b, c in find_cues(_mask(key_text(text), r), r) if c.strong and not c.context and not c.noun]
    if not cues:
        return topic
    a, b, cue = max(cues, key=lambda m: (m[1], m[1] - m[0]))
    where = key(text)[1]
    return _Choice(cue.indicator, _tidy(text[where[a] : where[b - 1] + 1]), frame=frame)


def _article_topic(doc: Document, r: Rules) -> _Choice | None:
    """The topic the title names, which holds until the text names another."""
    title = doc.article.title
    if title and title not in doc.text:
        return _named_topic(title, r, None, ARTICLE)
    first = doc.blocks[0] if doc.blocks else None
    if first is not None and first.kind == TITLE:
        return _named_topic(doc.text[first.start : first.end], r, None, ARTICLE)
    return None
