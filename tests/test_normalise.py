"""normalise_text, and the promise it keeps: a text's variants give the clean text's figures."""
import unicodedata
from pathlib import Path

import pytest
import yaml

from pipeline import extract_text
from pipeline.text.normalise import normalise_text

TABLES = Path(__file__).parent / "tables"
NORMALISE = yaml.safe_load((TABLES / "normalise.yaml").read_text(encoding="utf-8"))
VARIANTS = yaml.safe_load((TABLES / "text_variants.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("variant, clean", NORMALISE["same"])
def test_variant_becomes_clean(variant, clean):
    assert normalise_text(variant) == clean
    assert normalise_text(unicodedata.normalize("NFD", variant)) == clean


@pytest.mark.parametrize("text", NORMALISE["unchanged"])
def test_clean_text_is_left_alone(text):
    assert normalise_text(text) == text


def _rows(text):
    return [f.row() for f in extract_text(text, doc_id="a.txt")]


@pytest.mark.parametrize(
    "clean, variant",
    [(row["clean"], v) for row in VARIANTS for v in [*row["variants"], unicodedata.normalize("NFD", row["clean"])]],
)
def test_variant_gives_the_clean_figures(clean, variant):
    expected = _rows(clean)
    assert expected, "the clean sentence must give figures for the comparison to mean anything"
    assert _rows(variant) == expected


@pytest.mark.parametrize("variant", [v for v, _ in NORMALISE["same"]] + NORMALISE["unchanged"])
def test_normalising_twice_changes_nothing(variant):
    # Steps normalise names and cues again (pipeline.meaning): it must be a no-op on normalised text.
    once = normalise_text(variant)
    assert normalise_text(once) == once
