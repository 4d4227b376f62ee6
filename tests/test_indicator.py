"""Indicator step: tables/indicators.yaml read by one parametrised test per table."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from pipeline import extract_text
from pipeline.meaning import indicator
from pipeline.meaning.indicator import OTHER, _rule_key, _spelling, assign_indicators, key, key_text
from pipeline.model import Article, Figure
from pipeline.rules import RulesError, default_rules, load_file
from pipeline.text.document import build_document
from pipeline.text.normalise import normalise_text

TABLE = yaml.safe_load((Path(__file__).parent / "tables" / "indicators.yaml").read_text(encoding="utf-8"))
SPEC = Path(__file__).resolve().parents[2] / "shared" / "spec" / "indicators.yaml"
NUMBER = re.compile(r"\d[\d.,/]*(?:\s*(?:-|đến)\s*\d[\d.,]*)?%?")


def figures_of(text: str, specs: list[list]) -> list[Figure]:
    """Figures for `[written, unit, expected, part_of?]` specs, located in text in order."""
    figures, pos = [], 0
    for spec in specs:
        written, unit = spec[0], spec[1]
        at = text.index(written, pos)
        pos = at + len(written)
        number = NUMBER.match(written)
        figures.append(Figure(
            value=0.0, unit=unit, unit_text=written[number.end():].strip(), char_start=at,
            char_end=at + len(written), sentence=text, sentence_start=0, number_end=at + number.end(),
            part_of=spec[3] if len(spec) > 3 else None,
        ))
    return figures


def indicators(text: str, specs: list[list]) -> list[str]:
    figures = figures_of(text, specs)
    assign_indicators(build_document(Article("t", text)), figures)
    return [f.indicator for f in figures]


@pytest.mark.parametrize("expected, unit, written, text", TABLE["cues"], ids=lambda v: str(v)[:40])
def test_cue(expected, unit, written, text):
    assert indicators(text, [[written, unit]]) == [expected]


@pytest.mark.parametrize("row", TABLE["sentences"], ids=lambda r: r["text"][:50])
def test_sentence(row):
    assert indicators(row["text"], row["figures"]) == [spec[2] for spec in row["figures"]]


@pytest.mark.parametrize("unit, written, text", TABLE["other"], ids=lambda v: str(v)[:40])
def test_stays_other(unit, written, text):
    assert indicators(text, [[written, unit]]) == [OTHER]


def test_text_is_the_articles_words():
    text = "Toàn tỉnh đã đưa 1.115 lao động đi làm việc ở nước ngoài theo hợp đồng, đạt 85,77% kế hoạch năm."
    figures = figures_of(text, [["1.115 lao động", "person"]])
    assign_indicators(build_document(Article("t", text)), figures)
    assert figures[0].indicator_text == "đưa lao động đi làm việc ở nước ngoài theo hợp đồng"


def test_offsets_into_a_longer_article():
    text = "Tin tức.\nTỉnh có 23.758 người tham gia BHXH bắt buộc. Có 54 phiên giao dịch việc làm."
    figures = figures_of(text, [["23.758 người", "person"], ["54 phiên", "count"]])
    figures[0].sentence, figures[0].sentence_start = "Tỉnh có 23.758 người tham gia BHXH bắt buộc.", 9
    figures[1].sentence, figures[1].sentence_start = "Có 54 phiên giao dịch việc làm.", 54
    assign_indicators(build_document(Article("t", text)), figures)
    assert [f.indicator for f in figures] == ["social_insurance_compulsory", "job_fairs"]
    assert figures[0].indicator_text == "người tham gia BHXH bắt buộc"


@pytest.mark.parametrize("variant", ["Hoà giải thuỷ lợi, liệt sỹ, tỷ lệ", "hòa giải thủy lợi liệt sĩ tỉ lệ"])
def test_spelling_variants_share_a_key(variant):
    # article text reaches the key normalised; a phrase of the rules as written
    assert key(normalise_text(variant))[0] == _rule_key(variant) == "hòa giải thủy lợi liệt sĩ tỉ lệ"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("(Quỹ “Đền ơn đáp nghĩa”) được 1,2 tỷ", "quỹ đền ơn đáp nghĩa được 1 2 tỉ"),
        ("LĐ-TB&XH;  xây, sửa nhà —", "lđ tb xh xây sửa nhà "),
        (" - ", ""),
        ("", ""),
    ],
)
def test_a_key_folds_spelling_and_soft_punctuation_and_keeps_each_characters_offset(text, expected):
    skey, where = key(text)
    assert skey == key_text(text) == expected
    # each key character stands for the text's character at its offset, spelled
    # as the key spells it; a blank for the first of a run of punctuation
    spelled = _spelling(text)
    assert len(where) == len(skey) and where == sorted(set(where))
    assert all(spelled[i] == c if c != " " else not spelled[i].isalnum() for c, i in zip(skey, where))


def test_rules_ids_are_the_spec_ids():
    if not SPEC.is_file():
        pytest.skip("../shared/spec is not beside the repo")
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    ids = {i for group in spec.values() for i in group}
    assert set(default_rules().indicators.indicators) == ids | {OTHER}


BAD_RULES = [
    ("indicators:\n  a: {vi: x, en: y, cues: [z]}\n", "missing key"),
    ("ignore: []\nclause_joiners: []\nrespectively: []\namount_links: []\nshare_of: []\nlight_verbs: []\n"
     "indicators:\n  a: {vi: x, en: y, cues: [z]}\n", "the id 'other' is missing"),
    ("ignore: []\nclause_joiners: []\nrespectively: []\namount_links: []\nshare_of: []\nlight_verbs: []\n"
     "indicators:\n  other: {vi: x, en: y}\n  a: {vi: x, en: y, unit_map: {percent: b}}\n", "unknown id 'b'"),
    ("ignore: []\nclause_joiners: []\nrespectively: []\namount_links: []\nshare_of: []\nlight_verbs: []\n"
     "indicators:\n  other: {vi: x, en: y}\n  a: {vi: x, en: y, units: [people]}\n", "unknown unit 'people'"),
    ("ignore: []\nclause_joiners: []\nrespectively: []\namount_links: []\nshare_of: []\nlight_verbs: []\n"
     "indicators:\n  other: {vi: x, en: y}\n  a: {vi: x, en: y, cues: [Hoà giải]}\n  b: {vi: x, en: y, cues: [hòa giải]}\n",
     "is the same as"),
]


@pytest.mark.parametrize("text, message", BAD_RULES)
def test_bad_rules_are_reported(tmp_path, text, message):
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        indicator.build_rules(load_file(path, indicator.SCHEMA))


@pytest.mark.parametrize("title", ["Thiệt hại do hoả hoạn năm 2024", "Thiệt hại do hỏa hoạn năm 2024"])
def test_a_title_names_its_topic_in_either_tone_placement(title):
    # extract_text normalises a title as the readers do: the cue `hỏa hoạn` is found in `hoả hoạn`
    figures = extract_text("Trong năm, toàn tỉnh xảy ra 12 vụ, thiệt hại 3 tỷ đồng.", "t", title=title)
    assert [(f.indicator, f.value) for f in figures] == [("emergency_relief", 12), ("emergency_relief", 3e9)]
