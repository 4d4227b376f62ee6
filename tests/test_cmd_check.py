"""`python -m pipeline check`: findings listed mismatches first, JSON for
machines, and an exit status an editorial workflow can gate on."""
import json

from conftest import ROOT

from pipeline.cli import main
from pipeline.text.normalise import normalise_text

BAC_KAN = str(ROOT / "corpus" / "002_14133727df29d6d0.txt")
NO_MISMATCH = str(ROOT / "corpus" / "003_808781c3624d5653.txt")
KEYS = {"doc_id", "kind", "status", "stated", "computed", "char_start", "char_end", "quote", "note"}


def test_mismatch_exits_1_and_comes_first(capsys):
    assert main(["check", BAC_KAN]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["status", "check", "where", "what"]
    assert lines[1].split()[:3] == ["mismatch", "percent_of_plan", "002_14133727df29d6d0.txt:1489"]
    assert "stated 102,5% of plan, but 23.758/23.279 = 102,06%" in lines[1]
    assert lines[2].strip() == "“23.758/23.279 người tham gia BHXH bắt buộc, đạt 102,5%”"
    assert all(not line.startswith("mismatch") for line in lines[3:])
    assert lines[-1] == "1 article, 29 figures, 11 checks: 1 mismatch, 0 unverifiable, 10 ok"


def test_json_findings(capsys):
    assert main(["check", BAC_KAN, "--format", "json"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert all(set(r) == KEYS for r in records)
    first = records[0]
    assert (first["status"], first["kind"], first["stated"], round(first["computed"], 2)) == ("mismatch", "percent_of_plan", 102.5, 102.06)
    text = normalise_text(open(BAC_KAN, encoding="utf-8").read())
    assert all(text[r["char_start"] : r["char_end"]] == r["quote"] for r in records)


def test_nothing_contradicted_exits_0(capsys):
    assert main(["check", NO_MISMATCH, "--format", "json"]) == 0
    assert [r["status"] for r in json.loads(capsys.readouterr().out)] == ["ok"]


def test_unreadable_input_is_reported_and_exits_3(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text(open(NO_MISMATCH, encoding="utf-8").read(), encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 3
    assert "skipped " in capsys.readouterr().err


def test_missing_input_is_a_one_line_error(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nothing.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
