"""A percentage standing as a figure of its own, after the count it is the
share of, whose whole is named elsewhere in the sentence:

- share: the count is a pair and its percentage stands apart
  (`12.400/215.300 hộ nghèo, chiếm 5,76%`);
- percent_of_total: the whole is stated in another clause, after a total word
  (`trong tổng số 2.000 học viên ..., có 1.700 người có việc làm, đạt tỷ lệ
  85%`, `1.700 người có việc làm trên tổng số 2.000 học viên, đạt tỷ lệ
  85%`), or it is the total the count is a part of (`3.000 lao động, trong
  đó 1.700 người có việc làm, chiếm 56,7%`).

The percentage must follow a rate word right before it (`đạt tỷ lệ 85%`,
`chiếm 5,76%`: rules/checks.yaml) and close its clause: `chiếm 7,46% số hộ
của huyện` is a share of a whole the article does not state, `nâng tỷ lệ lao
động qua đào tạo đạt 74%` the rate of another count.
"""
from __future__ import annotations

import regex

from ..figures.qualifiers import qualifier_run
from .context import Figures
from .findings import PERCENT_OF_TOTAL, SHARE, Finding
from .ratios import compare_ratio
from .written import percent_figure, written_target, written_value

_CLAUSE_CLOSE = regex.compile(r"[ \t]*(?:[.,;:!?…)\]]|$)")
_PARENTHESES = regex.compile(r"\([^()]*\)")


def check_shares(fx: Figures) -> list[Finding]:
    return [found for k in range(len(fx)) if fx[k].unit == "percent" and (found := _share(fx, k))]


def _share(fx: Figures, k: int) -> Finding | None:
    p, text = fx[k], fx.text
    sentence = fx.sentence(k)
    if p.target is not None or p.pct_of_target is not None or not _CLAUSE_CLOSE.match(text, p.char_end, sentence.end):
        return None
    before = [j for j in range(k - 1, -1, -1) if fx.same_sentence(j, k)]
    counts = [j for j in before if fx[j].unit != "percent"]
    if not counts or (before and before[0] != counts[0]):
        return None  # no count right before the percentage, or another percentage between
    if not _rate_of(fx, counts[0], k):
        return None
    subject = counts[0]
    x = fx[subject]
    if x.pct_of_target is not None:
        return None
    if x.target is not None:
        return _of_base(fx, SHARE, [subject, k], subject, k, None)
    totals = [j for j in counts if _after_total_word(fx, j)]
    if totals:
        # The count between the whole and the percentage, or right before the
        # whole ("1.700 người ... trên tổng số 2.000 học viên, đạt tỷ lệ 85%").
        t = totals[0]
        subjects = [j for j in counts if j > t] if t != subject else counts[1:2]
        if len(subjects) != 1 or not _plain_count(fx, subjects[0], t) or not fx.same_period(t, subjects[0]):
            return None  # which count it is the share of is not clear
        return _of_base(fx, PERCENT_OF_TOTAL, sorted([t, subjects[0], k]), subjects[0], k, t)
    t = x.part_of
    if t is None or not fx.same_things(subject, t) or fx.block(t) != fx.block(subject) or not fx.same_period(t, subject):
        return None
    return _of_base(fx, PERCENT_OF_TOTAL, [t, subject, k], subject, k, t)


def _rate_of(fx: Figures, j: int, k: int) -> bool:
    """Whether the percentage k reads as the rate of count j: a rate word
    right before it ("đạt tỷ lệ 85%", "chiếm 5,76%"), not a change ("giảm tỷ
    lệ 1,3%"), in the count's clause and not outside parentheses that hold
    the count."""
    r, text, v = fx.rules, fx.text, fx.rules.checks
    start = fx[j].char_end
    end = qualifier_run(r, text, fx[k].char_start, start)[0]
    rate = v.rate_before.search(text, start, end)
    if rate is None or ";" in text[start:end] or _closes_parenthesis(text[start:end]):
        return False
    return not (r.grammar.increase_before.search(text, start, rate.start()) or r.grammar.decrease_before.search(text, start, rate.start()))


def _closes_parenthesis(between: str) -> bool:
    """Whether `between` closes a parenthesis it did not open."""
    while (inner := _PARENTHESES.sub("", between)) != between:
        between = inner
    return ")" in between


def _plain_count(fx: Figures, j: int, total: int) -> bool:
    """A count of the total's things with no percentage or target of its own."""
    f = fx[j]
    return fx.same_things(j, total) and f.target is None and f.pct_of_target is None


def _after_total_word(fx: Figures, j: int) -> bool:
    """`trong tổng số 2.000 học viên`: the figure is named as a whole."""
    f = fx[j]
    start = qualifier_run(fx.rules, fx.text, f.char_start, f.sentence_start)[0]
    return bool(fx.rules.checks.total_before.search(fx.text, f.sentence_start, start))


def _of_base(fx: Figures, kind: str, indices: list[int], subject: int, k: int, total: int | None) -> Finding:
    x, text = fx[subject], fx.text
    value = written_value(x, text)
    if total is None:
        base = (x.target, written_target(x, text, value.scale))
    else:
        base = (fx[total].value, written_value(fx[total], text))
    stated = percent_figure(fx[k], text)
    of = [fx[j] for j in indices if j != k]
    return compare_ratio(fx, kind, indices, (fx.quote_start(indices[0]), fx[k].char_end), (x.value, value), base, stated, of)
