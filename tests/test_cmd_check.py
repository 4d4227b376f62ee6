"""`python -m pipeline check`: findings listed mismatches first, `where` as
file:line:column, `--only`, `--lang` (and the locale), JSON for machines,
and an exit status an editorial workflow can gate on."""
import json
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline.cli import main
from pipeline.text.normalise import normalise_text

BAC_KAN = str(ROOT / "corpus" / "002_14133727df29d6d0.txt")
NO_MISMATCH = str(ROOT / "corpus" / "003_808781c3624d5653.txt")
KEYS = {"doc_id", "kind", "status", "stated", "computed", "char_start", "char_end", "line", "column", "quote", "note"}


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


def test_mismatch_exits_1_and_comes_first(capsys):
    assert main(["check", BAC_KAN]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["status", "check", "where", "what"]
    # line 11 of the article, after "Tỉnh có "
    assert lines[1].split()[:3] == ["mismatch", "percent_of_plan", "002_14133727df29d6d0.txt:11:9"]
    assert "stated 102,5% of plan, but 23.758/23.279 = 102,06%" in lines[1]
    assert lines[2].strip() == "“23.758/23.279 người tham gia BHXH bắt buộc, đạt 102,5%”"
    assert lines[3].split()[:2] == ["partial", "parts"]
    assert "1.200 người, is within the total 8.500 người: 7.300 người not accounted for" in lines[3]
    assert all(not line.startswith("mismatch") for line in lines[3:])
    assert lines[-1] == "1 article, 29 figures, 11 checks: 1 mismatch, 1 partial, 0 unverifiable, 9 ok"


def test_where_is_line_and_column(capsys):
    assert main(["check", BAC_KAN, "--format", "json"]) == 1
    text = normalise_text(Path(BAC_KAN).read_text(encoding="utf-8"))
    for r in json.loads(capsys.readouterr().out):
        line = text.split("\n")[r["line"] - 1]
        assert line[r["column"] - 1 :].startswith(r["quote"].split("\n")[0])


def test_a_long_quote_keeps_its_start_and_end(capsys):
    main(["check", BAC_KAN, "--only", "ok"])
    lines = capsys.readouterr().out.splitlines()
    quote = next(line.strip() for line in lines if "trình độ" in line)
    assert quote.startswith("“8.500/6.000 người, đạt 141,7% kế hoạch (trong đó trình độ ")
    assert quote.endswith(" … 1.715; dưới 3 tháng: 6481”")


def test_only_lists_the_statuses_asked_for(capsys):
    assert main(["check", BAC_KAN, "--only", "mismatch,partial"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[1:-1:2]] == ["mismatch", "partial"]
    assert lines[-1].endswith("9 ok (listed: mismatch, partial)")


def test_only_ok_still_exits_1_on_a_mismatch(capsys):
    assert main(["check", BAC_KAN, "--only", "ok", "--format", "json"]) == 1
    assert {r["status"] for r in json.loads(capsys.readouterr().out)} == {"ok"}


def test_only_takes_vietnamese_names(capsys):
    assert main(["check", BAC_KAN, "--only", "lệch", "--format", "json"]) == 1
    assert [r["status"] for r in json.loads(capsys.readouterr().out)] == ["mismatch"]


def test_only_an_unknown_status_is_a_usage_error(capsys):
    assert main(["check", BAC_KAN, "--only", "mismatch,wrong"]) == 2
    err = capsys.readouterr().err
    assert err == "error: --only: unknown status 'wrong' (one of: mismatch, partial, unverifiable, ok)\n"


def test_lang_vi_translates_the_table(capsys):
    assert main(["check", BAC_KAN, "--lang", "vi"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["kết", "quả", "phép", "kiểm", "vị", "trí", "nội", "dung"]
    assert lines[1].startswith("lệch ")
    assert "tỷ lệ đạt kế hoạch" in lines[1]
    assert "bài nêu đạt 102,5% kế hoạch, nhưng 23.758/23.279 = 102,06%" in lines[1]
    assert lines[3].startswith("thiếu phần ")
    assert lines[-1] == "1 bài, 29 số liệu, 11 phép kiểm: 1 lệch, 1 thiếu phần, 0 không kiểm được, 9 khớp"


def test_lang_defaults_to_the_locale(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    main(["check", BAC_KAN])
    assert capsys.readouterr().out.splitlines()[1].startswith("lệch ")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    main(["check", BAC_KAN])
    assert capsys.readouterr().out.splitlines()[1].startswith("mismatch ")


def test_json_findings(capsys):
    assert main(["check", BAC_KAN, "--format", "json"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert all(set(r) == KEYS for r in records)
    first = records[0]
    assert (first["status"], first["kind"], first["stated"], round(first["computed"], 2)) == ("mismatch", "percent_of_plan", 102.5, 102.06)
    assert (first["line"], first["column"]) == (11, 9)
    text = normalise_text(Path(BAC_KAN).read_text(encoding="utf-8"))
    assert all(text[r["char_start"] : r["char_end"]] == r["quote"] for r in records)


def test_json_keeps_english_keys_and_values_the_note_follows_lang(capsys):
    main(["check", BAC_KAN, "--format", "json", "--lang", "vi"])
    first = json.loads(capsys.readouterr().out)[0]
    assert (first["status"], first["kind"]) == ("mismatch", "percent_of_plan")
    assert first["note"] == "bài nêu đạt 102,5% kế hoạch, nhưng 23.758/23.279 = 102,06%"


def test_nothing_contradicted_exits_0(capsys):
    assert main(["check", NO_MISMATCH, "--format", "json"]) == 0
    assert [r["status"] for r in json.loads(capsys.readouterr().out)] == ["unverifiable"]


def test_unreadable_input_is_reported_and_exits_3(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text(Path(NO_MISMATCH).read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 3
    assert "skipped " in capsys.readouterr().err


def test_missing_input_is_a_one_line_error(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nothing.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_help_names_every_status_and_option(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    for word in ("ok", "mismatch", "partial", "unverifiable", "--only", "--lang", "line", "column"):
        assert word in out
