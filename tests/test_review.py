"""The review pages without a browser: one highlighted mark per dataset row, at
the row's offsets, mismatches marked, the words tied to each figure, money in
the article's own scale words, where indicator and period came from, conflicts
between articles, an index with title, province, date and counts, both
languages, nothing fetched from the network."""
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, table

from pipeline import Article, extract_article
from pipeline.checks.messages import status_label
from pipeline.cli import main
from pipeline.report.format import amount, period, plural
from pipeline.report.review import page_name, tied_words, title_of
from pipeline.report.words import frame_label
from pipeline.text.document import build_document
from pipeline.text.normalise import normalise_text

SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
QUANG_NAM, BAC_KAN = SEEDS[0], SEEDS[2]


class _Page(HTMLParser):
    """The marks of a page (attributes and text, without their <sup>), the
    tied words, the table's rows, and every tag's attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.marks: list[dict] = []
        self.tied: list[dict] = []
        self.rows: list[dict] = []
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_mark = self._in_sup = self._in_tied = self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "mark":
            self._in_mark = True
            self.marks.append({**attrs, "text": ""})
        elif tag == "sup" and self._in_mark:
            self._in_sup = True
        elif tag == "span" and "rel" in (attrs.get("class") or "").split():
            self._in_tied = True
            self.tied.append({**attrs, "text": ""})
        elif tag == "tr" and "fig-row" in (attrs.get("class") or ""):
            self.rows.append(attrs)
        elif tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False
        elif tag == "sup":
            self._in_sup = False
        elif tag == "span":
            self._in_tied = False
        elif tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_mark and not self._in_sup:
            self.marks[-1]["text"] += data
        if self._in_tied:
            self.tied[-1]["text"] += data
        if self._in_script:
            self.scripts[-1] += data


@pytest.fixture(scope="module")
def review_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    assert main(["review", str(ROOT / "corpus"), "--out", str(out), "--lang", "en"]) == 0
    return out


def _article(path: Path) -> Article:
    return Article(path.name, normalise_text(path.read_text(encoding="utf-8")))


def _page(review_dir: Path, seed: Path) -> _Page:
    return _Page((review_dir / page_name(seed.name)).read_text(encoding="utf-8"))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_one_mark_per_row_at_its_offsets(review_dir, seed):
    article = _article(seed)
    figures = extract_article(article)
    page = _page(review_dir, seed)
    assert len(page.marks) == len(figures)
    assert [int(m["data-fig"]) for m in page.marks] == list(range(len(figures)))
    assert [m["text"] for m in page.marks] == [article.text[f.char_start : f.char_end] for f in figures]
    marked = [int(m["data-fig"]) for m in page.marks if "mismatch" in m["class"].split()]
    assert marked == [i for i, f in enumerate(figures) if f.check_status == "mismatch"]
    assert all(f"check: {f.check_status}" in m["title"] for m, f in zip(page.marks, figures) if f.check_status)
    assert [m["id"] for m in page.marks] == [f"fig{f.char_start}" for f in figures]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_each_row_says_where_indicator_and_period_came_from(review_dir, seed):
    figures = extract_article(_article(seed))
    page = _page(review_dir, seed)
    assert [(r["data-ifrom"], r["data-pfrom"]) for r in page.rows] == \
           [(f.indicator_from or "none", f.period_from or "none") for f in figures]
    assert [r["data-indicator"] for r in page.rows] == [f.indicator for f in figures]
    html = (review_dir / page_name(seed.name)).read_text(encoding="utf-8")
    for f in figures:
        assert f"← {frame_label(f.indicator_from, 'en')}" in html


def test_mismatches_of_the_seeds_are_marked(review_dir):
    bac_kan = _page(review_dir, BAC_KAN)
    assert [m["text"] for m in bac_kan.marks if "mismatch" in m["class"]] == ["23.758/23.279 người"]
    quang_nam = _page(review_dir, QUANG_NAM)
    assert [m["text"] for m in quang_nam.marks if "mismatch" in m["class"]] == ["726,204/742,287 tỷ đồng", "16,024 tỷ đồng"]


def test_plan_and_stated_percentage_are_tied_to_their_figure(review_dir):
    page = _page(review_dir, BAC_KAN)
    mismatch = next(m for m in page.marks if "mismatch" in m["class"].split())
    tied = {t["class"].split()[1]: t["text"] for t in page.tied if mismatch["data-fig"] in t["data-of"].split()}
    assert tied == {"plan": "23.279", "pct": "102,5%"}


def test_qualifier_is_tied_to_its_figure(review_dir):
    page = _page(review_dir, QUANG_NAM)
    text = _article(QUANG_NAM).text
    figures = extract_article(_article(QUANG_NAM))
    i = next(k for k, f in enumerate(figures) if text[f.char_start : f.char_end] == "1.400 tỷ đồng")
    assert [(t["class"], t["text"]) for t in page.tied if str(i) in t["data-of"].split()] == [("rel qualifier", "khoảng")]


@pytest.mark.parametrize("row", table("tied_words"), ids=lambda r: r["text"][:40])
def test_tied_words(row):
    article = Article("t.txt", normalise_text(row["text"]))
    figures = extract_article(article)
    doc = build_document(article)
    i = next(k for k, f in enumerate(figures) if article.text[f.char_start : f.char_end] == row["figure"])
    found = {t.role: article.text[t.start : t.end] for t in tied_words(doc, figures) if t.figure == i}
    assert found == row["tied"]


@pytest.mark.parametrize("row", table("amounts"), ids=lambda r: f"{r['value']} {r['unit_text']}")
def test_amounts_in_the_articles_scale_words(row):
    assert amount(row["value"], row["unit"], row["unit_text"]) == row["shown"]


def test_money_in_the_articles_scale_words_on_the_page(review_dir):
    html = (review_dir / page_name(QUANG_NAM.name)).read_text(encoding="utf-8")
    assert '<span class="num">1.271,108 tỷ</span>' in html
    assert "1.271.108.000.000" not in html


def test_figure_details_are_on_the_page_for_each_figure(review_dir):
    figures = extract_article(_article(BAC_KAN))
    html = (review_dir / page_name(BAC_KAN.name)).read_text(encoding="utf-8")
    details = re.findall(r'<template id="d(\d+)">(.*?)</template>', html, re.S)
    assert [int(i) for i, _ in details] == list(range(len(figures)))
    first = re.sub(r"<[^>]+>", "", details[0][1])  # the text of the details
    for words in ("as written", "“7.000/6.400 người”", "6.400", "109,4%", "indicator from", "its own words",
                  "period from", period(figures[0].period_start, figures[0].period_end), "jobs_created"):
        assert words in first


def test_periods_in_short():
    from datetime import date
    assert period(date(2024, 1, 1), date(2024, 9, 30)) == "2024-01..09"
    assert period(date(2023, 7, 1), date(2024, 6, 30)) == "2023-07..2024-06"
    assert period(date(2024, 6, 30), date(2024, 6, 30)) == "2024-06-30"
    assert period(None, date(2024, 12, 31)) == "..2024-12-31"
    assert period(None, None) == ""


def test_plural_forms():
    assert [plural(1, "figure"), plural(2, "figure"), plural(0, "mismatch"), plural(1, "mismatch")] == \
           ["1 figure", "2 figures", "0 mismatches", "1 mismatch"]


# (lines of a plain-text article, the title the pages show)
TITLES = [
    ("Xã hội\nVĩnh Long: Triển khai có hiệu quả các chính sách an sinh xã hội\n11:31 AM 05/07/2024\n"
     "(LĐXH) – Trong 6 tháng đầu năm 2024, toàn tỉnh đã tạo việc làm mới cho 15.701 người.",
     "Vĩnh Long: Triển khai có hiệu quả các chính sách an sinh xã hội"),
    ("Cần đổi mới mạnh mẽ công tác lao động, người có công và xã hội\n"
     "Năm 2024, toàn tỉnh giải quyết việc làm cho 7.000 người, đạt 109,4% kế hoạch, tăng so với năm trước.",
     "Cần đổi mới mạnh mẽ công tác lao động, người có công và xã hội"),
    ("Năm 2024, toàn tỉnh giải quyết việc làm cho 7.000 người.", "Năm 2024, toàn tỉnh giải quyết việc làm cho 7.000 người."),
]


@pytest.mark.parametrize("text, title", TITLES, ids=["above-date-line", "first-line", "no-title"])
def test_title_of_a_plain_text(text, title):
    article = Article("a.txt", normalise_text(text))
    assert title_of(article, build_document(article)) == title


def test_index_lists_articles_with_title_province_date_and_counts(review_dir):
    page = _Page((review_dir / "index.html").read_text(encoding="utf-8"))
    links = [a["href"] for tag, a in page.tags if tag == "a"]
    assert links == [page_name(p.name) for p in SEEDS]
    assert all((review_dir / link).is_file() for link in links)
    rows = [a for tag, a in page.tags if tag == "tr" and "data-figures" in a]
    bac_kan = rows[2]
    assert bac_kan["data-title"].startswith("Ngành Lao động - Thương binh và Xã hội tỉnh Bắc Kạn: Góp phần")
    assert (bac_kan["data-province"], bac_kan["data-published"]) == ("Bắc Kạn", "2024-12-01")
    assert int(bac_kan["data-figures"]) == len(extract_article(_article(BAC_KAN)))
    assert (bac_kan["data-mismatches"], bac_kan["data-partial"]) == ("1", "1")
    assert [r["data-province"] for r in rows] == ["Quảng Nam", "Vĩnh Long", "Bắc Kạn", "Nam Định", "Hải Dương"]
    html = (review_dir / "index.html").read_text(encoding="utf-8")
    assert "5 articles, 109 figures, 2 mismatches" in html


def test_pages_need_no_network(review_dir):
    for path in review_dir.glob("*.html"):
        page = _Page(path.read_text(encoding="utf-8"))
        assert not [tag for tag, a in page.tags if tag in ("link", "img", "iframe", "object", "embed")], path.name
        assert all("src" not in a for tag, a in page.tags if tag == "script"), path.name
        assert all("fetch(" not in s and "XMLHttpRequest" not in s and "import(" not in s for s in page.scripts)
        for _, attrs in page.tags:
            for key in ("href", "src"):
                assert not (attrs.get(key) or "").startswith(("http:", "https:", "//")), path.name


def test_text_is_escaped(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        "Tỉnh có 23.758/23.279 người <b>tham gia</b> BHXH & “bắt buộc”, đạt 102,5% kế hoạch.", encoding="utf-8"
    )
    assert main(["review", str(src), "--out", str(tmp_path / "out")]) == 0
    html = (tmp_path / "out" / "a.txt.html").read_text(encoding="utf-8")
    assert "&lt;b&gt;tham gia&lt;/b&gt; BHXH &amp; “bắt buộc”" in html
    page = _Page(html)
    assert [(m["text"], m["data-status"]) for m in page.marks] == [("23.758/23.279 người", "mismatch")]


def test_vietnamese_pages(tmp_path):
    assert main(["review", str(BAC_KAN), "-o", str(tmp_path), "--lang", "vi"]) == 0
    html = (tmp_path / page_name(BAC_KAN.name)).read_text(encoding="utf-8")
    assert '<html lang="vi">' in html
    for words in (status_label("mismatch", "vi"), "tỷ lệ đạt kế hoạch", "bài nêu đạt 102,5% kế hoạch",
                  frame_label("own", "vi"), "không có gì để kiểm", "tham gia bảo hiểm xã hội bắt buộc"):
        assert words in html
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "1 bài, 29 số liệu, 1 lệch" in index


def test_language_follows_the_locale(tmp_path, monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert main(["review", str(BAC_KAN), "-o", str(tmp_path)]) == 0
    assert '<html lang="vi">' in (tmp_path / "index.html").read_text(encoding="utf-8")


CONFLICTING = {
    "a.txt": "Năm 2024, tỉnh Quảng Nam giải quyết việc làm cho 9.400 lao động.",
    "b.txt": "Trong năm 2024, Quảng Nam đã giải quyết việc làm cho 8.900 lao động.",
}


def test_a_conflict_between_articles_is_on_both_pages(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    for name, text in CONFLICTING.items():
        (src / name).write_text(text, encoding="utf-8")
    assert main(["review", str(src), "-o", str(tmp_path / "out"), "--lang", "en"]) == 0
    assert "1 conflict" in capsys.readouterr().out
    for name, other, quote in (("a.txt", "b.txt", "8.900 lao động"), ("b.txt", "a.txt", "9.400 lao động")):
        html = (tmp_path / "out" / name).with_suffix(".txt.html").read_text(encoding="utf-8")
        page = _Page(html)
        assert [m["class"].split()[-1] for m in page.marks] == ["conflict"]
        at = CONFLICTING[other].index(quote)
        assert f'href="{page_name(other)}#fig{at}"' in html and f"“{quote}”" in html
        assert (tmp_path / "out" / page_name(other)).is_file()


def test_page_names_are_distinct_safe_and_stable():
    ids = ["a/b.txt", "a_b.txt", "x.jsonl#1", "x.jsonl#2", "index", "Index.html", "../up.txt", "A.txt", "a.txt"]
    names = [page_name(d) for d in ids]
    assert len({n.lower() for n in names}) == len(names)
    assert "index.html" not in {n.lower() for n in names}
    assert all("/" not in n and "#" not in n and not n.startswith(".") for n in names)
    assert page_name("002_14133727df29d6d0.txt") == "002_14133727df29d6d0.txt.html"
    assert names == [page_name(d) for d in ids]


def test_review_without_input_is_a_one_line_error(tmp_path, capsys):
    assert main(["review", str(tmp_path / "nothing"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_unwritable_out_is_a_one_line_error(tmp_path, capsys):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert main(["review", str(BAC_KAN), "--out", str(tmp_path / "a-file")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --out ") and err.count("\n") == 1
