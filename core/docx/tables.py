"""A statistics table in the Word file, drawn from the format's layout (core.formats.layout):
one w:tc per layout cell, merged across (w:gridSpan) and down (w:vMerge) as the layout spans;
the header rows repeat on every page; no row breaks across pages; fixed column widths that add
up to the 版心, so table 3 fits 156 mm."""

from __future__ import annotations

from itertools import accumulate, pairwise

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from core.docx.page import BODY_W_TWIPS, TABLE_FIGURE, TABLE_TEXT, use_style
from core.docx.xml import el, put
from core.formats.layout import VALUE, GridCell
from core.outline import TableBlock

INVALID_MARK = "？"  # an entered figure that is not a valid number (a draft), as in the PDF
HEADER_SHADE = "F0F0F0"  # the PDF's header grey (0.94)
GRID_LINE, BOX_LINE = "4", "8"  # eighths of a point: 0.5 pt inside, 1 pt round the table
CELL_MARGIN = "40"  # twips (2 pt) left and right of the text in a cell


def add_table(doc: Document, block: TableBlock) -> Table:
    layout = block.layout
    # whole twips, rounded at the column edges so that the columns fill the 版心 exactly and
    # no column is off by more than one twip
    edges = list(accumulate(layout.scaled_widths(BODY_W_TWIPS), initial=0.0))
    widths = [round(b) - round(a) for a, b in pairwise(edges)]
    table: Table = doc.add_table(rows=0, cols=layout.cols)
    tbl = table._tbl
    for grid_col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        grid_col.set(qn("w:w"), str(width))
    _table_properties(tbl)
    for r in range(layout.rows):
        tr = el("w:tr")
        tbl.append(tr)
        trpr = el("w:trPr")
        tr.append(trpr)
        trpr.append(el("w:cantSplit"))
        if r < layout.header_rows:
            trpr.append(el("w:tblHeader"))
        c = 0
        while c < layout.cols:
            cell = layout.at(r, c)
            assert cell is not None  # the layout covers every position (it checks itself)
            width = sum(widths[cell.col:cell.col + cell.col_span])
            tc = _tc(cell, r, width)
            tr.append(tc)
            paragraph = Paragraph(tc.add_p(), _Cell(tc, table))
            if cell.row == r:  # else: a row a cell above spans down into, left empty
                _fill(paragraph, cell, block)
            # the whole table stays with its heading, and on one page when it fits one
            # (Word's way: "keep with next" in every row but the last)
            if r < layout.rows - 1:
                paragraph.paragraph_format.keep_with_next = True
            c += cell.col_span
    return table


def _table_properties(tbl: BaseOxmlElement) -> None:
    tblpr = tbl.tblPr
    for old in tblpr.findall(qn("w:tblStyle")):
        tblpr.remove(old)
    put(tblpr, el("w:tblW", w=str(BODY_W_TWIPS), type="dxa"))
    put(tblpr, el("w:jc", val="center"))
    put(tblpr, el("w:tblInd", w="0", type="dxa"))
    borders = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        size = GRID_LINE if side.startswith("inside") else BOX_LINE
        borders.append(el(f"w:{side}", val="single", sz=size, space="0", color="000000"))
    put(tblpr, borders)
    put(tblpr, el("w:tblLayout", type="fixed"))
    margins = el("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        width = CELL_MARGIN if side in ("left", "right") else "30"
        margins.append(el(f"w:{side}", w=width, type="dxa"))
    put(tblpr, margins)


def _tc(cell: GridCell, row: int, width: int) -> BaseOxmlElement:
    tc = el("w:tc")
    tcpr = el("w:tcPr")
    tc.append(tcpr)
    put(tcpr, el("w:tcW", w=str(width), type="dxa"))
    if cell.col_span > 1:
        put(tcpr, el("w:gridSpan", val=str(cell.col_span)))
    if cell.row_span > 1:
        put(tcpr, el("w:vMerge", val="restart") if cell.row == row else el("w:vMerge"))
    if cell.is_header:
        put(tcpr, el("w:shd", val="clear", color="auto", fill=HEADER_SHADE))
    put(tcpr, el("w:vAlign", val="center"))
    return tc


def _fill(paragraph: Paragraph, cell: GridCell, block: TableBlock) -> None:
    if cell.kind == VALUE:
        figure = block.figures[cell.key]
        use_style(paragraph, TABLE_FIGURE)
        paragraph.add_run(figure.text if figure.valid else INVALID_MARK)
        return
    use_style(paragraph, TABLE_TEXT)
    paragraph.add_run(cell.text)
    if cell.align == "left":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
