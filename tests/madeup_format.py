"""A small made-up report format, declared the way a future national revision would be: one data
module (this one) and its tests. Everything — file reading, validation, the grid, every
renderer — must work on it without knowing it."""

from __future__ import annotations

from collections.abc import Mapping

from core.formats.spec import (
    AgencyField,
    AgencyKind,
    Band,
    Column,
    Head,
    Identity,
    ReportFormat,
    Row,
    Section,
    Sum,
    TableSpec,
    heads,
)
from core.model import Report

FORMAT_ID = "test-2030"

ENTERED = (Column("online", "网上申请"), Column("paper", "书面申请"))
TOTAL = Column("total", "合计", total=Sum(("online", "paper"), "X.ROW_TOTAL", "网上与书面之和"))
ROWS = (Row("received", "甲、收到件数", short="收到"),
        Row("answered", "乙、已答复件数", short="已答复"),
        Row("pending", "丙、待答复件数", short="待答复"))

TABLE = TableSpec(
    key="counts", number="表一",
    bands=(Band(corner="项目", columns=(Head("申请方式", (*heads(ENTERED), Head(col=TOTAL))),),
                rows=heads(ROWS)),),
    widths=(10.0, 6.0, 6.0, 6.0),
)


def _title(agency: str, year: int) -> str:
    return f"{agency}{year}年试行报告"


def _opening(agency: Mapping[str, str], year: int, fmt: ReportFormat) -> str:
    return f"本报告由{agency.get('name', '')}编制，统计期限为{year}年全年。"


FORMAT = ReportFormat(
    id=FORMAT_ID,
    name="试行格式〔2030〕1号",
    sections=(
        Section("summary", "一、概况", "text", "写本年概况。", short="一、概况", min_chars=10,
                brief_hint="请写明本年概况。"),
        Section("counts", "二、申请情况", "table", "按申请方式填写。", short="二、申请情况"),
    ),
    tables=(TABLE,),
    agency_fields=(AgencyField("name", "机关全称"), AgencyField("phone", "电话", check="phone")),
    agency_kinds=(AgencyKind("office", "本机关的报告", (2, 28), "试行规定第三条"),),
    title=_title,
    opening=_opening,
    identities=(Identity("X.BALANCE", "counts", left=("received",),
                         right=("answered", "pending"), note="收到等于已答复加待答复"),),
)


def document(**cells: int) -> dict:
    """A report file of this format, balanced unless cells say otherwise."""
    values = {"received": {"online": 5, "paper": 2}, "answered": {"online": 4, "paper": 2},
              "pending": {"online": 1, "paper": 0}}
    for key, value in cells.items():
        row, col = key.split("__")
        values[row][col] = value
    return {"schema": "gdar/1", "format": FORMAT_ID, "year": 2030,
            "agency": {"name": "试点县测试局", "phone": "0000-1234567"},
            "date": "2031-02-20", "text": {"summary": "（一）基本情况\n本年共收到申请7件，均已按期答复或正在办理。"},
            "tables": {"counts": values}}


def report(**cells: int) -> Report:
    """The document above as a Report of this format (no registration needed)."""
    doc = document(**cells)
    out = Report(year=doc["year"], agency=dict(doc["agency"]), date=doc["date"],
                 texts=dict(doc["text"]), format=FORMAT)
    out.cells.update({f"counts/{row}/{col}": value
                      for row, cols in doc["tables"]["counts"].items()
                      for col, value in cols.items()})
    return out
