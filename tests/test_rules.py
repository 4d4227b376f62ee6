"""The vocabulary in rules/: a bad entry is named by file and line, and every
listed unit, qualifier and scale word does what its file says."""
import pytest

from pipeline import extract_text, rules
from pipeline.rules import default_rules


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


def _unit_entries():
    from pipeline.figures.grammar import _UNITS_SCHEMA

    data = default_rules().data("units", _UNITS_SCHEMA)
    listed = [(unit, written, 1.0) for unit, words in data["units"].items() for written in words]
    scaled = [(unit, written, times) for unit, multiples in data["scaled_units"].items() for written, times in multiples.items()]
    return listed + scaled


@pytest.mark.parametrize("unit, written, times", _unit_entries())
def test_every_listed_unit(unit, written, times):
    figures = extract_text(f"Trong năm, toàn tỉnh có 1.234 {written} được hỗ trợ.")
    assert [(f.value, f.unit) for f in figures] == [(pytest.approx(1234 * times), unit)]
    assert figures[0].unit_text.lower() == written.lower()


@pytest.mark.parametrize("noun", sorted(default_rules().units.time_nouns))
def test_time_nouns_make_no_figure(noun):
    assert extract_text(f"Chương trình được thực hiện trong 7 {noun} liên tục.") == []


def _qualifier_entries():
    return sorted(default_rules().grammar.qualifier_of.items())


@pytest.mark.parametrize("word, qualifier", _qualifier_entries())
def test_every_qualifier_word(word, qualifier):
    figures = extract_text(f"Năm nay tỉnh đã hỗ trợ {word} 4.321 hộ nghèo.")
    assert [(f.value, f.qualifier) for f in figures] == [(4321, qualifier)]


@pytest.mark.parametrize("scale, factor", sorted(default_rules().numbers.scales.items()))
def test_every_scale_word(scale, factor):
    figures = extract_text(f"Tổng kinh phí hỗ trợ là 12,5 {scale} đồng.")
    assert [(f.value, f.unit) for f in figures] == [(pytest.approx(12.5 * factor), "VND")]


def _identifier_heads():
    from pipeline.figures.grammar import _FIGURES_SCHEMA

    return default_rules().data("figures", _FIGURES_SCHEMA)["identifier_heads"]


@pytest.mark.parametrize("head", _identifier_heads())
def test_identifier_heads_make_no_figure(head):
    figures = extract_text(f"Triển khai {head} 3 doanh nghiệp tham gia.")
    assert [(f.value, f.unit) for f in figures if f.value == 3] == []
