"""A review page per article: every figure highlighted in the text, what the
dataset says about it, and whether the article's arithmetic holds.

The pages are self-contained HTML (inline CSS, no script, no network): a
journalist opens them from disk. Each figure is a `<mark class="fig">` with
`data-fig` (its row in the article's figures) and its check status as a class
(`mismatch`, `ok`, `unverifiable`); hovering shows value, unit, indicator,
period and check, and the side table lists the same for every figure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..checks.findings import MISMATCH, STATUS_ORDER, Finding
from ..checks.written import vn_number
from ..model import Article, Figure


@dataclass
class Reviewed:
    """One article with its figures and the findings of the checks."""

    article: Article
    figures: list[Figure]
    findings: list[Finding]

    @property
    def mismatches(self) -> int:
        return sum(1 for f in self.findings if f.status == MISMATCH)


_CSS = """
body { font: 15px/1.6 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
header { padding: 12px 24px; background: #24303f; color: #fff; }
header a { color: #cfe3ff; }
header h1 { font-size: 18px; margin: 0 0 4px; }
.layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 24px; padding: 16px 24px; }
.text { white-space: pre-wrap; background: #fff; padding: 16px 20px; border: 1px solid #ddd; border-radius: 6px; }
mark.fig, .key { background: #fff3b0; border-bottom: 2px solid #d4a800; padding: 0 1px; border-radius: 2px; }
mark.fig.ok, .key.ok { background: #d9f2d9; border-bottom-color: #2e8b57; }
mark.fig.unverifiable, .key.unverifiable { background: #e6ecf5; border-bottom-color: #7a8ca8; }
mark.fig.mismatch, .key.mismatch { background: #ffd6d6; border-bottom: 3px solid #c62828; outline: 2px solid #c62828; font-weight: 600; }
mark.fig.mismatch::before { content: "\\26A0 "; color: #c62828; }
mark.fig:hover, mark.fig:target { filter: brightness(0.9); }
mark.fig sup { font-size: 10px; color: #555; margin-left: 1px; }
aside { font-size: 12px; }
aside td { word-break: break-word; }
aside td:first-child { word-break: normal; white-space: nowrap; }
details summary { cursor: pointer; color: #444; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
tr.mismatch td { background: #ffecec; }
.status { font-weight: 600; white-space: nowrap; }
.status.mismatch { color: #c62828; }
.status.ok { color: #2e7d32; }
.status.unverifiable { color: #546e7a; }
.findings li { margin-bottom: 4px; }
.legend .key { margin-right: 10px; }
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _status_class(f: Figure) -> str:
    return f.check_status or "unchecked"


def _period(f: Figure) -> str:
    if f.period_start is None and f.period_end is None:
        return f.period_text or ""
    if f.period_start == f.period_end:
        return f"{f.period_end}"
    return f"{f.period_start or ''} – {f.period_end or ''}"


def _plain(x: float) -> str:
    """`23758.0` -> `23.758`, `1271108000000.0` -> `1.271.108.000.000`, `68.67` -> `68,67`."""
    return vn_number(x, 6).rstrip("0").rstrip(",")


def _written(f: Figure, text: str) -> str:
    return " ".join(text[f.char_start : f.char_end].split())


def _details(f: Figure, text: str) -> list[tuple[str, str]]:
    """What the dataset holds about a figure, for its tooltip."""
    rows = [
        ("text", _written(f, text)),
        ("value", f"{_plain(f.value)} {f.unit}"),
        ("indicator", f.indicator),
        ("period", _period(f)),
    ]
    if f.target is not None:
        rows.append(("plan", _plain(f.target)))
    if f.pct_of_target is not None:
        rows.append(("% of plan", _plain(f.pct_of_target)))
    if f.qualifier:
        rows.append(("qualifier", f.qualifier))
    rows.append(("check", f"{f.check_status}: {f.check_note}" if f.check_status else "nothing to check"))
    return rows


def _highlighted(text: str, figures: list[Figure]) -> str:
    """The article's text with every figure (in reading order, apart) in a <mark>."""
    out = []
    cursor = 0
    for i, f in enumerate(figures):
        tooltip = "\n".join(f"{k}: {v}" for k, v in _details(f, text))
        out.append(escape(text[cursor : f.char_start]))
        out.append(
            f'<mark class="fig {_status_class(f)}" id="f{i}" data-fig="{i}" data-status="{_status_class(f)}" '
            f'title="{escape(tooltip)}">{escape(text[f.char_start : f.char_end])}<sup>{i + 1}</sup></mark>'
        )
        cursor = f.char_end
    out.append(escape(text[cursor:]))
    return "".join(out)


def _finding_items(findings: list[Finding]) -> str:
    items = []
    for finding in findings:
        links = " ".join(f'<a href="#f{k}">#{k + 1}</a>' for k in finding.figures)
        items.append(
            f'<li><span class="status {finding.status}">{finding.status}</span> {escape(finding.kind)} '
            f"{links}: {escape(finding.note)}</li>"
        )
    return f'<ul class="findings">{"".join(items)}</ul>'


def _findings_list(findings: list[Finding]) -> str:
    """Mismatches in full; the checks that hold or cannot be made folded away."""
    if not findings:
        return "<p>No arithmetic to check in this article.</p>"
    ordered = sorted(findings, key=lambda x: (STATUS_ORDER.index(x.status), x.char_start))
    wrong = [f for f in ordered if f.status == MISMATCH]
    rest = [f for f in ordered if f.status != MISMATCH]
    out = _finding_items(wrong) if wrong else "<p>No number of this article contradicts another.</p>"
    if rest:
        counts = ", ".join(f"{sum(1 for f in rest if f.status == s)} {s}" for s in STATUS_ORDER if s != MISMATCH)
        out += f"<details><summary>Other checks: {counts}</summary>{_finding_items(rest)}</details>"
    return out


def _figures_table(figures: list[Figure], text: str) -> str:
    head = "<tr><th>#</th><th>text</th><th>value</th><th>indicator</th><th>period</th><th>check</th></tr>"
    rows = []
    for i, f in enumerate(figures):
        status = _status_class(f)
        rows.append(
            f'<tr class="{status}" title="{escape(f.check_note or "")}"><td><a href="#f{i}">{i + 1}</a></td>'
            f"<td>{escape(_written(f, text))}</td><td>{escape(_plain(f.value))} {escape(f.unit)}</td>"
            f"<td>{escape(f.indicator)}</td><td>{escape(_period(f))}</td>"
            f'<td class="status {status}">{escape(f.check_status or "")}</td></tr>'
        )
    return f"<table>{head}{''.join(rows)}</table>"


def plural(n: int, word: str) -> str:
    """`1 mismatch`, `2 mismatches`, `5 figures`."""
    return f"{n} {word}" + ("" if n == 1 else "es" if word.endswith("h") else "s")


def render_article(r: Reviewed) -> str:
    a = r.article
    title = a.title or a.doc_id
    counts = f"{plural(len(r.figures), 'figure')}, {plural(len(r.findings), 'check')}, {plural(r.mismatches, 'mismatch')}"
    body = f"""<header><h1>{escape(title)}</h1>
<div>{escape(a.doc_id)} · {counts} · <a href="index.html">all articles</a></div></header>
<div class="layout">
<main>
<h2>Checks</h2>
{_findings_list(r.findings)}
<p class="legend"><span class="key mismatch">mismatch</span> <span class="key ok">holds</span>
<span class="key unverifiable">cannot be checked</span> <span class="key unchecked">nothing to check</span></p>
<div class="text">{_highlighted(a.text, r.figures)}</div>
</main>
<aside><h2>Figures</h2>{_figures_table(r.figures, a.text)}</aside>
</div>"""
    return _page(title, body)


def render_index(pages: list[tuple[Reviewed, str]]) -> str:
    rows = []
    for r, name in pages:
        cls = ' class="mismatch"' if r.mismatches else ""
        rows.append(
            f'<tr{cls}><td><a href="{escape(name)}">{escape(r.article.doc_id)}</a></td>'
            f"<td>{escape(r.article.title or '')}</td><td>{len(r.figures)}</td><td>{len(r.findings)}</td>"
            f'<td class="status{" mismatch" if r.mismatches else ""}">{r.mismatches}</td></tr>'
        )
    total = sum(r.mismatches for r, _ in pages)
    body = f"""<header><h1>Review: {plural(len(pages), 'article')}, {plural(total, 'mismatch')}</h1></header>
<div class="layout" style="grid-template-columns: 1fr">
<table><tr><th>article</th><th>title</th><th>figures</th><th>checks</th><th>mismatches</th></tr>{''.join(rows)}</table>
</div>"""
    return _page("Review of the articles' figures", body)


_UNSAFE = re.compile(r"[^\w.-]+")


def page_names(doc_ids: list[str]) -> list[str]:
    """A distinct file name for each article's page (doc_ids hold `/` and `#`)."""
    names: list[str] = []
    taken = {"index.html"}
    for doc_id in doc_ids:
        stem = _UNSAFE.sub("_", doc_id).strip("._") or "article"
        name, n = f"{stem}.html", 1
        while name.lower() in taken:
            n += 1
            name = f"{stem}-{n}.html"
        taken.add(name.lower())
        names.append(name)
    return names


def write_review(reviewed: list[Reviewed], out: Path) -> Path:
    """Write a page per article and the index; returns the index's path."""
    out.mkdir(parents=True, exist_ok=True)
    names = page_names([r.article.doc_id for r in reviewed])
    for r, name in zip(reviewed, names):
        (out / name).write_text(render_article(r), encoding="utf-8")
    index = out / "index.html"
    index.write_text(render_index(list(zip(reviewed, names))), encoding="utf-8")
    return index
