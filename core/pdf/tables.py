"""Tables 2, 3 and 4 laid out like the official template, built from core.format2021.

Every label comes from the format declaration; cells hold TextBlocks (our line breaking, no
markup parsing). Header rows repeat when a table crosses a page; rows are never split.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Table, TableStyle

from core import fonts
from core import format2021 as fmt
from core.model import Report, money_text
from core.pdf.geometry import BODY_W, MM, TABLE_LEADING, TABLE_NUMBER_SIZE, TABLE_SIZE
from core.pdf.textblock import TextBlock

INVALID_MARK = "？"  # printed where an entered figure is not a valid number (draft only)


def _label(text: str, align: str = "center") -> TextBlock:
    return TextBlock(text, role="body", size=TABLE_SIZE, leading=TABLE_LEADING, align=align,
                     tracking=0.0)


def _number(value: Any) -> TextBlock:
    if value is None:
        text = INVALID_MARK
    elif isinstance(value, Decimal):
        text = money_text(value)
    else:
        text = str(value)
    return TextBlock(text, role="body", size=TABLE_NUMBER_SIZE, leading=TABLE_LEADING + 1,
                     align="center", tracking=0.0, fit=True)


def ruled(pad_x: float, pad_y: float) -> list[tuple]:
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


def _style(spans: list[tuple[int, int, int, int]], header_rows: int,
           extra: list[tuple] | None = None) -> TableStyle:
    cmds = ruled(2, 3)
    if header_rows:
        cmds.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.Color(0.94, 0.94, 0.94)))
    for c0, r0, c1, r1 in spans:
        cmds.append(("SPAN", (c0, r0), (c1, r1)))
    return TableStyle(cmds + (extra or []))


def _table(rows: list[list[Any]], widths: list[float], spans: list[tuple[int, int, int, int]],
           header_rows: int, extra: list[tuple] | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=header_rows, splitByRow=1, splitInRow=0,
                  hAlign="CENTER")
    table.setStyle(_style(spans, header_rows, extra))
    return table


def table2(report: Report) -> Table:
    values = report.parsed()
    rows: list[list[Any]] = []
    spans: list[tuple[int, int, int, int]] = []
    shaded: list[tuple] = []
    for block in fmt.T2_BLOCKS:
        r = len(rows)
        rows.append([_label(block.clause), "", "", ""])
        spans.append((0, r, 3, r))
        shaded.append(("BACKGROUND", (0, r), (-1, r), colors.Color(0.94, 0.94, 0.94)))
        header = [_label(h) for h in block.header]
        r = len(rows)
        if len(header) == 2:  # one value column spanning the three
            rows.append([header[0], header[1], "", ""])
            spans.append((1, r, 3, r))
        else:
            rows.append(header)
        for row in block.rows:
            r = len(rows)
            cells = [values[fmt.cell_key("active", row.key, c.key)] for c in block.columns]
            if len(cells) == 1:
                rows.append([_label(row.label), _number(cells[0]), "", ""])
                spans.append((1, r, 3, r))
            else:
                rows.append([_label(row.label)] + [_number(v) for v in cells])
    return _table(rows, [BODY_W / 4] * 4, spans, header_rows=0, extra=shaded)


T3_LABEL_WIDTHS = [7 * MM, 17 * MM, 48 * MM]  # the first holds a one-character-wide vertical label


def table3(report: Report) -> Table:
    values = report.parsed()
    cols = [c.key for c in fmt.T3_COLUMNS]
    rows: list[list[Any]] = []
    spans: list[tuple[int, int, int, int]] = []
    # three header rows; the top-left 3×3 block carries the 勾稽 note
    org = fmt.T3_ORG_COLUMNS
    rows.append([_label(fmt.T3_NOTE, "justify"), "", "", _label(fmt.T3_APPLICANT)] + [""] * 6)
    rows.append(["", "", "", _label(fmt.T3_COLUMNS[0].label), _label(fmt.T3_ORG_GROUP),
                 "", "", "", "", _label(fmt.T3_COLUMNS[-1].label)])
    rows.append(["", "", "", ""] + [_label(c.label) for c in org] + [""])
    spans += [(0, 0, 2, 2), (3, 0, 9, 0), (3, 1, 3, 2), (4, 1, 8, 1), (9, 1, 9, 2)]

    def numbers(row_key: str) -> list[Any]:
        return [_number(values[fmt.cell_key("requests", row_key, c)]) for c in cols]

    group_start: dict[str, int] = {}
    results_start = None
    for row in fmt.T3_ROWS:
        r = len(rows)
        if not row.group:  # 一、二、四: the label spans all three label columns
            rows.append([_label(row.label, "left"), "", ""] + numbers(row.key))
            spans.append((0, r, 2, r))
            continue
        if results_start is None:
            results_start = r
        sub = next((g for g, keys in fmt.T3_RESULT_GROUPS if row.key in keys), None)
        if sub is None:  # （一）（二）（七）: span the two inner label columns
            rows.append(["", _label(row.label, "left"), ""] + numbers(row.key))
            spans.append((1, r, 2, r))
        else:
            if sub not in group_start:
                group_start[sub] = r
            rows.append(["", _label(sub) if group_start[sub] == r else "",
                         _label(row.label, "left")] + numbers(row.key))
        if row.key == "total_processed":
            spans.append((0, results_start, 0, r))
            rows[results_start][0] = _label(fmt.T3_RESULTS_GROUP)
    for sub, keys in fmt.T3_RESULT_GROUPS:
        start = group_start[sub]
        spans.append((1, start, 1, start + len(keys) - 1))
    value_w = (BODY_W - sum(T3_LABEL_WIDTHS)) / len(cols)
    return _table(rows, T3_LABEL_WIDTHS + [value_w] * len(cols), spans, header_rows=3)


def table4(report: Report) -> Table:
    values = report.parsed()
    leaf = fmt.T4_COLUMNS
    rows: list[list[Any]] = []
    spans: list[tuple[int, int, int, int]] = []
    rows.append([_label(fmt.T4_RECONSIDERATION)] + [""] * 4 + [_label(fmt.T4_LITIGATION)] +
                [""] * 9)
    rows.append([_label(c.label) for c in leaf] + [_label(fmt.T4_ROWS[1].label)] + [""] * 4 +
                [_label(fmt.T4_ROWS[2].label)] + [""] * 4)
    rows.append([""] * 5 + [_label(c.label) for c in leaf] * 2)
    spans += [(0, 0, 4, 0), (5, 0, 14, 0), (5, 1, 9, 1), (10, 1, 14, 1)]
    spans += [(c, 1, c, 2) for c in range(5)]
    rows.append([_number(values[fmt.cell_key("review", r.key, c.key)])
                 for r in fmt.T4_ROWS for c in leaf])
    return _table(rows, [BODY_W / 15] * 15, spans, header_rows=3)
