"""The review pages in a real browser, on a phone's width (390 px) and a wide
screen (1400 px): headless Chromium (tests/browser.py) opens the pages from
disk and checks each point of issue 11 in the DOM at both widths, and keeps a
screenshot of each page at each width in tests/artifacts/ (git-ignored;
docs/review-screenshot.png in the README is one of them, copied by hand).
"""
import pytest
from browser import ready
from conftest import ROOT

from pipeline import Article, extract_article
from pipeline.cli import main
from pipeline.io.write import figures_table
from pipeline.report.review import page_name
from pipeline.text.normalise import normalise_text

ARTIFACTS = ROOT / "tests" / "artifacts"
QUANG_NAM, BAC_KAN = "000_c7b70d6d55853988.txt", "002_14133727df29d6d0.txt"
WIDTHS = (390, 1400)
STATUSES = ("mismatch", "partial", "unverifiable", "ok", "unchecked", "conflict")

# What the page shows, read in the browser.
MEASURE = """(() => {
  const shown = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const marks = [...document.querySelectorAll('mark.fig')];
  const look = m => { const s = getComputedStyle(m); return {outline: s.outlineStyle, background: s.backgroundColor}; };
  const wrong = marks.filter(m => m.classList.contains('mismatch'));
  return {
    figures: marks.length,
    laidOut: marks.filter(shown).length,
    broken: [...document.querySelectorAll('mark.fig, .num')].filter(shown)
      .filter(e => e.getClientRects().length > 1).map(e => e.textContent),
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    hiddenSideways: [...document.querySelectorAll('.scroll')].filter(shown)
      .filter(e => e.scrollWidth > e.clientWidth + 1).length,
    mismatches: wrong.map(m => Object.assign({fig: Number(m.dataset.fig)}, look(m))),
    otherBackgrounds: [...new Set(marks.filter(m => !wrong.includes(m)).map(m => look(m).background))],
    iconsOfMarks: marks.map(m => [m.dataset.status, m.querySelector('sup use').getAttribute('href')]),
  };
})()"""

LEGEND = """[...document.querySelectorAll('.legend .swatch')].map(s => ({
  status: s.classList[1], icon: s.querySelector('use').getAttribute('href'),
  background: getComputedStyle(s).backgroundColor, line: getComputedStyle(s).borderBottomStyle,
  shown: s.getBoundingClientRect().width > 0}))"""

POPUP = """(() => {
  const pop = document.getElementById('pop'), r = pop.getBoundingClientRect();
  return {hidden: pop.hidden, sheet: pop.classList.contains('sheet'), top: r.top, bottom: r.bottom,
          left: r.left, right: r.right, text: pop.innerText,
          on: [...document.querySelectorAll('.rel.on')].map(e => e.textContent),
          marks: [...document.querySelectorAll('mark.fig.on')].map(m => Number(m.dataset.fig)),
          linked: [...document.querySelectorAll('mark.fig.linked')].map(m => Number(m.dataset.fig)),
          active: document.activeElement && document.activeElement.id};
})()"""

CENTRE = """(sel => { const e = document.querySelector(sel); e.scrollIntoView({block: 'center'});
  const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("review")
    assert main(["review", str(ROOT / "corpus" / QUANG_NAM), str(ROOT / "corpus" / BAC_KAN),
                 "--out", str(out), "--lang", "en"]) == 0
    return out


def _rows(name: str) -> list[dict]:
    text = normalise_text((ROOT / "corpus" / name).read_text(encoding="utf-8"))
    return figures_table(extract_article(Article(name, text))).to_pylist()


def _open(browser, pages, name: str, width: int):
    browser = ready(browser)
    browser.viewport(width, 900, mobile=width < 700)
    browser.open((pages / name).as_uri())
    assert browser.requests == [(pages / name).as_uri()], "the page fetched something"
    return browser


def _says(popup: dict, label: str, value: str) -> bool:
    """Whether the details box gives `label` the value `value`."""
    return " ".join(popup["text"].split()).find(f"{label} {value}") >= 0


def _press(browser, width: int, x: float, y: float) -> None:
    """A tap on a phone, a click on a wide screen; then the details, once they show."""
    browser.evaluate("document.getElementById('pop').hidden = true")
    (browser.tap if width < 700 else browser.click)(x, y)
    assert browser.wait_for("!document.getElementById('pop').hidden"), "no details shown"


def _shot(browser, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_bytes(browser.screenshot())
    assert (ARTIFACTS / name).read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", [QUANG_NAM, BAC_KAN], ids=lambda n: n[:3])
def test_layout_numbers_and_statuses(browser, pages, name, width):
    browser = _open(browser, pages, page_name(name), width)
    rows = _rows(name)
    seen = browser.evaluate(MEASURE)
    assert seen["figures"] == seen["laidOut"] == len(rows)
    assert seen["overflow"] <= 0, "the page is wider than the screen"
    assert seen["hiddenSideways"] == 0, "a table hides columns sideways"
    assert seen["broken"] == [], "numbers broken across lines"
    assert [m["fig"] for m in seen["mismatches"]] == [i for i, r in enumerate(rows) if r["check_status"] == "mismatch"]
    for m in seen["mismatches"]:
        assert m["outline"] != "none" and m["background"] not in seen["otherBackgrounds"]
    assert all(href == f"#i-{status}" for status, href in seen["iconsOfMarks"])
    _shot(browser, f"review-{name[:3]}-{width}.png")


@pytest.mark.parametrize("width", WIDTHS)
def test_each_status_has_its_icon_and_colour(browser, pages, width):
    browser = _open(browser, pages, page_name(QUANG_NAM), width)
    legend = browser.evaluate(LEGEND)
    assert [s["status"] for s in legend] == list(STATUSES)
    assert all(s["shown"] for s in legend)
    assert len({s["icon"] for s in legend}) == len({s["background"] for s in legend}) == len(STATUSES)
    assert {s["line"] for s in legend} >= {"double", "dashed", "dotted", "solid"}
    present = {status for status, _ in browser.evaluate(MEASURE)["iconsOfMarks"]}
    assert present >= {"mismatch", "partial", "unverifiable", "ok", "unchecked"}


@pytest.mark.parametrize("width", WIDTHS)
def test_money_in_scale_words_and_the_qualifier(browser, pages, width):
    browser = _open(browser, pages, page_name(QUANG_NAM), width)
    rows = _rows(QUANG_NAM)
    i = next(k for k, r in enumerate(rows) if r["quote"] == "1.400 tỷ đồng")
    cells = browser.evaluate(f"""[...document.querySelector('tr.fig-row[data-fig="{i}"]').cells].map(c => c.innerText)""")
    assert "khoảng 1.400 tỷ đồng" in cells[1]
    assert cells[2].split()[:2] == ["1.400", "tỷ"]
    x, y = browser.evaluate(CENTRE + f"""('mark.fig[data-fig="{i}"]')""")
    _press(browser, width, x, y)
    popup = browser.evaluate(POPUP)
    assert not popup["hidden"] and _says(popup, "qualifier", "about") and _says(popup, "value", "1.400 tỷ VND")
    assert popup["on"] == ["khoảng"]


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_reaches_a_figure_and_shows_its_plan_and_percentage(browser, pages, width):
    browser = _open(browser, pages, page_name(BAC_KAN), width)
    target = next(f"fig{r['char_start']}" for r in _rows(BAC_KAN) if r["check_status"] == "mismatch")
    for _ in range(200):
        browser.key("Tab", key_code=9)
        if browser.evaluate("document.activeElement.id") == target:
            break
    popup = browser.evaluate(POPUP)
    assert popup["active"] == target and not popup["hidden"]
    assert popup["on"] == ["23.279", "102,5%"]
    assert _says(popup, "indicator from", "its own words") and _says(popup, "period from", "the article")
    assert "stated 102,5% of plan, but 23.758/23.279 = 102,06%" in popup["text"]
    assert popup["sheet"] == (width < 700)
    assert 0 <= popup["left"] and popup["right"] <= width, "the details stand outside the screen"
    browser.key("Escape", key_code=27)
    assert browser.evaluate(POPUP)["hidden"] and browser.evaluate("document.activeElement.id") == target
    browser.key("Enter", key_code=13)
    assert not browser.evaluate(POPUP)["hidden"]
    _shot(browser, f"review-details-{width}.png")


def test_touch_shows_the_details_and_keeps_the_figure_in_sight(browser, pages):
    browser = _open(browser, pages, page_name(BAC_KAN), 390)
    x, y = browser.evaluate(CENTRE + "('mark.fig.mismatch')")
    _press(browser, 390, x, y)
    popup = browser.evaluate(POPUP)
    assert not popup["hidden"] and popup["sheet"]
    mark = browser.evaluate("document.querySelector('mark.fig.mismatch').getBoundingClientRect().toJSON()")
    assert 0 <= mark["top"] and mark["bottom"] <= popup["top"], "the sheet hides the figure"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_tied_word_leads_to_its_figure_and_the_figures_of_its_checks_are_linked(browser, pages, width):
    browser = _open(browser, pages, page_name(BAC_KAN), width)
    x, y = browser.evaluate(CENTRE + "('.rel.pct')")
    _press(browser, width, x, y)
    popup = browser.evaluate(POPUP)
    first = browser.evaluate("Number(document.querySelector('.rel.pct').dataset.of.split(' ')[0])")
    assert popup["marks"] == [first] and f"#{first + 1}\n" in popup["text"]
    total = browser.evaluate("Number(document.querySelector('mark.fig[data-with]').dataset.fig)")
    partners = browser.evaluate("document.querySelector('mark.fig[data-with]').dataset.with.split(' ').map(Number)")
    x, y = browser.evaluate(CENTRE + f"""('mark.fig[data-fig="{total}"]')""")
    _press(browser, width, x, y)
    assert sorted(browser.evaluate(POPUP)["linked"]) == sorted(partners)


FILTER = """((name, value) => { const form = document.getElementById('filters');
  form.elements[name].value = value; form.dispatchEvent(new Event('input'));
  const rows = [...document.querySelectorAll('tr.fig-row')];
  return {shown: rows.filter(r => !r.hidden).map(r => Number(r.dataset.fig)),
          dim: [...document.querySelectorAll('mark.fig.dim')].map(m => Number(m.dataset.fig)),
          count: form.querySelector('.count').textContent, visible: form.getBoundingClientRect().width > 0}; })"""


@pytest.mark.parametrize("width", WIDTHS)
def test_filters_by_status_indicator_frames_and_words(browser, pages, width):
    browser = _open(browser, pages, page_name(QUANG_NAM), width)
    rows = _rows(QUANG_NAM)
    every = list(range(len(rows)))

    def filtered(name, value):
        seen = browser.evaluate(f"{FILTER}({name!r}, {value!r})")
        assert seen["visible"]
        assert seen["dim"] == [i for i in every if i not in seen["shown"]]
        assert seen["count"] == f"{len(seen['shown'])} of {len(rows)} shown"
        browser.evaluate(f"{FILTER}({name!r}, '')")
        return seen["shown"]

    assert filtered("status", "mismatch") == [i for i, r in enumerate(rows) if r["check_status"] == "mismatch"]
    assert filtered("status", "unchecked") == [i for i, r in enumerate(rows) if r["check_status"] is None]
    assert filtered("indicator", "merit_beneficiaries") == [i for i, r in enumerate(rows) if r["indicator"] == "merit_beneficiaries"]
    assert filtered("ifrom", "total") == [i for i, r in enumerate(rows) if r["indicator_from"] == "total"] != []
    assert filtered("pfrom", "none") == [i for i, r in enumerate(rows) if r["period_from"] is None] != []
    assert filtered("q", "nguoi co cong") == filtered("q", "người có công") != []
    assert filtered("q", "1.400 tỷ") == [i for i, r in enumerate(rows) if r["quote"] == "1.400 tỷ đồng"]


INDEX = """[...document.querySelectorAll('table.index tbody tr')].map(r => ({
  figures: Number(r.dataset.figures), published: r.dataset.published,
  cells: [...r.cells].map(c => c.getBoundingClientRect().width > 0 ? c.innerText : null)}))"""


@pytest.mark.parametrize("width", WIDTHS)
def test_index_with_title_province_date_counts_sortable(browser, pages, width):
    browser = _open(browser, pages, "index.html", width)
    rows = browser.evaluate(INDEX)
    assert [r["cells"][1] for r in rows] == ["Quảng Nam", "Bắc Kạn"]
    assert rows[1]["cells"][0].startswith("Ngành Lao động - Thương binh và Xã hội tỉnh Bắc Kạn")
    assert rows[1]["cells"][2] == "2024-12-01" and rows[1]["figures"] == len(_rows(BAC_KAN))
    assert browser.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    if width < 700:  # no headings on a phone: the select sorts
        browser.evaluate("(s => { s.value = 'figures:1'; s.dispatchEvent(new Event('change')); })(document.getElementById('sort'))")
    else:
        browser.evaluate("document.querySelector('th[data-key=figures] button').click()")
    assert [r["figures"] for r in browser.evaluate(INDEX)] == sorted(r["figures"] for r in rows)
    if width >= 700:
        browser.evaluate("document.querySelector('th[data-key=figures] button').click()")
        assert [r["figures"] for r in browser.evaluate(INDEX)] == sorted((r["figures"] for r in rows), reverse=True)
        assert browser.evaluate("document.querySelector('th[data-key=figures]').getAttribute('aria-sort')") == "descending"
    links = browser.evaluate("[...document.querySelectorAll('table.index a')].map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted(page_name(n) for n in (QUANG_NAM, BAC_KAN))
    _shot(browser, f"review-index-{width}.png")


@pytest.mark.parametrize("name", [QUANG_NAM, "index.html"], ids=["article", "index"])
def test_every_width_from_360_up_fits(browser, pages, name):
    page = page_name(name) if name != "index.html" else name
    for width in (360, 540, 768, 1024, 1280, 1366, 1920):
        seen = _open(browser, pages, page, width).evaluate(MEASURE)
        assert (width, seen["overflow"], seen["hiddenSideways"], seen["broken"]) == (width, 0, 0, [])
