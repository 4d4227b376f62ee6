"""The rules' compiled stages kept on disk, so that a run does not compile
them again; underthesea's models, as `text.crf` reads them into tables, and
its tokenizer's tables are kept the same way (`text.words._models`,
`text.words._tokenizer`).

Compiling the rules (a few hundred regular expressions, the gazetteer's
places) takes about 0.3 s, a third of the run of one small article. A stage
read back from its pickle takes a few milliseconds: a `regex` pattern
pickles with its compiled code, so it is not parsed again.

A stage is kept under a key of all it is built from: the text of every rules
file, the source of this package (whose code compiles them), and the
versions of Python, of this package and of the libraries that read or build
them (PyYAML, `regex`, underthesea, whose address data the gazetteer reads).
So an edit of a rules file or of the code, or a new version of a library, is
never answered with a stage compiled before it. Where a module of the package
changed on disk after the package was imported (edited while a notebook
runs), the code running may not be the code on disk: that process neither
keeps nor reads back any stage.

The files are in `rules/` in the cache folder (`pipeline.cache`). Since
reading a pickle runs what it says, one is read only from a folder and a
file that are the user's own and that no one else may write. The newest
`KEEP` files of each stage are kept. A file that cannot be read back is
compiled again; one that cannot be written is left unwritten; neither stops
a run.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from functools import cache
from pathlib import Path
from typing import Any

from .cache import cache_dir, package_version

KEEP = 8
PACKAGE = Path(__file__).resolve().parent
# Packages whose code or data the stages are built with, this one first.
BUILT_WITH = ("vn-figures", "PyYAML", "regex", "underthesea")
# A file written beside its place and left by a run that was stopped.
_STALE_TEMP_SECONDS = 3600


def _stat(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def _sources() -> dict[Path, tuple[int, int]]:
    """The package's modules, with their time and size as they are now."""
    return {p: _stat(p) for p in sorted(PACKAGE.rglob("*.py")) if not p.name.startswith(".") and p.is_file()}


# The modules as the package was imported with them: this module is imported
# with its first ones (pipeline/rules.py imports it).
SOURCES = _sources()


@cache
def _code_fingerprint() -> str:
    """Changes whenever any module of the package, Python or a package of
    BUILT_WITH does."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{sys.version}\0{pickle.HIGHEST_PROTOCOL}".encode())
    for package in BUILT_WITH:
        h.update(f"\0{package}=={package_version(package)}".encode())
    for path in SOURCES:
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _code_key() -> str | None:
    """The code's fingerprint, or None when a module's time or size is not
    what it was at the import (looked at each time: a module may be edited,
    and reloaded, between two stages; no clock is trusted)."""
    if any(_stat(path) != seen for path, seen in SOURCES.items()):
        return None
    return _code_fingerprint()


def _path(stage: str, rules_fingerprint: str) -> Path | None:
    folder = cache_dir()
    code = _code_key() if folder is not None else None
    if code is None:
        return None
    key = hashlib.blake2b(f"{code}\0{rules_fingerprint}\0{stage}".encode(), digest_size=16)
    return folder / "rules" / f"{stage}-{key.hexdigest()}.pickle"


def _private(path: Path) -> bool:
    """Owned by this user, and writable by no one else."""
    if not hasattr(os, "getuid"):  # Windows: a user's cache folder is their own
        return True
    stat = path.stat()
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def load(stage: str, rules_fingerprint: str) -> Any | None:
    """What `store` kept for this stage of these rules, or None."""
    try:
        path = _path(stage, rules_fingerprint)
        if path is None or not (_private(path.parent) and _private(path)):
            return None
        with path.open("rb") as f:
            return pickle.load(f)
    except Exception:  # missing, cut short, unreadable: any of pickle's many errors means compile again
        return None


def store(stage: str, rules_fingerprint: str, compiled: Any) -> None:
    """Keep `compiled`, this stage of these rules, for later runs."""
    written = None
    try:
        path = _path(stage, rules_fingerprint)
        if path is None:
            return
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(path.parent):  # made by an older version, under a umask that let the group write
            path.parent.chmod(0o700)
            if not _private(path.parent):
                return  # another user's: `load` would not read it
        # Written beside, then renamed: a run reading it meanwhile sees no half file.
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, suffix=".tmp", delete=False) as f:
            written = f.name
            pickle.dump(compiled, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(written, path)
        written = None
        _prune(path, stage)
    except (OSError, RuntimeError, pickle.PicklingError, TypeError, AttributeError):
        # RuntimeError: no home folder to find the cache in
        if written is not None:
            Path(written).unlink(missing_ok=True)


def _prune(written: Path, stage: str) -> None:
    """Remove all but `KEEP` files of `stage` (the one just written and the
    newest others: files written in the same tick have the same time), and
    the half-written files of stopped runs."""
    others = [p for p in written.parent.glob(f"{stage}-*.pickle") if p != written]
    for old in sorted(others, key=lambda p: p.stat().st_mtime_ns, reverse=True)[KEEP - 1 :]:
        old.unlink(missing_ok=True)
    for temp in written.parent.glob("*.tmp"):
        if temp.stat().st_mtime < time.time() - _STALE_TEMP_SECONDS:
            temp.unlink(missing_ok=True)
