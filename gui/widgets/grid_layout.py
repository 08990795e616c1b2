"""The printed layout of the three statistics tables, built from `core.format2021`.

A layout is a rectangle of grid positions covered by cells: header cells, label cells (merged
where the official table merges them) and value cells (one per cell key). Nothing here is typed
twice: every text comes from the format module. No widget code here either — `TableGrid` turns a
layout into a QTableWidget, and the tests read the same structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core import format2021 as fmt

HEADER, LABEL, CLAUSE, VALUE = "header", "label", "clause", "value"


@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    kind: str  # HEADER, LABEL, CLAUSE (table 2's full-width clause rows) or VALUE
    text: str = ""  # header / label text
    key: str = ""  # value cells: the cell key "table/row/col"
    row_span: int = 1
    col_span: int = 1
    derived: bool = False
    money: bool = False
    vertical: bool = False  # a narrow label spanning many rows (三、本年度办理结果)


@dataclass(frozen=True)
class GridLayout:
    table: str
    rows: int
    cols: int
    cells: tuple[GridCell, ...]
    # relative column widths in "em" (multiples of the font's character width)
    widths: tuple[float, ...]
    header_rows: int
    _owner: dict[tuple[int, int], GridCell] = field(default_factory=dict, repr=False,
                                                    compare=False)

    def __post_init__(self) -> None:
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.row_span):
                for c in range(cell.col, cell.col + cell.col_span):
                    if (r, c) in self._owner:
                        raise ValueError(f"overlapping cells at {(r, c)} in {self.table}")
                    self._owner[(r, c)] = cell
        if len(self._owner) != self.rows * self.cols:
            missing = [(r, c) for r in range(self.rows) for c in range(self.cols)
                       if (r, c) not in self._owner]
            raise ValueError(f"uncovered grid positions in {self.table}: {missing[:5]}")

    def at(self, row: int, col: int) -> GridCell | None:
        """The cell covering a grid position (the spanning cell for merged positions)."""
        return self._owner.get((row, col))

    def value_cells(self) -> list[GridCell]:
        """Value cells in reading order (row by row, left to right)."""
        return sorted((c for c in self.cells if c.kind == VALUE), key=lambda c: (c.row, c.col))

    def by_key(self) -> dict[str, GridCell]:
        return {c.key: c for c in self.cells if c.kind == VALUE}

    def neighbor(self, row: int, col: int, direction: str) -> GridCell | None:
        """Where the cursor goes from grid position (row, col): "next"/"prev" is the next
        editable (not derived) value cell in reading order, as Tab and Enter move; "up",
        "down", "left", "right" the nearest value cell that way (derived ones included, they
        can be read and copied). None when there is none."""
        current = self.at(row, col)
        on_value = current is not None and current.kind == VALUE
        if direction in ("next", "prev"):
            order = [c for c in self.value_cells() if not c.derived]
            if not on_value:
                return order[0] if order else None
            assert current is not None
            pos = (current.row, current.col)
            if direction == "next":
                return next((c for c in order if (c.row, c.col) > pos), None)
            return next((c for c in reversed(order) if (c.row, c.col) < pos), None)
        if not on_value:
            cells = self.value_cells()
            return cells[0] if cells else None
        assert current is not None
        dr, dc = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}[direction]
        if dr:  # leave the current (possibly spanning) cell vertically, same column
            r, c = (current.row + current.row_span if dr > 0 else current.row - 1), col
        else:
            r, c = row, (current.col + current.col_span if dc > 0 else current.col - 1)
        while 0 <= r < self.rows and 0 <= c < self.cols:
            cell = self.at(r, c)
            if cell is not None and cell.kind == VALUE:
                return cell
            r, c = r + dr, c + dc
        return None


def _value(row: int, col: int, table: str, r: fmt.Row, c: fmt.Column,
           col_span: int = 1) -> GridCell:
    return GridCell(row, col, VALUE, key=fmt.cell_key(table, r.key, c.key), col_span=col_span,
                    derived=r.derived or c.derived, money=c.money)


# ---------------------------------------------------------------------------------------------
# Table 2: four blocks, each a full-width clause row, a header row and its data rows.

def _layout_active() -> GridLayout:
    table = fmt.TABLE_ACTIVE
    n_values = max(len(b.columns) for b in fmt.T2_BLOCKS)
    cols = 1 + n_values
    cells: list[GridCell] = []
    row = 0
    for block in fmt.T2_BLOCKS:
        cells.append(GridCell(row, 0, CLAUSE, text=block.clause, col_span=cols))
        row += 1
        cells.append(GridCell(row, 0, HEADER, text=block.header[0]))
        span = n_values // len(block.columns)
        for i, label in enumerate(block.header[1:]):
            cells.append(GridCell(row, 1 + i * span, HEADER, text=label, col_span=span))
        row += 1
        for r in block.rows:
            cells.append(GridCell(row, 0, LABEL, text=r.label))
            for i, c in enumerate(block.columns):
                cells.append(_value(row, 1 + i * span, table.key, r, c, col_span=span))
            row += 1
    return GridLayout(table.key, row, cols, tuple(cells), widths=(12.0,) + (9.0,) * n_values,
                      header_rows=0)


# ---------------------------------------------------------------------------------------------
# Table 3: 3 header rows; 3 label columns with merged group labels; 7 value columns.

def _layout_requests() -> GridLayout:
    table = fmt.TABLE_REQUESTS
    labels, n = 3, len(fmt.T3_COLUMNS)
    org = [c.key for c in fmt.T3_ORG_COLUMNS]
    cells: list[GridCell] = [
        GridCell(0, 0, HEADER, text=fmt.T3_NOTE, row_span=3, col_span=labels),
        GridCell(0, labels, HEADER, text=fmt.T3_APPLICANT, col_span=n),
    ]
    first_org = labels + [c.key for c in fmt.T3_COLUMNS].index(org[0])
    for i, c in enumerate(fmt.T3_COLUMNS):
        if c.key in org:
            cells.append(GridCell(2, labels + i, HEADER, text=c.label))
        else:
            cells.append(GridCell(1, labels + i, HEADER, text=c.label, row_span=2))
    cells.append(GridCell(1, first_org, HEADER, text=fmt.T3_ORG_GROUP, col_span=len(org)))

    header_rows = 3
    row_of = {r.key: header_rows + i for i, r in enumerate(fmt.T3_ROWS)}
    in_results = [r for r in fmt.T3_ROWS if r.group]
    cells.append(GridCell(row_of[in_results[0].key], 0, LABEL, text=fmt.T3_RESULTS_GROUP,
                          row_span=len(in_results), vertical=True))
    for group, keys in fmt.T3_RESULT_GROUPS:
        cells.append(GridCell(row_of[keys[0]], 1, LABEL, text=group, row_span=len(keys)))
    for r in fmt.T3_ROWS:
        row = row_of[r.key]
        if not r.group:
            cells.append(GridCell(row, 0, LABEL, text=r.label, col_span=labels))
        elif r.group == fmt.T3_RESULTS_GROUP:
            cells.append(GridCell(row, 1, LABEL, text=r.label, col_span=2))
        else:
            cells.append(GridCell(row, 2, LABEL, text=r.label))
        for i, c in enumerate(fmt.T3_COLUMNS):
            cells.append(_value(row, labels + i, table.key, r, c))
    return GridLayout(table.key, header_rows + len(fmt.T3_ROWS), labels + n, tuple(cells),
                      widths=(2.6, 5.2, 15.5) + (5.2,) * n, header_rows=header_rows)


# ---------------------------------------------------------------------------------------------
# Table 4: one data row of 15 cells under a 3-row header.

def _layout_review() -> GridLayout:
    table = fmt.TABLE_REVIEW
    n = len(fmt.T4_COLUMNS)
    recon, direct, after = fmt.T4_ROWS
    cells: list[GridCell] = [
        GridCell(0, 0, HEADER, text=fmt.T4_RECONSIDERATION, col_span=n),
        GridCell(0, n, HEADER, text=fmt.T4_LITIGATION, col_span=2 * n),
    ]
    for i, c in enumerate(fmt.T4_COLUMNS):
        cells.append(GridCell(1, i, HEADER, text=c.label, row_span=2))
    for b, block in enumerate((direct, after), start=1):
        cells.append(GridCell(1, b * n, HEADER, text=block.label, col_span=n))
        for i, c in enumerate(fmt.T4_COLUMNS):
            cells.append(GridCell(2, b * n + i, HEADER, text=c.label))
    for b, block in enumerate((recon, direct, after)):
        for i, c in enumerate(fmt.T4_COLUMNS):
            cells.append(_value(3, b * n + i, table.key, block, c))
    return GridLayout(table.key, 4, 3 * n, tuple(cells), widths=(4.6,) * (3 * n),
                      header_rows=3)


_BUILDERS = {"active": _layout_active, "requests": _layout_requests, "review": _layout_review}
_CACHE: dict[str, GridLayout] = {}


def layout_for(table: fmt.Table) -> GridLayout:
    """The printed layout of a format2021 table (built once, then shared)."""
    if table.key not in _CACHE:
        layout = _BUILDERS[table.key]()
        expected = {fmt.cell_key(table.key, r.key, c.key) for r, c in table.cells()}
        if set(layout.by_key()) != expected:
            raise ValueError(f"layout of {table.key} does not cover its cells")
        _CACHE[table.key] = layout
    return _CACHE[table.key]
