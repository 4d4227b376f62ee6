"""The review pages without a browser: one highlighted mark per dataset row, at
the row's offsets, mismatches marked, an index with the counts, nothing
fetched from the network."""
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT

from pipeline import Article, extract_article
from pipeline.cli import main
from pipeline.report.review import page_names
from pipeline.text.normalise import normalise_text

SEEDS = sorted((ROOT / "corpus").glob("*.txt"))


class _Page(HTMLParser):
    """The marks of a page (attributes and text) and every tag's attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.marks: list[dict] = []
        self.tags: list[tuple[str, dict]] = []
        self._in_mark = self._in_sup = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "mark":
            self._in_mark = True
            self.marks.append({**attrs, "text": ""})
        elif tag == "sup" and self._in_mark:
            self._in_sup = True

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False
        elif tag == "sup":
            self._in_sup = False

    def handle_data(self, data):
        if self._in_mark and not self._in_sup:
            self.marks[-1]["text"] += data


@pytest.fixture(scope="module")
def review_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    assert main(["review", str(ROOT / "corpus"), "--out", str(out)]) == 0
    return out


def _article(path: Path) -> Article:
    return Article(path.name, normalise_text(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_one_mark_per_row_at_its_offsets(review_dir, seed):
    article = _article(seed)
    figures = extract_article(article)
    page = _Page((review_dir / f"{seed.name}.html").read_text(encoding="utf-8"))
    assert len(page.marks) == len(figures)
    assert [int(m["data-fig"]) for m in page.marks] == list(range(len(figures)))
    assert [m["text"] for m in page.marks] == [article.text[f.char_start : f.char_end] for f in figures]
    marked = [int(m["data-fig"]) for m in page.marks if "mismatch" in m["class"].split()]
    assert marked == [i for i, f in enumerate(figures) if f.check_status == "mismatch"]
    assert all(f"check: {f.check_status}" in m["title"] for m, f in zip(page.marks, figures) if f.check_status)


def test_mismatches_of_the_seeds_are_marked(review_dir):
    bac_kan = _Page((review_dir / "002_14133727df29d6d0.txt.html").read_text(encoding="utf-8"))
    assert [m["text"] for m in bac_kan.marks if "mismatch" in m["class"]] == ["23.758/23.279 người"]
    quang_nam = _Page((review_dir / "000_c7b70d6d55853988.txt.html").read_text(encoding="utf-8"))
    assert [m["text"] for m in quang_nam.marks if "mismatch" in m["class"]] == ["726,204/742,287 tỷ đồng", "16,024 tỷ đồng"]


def test_index_lists_articles_with_counts(review_dir):
    page = _Page((review_dir / "index.html").read_text(encoding="utf-8"))
    links = [a["href"] for tag, a in page.tags if tag == "a"]
    assert links == [f"{p.name}.html" for p in SEEDS]
    assert all((review_dir / link).is_file() for link in links)
    html = (review_dir / "index.html").read_text(encoding="utf-8")
    assert "Review: 5 articles, 2 mismatches" in html
    figures = len(extract_article(_article(SEEDS[2])))
    assert f'<a href="{SEEDS[2].name}.html">{SEEDS[2].name}</a></td><td></td><td>{figures}</td>' in html


def test_pages_need_no_network(review_dir):
    for path in review_dir.glob("*.html"):
        page = _Page(path.read_text(encoding="utf-8"))
        assert not [tag for tag, _ in page.tags if tag in ("script", "link", "img", "iframe")], path.name
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


def test_page_names_are_distinct_and_safe():
    names = page_names(["a/b.txt", "a_b.txt", "x.jsonl#1", "x.jsonl#2", "index.html", "../up.txt"])
    assert len(set(names)) == len(names)
    assert "index.html" not in names
    assert all("/" not in n and "#" not in n and not n.startswith(".") for n in names)


def test_review_without_input_is_a_one_line_error(tmp_path, capsys):
    assert main(["review", str(tmp_path / "nothing"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_unwritable_out_is_a_one_line_error(tmp_path, capsys):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    assert main(["review", str(SEEDS[2]), "--out", str(tmp_path / "a-file")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --out ") and err.count("\n") == 1
