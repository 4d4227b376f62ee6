"""The figures dataset: a directory of Parquet files changed only by atomic renames.

`outputs/figures.parquet/part-000000.parquet, part-000001.parquet, ...` read
as one table with `pandas.read_parquet(dir)`, `pyarrow.dataset.dataset(dir)`
or DuckDB `read_parquet('dir/*.parquet')`. Each part lists in its footer the
articles whose rows it holds, with a key of the article's content and of the
extractor, so the dataset itself says what is done: no separate manifest can
disagree with it.

Every change is one file written aside and renamed over its name. A changed
article's new rows replace its old ones inside the part that held them, so at
every moment each article's rows stand in the dataset exactly once; a run
killed at any point leaves a whole dataset, and the next run redoes only what
is missing or stale.
"""
from __future__ import annotations

import fcntl
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .write import FIGURE_SCHEMA, write_table

DOCS_KEY = b"vn_figures.docs"
# Pending work is written at least this often (seconds), however slow the
# articles, so that a killed run loses at most that much.
FLUSH_EVERY = 60.0
_PART = re.compile(r"part-(\d{6})\.parquet")


class DatasetError(Exception):
    """The output path cannot hold or update a dataset."""


@dataclass
class Part:
    name: str
    docs: dict[str, str] = field(default_factory=dict)  # doc_id -> key, in row order
    rows: int = 0


def errors_path(root: Path) -> Path:
    """`outputs/figures.parquet` -> `outputs/figures.errors.jsonl`."""
    return root.with_name(root.stem + ".errors.jsonl")


def _conform(table: pa.Table) -> pa.Table:
    """Old rows in the current schema (a column added since is null)."""
    if table.schema.equals(FIGURE_SCHEMA):
        return table
    columns = [
        table[f.name].cast(f.type) if f.name in table.column_names else pa.nulls(len(table), f.type)
        for f in FIGURE_SCHEMA
    ]
    return pa.Table.from_arrays(columns, schema=FIGURE_SCHEMA)


class Dataset:
    """An open dataset directory, locked against a second writer."""

    def __init__(self, root: Path, part_size: int = 500):
        if root.exists() and not root.is_dir():
            raise DatasetError(f"{root} is a file, not a dataset directory: remove it or choose another --out")
        try:
            root.mkdir(parents=True, exist_ok=True)
            self._lock = open(root / ".lock", "w")
        except OSError as exc:
            raise DatasetError(f"cannot write to {root}: {exc.strerror}") from None
        try:
            # A POSIX lock belongs to this process alone: worker processes forked
            # from it do not hold it, and it goes when this process dies.
            fcntl.lockf(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            raise DatasetError(f"another run is writing to {root}") from None
        self.root = root
        self.part_size = part_size
        for leftover in root.glob(".part-*.tmp"):  # from a run that was killed
            leftover.unlink()
        self.parts: dict[str, Part] = {p.name: p for p in map(self._read_part, sorted(root.glob("part-*.parquet")))}
        self.part_of = {doc: p.name for p in self.parts.values() for doc in p.docs}
        self._replace: dict[str, dict[str, tuple[str, pa.Table | None]]] = {}
        self._new: list[tuple[str, str, pa.Table]] = []
        self._flushed = time.monotonic()

    def _read_part(self, path: Path) -> Part:
        try:
            footer = pq.ParquetFile(path).metadata
        except (OSError, pa.ArrowException) as exc:
            raise DatasetError(f"{path}: not a readable Parquet file ({exc})") from None
        meta = footer.metadata or {}
        if DOCS_KEY not in meta:
            raise DatasetError(f"{path}: not written by vn-figures (no article list)")
        return Part(path.name, dict(json.loads(meta[DOCS_KEY])), footer.num_rows)

    # --- what is there -----------------------------------------------------

    def key_of(self, doc_id: str) -> str | None:
        part = self.part_of.get(doc_id)
        return self.parts[part].docs[doc_id] if part else None

    @property
    def articles(self) -> int:
        return len(self.part_of)

    @property
    def rows(self) -> int:
        return sum(p.rows for p in self.parts.values())

    # --- changes -------------------------------------------------------------

    def put(self, doc_id: str, key: str, table: pa.Table) -> None:
        """An article's rows (possibly none); written at the next flush."""
        part = self.part_of.get(doc_id)
        if part:
            self._replace.setdefault(part, {})[doc_id] = (key, table)
        else:
            self._new.append((doc_id, key, table))
        if self.pending >= self.part_size or time.monotonic() - self._flushed >= FLUSH_EVERY:
            self.flush()

    def remove(self, doc_ids) -> None:
        for doc_id in doc_ids:
            self._replace.setdefault(self.part_of[doc_id], {})[doc_id] = ("", None)

    @property
    def pending(self) -> int:
        return len(self._new) + sum(map(len, self._replace.values()))

    def flush(self) -> None:
        """Write what is pending, one atomic rename per part."""
        self._flushed = time.monotonic()
        for name, changes in sorted(self._replace.items()):
            self._rewrite(self.parts[name], changes)
        self._replace = {}
        while self._new:
            part = self._open_part()
            room = self.part_size - len(part.docs)
            batch, self._new = self._new[:room], self._new[room:]
            self._rewrite(part, {doc: (key, table) for doc, key, table in batch})

    def close(self) -> None:
        """Flush, and leave at least one (empty) part so that readers find the schema."""
        self.flush()
        if not self.parts:
            self._rewrite(self._open_part(), {})
        self._lock.close()

    def abandon(self) -> None:
        """Release the lock without writing what is pending."""
        self._lock.close()

    def _open_part(self) -> Part:
        """The last part while it has room, else a new one."""
        if self.parts:
            last = self.parts[max(self.parts)]
            if len(last.docs) < self.part_size:
                return last
            number = int(_PART.fullmatch(last.name).group(1)) + 1
        else:
            number = 0
        return Part(f"part-{number:06d}.parquet")

    def _rewrite(self, part: Part, changes: dict[str, tuple[str, pa.Table | None]]) -> None:
        """Write a part with `changes` (key and rows, or None to drop) applied in place."""
        old = self._slices(part) if part.docs and any(d not in changes for d in part.docs) else {}
        docs: dict[str, str] = {}
        tables: list[pa.Table] = []
        for doc in [*part.docs, *(d for d in changes if d not in part.docs)]:
            key, table = changes.get(doc, (part.docs.get(doc), old.get(doc)))
            if table is None:
                continue
            docs[doc] = key
            tables.append(table)
        path = self.root / part.name
        if not docs and self.parts.get(part.name) and changes:
            path.unlink()
            del self.parts[part.name]
        else:
            table = pa.concat_tables([_conform(t) for t in tables]) if tables else FIGURE_SCHEMA.empty_table()
            meta = {DOCS_KEY: json.dumps(list(docs.items()), ensure_ascii=False).encode()}
            try:
                write_table(table.replace_schema_metadata(meta), path)
            except OSError as exc:
                raise DatasetError(f"cannot write {path}: {exc.strerror or exc}") from None
            self.parts[part.name] = Part(part.name, docs, len(table))
        for doc in part.docs:
            self.part_of.pop(doc, None)
        self.part_of.update(dict.fromkeys(docs, part.name))

    def _slices(self, part: Part) -> dict[str, pa.Table]:
        """A part's rows cut per article (an article's rows are contiguous)."""
        table = pq.read_table(self.root / part.name)
        ids = table["doc_id"].to_pylist()
        out = {doc: table.slice(0, 0) for doc in part.docs}
        start = 0
        for i in range(1, len(ids) + 1):
            if i == len(ids) or ids[i] != ids[start]:
                out[ids[start]] = table.slice(start, i - start)
                start = i
        return out
