"""The dataset's three tables as Parquet, each with an explicit schema whose
columns say what they mean (in each field's metadata, and as one JSON object
under the file's `vn_figures.columns` key, for readers that show only that).

- figures: one row per figure, the columns of docs/dataset.md in order,
  then the ones later steps add;
- articles: one row per article, where its figures come from;
- facts: one row per province, indicator, unit, period and plan-or-achievement,
  what the articles say of it and whether they agree (pipeline.checks.facts).
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from ..checks.findings import STATUSES
from ..model import CANONICAL_UNITS, Figure

COLUMNS_KEY = b"vn_figures.columns"


def _schema(columns: list[tuple[str, pa.DataType, bool, str]]) -> pa.Schema:
    """(name, type, nullable, meaning) of each column."""
    fields = [pa.field(name, kind, nullable, metadata={"description": meaning}) for name, kind, nullable, meaning in columns]
    docs = {name: meaning for name, _, _, meaning in columns}
    return pa.schema(fields, metadata={COLUMNS_KEY: json.dumps(docs, ensure_ascii=False).encode()})


def column_meanings(schema: pa.Schema) -> dict[str, str]:
    """What each column of one of the dataset's tables means."""
    return {f.name: f.metadata[b"description"].decode() for f in schema}


FIGURE_SCHEMA = _schema(
    [
        ("doc_id", pa.string(), False, "the article's path relative to the input folder (<file>#<id> for a .jsonl line)"),
        ("province", pa.string(), True, "the province the article reports on (canonical name of the 63 provinces before 2025)"),
        ("indicator", pa.string(), False, "what the figure measures: an id of indicators.yaml, or other"),
        ("indicator_text", pa.string(), False, "the article's own words for what is counted"),
        ("value", pa.float64(), False, "the number in the canonical unit (money in đồng, not in tỷ)"),
        ("value_max", pa.float64(), True, "upper end of a range (45 - 50 người)"),
        ("unit", pa.string(), False, "canonical unit: " + ", ".join(CANONICAL_UNITS)),
        ("unit_text", pa.string(), False, "the unit or counted noun as written, with its scale word (tỷ đồng)"),
        ("qualifier", pa.string(), True, "approx, over, under, estimate or range"),
        ("target", pa.float64(), True, "the plan or denominator in the same unit (X/Y, (24.000 người) after a percentage of plan)"),
        ("pct_of_target", pa.float64(), True, "the stated percentage of plan (vượt 58,6% kế hoạch -> 158.6)"),
        ("period_start", pa.date32(), True, "first day of the time the figure covers"),
        ("period_end", pa.date32(), True, "last day of the time the figure covers"),
        ("period_text", pa.string(), True, "the words that set the period"),
        ("sentence", pa.string(), False, "the sentence the figure stands in"),
        ("char_start", pa.int32(), False, "offset of the figure's number in the article's normalised text"),
        ("char_end", pa.int32(), False, "offset after the figure's number and unit"),
        # Added by the indicator/province/period and arithmetic-check steps.
        ("province_code", pa.string(), True, "two-digit code of the province"),
        ("province_2025", pa.string(), True, "the province it belongs to after the 1 July 2025 merger"),
        ("check_status", pa.string(), True, "the article's own arithmetic for this figure, the worst of its checks: " + ", ".join(STATUSES)),
        ("check_note", pa.string(), True, "what the arithmetic checks found"),
        ("check_note_vi", pa.string(), True, "the same in Vietnamese"),
        ("is_plan", pa.bool_(), False, "a plan or target stated on its own, not an achievement"),
        ("indicator_from", pa.string(), True, "where the indicator was read: own, total, sentence, paragraph or article"),
        ("period_from", pa.string(), True, "where the period was read: own, total, sentence, paragraph or article"),
        # The figure's identity and its links to the article's other figures.
        ("figure_id", pa.string(), False, "unique in the dataset: <doc_id>#<char_start>"),
        ("quote", pa.string(), False, "the figure's words as written: the text from char_start to char_end"),
        ("part_of", pa.string(), True, "figure_id of the total this figure is a part of (a breakdown), or null"),
        ("repeat_of", pa.string(), True, "figure_id of the earlier mention of the same figure in the article (title, lead, body), or null"),
    ]
)

ARTICLE_SCHEMA = _schema(
    [
        ("doc_id", pa.string(), False, "the article, as in the figures table"),
        ("path", pa.string(), False, "the file it was read from (absolute)"),
        ("title", pa.string(), True, "its title, given by the page or the .jsonl line (null for plain text)"),
        ("url", pa.string(), True, "where it was published: the .jsonl line's url, or the page's own address"),
        ("published", pa.date32(), True, "its date: given by the page or the .jsonl line, else read off its date line"),
        ("outlet", pa.string(), True, "who published it: the host of its url (baoquangnam.vn), else the tag its lead opens with (QNO)"),
        ("province", pa.string(), True, "the province it reports on, as on its figures"),
        ("n_figures", pa.int32(), False, "its rows in the figures table"),
        ("content_hash", pa.string(), False, "blake2b digest of its bytes: the same content read under two paths is kept once"),
    ]
)

FACT_SCHEMA = _schema(
    [
        ("province", pa.string(), False, "the province"),
        ("indicator", pa.string(), False, "the indicator (never other)"),
        ("unit", pa.string(), False, "the canonical unit"),
        ("period_start", pa.date32(), True, "first day of the period"),
        ("period_end", pa.date32(), False, "last day of the period"),
        ("is_plan", pa.bool_(), False, "a plan or target, not an achievement"),
        ("value", pa.float64(), False, "the value of its most precise mention (the first among equals); a mention "
                                     "is as precise as its article states it, itself or in a repeat that agrees"),
        ("value_min", pa.float64(), False, "the smallest value of its mentions"),
        ("value_max", pa.float64(), False, "the largest value of its mentions (a range counts its upper end)"),
        ("n_mentions", pa.int32(), False, "the figures it comes from: neither parts nor repeats"),
        ("n_articles", pa.int32(), False, "the articles they stand in"),
        ("figure_ids", pa.list_(pa.string()), False, "figure_id of each mention"),
        ("agree", pa.bool_(), False, "false when two articles that each state it once disagree beyond the precision "
                                     "and qualifiers of what they wrote, or when a mention's repeat in its own article does"),
    ]
)


class _NoPandasYet:
    """An import finder that refuses pandas, while it is on sys.meta_path."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas":
            raise ImportError("pandas is not needed to write the dataset")
        return None


@cache
def arrow_without_pandas() -> None:
    """Spare an extract run pandas' import (0.25 s of a small article's 1.5 s).

    The first time pyarrow converts Python values, it imports pandas to ask
    whether they are pandas objects; a run's tables hold none. With pandas
    refused at that moment, pyarrow notes it has none and asks no more, yet
    still imports it for a caller who wants pandas (`to_pandas`,
    `from_pandas`). Where pandas is already imported this does nothing;
    after the first call in a process, too.
    """
    if "pandas" in sys.modules:
        return
    finder = _NoPandasYet()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(finder)


def figures_table(figures: Iterable[Figure]) -> pa.Table:
    rows = [f.row() for f in figures]
    return pa.Table.from_pylist(rows, schema=FIGURE_SCHEMA)


def write_table(table: pa.Table, path: Path, footer: dict[bytes, bytes] | None = None) -> None:
    """Write a Parquet file aside, then rename it over `path`: a reader sees the
    old file or the new one, never half of one, even if the process is killed.
    `footer`: key-value metadata for the Parquet footer alone (schema metadata
    is written twice, in the footer and again in the Arrow schema stored there)."""
    write_tables([table], table.schema, path, footer)


def write_tables(tables: Iterable[pa.Table], schema: pa.Schema, path: Path, footer: dict[bytes, bytes] | None = None) -> None:
    """`write_table` of tables of one schema, one after the other, each
    written before the next is made: a table built a piece at a time is
    never held whole."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes it private; a dataset is to share
        with os.fdopen(fd, "wb") as f:
            with pq.ParquetWriter(f, schema, compression="zstd") as writer:
                for table in tables:
                    writer.write_table(table)
                if footer:
                    writer.add_key_value_metadata(footer)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
