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

Each part's footer also holds its articles' rows of the articles table
(title, url, date, outlet, path, content hash...). When a run closes the
dataset, the two tables derived from it are written beside it, named after
it as the errors file is: `figures.articles.parquet` (from the footers) and
`figures.facts.parquet` (from the figures, pipeline.checks.facts).
"""
from __future__ import annotations

import fcntl
import json
import re
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..checks.facts import COLUMNS as FACT_COLUMNS
from ..checks.facts import fact_pieces, fact_rows
from .articles import articles_table
from .write import ARTICLE_SCHEMA, COLUMNS_KEY, FACT_SCHEMA, FIGURE_SCHEMA, write_table, write_tables

DOCS_KEY = b"vn_figures.docs"
ARTICLES_KEY = b"vn_figures.articles"
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
    # doc_id -> the content hash of its articles row (pipeline.io.articles);
    # the rows themselves are read from the footer when needed, so that the
    # index of a large dataset stays small
    hashes: dict[str, str] = field(default_factory=dict)


def errors_path(root: Path) -> Path:
    """`outputs/figures.parquet` -> `outputs/figures.errors.jsonl`."""
    return root.with_name(root.stem + ".errors.jsonl")


def articles_path(root: Path) -> Path:
    """`outputs/figures.parquet` -> `outputs/figures.articles.parquet`."""
    return root.with_name(root.stem + ".articles.parquet")


def facts_path(root: Path) -> Path:
    """`outputs/figures.parquet` -> `outputs/figures.facts.parquet`."""
    return root.with_name(root.stem + ".facts.parquet")


def _conform(table: pa.Table) -> pa.Table:
    """Old rows in the current schema: a column added since is null, or
    derived from the others where it can be (figure_id)."""
    if table.schema.equals(FIGURE_SCHEMA):
        return table
    present = set(table.column_names)
    columns = []
    for f in FIGURE_SCHEMA:
        if f.name in present:
            columns.append(table[f.name].cast(f.type))
        elif f.name == "figure_id" and {"doc_id", "char_start"} <= present:
            columns.append(pc.binary_join_element_wise(table["doc_id"], pc.cast(table["char_start"], pa.string()), "#"))
        elif f.name == "quote":
            columns.append(pa.array([""] * len(table), f.type))
        else:
            columns.append(pa.nulls(len(table), f.type))
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
        hashes = {doc: a.get("content_hash", "") for doc, a in _footer_articles(meta).items()}
        return Part(path.name, dict(json.loads(meta[DOCS_KEY])), footer.num_rows, hashes)

    def _articles_of(self, part: Part) -> dict[str, dict]:
        """The articles rows a part's footer holds, by doc_id."""
        meta = _read_part_file(self.root / part.name, lambda f: f.metadata.metadata) or {}
        return _footer_articles(meta)

    # --- what is there -----------------------------------------------------

    def key_of(self, doc_id: str) -> str | None:
        part = self.part_of.get(doc_id)
        return self.parts[part].docs[doc_id] if part else None

    def content_hash_of(self, doc_id: str) -> str | None:
        """The content hash of the article's row of the articles table (None
        for an article kept from a version that wrote none)."""
        part = self.part_of.get(doc_id)
        return self.parts[part].hashes.get(doc_id) if part else None

    @property
    def articles(self) -> int:
        return len(self.part_of)

    @property
    def rows(self) -> int:
        return sum(p.rows for p in self.parts.values())

    # --- changes -------------------------------------------------------------

    def put(self, doc_id: str, key: str, table: pa.Table, article: dict) -> None:
        """An article's rows (possibly none) and its articles row; written at the next flush."""
        part = self.part_of.get(doc_id)
        if part:
            self._replace.setdefault(part, {})[doc_id] = (key, table, article)
        else:
            self._new.append((doc_id, key, table, article))
        if self.pending >= self.part_size or time.monotonic() - self._flushed >= FLUSH_EVERY:
            self.flush()

    def remove(self, doc_ids) -> None:
        for doc_id in doc_ids:
            self._replace.setdefault(self.part_of[doc_id], {})[doc_id] = ("", None, None)

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
            self._rewrite(part, {doc: change for doc, *change in batch})

    def close(self) -> None:
        """Flush, leave at least one (empty) part so that readers find the
        schema, and write the articles and facts tables beside the dataset."""
        self.flush()
        if not self.parts:
            self._rewrite(self._open_part(), {})
        try:
            if self._views_stale():
                self._write_views()
        finally:
            self._lock.close()

    def _views_stale(self) -> bool:
        """True unless both tables beside stand, in this version's schema, and
        are newer than every part (a run with nothing to extract leaves them
        as they are; one killed between its parts and its views is caught up)."""
        views = {articles_path(self.root): ARTICLE_SCHEMA, facts_path(self.root): FACT_SCHEMA}
        try:
            if not all(pq.read_schema(v).equals(schema, check_metadata=False) for v, schema in views.items()):
                return True  # missing, or written by another version
        except (OSError, pa.ArrowException):
            return True
        newest = max((self.root / name).stat().st_mtime_ns for name in self.parts)
        return min(v.stat().st_mtime_ns for v in views) < newest

    def _write_views(self) -> None:
        parts = [self.parts[name] for name in sorted(self.parts)]
        # each part's articles, and the facts a piece at a time, each written before the next is read
        articles = (articles_table([a for a in map(self._articles_of(p).get, p.docs) if a]) for p in parts)
        facts = fact_pieces([partial(_fact_columns, self.root / p.name) for p in parts], sum(p.rows for p in parts))
        for tables, schema, path in ((articles, ARTICLE_SCHEMA, articles_path(self.root)),
                                     (facts, FACT_SCHEMA, facts_path(self.root))):
            try:
                write_tables(tables, schema, path)
            except OSError as exc:
                raise DatasetError(f"cannot write {path}: {exc.strerror or exc}") from None

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

    def _rewrite(self, part: Part, changes: dict[str, tuple[str, pa.Table | None, dict | None]]) -> None:
        """Write a part with `changes` (key, rows and articles row, or None
        rows to drop the article) applied in place."""
        kept = part.docs and any(d not in changes for d in part.docs)
        old, old_articles = self._kept_of(part) if kept else ({}, {})
        docs: dict[str, str] = {}
        articles: dict[str, dict] = {}
        tables: list[pa.Table] = []
        for doc in [*part.docs, *(d for d in changes if d not in part.docs)]:
            key, table, article = changes.get(doc, (part.docs.get(doc), old.get(doc), old_articles.get(doc)))
            if table is None:
                continue
            docs[doc] = key
            if article is not None:
                articles[doc] = article
            tables.append(table)
        path = self.root / part.name
        if not docs and self.parts.get(part.name) and changes:
            path.unlink()
            del self.parts[part.name]
        else:
            table = pa.concat_tables([_conform(t) for t in tables]) if tables else FIGURE_SCHEMA.empty_table()
            footer = {
                DOCS_KEY: json.dumps(list(docs.items()), ensure_ascii=False).encode(),
                ARTICLES_KEY: json.dumps(list(articles.values()), ensure_ascii=False).encode(),
            }
            try:
                write_table(table.replace_schema_metadata({COLUMNS_KEY: FIGURE_SCHEMA.metadata[COLUMNS_KEY]}), path, footer)
            except OSError as exc:
                raise DatasetError(f"cannot write {path}: {exc.strerror or exc}") from None
            self.parts[part.name] = Part(part.name, docs, len(table), {d: a.get("content_hash", "") for d, a in articles.items()})
        for doc in part.docs:
            self.part_of.pop(doc, None)
        self.part_of.update(dict.fromkeys(docs, part.name))

    def _kept_of(self, part: Part) -> tuple[dict[str, pa.Table], dict[str, dict]]:
        """A part's rows cut per article (an article's rows are contiguous),
        and its footer's articles rows, from one read of the file."""
        table, meta = _read_part_file(self.root / part.name, lambda f: (f.read(), f.metadata.metadata or {}))
        ids = table["doc_id"].to_pylist()
        out = {doc: table.slice(0, 0) for doc in part.docs}
        start = 0
        for i in range(1, len(ids) + 1):
            if i == len(ids) or ids[i] != ids[start]:
                out[ids[start]] = table.slice(start, i - start)
                start = i
        return out, _footer_articles(meta)


def _fact_columns(path: Path) -> pa.Table:
    """The rows and columns facts are read from, of one part (an older part may lack some columns)."""
    # Not pq.read_table, which brings pyarrow.dataset in (12 MB); a part is
    # small enough to read without a pool of threads (14 MB).
    table = _read_part_file(path, lambda part: part.read(columns=[c for c in FACT_COLUMNS if c in part.schema_arrow.names],
                                                        use_threads=False))
    return fact_rows(_conform(table))


def _footer_articles(meta: dict[bytes, bytes]) -> dict[str, dict]:
    """The articles rows a part's footer metadata holds, by doc_id (none from a version that wrote none)."""
    return {a["doc_id"]: a for a in json.loads(meta.get(ARTICLES_KEY, b"[]"))}


def _read_part_file(path: Path, read):
    """`read` of a part's ParquetFile; a part that cannot be read is named as
    such, not as the table being written from it. Arrow's pool first hands
    back to the system what the part read before left: else it keeps the
    pages of each part, and the end of a run grows with its number of parts."""
    pa.default_memory_pool().release_unused()
    try:
        return read(pq.ParquetFile(path))
    except (OSError, pa.ArrowException) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from None
