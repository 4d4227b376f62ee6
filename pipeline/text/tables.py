"""Tables in an article's text, known by their header of years or periods.

Government portals publish statistics as tables, and a scrape flattens them
in one of two ways (an `.html` page's `<table>` comes out of the reader in
the second):

- one cell per line: a heading for the labels, then one line per column
  heading (`Năm 2021`, `Năm 2022`), then each row as its label followed by
  one line per value;
- one row per line, cells apart by `|` or tabs (`Diện tích lúa (nghìn ha) |
  627,4 | 640,1`), the header in the first rows.

A table is a header with at least one column headed by a period (two in the
one-cell-per-line layout, where a lone `Năm 2023` may be a heading), and
rows below it. A column's heading gives its period (`Năm 2021`, `6 tháng
đầu năm 2024`, `Quý I/2023`, `2021`, `KH 2024`), whether its figures are a
plan (`KH`) or estimates (`Ước TH`); a column that compares periods (`So
sánh 2023/2022`) or says nothing of time gives no figures, except one headed
`ĐVT` that holds each row's unit. Every cell keeps its offsets in the text.
The words that decide are in rules/tables.yaml.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import regex

from .. import rules
from ..meaning.time_phrases import AS_OF, SPAN, find_time_phrases, to_date
from ..rules import phrase_regex

_SCHEMA = {
    "period_words": [str],
    "comparison_words": [str],
    "unit_column_words": [str],
    "empty_cells": [str],
    "rate_labels": [str],
}

# A cell that holds an amount: a number at its head, at most two words (a
# qualifier) before it and a few after (its unit), never a sentence.
_VALUE = regex.compile(r"^[^\p{L}\d]{0,2}(?:\p{L}+\s+){0,2}\d[\d.,/]*(?:\s*%|(?:\s*[^\s|]+){0,3})$")
_YEAR = regex.compile(r"(?<![\d.,/])(?:19|20)\d{2}(?![\d.,]\d)")
_YEAR_RANGE = regex.compile(r"^\s*((?:19|20)\d{2})\s*-\s*((?:19|20)\d{2})\s*$")
# `|` not escaped as `\|` (trafilatura escapes a bar inside a cell).
_BAR = regex.compile(r"(?<!\\)\|")
_RULE_LINE = regex.compile(r"^\|?(?:\s*:?-{2,}:?\s*\|)*\s*:?-{2,}:?\s*\|?$")  # |---|---|
# The number of a row, not its label: "1", "1.2", "II", "a)".
_INDEX = regex.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,5}|\p{Ll})[.)]?$")
_BULLET = regex.compile(r"^[-+•*▪●]\s*")
# One cell per line: a column's heading or a unit is a short line, a row's
# label a line that is no sentence.
_HEADING_WORDS = 8
_LABEL_WORDS = 20
_CLOSED = regex.compile(r"[.!?…:;]\s*$")


@dataclass(frozen=True)
class Cell:
    start: int  # offsets in the article's text
    end: int
    text: str


@dataclass(frozen=True)
class Column:
    """A column headed by a period: its cells are figures of that period."""

    heading: str
    period_start: date
    period_end: date
    plan: bool = False  # "KH 2024", "Kế hoạch năm 2024"
    estimate: bool = False  # "Ước TH 2023"


@dataclass(frozen=True)
class Row:
    label: Cell | None  # what the row counts ("Diện tích lúa (nghìn ha)")
    unit: Cell | None  # its cell in the unit column, where the table has one
    cells: tuple[Cell | None, ...]  # one per column of the table; None where empty
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    start: int  # from its first header line to its last row
    end: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class TableVocabulary:
    period_words: regex.Pattern
    plan: regex.Pattern  # the plan words of figures.yaml ("KH 2024")
    estimate: regex.Pattern  # its estimate qualifiers ("Ước TH 2023")
    comparison: regex.Pattern
    unit_column: regex.Pattern
    empty_cells: frozenset[str]
    rate_label: regex.Pattern  # for .match at a label's start


def compile_table_vocabulary(r: rules.Rules) -> TableVocabulary:
    from ..figures.grammar import _FIGURES_SCHEMA

    data = r.data("tables", _SCHEMA)
    figures = r.data("figures", _FIGURES_SCHEMA)
    return TableVocabulary(
        period_words=phrase_regex(data["period_words"]),
        plan=phrase_regex(figures["plan_words"]),
        estimate=phrase_regex(figures["qualifiers"]["estimate"]),
        comparison=phrase_regex(data["comparison_words"]),
        unit_column=phrase_regex(data["unit_column_words"]),
        empty_cells=frozenset(w.lower() for w in data["empty_cells"]),
        rate_label=phrase_regex(data["rate_labels"], "^"),
    )


def find_tables(r: rules.Rules, text: str) -> list[Table]:
    """The tables of an article's text, in reading order."""
    lines = list(_lines(text))
    tables = _row_tables(r, lines) + _cell_tables(r, [line for line in lines if line.text])
    return sorted(tables, key=lambda t: t.start)


# --- headings ------------------------------------------------------------------


def column_of(r: rules.Rules, heading: str) -> Column | None:
    """The column a heading opens when it names a period with its year, with
    nothing else beside it but plan, estimate and period words."""
    v = r.tables
    if not regex.search(r"\d", heading) or v.comparison.search(heading) or v.unit_column.search(heading):
        return None
    span = _heading_span(r, heading)
    if span is None:
        return None
    (start, end), rest = span
    for pattern in (v.period_words, v.estimate, v.plan):
        rest = pattern.sub(" ", rest)
    if regex.search(r"[\p{L}\d]", rest):
        return None  # "Dân số 2023": a label with a year, not a period
    return Column(
        heading=heading,
        period_start=start,
        period_end=end,
        plan=bool(v.plan.search(heading)),
        estimate=bool(v.estimate.search(heading)),
    )


def _heading_span(r: rules.Rules, heading: str) -> tuple[tuple[date, date], str] | None:
    """The dates a heading names, and the heading without its time words."""
    phrases = [p for p in find_time_phrases(r.periods, heading) if p.kind in (SPAN, AS_OF) and p.years()]
    if len(phrases) == 1:
        p = phrases[0]
        year = p.years()[-1]
        end = to_date(p.last, year)
        start = end if p.kind == AS_OF else to_date(p.first, year)
        return (start, end), heading[: p.start] + " " + heading[p.end :]
    if phrases:
        return None
    years = _YEAR.findall(heading)
    if len(years) == 1:
        y = int(years[0])
        return (date(y, 1, 1), date(y, 12, 31)), _YEAR.sub(" ", heading)
    m = _YEAR_RANGE.match(heading)
    if m and m[1] < m[2]:  # "2016-2020"
        return (date(int(m[1]), 1, 1), date(int(m[2]), 12, 31)), ""
    return None  # "2023/2022": a ratio of two years


def _is_value(text: str) -> bool:
    return bool(_VALUE.match(text))


def _is_empty(r: rules.Rules, text: str) -> bool:
    return not text or text.lower() in r.tables.empty_cells


# --- lines ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str  # stripped; empty for a blank line


def _lines(text: str):
    """Every line of the text, blank ones too, with its offsets."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        lead = len(line) - len(line.lstrip())
        yield _Line(pos + lead, pos + lead + len(stripped), stripped)
        pos += len(line) + 1


def _cells(line: _Line) -> list[Cell] | None:
    """The cells of a line of a row-per-line table, or None when it is not one."""
    text = line.text
    if "\t" in text:
        bounds = [m.start() for m in regex.finditer("\t", text)]
    else:
        bounds = [m.start() for m in _BAR.finditer(text)]
        if not bounds:
            return None
    edges = [-1, *bounds, len(text)]
    cells = []
    for a, b in zip(edges, edges[1:]):
        raw = text[a + 1 : b]
        lead = len(raw) - len(raw.lstrip())
        cell = raw.strip()
        cells.append(Cell(line.start + a + 1 + lead, line.start + a + 1 + lead + len(cell), cell))
    if "\t" not in text:
        # "| a | b |": the bars at the ends open and close the row
        if text.startswith("|"):
            cells = cells[1:]
        if text.endswith("|") and not text.endswith("\\|"):
            cells = cells[:-1]
    return cells if len(cells) >= 2 else None


# --- one row per line ----------------------------------------------------------


def _row_tables(r: rules.Rules, lines: list[_Line]) -> list[Table]:
    tables = []
    block: list[tuple[_Line, list[Cell] | None]] = []
    for line in [*lines, _Line(0, 0, "")]:
        if line.text and _RULE_LINE.match(line.text) and block:
            block.append((line, None))
            continue
        cells = _cells(line) if line.text else None
        if cells is not None:
            block.append((line, cells))
            continue
        if block:
            table = _row_table(r, block)
            if table is not None:
                tables.append(table)
        block = []
    return tables


def _row_table(r: rules.Rules, block: list[tuple[_Line, list[Cell] | None]]) -> Table | None:
    rows = [(line, cells) for line, cells in block if cells is not None]
    width = max(len(cells) for _, cells in rows)
    header = 0
    while header < len(rows) and not _holds_values(r, rows[header][1]):
        header += 1
    if header == 0 or header == len(rows):
        return None
    headings = _headings([cells for _, cells in rows[:header]], width)
    columns = {i: column_of(r, h) for i, h in enumerate(headings)}
    periods = [i for i, c in columns.items() if c is not None]
    if not periods:
        return None
    unit_col = next((i for i, h in enumerate(headings) if i < periods[0] and r.tables.unit_column.search(h)), None)
    label_cols = [i for i in range(periods[0]) if i != unit_col]
    table_rows = []
    for line, cells in rows[header:]:
        cells = cells + [Cell(line.end, line.end, "")] * (width - len(cells))
        labels = [cells[i] for i in label_cols if cells[i].text and not _INDEX.match(cells[i].text)]
        values = tuple(_value_cell(r, cells[i]) for i in periods)
        unit = cells[unit_col] if unit_col is not None and cells[unit_col].text else None
        table_rows.append(Row(labels[-1] if labels else None, unit, values, line.start, line.end))
    return Table(block[0][0].start, block[-1][0].end, tuple(columns[i] for i in periods), tuple(table_rows))


def _holds_values(r: rules.Rules, cells: list[Cell]) -> bool:
    """A row of the body: an amount in a cell after the first. A cell whose
    numbers are years is a heading ("Năm 2023", "So sánh 2023/2022")."""
    return any(_is_value(c.text) and regex.search(r"\d", _YEAR.sub("", c.text)) for c in cells[1:])


def _headings(rows: list[list[Cell]], width: int) -> list[str]:
    """One heading per column from the header rows. A cell of an upper row
    spans the empty cells right of it (a `colspan` flattened: `Năm | | ` over
    `2021 | 2022 | 2023`)."""
    headings = [[] for _ in range(width)]
    for k, cells in enumerate(rows):
        spanning = ""
        for i in range(width):
            text = cells[i].text if i < len(cells) else ""
            if text:
                spanning = text
            elif k < len(rows) - 1:
                text = spanning
            if text:
                headings[i].append(text)
    return [" ".join(h) for h in headings]


def _value_cell(r: rules.Rules, cell: Cell) -> Cell | None:
    return None if _is_empty(r, cell.text) or not _is_value(cell.text) else cell


# --- one cell per line ---------------------------------------------------------


def _cell_tables(r: rules.Rules, lines: list[_Line]) -> list[Table]:
    """Tables flattened one cell per line (`lines` has no blank lines)."""
    tables = []
    i = 0
    while i < len(lines):
        columns = []
        while i + len(columns) < len(lines):
            line = lines[i + len(columns)]
            column = column_of(r, line.text) if _short(line.text) and _cells(line) is None else None
            if column is None:
                break
            columns.append(column)
        found = _cell_table(r, lines, i, columns) if len(columns) >= 2 else None
        if found is None:
            i += max(1, len(columns))
            continue
        table, i = found
        tables.append(table)
    return tables


def _cell_table(r: rules.Rules, lines: list[_Line], first: int, columns: list[Column]) -> tuple[Table, int] | None:
    """The table whose column headings are lines[first:first + len(columns)],
    and the index of the line after it."""
    # The headings of the labels' column and of a unit column before the periods'.
    before = lines[first - 1 : first] if first and _heading_line(lines[first - 1].text) else []
    unit_col = bool(before) and bool(r.tables.unit_column.search(before[0].text))
    if unit_col and first >= 2 and _heading_line(lines[first - 2].text):
        before = [lines[first - 2], *before]
    rows = []
    k = first + len(columns)
    while k < len(lines) and _label_line(r, lines[k].text):
        label = lines[k]
        j = k + 1
        unit = None
        if unit_col and j < len(lines) and _short(lines[j].text) and not _is_value(lines[j].text):
            unit, j = Cell(lines[j].start, lines[j].end, lines[j].text), j + 1
        values: list[Cell | None] = []
        while j < len(lines) and len(values) < len(columns) and (_is_value(lines[j].text) or _is_empty(r, lines[j].text)):
            line = lines[j]
            values.append(_value_cell(r, Cell(line.start, line.end, line.text)))
            j += 1
        if not any(values):
            break  # a line of text after the table, not a row
        values += [None] * (len(columns) - len(values))
        rows.append(Row(Cell(label.start, label.end, label.text), unit, tuple(values), label.start, lines[j - 1].end))
        k = j
    if not rows:
        return None
    start = before[0].start if before else lines[first].start
    return Table(start, rows[-1].end, tuple(columns), tuple(rows)), k


def _short(text: str) -> bool:
    return len(text.split()) <= _HEADING_WORDS


def _heading_line(text: str) -> bool:
    return _short(text) and not regex.search(r"\d", text) and not _CLOSED.search(text)


def _label_line(r: rules.Rules, text: str) -> bool:
    return (
        bool(regex.search(r"\p{L}", text))
        and not _is_value(text)
        and not _is_empty(r, text)
        and len(text.split()) <= _LABEL_WORDS
        and not _CLOSED.search(text)
        and column_of(r, text) is None
    )


# --- what a row counts -----------------------------------------------------------

_UNIT_PARENTHESES = regex.compile(r"\s*\(([^()]*)\)\s*$")


def label_words(label: Cell | None) -> str:
    """The row's label as `indicator_text`: no bullet, no unit in parentheses,
    a bar unescaped."""
    if label is None:
        return ""
    return _UNIT_PARENTHESES.sub("", _BULLET.sub("", label.text)).replace("\\|", "|").strip(" :")


def label_unit(label: Cell | None) -> Cell | None:
    """The unit a label gives in parentheses at its end ("Diện tích lúa (nghìn ha)")."""
    if label is None:
        return None
    m = _UNIT_PARENTHESES.search(label.text)
    if not m:
        return None
    return Cell(label.start + m.start(1), label.start + m.end(1), m.group(1))


def is_rate_label(r: rules.Rules, label: Cell | None) -> bool:
    return label is not None and bool(r.tables.rate_label.match(_BULLET.sub("", label.text)))


