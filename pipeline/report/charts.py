"""The report's charts, drawn as SVG when the page is built (no chart library,
no script): the facts of one indicator and unit by province (a bar per
fact) and by period (each fact a bar over the time it covers, a lane per
province). Each is drawn twice, for a wide and a narrow screen (the page
shows the one that fits), so that its words stay readable on a phone.

Every number a chart writes is a value of the facts table, and says so: it
stands in a `<tspan>` with `data-col` (the column) and `data-v` (the value),
as the rest of the report does, so that a test can trace each one to the
dataset. Plans are hatched; a fact the articles disagree on is drawn in the
conflict's colour, and the range its mentions state is a line over its bar.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from .format import period, quantity

ROW = 24  # one bar
PAD = 8
CHAR = 7.2  # about the width of a character of the labels (12 px)


@dataclass(frozen=True)
class Layout:
    width: int  # the viewBox's; the chart scales to its box, at most this wide
    label: int  # the province names' column; 0: each name on a line of its own above its bars
    value_room: int  # right of the longest bar, for its value and period


WIDE = Layout(720, 150, 200)
NARROW = Layout(360, 0, 150)


@dataclass(frozen=True)
class Fact:
    """One row of the facts table, as a chart draws it."""

    province: str
    start: date | None
    end: date
    is_plan: bool
    value: float
    low: float  # value_min
    high: float  # value_max
    agree: bool
    unit: str


def _value(f: Fact) -> str:
    return f'<tspan class="v" data-col="facts.value" data-v="{f.value!r}">{escape(quantity(f.value, f.unit))}</tspan>'


def _period(f: Fact) -> str:
    return (f'<tspan class="p" dx="8" data-col="facts.period" data-v="{f.start or ""}/{f.end}">'
            f"{escape(period(f.start, f.end))}</tspan>")


def _text(x: float, y: float, inner: str, anchor: str = "start", cls: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{f" class={cls!r}" if cls else ""}>{inner}</text>'


def _bar_class(f: Fact) -> str:
    return " ".join(["bar", "plan" if f.is_plan else "achieved"] + ([] if f.agree else ["conflict"]))


_DEFS = ('<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
         '<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#3b6ea8" stroke-width="3"/>'
         '</pattern></defs>')


def _svg(layout: Layout, height: float, label: str, body: str) -> str:
    return (f'<svg class="chart" viewBox="0 0 {layout.width} {height:.0f}" width="{layout.width}" role="img" '
            f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">{_DEFS}{body}</svg>')


def _province(layout: Layout, name: str, y: float) -> tuple[str, float]:
    """A province's name beside its first bar, or above its bars on a narrow
    chart; and where its bars begin."""
    if layout.label:
        return _text(layout.label - 4, y + ROW * .65, escape(name), "end", "prov"), y
    return _text(PAD, y + ROW * .7, escape(name), cls="prov"), y + ROW


def by_province(facts: list[Fact], label: str, layout: Layout = WIDE) -> str:
    """A horizontal bar per fact, grouped by province, each labelled with its
    value and period; the range the mentions of a fact state, when they
    differ, is a line over its bar."""
    rows = sorted(facts, key=lambda f: (f.province, f.end, f.start or f.end, f.is_plan))
    low = min(0.0, *(f.low for f in rows))
    high = max(0.0, *(max(f.high, f.value) for f in rows)) or 1.0
    left_edge = layout.label + PAD
    room = layout.width - left_edge - layout.value_room - PAD

    def x(v: float) -> float:
        return left_edge + (v - low) / (high - low) * room

    parts, y, previous = [], PAD, None
    for f in rows:
        if f.province != previous:
            if previous is not None:
                y += 6
                parts.append(f'<line x1="{PAD}" x2="{layout.width - PAD}" y1="{y - 3}" y2="{y - 3}" class="sep"/>')
            name, y = _province(layout, f.province, y)
            parts.append(name)
            previous = f.province
        left, right = sorted((x(0.0), x(f.value)))
        parts.append(f'<rect x="{left:.1f}" y="{y + 4}" width="{max(right - left, 1):.1f}" height="{ROW - 8}" '
                     f'class="{_bar_class(f)}"/>')
        if f.low != f.high:
            parts.append(f'<line x1="{x(f.low):.1f}" x2="{x(f.high):.1f}" y1="{y + ROW / 2}" y2="{y + ROW / 2}" '
                         f'class="range{"" if f.agree else " conflict"}"/>')
        parts.append(_text(max(right, x(f.high)) + 6, y + ROW * .68, _value(f) + _period(f)))
        y += ROW
    return _svg(layout, y + PAD, label, "".join(parts))


def _lanes(facts: list[Fact], x) -> list[list[Fact]]:
    """The facts of one province in as few lanes as keep their bars and
    value labels apart."""
    lanes: list[tuple[list[Fact], float]] = []  # the facts of a lane, and where it is free from
    for f in sorted(facts, key=lambda f: (f.start or f.end, f.end, f.is_plan)):
        start = x(f.start or f.end)
        k = next((k for k, (_, free) in enumerate(lanes) if free < start), None)
        if k is None:
            lanes.append(([], 0.0))
            k = len(lanes) - 1
        lanes[k][0].append(f)
        lanes[k] = (lanes[k][0], x(f.end) + 12 + CHAR * len(quantity(f.value, f.unit)))
    return [lane for lane, _ in lanes]


def by_period(facts: list[Fact], label: str, layout: Layout = WIDE) -> str:
    """A lane per province over the years the facts cover: each fact a bar
    from its first to its last day (a stock, a diamond at its date),
    labelled with its value; a line at the start of each year, named when
    a fact covers it."""
    first = min(f.start or f.end for f in facts)
    last = max(f.end for f in facts)
    span_start, span_end = date(first.year, 1, 1), date(last.year, 12, 31)
    left_edge = layout.label + PAD
    room = layout.width - left_edge - PAD
    days = (span_end - span_start).days + 1

    def x(d: date) -> float:
        return left_edge + (d - span_start).days / days * room

    parts = []
    top = 22
    covered = {y for f in facts for y in range((f.start or f.end).year, f.end.year + 1)}
    for year in range(first.year, last.year + 1):
        left = x(date(year, 1, 1))
        parts.append(f'<line x1="{left:.1f}" x2="{left:.1f}" y1="{top - 4}" y2="100%" class="grid"/>')
        # a year is named where a fact covers it, and where there is room for it
        if year in covered and (x(date(year, 12, 31)) - left >= 34 or year in (first.year, last.year)):
            parts.append(_text(left + 3, top - 8, f'<tspan data-col="facts.year" data-v="{year}">{year}</tspan>', cls="year"))
    y = top
    for province in sorted({f.province for f in facts}):
        name, y = _province(layout, province, y)
        parts.append(name)
        for lane in _lanes([f for f in facts if f.province == province], x):
            for f in lane:
                left, right = x(f.start or f.end), x(f.end) + room / days
                if f.start == f.end or f.start is None:
                    c = x(f.end)
                    parts.append(f'<path d="M{c:.1f} {y + 3} l7 {ROW / 2 - 3} -7 {ROW / 2 - 3} -7 -{ROW / 2 - 3}z" '
                                 f'class="{_bar_class(f)}"/>')
                    right = c + 7
                else:
                    parts.append(f'<rect x="{left:.1f}" y="{y + 4}" width="{max(right - left, 2):.1f}" height="{ROW - 8}" '
                                 f'class="{_bar_class(f)}"/>')
                fits = right + 6 + CHAR * len(quantity(f.value, f.unit)) < layout.width
                parts.append(_text(right + 4 if fits else left - 4, y + ROW * .68, _value(f), "start" if fits else "end"))
            y += ROW
        y += 6
    return _svg(layout, y + PAD, label, "".join(parts))
