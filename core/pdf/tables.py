"""The statistics tables in the PDF, drawn from the format's layout (core.formats.layout):
every label, span and cell key comes from there; cells hold TextBlocks (our line breaking, no
markup parsing)."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle

from core import fonts, typeset
from core.formats.layout import VALUE, GridLayout
from core.outline import Figure, TableBlock
from core.pdf.geometry import BODY_W, TABLE_LEADING, TABLE_NUMBER_SIZE, TABLE_SIZE
from core.pdf.textblock import TextBlock, tracked_measure

INVALID_MARK = "？"  # printed where an entered figure is not a valid number (draft only)


PAD_X, PAD_Y = 2.0, 3.0


def _label(text: str, align: str = "center", size: float = TABLE_SIZE) -> TextBlock:
    return TextBlock(text, role="body", size=size, leading=TABLE_LEADING + size - TABLE_SIZE,
                     align=align, tracking=0.0)


def _line_count(text: str, width: float, size: float) -> int:
    return len(typeset.layout(text, width + 0.01, tracked_measure("body", size, 0.0),
                              hanging=False))


def label_size(layout: GridLayout, col_widths: list[float]) -> float:
    """The labels' size for a table: 五号, as its figures, unless that wraps some label onto
    more lines than 小五 does. 小五 was chosen for table 三, whose ten columns must fit the 版心;
    set that small in table 二's four wide columns its labels look far smaller than the figures
    beside them and the body text, for no gain. One size per table keeps its labels even."""
    for cell in layout.cells:
        if cell.kind == VALUE or not cell.text:
            continue
        width = sum(col_widths[cell.col:cell.col + cell.col_span]) - 2 * PAD_X
        if _line_count(cell.text, width, TABLE_NUMBER_SIZE) > \
                _line_count(cell.text, width, TABLE_SIZE):
            return TABLE_SIZE
    return TABLE_NUMBER_SIZE


def _number(figure: Figure) -> TextBlock:
    text = figure.text if figure.valid else INVALID_MARK
    return TextBlock(text, role="body", size=TABLE_NUMBER_SIZE, leading=TABLE_LEADING + 1,
                     align="center", tracking=0.0, fit=True)


def ruled(pad_x: float, pad_y: float) -> list[tuple[Any, ...]]:
    """The look of every table in the document: ruled cells, centred vertically."""
    return [
        # empty spanned cells are plain strings: without this reportlab declares Helvetica
        ("FONTNAME", (0, 0), (-1, -1), fonts.font_name("body")),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad_x),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad_x),
        ("TOPPADDING", (0, 0), (-1, -1), pad_y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad_y),
    ]


HEADER_SHADE = colors.Color(0.94, 0.94, 0.94)


def table_flowable(block: TableBlock) -> Table:
    """A statistics table drawn from its layout: merged cells, shaded headings, header rows
    repeated when the table crosses a page; rows are never split."""
    layout = block.layout
    rows: list[list[Any]] = [[""] * layout.cols for _ in range(layout.rows)]
    cmds = ruled(PAD_X, PAD_Y)
    col_widths = layout.scaled_widths(BODY_W)
    size = label_size(layout, col_widths)
    for cell in layout.cells:
        last = (cell.col + cell.col_span - 1, cell.row + cell.row_span - 1)
        if cell.row_span > 1 or cell.col_span > 1:
            cmds.append(("SPAN", (cell.col, cell.row), last))
        if cell.kind == VALUE:
            rows[cell.row][cell.col] = _number(block.figures[cell.key])
            continue
        rows[cell.row][cell.col] = _label(cell.text, cell.align, size)
        if cell.is_header:
            cmds.append(("BACKGROUND", (cell.col, cell.row), last, HEADER_SHADE))
    table = Table(rows, colWidths=col_widths, repeatRows=layout.header_rows,
                  splitByRow=1, splitInRow=0, hAlign="CENTER")
    table.setStyle(TableStyle(cmds))
    return table
