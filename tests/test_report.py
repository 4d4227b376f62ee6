"""`python -m pipeline report`: a page on a whole dataset whose every number
is found in the dataset, conflicts and mismatches first, charts drawn into the
page, articles linked to their review pages, nothing fetched; on the seed
articles, on two articles that disagree, and on the dev sets (where
../shared holds them), in Chromium at a phone's width and a wide screen."""
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from browser import ready
from conftest import ROOT

from pipeline.cli import main
from pipeline.figures.numbers import parse_number
from pipeline.io.dataset import articles_path, facts_path
from pipeline.run.progress import Progress

ARTIFACTS = ROOT / "tests" / "artifacts"
SHARED = ROOT.parent / "shared"
# The dev sets; of corpus-dev2, only the articles not held aside to measure generalisation.
HELD_OUT = {"A02", "A03", "A04", "B03", "B05", "B06"}


def dev_inputs() -> list[str]:
    dev, dev2 = SHARED / "corpus-dev", SHARED / "corpus-dev2"
    if not dev.is_dir():
        return []
    return [str(dev)] + [str(p) for p in sorted(dev2.glob("*.txt")) if p.stem not in HELD_OUT]


class _Numbers(HTMLParser):
    """Every run of text on the page with a digit in it, with the `data-col`,
    `data-v` and `data-where` of the nearest element that names them, and
    every tag's attributes."""

    VOID = {"br", "wbr", "meta", "input", "img", "hr", "link", "use", "rect", "line", "path", "circle"}

    def __init__(self, html: str):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.found: list[tuple[str, dict | None]] = []
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag not in self.VOID:
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if any(t in ("style", "script", "title") for t, _ in self.stack) or not any(c.isdigit() for c in data):
            return
        source = next((a for _, a in reversed(self.stack) if "data-col" in a), None)
        self.found.append((data, source))


def _dataset(tmp_path: Path, inputs: list[str]) -> Path:
    out = tmp_path / "figures.parquet"
    assert main(["extract", *inputs, "-o", str(out), "--no-progress", "-j", "1"]) == 0
    return out


def _traced(html: str, dataset: Path) -> int:
    """Check that every number of the page is a value of the dataset; how many there were."""
    figures = pq.read_table(dataset).to_pylist()
    facts = pq.read_table(facts_path(dataset)).to_pylist()
    articles = pq.read_table(articles_path(dataset)).to_pylist()
    tables = {"figures": figures, "facts": facts, "articles": articles}
    page = _Numbers(html)
    assert page.found, "no number on the page"
    for text, source in page.found:
        assert source is not None, f"{text!r} says nowhere where it comes from"
        col, v = source["data-col"], source["data-v"]
        name, _, column = col.partition(".")
        rows = tables[name]
        if where := source.get("data-where"):
            for condition in where.split(";"):
                key, _, wanted = condition.partition("=")
                rows = [r for r in rows if str(r[key]) == wanted]
        if column == "rows":
            assert int(v) == len(rows), (text, col, where)
        elif column.endswith(":distinct"):
            assert int(v) == len({r[column.removesuffix(':distinct')] for r in rows}), (text, col)
        elif column.endswith(":sum"):
            assert int(v) == sum(r[column.removesuffix(':sum')] for r in rows), (text, col)
        elif column == "period":
            start, _, end = v.partition("/")
            assert any(str(r["period_start"] or "") == start and str(r["period_end"]) == end for r in rows), (text, v)
        elif column == "year":
            assert any((r["period_start"] or r["period_end"]).year <= int(v) <= r["period_end"].year for r in rows), v
            assert text.strip() == v
        elif isinstance(rows[0][column], float):
            assert any(r[column] == float(v) for r in rows), (text, col, v)
            shown = text.strip().removesuffix("%")
            assert parse_number(shown) == pytest.approx(float(v), rel=1e-3, abs=1e-9), (text, v)
        else:
            assert any(str(r[column]) == v for r in rows), (text, col, v)
            assert any(c.isdigit() for c in v) and all(part in v for part in text.split()), (text, v)
    return len(page.found)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("seeds")
    dataset = _dataset(tmp, [str(ROOT / "corpus")])
    assert main(["report", str(dataset), "-o", str(tmp / "report"), "--review", str(tmp / "review"),
                 "--lang", "en", "--no-progress"]) == 0
    return dataset, tmp / "report" / "index.html", tmp / "review"


@pytest.fixture(scope="module")
def dev(tmp_path_factory):
    inputs = dev_inputs()
    if not inputs:
        pytest.skip("the dev sets are not beside the repository (../shared/corpus-dev)")
    tmp = tmp_path_factory.mktemp("dev")
    dataset = _dataset(tmp, inputs + [str(ROOT / "corpus")])
    assert main(["report", str(dataset), "-o", str(tmp / "report"), "--review", str(tmp / "review"),
                 "--lang", "vi", "--no-progress"]) == 0
    return dataset, tmp / "report" / "index.html", tmp / "review"


def test_every_number_of_the_seeds_report_is_in_the_dataset(seeds):
    dataset, index, _ = seeds
    assert _traced(index.read_text(encoding="utf-8"), dataset) > 100


def test_every_number_of_the_dev_report_is_in_the_dataset(dev):
    dataset, index, _ = dev
    assert _traced(index.read_text(encoding="utf-8"), dataset) > 300


def test_mismatches_and_conflicts_come_first(seeds):
    _, index, _ = seeds
    html = index.read_text(encoding="utf-8")
    conflicts, mismatches = html.index('id="conflicts"'), html.index('id="mismatches"')
    first_indicator = html.index('class="indicator"')
    assert conflicts < mismatches < first_indicator
    mismatch_rows = html[mismatches:first_indicator]
    for quote in ("726,204/742,287 tỷ đồng", "16,024 tỷ đồng", "23.758/23.279 người"):
        assert f">{quote}</span>”" in mismatch_rows


def test_mismatch_notes_in_the_pages_language(seeds, dev):
    def mismatch_rows(index):
        html = index.read_text(encoding="utf-8")
        return html[html.index('id="mismatches"') : html.index('class="indicator"')]

    assert "stated 102,5% of plan" in mismatch_rows(seeds[1])
    vi = mismatch_rows(dev[1])
    assert "bài nêu đạt 102,5% kế hoạch" in vi and "stated" not in vi


def test_articles_link_to_their_review_pages_at_the_figure(seeds):
    _, index, review = seeds
    page = _Numbers(index.read_text(encoding="utf-8"))
    links = [a["href"] for tag, a in page.tags if tag == "a" and a.get("href", "").startswith("../")]
    assert links
    for link in links:
        target, _, anchor = (index.parent / link).as_posix().partition("#")
        assert Path(target).is_file(), link
        assert f'id="{anchor}"' in Path(target).read_text(encoding="utf-8"), link
    assert (review / "index.html").is_file()


def test_the_report_needs_no_network(seeds):
    _, index, _ = seeds
    page = _Numbers(index.read_text(encoding="utf-8"))
    assert not [tag for tag, _ in page.tags if tag in ("script", "link", "img", "iframe", "object", "embed")]
    assert all(not (a.get("src") or "").startswith(("http", "//")) for _, a in page.tags)


CONFLICTING = {
    "a.txt": "Năm 2024, tỉnh Quảng Nam giải quyết việc làm cho 9.400 lao động.",
    "b.txt": "Trong năm 2024, Quảng Nam đã giải quyết việc làm cho 8.900 lao động.",
}


def test_a_conflict_is_listed_first_with_both_articles(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name, text in CONFLICTING.items():
        (src / name).write_text(text, encoding="utf-8")
    dataset = _dataset(tmp_path, [str(src)])
    assert main(["report", str(dataset), "-o", str(tmp_path / "report"), "--lang", "en", "--no-progress"]) == 0
    html = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="conflicts"') : html.index('id="mismatches"')].replace("<wbr>", "")
    for name, quote in (("a.txt", "9.400 lao động"), ("b.txt", "8.900 lao động")):
        assert f">{name}</span>" in section and f">{quote}</span>" in section
    assert 'class="bar achieved conflict"' in html and 'class="range conflict"' in html
    _traced(html, dataset)


def test_charts_show_by_province_and_by_period(seeds):
    _, index, _ = seeds
    html = index.read_text(encoding="utf-8")
    section = html[html.index('id="ind-jobs_created"') :]
    section = section[: section.index("</section>")]
    units = section.count("<h3>")
    assert units >= 1 and section.count('<svg class="chart"') == 4 * units  # per unit: by province, by period; wide, narrow
    assert 'class="bar achieved"' in section


def test_progress_names_its_task():
    line = Progress(40, enabled=False, task="review").line()
    assert line.startswith("review: 0/40 articles (0%)")


def _one_line_error(capsys, message: str) -> None:
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1, err


def test_not_a_dataset_is_a_usage_error(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nothing"), "-o", str(tmp_path / "r")]) == 2
    _one_line_error(capsys, "not a dataset")


def test_review_pages_in_the_reports_folder_are_refused(seeds, tmp_path, capsys):
    assert main(["report", str(seeds[0]), "-o", str(tmp_path / "r"), "--review", str(tmp_path / "r")]) == 2
    _one_line_error(capsys, "a folder of their own")


def test_a_missing_facts_table_is_a_usage_error(tmp_path, capsys, seeds):
    dataset = seeds[0]
    copy = tmp_path / "figures.parquet"
    copy.mkdir()
    for part in dataset.glob("part-*.parquet"):
        (copy / part.name).write_bytes(part.read_bytes())
    assert main(["report", str(copy), "-o", str(tmp_path / "r")]) == 2
    _one_line_error(capsys, "figures.facts.parquet: missing")


SHOWN = """(() => {
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const charts = [...document.querySelectorAll('svg.chart')].filter(shown);
  return {charts: charts.length,
          bars: charts.reduce((n, c) => n + c.querySelectorAll('.bar').length, 0),
          widest: Math.max(...charts.map(c => c.getBoundingClientRect().width)),
          smallestText: Math.min(...charts.flatMap(c => [...c.querySelectorAll('text')].filter(shown)
                                  .map(t => t.getBoundingClientRect().height))),
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          hiddenSideways: [...document.querySelectorAll('.scroll')].filter(shown)
            .filter(e => e.scrollWidth > e.clientWidth + 1).length};
})()"""


@pytest.mark.parametrize("width", (390, 1400))
def test_the_dev_report_in_chromium(browser, dev, width):
    browser = ready(browser)
    _, index, _ = dev
    browser.viewport(width, 1000, mobile=width < 700)
    browser.open(index.as_uri())
    assert browser.requests == [index.as_uri()], "the report fetched something"
    seen = browser.evaluate(SHOWN)
    assert seen["charts"] >= 20 and seen["bars"] >= seen["charts"]
    assert seen["widest"] <= width and seen["overflow"] <= 0 and seen["hiddenSideways"] == 0
    assert seen["smallestText"] >= 9, "chart labels too small to read"
    ARTIFACTS.mkdir(exist_ok=True)
    browser.evaluate("document.getElementById('ind-poverty_rate').scrollIntoView()")
    (ARTIFACTS / f"report-dev-{width}.png").write_bytes(browser.screenshot())
    browser.evaluate("window.scrollTo(0, 0)")
    (ARTIFACTS / f"report-dev-top-{width}.png").write_bytes(browser.screenshot())


def test_dev_report_counts(dev):
    dataset, index, _ = dev
    facts = pq.read_table(facts_path(dataset))
    html = index.read_text(encoding="utf-8")
    assert f'data-col="facts.rows" data-v="{len(facts)}"' in html
    assert date(2024, 12, 31).isoformat() in html


def test_building_the_review_pages_shows_its_progress(tmp_path, monkeypatch, capsys):
    import pipeline.cli.report as command

    class EveryArticle(Progress):  # a line per article, as a long run gets one every 10 s
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "every": 0.0})

    monkeypatch.setattr(command, "Progress", EveryArticle)
    dataset = _dataset(tmp_path, [str(p) for p in sorted((ROOT / "corpus").glob("*.txt"))[:2]])
    capsys.readouterr()
    assert main(["report", str(dataset), "-o", str(tmp_path / "r"), "--review", str(tmp_path / "pages")]) == 0
    err = capsys.readouterr().err
    assert "review: 1/2 articles (50%)" in err and "review: 2/2 articles (100%)" in err
    assert "report: 1/" in err and " indicators (" in err
