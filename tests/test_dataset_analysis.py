"""A dataset analysts can sum: figure ids, totals and parts, repeats, the
articles and facts tables, conflicts, export, and the Python and spaCy APIs."""
import json
import shutil
import tomllib
from datetime import date
from importlib import import_module
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
import spacy
from conftest import ROOT, table

import pipeline
from pipeline import extract_text
from pipeline.checks.agreement import meet, stated
from pipeline.checks.facts import facts_table
from pipeline.cli import main
from pipeline.io.write import (
    ARTICLE_SCHEMA,
    FACT_SCHEMA,
    FIGURE_SCHEMA,
    column_meanings,
    figures_table,
)
from pipeline.spacy_component import EXTENSIONS
from pipeline.text.normalise import normalise_text

SHARED = ROOT.parent / "shared"
# Held out to measure generalisation: never read here.
HELD_OUT = {"A02", "A03", "A04", "B03", "B05", "B06"}
TITLE_AND_BODY = table("repeats")[0]["text"]


def corpus_paths() -> list[Path]:
    """The seed articles and both dev sets (less the held-out articles)."""
    paths = sorted((ROOT / "corpus").glob("*.txt"))
    for name in ("corpus-dev", "corpus-dev2"):
        paths += [p for p in sorted((SHARED / name).glob("*.txt")) if p.stem not in HELD_OUT]
    return paths


def extract(*args):
    return main(["extract", *map(str, args), "--no-progress"])


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- agreement and repeats ---------------------------------------------------------

def _one_figure(phrase: str):
    [figure] = extract_text(f"Toàn tỉnh {phrase}.")
    return figure


@pytest.mark.parametrize("a, b, agree", table("agreement"), ids=lambda v: str(v))
def test_agreement(a, b, agree):
    fa, fb = _one_figure(a), _one_figure(b)
    assert meet(stated(fa.value, fa.value_max, fa.qualifier, fa.quote), stated(fb.value, fb.value_max, fb.qualifier, fb.quote)) is agree
    assert meet(stated(fb.value, fb.value_max, fb.qualifier, fb.quote), stated(fa.value, fa.value_max, fa.qualifier, fa.quote)) is agree


@pytest.mark.parametrize("row", table("repeats"), ids=lambda r: r["name"])
def test_repeats(row):
    figures = extract_text(row["text"], "bao-cao.txt")
    by_id = {f.figure_id: f for f in figures}
    assert [[f.quote, by_id[f.repeat_of].quote] for f in figures if f.repeat_of] == row["repeats"]


@pytest.mark.parametrize("row", table("sums"), ids=lambda r: r["kind"])
def test_totals_sum_once(row):
    df = pd.DataFrame([f.row() for f in extract_text(row["text"], "bao-cao.txt")])
    chosen = df[(df.unit == row["unit"]) & (df.indicator == row.get("indicator", df.indicator))]
    totals = chosen[chosen.part_of.isna() & chosen.repeat_of.isna() & ~chosen.is_plan]
    assert totals.value.sum() == pytest.approx(row["sum"])


def test_a_headline_part_takes_the_total_of_its_repeat():
    figures = extract_text(next(r for r in table("sums") if r["kind"].startswith("title figure"))["text"], "q.txt")
    headline, total, part = figures[:3]
    assert (headline.quote, total.quote, part.quote) == ("11.270 tỷ đồng", "14.800 tỷ đồng", "11.270 tỷ đồng")
    assert headline.row()["part_of"] == total.figure_id == part.row()["part_of"] and part.repeat_of == headline.figure_id


@pytest.mark.parametrize("path", corpus_paths(), ids=lambda p: p.name)
def test_every_row_has_a_unique_figure_id_and_links_within_its_article(path):
    text = normalise_text(path.read_text(encoding="utf-8"))
    rows = [f.row() for f in extract_text(text, path.name)]
    ids = [r["figure_id"] for r in rows]
    assert len(set(ids)) == len(ids) and all(i == f"{path.name}#{r['char_start']}" for i, r in zip(ids, rows))
    assert all(r["quote"] == text[r["char_start"] : r["char_end"]] for r in rows)
    assert {r[k] for r in rows for k in ("part_of", "repeat_of") if r[k]} <= set(ids)
    assert not any(r["repeat_of"] == r["figure_id"] for r in rows)


# --- the dataset's tables -------------------------------------------------------------

JSONL = [
    {"id": "qn-1", "title": "Quảng Nam giải quyết việc làm cho 9.400 lao động", "date": "2024-10-22",
     "url": "https://baoquangnam.vn/giai-quyet-viec-lam-cho-9400-lao-dong-3141592.html",
     "text": "(QNO) - Năm 2024, Sở Lao động - Thương binh và Xã hội tỉnh Quảng Nam cho biết toàn tỉnh đã giải "
             "quyết việc làm cho 9.400 lao động, đạt 104% kế hoạch năm."},
]
PAGE = """<html><head><title>Thanh Hóa hỗ trợ 1.250 hộ nghèo xây nhà</title>
<link rel="canonical" href="https://baothanhhoa.vn/ho-tro-1250-ho-ngheo-xay-nha-224466.htm">
<meta name="date" content="2024-06-30"></head><body>
<article><p>Năm 2024, Ủy ban nhân dân tỉnh Thanh Hóa hỗ trợ 1.250 hộ nghèo xây mới nhà ở, mỗi căn 70 triệu đồng.</p>
<p>Quỹ Đền ơn đáp nghĩa tỉnh vận động được 12,5 tỷ đồng.</p></article></body></html>"""
# Another article on the same figure: Quảng Nam's jobs of 2024, with another value.
OTHER_REPORT = ("(QNO) - Theo báo cáo của Sở Lao động - Thương binh và Xã hội tỉnh Quảng Nam, năm 2024 toàn tỉnh "
                "giải quyết việc làm cho 8.900 lao động, trong đó đưa 1.115 lao động đi làm việc ở nước ngoài theo hợp đồng.")
AGREEING_REPORT = "(QNO) - Năm 2024, tỉnh Quảng Nam đã giải quyết việc làm cho khoảng 9.000 lao động; tổ chức 12 phiên giao dịch việc làm."


@pytest.fixture
def reports(tmp_path):
    """A .jsonl scrape, a page and a plain text in a folder, and the seed articles under thang10/."""
    src = tmp_path / "bao"
    write(src, "scrape.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in JSONL))
    write(src, "thanh-hoa.html", PAGE)
    for p in sorted((ROOT / "corpus").glob("*.txt"))[:2]:
        write(src, f"thang10/{p.name}", p.read_text(encoding="utf-8"))
    return src


def test_articles_table_keeps_title_url_date_and_outlet(reports, tmp_path):
    out = tmp_path / "out" / "figures.parquet"
    assert extract(reports, "--out", out) == 0
    articles = pd.read_parquet(tmp_path / "out" / "figures.articles.parquet").set_index("doc_id")
    scrape, page = articles.loc["scrape.jsonl#qn-1"], articles.loc["thanh-hoa.html"]
    assert (scrape.title, scrape.url, scrape.published, scrape.outlet, scrape.province) == (
        JSONL[0]["title"], JSONL[0]["url"], date(2024, 10, 22), "baoquangnam.vn", "Quảng Nam")
    assert (page.title, page.url, page.published, page.outlet, page.province) == (
        "Thanh Hóa hỗ trợ 1.250 hộ nghèo xây nhà", "https://baothanhhoa.vn/ho-tro-1250-ho-ngheo-xay-nha-224466.htm",
        date(2024, 6, 30), "baothanhhoa.vn", "Thanh Hóa")
    seed = articles.loc["thang10/001_98d8d70825c54ac3.txt"]
    assert pd.isna(seed.title) and (seed.published, seed.outlet, seed.province) == (date(2024, 7, 5), "LĐXH", "Vĩnh Long")
    assert seed.path == str((reports / "thang10" / "001_98d8d70825c54ac3.txt").absolute())
    figures = pd.read_parquet(out)
    assert articles.n_figures.to_dict() == figures.groupby("doc_id").size().reindex(articles.index, fill_value=0).to_dict()
    assert articles.content_hash.str.fullmatch("[0-9a-f]{32}").all()


def test_the_same_folder_under_two_paths_is_stored_once(reports, tmp_path, capsys):
    out = tmp_path / "figures.parquet"
    assert extract(reports, "--out", out) == 0
    before = pd.read_parquet(out)
    capsys.readouterr()
    assert extract(reports / "thang10", "--out", out) == 0
    run = capsys.readouterr()
    assert "2 kept once: same content under another path" in run.out
    assert run.err.count("same content as thang10/") == 2  # each reported once
    after = pd.read_parquet(out)
    assert sorted(after.doc_id.unique()) == sorted(before.doc_id.unique()) and len(after) == len(before)
    assert len(pd.read_parquet(tmp_path / "figures.articles.parquet")) == 4
    # pruned from under its first path, an article is kept under the second
    assert extract(reports / "thang10", "--out", out, "--prune") == 0
    kept = pd.read_parquet(tmp_path / "figures.articles.parquet")
    assert sorted(kept.doc_id) == ["000_c7b70d6d55853988.txt", "001_98d8d70825c54ac3.txt"]


def test_a_re_run_keeps_the_articles_rows_of_the_articles_it_leaves(tmp_path, capsys):
    """The rows of the articles a run does not touch come back from their
    part's footer when the part is written again for another article."""
    src, out = tmp_path / "bao", tmp_path / "figures.parquet"
    write(src, "a.txt", OTHER_REPORT)
    write(src, "b.txt", AGREEING_REPORT)
    assert extract(src, "--out", out) == 0
    first = pd.read_parquet(tmp_path / "figures.articles.parquet").set_index("doc_id")
    write(src, "b.txt", AGREEING_REPORT + "\n\nNgoài ra, 120 hộ được hỗ trợ sửa nhà.")
    capsys.readouterr()
    assert extract(src, "--out", out) == 0
    assert "1 unchanged" in capsys.readouterr().out
    second = pd.read_parquet(tmp_path / "figures.articles.parquet").set_index("doc_id")
    assert second.loc["a.txt"].equals(first.loc["a.txt"])
    assert second.loc["b.txt", "content_hash"] != first.loc["b.txt", "content_hash"]
    assert second.loc["b.txt", "n_figures"] == first.loc["b.txt", "n_figures"] + 1


def test_a_copy_in_one_run_is_kept_once(tmp_path, capsys):
    src = tmp_path / "bao"
    write(src, "a.txt", OTHER_REPORT)
    write(src, "sao/a.txt", OTHER_REPORT)
    assert extract(src, "--out", tmp_path / "figures.parquet") == 0
    assert "skipped " in capsys.readouterr().err
    assert set(pd.read_parquet(tmp_path / "figures.parquet").doc_id) == {"a.txt"}


def test_facts_table_after_every_run(tmp_path):
    src = tmp_path / "bao"
    titled = JSONL[0]["title"] + "\n\n" + JSONL[0]["text"]
    write(src, "a.txt", titled)
    write(src, "b.txt", OTHER_REPORT)
    write(src, "c.txt", AGREEING_REPORT)
    out = tmp_path / "figures.parquet"
    assert extract(src, "--out", out) == 0
    facts = pd.read_parquet(tmp_path / "figures.facts.parquet", to_pandas_kwargs={"date_as_object": False})
    jobs = facts[(facts.indicator == "jobs_created")].iloc[0]
    assert (jobs.province, jobs.unit, jobs.period_start, jobs.period_end, jobs.is_plan) == (
        "Quảng Nam", "person", pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-31"), False)
    assert (jobs.n_mentions, jobs.n_articles, jobs.value, jobs.value_min, jobs.value_max, jobs.agree) == (3, 3, 9400, 8900, 9400, False)
    assert sorted(jobs.figure_ids) == [f"a.txt#{titled.index('9.400')}", f"b.txt#{OTHER_REPORT.index('8.900')}",
                                       f"c.txt#{AGREEING_REPORT.index('9.000')}"]  # the title's, not the lead's repeat
    assert "job_fairs" in set(facts.indicator) and "workers_abroad" not in set(facts.indicator)  # a part is no fact

    (src / "b.txt").unlink()
    assert extract(src, "--out", out, "--prune") == 0
    jobs = pd.read_parquet(tmp_path / "figures.facts.parquet").query("indicator == 'jobs_created'").iloc[0]
    assert (jobs.n_articles, jobs.agree) == (2, True)  # khoảng 9.000 and 9.400 agree


def test_a_fact_stands_for_its_most_precise_statement():
    """The title's "hơn 22.000 lao động" is counted, as the lead's 22.265."""
    text = table("repeats")[0]["text"]
    [row] = facts_table(figures_table(extract_text(text, "t.txt"))).to_pylist()
    assert (row["province"], row["indicator"], row["n_mentions"], row["figure_ids"]) == (
        "Tuyên Quang", "jobs_created", 1, [f"t.txt#{text.index('22.000')}"])
    assert (row["value"], row["value_min"], row["value_max"]) == (22265, 22265, 22265)


def test_facts_read_a_piece_at_a_time_are_those_read_whole(monkeypatch):
    """Facts are built from pieces of whole facts (memory stays flat as a
    dataset grows): however small the pieces, the same facts and conflicts,
    from one table or from a dataset's parts."""
    from pipeline.checks import facts

    texts = {"a.txt": JSONL[0]["title"] + "\n\n" + JSONL[0]["text"], "b.txt": OTHER_REPORT,
             "c.txt": AGREEING_REPORT, "d.txt": table("repeats")[3]["text"]}
    figures = figures_table([f for doc, text in texts.items() for f in extract_text(text, doc)])
    whole_facts, whole_conflicts = facts_table(figures), facts.conflicts(figures)
    monkeypatch.setattr(facts, "PIECE_ROWS", 1)
    pieces = list(facts._pieces([lambda: facts.fact_rows(figures)], len(figures)))
    # five mentions of two facts, each fact whole in one piece with its repeats
    assert sorted(len(facts._facts(rows)) for rows in pieces)[-1] <= 2 and sum(
        len(m) for rows in pieces for m in facts._facts(rows).values()) == 5
    assert facts_table(figures).equals(whole_facts)
    cut = figures["doc_id"].to_pylist().index("c.txt")  # parts hold whole articles
    halves = [figures.slice(0, cut), figures.slice(cut)]
    assert facts.facts_of_parts([lambda t=t: facts.fact_rows(t) for t in halves], len(figures)).equals(whole_facts)
    assert [(c.doc_id, c.char_start, c.other_doc_id) for c in facts.conflicts(figures)] == [
        (c.doc_id, c.char_start, c.other_doc_id) for c in whole_conflicts]
    assert {c.doc_id == c.other_doc_id for c in whole_conflicts} == {True, False}
    assert whole_facts["n_mentions"].to_pylist() == [1, 4]  # a piece of one row never cuts a fact apart


def test_a_run_writes_the_facts_a_piece_at_a_time_as_they_are_built_whole(tmp_path, monkeypatch):
    """Pieces are runs of provinces' indicators in the table's order, so a
    run writes each as it is built: the file holds the facts of the whole
    dataset, in order, a row group per piece."""
    from pipeline.checks import facts

    src = tmp_path / "bao"
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        write(src, path.name, path.read_text(encoding="utf-8"))
    monkeypatch.setattr(facts, "PIECE_ROWS", 1)
    assert extract(src, "--out", tmp_path / "figures.parquet") == 0
    written = pq.ParquetFile(tmp_path / "figures.facts.parquet")
    whole = facts_table(pq.read_table(tmp_path / "figures.parquet"))
    assert written.read().equals(whole, check_metadata=False)
    groups = set(zip(whole["province"].to_pylist(), whole["indicator"].to_pylist()))
    assert len(groups) > 5 and written.num_row_groups == len(groups)  # a piece per province's indicator here


def test_sub_groups_of_one_fact_are_compared_with_nothing(tmp_path, capsys):
    """Two articles listing people with merit by group: the groups are all
    merit_beneficiaries, and no group conflicts with another."""
    src = tmp_path / "bao"
    seed = (ROOT / "corpus" / "000_c7b70d6d55853988.txt").read_text(encoding="utf-8")
    write(src, "a.txt", seed)
    write(src, "b.txt", seed.replace("65.400 liệt sĩ", "65.900 liệt sĩ"))
    main(["check", str(src), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)
    assert findings and not [r for r in findings if r["kind"] == "conflict"]


# --- check: conflicts ---------------------------------------------------------------------

def test_check_shows_a_conflict_between_articles_and_none_where_they_agree(tmp_path, capsys):
    src = tmp_path / "bao"
    write(src, "a.txt", JSONL[0]["text"])
    write(src, "b.txt", OTHER_REPORT)
    write(src, "c.txt", AGREEING_REPORT)
    assert main(["check", str(src)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:3] == ["mismatch", "conflict", f"a.txt:1:{JSONL[0]['text'].index('9.400') + 1}"]
    assert f"b.txt:1:{OTHER_REPORT.index('8.900') + 1} states “8.900 lao động”: jobs_created, Quảng Nam, 2024-01-01..2024-12-31" in lines[1]
    assert lines[2].strip() == "“9.400 lao động”"
    assert sum("conflict" in line for line in lines) == 1

    assert main(["check", str(src / "a.txt"), str(src / "c.txt"), "--format", "json"]) == 0
    assert not [r for r in json.loads(capsys.readouterr().out) if r["kind"] == "conflict"]


def test_conflict_as_json_names_both_articles_quotes_and_values(tmp_path, capsys):
    write(tmp_path, "a.txt", JSONL[0]["text"])
    write(tmp_path, "b.txt", OTHER_REPORT)
    assert main(["check", str(tmp_path), "--format", "json"]) == 1
    [conflict] = [r for r in json.loads(capsys.readouterr().out) if r["kind"] == "conflict"]
    assert {k: conflict[k] for k in ("doc_id", "other_doc_id", "quote", "other_quote", "stated", "other_value", "status")} == {
        "doc_id": "a.txt", "other_doc_id": "b.txt", "quote": "9.400 lao động", "other_quote": "8.900 lao động",
        "stated": 9400, "other_value": 8900, "status": "mismatch"}
    assert OTHER_REPORT[conflict["other_char_start"] : conflict["other_char_end"]] == "8.900 lao động"


def test_a_repeat_that_disagrees_is_a_conflict_within_the_article(tmp_path, capsys):
    write(tmp_path, "a.txt", table("repeats")[3]["text"])
    assert main(["check", str(tmp_path / "a.txt"), "--format", "json"]) == 1
    [conflict] = [r for r in json.loads(capsys.readouterr().out) if r["kind"] == "conflict"]
    assert (conflict["doc_id"], conflict["other_doc_id"], conflict["quote"], conflict["other_quote"]) == (
        "a.txt", "a.txt", "9.400 lao động", "8.900 lao động")


# --- export -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    write(root / "bao", "scrape.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in JSONL))
    for p in sorted((ROOT / "corpus").glob("*.txt")):
        shutil.copy(p, root / "bao" / p.name)
    out = root / "figures.parquet"
    assert extract(root / "bao", "--out", out) == 0
    return out


@pytest.mark.parametrize("name", ["figures", "facts", "articles"])
def test_export_csv_opens_in_pandas_with_the_same_rows(dataset, name):
    assert main(["export", str(dataset), "--format", "csv", "--table", name]) == 0
    path = dataset.with_name("figures.csv" if name == "figures" else f"figures.{name}.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfdoc_id" if name != "facts" else b"\xef\xbb\xbfprovince")
    got = pd.read_csv(path, encoding="utf-8-sig")
    expected = pipeline.read_df(dataset, name)
    assert len(got) == len(expected) and list(got.columns) == list(expected.columns)
    key = {"figures": "figure_id", "facts": "indicator", "articles": "doc_id"}[name]
    assert got[key].tolist() == expected[key].tolist()
    if name == "figures":
        assert got.value.tolist() == expected.value.tolist() and "Quảng Nam" in set(got.province)
        assert pd.to_datetime(got.period_end).tolist() == expected.period_end.tolist()


@pytest.mark.parametrize("name", ["figures", "facts", "articles"])
def test_export_xlsx_has_date_cells_and_vietnamese(dataset, tmp_path, name):
    out = tmp_path / f"{name}.xlsx"
    assert main(["export", str(dataset), "--format", "xlsx", "--table", name, "--out", str(out)]) == 0
    got = pd.read_excel(out)
    expected = pipeline.read_df(dataset, name)
    assert len(got) == len(expected) and list(got.columns) == list(expected.columns)
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[1]]
    date_column = header.index("published" if name == "articles" else "period_end") + 1
    dated = [row[date_column - 1] for row in sheet.iter_rows(min_row=2) if row[date_column - 1].value is not None]
    assert dated and all(c.is_date and c.number_format == "YYYY-MM-DD" for c in dated)
    if name == "figures":
        assert "Quảng Nam" in set(got.province) and got.figure_id.tolist() == expected.figure_id.tolist()


def test_export_to_standard_output_and_its_errors(dataset, tmp_path, capsys):
    assert main(["export", str(dataset), "--format", "csv", "--table", "articles", "--out", "-"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("doc_id,path,title,url,published")
    assert main(["export", str(tmp_path / "nothing.parquet"), "--format", "csv"]) == 2
    assert "not a dataset" in capsys.readouterr().err
    assert main(["export", str(dataset), "--format", "xlsx", "--out", "-"]) == 2
    assert "csv only" in capsys.readouterr().err


# --- schema, metadata, README -----------------------------------------------------------

@pytest.mark.parametrize("schema", [FIGURE_SCHEMA, ARTICLE_SCHEMA, FACT_SCHEMA], ids=["figures", "articles", "facts"])
def test_every_column_says_what_it_means_in_the_files_and_the_readme(dataset, schema):
    meanings = column_meanings(schema)
    assert set(meanings) == set(schema.names) and all(meanings.values())
    path = {FIGURE_SCHEMA: next(dataset.glob("part-*.parquet")), ARTICLE_SCHEMA: dataset.with_name("figures.articles.parquet"),
            FACT_SCHEMA: dataset.with_name("figures.facts.parquet")}[schema]
    written = pq.read_schema(path)
    assert column_meanings(written) == meanings
    assert json.loads(written.metadata[b"vn_figures.columns"]) == meanings
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = {cell.strip("` ") for line in readme.splitlines() if line.startswith("| ") for cell in line.split("|")[1].split(",")}
    assert set(schema.names) <= documented


def test_duckdb_joins_figures_to_articles_and_reads_facts(dataset):
    figures, articles, facts = dataset / "*.parquet", dataset.with_name("figures.articles.parquet"), dataset.with_name("figures.facts.parquet")
    joined = duckdb.sql(f"""
        select a.url, a.published, f.value from read_parquet('{figures}') f join read_parquet('{articles}') a using (doc_id)
        where f.doc_id = 'scrape.jsonl#qn-1' and f.repeat_of is null""").fetchall()
    assert joined == [(JSONL[0]["url"], date(2024, 10, 22), 9400.0)]
    rows = duckdb.sql(f"""
        select value, n_articles, agree from read_parquet('{facts}')
        where province = 'Quảng Nam' and indicator = 'jobs_created' and period_end = date '2024-12-31'""").fetchall()
    assert rows == [(9400.0, 1, True)]


# --- Python API ----------------------------------------------------------------------

def test_extract_df_has_the_dataset_schema_and_dates_as_datetime64(dataset):
    sentence = "Năm 2024, toàn tỉnh giải quyết việc làm cho 7.000/6.400 người, đạt 109,4% kế hoạch."
    df = pipeline.extract_df([ROOT / "corpus", sentence])
    stored = pipeline.read_df(dataset)
    assert list(df.columns) == FIGURE_SCHEMA.names and (df.dtypes == stored.dtypes).all()
    assert str(df.period_start.dtype).startswith("datetime64")
    text = df[df.doc_id == "text-2"].iloc[0]
    assert (text.value, text.target, text.figure_id) == (7000.0, 6400.0, f"text-2#{sentence.index('7.000')}")
    assert (text.period_end.year, text.period_end.month) == (2024, 12)
    assert set(df.doc_id) - {"text-2"} == {p.name for p in (ROOT / "corpus").glob("*.txt")}
    with pytest.raises(FileNotFoundError):
        pipeline.extract_df("corpus/khong-co.txt")


def test_pandas_reads_the_dates_as_datetime64(dataset):
    assert str(pd.read_parquet(dataset, to_pandas_kwargs={"date_as_object": False}).period_start.dtype).startswith("datetime64")
    assert str(pipeline.read_df(dataset, "articles").published.dtype).startswith("datetime64")


# --- spaCy ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("vn_figures")
    return nlp


HOSTILE = {
    "clean": "Năm 2024, toàn tỉnh giải quyết việc làm cho 7.000/6.400 người, đạt 109,4% kế hoạch.\nHỗ trợ 80 nhà ở cho hộ nghèo.",
    "CRLF, no-break space, zero-width space": "Năm 2024, toàn tỉnh giải quyết việc làm cho 7.000/6.400\u00a0người, đạt 109,4% kế hoạch.\r\n"
                                               "Hỗ\u200b trợ 80 nhà ở cho hộ nghèo.",
    "decomposed letters, old tones": "Năm 2024, toàn tỉnh giải quyết việc làm cho 7.000/6.400 người, đạt 109,4% kế hoạch.\n"
                                     "Hỗ trợ 80 nhà ở cho hộ nghèo ở Thanh Hoá.".replace("ở", "o\u031b\u0309"),
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_spacy_component_puts_figures_on_spans(nlp, text):
    doc = nlp(text)
    spans = doc.spans["figures"]
    assert doc.text == text
    assert [(s._.value, s._.unit, s._.target, s.label_) for s in spans] == [
        (7000.0, "person", 6400.0, "jobs_created"), (80.0, "house", None, "housing_support")]
    for span, figure in zip(spans, extract_text(text)):
        assert figure.quote in normalise_text(span.text)  # widened to whole tokens, never cut
        assert span._.period_start == date(2024, 1, 1) and span._.figure_id == f"#{figure.char_start}"
    assert set(EXTENSIONS) >= {"value", "unit", "indicator", "period_start", "figure_id", "is_plan", "part_of", "repeat_of"}
    assert 'class="spans"' in spacy.displacy.render(doc, style="span", options={"spans_key": "figures"})


def test_spacy_factory_is_declared_as_an_entry_point():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    target = project["project"]["entry-points"]["spacy_factories"]["vn_figures"]
    module, _, name = target.partition(":")
    assert getattr(import_module(module), name) is pipeline.spacy_component.make_vn_figures


# --- datasets written before these columns ---------------------------------------------

def test_a_dataset_from_before_ids_and_articles_is_brought_up_to_date(reports, tmp_path, capsys):
    """Parts written without figure ids, links and article rows: an article
    that still reads is extracted again to get its row; the rows of one that
    now fails are kept, with the figure_id they would have had."""
    out = tmp_path / "figures.parquet"
    assert extract(reports, "--out", out) == 0
    expected = pd.read_parquet(out)
    (part,) = out.glob("part-*.parquet")
    old, footer = pq.read_table(part), pq.ParquetFile(part).metadata.metadata
    # as an older version wrote it: the article list in the schema's metadata, no article rows
    meta = {k: v for k, v in footer.items() if k not in (b"ARROW:schema", b"vn_figures.articles")}
    pq.write_table(old.drop_columns(["figure_id", "quote", "part_of", "repeat_of"]).replace_schema_metadata(meta), part)
    kept = "thang10/000_c7b70d6d55853988.txt"
    (reports / kept).write_bytes(b"\x00\x01binary now" * 20)
    capsys.readouterr()
    assert extract(reports, "--out", out) == 3
    assert "(3 extracted, 0 unchanged)" in capsys.readouterr().out
    got = pd.read_parquet(out)
    assert set(got.doc_id) == set(expected.doc_id) and got.figure_id.tolist() == expected.figure_id.tolist()
    old_rows = got[got.doc_id == kept]
    assert len(old_rows) and (old_rows.quote == "").all() and old_rows.repeat_of.isna().all()
    assert kept not in set(pd.read_parquet(tmp_path / "figures.articles.parquet").doc_id)
