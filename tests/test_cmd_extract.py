"""The `extract` command line: usage errors are one line and exit 2, --help explains every option."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "corpus").glob("*.txt"))[0]


def setup_folders(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.md").write_text("ghi chú", encoding="utf-8")
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "file.parquet").write_bytes(b"PAR1")


# (arguments, words the one-line error must hold)
USAGE_ERRORS = [
    (["missing-folder"], "missing-folder: no such file or folder"),
    (["a.txt", "missing.txt"], "missing.txt: no such file or folder"),
    (["empty"], "empty: no article files"),
    (["other"], "other: no article files"),
    (["a.txt", "--out", "file.parquet"], "is a file, not a dataset directory"),
    (["a.txt", "--engine", "local", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
]


@pytest.mark.parametrize("args, message", USAGE_ERRORS)
def test_usage_error_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys, args, message):
    setup_folders(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["extract", *args, "--no-progress"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and message in err and "\n" not in err


@pytest.mark.parametrize("args", [["--jobs", "0"], ["--batch-size", "many"], ["--engine", "spark"]])
def test_bad_option_value_exits_2(tmp_path, capsys, args):
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(tmp_path), *args])
    assert exit_.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_help_explains_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    text = capsys.readouterr().out
    for option in ("--out", "--jobs", "--engine", "--scheduler", "--prune", "--batch-size", "--max-bytes", "--no-progress"):
        assert option in text
    assert "errors.jsonl" in text and "doc_id" in text


def test_single_file_doc_id_is_its_name_and_console_script_runs(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(SEED, tmp_path / "in" / "bai.txt")
    script = Path(sys.executable).with_name("vn-figures")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]
    done = subprocess.run([*command, "extract", str(tmp_path / "in" / "bai.txt"), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "extract: 1 article (1 extracted, 0 unchanged)" in done.stdout
    import pandas as pd
    assert set(pd.read_parquet(tmp_path / "o").doc_id) == {"bai.txt"}
