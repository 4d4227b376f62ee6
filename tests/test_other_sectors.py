"""Figures of the other sectors keep indicator `other`, and their
indicator_text names what is counted (the `names` of
tests/tables/sector_figures.yaml)."""
import pytest
from conftest import table

from pipeline import extract_text

NAMED = [(row["text"], i, f["names"]) for row in table("sector_figures") for i, f in enumerate(row["figures"]) if "names" in f]


@pytest.mark.parametrize("text, index, names", NAMED, ids=lambda v: v if isinstance(v, str) and len(v) < 25 else None)
def test_indicator_text_names_what_is_counted(text, index, names):
    figure = extract_text(text)[index]
    assert figure.indicator == "other"
    assert names in figure.indicator_text.lower()
