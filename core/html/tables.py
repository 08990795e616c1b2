"""The statistics tables of the web page, drawn from the format's layout (core.formats.layout):
every label, span and cell key comes from there. Header and corner cells are column headings,
row labels are row headings, figures are data cells."""

from __future__ import annotations

from core.formats.layout import LABEL, VALUE, GridCell, GridLayout
from core.html.text import esc
from core.outline import Figure, TableBlock

INVALID_MARK = "？"  # shown where an entered figure is not a valid number (a draft)
# a table is never squeezed below this many em of its own type per em of declared width: on a
# phone the wrapper scrolls sideways instead of wrapping every label a character a line
MIN_EM_PER_WIDTH = 0.62
# a label column declared narrower than this (em of body text) is meant for a label set one
# character a line, top to bottom (table 3's 三、本年度办理结果)
VERTICAL_BELOW = 3.0


def _attrs(pairs: list[tuple[str, str]]) -> str:
    return "".join(f' {name}="{esc(value)}"' for name, value in pairs)


def _spans(cell: GridCell) -> list[tuple[str, str]]:
    out = []
    if cell.row_span > 1:
        out.append(("rowspan", str(cell.row_span)))
    if cell.col_span > 1:
        out.append(("colspan", str(cell.col_span)))
    return out


def invalid_title(figure: Figure) -> str:
    """The tooltip of a figure shown as ？."""
    if figure.derived:
        return "无法计算：相加的各项中有不是有效数字的"
    if figure.text:
        return f"不是有效的数字（填写的是“{figure.text}”）"
    return "不是有效的数字（未填写）"


def _value_cell(cell: GridCell, figure: Figure) -> str:
    classes = ["num"]
    if figure.derived:
        classes.append("derived")
    attrs = [("class", ""), *_spans(cell)]
    if figure.valid:
        text = figure.text
    else:
        classes.append("invalid")
        text = INVALID_MARK
        attrs.append(("title", invalid_title(figure)))
    attrs[0] = ("class", " ".join(classes))
    return f"<td{_attrs(attrs)}>{esc(text)}</td>"


def _heading_cell(cell: GridCell, layout: GridLayout) -> str:
    classes = []
    if cell.kind == LABEL:
        scope = "row"
        width = sum(layout.widths[cell.col:cell.col + cell.col_span])
        if width < VERTICAL_BELOW and cell.row_span > 1:
            classes.append("vertical")
    else:  # a column heading, the corner or a full-width title row
        scope = "colgroup" if cell.col_span > 1 else "col"
    if cell.align == "left":
        classes.append("left")
    attrs = [("scope", scope), *_spans(cell)]
    if classes:
        attrs.append(("class", " ".join(classes)))
    return f"<th{_attrs(attrs)}>{esc(cell.text)}</th>"


def _head_rows(layout: GridLayout) -> int:
    """How many rows go into <thead>: the layout's header rows, unless a cell would reach
    from them into the body (a span cannot cross a row group)."""
    head = layout.header_rows
    if any(c.row < head < c.row + c.row_span for c in layout.cells):
        return 0
    return head


def _colgroup(layout: GridLayout) -> str:
    cols = "".join(f'<col style="width:{w:.2f}%">' for w in layout.scaled_widths(100.0))
    return f"<colgroup>{cols}</colgroup>"


def table_html(block: TableBlock) -> str:
    """One table in its scrolling wrapper, as HTML."""
    layout = block.layout
    min_width = sum(layout.widths) * MIN_EM_PER_WIDTH
    lines = ['<div class="nbzs-table">',
             # border="1": many CMS editors strip <style> when a page is pasted in; the
             # table keeps its rules then (the style sheet draws them otherwise)
             f'<table border="1" style="min-width:{min_width:.1f}em">',
             f"<caption>{esc(block.caption)}</caption>", _colgroup(layout)]
    head = _head_rows(layout)
    for first, last, group in ((0, head, "thead"), (head, layout.rows, "tbody")):
        if first == last:
            continue
        lines.append(f"<{group}>")
        for r in range(first, last):
            cells = "".join(_value_cell(c, block.figures[c.key]) if c.kind == VALUE
                            else _heading_cell(c, layout) for c in layout.row_cells(r))
            lines.append(f"<tr>{cells}</tr>")
        lines.append(f"</{group}>")
    lines += ["</table>", "</div>"]
    return "\n".join(lines)
