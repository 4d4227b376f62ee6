"""detect_province: tests/tables/provinces.yaml, every province of the
gazetteer by its own name, and the seed articles against their gold (each
entry of rules/provinces.yaml has its row in tests/tables/entries/)."""
import json

import pytest
from conftest import ROOT, table

from pipeline import Article
from pipeline.meaning.province import detect_province
from pipeline.rules import default_rules
from pipeline.text.document import build_document
from pipeline.text.normalise import normalise_text


def province_of(text: str, title: str | None = None):
    article = Article("", normalise_text(text), title and normalise_text(title))
    return detect_province(build_document(article))

_TABLE = table("provinces")


def _rows(*groups):
    return [row for g in groups for row in _TABLE[g]]


@pytest.mark.parametrize("text, province", _rows("aliases", "outlet_tags", "weighed", "districts"), ids=lambda v: str(v)[:40])
def test_detect_province(text, province):
    found = province_of(text)
    assert found is not None and found.name == province


@pytest.mark.parametrize("text, title, province", _TABLE["titled"], ids=lambda v: str(v)[:40])
def test_title_weighs_most(text, title, province):
    assert province_of(text, title).name == province


@pytest.mark.parametrize("text", _TABLE["none"])
def test_no_province(text):
    assert province_of(text) is None


def test_gazetteer_is_the_official_list():
    provinces = default_rules().provinces.provinces.values()
    assert len(provinces) == 63
    assert len({p.code for p in provinces}) == 63
    assert len({p.name_2025 for p in provinces}) == 34


@pytest.mark.parametrize("name", sorted(default_rules().provinces.provinces))
def test_every_province_by_its_name(name):
    assert province_of(f"Sở Lao động - Thương binh và Xã hội tỉnh {name} tổ chức hội nghị.").name == name


@pytest.mark.parametrize(
    "text, name, code, name_2025",
    [
        ("tỉnh Bắc Kạn", "Bắc Kạn", "06", "Thái Nguyên"),
        ("tỉnh Quảng Nam", "Quảng Nam", "49", "Đà Nẵng"),
        ("TT-Huế", "Thừa Thiên Huế", "46", "Huế"),
        ("TP.HCM", "Hồ Chí Minh", "79", "Hồ Chí Minh"),
        ("tỉnh Bình Dương", "Bình Dương", "74", "Hồ Chí Minh"),
        ("tỉnh Lâm Đồng", "Lâm Đồng", "68", "Lâm Đồng"),
    ],
)
def test_codes_and_2025_provinces(text, name, code, name_2025):
    found = province_of(text)
    assert (found.name, found.code, found.name_2025) == (name, code, name_2025)


def _seeds():
    with open(ROOT / "tests" / "gold" / "seeds.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.mark.parametrize("gold", _seeds(), ids=lambda g: g["doc_id"])
def test_seed_articles(gold):
    text = (ROOT / "corpus" / gold["doc_id"]).read_text(encoding="utf-8")
    assert province_of(text).name == gold["province"]


@pytest.mark.parametrize(
    "names",
    [
        ["Huyện Lâm Hà", "Xã Hoà Bình", "Phường\u00a0 Thuỷ\tXuân", "Thị trấn Quế", "xã Đắk\u200b Mil"],
        ["Xã Hoà Bình", "Xã A\nB", "Huyện Lâm Hà"],  # a line break inside a name: each alone
        ["Xã A\r\nB", "X\u2028Y"],
        [],
    ],
)
def test_place_names_normalised_together_are_each_as_alone(names):
    from pipeline.meaning.province import _normalised_each

    assert _normalised_each(names) == [normalise_text(name) for name in names]


def test_every_place_name_of_underthesea_normalised_together_is_as_alone():
    from pipeline.meaning.province import _mapping, _normalised_each

    names = list(dict.fromkeys(row[f] for row in _mapping()["ward_mapping"] for f in ("old_district", "old_ward", "new_ward")))
    assert len(names) > 5000
    assert _normalised_each(names) == [normalise_text(name) for name in names]
