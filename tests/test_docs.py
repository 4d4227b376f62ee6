"""The contract in the repository (docs/) matches the code: every column of
the three tables, every indicator with its names, every unit; the README and
the docs link only to files that are there; a LICENSE and a NOTICE for the
third-party articles."""
import re

import pytest
from conftest import ROOT

from pipeline.io.write import ARTICLE_SCHEMA, FACT_SCHEMA, FIGURE_SCHEMA
from pipeline.model import CANONICAL_UNITS
from pipeline.rules import default_rules

DOCS = ROOT / "docs"


def _section(text: str, heading: str) -> str:
    start = text.index(f"\n## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


@pytest.mark.parametrize("name, schema", [("figures", FIGURE_SCHEMA), ("articles", ARTICLE_SCHEMA), ("facts", FACT_SCHEMA)])
def test_every_column_is_documented_in_order(name, schema):
    section = _section((DOCS / "dataset.md").read_text(encoding="utf-8"), name)
    documented = re.findall(r"^\| `(\w+)` \|", section, re.M)
    assert documented == schema.names


def test_every_indicator_is_documented_with_its_names():
    text = (DOCS / "indicators.md").read_text(encoding="utf-8")
    rows = {m[0]: (m[1], m[2]) for m in re.findall(r"^\| `(\w+)` \| (.+?) \| (.+?) \|$", text, re.M)}
    indicators = default_rules().indicators.indicators
    assert {k: (v["vi"], v["en"]) for k, v in indicators.items()} == rows


def test_every_unit_is_documented():
    text = (DOCS / "units.md").read_text(encoding="utf-8")
    assert re.findall(r"^\| `(\w+)` \|", text, re.M) == list(CANONICAL_UNITS)


LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("page", ["README.md", *(f"docs/{p.name}" for p in sorted(DOCS.glob("*.md")))])
def test_links_lead_to_files_of_the_repository(page):
    path = ROOT / page
    text = path.read_text(encoding="utf-8")
    assert "../shared/spec" not in text
    for target in LINK.findall(text):
        if not target.startswith(("http:", "https:")):
            assert (path.parent / target).exists(), f"{page} links to {target}, which is not there"


def test_readme_points_at_the_contract():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for doc in ("figures.md", "dataset.md", "units.md", "periods.md", "indicators.md", "gold-format.md"):
        assert f"(docs/{doc})" in readme


def test_licence_and_notice():
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    assert "corpus/" in notice and "not covered by the MIT License" in notice
