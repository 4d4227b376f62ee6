"""The vocabulary in rules/: a bad entry is named by file and line, and a
variant of the rules (`Rules.replacing`) rebuilds only what its change
touches. Every entry's own row is in tests/tables/entries/
(test_rules_entries.py, test_rules_mutation.py)."""
import pickle

import pytest

from pipeline import extract_text, rules
from pipeline.figures.grammar import _FIGURES_SCHEMA
from pipeline.figures.numbers import _SCHEMA as _NUMBERS_SCHEMA


@pytest.mark.parametrize(
    "content, schema, message",
    [
        ("units:\n  person: [người, 3]\n", {"units": {str: [str]}}, None),
        ("units:\n  person: người\n", {"units": {str: [str]}}, "x.yaml:2: expected a list, found a scalar"),
        ("units:\n  person: [người]\nextra: 1\n", {"units": {str: [str]}}, "x.yaml:3: unknown key 'extra'"),
        ("scales:\n  tỷ: 1.0e9\n", {"scales": {str: float}}, "x.yaml:2: expected a float, found '1.0e9'"),
        ("a: [x]\na: [y]\n", {str: [str]}, "x.yaml:2: duplicate key 'a'"),
        ("words: [\n", {"words": [str]}, "x.yaml: not valid YAML"),
        ("other: []\n", {"words": [str], "other": [str]}, "x.yaml:1: missing key(s) words"),
    ],
)
def test_schema_errors_name_file_and_line(tmp_path, content, schema, message):
    path = tmp_path / "x.yaml"
    path.write_text(content, encoding="utf-8")
    if message is None:
        assert rules.load_file(path, schema) == {"units": {"person": ["người", "3"]}}
    else:
        with pytest.raises(rules.RulesError, match=message.replace("(", r"\(").replace(")", r"\)")):
            rules.load_file(path, schema)



# --- variants of the rules ------------------------------------------------------


def _units_without(r, written):
    from pipeline.figures.grammar import _UNITS_SCHEMA

    data = r.data("units", _UNITS_SCHEMA)
    units = {unit: [w for w in words if w != written] for unit, words in data["units"].items()}
    return data | {"units": units}


def test_a_variant_gives_its_own_figures():
    r = rules.Rules()
    variant = r.replacing("units", _units_without(r, "người"))
    text = "Trong năm, toàn tỉnh có 1.234 người được hỗ trợ."
    assert [(f.unit, f.unit_text) for f in extract_text(text, rules=variant)] == [("count", "người")]
    assert [(f.unit, f.unit_text) for f in extract_text(text, rules=r)] == [("person", "người")]
    assert "người" in r.units.by_text  # the variant changed a copy


def test_a_variant_rebuilds_only_the_stages_of_the_file_it_changes():
    r = rules.Rules()
    stages = {name: getattr(r, name) for name in ("numbers", "units", "grammar", "tables", "periods", "indicators", "checks")}
    variant = r.replacing("figures", r.data("figures", _FIGURES_SCHEMA) | {"achieved_words": ["đã", "vừa"]})
    rebuilt = {name for name, stage in stages.items() if getattr(variant, name) is not stage}
    assert rebuilt == {"grammar", "tables"}  # tables reads the plan words of figures.yaml
    assert variant.grammar.achieved.search("huyện vừa hỗ trợ") and not r.grammar.achieved.search("huyện vừa hỗ trợ")


def test_a_stage_is_rebuilt_when_any_file_it_reads_changes():
    r = rules.Rules()
    units, grammar = r.units, r.grammar
    variant = r.replacing("numbers", r.data("numbers", _NUMBERS_SCHEMA) | {"scales": {"tỷ": 1e9}})
    assert variant.units is not units  # units reads the scale words of numbers.yaml
    assert variant.grammar is grammar


def test_a_variant_given_as_text_is_read_like_a_file():
    variant = rules.Rules().replacing("units", "units:\n  person: người\n")
    with pytest.raises(rules.RulesError, match="units.yaml:2: expected a list, found a scalar"):
        _ = variant.units


def test_a_pickled_variant_carries_its_change():
    r = rules.Rules()
    variant = r.replacing("units", _units_without(r, "người"))
    again = pickle.loads(pickle.dumps(variant))
    text = "Trong năm, toàn tỉnh có 1.234 người được hỗ trợ."
    assert [f.unit for f in extract_text(text, rules=again)] == ["count"]
    assert again.fingerprint() == variant.fingerprint() != r.fingerprint()
