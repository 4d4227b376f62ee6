"""The report on a dataset, for researchers: one self-contained HTML page
(inline CSS and SVG, no script, no network).

First what needs a look: the facts the articles disagree on (conflicts) and
the figures whose own arithmetic does not hold (mismatches). Then, per
indicator and unit, its facts by province and by period as charts
(pipeline.report.charts), a table under each, and the articles each fact
comes from, linked to their review pages when there are some.

Every number on the page stands in an element that names where it comes
from: `data-col` is `<table>.<column>` (`facts.value`, `figures.quote`,
`articles.published`; `facts.period` for a period, `facts.year` for a year
of one, `<table>.rows` for a count of rows, with `data-where` when the count
is of some of them) and `data-v` the value. A test reads the page back and
finds each of them in the dataset.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape

import pyarrow as pa
import pyarrow.compute as pc

from .. import rules
from ..checks.messages import status_label
from .charts import NARROW, WIDE, Fact, by_period, by_province
from .format import quantity
from .html import breakable, page, period_html, status_badge
from .review import page_name
from .words import counted, indicator_name, word, word_html

MAX_BARS = 40  # past this, the chart by province shows each province's latest period
FIGURE_COLUMNS = ("figure_id", "doc_id", "indicator", "unit", "unit_text", "value", "quote", "char_start",
                  "check_status", "check_note", "check_note_vi")


@dataclass(frozen=True)
class Review:
    """Review pages to link to: the folder, relative to the report, and the
    articles that have a page there."""

    href: str
    doc_ids: frozenset[str]


def _cell(col: str, value, text: str, tag: str = "span", cls: str = "num", where: str | None = None) -> str:
    """A value of the dataset as the page shows it, with where it comes from."""
    extra = f' data-where="{escape(where)}"' if where else ""
    return f'<{tag} class="{cls}" data-col="{col}" data-v="{escape(repr(value) if isinstance(value, float) else str(value))}"{extra}>{text}</{tag}>'


def _count(n: int, noun: str, lang: str, table: str, where: str | None = None) -> str:
    """`5 facts`, the 5 a count of the table's rows (those `where` says)."""
    words = escape(counted(n, noun, lang)).removeprefix(str(n))
    return _cell(f"{table}.rows", n, str(n), where=where) + words


def _table(lang: str, labels: tuple[str, ...], rows: list[list[str]], cls: str = "cards") -> str:
    """A table under its column names (`labels`, words of the page), each
    cell saying its column's name too, for the cards of a narrow screen."""
    head = "".join(f"<th>{escape(word(k, lang))}</th>" for k in labels)
    body = "".join("<tr>" + "".join(f'<td data-label="{escape(word(k, lang))}">{c}</td>' for k, c in zip(labels, cells))
                   + "</tr>" for cells in rows)
    return f'<div class="scroll"><table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _period(start, end) -> str:
    return _cell("facts.period", f"{start or ''}/{end}", period_html(start, end), cls="period")


class _Report:
    def __init__(self, figures: pa.Table, facts: pa.Table, articles: pa.Table, lang: str,
                 review: Review | None, r: rules.Rules):
        self.lang, self.review, self.rules = lang, review, r
        self.n_figures = len(figures)
        self.facts = facts.to_pylist()
        self.articles = {a["doc_id"]: a for a in articles.to_pylist()}
        wanted = {i for f in self.facts if not f["agree"] for i in f["figure_ids"]}
        mask = pc.or_kleene(pc.equal(figures["check_status"], "mismatch"),
                            pc.is_in(figures["figure_id"], value_set=pa.array(sorted(wanted), pa.string())))
        rows = figures.select(list(FIGURE_COLUMNS)).filter(pc.fill_null(mask, False)).to_pylist()
        self.figures = {row["figure_id"]: row for row in rows}

    # --- links -----------------------------------------------------------------

    def article_link(self, doc_id: str, char_start: int | None = None) -> str:
        """An article named by its doc_id, linked to its review page (at the
        figure) when it has one; its title, date and outlet on hover."""
        a = self.articles.get(doc_id, {})
        hover = " · ".join(str(v) for v in (a.get("title"), a.get("published"), a.get("outlet")) if v)
        name = _cell("articles.doc_id", doc_id, breakable(doc_id), cls="id")
        if self.review and doc_id in self.review.doc_ids:
            at = f"#fig{char_start}" if char_start is not None else ""
            return f'<a href="{escape(self.review.href)}/{escape(page_name(doc_id))}{at}" title="{escape(hover)}">{name}</a>'
        url = a.get("url")
        return f'<a href="{escape(url)}" title="{escape(hover)}">{name}</a>' if url else f'<span title="{escape(hover)}">{name}</span>'

    def fact_articles(self, fact: dict) -> str:
        """The articles a fact comes from, each linked at its first mention."""
        first: dict[str, int] = {}
        for figure_id in fact["figure_ids"]:
            doc, _, at = figure_id.rpartition("#")
            first.setdefault(doc, int(at))
        return "<br>".join(self.article_link(doc, at) for doc, at in first.items())

    # --- the sections ------------------------------------------------------------

    def header(self) -> str:
        lang = self.lang
        provinces = len({f["province"] for f in self.facts})
        counts = ", ".join([
            _count(len(self.articles), "article", lang, "articles"),
            _count(self.n_figures, "figure", lang, "figures"),
            _count(len(self.facts), "fact", lang, "facts"),
            _cell("facts.province:distinct", provinces, str(provinces))
            + escape(counted(provinces, "province", lang)).removeprefix(str(provinces)),
        ])
        return f'<header class="top"><h1>{escape(word("report_title", lang))}</h1><p class="counts">{counts}</p></header>'

    def groups(self) -> dict[str, dict[str, list[dict]]]:
        """indicator -> unit -> its facts, indicators in the order rules/indicators.yaml lists them."""
        out: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for f in self.facts:
            out[f["indicator"]][f["unit"]].append(f)
        order = list(self.rules.indicators.indicators)
        return {ind: dict(out[ind]) for ind in sorted(out, key=lambda i: (order.index(i) if i in order else len(order), i))}

    def contents(self, groups: dict) -> str:
        lang = self.lang
        conflicts = sum(1 for f in self.facts if not f["agree"])
        mismatches = sum(1 for row in self.figures.values() if row["check_status"] == "mismatch")
        items = [
            f'<li><a href="#conflicts">{escape(word("conflicts_heading", lang))}</a> '
            f'({_cell("facts.rows", conflicts, str(conflicts), where="agree=False")})</li>',
            f'<li><a href="#mismatches">{escape(word("mismatches_heading", lang))}</a> '
            f'({_cell("figures.rows", mismatches, str(mismatches), where="check_status=mismatch")})</li>',
        ]
        for ind, units in groups.items():
            n = sum(map(len, units.values()))
            items.append(f'<li><a href="#ind-{escape(ind)}">{escape(indicator_name(ind, lang))}</a> '
                         f'<span class="id muted">{breakable(ind)}</span> '
                         f'({_cell("facts.rows", n, str(n), where=f"indicator={ind}")})</li>')
        return f'<nav class="contents"><h2>{escape(word("contents", lang))}</h2><ul>{"".join(items)}</ul></nav>'

    def conflicts(self) -> str:
        lang = self.lang
        rows = []
        for f in (f for f in self.facts if not f["agree"]):
            mentions = []
            for figure_id in f["figure_ids"]:
                m = self.figures.get(figure_id)
                if m is None:
                    continue
                mentions.append(
                    f"<li>{self.article_link(m['doc_id'], m['char_start'])}: "
                    f"“{_cell('figures.quote', m['quote'], escape(m['quote']), cls='quote')}” = "
                    f"{_cell('figures.value', m['value'], escape(quantity(m['value'], m['unit'], m['unit_text'])))}</li>")
            rows.append([
                status_badge("conflict", word("conflicts", lang)),
                f'{escape(indicator_name(f["indicator"], lang))}<br><span class="id muted">{breakable(f["indicator"])}</span>',
                escape(f["province"]),
                _period(f["period_start"], f["period_end"]) + ("<br>" + escape(word("planned", lang)) if f["is_plan"] else ""),
                self.stated(f),
                f'<ul class="mentions">{"".join(mentions)}</ul>',
            ])
        labels = ("status", "indicator", "province", "period", "range_of", "articles")
        body = _table(lang, labels, rows) if rows else f'<p>{escape(word("no_conflicts", lang))}</p>'
        return f'<section id="conflicts"><h2>{escape(word("conflicts_heading", lang))}</h2>{body}</section>'

    def stated(self, f: dict) -> str:
        """A fact's value, and the range of its mentions when they differ."""
        value = _cell("facts.value", f["value"], escape(quantity(f["value"], f["unit"])))
        if f["value_min"] == f["value_max"]:
            return value
        low = _cell("facts.value_min", f["value_min"], escape(quantity(f["value_min"], f["unit"])))
        high = _cell("facts.value_max", f["value_max"], escape(quantity(f["value_max"], f["unit"])))
        return f'{value} <span class="muted">({low} – {high})</span>'

    def mismatches(self) -> str:
        lang = self.lang
        rows = [[
            status_badge("mismatch", status_label("mismatch", lang)),
            self.article_link(m["doc_id"], m["char_start"]),
            f"“{_cell('figures.quote', m['quote'], escape(m['quote']), cls='quote')}”",
            escape(indicator_name(m["indicator"], lang)),
            self.note(m),
        ] for m in self.figures.values() if m["check_status"] == "mismatch"]
        labels = ("status", "article", "words", "indicator", "note")
        body = _table(lang, labels, rows) if rows else f'<p>{escape(word("no_mismatches", lang))}</p>'
        return f'<section id="mismatches"><h2>{escape(word("mismatches_heading", lang))}</h2>{body}</section>'

    def note(self, m: dict) -> str:
        """What the checks found, in the page's language (an older dataset
        has its notes in English only)."""
        column = "check_note_vi" if self.lang == "vi" and m["check_note_vi"] else "check_note"
        return _cell(f"figures.{column}", m[column] or "", escape(m[column] or ""), cls="note")

    def indicator(self, ind: str, units: dict[str, list[dict]]) -> str:
        lang = self.lang
        parts = [f'<section id="ind-{escape(ind)}" class="indicator"><h2>{escape(indicator_name(ind, lang))} '
                 f'<span class="id muted">{breakable(ind)}</span></h2>']
        for unit, facts in sorted(units.items()):
            parts.append(f'<h3>{escape(word("unit", lang))}: <span class="id">{escape(unit)}</span> '
                         f'({_count(len(facts), "fact", lang, "facts", where=f"indicator={ind};unit={unit}")})</h3>')
            drawn = [_fact(f) for f in facts]
            shown = _latest(drawn) if len(drawn) > MAX_BARS else drawn
            name = f"{indicator_name(ind, lang)} ({unit})"
            parts.append(f'<figure><figcaption>{escape(word("by_province", lang))}'
                         + (f' — {escape(word("chart_latest", lang))}' if shown is not drawn else "")
                         + f"</figcaption>{_both(by_province, shown, name + ' ' + word('by_province', lang))}</figure>")
            parts.append(self.province_table(facts))
            parts.append(f'<figure><figcaption>{escape(word("by_period", lang))}</figcaption>'
                         f"{_both(by_period, drawn, name + ' ' + word('by_period', lang))}</figure>")
            parts.append(self.period_table(facts))
        parts.append("</section>")
        return "".join(parts)

    def province_table(self, facts: list[dict]) -> str:
        """The facts by province: each with its range, mentions and articles."""
        lang = self.lang
        rows = [[
            escape(f["province"]),
            _period(f["period_start"], f["period_end"]),
            escape(word("planned" if f["is_plan"] else "achieved", lang)),
            self.stated(f),
            _cell("facts.n_mentions", f["n_mentions"], str(f["n_mentions"])),
            self.fact_articles(f),
            status_badge("ok", word("yes", lang)) if f["agree"] else status_badge("conflict", word("no", lang)),
        ] for f in sorted(facts, key=lambda f: (f["province"], f["period_end"], f["period_start"] or f["period_end"], f["is_plan"]))]
        return _table(lang, ("province", "period", "kind", "value", "mentions", "articles", "agree"), rows)

    def period_table(self, facts: list[dict]) -> str:
        """The facts in the order of their periods."""
        lang = self.lang
        rows = [[
            _period(f["period_start"], f["period_end"]),
            escape(f["province"]),
            escape(word("planned" if f["is_plan"] else "achieved", lang)),
            _cell("facts.value", f["value"], escape(quantity(f["value"], f["unit"]))),
        ] for f in sorted(facts, key=lambda f: (f["period_end"], f["period_start"] or f["period_end"], f["province"], f["is_plan"]))]
        return _table(lang, ("period", "province", "kind", "value"), rows, "cards compact")


def _both(chart, facts: list[Fact], label: str) -> str:
    """A chart drawn for a wide screen and for a narrow one; the page shows the one that fits."""
    return (f'<div class="wide-only">{chart(facts, label, WIDE)}</div>'
            f'<div class="narrow-only">{chart(facts, label, NARROW)}</div>')


def _fact(f: dict) -> Fact:
    return Fact(f["province"], f["period_start"], f["period_end"], f["is_plan"], f["value"],
                f["value_min"], f["value_max"], f["agree"], f["unit"])


def _latest(facts: list[Fact]) -> list[Fact]:
    """Each province's facts of its latest period."""
    last = {}
    for f in facts:
        last[f.province] = max(last.get(f.province, f.end), f.end)
    return [f for f in facts if f.end == last[f.province]]


def render_report(figures: pa.Table, facts: pa.Table, articles: pa.Table, lang: str = "en",
                  review: Review | None = None, r: rules.Rules | None = None, progress=None) -> str:
    """The report's page. `progress` (a Progress) advances once per indicator."""
    report = _Report(figures, facts, articles, lang, review, r or rules.default_rules())
    groups = report.groups()
    sections = []
    for ind, units in groups.items():
        sections.append(report.indicator(ind, units))
        if progress is not None:
            progress.advance()
    mentions = sum(f["n_mentions"] for f in report.facts)
    gathered = word_html("in_facts", lang, n=_cell("facts.n_mentions:sum", mentions, str(mentions)),
                         total=_cell("figures.rows", report.n_figures, str(report.n_figures)))
    body = (f'{report.header()}<div class="report">{report.contents(groups)}{report.conflicts()}'
            f'{report.mismatches()}{"".join(sections)}<p class="muted">{gathered}</p></div>')
    return page(word("report_title", lang), body, lang, ("base.css", "report.css"))


def groups_count(facts: pa.Table) -> int:
    """How many indicators the report draws (what its progress counts)."""
    return len(set(facts["indicator"].to_pylist()))
