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

`facts_table` builds the facts of a figures table, `fact_pieces` those of
a dataset's parts a piece at a time, in order (`facts_of_parts` as one table);
`conflicts` gives `check` one finding of kind `conflict` per disagreement,
naming both articles, both quotes and both values.
"""
from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import combinations
from pathlib import Path

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
        self.col = {name: _shared_values(table[name]) for name in COLUMNS}
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


def _shared_values(column: pa.ChunkedArray) -> list:
    """A column's Python values, each distinct value one object: a piece's
    mentions repeat their article, province, indicator, unit and period, and
    a fact's mentions their quote, so a piece's memory goes by what it says,
    not by how often it says it."""
    encoded = column.combine_chunks().dictionary_encode()
    values = encoded.dictionary.to_pylist()
    return [None if i is None else values[i] for i in encoded.indices.to_pylist()]


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
    return facts_of_parts([lambda: fact_rows(figures)], len(figures))


def facts_of_parts(parts: Sequence[Callable[[], pa.Table]], n_figures: int) -> pa.Table:
    """The facts of a dataset's parts (see `fact_pieces`), as one table."""
    pieces = list(fact_pieces(parts, n_figures))
    return pa.concat_tables(pieces) if pieces else FACT_SCHEMA.empty_table()


# The facts table's order; FACT_KEY is all in it, so no two facts tie.
FACT_ORDER = ("province", "indicator", "period_end", "period_start", "unit", "is_plan")


def fact_pieces(parts: Sequence[Callable[[], pa.Table]], n_figures: int) -> Iterator[pa.Table]:
    """The facts of a dataset's parts, a table per piece, in the facts
    table's order (FACT_ORDER) piece after piece: each callable reads one
    part's fact rows (`fact_rows`); `n_figures` is how many figures the
    parts hold. Written one after the other, the pieces never need to be
    held together."""
    for rows in _pieces(parts, n_figures):
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
        yield pa.table(out, schema=FACT_SCHEMA).sort_by([(k, "ascending") for k in FACT_ORDER])


# At least about how many mentions a piece holds; a province's indicator is never cut apart.
PIECE_ROWS = 5_000
# At most about how many pieces are spilled to files at once; past PIECE_ROWS
# times this many mentions, pieces grow.
MAX_PIECES = 256
_NO_PIECE = -1  # a repeat of a figure that is no fact's mention


def _pieces(parts: Sequence[Callable[[], pa.Table]], n_figures: int) -> Iterator[_Rows]:
    """The rows facts are made of, a piece at a time: whole facts, each with
    the repeats of its mentions, in row order within a fact. `n_figures`:
    how many figures the parts hold, which bounds their mentions.

    A piece is a run of provinces' indicators in the facts table's order
    (the parts are read once first to count each one's mentions), so that
    no more than a piece is held at once, as Arrow or as Python values, and
    the pieces' facts come out in order: memory does not grow with the
    dataset. Each part is then read once more, its rows spilled to a file
    per piece (in the temporary folder).
    """
    if n_figures <= PIECE_ROWS:
        tables = [table for table, _ in _placed(parts, lambda province, indicator: 0)]
        if sum(map(len, tables)):
            yield _rows_of_piece(tables)
        return
    parts = list(parts)  # read twice: to count, then to spill
    piece_of = _runs(_mentions_per_group(parts))
    with tempfile.TemporaryDirectory(prefix="vn-figures-facts-") as spill:
        files: dict[int, pa.ipc.RecordBatchFileWriter] = {}
        try:
            for table, pieces in _placed(parts, lambda province, indicator: piece_of[province, indicator]):
                for piece in pc.unique(pieces).to_pylist():
                    held = table.take(pc.indices_nonzero(pc.equal(pieces, piece)))
                    if piece not in files:
                        files[piece] = pa.ipc.new_file(Path(spill) / f"{piece}.arrow", held.schema)
                    files[piece].write_table(held)
        finally:
            for writer in files.values():
                writer.close()
        for piece in sorted(files):
            with pa.memory_map(str(Path(spill) / f"{piece}.arrow")) as source:
                yield _rows_of_piece([pa.ipc.open_file(source).read_all()])


def _mentions_per_group(parts: Sequence[Callable[[], pa.Table]]) -> Counter:
    """How many mentions each (province, indicator) has in the parts."""
    counts: Counter = Counter()
    for read in parts:
        table = read()
        said = table.filter(_counted(table))
        counts.update(zip(said["province"].to_pylist(), said["indicator"].to_pylist()))
    return counts


def _runs(counts: Counter) -> dict[tuple[str, str], int]:
    """Each (province, indicator)'s piece: runs of them in sorted order (a
    Python string sorts as Arrow sorts its UTF-8), each closed once it holds
    PIECE_ROWS mentions, or more where there would be more than MAX_PIECES."""
    size = max(PIECE_ROWS, -(-sum(counts.values()) // MAX_PIECES))
    piece_of, piece, held = {}, 0, 0
    for group in sorted(counts):
        piece_of[group] = piece
        held += counts[group]
        if held >= size:
            piece, held = piece + 1, 0
    return piece_of


def _placed(parts: Sequence[Callable[[], pa.Table]], piece_of: Callable[[str, str], int]) -> Iterator[tuple[pa.Table, pa.Array]]:
    """Each part's rows that facts are made of, with their row number in the
    dataset (`_row`), and the piece of each (`piece_of` its province and
    indicator). No NumPy array is handed to pyarrow: that imports numpy.ma,
    0.03 s of a small run."""
    offset = 0
    for read in parts:
        table = read()
        groups = zip(table["province"].to_pylist(), table["indicator"].to_pylist())
        counted = _counted(table).to_pylist()
        pieces = [piece_of(*group) if is_mention else _NO_PIECE for group, is_mention in zip(groups, counted)]
        of_figure = {fid: h for fid, h, is_mention in zip(table["figure_id"].to_pylist(), pieces, counted) if is_mention}
        for i, first in enumerate(table["repeat_of"].to_pylist()):
            if first is not None:  # with the fact of the figure it repeats (in its own article, so its part)
                pieces[i] = of_figure.get(first, _NO_PIECE)
        placed = pa.array(pieces, pa.int64())
        numbered = table.append_column("_row", pa.array(range(offset, offset + len(table)), pa.int64()))
        offset += len(table)
        kept = pc.indices_nonzero(pc.greater_equal(placed, 0))
        yield numbered.take(kept), placed.take(kept)


def _rows_of_piece(tables: list[pa.Table]) -> _Rows:
    """A piece's rows as facts read them: its mentions sorted by fact (in row
    order within one), then the repeats."""
    table = pa.concat_tables(tables)
    said = table.filter(_counted(table)).sort_by([(k, "ascending") for k in (*FACT_KEY, "_row")])
    again = table.filter(pc.is_valid(table["repeat_of"]))
    return _Rows(pa.concat_tables([said, again]).drop_columns(["_row"]))


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


def conflicts(figures: pa.Table, texts: Mapping[str, str] | None = None) -> list[Finding]:
    """One `conflict` finding per disagreement among the figures of a table,
    at the first of the two mentions in row order. With the articles' `texts`
    (by doc_id) the other mention is named by line and column."""
    findings = []
    for rows in _pieces([lambda: fact_rows(figures)], len(figures)):
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
