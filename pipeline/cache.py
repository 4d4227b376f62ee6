"""Where vn-figures keeps what it can always rebuild: underthesea's words
(`pipeline.text.word_cache`) and the rules' compiled stages
(`pipeline.rules_cache`).

The folder is `$VN_FIGURES_CACHE`, else `$XDG_CACHE_HOME/vn-figures`, else
`~/.cache/vn-figures`; `VN_FIGURES_CACHE=off` turns every cache off, and
with no home folder there is none.
"""
from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

OFF = "off"


def cache_dir() -> Path | None:
    """Where the caches live, or None when they are turned off."""
    setting = os.environ.get("VN_FIGURES_CACHE")
    if setting is not None:
        return None if setting.strip().lower() == OFF else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = Path.home() / ".cache"
        except RuntimeError:  # no home folder (a container run under a uid of its own): no cache
            return None
    return Path(base) / "vn-figures"


def package_version(package: str) -> str:
    """The installed version of `package`, part of a cache's keys."""
    try:
        return version(package)
    except PackageNotFoundError:
        return "missing"
