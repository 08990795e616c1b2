"""The printed shape of a statistics table: declared as header trees in bands (`Head`, `Band`),
built into a layout — a rectangle of grid positions covered by cells: header cells, label cells
(merged where the official table merges them) and value cells (one per cell key). The grid, the PDF, Excel, Word and the
web page all draw this one structure; none of them knows a span of its own.

The layout checks itself: overlapping cells or uncovered positions raise ValueError.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.formats.axes import Column, Row, cell_key

HEADER, LABEL, CLAUSE, VALUE = "header", "label", "clause", "value"


# -- the declaration: header trees and bands ------------------------------------------------------

@dataclass(frozen=True)
class Head:
    """A node of a header tree. In a column tree a leaf is one value column; in a row tree a
    leaf is one data row. A node may bind the data row (`row`) or the column (`col`) of every
    cell under it: table 3 binds rows in its row tree, table 4 binds its three rows in its
    column tree (one data row of 15 cells)."""

    label: str = ""
    children: tuple[Head, ...] = ()
    row: Row | None = None
    col: Column | None = None
    # the labels of this node's children are read with this label in front in messages:
    # “（三）不予公开1.属于国家秘密”
    qualifies: bool = False

    @property
    def text(self) -> str:
        if self.label:
            return self.label
        if self.row is not None:
            return self.row.label
        if self.col is not None:
            return self.col.label
        return ""

    def leaves(self) -> list[Head]:
        if not self.children:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.children), default=0)


def heads(items: tuple[Row, ...] | tuple[Column, ...]) -> tuple[Head, ...]:
    """Leaf heads for rows or columns, labelled with their own labels."""
    return tuple(Head(row=i) if isinstance(i, Row) else Head(col=i) for i in items)


@dataclass(frozen=True)
class Band:
    """A cross-table: the column tree over the value columns, the row tree beside the rows.

    `corner` fills the block left of the column headers and above the row labels; `title` is a
    full-width row above the band. Without a row tree the band has one unlabelled data row."""

    columns: tuple[Head, ...]
    rows: tuple[Head, ...] = ()
    corner: str = ""
    title: str = ""


def band_cells(band: Band) -> list[list[tuple[Row, Column]]]:
    """The cells of a band, one list per data row: (row, column) bound by the nearest node
    that binds one, on the row path first, then on the column path."""
    row_paths = [path for top in band.rows for path in _leaf_paths(top)] or [[]]
    col_paths = [path for top in band.columns for path in _leaf_paths(top)]
    out = []
    for rpath in row_paths:
        line = []
        for cpath in col_paths:
            path = rpath + cpath
            row = next((n.row for n in reversed(path) if n.row is not None), None)
            col = next((n.col for n in reversed(path) if n.col is not None), None)
            if row is None or col is None:
                raise ValueError("a table cell without a row or a column")
            line.append((row, col))
        out.append(line)
    return out


def _leaf_paths(node: Head) -> list[list[Head]]:
    """The path from `node` to each of its leaves, in order."""
    if not node.children:
        return [[node]]
    return [[node, *path] for child in node.children for path in _leaf_paths(child)]





@dataclass(frozen=True)
class GridCell:
    row: int
    col: int
    kind: str  # HEADER, LABEL, CLAUSE (a full-width title row) or VALUE
    text: str = ""  # header / label text
    key: str = ""  # value cells: the cell key "table/row/col"
    row_span: int = 1
    col_span: int = 1
    derived: bool = False
    money: bool = False

    @property
    def align(self) -> str:
        """How its text sits: title rows and one-row labels flush left, the rest centred."""
        if self.kind == CLAUSE or (self.kind == LABEL and self.row_span == 1):
            return "left"
        return "center"

    @property
    def is_header(self) -> bool:
        """Drawn as a heading (shaded, <th scope=col>): headers, corners and title rows."""
        return self.kind in (HEADER, CLAUSE)


@dataclass(frozen=True)
class GridLayout:
    table: str
    rows: int
    cols: int
    cells: tuple[GridCell, ...]
    widths: tuple[float, ...]  # relative column widths (em of body text)
    header_rows: int  # rows repeated on every page / frozen over the grid (0: none)
    label_cols: int = 0
    _owner: dict[tuple[int, int], GridCell] = field(default_factory=dict, repr=False,
                                                    compare=False)

    def __post_init__(self) -> None:
        if len(self.widths) != self.cols:
            raise ValueError(f"{self.table}: {len(self.widths)} widths for {self.cols} columns")
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

    def row_cells(self, row: int) -> list[GridCell]:
        """The cells that start in grid row `row`, left to right (what an HTML <tr> holds)."""
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)

    def scaled_widths(self, total: float) -> list[float]:
        """Column widths that add up to `total`, in the declared proportions."""
        whole = sum(self.widths)
        return [w * total / whole for w in self.widths]

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


# -- building --------------------------------------------------------------------------------------

def _depth(nodes: tuple[Head, ...]) -> int:
    return max((n.depth() for n in nodes), default=0)


def _leaf_count(nodes: tuple[Head, ...]) -> int:
    return sum(len(n.leaves()) for n in nodes)


def build_layout(table: str, bands: tuple[Band, ...], widths: tuple[float, ...],
                 bindings: tuple[tuple[Row, Column], ...]) -> GridLayout:
    """The merged-cell layout of table `table` from its bands; `bindings` are its cells, which
    the layout must cover exactly once."""
    label_cols = max(_depth(b.rows) for b in bands)
    value_cols = max(_leaf_count(b.columns) for b in bands)
    ncols = label_cols + value_cols
    cells: list[GridCell] = []
    row = 0
    header_rows = 0
    for band in bands:
        row = _band(table, band, row, label_cols, value_cols, cells)
        if len(bands) == 1:
            header_rows = _depth(band.columns) + (1 if band.title else 0)
    layout = GridLayout(table, row, ncols, tuple(cells), tuple(widths), header_rows, label_cols)
    expected = {cell_key(table, r.key, c.key) for r, c in bindings}
    if set(layout.by_key()) != expected or len(layout.by_key()) != len(bindings):
        raise ValueError(f"layout of {table} does not cover its cells exactly once")
    return layout


def _band(table: str, band: Band, row: int, label_cols: int, value_cols: int,
          cells: list[GridCell]) -> int:
    ncols = label_cols + value_cols
    if band.title:
        cells.append(GridCell(row, 0, CLAUSE, text=band.title, col_span=ncols))
        row += 1
    depth = _depth(band.columns)
    leaves = _leaf_count(band.columns)
    if value_cols % leaves:
        raise ValueError(f"{table}: {leaves} columns cannot share {value_cols} evenly")
    span = value_cols // leaves
    if label_cols:
        cells.append(GridCell(row, 0, HEADER, text=band.corner, row_span=depth,
                              col_span=label_cols))
    col = label_cols
    for node in band.columns:
        col = _column_heads(node, row, col, 0, depth, span, cells)
    first_data = row + depth
    r = first_data
    for node in band.rows:
        r = _row_heads(node, r, 0, label_cols, cells)
    lines = band_cells(band)
    for i, line in enumerate(lines):
        for j, (row_spec, col_spec) in enumerate(line):
            cells.append(GridCell(
                first_data + i, label_cols + j * span, VALUE,
                key=cell_key(table, row_spec.key, col_spec.key), col_span=span,
                derived=row_spec.derived or col_spec.derived, money=col_spec.money))
    return first_data + len(lines)


def _column_heads(node: Head, row: int, col: int, level: int, depth: int, span: int,
                  cells: list[GridCell]) -> int:
    """Lay out one column-tree node at `level`; a leaf above the bottom row spans down to it."""
    width = len(node.leaves()) * span
    row_span = 1 if node.children else depth - level
    cells.append(GridCell(row + level, col, HEADER, text=node.text, row_span=row_span,
                          col_span=width))
    c = col
    for child in node.children:
        c = _column_heads(child, row, c, level + 1, depth, span, cells)
    return col + width


def _row_heads(node: Head, row: int, level: int, label_cols: int,
               cells: list[GridCell]) -> int:
    """Lay out one row-tree node in label column `level`; a leaf spans to the last label
    column, a group spans the rows of its leaves."""
    height = len(node.leaves())
    col_span = 1 if node.children else label_cols - level
    cells.append(GridCell(row, level, LABEL, text=node.text, row_span=height, col_span=col_span))
    r = row
    for child in node.children:
        r = _row_heads(child, r, level + 1, label_cols, cells)
    return row + height
