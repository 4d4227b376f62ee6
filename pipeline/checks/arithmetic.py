"""Check an article's arithmetic: do the numbers it states agree?

Four checks, each giving a `Finding` that is `ok`, `mismatch` or `unverifiable`:

- percent_of_plan: achieved/plan against the stated percentage
  (`23.758/23.279 người, đạt 102,5% kế hoạch`: 102,06%, not 102,5%);
- implied_plan: the plan a count and its percentage imply (`1.115 lao động, đạt
  85,77% kế hoạch` -> 1.300). A plan of people or households is a whole number,
  so when no whole number fits, the percentage is wrong;
- parts: the parts of a breakdown against their total. Parts never add up to
  more than the total; they add up to exactly the total only when the
  breakdown lists every part (`gồm`, or a remainder among the parts: the words
  are in rules/checks.yaml); `trong đó` may list only some. Parts that name a
  group cutting across the others (`nữ`, `dân tộc thiểu số`) may overlap and
  are not summed. A change is no part of a level (`giảm 2.100 hộ`);
- remainder: what is left (`còn lại`, `chưa phân bổ`) against plan minus used.

Every stated number is taken as rounded to its last written digit: `109,4%`
holds for 109,35..109,45, `16,024 tỷ` for 16,0235..16,0245 tỷ. A count written
in full (`23.758 người`) is exact. A figure that is approximate (`khoảng`,
`trên`, `gần`, a range) cannot be checked exactly: its checks are unverifiable.

Each figure a check involves gets `check_status` (the worst of its findings:
mismatch, else ok, else unverifiable) and `check_note` (the notes, joined).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import regex

from .. import rules
from ..figures.numbers import DIGITS, parse_digits
from ..figures.qualifiers import qualifier_run
from ..model import CANONICAL_UNITS, Figure
from ..rules import phrase_regex

OK, MISMATCH, UNVERIFIABLE = "ok", "mismatch", "unverifiable"
STATUS_ORDER = (MISMATCH, UNVERIFIABLE, OK)  # the order findings are listed in
_STATUS_RANK = {MISMATCH: 0, OK: 1, UNVERIFIABLE: 2}  # which one a figure shows
PERCENT_OF_PLAN, IMPLIED_PLAN, PARTS, REMAINDER = "percent_of_plan", "implied_plan", "parts", "remainder"
INEXACT = frozenset({"approx", "over", "under", "range"})

_SCHEMA = {
    "parts": {"exhaustive_markers": [str], "partial_markers": [str], "overlapping_groups": [str]},
    "remainder_words": [str],
    "plan_words": [str],
    "whole_units": [str],
}


@dataclass(frozen=True)
class _Vocabulary:
    exhaustive: frozenset[str]
    marker: regex.Pattern  # any breakdown marker, exhaustive or partial
    overlapping: regex.Pattern
    remainder: regex.Pattern
    plan: regex.Pattern
    whole_units: frozenset[str]


def compile_check_vocabulary(r: rules.Rules) -> _Vocabulary:
    data = r.data("checks", _SCHEMA)
    parts = data["parts"]
    for unit in data["whole_units"]:
        if unit not in CANONICAL_UNITS:
            raise rules.RulesError(f"checks.yaml: unknown canonical unit {unit!r} in whole_units")
    return _Vocabulary(
        exhaustive=frozenset(_key(m) for m in parts["exhaustive_markers"]),
        marker=phrase_regex(parts["exhaustive_markers"] + parts["partial_markers"]),
        overlapping=phrase_regex(parts["overlapping_groups"]),
        remainder=phrase_regex(data["remainder_words"]),
        plan=phrase_regex(data["plan_words"]),
        whole_units=frozenset(data["whole_units"]),
    )


def _key(words: str) -> str:
    return " ".join(words.lower().split())


@dataclass
class Finding:
    kind: str  # PERCENT_OF_PLAN, IMPLIED_PLAN, PARTS or REMAINDER
    status: str  # OK, MISMATCH or UNVERIFIABLE
    stated: float | None  # what the article says (canonical unit; percent for a percentage)
    computed: float | None  # what its other numbers give
    char_start: int  # the words checked, in the article's text
    char_end: int
    quote: str
    note: str
    figures: tuple[int, ...]  # indices of the figures involved
    doc_id: str = ""
    # A conflict (pipeline.checks.facts): the other mention, in another
    # article or said again in this one.
    other_doc_id: str | None = None
    other_value: float | None = None
    other_quote: str | None = None
    other_char_start: int | None = None
    other_char_end: int | None = None

    def record(self) -> dict:
        """The finding as a JSON object (with the other mention's keys for a conflict)."""
        out = {
            "doc_id": self.doc_id,
            "kind": self.kind,
            "status": self.status,
            "stated": _rounded(self.stated),
            "computed": _rounded(self.computed),
            "char_start": self.char_start,
            "char_end": self.char_end,
            "quote": self.quote,
            "note": self.note,
        }
        if self.other_doc_id is not None:
            out.update(
                other_doc_id=self.other_doc_id,
                other_value=_rounded(self.other_value),
                other_quote=self.other_quote,
                other_char_start=self.other_char_start,
                other_char_end=self.other_char_end,
            )
        return out


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


# --- numbers as written ----------------------------------------------------------

@dataclass(frozen=True)
class Written:
    """A stated number and the rounding its writing allows."""

    value: float  # in the canonical unit
    slack: float  # half a unit of its last written digit; 0 for a count written in full
    scale: float  # canonical units per written unit (1e9 for "tỷ đồng")
    decimals: int


def _written_at(m: regex.Match, scale: float) -> Written:
    digits = m.group()
    decimals = len(digits.partition(",")[2])
    value = parse_digits(digits, scale)
    exact = decimals == 0 and scale == 1
    return Written(value, 0.0 if exact else 0.5 * 10**-decimals * scale, scale, decimals)


def _find_written(text: str, start: int, end: int, value: float, scale: float) -> Written | None:
    """The first number written in text[start:end] that is `value` at `scale`."""
    for m in DIGITS.finditer(text, start, end):
        if _same(parse_digits(m.group(), scale), value):
            return _written_at(m, scale)
    return None


def _same(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b))


def written_value(f: Figure, text: str) -> Written:
    """The figure's own number as written (a number spelled in words is exact)."""
    m = DIGITS.search(text, f.char_start, f.char_end)
    shown = parse_digits(m.group()) if m else None
    if not shown:
        return Written(f.value, 0.0, 1.0, 0)
    return _written_at(m, f.value / shown)


def _written_target(f: Figure, text: str, scale: float) -> Written:
    """The plan of a figure, from `X/Y` or from `(24.000 người)` after it."""
    end = f.sentence_start + len(f.sentence)
    own = DIGITS.search(text, f.char_start, f.char_end)
    found = _find_written(text, own.end() if own else f.char_start, end, f.target, scale)
    return found or Written(f.target, 0.0, scale, 0)


_PERCENT_SIGN = regex.compile(r"[ \t]*%")
_CLAUSE_END = regex.compile(r"[,;:()]")


@dataclass(frozen=True)
class _StatedPercent:
    value: float  # percent of plan
    slack: float
    decimals: int
    end: int  # end of the percentage in the text


def _stated_percent(r: rules.Rules, f: Figure, text: str) -> _StatedPercent:
    """Where the figure's percentage of plan is written, and its precision:
    `đạt 85,77%`, `vượt 58,6%` (= 158,6), `gấp 2 lần` (= 200, to half a time)."""
    pct = f.pct_of_target
    times = r.grammar.times_after
    for m in DIGITS.finditer(text, f.char_end, f.sentence_start + len(f.sentence)):
        n = parse_digits(m.group())
        decimals = len(m.group().partition(",")[2])
        if (sign := _PERCENT_SIGN.match(text, m.end())) and (_same(n, pct) or _same(n + 100, pct)):
            return _StatedPercent(pct, 0.5 * 10**-decimals, decimals, sign.end())
        if (word := times.match(text, m.end())) and _same(n * 100, pct):
            return _StatedPercent(pct, 50 * 10**-decimals, max(0, decimals - 2), word.end())
    decimals = len(f"{pct:.6f}".rstrip("0").partition(".")[2])
    return _StatedPercent(pct, 0.5 * 10**-decimals, decimals, f.char_end)


# --- formatting for notes ----------------------------------------------------------

def vn_number(x: float, decimals: int = 0) -> str:
    """`16083.5` -> `16.083,5`: the article's own way of writing numbers."""
    s = f"{x:,.{decimals}f}"
    return s.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _percent(x: float, decimals: int) -> str:
    """A percentage to `decimals` places, without trailing zeros: `240%`, `102,06%`."""
    return vn_number(x, decimals).rstrip("0").rstrip(",") + "%" if decimals else vn_number(x) + "%"


def _amount(x: float, w: Written, unit_text: str, decimals: int | None = None) -> str:
    shown = vn_number(x / w.scale, w.decimals if decimals is None else decimals)
    return f"{shown}{unit_text}" if unit_text.startswith("%") else f"{shown} {unit_text}".strip()


# --- the checks -------------------------------------------------------------------

def check_figures(r: rules.Rules, figures: list[Figure], text: str) -> list[Finding]:
    """Every check on an article's figures (offsets into `text`); sets
    `check_status` and `check_note` on the figures involved."""
    findings: list[Finding] = []
    for i, f in enumerate(figures):
        if f.pct_of_target is not None:
            findings.append(_percent_of_plan(r, f, i, text) if f.target is not None else _implied_plan(r, f, i, text))
    totals: dict[int, list[int]] = {}
    for i, f in enumerate(figures):
        if f.part_of is not None:
            totals.setdefault(f.part_of, []).append(i)
    findings += [_parts(r, figures, total, parts, text) for total, parts in totals.items()]
    findings += [found for i in range(len(figures)) if (found := _remainder(r, figures, i, text))]
    findings.sort(key=lambda x: x.char_start)
    _mark(figures, findings)
    return findings


def _finding(text: str, doc_id: str, kind: str, indices: list[int], start: int, end: int, status: str,
             stated: float | None, computed: float | None, note: str) -> Finding:
    return Finding(kind, status, stated, computed, start, end, text[start:end], note, tuple(indices), doc_id)


def _inexact(*figs: Figure) -> bool:
    return any(f.qualifier in INEXACT or f.value_max is not None for f in figs)


def _percent_of_plan(r: rules.Rules, f: Figure, i: int, text: str) -> Finding:
    stated = _stated_percent(r, f, text)
    value = written_value(f, text)
    target = _written_target(f, text, value.scale)
    shown = max(2, stated.decimals + 1)
    pair = f"{_amount(f.value, value, '')}/{_amount(f.target, target, '')}"

    def found(status, computed, note):
        return _finding(text, f.doc_id, PERCENT_OF_PLAN, [i], f.char_start, stated.end, status, stated.value, computed, note)

    if f.target <= 0:
        return found(UNVERIFIABLE, None, "a plan of zero")
    computed = f.value / f.target * 100
    if _inexact(f):
        return found(UNVERIFIABLE, computed, f"an approximate figure: {pair} is about {_percent(computed, shown)}")
    # Rounding of the achieved and plan figures moves their ratio too.
    spread = computed * (value.slack / max(f.value, 1e-12) + target.slack / f.target)
    if abs(computed - stated.value) <= stated.slack + spread + 1e-9 * stated.value:
        return found(OK, computed, f"{pair} = {_percent(computed, shown)}, stated {_percent(stated.value, stated.decimals)}")
    return found(MISMATCH, computed, f"stated {_percent(stated.value, stated.decimals)} of plan, but {pair} = {_percent(computed, shown)}")


def _roundest(lo: float, hi: float) -> float:
    """The number of [lo, hi] with the fewest significant digits."""
    for k in range(int(math.floor(math.log10(max(hi, 1e-9)))), -7, -1):
        step = 10.0**k
        c = math.ceil(lo / step - 1e-9) * step
        if c <= hi * (1 + 1e-12):
            return round(c, 6)
    return (lo + hi) / 2


def _implied_plan(r: rules.Rules, f: Figure, i: int, text: str) -> Finding:
    stated = _stated_percent(r, f, text)
    value = written_value(f, text)
    pct = _percent(stated.value, stated.decimals)

    def found(status, computed, note):
        return _finding(text, f.doc_id, IMPLIED_PLAN, [i], f.char_start, stated.end, status, None, computed, note)

    if stated.value - stated.slack <= 0:
        return found(UNVERIFIABLE, None, "a percentage of zero implies no plan")
    lo = (f.value - value.slack) * 100 / (stated.value + stated.slack)
    hi = (f.value + value.slack) * 100 / (stated.value - stated.slack)
    plan = _roundest(lo, hi)
    unit = f.unit_text or f.unit
    if _inexact(f):
        return found(UNVERIFIABLE, plan, f"implied plan about {_amount(plan, value, unit, 0)} (an approximate figure)")
    whole = f.unit in r.checks.whole_units
    if whole and math.ceil(lo - 1e-9) > hi + 1e-9:
        central = f.value * 100 / stated.value
        return found(MISMATCH, central, f"no whole plan gives {pct}: {_amount(f.value, value, unit)} / {pct} = {vn_number(central, 2)}")
    if whole and hi - lo < 1:
        return found(OK, plan, f"implied plan {_amount(plan, value, unit, 0)} ({_amount(f.value, value, unit)} is {pct} of it)")
    span = f"{_amount(lo, value, '', value.decimals + 1)}-{_amount(hi, value, '', value.decimals + 1)}"
    return found(UNVERIFIABLE, plan, f"implied plan ≈ {_amount(plan, value, unit)} ({span}), not stated")


def _is_change(r: rules.Rules, f: Figure, text: str) -> bool:
    """`giảm 5.842 hộ`: a change of a stock, not the stock itself."""
    g = r.grammar
    end = qualifier_run(r, text, f.char_start, f.sentence_start)[0]
    before = text[max(f.sentence_start, end - 30) : end]
    return bool(g.increase_before.search(before) or g.decrease_before.search(before))


def _after_total(total: Figure, first: Figure) -> int:
    """Where the words between a total and its first part begin (a breakdown
    may open the next sentence: "... 15.701 người. Trong đó: ...")."""
    return total.char_end if total.sentence_start == first.sentence_start else first.sentence_start


def _last_marker(r: rules.Rules, figures: list[Figure], total: int, first: int, text: str) -> regex.Match | None:
    """The last breakdown marker between a total and its first part."""
    f = figures[first]
    markers = list(r.checks.marker.finditer(text, _after_total(figures[total], f), f.char_start))
    return markers[-1] if markers else None


def _parts_words(r: rules.Rules, figures: list[Figure], total: int, parts: list[int], marker: regex.Match | None, text: str) -> str:
    """The words of the parts: from the marker (or the total) to the end of the
    last part's clause. Names stand before or after a number ("xây mới 556
    căn", "23.120 nữ"), so the whole stretch is read."""
    last = figures[parts[-1]]
    start = marker.end() if marker is not None else _after_total(figures[total], figures[parts[0]])
    clause_end = _CLAUSE_END.search(text, last.char_end, last.sentence_start + len(last.sentence))
    return text[start : clause_end.start() if clause_end else last.sentence_start + len(last.sentence)]


def _complete(r: rules.Rules, parts: list[int], marker: regex.Match | None, words: str) -> str | None:
    """Why the parts are every part of their total, or None."""
    v = r.checks
    if len(parts) < 2:
        return None  # a single part that were the whole would not be listed as a part
    if marker is not None and _key(marker.group(1)) in v.exhaustive:
        return f"listed after “{marker.group(1)}”"
    if v.remainder.search(words):
        return "one part is the remainder"
    return None


def _listed(r: rules.Rules, figures: list[Figure], total: int, linked: list[int], marker: regex.Match | None, text: str) -> list[int]:
    """The parts a breakdown lists, of those the extractor linked to its total
    (every later number of the sentence in the total's unit). The list ends
    before a number larger than the total, which cannot be a part of it, and
    before a `;` that closes the clause ("trong đó 1.000 người xuất khẩu lao
    động; đào tạo nghề cho 20.000 người"), unless the breakdown stands in
    parentheses or opens a list with a colon ("trong đó: a; b; c")."""
    t = figures[total]
    in_list = marker is not None and (
        text[marker.end() : marker.end() + 3].lstrip().startswith(":")
        or text.count("(", t.char_end, marker.start()) > text.count(")", t.char_end, marker.start())
    )
    limit = t.value + written_value(t, text).slack
    listed = [linked[0]]
    for k in linked[1:]:
        f, before = figures[k], figures[listed[-1]]
        if f.value > limit + written_value(f, text).slack or (not in_list and ";" in text[before.char_end : f.char_start]):
            break
        listed.append(k)
    return listed


def _parts(r: rules.Rules, figures: list[Figure], total: int, linked: list[int], text: str) -> Finding:
    t = figures[total]
    marker = _last_marker(r, figures, total, linked[0], text)
    parts = _listed(r, figures, total, linked, marker, text)
    members = [figures[k] for k in parts]
    indices = [total, *parts]
    start, end = t.char_start, max(f.char_end for f in members)
    tw = written_value(t, text)
    written = [written_value(f, text) for f in members]
    unit = t.unit_text or t.unit
    decimals = max([tw.decimals] + [w.decimals for w in written])

    def amount(x):
        return _amount(x, tw, unit, decimals)

    def found(status, computed, note):
        return _finding(text, t.doc_id, PARTS, indices, start, end, status, t.value, computed, note)

    total_sum = sum(f.value for f in members)
    if _inexact(t, *members):
        return found(UNVERIFIABLE, total_sum, "an approximate total or part cannot be summed exactly")
    if any(_is_change(r, f, text) != _is_change(r, t, text) for f in members):
        return found(UNVERIFIABLE, None, "a change and a level are not parts of one another")
    if members[0].value > t.value + written[0].slack + tw.slack:
        return found(MISMATCH, members[0].value, f"the part {amount(members[0].value)} is more than its total {amount(t.value)}")
    words = _parts_words(r, figures, total, parts, marker, text)
    if r.checks.overlapping.search(words):
        return found(OK, total_sum, f"each part is within the total {amount(t.value)} (groups that may overlap are not summed)")
    slack = tw.slack + sum(w.slack for w in written)
    if total_sum > t.value + slack:
        return found(MISMATCH, total_sum, f"the parts add up to {amount(total_sum)}, more than the total {amount(t.value)}")
    if abs(total_sum - t.value) <= slack:
        return found(OK, total_sum, f"the parts add up to {amount(total_sum)}, the total {amount(t.value)}")
    complete = _complete(r, parts, marker, words)
    if complete:
        return found(MISMATCH, total_sum, f"the parts ({complete}) add up to {amount(total_sum)}, less than the total {amount(t.value)}")
    return found(OK, total_sum, f"the parts listed add up to {amount(total_sum)} of {amount(t.value)} (not every part is listed)")


def _reach(figures: list[Figure], i: int) -> list[int]:
    """Figures before figure i in its sentence or the sentence before, nearest first."""
    here = figures[i].sentence_start
    before = [f.sentence_start for f in figures[:i] if f.sentence_start < here]
    allowed = {here, max(before)} if before else {here}
    return [j for j in range(i - 1, -1, -1) if figures[j].sentence_start in allowed]


def _clause_start(figures: list[Figure], i: int) -> int:
    """Where the words of figure i begin: after the figure before it in its
    sentence, else at the sentence start."""
    f = figures[i]
    if i > 0 and figures[i - 1].sentence_start == f.sentence_start:
        return figures[i - 1].char_end
    return f.sentence_start


def _plan_and_used(r: rules.Rules, figures: list[Figure], i: int, text: str) -> tuple[list[int], Written, Written] | None:
    """The plan and the amount used that a remainder (figure i) is left of:
    a pair `726,204/742,287 tỷ đồng` just before it, or in its sentence a
    figure after a plan word and the figure after that ("kế hoạch vốn X, đã
    giải ngân Y, còn lại Z")."""
    f = figures[i]
    same_unit = [j for j in _reach(figures, i) if figures[j].unit == f.unit]
    if not same_unit:
        return None
    j = same_unit[0]
    if figures[j].target is not None:
        used = written_value(figures[j], text)
        return [j], _written_target(figures[j], text, used.scale), used
    if len(same_unit) < 2 or figures[same_unit[1]].sentence_start != f.sentence_start:
        return None
    p = same_unit[1]
    if not r.checks.plan.search(text, _clause_start(figures, p), figures[p].char_start):
        return None
    return [p, j], written_value(figures[p], text), written_value(figures[j], text)


def _remainder(r: rules.Rules, figures: list[Figure], i: int, text: str) -> Finding | None:
    f = figures[i]
    if f.part_of is not None or f.unit == "percent":
        return None  # a remainder among parts completes a breakdown (see _parts)
    if not r.checks.remainder.search(text, _clause_start(figures, i), f.char_start):
        return None
    stated = written_value(f, text)
    unit = f.unit_text or f.unit

    def found(status, computed, note, indices=()):
        involved = [*indices, i]
        return _finding(text, f.doc_id, REMAINDER, involved, figures[involved[0]].char_start, f.char_end,
                        status, f.value, computed, note)

    reference = _plan_and_used(r, figures, i, text)
    if reference is None:
        return found(UNVERIFIABLE, None, "a remainder with no plan and amount used beside it")
    indices, plan, used = reference
    computed = plan.value - used.value
    decimals = max(stated.decimals, plan.decimals, used.decimals)

    def amount(x):
        return _amount(x, stated, unit, decimals)

    if _inexact(f, *(figures[j] for j in indices)):
        return found(UNVERIFIABLE, computed, "an approximate figure cannot be subtracted exactly", indices)
    if computed < 0 or f.value > plan.value + plan.slack:
        # "Số hộ nghèo còn lại của tỉnh là 5.000 hộ" after "1.000/1.200 hộ thoát nghèo"
        return found(UNVERIFIABLE, computed, "more used than planned, or more left than planned: "
                     "the remainder is of something else", indices)
    difference = f"{amount(plan.value)} - {amount(used.value)} = {amount(computed)}"
    if abs(computed - f.value) <= stated.slack + plan.slack + used.slack + 1e-9 * f.value:
        return found(OK, computed, f"{difference}, as stated", indices)
    return found(MISMATCH, computed, f"stated remainder {amount(f.value)}, but {difference}", indices)


def _mark(figures: list[Figure], findings: list[Finding]) -> None:
    for f in figures:
        f.check_status = f.check_note = None
    for finding in findings:
        for k in finding.figures:
            f = figures[k]
            if f.check_status is None or _STATUS_RANK[finding.status] < _STATUS_RANK[f.check_status]:
                f.check_status = finding.status
            f.check_note = f"{f.check_note}; {finding.kind}: {finding.note}" if f.check_note else f"{finding.kind}: {finding.note}"
