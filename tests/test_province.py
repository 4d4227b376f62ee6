"""detect_province: tests/tables/provinces.yaml, every province of the
gazetteer by its own name, and the seed articles against their gold."""
import json

import pytest
from conftest import ROOT, table

from pipeline import Article
from pipeline.meaning.province import _SCHEMA, detect_province
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


# Every entry of rules/provinces.yaml does what the file says.
_WORDS = default_rules().data("provinces", _SCHEMA)


@pytest.mark.parametrize("alias, province", [(a, p) for p, aliases in _WORDS["aliases"].items() for a in aliases])
def test_every_alias(alias, province):
    assert province_of(f"Người lao động tại {alias} được hỗ trợ tìm việc làm.").name == province


@pytest.mark.parametrize("tag, province", sorted(_WORDS["outlet_tags"].items()))
def test_every_outlet_tag(tag, province):
    assert province_of(f"({tag}) - Toàn tỉnh đã hỗ trợ 500 hộ nghèo xây nhà.").name == province


@pytest.mark.parametrize("prefix", _WORDS["outlet_domain_prefixes"])
def test_every_outlet_site(prefix):
    assert province_of(f"({prefix.capitalize()}quangnam.vn) - Toàn tỉnh đã hỗ trợ 500 hộ nghèo.").name == "Quảng Nam"


@pytest.mark.parametrize("word", _WORDS["place_words"])
def test_every_place_word(word):
    # a plain mention first, the place word's province after: the place word wins
    assert province_of(f"Đoàn Đà Nẵng làm việc với {word} Kon Tum về lao động.").name == "Kon Tum"


@pytest.mark.parametrize("body", _WORDS["province_bodies"])
def test_every_provincial_body(body):
    assert province_of(f"Đoàn Đà Nẵng làm việc với {body} Kon Tum về lao động.").name == "Kon Tum"


@pytest.mark.parametrize("cue", _WORDS["passing_cues"])
def test_every_passing_cue(cue):
    assert province_of(f"Lao động {cue} Đà Nẵng, Huế làm việc tại Quảng Nam.").name == "Quảng Nam"


@pytest.mark.parametrize("joiner", _WORDS["list_joiners"])
def test_every_list_joiner(joiner):
    # the province after the joiner is still in the list named in passing
    assert province_of(f"Đoàn thăm các tỉnh Đà Nẵng {joiner} Huế, rồi làm việc tại Quảng Nam.").name == "Quảng Nam"


@pytest.mark.parametrize("word", _WORDS["smaller_place_words"])
def test_every_smaller_place_word(word):
    assert province_of(f"Đoàn công tác {word} Long An làm việc tại Hà Nam.").name == "Hà Nam"


@pytest.mark.parametrize("phrase", _WORDS["not_places"])
def test_every_name_that_is_no_place(phrase):
    assert province_of(f"Bài viết về {phrase} trong lịch sử.") is None


@pytest.mark.parametrize("name", _WORDS["needs_place_word"])
def test_every_name_that_needs_a_place_word(name):
    assert province_of(f"Học tập theo tấm gương {name}.") is None
    assert province_of(f"Lao động tại thành phố {name} được hỗ trợ.") is not None


# A district or commune of one province for each level word.
_LOWER = {
    "huyện": ("Lâm Hà", "Lâm Đồng"),
    "quận": ("Ninh Kiều", "Cần Thơ"),
    "thị xã": ("Sa Pa", "Lào Cai"),
    "thành phố": ("Bảo Lộc", "Lâm Đồng"),
    "TP": ("Bảo Lộc", "Lâm Đồng"),
    "TP.": ("Bảo Lộc", "Lâm Đồng"),
    "Tp": ("Bảo Lộc", "Lâm Đồng"),
    "Tp.": ("Bảo Lộc", "Lâm Đồng"),
    "xã": ("Loan Mỹ", "Vĩnh Long"),
    "phường": ("Ninh Kiều", "Cần Thơ"),
    "thị trấn": ("Ngân Sơn", "Bắc Kạn"),
}


@pytest.mark.parametrize("word", _WORDS["district_words"] + _WORDS["ward_words"])
def test_every_lower_level_word(word):
    place, province = _LOWER[word]
    assert province_of(f"Người dân {word} {place} được hỗ trợ sinh kế.").name == province
