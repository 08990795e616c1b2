"""Printed table rows → cells, by the format's verbatim row labels, in print order.

Every figure is kept as printed: a count as an integer, an amount as its decimal string, "/"
and blanks as the strings "/" and "" (never 0). A printed total goes to the declared derived
cells, so the rules compare it with the sum."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.formats.axes import Column, cell_key
from core.formats.axes import Row as FormatRow
from core.formats.layout import Head, band_cells
from core.formats.spec import TableSpec
from core.published.document import Item, Para, Row
from core.published.text import cell_value, similar, squeeze
from core.published.txt import text_row
from core.validation.issue import WARNING, Issue

OLD_OTHER = "（六）其他处理"  # the 2019 layout: one row where 2021 has three
OLD_OTHER_ROWS = ("other.no_correction", "other.no_fee_paid")


@dataclass
class TableRead:
    cells: dict[str, Any] = field(default_factory=dict)
    declared: dict[str, Any] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    rows_read: int = 0
    old_layout: bool = False


@dataclass
class _Line:
    label: str  # "" for a printed line of several rows (table 4)
    cells: list[tuple[FormatRow, Column]]


def _lines(spec: TableSpec) -> list[_Line]:
    out = []
    for band in spec.bands:
        for line in band_cells(band):
            rows = {r.key for r, _ in line}
            out.append(_Line(line[0][0].label if len(rows) == 1 and band.rows else "", line))
    return out


def _group_labels(spec: TableSpec) -> list[str]:
    """Header and group texts that share a printed row with a row label (merged cells)."""
    out: list[str] = []

    def walk(node: Head) -> None:
        if node.children:
            out.append(squeeze(node.text))
            for child in node.children:
                walk(child)

    for band in spec.bands:
        out.append(squeeze(band.corner))
        for top in band.rows:
            walk(top)
    return sorted((t for t in out if t), key=len, reverse=True)


def _data_rows(items: list[Item]) -> list[tuple[str, list[str]]]:
    """(label, figures) of every printed row with figures; a label printed on the lines above
    its figures (a wrapped label in a text file) is joined to them."""
    rows = [i for i in items if isinstance(i, Row)]
    if not rows:  # a table without ruling lines in a PDF: read its lines as a text file
        rows = [r for i in items if isinstance(i, Para) and (r := text_row(i.text))]
        items = [r if isinstance(i, Para) and (r := text_row(i.text)) else i for i in items]
    out: list[tuple[str, list[str]]] = []
    pending = ""
    for item in items:
        if isinstance(item, Para):
            pending += squeeze(item.text)
            continue
        values: list[str] = []
        for cell in reversed(item.cells):
            if cell is None:
                continue
            value = cell_value(cell)
            if value is None:
                break
            values.insert(0, value)
        label = squeeze("".join(c for c in item.cells[:len(item.cells) - len(values)]
                                if c and cell_value(c) is None))
        if not any(values):
            pending += label
            continue
        out.append((label or pending, values))
        pending = ""
    return out


def _figure(column: Column, text: str) -> Any:
    if column.money or not text.isdigit() or len(text) > 15:
        return text
    return int(text)


def read_table(spec: TableSpec, items: list[Item]) -> TableRead:
    result = TableRead()
    lines = _lines(spec)
    groups = _group_labels(spec)
    pointer = 0
    for label, values in _data_rows(items):
        if pointer >= len(lines):
            break
        match, printed = None, ""
        for j in range(pointer, min(pointer + 4, len(lines))):
            if lines[j].label and squeeze(lines[j].label) in label:
                match = j
                break
        if match is None and not lines[pointer].label:
            match = pointer
        if match is None and lines[pointer].cells[0][0].key == OLD_OTHER_ROWS[0] \
                and OLD_OTHER in label:
            result.old_layout = True
            match = next(j for j, line in enumerate(lines) if line.cells[0][0].key == "other.other")
        if match is None:
            residue = label
            for g in groups:
                residue = residue.replace(g, "")
            if similar(residue, squeeze(lines[pointer].label)) >= 0.5:
                match, printed = pointer, residue
        if match is None:
            continue
        line = lines[match]
        pointer = match + 1
        result.rows_read += 1
        if printed:
            result.issues.append(Issue(
                "PUB.LABEL", WARNING,
                f"{spec.number}的行标签印作“{printed}”，与规定格式的“{line.label}”不一致。",
                tuple(cell_key(spec.key, r.key, c.key) for r, c in line.cells)))
        figures = values[-len(line.cells):] if len(values) >= len(line.cells) else \
            values + [""] * (len(line.cells) - len(values))
        for (row, column), text in zip(line.cells, figures, strict=True):
            key = cell_key(spec.key, row.key, column.key)
            target = result.declared if row.derived or column.derived else result.cells
            target[key] = _figure(column, text)
    return result
