"""The figures of a document's tables: one per non-empty cell
(docs/units.md).

A cell's figure counts what its row's label names (`indicator_text`) over the
period its column's heading names. A number with no unit word of its own
takes the row's unit: from the table's unit column, else from the label's
parentheses (`Diện tích lúa (nghìn ha)` -> hectare ×1 000, `Giá trị sản
xuất (tỷ đồng)` -> VND ×10⁹), else a rate for a label that names one (`Tỷ lệ
hộ nghèo` -> percent), else the label's counted noun (`Số trạm y tế` ->
count, `Số học sinh` -> person), else `count`. Offsets point at the cell.
"""
from __future__ import annotations

from .. import rules
from ..model import OWN, Document, Figure, Sentence
from ..text.tables import (
    Cell,
    Column,
    Row,
    Table,
    is_rate_label,
    label_unit,
    label_words,
)
from .qualifiers import qualifier_before
from .quantities import find_quantities
from .units import UnitMatch, attach_unit, in_canonical_unit, read_unit, units_named


def table_figures(doc: Document) -> list[Figure]:
    """The figures of every table of the document, in reading order."""
    figures = []
    for table in doc.tables:
        for row in table.rows:
            figures.extend(_row_figures(doc, table, row))
    return figures


def with_table_figures(doc: Document, figures: list[Figure]) -> list[Figure]:
    """`figures` and the tables' figures merged in reading order; the links
    between figures (`part_of`) follow their figures to their new places."""
    cells = table_figures(doc)
    if not cells:
        return figures
    merged = sorted([(f.char_start, 0, i, f) for i, f in enumerate(figures)] + [(f.char_start, 1, i, f) for i, f in enumerate(cells)])
    place = {i: k for k, (_, kind, i, _) in enumerate(merged) if kind == 0}
    out = []
    for _, kind, _, f in merged:
        if kind == 0 and f.part_of is not None:
            f.part_of = place[f.part_of]
        out.append(f)
    return out


def _row_figures(doc: Document, table: Table, row: Row) -> list[Figure]:
    r, text = doc.rules, doc.text
    unit = _row_unit(r, text, row)
    what = label_words(row.label)
    figures = []
    for column, cell in zip(table.columns, row.cells):
        if cell is None:
            continue
        figure = _cell_figure(r, text, row, column, cell, unit)
        if figure is not None:
            figure.indicator_text = what
            figures.append(figure)
    return figures


def _row_unit(r: rules.Rules, text: str, row: Row) -> UnitMatch | None:
    """The unit of a row's numbers that have none written in their cell."""
    for cell in (row.unit, label_unit(row.label)):
        if cell is not None:
            unit = read_unit(r, text, cell.start, cell.end)
            if unit is not None:
                return unit
    if row.label is None:
        return None
    if is_rate_label(r, row.label):
        return UnitMatch("percent", "", row.label.end, False)
    named = units_named(r, text, row.label.start, row.label.end)
    if named:
        return UnitMatch(named[0][0], named[0][1], row.label.end, True)
    return None


def _cell_figure(r: rules.Rules, text: str, row: Row, column: Column, cell: Cell, row_unit: UnitMatch | None) -> Figure | None:
    quantities = find_quantities(r, cell.text, cell.start)
    if not quantities:
        return None
    q = quantities[0]
    own = attach_unit(r, text, Sentence(cell.start, cell.end, cell.text), q)
    if own is not None and own.unit is None:
        return None  # "3 tháng": a duration, not an amount
    unit = own if own is not None else row_unit
    q = in_canonical_unit(q, unit)
    qualifier = "range" if q.value_max is not None else qualifier_before(r, text, q.start, cell.start)
    return Figure(
        value=q.value,
        unit=unit.unit if unit is not None else "count",
        unit_text=unit.unit_text if unit is not None else "",
        char_start=q.start,
        char_end=max(q.end, own.end if own is not None else q.end),
        sentence=text[row.start : row.end],
        value_max=q.value_max,
        qualifier=qualifier or ("estimate" if column.estimate else None),
        target=q.pair_of,
        period_start=column.period_start,
        period_end=column.period_end,
        period_text=column.heading,
        is_plan=column.plan,
        period_from=OWN,
        sentence_start=row.start,
        number_end=q.number_end,
    )
