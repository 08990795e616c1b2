"""The 审签单: a sign-off sheet printed after the report, with lines for 拟稿 / 审核 / 签发 and
the report's 校验码, so the signed paper can be matched to the stored version."""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from core.checksum import report_checksum
from core.model import STATUS_FINAL, STATUS_LABELS, Report
from core.pdf.geometry import BODY_SIZE, BODY_W, LEADING, MM, TITLE_SIZE
from core.pdf.tables import ruled
from core.pdf.textblock import TextBlock


def _cell(text: str, align: str = "left", size: float = BODY_SIZE - 2) -> TextBlock:
    return TextBlock(text, size=size, leading=size * 1.6, align=align, tracking=0.0)


def status_text(report: Report, errors: int) -> str:
    """What the sheet says about the report: finalized in the program, or checked."""
    if report.status == STATUS_FINAL and not errors:
        return STATUS_LABELS[STATUS_FINAL]
    if errors:
        return f"草稿（尚有 {errors} 个错误，不能签发）"
    return "校验通过，无错误"


def signoff_flowables(report: Report, errors: int = 0) -> list[Flowable]:
    code = report_checksum(report)
    rows = [
        [_cell("报告名称", "center"), _cell(report.title)],
        [_cell("报告年度", "center"), _cell(f"{report.year}年度（统计期限{report.year}年1月1日至12月31日）")],
        [_cell("编制机关", "center"), _cell(report.agency_name)],
        [_cell("状态", "center"), _cell(status_text(report, errors))],
        [_cell("校验码", "center"), _cell(code, size=BODY_SIZE)],
    ]
    for role in ("拟稿", "审核", "签发"):
        rows.append([_cell(role, "center"),
                     _cell("签名：                        日期：      年    月    日")])
    table = Table(rows, colWidths=[30 * MM, BODY_W - 30 * MM],
                  rowHeights=[None] * 5 + [26 * MM] * 3)
    table.setStyle(TableStyle(ruled(6, 6)))
    note = ("说明：校验码由报告的全部内容（机关信息、正文、三张统计表、落款日期）计算得出。"
            "在年报助手中打开同一报告可看到校验码；两者一致，说明签发的纸质报告与保存的版本相同。")
    return [
        PageBreak(),
        TextBlock("政府信息公开工作年度报告审签单", role="title", size=TITLE_SIZE,
                  align="center", tracking=0.0),
        Spacer(0, LEADING),
        table,
        Spacer(0, LEADING / 2),
        TextBlock(note, size=BODY_SIZE - 4, leading=(BODY_SIZE - 4) * 1.6, tracking=0.0),
    ]
