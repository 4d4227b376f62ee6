"""Write figures as Parquet with an explicit schema (FIGURES.md section 2 order)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from ..model import Figure

FIGURE_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("province", pa.string()),
        pa.field("indicator", pa.string(), nullable=False),
        pa.field("indicator_text", pa.string(), nullable=False),
        pa.field("value", pa.float64(), nullable=False),
        pa.field("value_max", pa.float64()),
        pa.field("unit", pa.string(), nullable=False),
        pa.field("unit_text", pa.string(), nullable=False),
        pa.field("qualifier", pa.string()),
        pa.field("target", pa.float64()),
        pa.field("pct_of_target", pa.float64()),
        pa.field("period_start", pa.date32()),
        pa.field("period_end", pa.date32()),
        pa.field("period_text", pa.string()),
        pa.field("sentence", pa.string(), nullable=False),
        pa.field("char_start", pa.int32(), nullable=False),
        pa.field("char_end", pa.int32(), nullable=False),
        # Added by the indicator/province/period and arithmetic-check steps.
        pa.field("province_code", pa.string()),
        pa.field("province_2025", pa.string()),
        pa.field("check_status", pa.string()),
        pa.field("check_note", pa.string()),
        pa.field("is_plan", pa.bool_(), nullable=False),
        pa.field("indicator_from", pa.string()),
        pa.field("period_from", pa.string()),
    ]
)


def figures_table(figures: Iterable[Figure]) -> pa.Table:
    rows = [f.row() for f in figures]
    return pa.Table.from_pylist(rows, schema=FIGURE_SCHEMA)


def write_parquet(figures: Iterable[Figure], path: str | Path) -> Path:
    """One Parquet file of figures (a batch run writes a dataset directory: pipeline.dataset)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_table(figures_table(figures), path)
    return path


def write_table(table: pa.Table, path: Path) -> None:
    """Write a Parquet file aside, then rename it over `path`: a reader sees the
    old file or the new one, never half of one, even if the process is killed."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes it private; a dataset is to share
        with os.fdopen(fd, "wb") as f:
            pq.write_table(table, f, compression="zstd")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
