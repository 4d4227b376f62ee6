"""A review page per article: every figure highlighted in the text, what the
dataset says about it, and whether the article's arithmetic holds; and an
index of the articles.

The pages are self-contained HTML (inline CSS, a small inline script, no
network): a journalist opens them from disk, in English or Vietnamese. Each
figure is a `<mark class="fig">` with `data-fig` (its row in the article's
figures), its check status as a class (`mismatch`, `partial`,
`unverifiable`, `ok`, `unchecked` for nothing to check, plus `conflict` when
another article or mention disagrees) shown by colour, line pattern and
icon. The words a figure's check reads besides its number (its qualifier,
its plan, its stated percentage) are `<span class="rel" data-of="i">`.
Selecting a figure (click, tap, Tab, Enter) shows its details (value in the
article's scale words, plan, indicator and period with where each was read)
and highlights those words and the figures of its checks; the table of the
figures can be filtered by status, indicator, the frames the indicator and
period came from, and words. Without the script the text, the checks, the
table and a tooltip per figure remain.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from hashlib import blake2b
from html import escape
from pathlib import Path

from .. import rules
from ..checks.context import Figures, line_column
from ..checks.facts import CONFLICT, conflicts
from ..checks.findings import MISMATCH, PARTIAL, STATUS_ORDER, Finding
from ..checks.messages import kind_label, note, status_label
from ..checks.written import stated_percent, target_match, written_value
from ..figures.numbers import DIGITS
from ..io.articles import article_record
from ..io.language import bare
from ..io.write import figures_table
from ..model import DATELINE, FRAMES, HEADING, TITLE, Article, Document, Figure
from ..text.document import build_document
from .format import amount, number, period
from .html import breakable, icon, page, period_html, status_badge
from .words import counted, frame_label, indicator_name, word

UNCHECKED = "unchecked"  # a figure no check involves
FIGURE_STATUSES = (*STATUS_ORDER, UNCHECKED)  # in the order the legend and filters list them
FRAME_VALUES = (*FRAMES, "none")
TITLE_WORDS = 4  # a first line of fewer words is a section name ("Xã hội"), not the title
TITLE_CHARS = 120  # a title read off the text is cut after this many characters


@dataclass
class Reviewed:
    """One article with its figures, the findings of its checks and, once
    the articles are reviewed together, the conflicts it takes part in."""

    article: Article
    figures: list[Figure]
    findings: list[Finding]
    conflicts: list[Finding] = field(default_factory=list)

    @property
    def mismatches(self) -> int:
        return sum(1 for f in self.findings if f.status == MISMATCH)

    @property
    def partial(self) -> int:
        return sum(1 for f in self.findings if f.status == PARTIAL)


def figure_status(f: Figure) -> str:
    return f.check_status or UNCHECKED


def status_name(status: str, lang: str) -> str:
    """A figure's status in words; `unchecked` is `nothing to check`, `conflict` the kind's name."""
    if status == UNCHECKED:
        return word("unchecked", lang)
    if status == CONFLICT:
        return kind_label(CONFLICT, lang)
    return status_label(status, lang)


# --- where things are on the page --------------------------------------------------


def page_name(doc_id: str) -> str:
    """The file name of an article's page, the same wherever it is computed
    (the report links to pages by it): the doc_id with `/` and `#` made `_`
    and `.html` added, and a short digest of the doc_id when that changed it or
    when it holds capitals (two doc_ids must not meet on a case-blind disk)."""
    stem = _UNSAFE.sub("_", doc_id).strip("._") or "article"
    if stem != doc_id or stem.lower() != stem or stem.lower() == "index":
        stem += "-" + blake2b(doc_id.encode("utf-8", "backslashreplace"), digest_size=4).hexdigest()
    return f"{stem}.html"


_UNSAFE = re.compile(r"[^\w.-]+")


def anchor(f: Figure) -> str:
    """The id of a figure's mark, stable across pages: `fig` and its offset."""
    return f"fig{f.char_start}"


def title_of(article: Article, doc: Document) -> str:
    """The article's title: its own (a page's, a .jsonl line's); else, read
    off the text, the line right above its date line (a scrape keeps `Xã
    hội` / title / `09:42 PM 01/12/2024`), or the first title or heading
    before its lead that reads as one; else the start of its first line."""
    if article.title:
        return article.title
    lines = [(b, doc.text[b.start : b.end]) for b in doc.blocks]
    head = next((k for k, (b, _) in enumerate(lines) if b.kind == DATELINE), None)
    if head is not None:
        above = [line for _, line in lines[:head] if len(line.split()) >= TITLE_WORDS]
        if above:
            return _cut(above[-1])
    for block, line in lines:
        if block.lead:
            break
        if block.kind in (TITLE, HEADING) and len(line.split()) >= TITLE_WORDS:
            return _cut(line)
    return _cut(lines[0][1]) if lines else article.doc_id


def _cut(line: str) -> str:
    return line if len(line) <= TITLE_CHARS else line[: line.rfind(" ", 0, TITLE_CHARS)] + " …"


# --- the words tied to a figure ----------------------------------------------------------


@dataclass(frozen=True)
class Tied:
    """Words a figure's check reads besides its number: its qualifier
    (`khoảng`), its plan (`6.400` of `7.000/6.400`, `(24.000 người)`) or its
    stated percentage (`109,4%`)."""

    start: int
    end: int
    role: str  # qualifier, plan, pct
    figure: int


def tied_words(doc: Document, figures: list[Figure]) -> list[Tied]:
    """The qualifier, plan and stated percentage of every figure, where the
    text writes them in its sentence."""
    text, out = doc.text, []
    in_doc = Figures(doc, figures)
    for i, f in enumerate(figures):
        start = in_doc.quote_start(i)
        if start < f.char_start:
            out.append(Tied(start, start + len(text[start : f.char_start].rstrip()), "qualifier", i))
        if f.target is not None and (m := target_match(f, text, written_value(f, text).scale)):
            out.append(Tied(m.start(), m.end(), "plan", i))
        if f.pct_of_target is not None:
            end = stated_percent(doc.rules, f, f.pct_of_target, text).end
            numbers = list(DIGITS.finditer(text, f.char_end, end))
            if numbers:
                out.append(Tied(numbers[-1].start(), end, "pct", i))
    return out


def _nested(figures: list[Figure], tied: list[Tied]) -> tuple[list[Tied], dict[tuple[int, int], list[int]]]:
    """The tied words that nest with the marks and with one another (inside a
    mark or apart from all), one span per place, and the figures each place
    is tied to: a percentage two figures share is one span tied to both."""
    marks = [(f.char_start, f.char_end) for f in figures]
    kept: dict[tuple[int, int], Tied] = {}
    owners: dict[tuple[int, int], list[int]] = {}
    for t in sorted(tied, key=lambda t: (t.start, -t.end)):
        if any(s < t.end and t.start < e and not (s <= t.start and t.end <= e) for s, e in marks):
            continue  # across a mark's edge
        place = (t.start, t.end)
        if place in kept:
            owners[place].append(t.figure)
        elif not any(s < t.end and t.start < e for s, e in kept):
            kept[place], owners[place] = t, [t.figure]
    return [Tied(*place, kept[place].role, 0) for place in kept], owners


# --- one article's page ------------------------------------------------------------------


@dataclass
class _Article:
    """What an article's page shows, worked out once."""

    r: Reviewed
    lang: str
    doc: Document
    record: dict  # its row of the articles table
    title: str
    names: dict[str, str]  # doc_id -> page name, of every reviewed article
    by_start: dict[int, int] = field(default_factory=dict)  # char_start -> figure index
    involved: dict[int, list[Finding]] = field(default_factory=dict)  # figure index -> its findings
    with_: dict[int, set[int]] = field(default_factory=dict)  # figure index -> the figures of its checks
    in_conflict: set[int] = field(default_factory=set)

    def __post_init__(self):
        self.by_start = {f.char_start: i for i, f in enumerate(self.r.figures)}
        for finding in self.r.findings:
            for i in finding.figures:
                self.involved.setdefault(i, []).append(finding)
                self.with_.setdefault(i, set()).update(k for k in finding.figures if k != i)
        for c in self.r.conflicts:
            i = self.conflict_figure(c)
            if i is not None:
                self.in_conflict.add(i)
                self.involved.setdefault(i, []).append(c)

    @property
    def text(self) -> str:
        return self.r.article.text

    def conflict_figure(self, c: Finding) -> int | None:
        """The figure of this article a conflict names."""
        mine = c.char_start if c.doc_id == self.r.article.doc_id else c.other_char_start
        return self.by_start.get(mine)

    def statuses(self, i: int) -> list[str]:
        f = self.r.figures[i]
        return [figure_status(f)] + ([CONFLICT] if i in self.in_conflict else [])


def _fig_link(a: _Article, i: int) -> str:
    f = a.r.figures[i]
    return f'<a href="#{anchor(f)}" data-fig="{i}" class="fig-link">#{i + 1}</a>'


def _finding_note(a: _Article, finding: Finding) -> str:
    """A finding's note in the page's language, as HTML; a conflict names the
    other mention with a link to it."""
    if finding.kind != CONFLICT:
        return escape(finding.note_in(a.lang))
    here = a.r.article.doc_id
    if finding.doc_id == here:
        other, at, quote = finding.other_doc_id, finding.other_char_start, finding.other_quote
    else:
        other, at, quote = finding.doc_id, finding.char_start, finding.quote
    params = {"where": "\0", "quote": quote or "", "about": finding.params.get("about", "")}
    if other == here:
        line, column = line_column(a.text, at)
        i = a.by_start.get(at)
        where = _fig_link(a, i) if i is not None else f"{line}:{column}"
        return escape(note("conflict.said_again", a.lang, params)).replace("\0", where)
    where = f'<a href="{escape(a.names.get(other, page_name(other)))}#fig{at}" class="id">{breakable(other)}</a>'
    return escape(note("conflict.other_article", a.lang, params)).replace("\0", where)


def _finding_item(a: _Article, finding: Finding) -> str:
    status = CONFLICT if finding.kind == CONFLICT else finding.status
    figures = finding.figures if finding.kind != CONFLICT else [i for i in [a.conflict_figure(finding)] if i is not None]
    links = " ".join(_fig_link(a, i) for i in figures)
    badge = status_badge(status, status_name(finding.status, a.lang))
    return (f'<li class="{status}">{badge} <span class="kind">{escape(kind_label(finding.kind, a.lang))}</span> '
            f"{links}: {_finding_note(a, finding)}</li>")


def _findings(a: _Article) -> str:
    """Mismatches and conflicts in full; the checks that hold, fall short or
    cannot be made folded away."""
    findings = a.r.findings + a.r.conflicts
    if not findings:
        return f"<p>{escape(word('no_checks', a.lang))}</p>"
    ordered = sorted(findings, key=lambda x: (STATUS_ORDER.index(x.status), x.kind != CONFLICT, x.char_start))
    wrong = [f for f in ordered if f.status == MISMATCH]
    rest = [f for f in ordered if f.status != MISMATCH]
    out = (f'<ul class="findings">{"".join(_finding_item(a, f) for f in wrong)}</ul>' if wrong
           else f"<p>{escape(word('nothing_contradicted', a.lang))}</p>")
    if rest:
        counts = ", ".join(f"{sum(1 for f in rest if f.status == s)} {escape(status_label(s, a.lang))}"
                           for s in STATUS_ORDER if s != MISMATCH)
        out += (f"<details><summary>{escape(word('other_checks', a.lang))}: {counts}</summary>"
                f'<ul class="findings">{"".join(_finding_item(a, f) for f in rest)}</ul></details>')
    return out


def _legend(lang: str) -> str:
    keys = "".join(f'<span class="swatch {s}">{status_badge(s, status_name(s, lang))}</span>'
                   for s in (*FIGURE_STATUSES, CONFLICT))
    return f'<div class="legend" aria-label="{escape(word("legend", lang))}">{keys}</div>'


def _value(f: Figure) -> str:
    """The value in the article's scale words, a range with its upper end."""
    shown = amount(f.value, f.unit, f.unit_text)
    if f.value_max is not None:
        shown += " – " + amount(f.value_max, f.unit, f.unit_text)
    return shown


def _quote(a: _Article, i: int) -> str:
    """The figure's words, from its qualifier to its unit."""
    f = a.r.figures[i]
    start = Figures(a.doc, a.r.figures).quote_start(i)
    return " ".join(a.text[start : f.char_end].split())


def _details(a: _Article, i: int) -> str:
    """Everything the dataset holds about a figure, for its details box."""
    f, lang = a.r.figures[i], a.lang
    rows = [
        (word("words", lang), f"“{escape(_quote(a, i))}”"),
        (word("value", lang), f'<span class="num">{escape(_value(f))}</span> <span class="id">{escape(f.unit)}</span>'
                              + (f' <span class="muted">({escape(word("unit_text", lang))}: {escape(f.unit_text)})</span>'
                                 if f.unit_text else "")),
    ]
    if f.qualifier:
        rows.append((word("qualifier", lang), escape(word(f.qualifier, lang))))
    if f.target is not None:
        rows.append((word("plan", lang), f'<span class="num">{escape(amount(f.target, f.unit, f.unit_text))}</span>'))
    if f.pct_of_target is not None:
        rows.append((word("pct_of_target", lang), f'<span class="num">{escape(number(f.pct_of_target))}%</span>'))
    if f.is_plan:
        rows.append((word("plan", lang), escape(word("is_plan", lang))))
    rows += [
        (word("indicator", lang), f"{escape(indicator_name(f.indicator, lang))} "
                                  f'<span class="id muted">{breakable(f.indicator)}</span>'),
        (word("indicator_text", lang), f"“{escape(f.indicator_text)}”" if f.indicator_text else ""),
        (word("indicator_from", lang), escape(frame_label(f.indicator_from, lang))),
        (word("period", lang), period_html(f.period_start, f.period_end)),
        (word("period_text", lang), f"“{escape(f.period_text)}”" if f.period_text else ""),
        (word("period_from", lang), escape(frame_label(f.period_from, lang))),
        (word("province", lang), escape(f.province or "")),
    ]
    for label, link in ((word("part_of", lang), f.total_id), (word("repeat_of", lang), f.repeat_of)):
        k = a.by_start.get(int(link.rpartition("#")[2])) if link else None
        if k is not None:
            rows.append((label, _fig_link(a, k)))
    checks = a.involved.get(i, [])
    rows.append((word("check", lang), "<br>".join(
        f"{status_badge(CONFLICT if c.kind == CONFLICT else c.status, status_name(c.status, lang))} "
        f"{escape(kind_label(c.kind, lang))}: {_finding_note(a, c)}" for c in checks)
        or status_badge(UNCHECKED, status_name(UNCHECKED, lang))))
    rows.append((word("figure_id", lang), f'<span class="id">{breakable(f.figure_id)}</span>'))
    items = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows if v)
    return f'<template id="d{i}"><p><strong>#{i + 1}</strong></p><dl class="detail">{items}</dl></template>'


def _tooltip(a: _Article, i: int) -> str:
    """The details in short, for a browser without the script."""
    f, lang = a.r.figures[i], a.lang
    notes = "; ".join(c.note_in(lang) for c in a.involved.get(i, []))
    return "\n".join([
        f"{word('value', lang)}: {_value(f)} {f.unit}",
        f"{word('indicator', lang)}: {f.indicator}",
        f"{word('period', lang)}: {period(f.period_start, f.period_end)}",
        f"{word('check', lang)}: {status_name(figure_status(f), lang)}" + (f": {notes}" if notes else ""),
    ])


def _sup(a: _Article, i: int) -> str:
    badges = "".join(icon(s, status_name(s, a.lang)) for s in a.statuses(i))
    return f"<sup>{i + 1}{badges}</sup>"


def _highlighted(a: _Article) -> str:
    """The article's text with every figure in a <mark> and the words tied to
    figures in a <span class="rel">, properly nested."""
    figures, text = a.r.figures, a.text
    tied, owners = _nested(figures, tied_words(a.doc, figures))
    # (start, end, opening tag, closing tag) of every span, marks around what they hold
    spans = []
    for i, f in enumerate(figures):
        status = " ".join(a.statuses(i))
        attrs = (f'class="fig {status}" id="{anchor(f)}" data-fig="{i}" data-status="{figure_status(f)}" '
                 f'tabindex="0" role="button" title="{escape(_tooltip(a, i))}"')
        if a.with_.get(i):
            attrs += f' data-with="{" ".join(map(str, sorted(a.with_[i])))}"'
        spans.append((f.char_start, f.char_end, 0, f"<mark {attrs}>", _sup(a, i) + "</mark>"))
    for t in tied:
        of = " ".join(map(str, owners[(t.start, t.end)]))
        spans.append((t.start, t.end, 1, f'<span class="rel {t.role}" data-of="{of}" tabindex="-1">', "</span>"))
    spans.sort(key=lambda s: (s[0], -s[1], s[2]))
    out, cursor, open_ = [], 0, []  # open_: ends and closing tags of the spans open
    for start, end, _, opening, closing in spans:
        while open_ and open_[-1][0] <= start:
            stop, tag = open_.pop()
            out += [escape(text[cursor:stop]), tag]
            cursor = stop
        out += [escape(text[cursor:start]), opening]
        cursor = start
        open_.append((end, closing))
    while open_:
        stop, tag = open_.pop()
        out += [escape(text[cursor:stop]), tag]
        cursor = stop
    out.append(escape(text[cursor:]))
    return "".join(out)


def _searchable(a: _Article, i: int) -> str:
    f = a.r.figures[i]
    words = [_quote(a, i), _value(f), f.indicator, indicator_name(f.indicator, a.lang), f.indicator_text,
             f.period_text or "", period(f.period_start, f.period_end), f.unit, f.unit_text]
    return bare(" ".join(words))


def _indicator_cell(indicator: str, lang: str) -> str:
    """An indicator as the table names it: its Vietnamese name, or its id
    broken only between its words (`social_insurance_<wbr>compulsory`) for
    an English reader (the English names are descriptions)."""
    if lang == "vi":
        return escape(indicator_name(indicator, lang))
    return f'<span class="id" title="{escape(indicator_name(indicator, lang))}">{breakable(indicator)}</span>'


_CELL_CLASS = {"n": ' class="n fignum"'}


def _figures_table(a: _Article) -> str:
    lang = a.lang
    columns = ("n", "words", "value", "plan_pct", "indicator", "period", "check")
    head = "".join(f'<th scope="col"{" class=n" if c == "n" else ""}>{escape(word(c, lang))}</th>' for c in columns)
    rows = []
    for i, f in enumerate(a.r.figures):
        statuses = a.statuses(i)
        cells = {
            "n": _fig_link(a, i),
            "words": escape(_quote(a, i)),
            "value": f'<span class="num">{escape(_value(f))}</span> <span class="id muted">{escape(f.unit)}</span>',
            "plan_pct": "<br>".join(
                ([f'<span class="num">{escape(amount(f.target, f.unit, f.unit_text))}</span>'] if f.target is not None else [])
                + ([f'<span class="num">{escape(number(f.pct_of_target))}%</span>'] if f.pct_of_target is not None else [])),
            "indicator": _indicator_cell(f.indicator, lang)
                         + f'<br><span class="muted">← {escape(frame_label(f.indicator_from, lang))}</span>',
            "period": period_html(f.period_start, f.period_end)
                      + f'<br><span class="muted">← {escape(frame_label(f.period_from, lang))}</span>'
                      if f.period_end or f.period_start else
                      f'<span class="muted">{escape(frame_label(None, lang))}</span>',
            "check": " ".join(status_badge(s, status_name(s, lang)) for s in statuses),
        }
        tds = "".join(f'<td data-label="{escape(word(c, lang))}"{_CELL_CLASS.get(c, "")}>{cells[c]}</td>'
                      for c in columns)
        rows.append(
            f'<tr class="fig-row {" ".join(statuses)}" id="row{f.char_start}" data-fig="{i}" '
            f'data-status="{" ".join(statuses)}" data-indicator="{escape(f.indicator)}" '
            f'data-ifrom="{f.indicator_from or "none"}" data-pfrom="{f.period_from or "none"}" '
            f'data-search="{escape(_searchable(a, i))}">{tds}</tr>'
        )
    return (f'<div class="scroll"><table class="figs cards"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def _options(values: list[tuple[str, str]], lang: str) -> str:
    return f'<option value="">{escape(word("all", lang))}</option>' + "".join(
        f'<option value="{escape(v)}">{escape(label)}</option>' for v, label in values)


def _filters(a: _Article) -> str:
    lang, figures = a.lang, a.r.figures
    present = {s for i in range(len(figures)) for s in a.statuses(i)}
    statuses = [(s, status_name(s, lang)) for s in (*FIGURE_STATUSES, CONFLICT) if s in present]
    indicators = sorted({f.indicator for f in figures}, key=lambda ind: indicator_name(ind, lang))
    frames = [(v, frame_label(None if v == "none" else v, lang)) for v in FRAME_VALUES]
    fields = [
        ("status", word("status", lang), _options(statuses, lang)),
        ("indicator", word("indicator", lang), _options([(ind, indicator_name(ind, lang)) for ind in indicators], lang)),
        ("ifrom", word("indicator_from", lang), _options(frames, lang)),
        ("pfrom", word("period_from", lang), _options(frames, lang)),
    ]
    selects = "".join(f'<label>{escape(label)}<select name="{name}">{options}</select></label>'
                      for name, label, options in fields)
    search = (f'<label>{escape(word("search", lang))}<input type="search" name="q" '
              f'placeholder="{escape(word("search_hint", lang))}"></label>')
    template = escape(word("shown", lang, shown="{shown}", total="{total}"))
    return (f'<form id="filters" class="filters" hidden aria-label="{escape(word("filter", lang))}">'
            f'{selects}{search}<output class="count" data-template="{template}"></output></form>')


def render_article(a: _Article) -> str:
    lang, r = a.lang, a.r
    meta = [f'<span class="id">{breakable(r.article.doc_id)}</span>']
    if a.record.get("province"):
        meta.append(f"<span>{escape(word('province', lang))}: {escape(a.record['province'])}</span>")
    if a.record.get("published"):
        meta.append(f"<span>{escape(word('published', lang))}: <span class=\"num\">{escape(a.record['published'])}</span></span>")
    if a.record.get("outlet"):
        meta.append(f"<span>{escape(word('outlet', lang))}: {escape(a.record['outlet'])}</span>")
    counts = ", ".join([counted(len(r.figures), "figure", lang), counted(len(r.findings), "check", lang),
                        counted(r.mismatches, "mismatch", lang)]
                       + ([counted(len(r.conflicts), "conflict", lang)] if r.conflicts else []))
    meta += [f"<span>{escape(counts)}</span>", f'<span><a href="index.html">{escape(word("all_articles", lang))}</a></span>']
    body = f"""<header class="top"><h1>{escape(a.title)}</h1><div class="meta">{"".join(meta)}</div></header>
<div class="layout">
<main>
<h2>{escape(word("checks", lang))}</h2>
{_findings(a)}
{_legend(lang)}
<p class="hint">{escape(word("tap_hint", lang))}</p>
<h2>{escape(word("text", lang))}</h2>
<div class="text">{_highlighted(a)}</div>
</main>
<aside class="figures"><h2>{escape(word("figures", lang))}</h2>{_filters(a)}{_figures_table(a)}</aside>
</div>
<div id="pop" role="dialog" aria-live="polite" hidden><button type="button" class="close">{escape(word("close", lang))}</button><div class="body"></div></div>
{"".join(_details(a, i) for i in range(len(r.figures)))}"""
    return page(a.title, body, lang, ("base.css", "review.css"), ("review.js",))


# --- the index -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    """An article as the index lists it."""

    r: Reviewed
    title: str
    record: dict
    name: str  # its page


def render_index(pages: list[Listed], lang: str) -> str:
    columns = [("title", None), ("province", None), ("published", None), ("figures", "n"), ("checks", "n"),
               ("mismatches", "n"), ("partial", "n"), ("conflicts", "n")]
    labels = {"figures": word("n_figures", lang), "checks": word("n_checks", lang),
              "mismatches": status_label(MISMATCH, lang), "partial": status_label(PARTIAL, lang),
              "conflicts": word("conflicts", lang)}
    head = "".join(
        f'<th scope="col" data-key="{key}" aria-sort="none"{" class=n" if kind else ""}>'
        f'<button type="button">{escape(labels.get(key) or word(key, lang))}</button></th>'
        for key, kind in columns)
    rows = []
    for a in pages:
        r = a.r
        values = {"doc": r.article.doc_id, "title": a.title, "province": a.record.get("province") or "", "published": a.record.get("published") or "",
                  "figures": len(r.figures), "checks": len(r.findings), "mismatches": r.mismatches,
                  "partial": r.partial, "conflicts": len(r.conflicts)}
        data = " ".join(f'data-{k}="{escape(str(v))}"' for k, v in values.items())
        cells = {
            "title": f'<a href="{escape(a.name)}">{escape(a.title)}</a>'
                     f'<br><span class="id muted">{breakable(r.article.doc_id)}</span>',
            "province": escape(values["province"]),
            "published": f'<span class="num">{escape(values["published"])}</span>',
            "mismatches": status_badge(MISMATCH, str(r.mismatches)) if r.mismatches else "0",
            "partial": status_badge(PARTIAL, str(r.partial)) if r.partial else "0",
            "conflicts": status_badge(CONFLICT, str(len(r.conflicts))) if r.conflicts else "0",
        }
        tds = "".join(
            f'<td data-label="{escape(labels.get(key) or word(key, lang))}"{" class=n" if kind else ""}>'
            f"{cells.get(key, values[key])}</td>" for key, kind in columns)
        rows.append(f'<tr class="{"mismatch" if r.mismatches else ""}" {data}>{tds}</tr>')
    sort_options = f'<option value="">{escape(word("input_order", lang))}</option>' + "".join(
        f'<option value="{key}:{d}">{escape(labels.get(key) or word(key, lang))} {"↑" if d > 0 else "↓"}</option>'
        for key, _ in columns for d in (1, -1))
    figures = sum(len(a.r.figures) for a in pages)
    mismatches = sum(a.r.mismatches for a in pages)
    heading = (f"{word('review_title', lang)}: {counted(len(pages), 'article', lang)}, "
               f"{counted(figures, 'figure', lang)}, {counted(mismatches, 'mismatch', lang)}")
    body = f"""<header class="top"><h1>{escape(heading)}</h1></header>
<div class="layout single">
<main>
{_legend(lang)}
<label class="sort" hidden>{escape(word("sort_by", lang))} <select id="sort">{sort_options}</select></label>
<div class="scroll"><table class="index cards"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>
</main>
</div>"""
    return page(word("review_title", lang), body, lang, ("base.css", "review.css"), ("index.js",))


# --- writing them --------------------------------------------------------------------------


def write_review(reviewed: list[Reviewed], out: Path, lang: str = "en", r: rules.Rules | None = None) -> Path:
    """Write a page per article and the index; returns the index's path. The
    articles are checked against one another too (conflicts)."""
    r = r or rules.default_rules()
    texts = {x.article.doc_id: x.article.text for x in reviewed}
    found = conflicts(figures_table([f for x in reviewed for f in x.figures]), texts)
    by_doc = {x.article.doc_id: x for x in reviewed}
    for x in reviewed:
        x.conflicts = []
    for c in found:
        by_doc[c.doc_id].conflicts.append(c)
        if c.other_doc_id != c.doc_id and c.other_doc_id in by_doc:
            by_doc[c.other_doc_id].conflicts.append(c)
    names = {x.article.doc_id: page_name(x.article.doc_id) for x in reviewed}
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for x in reviewed:
        doc = build_document(x.article, r)
        record = article_record(doc, x.figures, "")
        a = _Article(x, lang, doc, record, title_of(x.article, doc), names)
        (out / names[x.article.doc_id]).write_text(render_article(a), encoding="utf-8")
        pages.append(Listed(x, a.title, record, names[x.article.doc_id]))
    index = out / "index.html"
    index.write_text(render_index(pages, lang), encoding="utf-8")
    return index
