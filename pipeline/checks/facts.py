"""Facts: what the articles say of one province's indicator, in one unit, for
one period, planned or achieved, and where they disagree.

A fact gathers the figures that are neither parts nor repeats (each figure
once), of a known province and period, whose indicator is not `other` (which
is no one thing). Each such mention stands for the most precise way its
article states it: itself, or a repeat that agrees with it (a title's `hơn
22.000 lao động` is the body's 22.265). Its mentions agree unless

- two articles that each state the fact once give values that disagree
  beyond the precision and qualifiers of what they wrote
  (`pipeline.checks.agreement`: `khoảng 12.000` and 12.090 agree, 9.400 and
  8.900 do not). An article that states several figures of one fact (`65.400
  liệt sĩ, 135.000 thân nhân` are both merit_beneficiaries) speaks of
  sub-groups the indicator does not tell apart, and is compared with none;
- or a mention's repeat in its own article disagrees with it.

`facts_table` builds the facts dataset from the figures dataset's rows;
`conflicts` gives `check` one finding of kind `conflict` per disagreement,
naming both articles, both quotes and both values.
"""
from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from itertools import combinations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..io.write import FACT_SCHEMA
from . import messages
from .agreement import Stated, all_meet, meet, stated
from .context import line_column
from .findings import MISMATCH, Finding

CONFLICT = "conflict"
FACT_KEY = ("province", "indicator", "unit", "period_start", "period_end", "is_plan")
# The figures' columns facts are read from.
COLUMNS = (*FACT_KEY, "doc_id", "figure_id", "part_of", "repeat_of", "value", "value_max", "qualifier", "quote", "char_start", "char_end")


class _Rows:
    """The figures' columns as Python lists, row i the i-th of each: lighter
    than one dict per row for a dataset of millions."""

    def __init__(self, table: pa.Table):
        self.n = len(table)
        self.col = {name: table[name].to_pylist() for name in COLUMNS}
        self._stated: dict[int, Stated] = {}
        self.repeats: dict[str, list[int]] = defaultdict(list)  # figure_id -> rows that repeat it
        for i, first in enumerate(self.col["repeat_of"]):
            if first is not None:
                self.repeats[first].append(i)

    def stated(self, i: int) -> Stated:
        if i not in self._stated:
            c = self.col
            self._stated[i] = stated(c["value"][i], c["value_max"][i], c["qualifier"][i], c["quote"][i])
        return self._stated[i]

    def agree(self, i: int, j: int) -> bool:
        return meet(self.stated(i), self.stated(j))

    def best(self, i: int) -> int:
        """The most precise statement of figure i in its article: itself, or
        a repeat that agrees with it (itself among equals)."""
        agreeing = [k for k in self.repeats.get(self.col["figure_id"][i], ()) if self.agree(i, k)]
        return min([i, *agreeing], key=lambda k: self.stated(k).width)


def _facts(rows: _Rows) -> dict[tuple, list[int]]:
    """Each fact's key and the rows of its mentions, in row order."""
    c = rows.col
    facts: dict[tuple, list[int]] = defaultdict(list)
    for i in range(rows.n):
        if c["part_of"][i] is None and c["repeat_of"][i] is None and c["indicator"][i] != "other" \
                and c["province"][i] is not None and c["period_end"][i] is not None:
            facts[tuple(c[k][i] for k in FACT_KEY)].append(i)
    return facts


def _compared(rows: _Rows, mentions: list[int]) -> list[int]:
    """The best statements of the articles that state a fact once."""
    doc_id = rows.col["doc_id"]
    per_article = Counter(doc_id[i] for i in mentions)
    return [rows.best(i) for i in mentions if per_article[doc_id[i]] == 1]


def _misstated(rows: _Rows, mentions: list[int]) -> list[tuple[int, int]]:
    """(mention, its repeat) where the article says it again otherwise."""
    return [(i, k) for i in mentions for k in rows.repeats.get(rows.col["figure_id"][i], ()) if not rows.agree(i, k)]


def _agree(rows: _Rows, mentions: list[int]) -> bool:
    return all_meet([rows.stated(i) for i in _compared(rows, mentions)]) and not _misstated(rows, mentions)


def facts_table(figures: pa.Table) -> pa.Table:
    """The facts of a figures table (of the dataset's schema, or the
    COLUMNS of it), sorted by province, indicator and period."""
    tables = []
    for rows in _pieces(figures):
        c = rows.col
        out: dict[str, list] = {f.name: [] for f in FACT_SCHEMA}
        for key, mentions in _facts(rows).items():
            for name, v in zip(FACT_KEY, key):
                out[name].append(v)
            statements = [rows.best(i) for i in mentions]
            best = min(statements, key=lambda i: rows.stated(i).width)  # the first among equals
            out["value"].append(c["value"][best])
            out["value_min"].append(min(c["value"][i] for i in statements))
            out["value_max"].append(max(c["value_max"][i] if c["value_max"][i] is not None else c["value"][i] for i in statements))
            out["n_mentions"].append(len(mentions))
            out["n_articles"].append(len({c["doc_id"][i] for i in mentions}))
            out["figure_ids"].append([c["figure_id"][i] for i in mentions])
            out["agree"].append(_agree(rows, mentions))
        tables.append(pa.table(out, schema=FACT_SCHEMA))
    table = pa.concat_tables(tables) if tables else FACT_SCHEMA.empty_table()
    return table.sort_by([("province", "ascending"), ("indicator", "ascending"), ("period_end", "ascending"),
                          ("period_start", "ascending"), ("unit", "ascending"), ("is_plan", "ascending")])


# Rows of mentions read into Python at a time; a fact's mentions are never
# cut apart, so a piece may hold more.
PIECE_ROWS = 5_000


def _pieces(figures: pa.Table) -> Iterator[_Rows]:
    """The figures that facts are made of, a piece at a time: whole facts,
    each with the repeats of its mentions, in row order within a fact. Only
    a piece is ever held as Python values, so memory does not grow with the
    dataset but by its Arrow columns."""
    table = fact_rows(figures)
    mentions = table.append_column("_row", pa.array(np.arange(len(table), dtype=np.int64))).filter(_counted(table))
    mentions = mentions.sort_by([(k, "ascending") for k in (*FACT_KEY, "_row")]).drop_columns(["_row"])
    repeats = table.filter(pc.is_valid(table["repeat_of"]))
    starts = _fact_starts(mentions)
    begin = 0
    while begin < len(mentions):
        end = starts[min(bisect.bisect_left(starts, begin + PIECE_ROWS), len(starts) - 1)]
        piece = mentions.slice(begin, end - begin)
        said_again = repeats.filter(pc.is_in(repeats["repeat_of"], piece["figure_id"])) if len(repeats) else repeats
        yield _Rows(pa.concat_tables([piece, said_again]))
        begin = end


def _counted(table: pa.Table) -> pa.ChunkedArray:
    """Which figures are mentions of a fact (as `_facts` reads them)."""
    return pc.and_kleene(
        pc.and_kleene(pc.is_null(table["part_of"]), pc.is_null(table["repeat_of"])),
        pc.and_kleene(pc.not_equal(table["indicator"], "other"),
                      pc.and_kleene(pc.is_valid(table["province"]), pc.is_valid(table["period_end"]))),
    )


def fact_rows(figures: pa.Table) -> pa.Table:
    """The COLUMNS of the figures facts are made of: their mentions and the
    repeats (a third of a dataset's rows are neither)."""
    table = figures.select(list(COLUMNS))
    return table.filter(pc.or_kleene(_counted(table), pc.is_valid(table["repeat_of"])))


def _fact_starts(mentions: pa.Table) -> list[int]:
    """The rows of sorted mentions where a fact begins, and the row past the
    last (a null equals a null here)."""
    n = len(mentions)
    if n == 0:
        return [0]
    changed = pa.array([False] * (n - 1), pa.bool_())
    for k in FACT_KEY:
        now, before = mentions[k].slice(1), mentions[k].slice(0, n - 1)
        same = pc.or_kleene(pc.equal(now, before), pc.and_kleene(pc.is_null(now), pc.is_null(before)))
        changed = pc.or_(changed, pc.invert(pc.fill_null(same, False)))
    return [0, *(pc.indices_nonzero(changed).to_numpy() + 1).tolist(), n]


def conflicts(figures: pa.Table, texts: Mapping[str, str] | None = None) -> list[Finding]:
    """One `conflict` finding per disagreement among the figures of a table,
    at the first of the two mentions in row order. With the articles' `texts`
    (by doc_id) the other mention is named by line and column."""
    findings = []
    for rows in _pieces(figures):
        for key, mentions in _facts(rows).items():
            pairs = [(i, j) for i, j in combinations(_compared(rows, mentions), 2) if not rows.agree(i, j)]
            findings += [_finding(rows, key, i, j, texts or {}) for i, j in pairs + _misstated(rows, mentions)]
    return sorted(findings, key=lambda f: (f.doc_id, f.char_start))


def _finding(rows: _Rows, key: tuple, i: int, j: int, texts: Mapping[str, str]) -> Finding:
    c = rows.col
    fact = dict(zip(FACT_KEY, key))
    period = f"{fact['period_start'] or ''}..{fact['period_end']}"
    about = f"{fact['indicator']}{' (plan)' if fact['is_plan'] else ''}, {fact['province']}, {period}"
    other, at = c["doc_id"][j], c["char_start"][j]
    place = f"{':'.join(map(str, line_column(texts[other], at)))}" if other in texts else f"offset {at}"
    same_article = c["doc_id"][i] == other
    message = "conflict.said_again" if same_article else "conflict.other_article"
    params = {"where": place if same_article else f"{other}:{place}", "quote": c["quote"][j], "about": about}
    return Finding(
        CONFLICT, MISMATCH, c["value"][i], None, c["char_start"][i], c["char_end"][i], c["quote"][i],
        messages.note(message, messages.ENGLISH, params), (), c["doc_id"][i], message=message, params=params,
        other_doc_id=other, other_value=c["value"][j], other_quote=c["quote"][j],
        other_char_start=at, other_char_end=c["char_end"][j],
    )
