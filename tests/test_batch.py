"""Batch runs: the dataset, incremental re-runs, failures, jobs, engines, interrupted runs."""
import gc
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import psutil
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest
import regex

from pipeline.cli import main
from pipeline.io.dataset import DOCS_KEY, Dataset, articles_path
from pipeline.io.read import Entry
from pipeline.io.write import FIGURE_SCHEMA
from pipeline.run import batch
from pipeline.run.progress import Progress
from pipeline.text.normalise import normalise_text

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))
NEW_SENTENCE = "\nNăm 2024, toàn tỉnh giải quyết việc làm cho 7.000/6.400 người, đạt 109,4% kế hoạch.\n"
PAGE = """<html><head><title>Hỗ trợ hộ nghèo</title><meta name="date" content="2024-06-30"></head><body>
<article><p>Ủy ban nhân dân tỉnh Thanh Hóa hỗ trợ 1.250 hộ nghèo xây mới nhà ở, mỗi căn 70 triệu đồng.</p>
<p>Quỹ Đền ơn đáp nghĩa vận động được 12,5 tỷ đồng.</p></article></body></html>"""
SCRAPE = [
    {"id": "kh-1", "date": "2024-10-22", "text": "Toàn tỉnh Khánh Hòa tổ chức 54 phiên giao dịch việc làm, thu hút khoảng 3.200 lượt người."},
    {"text": "Tỷ lệ lao động qua đào tạo đạt 68,67%, trong đó có bằng cấp, chứng chỉ đạt 27,5%."},
]


def extract(*args):
    return main(["extract", *map(str, args), "--no-progress"])


def rows(out) -> pd.DataFrame:
    """The dataset's rows in a fixed order, whatever its parts."""
    df = pd.read_parquet(out)
    return df.sort_values(["doc_id", "char_start", "char_end", "value"], ignore_index=True)


def part_docs(out) -> list[str]:
    """doc_ids listed in the parts' footers: each article must stand once."""
    return [d for p in sorted(Path(out).glob("part-*.parquet")) for d, _ in json.loads(pq.ParquetFile(p).metadata.metadata[DOCS_KEY])]


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


@pytest.fixture
def folder(tmp_path):
    """The seed articles, plus a page and a scrape file in a subfolder."""
    src = tmp_path / "articles"
    (src / "thang10").mkdir(parents=True)
    for p in CORPUS:
        shutil.copy(p, src / p.name)
    (src / "thang10" / "tin.html").write_text(PAGE, encoding="utf-8")
    write_jsonl(src / "thang10" / "scrape.jsonl", SCRAPE)
    (src / "notes.md").write_text("not an article", encoding="utf-8")
    (src / ".hidden.txt").write_text("Toàn tỉnh có 5 người.", encoding="utf-8")
    return src


def test_dataset_columns_types_and_readers(folder, tmp_path, capsys):
    out = tmp_path / "out" / "figures.parquet"
    assert extract(folder, "--out", out) == 0
    summary = capsys.readouterr().out
    assert f"extract: {len(CORPUS) + 3} articles" in summary and "0 failures" in summary
    for part in out.glob("*.parquet"):
        assert pq.read_schema(part).remove_metadata() == FIGURE_SCHEMA
        # the article list once, in the footer, not again in the Arrow schema stored there
        assert DOCS_KEY in pq.ParquetFile(part).metadata.metadata and DOCS_KEY not in pq.read_schema(part).metadata
    df = rows(out)
    expected_docs = {p.name for p in CORPUS} | {"thang10/tin.html", "thang10/scrape.jsonl#kh-1", "thang10/scrape.jsonl#2"}
    assert set(df.doc_id) <= expected_docs and set(part_docs(out)) == expected_docs
    page = df[df.doc_id == "thang10/tin.html"]
    assert {(1250.0, "household"), (70e6, "VND"), (12.5e9, "VND")} <= set(zip(page.value, page.unit))
    scrape = df[df.doc_id == "thang10/scrape.jsonl#kh-1"]
    assert (54.0, "count") in set(zip(scrape.value, scrape.unit))
    assert pads.dataset(out).to_table().num_rows == len(df)
    assert duckdb.sql(f"select count(*) from read_parquet('{out}/*.parquet')").fetchall()[0][0] == len(df)
    assert (tmp_path / "out" / "figures.errors.jsonl").read_text() == ""


def test_one_and_two_jobs_write_the_same_files(folder, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert extract(folder, "--out", one, "--jobs", 1, "--batch-size", 2) == 0
    assert extract(folder, "--out", two, "--jobs", 2, "--batch-size", 2) == 0
    parts = sorted(p.name for p in one.glob("*.parquet"))
    assert len(parts) == 4 and parts == sorted(p.name for p in two.glob("*.parquet"))
    for name in parts:
        assert pq.read_table(one / name).equals(pq.read_table(two / name))
    assert part_docs(one) == part_docs(two)


def test_rerun_extracts_only_new_and_changed_articles(folder, tmp_path, capsys):
    out = tmp_path / "figures.parquet"
    assert extract(folder, "--out", out, "--batch-size", 3) == 0
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")}
    capsys.readouterr()

    assert extract(folder, "--out", out, "--batch-size", 3) == 0
    assert "(0 extracted, 8 unchanged)" in capsys.readouterr().out
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.parquet")} == before

    changed = folder / CORPUS[1].name
    changed.write_text(CORPUS[1].read_text(encoding="utf-8") + NEW_SENTENCE, encoding="utf-8")
    (folder / "thang10" / "moi.txt").write_text(CORPUS[0].read_text(encoding="utf-8") + NEW_SENTENCE, encoding="utf-8")
    write_jsonl(folder / "thang10" / "scrape.jsonl", [*SCRAPE, {"id": "kh-9", "text": "Tỉnh có 9.920 hộ/40.445 người."}])
    assert extract(folder, "--out", out, "--batch-size", 3) == 0
    assert "(3 extracted, 7 unchanged)" in capsys.readouterr().out

    fresh = tmp_path / "fresh.parquet"
    assert extract(folder, "--out", fresh) == 0
    pd.testing.assert_frame_equal(rows(out), rows(fresh))
    assert sorted(part_docs(out)) == sorted(part_docs(fresh))  # each article once
    added = rows(out)[lambda d: d.doc_id == CORPUS[1].name]
    assert (7000.0, 6400.0) in set(zip(added.value, added.target))


def test_tables_beside_are_written_again_only_when_the_dataset_changed(folder, tmp_path):
    out = tmp_path / "figures.parquet"
    beside = [out.with_name("figures.articles.parquet"), out.with_name("figures.facts.parquet")]
    assert extract(folder, "--out", out) == 0
    written = [p.stat().st_mtime_ns for p in beside]
    assert extract(folder, "--out", out) == 0  # nothing to extract: they stand as they are
    assert [p.stat().st_mtime_ns for p in beside] == written
    beside[1].unlink()  # one missing, in another version's schema, or older than a part, is written again
    assert extract(folder, "--out", out) == 0 and beside[1].exists()
    pq.write_table(pq.read_table(beside[1]).drop_columns(["agree"]), beside[1])
    assert extract(folder, "--out", out) == 0 and "agree" in pq.read_schema(beside[1]).names
    before = beside[0].stat().st_mtime_ns
    part = next(out.glob("part-*.parquet"))
    os.utime(part, ns=(before + 1, before + 1))  # as a run killed after its parts leaves it
    assert extract(folder, "--out", out) == 0
    assert beside[0].stat().st_mtime_ns != before


def test_removed_articles_stay_unless_pruned(folder, tmp_path, capsys):
    out = tmp_path / "figures.parquet"
    assert extract(folder, "--out", out) == 0
    (folder / CORPUS[0].name).unlink()
    assert extract(folder, "--out", out) == 0
    assert CORPUS[0].name in part_docs(out)
    assert extract(folder, "--out", out, "--prune") == 0
    assert "1 removed" in capsys.readouterr().out
    assert CORPUS[0].name not in part_docs(out) and CORPUS[0].name not in set(rows(out).doc_id)


def test_extractor_change_redoes_every_article(folder, tmp_path, capsys, monkeypatch):
    out = tmp_path / "figures.parquet"
    assert extract(folder, "--out", out) == 0
    monkeypatch.setattr("pipeline.run.batch.fingerprint", lambda r=None: "a newer extractor")
    capsys.readouterr()
    assert extract(folder, "--out", out) == 0
    assert "(8 extracted, 0 unchanged)" in capsys.readouterr().out
    assert sorted(part_docs(out)) == sorted(set(part_docs(out)))


BAD_FILES = {
    "anh.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 30, "binary"),
    "rong.txt": (b"", "empty"),
    "dang-tai.txt": ("Toàn tỉnh có 1.250 hộ nghèo".encode()[:-2], "truncated"),
    "cu.txt": (b"Ph\xf2ng \x81 ban", "undecodable"),
}
# Read, once its damaged byte is mended: listed in the errors file, and its rows written.
DAMAGED = ("hong.txt", "Toàn tỉnh có 1.250 hộ nghèo".encode() + b"\xff" + " và 15.701 người.".encode())


def test_unreadable_files_are_reported_and_the_rest_written(folder, tmp_path, capsys):
    good = tmp_path / "good.parquet"
    assert extract(folder, "--out", good) == 0
    for name, (raw, _) in BAD_FILES.items():
        (folder / name).write_bytes(raw)
    (folder / DAMAGED[0]).write_bytes(DAMAGED[1])
    with open(folder / "thang10" / "scrape.jsonl", "ab") as f:
        f.write(b'{"id": "kh-2", "text": "T\n')
    capsys.readouterr()
    out = tmp_path / "out" / "figures.parquet"
    assert extract(folder, "--out", out) == 3
    terminal = capsys.readouterr()
    errors = [json.loads(line) for line in (tmp_path / "out" / "figures.errors.jsonl").read_text().splitlines()]
    expected = {str(folder / n): r for n, (_, r) in BAD_FILES.items()} | {str(folder / "thang10" / "scrape.jsonl"): "bad_json"}
    assert {e["path"]: e["reason"] for e in errors} == expected | {str(folder / DAMAGED[0]): "repaired"}
    assert all(e["message"] and e["path"] in terminal.err for e in errors)
    assert "5 failures, 1 repaired" in terminal.out and "Traceback" not in terminal.err
    pd.testing.assert_frame_equal(rows(out)[lambda d: d.doc_id != DAMAGED[0]].reset_index(drop=True), rows(good))
    assert {(1250.0, "household"), (15701.0, "person")} <= set(zip(*[rows(out)[lambda d: d.doc_id == DAMAGED[0]][c] for c in ("value", "unit")]))

    for name in [*BAD_FILES, DAMAGED[0]]:
        (folder / name).unlink()
    write_jsonl(folder / "thang10" / "scrape.jsonl", SCRAPE)
    assert extract(folder, "--out", out) == 0
    assert (tmp_path / "out" / "figures.errors.jsonl").read_text() == ""


def test_second_writer_is_refused(folder, tmp_path):
    out = tmp_path / "figures.parquet"
    first = Dataset(out)
    other = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(folder), "--out", str(out)],
                           cwd=ROOT, capture_output=True, text=True)
    first.close()
    assert other.returncode == 2 and other.stderr.strip() == f"error: another run is writing to {out}"
    assert extract(folder, "--out", out) == 0


def test_a_part_gone_when_the_tables_beside_are_written_is_named(folder, tmp_path):
    # the articles and facts tables are written while the parts are read: a
    # part that cannot be read is named as the part, not as the table
    from pipeline.io.dataset import DatasetError

    out = tmp_path / "figures.parquet"
    assert main(["extract", str(folder), "--out", str(out), "--no-progress"]) == 0
    dataset = Dataset(out)
    [gone] = out.glob("part-*.parquet")
    gone.unlink()
    out.with_name("figures.articles.parquet").unlink()
    with pytest.raises(DatasetError, match=f"cannot read {regex.escape(str(gone))}"):
        dataset.close()


def test_progress_lines_when_not_on_a_terminal():
    stream = io.StringIO()
    progress = Progress(3, every=0, stream=stream)
    for _ in range(3):
        progress.advance()
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines[-1].startswith("extract: 3/3 articles (100%)") and len(lines) == 3


def test_progress_bar_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = Progress(4, stream=stream)
    progress.advance()
    progress.advance(3)
    progress.close()
    # one bar, drawn at 0 of 4 articles and redrawn in place at 4 of 4: no lines
    drawn = stream.getvalue().split("\r")[1:]
    bars = [regex.match(r"\s*(\d+)%\|.*\| (\d+)/4 \[.*art/s\]", d) for d in drawn]
    assert [b and b.groups() for b in bars] == [("0", "0"), ("100", "4")], drawn
    assert stream.getvalue().count("\n") == 1 and "extract:" not in stream.getvalue()


# --- a run killed mid-write -----------------------------------------------------

def test_killed_run_leaves_a_whole_dataset_and_the_next_run_finishes(tmp_path):
    src = tmp_path / "articles"
    src.mkdir()
    for i in range(12):
        for p in CORPUS:  # copies told apart by a last line without figures: the same content is kept once
            (src / f"{i:02d}-{p.name}").write_text(p.read_text(encoding="utf-8") + f"\nBản sao {'ABCDEFGHIJKL'[i]}.\n", encoding="utf-8")
    reference = tmp_path / "reference.parquet"
    assert extract(src, "--out", reference) == 0
    expected = rows(reference)

    out = tmp_path / "figures.parquet"
    command = [sys.executable, "-m", "pipeline", "extract", str(src), "--out", str(out), "--batch-size", "1", "--no-progress"]
    killed_mid_run = 0
    for delay, jobs in ((0.0, "1"), (0.03, "1"), (0.1, "1"), (0.25, "1"), (0.1, "2")):
        parts_before = len(list(out.glob("part-*.parquet")))
        proc = subprocess.Popen([*command, "--jobs", jobs], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(list(out.glob("part-*.parquet"))) <= parts_before and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(delay)
        workers = psutil.Process(proc.pid).children() if proc.poll() is None else []
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        killed_mid_run += proc.returncode == -signal.SIGKILL
        psutil.wait_procs(workers, timeout=10)  # a killed run's workers do not linger
        assert not [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
        docs = part_docs(out)
        assert len(docs) == len(set(docs))  # every article's rows once
        got = rows(out)  # readable, and each article present has all its rows
        pd.testing.assert_frame_equal(got, expected[expected.doc_id.isin(docs)].reset_index(drop=True))
    assert killed_mid_run and len(part_docs(out)) < len(expected.doc_id.unique())

    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert " unchanged)" in done.stdout and "(0 extracted" not in done.stdout
    pd.testing.assert_frame_equal(rows(out), expected)
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


# --- Dask ------------------------------------------------------------------------

def test_dask_local_cluster_writes_what_the_local_engine_writes(folder, tmp_path):
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert extract(folder, "--out", local, "--batch-size", 3) == 0
    assert extract(folder, "--out", dask, "--batch-size", 3, "--engine", "dask", "--jobs", 1) == 0
    for part in sorted(local.glob("*.parquet")):
        assert pq.read_table(dask / part.name).equals(pq.read_table(part))
    assert part_docs(dask) == part_docs(local)


def test_dask_scheduler_address(folder, tmp_path):
    from distributed import LocalCluster

    local, dask = tmp_path / "local", tmp_path / "dask"
    assert extract(folder, "--out", local) == 0
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                      host="127.0.0.1", dashboard_address="127.0.0.1:0") as cluster:
        assert extract(folder, "--out", dask, "--scheduler", cluster.scheduler_address) == 0
    pd.testing.assert_frame_equal(pd.read_parquet(dask), pd.read_parquet(local))


@pytest.mark.parametrize("step", ["_document_of", "document_figures", "read_meaning"])
def test_extractor_error_on_one_article_is_reported_and_the_run_goes_on(folder, tmp_path, monkeypatch, capsys, step):
    # a chunk's articles are read in three steps (their documents, their
    # figures, their meaning): an error in any is that article's alone
    from pipeline.run import batch

    real = getattr(batch, step)

    def failing_on_one(first, *rest):
        doc_id = first.doc_id if step == "_document_of" else first.article.doc_id
        if doc_id == CORPUS[2].name:
            raise ValueError("không đọc được câu này")
        return real(first, *rest)

    monkeypatch.setattr(batch, step, failing_on_one)
    out = tmp_path / "out" / "figures.parquet"
    assert extract(folder, "--out", out, "--jobs", 1) == 3
    (error,) = [json.loads(x) for x in (tmp_path / "out" / "figures.errors.jsonl").read_text().splitlines()]
    assert error["reason"] == "extract_error" and "không đọc được câu này" in error["message"]
    assert CORPUS[2].name not in part_docs(out) and len(part_docs(out)) == len(CORPUS) + 2


def test_a_row_the_schema_refuses_fails_its_article_alone(folder, tmp_path, monkeypatch):
    # a chunk's rows are converted at once; a row that cannot be is its
    # article's failure, and the other articles of the chunk keep theirs
    from pipeline.model import Figure

    clean = tmp_path / "clean" / "figures.parquet"
    assert extract(folder, "--out", clean, "--jobs", 1) == 0
    real = Figure.row

    def refused_in_one(figure):
        row = real(figure)
        return {**row, "value": "không phải số"} if figure.doc_id == CORPUS[2].name else row

    monkeypatch.setattr(Figure, "row", refused_in_one)
    out = tmp_path / "out" / "figures.parquet"
    assert extract(folder, "--out", out, "--jobs", 1) == 3
    (error,) = [json.loads(x) for x in (tmp_path / "out" / "figures.errors.jsonl").read_text().splitlines()]
    assert error["reason"] == "extract_error" and error["doc_id"] == CORPUS[2].name
    others = rows(clean)[lambda d: d.doc_id != CORPUS[2].name].reset_index(drop=True)
    assert rows(out).reset_index(drop=True).equals(others)


@pytest.mark.parametrize("passes", [["segment_together"], ["segment_untagged"], ["segment_together", "segment_untagged"]])
def test_a_chunk_segmented_together_or_not_gives_the_same_rows(folder, tmp_path, monkeypatch, passes):
    # the chunk's shared passes of segmentation (of the sentences its figures
    # are found with, then of those its meaning reads) only save time: where
    # one fails, each article segments its own sentences, and its rows are the same
    from pipeline.run import batch
    from pipeline.text import words

    monkeypatch.setenv("VN_FIGURES_CACHE", "off")  # every run segments its sentences
    calls = []
    monkeypatch.setattr(words, "segment", lambda sentences, real=words.segment: calls.append(len(sentences)) or real(sentences))
    words.forget_words()
    assert extract(folder, "--out", tmp_path / "a" / "figures.parquet", "--jobs", 1) == 0
    together = len(calls)

    def failing(sentences):
        raise RuntimeError("no shared pass")

    for name in passes:
        monkeypatch.setattr(batch, name, failing)
    words.forget_words()
    assert extract(folder, "--out", tmp_path / "b" / "figures.parquet", "--jobs", 1) == 0
    assert rows(tmp_path / "a" / "figures.parquet").equals(rows(tmp_path / "b" / "figures.parquet"))
    assert len(calls) - together > together  # each article segmented its own sentences


def test_a_long_article_segments_its_own_sentences_outside_the_chunks_pass(tmp_path, monkeypatch):
    # its words would take the pass's time, which no article's budget counts
    from pipeline.run import batch

    src = tmp_path / "in"
    src.mkdir()
    long_text = "".join(f"Năm 2024, xã thứ {i} giải quyết việc làm cho {1000 + i} lao động.\n" for i in range(600))
    (src / "dai.txt").write_text(long_text, encoding="utf-8")
    shutil.copy(CORPUS[0], src / "ngan.txt")
    passed = []
    real = batch.segment_together
    monkeypatch.setattr(batch, "segment_together", lambda sentences: real(passed.extend(sentences) or passed))
    monkeypatch.setattr(batch, "AHEAD_CHARS", len(long_text) // 2)
    assert extract(src, "--out", tmp_path / "figures.parquet", "--jobs", 1) == 0
    assert passed and all(s in normalise_text(CORPUS[0].read_text(encoding="utf-8")) for s in passed)
    assert set(pd.read_parquet(tmp_path / "figures.parquet").doc_id) == {"dai.txt", "ngan.txt"}


def test_a_run_lets_go_of_each_article_once_read(tmp_path, monkeypatch):
    """What a run holds does not grow with its inputs: when a chunk is
    extracted, only the entries not yet read and the chunk's own are alive,
    and each article's row still names its file."""
    src = tmp_path / "many"
    src.mkdir()
    text = CORPUS[0].read_text(encoding="utf-8")
    for k in range(3 * batch.CHUNK):
        (src / f"{k:02d}.txt").write_text(f"{text}\nNăm 2024, xã thứ {k + 1} hỗ trợ {k + 2}.000 hộ nghèo.\n", encoding="utf-8")
    alive = []
    extract_chunk = batch.extract_chunk

    def counting(r, max_seconds, chunk):
        gc.collect()
        alive.append(sum(isinstance(o, Entry) for o in gc.get_objects()))
        return extract_chunk(r, max_seconds, chunk)

    monkeypatch.setattr(batch, "extract_chunk", counting)
    out = tmp_path / "out.parquet"
    assert extract(src, "--out", out, "--jobs", "1") == 0
    assert alive == [3 * batch.CHUNK, 2 * batch.CHUNK, batch.CHUNK]
    paths = pd.read_parquet(articles_path(out)).set_index("doc_id")["path"]
    assert paths.to_dict() == {f"{k:02d}.txt": str((src / f"{k:02d}.txt").absolute()) for k in range(3 * batch.CHUNK)}


def test_rows_kept_from_an_older_schema_take_the_current_one(folder, tmp_path, monkeypatch):
    """After an upgrade that adds a column, the old rows of a file that now fails to read
    stay, with the new column null, beside the re-extracted articles of their part."""
    out = tmp_path / "figures.parquet"
    assert extract(folder, "--out", out) == 0
    kept = CORPUS[0].name
    before = rows(out)[lambda d: d.doc_id == kept].drop(columns="check_note").reset_index(drop=True)
    (part,) = out.glob("part-*.parquet")
    old, footer = pq.read_table(part), pq.ParquetFile(part).metadata.metadata
    # as an older version wrote it: the article list in the schema's metadata
    meta = {k: v for k, v in footer.items() if k != b"ARROW:schema"}
    pq.write_table(old.drop_columns(["check_note"]).replace_schema_metadata(meta), part)
    monkeypatch.setattr("pipeline.run.batch.fingerprint", lambda r=None: "a newer extractor")
    (folder / kept).write_bytes(b"\x00\x01binary now" * 20)
    assert extract(folder, "--out", out) == 3
    assert pq.read_schema(part).remove_metadata() == FIGURE_SCHEMA
    after = rows(out)
    assert len(before) and after[after.doc_id == kept].check_note.isna().all()
    pd.testing.assert_frame_equal(after[after.doc_id == kept].drop(columns="check_note").reset_index(drop=True), before)
    assert sorted(part_docs(out)) == sorted(set(part_docs(out))) and len(part_docs(out)) == len(CORPUS) + 3
