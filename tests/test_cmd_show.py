"""The `show` command: one line per figure within the width; bad input is one line and exit 2."""
import pytest

from pipeline.cli import main

ARTICLE = (
    "Toàn tỉnh giải quyết việc làm cho 7.000/6.400 người, đạt 109,4% kế hoạch. "
    "Đã đưa 1.115 lao động đi làm việc ở nước ngoài theo hợp đồng.\n"
)


def test_one_line_per_figure(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["show", str(path), "--width", "100"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("a.txt  2 figures")
    assert "jobs_created" in lines[2] and "7.000" in lines[2] and "6.400" in lines[2] and "109,4" in lines[2]
    assert "workers_abroad" in lines[3] and "1.115 lao động" in lines[3]
    assert all(len(line) <= 100 for line in lines[1:])


# (what to write at the path, or None for no file; words of the one-line error)
BAD = [(None, "no such file"), (b"", "empty"), (b"   \n", "no text")]


@pytest.mark.parametrize("content, message", BAD)
def test_bad_article(tmp_path, capsys, content, message):
    path = tmp_path / "a.txt"
    if content is not None:
        path.write_bytes(content)
    assert main(["show", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err
