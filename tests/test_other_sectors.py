"""Figures of the other sectors keep indicator `other`, and their
indicator_text names what is counted (the `names` of
tests/tables/sector_figures.yaml)."""
import pytest
from conftest import table

from pipeline import extract_text
from pipeline.rules import RULES_DIR, Rules, RulesError

NAMED = [(row["text"], i, f["names"]) for row in table("sector_figures") for i, f in enumerate(row["figures"]) if "names" in f]


@pytest.mark.parametrize("text, index, names", NAMED, ids=lambda v: v if isinstance(v, str) and len(v) < 25 else None)
def test_indicator_text_names_what_is_counted(text, index, names):
    figure = extract_text(text)[index]
    assert figure.indicator == "other"
    assert names in figure.indicator_text.lower()


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("    tạ: 100\n", "    tạ: 100\n    kg: 1\n", "'kg' is listed both as a unit and as a scaled unit"),
        ("scaled_units:\n  kg:\n", "scaled_units:\n  pound:\n", "unknown canonical unit 'pound'"),
        ("    tạ: 100\n", "    tạ: một trăm\n", "units.yaml:\\d+: expected a float"),
    ],
)
def test_bad_scaled_units_are_named(tmp_path, old, new, message):
    for path in RULES_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    units = tmp_path / "units.yaml"
    text = units.read_text(encoding="utf-8")
    assert old in text
    units.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        extract_text("Năng suất đạt 62,5 tạ/ha.", rules=Rules(tmp_path))


def test_state_units_must_be_canonical(tmp_path):
    for path in RULES_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    figures = tmp_path / "figures.yaml"
    figures.write_text(figures.read_text(encoding="utf-8").replace("state_units: [person, household]", "state_units: [people]"), encoding="utf-8")
    with pytest.raises(RulesError, match="unknown canonical unit 'people' in state_units"):
        extract_text("Thu ngân sách đạt 14.800 tỷ đồng.", rules=Rules(tmp_path))
