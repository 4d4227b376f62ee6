"""A cache of underthesea's words on disk, shared by runs and worker processes.

Word segmentation and tagging are most of the work of an extraction, and a
re-run after a change of rules/ extracts every article again: with this cache
it does not segment again. A sentence's words are kept under the sentence's
text and the versions of underthesea (and its compiled core) that made them,
so a new version of the segmenter is never answered from an old one's words.

The cache is one SQLite file (`words.sqlite`) in the cache folder
(`pipeline.cache`: `$VN_FIGURES_CACHE`, else `$XDG_CACHE_HOME/vn-figures`,
else `~/.cache/vn-figures`; set `VN_FIGURES_CACHE=off` to do without). A cache that cannot be opened or
written (a read-only home, a full disk) is left alone: the words are
segmented as if there were none.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path

from ..cache import cache_dir, package_version

# Words are written in batches: one transaction per this many sentences.
_BATCH = 64


def _segmenter_version() -> str:
    return ";".join(f"{package}=={package_version(package)}" for package in ("underthesea", "underthesea_core"))


class WordCache:
    """Spans of words (start, end, tag) by sentence, in one SQLite file."""

    def __init__(self, path: Path):
        self.path = path
        self.version = _segmenter_version()
        self._pending: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        # No fsync at each commit: a power cut may lose the last words written,
        # which are only segmented again; a commit per article then costs little.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS words (key TEXT PRIMARY KEY, spans TEXT NOT NULL)")

    def _key(self, sentence: str) -> str:
        return hashlib.blake2b(f"{self.version}\0{sentence}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def get(self, sentence: str) -> list[tuple[int, int, str]] | None:
        try:
            row = self._db.execute("SELECT spans FROM words WHERE key = ?", (self._key(sentence),)).fetchone()
        except sqlite3.Error:
            return None
        return [tuple(span) for span in json.loads(row[0])] if row else None

    def put(self, sentence: str, spans: list[tuple[int, int, str]]) -> None:
        with self._lock:
            self._pending.append((self._key(sentence), json.dumps(spans)))
            if len(self._pending) >= _BATCH:
                self.flush()

    def flush(self) -> None:
        """Write the words put since the last flush (a failed write loses only them)."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO words VALUES (?, ?)", pending)
        except sqlite3.Error:
            pass


@lru_cache(maxsize=1)
def _open(directory: str | None, pid: int) -> WordCache | None:
    if directory is None:
        return None
    try:
        return WordCache(Path(directory) / "words.sqlite")
    except (OSError, sqlite3.Error):
        return None


def default_cache() -> WordCache | None:
    """This process's cache (a forked worker opens its own), or None."""
    directory = cache_dir()
    return _open(str(directory) if directory else None, os.getpid())


def flush() -> None:
    """Write what this process's cache holds in memory (at the end of a chunk of articles)."""
    cache = default_cache()
    if cache is not None:
        cache.flush()
