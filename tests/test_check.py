"""The arithmetic checks: tables of sentences and the findings they give
(tests/tables/checks.yaml, no_checks.yaml), every entry of rules/checks.yaml,
the dataset's check columns, and the seed articles' two inconsistencies."""
import pytest
import yaml
from conftest import table

from pipeline import extract_text, rules
from pipeline.checks.arithmetic import MISMATCH, OK, check_figures
from pipeline.io.write import figures_table
from pipeline.rules import default_rules
from pipeline.text.normalise import normalise_text

VOCABULARY = yaml.safe_load((rules.RULES_DIR / "checks.yaml").read_text(encoding="utf-8"))


def _findings(text: str):
    figures = extract_text(text)
    return figures, check_figures(default_rules(), figures, normalise_text(text))


def _close(a, b) -> bool:
    return a is not None and abs(a - b) <= 1e-4 * max(1.0, abs(b))


@pytest.mark.parametrize("row", table("checks"), ids=lambda r: r["case"])
def test_checks(row):
    figures, findings = _findings(row["text"])
    got = [(f.kind, f.status) for f in findings]
    assert got == [(e["kind"], e["status"]) for e in row["findings"]], [f.note for f in findings]
    for finding, expected in zip(findings, row["findings"]):
        for key in ("stated", "computed"):
            if key in expected:
                assert _close(getattr(finding, key), expected[key]), (key, finding)
        assert finding.quote == normalise_text(row["text"])[finding.char_start : finding.char_end]
        assert finding.note
    if "statuses" in row:
        assert [f.check_status for f in figures] == row["statuses"]


@pytest.mark.parametrize("text", table("no_checks"))
def test_no_checks(text):
    figures, findings = _findings(text)
    assert findings == []
    assert all(f.check_status is None and f.check_note is None for f in figures)


# --- one row per entry of rules/checks.yaml -----------------------------------------

@pytest.mark.parametrize("word", VOCABULARY["remainder_words"])
def test_every_remainder_word(word):
    _, findings = _findings(f"Năm 2024, kế hoạch vốn 100 tỷ đồng, đã giải ngân 60 tỷ đồng, {word} 45 tỷ đồng.")
    assert [(f.kind, f.status, f.computed) for f in findings] == [("remainder", MISMATCH, 40e9)]


@pytest.mark.parametrize("word", VOCABULARY["plan_words"])
def test_every_plan_word(word):
    _, findings = _findings(f"Năm 2024, {word} 100 tỷ đồng, đã giải ngân 60 tỷ đồng, còn lại 40 tỷ đồng.")
    assert [(f.kind, f.status) for f in findings] == [("remainder", OK)]


@pytest.mark.parametrize("marker", VOCABULARY["parts"]["exhaustive_markers"])
def test_every_exhaustive_marker(marker):
    _, findings = _findings(f"Năm 2024, tỉnh tuyển sinh 9.000 người, {marker}: cao đẳng 500 người, trung cấp 1.200 người.")
    assert [(f.kind, f.status) for f in findings] == [("parts", MISMATCH)]


@pytest.mark.parametrize("marker", VOCABULARY["parts"]["partial_markers"])
def test_every_partial_marker(marker):
    _, findings = _findings(
        f"Năm 2024, tỉnh tuyển sinh 9.000 người, gồm nhiều trình độ, {marker} cao đẳng 500 người, trung cấp 1.200 người."
    )
    assert [(f.kind, f.status) for f in findings] == [("parts", OK)]


@pytest.mark.parametrize("group", VOCABULARY["parts"]["overlapping_groups"])
def test_every_overlapping_group(group):
    # 500 + 450 exceed 800: a mismatch, unless the parts may overlap.
    _, findings = _findings(
        f"Năm 2024, toàn tỉnh hỗ trợ 800 người, trong đó 500 người thuộc nhóm {group}, 450 người đã nghỉ hưu."
    )
    assert [(f.kind, f.status) for f in findings] == [("parts", OK)]


NOUN_OF_UNIT = {
    "person": "người",
    "person_time": "lượt người",
    "household": "hộ",
    "case": "trường hợp",
    "house": "căn nhà",
    "count": "phiên giao dịch việc làm",
}


@pytest.mark.parametrize("unit", VOCABULARY["whole_units"])
def test_every_whole_unit(unit):
    figures, findings = _findings(f"Trong năm, tỉnh thực hiện 7 {NOUN_OF_UNIT[unit]}, đạt 35,2% kế hoạch.")
    assert [f.unit for f in figures] == [unit]
    assert [(f.kind, f.status) for f in findings] == [("implied_plan", MISMATCH)]


# --- the dataset and the seed articles -------------------------------------------------

def test_dataset_carries_the_check():
    text = "Tỉnh có 23.758/23.279 người tham gia BHXH bắt buộc, đạt 102,5% kế hoạch; 91/80 người cai nghiện, đạt 113,75% kế hoạch."
    rows = figures_table(extract_text(text)).to_pylist()
    assert [r["check_status"] for r in rows] == ["mismatch", "ok"]
    assert "102,06%" in rows[0]["check_note"] and "102,5%" in rows[0]["check_note"]


def test_seed_inconsistencies_and_nothing_else(corpus_texts):
    """Quảng Nam's unallocated capital and Bắc Kạn's compulsory insurance rate
    are the only numbers of the seeds that another contradicts."""
    mismatches = []
    for doc_id, raw in corpus_texts.items():
        figures, findings = _findings(raw)
        mismatches += [(doc_id[:3], f.kind, f.quote) for f in findings if f.status == MISMATCH]
        assert {f.check_status for f in figures} <= {None, "ok", "mismatch", "unverifiable"}
    assert [(doc, kind) for doc, kind, _ in mismatches] == [("000", "remainder"), ("002", "percent_of_plan")]
    assert mismatches[0][2].endswith("Vốn còn lại chưa phân bổ: 16,024 tỷ đồng")
    assert mismatches[1][2] == "23.758/23.279 người tham gia BHXH bắt buộc, đạt 102,5%"
