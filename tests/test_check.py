"""The arithmetic checks: tables of sentences and the findings they give
(tests/tables/checks.yaml, no_checks.yaml), the message catalogue, the
dataset's check columns, and the seed articles' two inconsistencies. Each
entry of rules/checks.yaml has its row in tests/tables/entries/."""
import string

import pytest
from conftest import table

from pipeline import extract_text
from pipeline.checks import messages
from pipeline.checks.arithmetic import check_figures
from pipeline.checks.findings import KINDS, MISMATCH, STATUSES, Finding
from pipeline.extract import extract_checked
from pipeline.io.write import figures_table
from pipeline.model import Article
from pipeline.text.document import build_document
from pipeline.text.normalise import normalise_text


def _findings(text: str):
    return extract_checked(Article("", normalise_text(text)))


def _close(a, b) -> bool:
    return a is not None and abs(a - b) <= 1e-4 * max(1.0, abs(b))


@pytest.mark.parametrize("row", table("checks"), ids=lambda r: r["case"])
def test_checks(row):
    figures, findings = _findings(row["text"])
    got = [(f.kind, f.status, f.message) for f in findings]
    assert got == [(e["kind"], e["status"], e["message"]) for e in row["findings"]], [f.note for f in findings]
    for finding, expected in zip(findings, row["findings"]):
        for key in ("stated", "computed"):
            if key in expected:
                assert _close(getattr(finding, key), expected[key]), (key, finding)
        assert finding.quote == normalise_text(row["text"])[finding.char_start : finding.char_end]
        if "quote" in expected:
            assert finding.quote == expected["quote"]
        assert finding.note == finding.note_in("en")
        assert finding.note_in("vi") != finding.note  # every note is translated
    if "statuses" in row:
        assert [f.check_status for f in figures] == row["statuses"]


@pytest.mark.parametrize("text", table("no_checks"))
def test_no_checks(text):
    figures, findings = _findings(text)
    assert findings == []
    assert all(f.check_status is None and f.check_note is None for f in figures)


@pytest.mark.parametrize(("text", "why"), [
    ("Năm 2024 giải quyết việc làm cho 5.000 lao động\nToàn tỉnh đưa 6.000 lao động đi làm việc ở nước ngoài.", "another block"),
    ("Giai đoạn 2021-2025, tỉnh đưa 5.000 lao động đi làm việc ở nước ngoài; năm 2024, tỉnh đưa 6.000 lao động.", "another period"),
])
def test_parts_never_across_blocks_or_periods(text, why):
    """Whatever the extractor links, a part in another block or period than
    its total is not checked against it."""
    article = Article("", normalise_text(text))
    figures, _ = extract_checked(article)
    assert [f.part_of for f in figures] == [None, None]
    figures[1].part_of = 0  # as if the extractor had linked them
    assert check_figures(build_document(article), figures) == [], why


# --- the message catalogue ---------------------------------------------------------

def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("message", sorted(messages.NOTES))
def test_every_note_in_both_languages(message):
    texts = messages.NOTES[message]
    assert set(texts) == set(messages.LANGUAGES)
    assert _fields(texts["en"]) == _fields(texts["vi"])


def test_every_status_and_kind_has_labels():
    assert set(messages.STATUS_LABELS) == set(STATUSES)
    assert set(messages.KIND_LABELS) == set(KINDS)
    assert [messages.status_label(s, "vi") for s in STATUSES] == ["lệch", "thiếu phần", "không kiểm được", "khớp"]
    assert messages.kind_label("conflict", "vi") == "số liệu mâu thuẫn"


def test_a_finding_without_a_message_shows_its_note():
    # as the dataset's conflicts may be made: the English note in every language
    finding = Finding("conflict", MISMATCH, 1.0, 2.0, 0, 1, "x", "two values for one fact", (0,))
    assert finding.note_in("vi") == "two values for one fact"
    assert messages.status_label("new_status", "vi") == "new_status"


@pytest.mark.parametrize(("environ", "lang"), [
    ({"LANG": "vi_VN.UTF-8"}, "vi"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, "vi"),
    ({"LC_ALL": "C", "LANG": "vi_VN.UTF-8"}, "en"),
    ({"LC_MESSAGES": "vi_VN", "LANG": "en_US.UTF-8"}, "vi"),
    ({}, "en"),
])
def test_language_from_the_locale(environ, lang):
    assert messages.default_language(environ) == lang


@pytest.mark.parametrize(("name", "status"), [("lệch", "mismatch"), ("Thiếu phần", "partial"), ("ok", "ok"), ("khớp", "ok"), ("bad", None)])
def test_status_named_in_either_language(name, status):
    assert messages.status_named(name) == status


# --- the dataset and the seed articles -------------------------------------------------

def test_dataset_carries_the_check():
    text = "Tỉnh có 23.758/23.279 người tham gia BHXH bắt buộc, đạt 102,5% kế hoạch; 91/80 người cai nghiện, đạt 113,75% kế hoạch."
    rows = figures_table(extract_text(text)).to_pylist()
    assert [r["check_status"] for r in rows] == ["mismatch", "ok"]
    assert "102,06%" in rows[0]["check_note"] and "102,5%" in rows[0]["check_note"]
    assert rows[0]["check_note_vi"].startswith("tỷ lệ đạt kế hoạch: ") and "102,06%" in rows[0]["check_note_vi"]


def test_notes_write_a_bare_total_in_the_unit_it_counts():
    # 820 is bare, a part of 3.250 người; 700 người a part of 820 in parentheses.
    text = "Toàn huyện có 3.250 người có công, trong đó, thương binh: 820 (còn sống 700 người); bệnh binh: 310."
    rows = {r["quote"]: r for r in figures_table(extract_text(text)).to_pylist()}
    assert rows["700 người"]["part_of"] == rows["820"]["figure_id"]
    note = rows["700 người"]["check_note"]
    assert "700 người" in note and "820 người" in note and "person" not in note
    # the labelled items are checked past their semicolons, as the extractor links them
    assert "1.130 người of 3.250 người" in rows["3.250 người"]["check_note"]


def test_seed_inconsistencies_and_nothing_else(corpus_texts):
    """Quảng Nam's unallocated capital and Bắc Kạn's compulsory insurance rate
    are the only numbers of the seeds that another contradicts."""
    mismatches = []
    for doc_id, raw in corpus_texts.items():
        figures, findings = _findings(raw)
        mismatches += [(doc_id[:3], f.kind, f.quote) for f in findings if f.status == MISMATCH]
        assert {f.check_status for f in figures} <= {None, *STATUSES}
    assert [(doc, kind) for doc, kind, _ in mismatches] == [("000", "remainder"), ("002", "percent_of_plan")]
    assert mismatches[0][2].endswith("Vốn còn lại chưa phân bổ: 16,024 tỷ đồng")
    assert mismatches[1][2] == "23.758/23.279 người tham gia BHXH bắt buộc, đạt 102,5%"
