"""Sentences -> figures (tests/tables/figures.yaml, sector_figures.yaml) and texts that give none
(tests/tables/no_figures.yaml)."""
import pytest
from conftest import table

from pipeline import extract_text

COMPARED = ("value", "unit", "qualifier", "target", "pct_of_target", "value_max")
OPTIONAL = ("unit_text", "part_of")  # compared only where the row gives them


def _view(figure, keys):
    return {k: getattr(figure, k) for k in keys}


@pytest.mark.parametrize("row", table("figures") + table("sector_figures"), ids=lambda r: r["rule"])
def test_sentence_figures(row):
    figures = extract_text(row["text"])
    expected = [{k: f.get(k) for k in COMPARED} | {k: f[k] for k in OPTIONAL if k in f} for f in row["figures"]]
    got = [_view(fig, exp.keys()) for fig, exp in zip(figures, expected)]
    assert len(figures) == len(expected), [_view(f, COMPARED) for f in figures]
    assert got == expected


@pytest.mark.parametrize("kind, text", table("no_figures"), ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None)
def test_no_figures(kind, text):
    figures = extract_text(text)
    assert [text[f.char_start : f.char_end] for f in figures] == []
