"""Sizing of the statistics grid: columns stretched to the available width (designed in "em"
so they follow the font), rows as tall as their wrapped labels, and the header rows frozen over
the top of the grid so 自然人 … 总计 stay visible while table 3's rows scroll."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QTableView

from core.formats.layout import VALUE, GridCell, GridLayout

PADDING = 8  # horizontal padding inside a cell, px
GRID_LINE = "#9aa5b1"


class GridGeometry(QTableView):
    """Geometry behaviour of `TableGrid` (a QTableView over a model in a `GridLayout`)."""

    grid_layout: GridLayout
    _frozen: FrozenHeader | None

    def resizeEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().resizeEvent(event)
        self.fit_to_width()
        shrunk = 0 <= event.size().height() < event.oldSize().height()
        if shrunk and self.currentIndex().isValid():  # e.g. a message line appeared below
            self.scrollTo(self.currentIndex())

    def showEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().showEvent(event)
        QTimer.singleShot(0, self, self.fit_to_width)  # not after deletion

    def em(self) -> float:
        return float(self.fontMetrics().horizontalAdvance("中"))

    def natural_width(self) -> int:
        """Width of the grid at its designed column widths (no stretching)."""
        return int(sum(w * self.em() for w in self.grid_layout.widths)) + 2 * self.frameWidth()

    def fit_to_width(self) -> None:
        """Stretch the columns to the viewport (never below their designed widths: then the
        grid scrolls sideways), then size the rows to their wrapped text."""
        base = [w * self.em() for w in self.grid_layout.widths]
        scale = max(self.viewport().width() / sum(base), 1.0)
        widths = [int(w * scale) for w in base]
        if scale > 1.0:  # the last column takes the rounding remainder: no gap at the right
            widths[-1] += max(self.viewport().width() - sum(widths), 0)
        for c, w in enumerate(widths):
            if self.columnWidth(c) != w:
                self.setColumnWidth(c, w)
        self._fit_rows(widths)
        if self._frozen is not None:
            self._frozen.sync()

    def _fit_rows(self, widths: list[int]) -> None:
        fm = self.fontMetrics()
        heights = [fm.height() + 10] * self.grid_layout.rows
        spanning: list[tuple[GridCell, int]] = []
        for cell in self.grid_layout.cells:
            if cell.kind == VALUE:
                continue
            width = max(sum(widths[cell.col:cell.col + cell.col_span]) - PADDING, 10)
            need = fm.boundingRect(QRect(0, 0, width, 10000), int(Qt.TextFlag.TextWordWrap),
                                   cell.text).height() + 10
            if cell.row_span == 1:
                heights[cell.row] = max(heights[cell.row], need)
            else:
                spanning.append((cell, need))
        for cell, need in spanning:  # merged labels: share what is missing among their rows
            rows = range(cell.row, cell.row + cell.row_span)
            missing = need - sum(heights[r] for r in rows)
            if missing > 0:
                for r in rows:
                    heights[r] += -(-missing // cell.row_span)
        changed = False
        for r, h in enumerate(heights):
            if self.rowHeight(r) != h:
                self.setRowHeight(r, h)
                changed = True
        if changed:
            self.setMaximumHeight(self.sizeHint().height())  # no blank rows under the table
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 — Qt's name
        """The whole table: the layout shrinks it (and it scrolls) only when it must."""
        frame = 2 * self.frameWidth()
        width = sum(self.columnWidth(c) for c in range(self.grid_layout.cols)) + frame
        height = sum(self.rowHeight(r) for r in range(self.grid_layout.rows)) + frame
        if self.horizontalScrollBar().isVisible():
            height += self.horizontalScrollBar().height()
        return QSize(width, height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 — Qt's name
        rows = min(self.grid_layout.rows, self.grid_layout.header_rows + 4)
        return QSize(200, sum(self.rowHeight(r) for r in range(rows)) + 2 * self.frameWidth())

    def has_frozen_header(self) -> bool:
        return self._frozen is not None

    def frozen_top(self) -> int:
        """Where the scrolling part of the viewport starts (below the frozen header rows)."""
        return self.header_height() if self._frozen is not None else 0

    def header_height(self) -> int:
        return sum(self.rowHeight(r) for r in range(self.grid_layout.header_rows))

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: N802
        super().scrollTo(index, hint)
        if self._frozen is None or index.row() < self.grid_layout.header_rows:
            return
        covered = self.header_height() - self.visualRect(index).top()
        if covered > 0:  # the row would sit under the frozen header rows
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() - covered)


class FrozenHeader(QTableView):
    """The grid's header rows drawn over the top of its viewport, not scrolling vertically
    (Qt's "frozen column" example turned sideways). It shares the grid's model."""

    def __init__(self, grid: GridGeometry) -> None:
        super().__init__(grid)
        self._grid = grid
        self.setModel(grid.model())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().hide()
        self.verticalHeader().hide()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.setWordWrap(True)
        self.setStyleSheet(f"QTableView {{ gridline-color: {GRID_LINE}; border: none; }}")
        self.setFont(grid.font())
        layout = grid.grid_layout
        for cell in layout.cells:
            if cell.row < layout.header_rows and (cell.row_span > 1 or cell.col_span > 1):
                self.setSpan(cell.row, cell.col, cell.row_span, cell.col_span)
        for r in range(layout.header_rows, layout.rows):
            self.setRowHidden(r, True)
        grid.horizontalScrollBar().valueChanged.connect(self.horizontalScrollBar().setValue)

    def sync(self) -> None:
        grid = self._grid
        for c in range(grid.grid_layout.cols):
            self.setColumnWidth(c, grid.columnWidth(c))
        for r in range(grid.grid_layout.header_rows):
            self.setRowHeight(r, grid.rowHeight(r))
        vp = grid.viewport().geometry()
        self.setGeometry(vp.x(), vp.y(), vp.width(), grid.header_height() + 1)
        self.horizontalScrollBar().setValue(grid.horizontalScrollBar().value())
        self.raise_()
        self.show()
