"""The habits people bring to a command line (issue 11): --version, -o and -j,
`-` for standard input, the program named as invoked, a command's own usage
on its mistakes, `show` on folders and .jsonl files, whole lines into a pipe,
plural forms, the exit statuses in every --help, and a word when a text does
not read as Vietnamese."""
import io
import json
import re
import subprocess
import sys
import tomllib

import pyarrow.parquet as pq
import pytest
from conftest import ROOT, table

from pipeline.cli import COMMANDS, build_parser, main, program_name
from pipeline.cli.common import EXIT_MEANINGS
from pipeline.io.language import SCHEMA as LANGUAGE
from pipeline.io.language import bare, language_note
from pipeline.rules import default_rules
from pipeline.text.normalise import normalise_text

ONE_FIGURE = "Toàn tỉnh giải quyết việc làm cho 7.000/6.400 người, đạt 109,4% kế hoạch.\n"
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def stdin(monkeypatch, data: str | bytes) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True)


# --- --version, -o, -j ---------------------------------------------------------------

def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip().endswith(f" {VERSION}")


# (arguments, the option's name in the Namespace, its value)
SHORT_OPTIONS = [
    (["extract", "a.txt", "-o", "d.parquet"], "out", "d.parquet"),
    (["extract", "a.txt", "-j", "3"], "jobs", 3),
    (["review", "a.txt", "-o", "pages"], "out", "pages"),
    (["export", "d.parquet", "--format", "csv", "-o", "x.csv"], "out", "x.csv"),
    (["report", "d.parquet", "-o", "r"], "out", "r"),
]


@pytest.mark.parametrize("args, name, value", SHORT_OPTIONS, ids=lambda x: " ".join(x) if isinstance(x, list) else None)
def test_short_options(args, name, value):
    parser, _ = build_parser()
    assert getattr(parser.parse_args(args), name) == value


def test_extract_with_short_options(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(ONE_FIGURE, encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "d.parquet"), "-j", "1", "--no-progress"]) == 0
    assert (tmp_path / "d.parquet").is_dir()


# --- `-` reads standard input ---------------------------------------------------------

def test_extract_reads_standard_input(tmp_path, monkeypatch, capsys):
    import pandas as pd

    stdin(monkeypatch, ONE_FIGURE)
    assert main(["extract", "-", "-o", str(tmp_path / "d.parquet"), "-j", "1", "--no-progress"]) == 0
    df = pd.read_parquet(tmp_path / "d.parquet")
    assert (list(df.doc_id), list(df.value), list(df.target)) == (["stdin"], [7000.0], [6400.0])
    assert pd.read_parquet(tmp_path / "d.articles.parquet").path.tolist() == ["-"]


def test_extract_reads_json_lines_from_standard_input(tmp_path, monkeypatch, capsys):
    import pandas as pd

    lines = [{"id": "a", "text": ONE_FIGURE}, {"id": "b", "text": "Toàn tỉnh có 1.250 hộ nghèo."}]
    stdin(monkeypatch, "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    assert main(["extract", "-", "-o", str(tmp_path / "d.parquet"), "-j", "1", "--no-progress"]) == 0
    assert sorted(set(pd.read_parquet(tmp_path / "d.parquet").doc_id)) == ["stdin#a", "stdin#b"]


def test_show_reads_a_page_from_standard_input(monkeypatch, capsys):
    stdin(monkeypatch, f"<html><head><title>Việc làm</title></head><body><article><p>{ONE_FIGURE}</p></article></body></html>")
    assert main(["show", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("stdin  1 figure") and "7.000/6.400 người" in out


def test_check_reads_standard_input(monkeypatch, capsys):
    stdin(monkeypatch, "Tỉnh có 23.758/23.279 người tham gia BHXH bắt buộc, đạt 102,5% kế hoạch.\n")
    assert main(["check", "-", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "stdin:1:9" in out and "stated 102,5% of plan" in out


def test_the_program_exits_with_the_command_status_and_all_its_output(tmp_path):
    # `python -m pipeline` exits without tearing its heap down: the status and
    # every line written to a pipe must still be there.
    article = "Tỉnh có 23.758/23.279 người tham gia BHXH bắt buộc, đạt 102,5% kế hoạch.\n" * 40
    done = subprocess.run([sys.executable, "-m", "pipeline", "check", "-", "--lang", "en"], input=article,
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    assert done.stdout.count("stated 102,5% of plan") == 40
    assert done.stdout.rstrip().splitlines()[-1] == "1 article, 40 figures, 40 checks: 40 mismatch, 0 partial, 0 unverifiable, 0 ok"


def test_a_run_with_standard_output_closed_still_succeeds(tmp_path):
    (tmp_path / "a.txt").write_text(ONE_FIGURE, encoding="utf-8")
    done = subprocess.run(f"{sys.executable} -m pipeline extract {tmp_path / 'a.txt'} -o {tmp_path / 'd'} --no-progress >&-",
                          shell=True, cwd=ROOT, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    assert pq.read_table(tmp_path / "d").num_rows == 1


def test_empty_standard_input_is_a_one_line_error(monkeypatch, capsys):
    stdin(monkeypatch, b"")
    assert main(["show", "-"]) == 2
    err = capsys.readouterr().err
    assert err == "error: -: empty: nothing on standard input\n"


# --- the program's name, a command's usage ------------------------------------------------

def test_program_name_as_invoked():
    assert program_name("/usr/local/bin/vn-figures") == "vn-figures"
    assert program_name(str(ROOT / "pipeline" / "__main__.py")) == "python -m pipeline"


def test_usage_names_the_program_as_invoked():
    assert run("-m", "pipeline", "--help").stdout.startswith("usage: python -m pipeline ")
    as_script = run("-c", "import sys; sys.argv[0] = '/usr/local/bin/vn-figures'; "
                          "from pipeline.cli import main; sys.exit(main(['show', '--help']))")
    assert as_script.stdout.startswith("usage: vn-figures show ")


@pytest.mark.parametrize("args, words", [
    (["show", "a.txt", "--bogus"], "show: error: unrecognized arguments: --bogus"),
    (["extract", "a.txt", "-j", "0"], "extract: error: argument -j/--jobs: expected a whole number of at least 1"),
    (["check", "a.txt", "--lang", "fr"], "check: error: argument --lang: invalid choice: 'fr'"),
    (["report"], "report: error: the following arguments are required: DATASET, -o/--out"),
])
def test_a_commands_mistake_shows_that_commands_usage(capsys, args, words):
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 2
    err = capsys.readouterr().err
    command = args[0]
    assert re.match(rf"usage: [^\n]*\b{command} \[-h\]", err), err
    assert words in err


# --- show: folders, .jsonl, whole lines into a pipe, plural forms ----------------------------

def test_show_takes_a_folder(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(ONE_FIGURE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Toàn tỉnh có 1.250 hộ nghèo và 230 hộ cận nghèo.", encoding="utf-8")
    assert main(["show", str(tmp_path)]) == 0
    headings = [line for line in capsys.readouterr().out.splitlines() if "  province: " in line]
    assert [h.split("  province")[0] for h in headings] == ["a.txt  1 figure", "sub/b.txt  2 figures"]


def test_show_reports_a_bad_line_of_a_jsonl_and_shows_the_others(tmp_path, capsys):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"id": "a", "text": ONE_FIGURE}, ensure_ascii=False) + "\n{not json\n"
                    + json.dumps({"id": "c", "text": "Toàn tỉnh có 1.250 hộ nghèo."}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    assert main(["show", str(path)]) == 3
    out, err = capsys.readouterr()
    assert "x.jsonl#a  1 figure" in out and "x.jsonl#c  1 figure" in out
    assert "skipped " in err and "x.jsonl: bad_json: line 2: not JSON" in err


LONG = "Trong năm 2024, tỉnh đã đưa 1.115 lao động đi làm việc ở nước ngoài theo hợp đồng, đạt 85,77% kế hoạch.\n"


def test_piped_show_keeps_whole_quotes_and_words(tmp_path, capsys):
    from pipeline import extract_text

    (figure,) = extract_text(LONG)
    assert len(figure.indicator_text) > 30
    (tmp_path / "a.txt").write_text(LONG, encoding="utf-8")
    assert main(["show", str(tmp_path / "a.txt")]) == 0  # capsys: not a terminal
    row = capsys.readouterr().out.splitlines()[2]
    assert "…" not in row and figure.indicator_text in row and row.endswith(" 1.115 lao động")
    assert main(["show", str(tmp_path / "a.txt"), "--width", "90"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert all(len(r) <= 90 for r in rows) and "…" in rows[1]


def test_plural_forms(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(ONE_FIGURE, encoding="utf-8")
    assert main(["show", str(tmp_path / "in")]) == 0
    assert capsys.readouterr().out.startswith("a.txt  1 figure  ")
    assert main(["check", str(tmp_path / "in"), "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 article, 1 figure, 1 check: 0 mismatch, 0 partial, 0 unverifiable, 1 ok"
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "d.parquet"), "--no-progress", "-j", "1"]) == 0
    out = capsys.readouterr().out
    assert "extract: 1 article (1 extracted, 0 unchanged), 1 figure, 0 failures in " in out
    assert "(1 article, 1 figure)" in out
    assert main(["review", str(tmp_path / "in"), "-o", str(tmp_path / "pages"), "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("review: 1 article, 1 figure, 0 mismatches\n")


# --- exit statuses in every --help ----------------------------------------------------------

def _exit_statuses(help_text: str) -> dict[int, str]:
    block = help_text.split("exit status:\n", 1)[1]
    statuses, code = {}, None
    for line in block.splitlines():
        if m := re.match(r"  (\d+)\s+(.*)", line):
            code = int(m.group(1))
            statuses[code] = m.group(2)
        elif code is not None and line.startswith(" " * 7):
            statuses[code] += " " + line.strip()
    return statuses


@pytest.mark.parametrize("command", [c.__name__.rpartition(".")[2] for c in COMMANDS])
def test_every_help_lists_its_exit_statuses(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    statuses = _exit_statuses(capsys.readouterr().out)
    assert set(statuses) <= set(EXIT_MEANINGS)
    assert {0, 2, 4, 130, 143} <= set(statuses)
    if command in ("check", "evaluate"):
        assert 1 in statuses
    if command in ("extract", "check", "review", "show", "report"):
        assert 3 in statuses
    assert all(meaning for meaning in statuses.values())


def test_the_program_help_and_the_readme_list_every_exit_status(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    assert set(_exit_statuses(capsys.readouterr().out)) == set(EXIT_MEANINGS)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert set(int(c) for c in re.findall(r"^\| `(\d+)` \|", readme, re.M)) == set(EXIT_MEANINGS)


# --- a text that does not read as Vietnamese --------------------------------------------------

@pytest.mark.parametrize("row", table("language"), ids=lambda r: r["text"][:30])
def test_language_note(row):
    found = language_note(normalise_text(row["text"]))
    assert (found[0] if found else None) == row["reason"]


def test_every_bare_word_is_a_vietnamese_word_of_the_seeds(corpus_texts):
    words = {bare(w) for text in corpus_texts.values() for w in re.findall(r"\w+", normalise_text(text))}
    listed = default_rules().data("language", LANGUAGE)["bare_words"]
    assert [w for w in listed if w not in words] == []


def test_every_seed_reads_as_vietnamese_and_without_its_marks_does_not(corpus_texts):
    for text in corpus_texts.values():
        assert language_note(normalise_text(text)) is None
        assert language_note(bare(text))[0] == "no_diacritics"


ENGLISH = "The province created jobs for 7,000 people in 2024, reaching 109.4% of the plan set by the council.\n"
BARE = "Nam 2024, toan tinh giai quyet viec lam cho 7.000/6.400 nguoi, dat 109,4% ke hoach cua tinh.\n"


def test_extract_reports_a_text_that_is_not_vietnamese(tmp_path, capsys):
    import pandas as pd

    src = tmp_path / "in"
    src.mkdir()
    (src / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (src / "bare.txt").write_text(BARE, encoding="utf-8")
    (src / "vi.txt").write_text(ONE_FIGURE, encoding="utf-8")
    out = tmp_path / "d.parquet"
    assert main(["extract", str(src), "-o", str(out), "--no-progress", "-j", "1"]) == 0
    said, err = capsys.readouterr()
    errors = [json.loads(line) for line in (tmp_path / "d.errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted((e["doc_id"], e["reason"]) for e in errors) == [("bare.txt", "no_diacritics"), ("en.txt", "not_vietnamese")]
    assert f"extracted {src / 'en.txt'}, but not_vietnamese: does not read as Vietnamese (0 of " in err
    assert f"extracted {src / 'bare.txt'}, but no_diacritics: written without Vietnamese diacritics" in err
    assert "0 failures, 2 not Vietnamese in " in said
    assert set(pd.read_parquet(out).doc_id) >= {"en.txt", "vi.txt"}  # extracted all the same


@pytest.mark.parametrize("command", ["check", "show", "review"])
def test_other_commands_say_it_on_the_terminal(tmp_path, capsys, command):
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    extra = ["-o", str(tmp_path / "pages")] if command == "review" else []
    assert main([command, str(tmp_path / "en.txt"), *extra]) == 0
    assert "extracted en.txt, but not_vietnamese" in capsys.readouterr().err
