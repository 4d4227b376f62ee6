import os
import tempfile
from pathlib import Path

import pytest
import yaml

# The suite's word cache is its own (pipeline.text.word_cache), never the user's.
os.environ.setdefault("VN_FIGURES_CACHE", tempfile.mkdtemp(prefix="vn-figures-test-cache-"))

TABLES = Path(__file__).parent / "tables"
ROOT = Path(__file__).parent.parent


def table(name: str):
    """A test table from tests/tables/<name>.yaml."""
    return yaml.safe_load((TABLES / f"{name}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def corpus_texts() -> dict[str, str]:
    """The articles shipped in corpus/."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium for a module's tests of the pages (tests/browser.py),
    or None when it is missing (`browser.ready` then fails the test, saying how
    to install it)."""
    from browser import Browser, chromium

    binary = chromium()
    if binary is None:
        yield None
        return
    b = Browser(binary, str(tmp_path_factory.mktemp("chromium-profile")))
    yield b
    b.close()
