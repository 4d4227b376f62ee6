"""`evaluate --groups TABLE.tsv:COLUMN`: each group of articles (the sector
of each) scored on a line of its own, with thresholds that hold for one
group, and clear errors for a table or threshold that cannot be used."""
import json

import pytest

from pipeline.cli import main
from pipeline.gold.evaluate import GoldError, read_groups, score

FARMING = "Năm 2023, tổng diện tích gieo trồng lúa của tỉnh đạt 215.400 ha, năng suất bình quân 62,5 tạ/ha."
LABOUR = "Năm 2023, toàn tỉnh giải quyết việc làm cho 7.000 người, tuyển sinh đào tạo nghề cho 1.250 học viên."
GOLD = [
    {
        "doc_id": "n1.txt",
        "province": None,
        "figures": [
            {"quote": "215.400 ha", "value": 215400, "unit": "hectare", "period_end": "2023-12-31"},
            {"quote": "62,5 tạ/ha", "value": 6250, "unit": "kg", "period_end": "2023-12-31"},
        ],
    },
    {
        "doc_id": "x1.txt",
        "province": None,
        "figures": [
            {"quote": "7.000 người", "value": 7000, "unit": "person", "period_end": "2023-12-31"},
            {"quote": "1.250 học viên", "value": 1250, "unit": "person", "period_end": "2023-12-31"},
            # not in the text: the social group misses one of three
            {"quote": "300 hộ", "value": 300, "unit": "household", "period_end": "2023-12-31"},
        ],
    },
]


@pytest.fixture
def gold_set(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "n1.txt").write_text(FARMING, encoding="utf-8")
    (tmp_path / "articles" / "x1.txt").write_text(LABOUR, encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in GOLD), encoding="utf-8")
    (tmp_path / "SOURCES.tsv").write_text("file\turl\tdomain\nn1.txt\thttp://a\tout\nx1.txt\thttp://b\tin\n", encoding="utf-8")
    return tmp_path


def _args(root, *more):
    return ["evaluate", str(root / "gold.jsonl"), "--articles", str(root / "articles"), "--groups", f"{root / 'SOURCES.tsv'}:domain", *more]


def test_a_line_per_group(gold_set, capsys):
    assert main(_args(gold_set)) == 0
    out = capsys.readouterr().out.splitlines()
    groups = {line.split()[1]: line for line in out if line.startswith("  group ")}
    assert set(groups) == {"in", "out"}
    assert "(1 article)" in groups["in"] and "(1 article)" in groups["out"]
    assert "recall 1.000" in groups["out"] and "recall 0.667" in groups["in"]
    assert any(line.lstrip().startswith("n1.txt") for line in out)


def test_thresholds_of_one_group(gold_set, capsys):
    assert main(_args(gold_set, "--min-f1", "out=0.95")) == 0
    assert main(_args(gold_set, "--min-f1", "out=0.95", "--min-f1", "in=0.95")) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "FAILED: f1 of group in 0.800 < 0.95"
    assert main(_args(gold_set, "--min-f1", "0.9")) == 1  # over all articles: 4 of 5


def test_summary_leaves_out_the_articles(gold_set, capsys):
    assert main(_args(gold_set, "--summary")) == 0
    out = capsys.readouterr().out
    assert "group out" in out and "n1.txt" not in out and "x1.txt" not in out


@pytest.mark.parametrize(
    "more, message",
    [
        (["--min-f1", "out=high"], "--min-f1 out=high: give a number, or GROUP=number"),
        (["--min-f1", "sea=0.9"], "no article of the gold is in group 'sea' (its groups: in, out)"),
    ],
)
def test_bad_thresholds_are_named(gold_set, capsys, more, message):
    assert main(_args(gold_set, *more)) == 2
    assert message in capsys.readouterr().err


def test_a_group_threshold_needs_groups(gold_set, capsys):
    args = ["evaluate", str(gold_set / "gold.jsonl"), "--articles", str(gold_set / "articles"), "--min-f1", "out=0.9"]
    assert main(args) == 2
    assert "a group's threshold needs --groups" in capsys.readouterr().err


@pytest.mark.parametrize(
    "spec, message",
    [
        ("SOURCES.tsv:sector", "no column 'sector' (its columns: file, url, domain)"),
        ("NONE.tsv:domain", "no such table of groups"),
        ("SOURCES.tsv", "give the table and its column, as TABLE.tsv:COLUMN"),
    ],
)
def test_bad_group_tables_are_named(gold_set, capsys, spec, message):
    args = ["evaluate", str(gold_set / "gold.jsonl"), "--articles", str(gold_set / "articles"), "--groups", str(gold_set / spec)]
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_groups_of_a_report(gold_set):
    group_of = read_groups(gold_set / "SOURCES.tsv", "domain")
    assert group_of == {"n1.txt": "out", "x1.txt": "in"}
    rows = [{"doc_id": "sub/n1.txt", "value": 215400, "unit": "hectare", "char_start": 0}]
    groups = score(GOLD, rows).groups(group_of)
    assert [(name, len(r.articles), r.recall) for name, r in groups.items()] == [("in", 1, 0.0), ("out", 1, 0.5)]


def test_articles_in_no_group_are_counted(gold_set, capsys):
    (gold_set / "SOURCES.tsv").write_text("file\tdomain\nn1.txt\tout\nx1.txt\t\n", encoding="utf-8")
    assert main(_args(gold_set)) == 0
    assert "  1 article in no group" in capsys.readouterr().out.splitlines()


def test_unreadable_group_table(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(GoldError, match="t.tsv"):
        read_groups(path, "domain")
