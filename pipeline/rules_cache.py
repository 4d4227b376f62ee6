"""The rules' compiled stages kept on disk, so that a run does not compile
them again.

Compiling the rules (a few hundred regular expressions, the gazetteer's
places) takes about 0.3 s, a third of the run of one small article. A stage
read back from its pickle takes a few milliseconds: a `regex` pattern
pickles with its compiled code, so it is not parsed again.

A stage is kept under a key of all it is built from: the text of every rules
file, the source of this package (whose code compiles them), and the
versions of Python, `regex` and underthesea (whose address data the
gazetteer reads). So an edit of a rules file or of the code, or a new
version of either library, is never answered with a stage compiled before it. The files are in `rules/` in
the cache folder (`pipeline.cache`), which is the user's own: what is
unpickled there was written by this code. The newest `KEEP` files of each
stage are kept. A file that cannot be read back is compiled again; one that
cannot be written is left unwritten.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from .cache import cache_dir

KEEP = 8
PACKAGE = Path(__file__).resolve().parent


# Packages whose code or data the stages are built with, besides this one.
BUILT_WITH = ("regex", "underthesea")


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "missing"


@cache
def _code_fingerprint() -> str:
    """Changes whenever any module of the package, Python or a package of
    BUILT_WITH does."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{sys.version}\0{pickle.HIGHEST_PROTOCOL}".encode())
    for package in BUILT_WITH:
        h.update(f"\0{package}=={_version(package)}".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _path(stage: str, rules_fingerprint: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.blake2b(f"{_code_fingerprint()}\0{rules_fingerprint}\0{stage}".encode(), digest_size=16)
    return folder / "rules" / f"{stage}-{key.hexdigest()}.pickle"


def load(stage: str, rules_fingerprint: str) -> Any | None:
    """What `store` kept for this stage of these rules, or None."""
    path = _path(stage, rules_fingerprint)
    if path is None:
        return None
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except Exception:  # missing, cut short, unreadable: any of pickle's many errors means compile again
        return None


def store(stage: str, rules_fingerprint: str, compiled: Any) -> None:
    """Keep `compiled`, this stage of these rules, for later runs."""
    path = _path(stage, rules_fingerprint)
    if path is None:
        return
    written = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside, then renamed: a run reading it meanwhile sees no half file.
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, suffix=".tmp", delete=False) as f:
            written = f.name
            pickle.dump(compiled, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(written, path)
        written = None
        _prune(path, stage)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        if written is not None:
            Path(written).unlink(missing_ok=True)


def _prune(written: Path, stage: str) -> None:
    """Remove all but `KEEP` files of `stage`: the one just written and the
    newest others (files written in the same tick have the same time)."""
    others = [p for p in written.parent.glob(f"{stage}-*.pickle") if p != written]
    for old in sorted(others, key=lambda p: p.stat().st_mtime_ns, reverse=True)[KEEP - 1 :]:
        old.unlink(missing_ok=True)
