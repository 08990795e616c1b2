"""A published report document → a Report, what could not be read, and the PUB.* findings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.fileio import os_reason
from core.formats import DEFAULT_FORMAT
from core.model import Report
from core.published.contacts import contacts
from core.published.document import Document, PublishedError
from core.published.sections import find_headings, paragraphs, split_signature, title_of
from core.published.tables import read_table
from core.published.text import squeeze
from core.validation.issue import ERROR, WARNING, Issue

KINDS = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "txt"}
_NOT_REPORT = (("工作要点", "工作要点"), ("实施方案", "实施方案"), ("工作计划", "工作计划"),
               ("通知", "通知"), ("工作总结", "工作总结"))
_TABLE_NUMBERS = {"active": 2, "requests": 3, "review": 4}


@dataclass
class Published:
    report: Report
    kind: str
    issues: list[Issue] = field(default_factory=list)
    tables: list[int] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)

    @property
    def source(self) -> dict[str, Any]:
        return {"kind": self.kind, "format": self.report.format.id, "tables": self.tables,
                "unread": self.unread}


def _document(data: bytes, kind: str) -> Document:
    if kind == "pdf":
        from core.published.pdf import read_pdf
        return read_pdf(data)
    if kind == "docx":
        from core.published.docx import read_docx
        return read_docx(data)
    if kind == "html":
        from core.published.html import read_html
        return read_html(data)
    from core.published.txt import read_txt
    return read_txt(data)


def _what_it_is(doc: Document) -> str:
    """Why a document without the 2021 sections is refused, in words that say what it is."""
    text = "".join(squeeze(i.text) for i in doc.items[:8] if hasattr(i, "text"))
    year = re.search(r"(20\d\d)年", text)
    for word, name in _NOT_REPORT:
        if word in text[:80] and "年度报告" not in text[:80]:
            return f"这份文件是一份{name}，不是政府信息公开工作年度报告。"
    if "政府信息公开" in text and ("年度报告" in text or "报告" in text):
        when = f"{year.group(1)}年度的" if year else ""
        return (f"这份文件是{when}旧格式的政府信息公开工作年度报告（没有2021年格式规定的六个部分和"
                f"三张统计表），本程序只读取2021年格式（国办公开办函〔2021〕30号）的报告。")
    return "这份文件不是2021年格式的政府信息公开工作年度报告（找不到规定的六个部分和统计表）。"


def read_published(path: str | Path, year: int | None = None) -> Published:
    p = Path(path)
    kind = KINDS.get(p.suffix.lower())
    if kind is None:
        raise PublishedError(f"不能读取“{p.suffix or p.name}”类型的文件；"
                             f"可读取 .pdf、.docx、.html、.htm、.txt 或本程序的报告文件。")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise PublishedError(f"无法读取文件：{os_reason(exc)}") from exc
    return read_bytes(data, kind, year)


SIGNOFF_TITLE = "政府信息公开工作年度报告审签单"  # core/pdf/signoff.py prints it


def read_bytes(data: bytes, kind: str, year: int | None = None) -> Published:
    fmt = DEFAULT_FORMAT
    doc = _document(data, kind)
    # our PDF may end with the 审签单 (sign-off sheet), which repeats the title: not a report
    signoff = next((n for n, i in enumerate(doc.items) if hasattr(i, "text")
                    and squeeze(i.text) == SIGNOFF_TITLE), None)
    if signoff is not None:
        doc.items = doc.items[:signoff]
    items = doc.items
    headings = find_headings(fmt, items)
    titles = len({squeeze(i.text) for i in items if hasattr(i, "text")
                  and len(squeeze(i.text)) < 60 and squeeze(i.text).endswith("政府信息公开工作年度报告")})
    firsts = sum(1 for i in items if hasattr(i, "text") and squeeze(i.text) == "一、总体情况")
    if titles > 1 or firsts > 1:
        raise PublishedError("这份文件包含不止一份年度报告；请每次只读取一份报告。")
    if len(headings) < 4:
        raise PublishedError(_what_it_is(doc))
    order = [s.key for s in fmt.sections if s.key in headings]
    first = headings[order[0]].index
    agency, printed_year, after_title = title_of(doc, first)
    if printed_year is None and year is None:
        raise PublishedError("标题中没有报告年度；请用 --year 指定。")
    if printed_year is not None and year is not None and printed_year != year:
        raise PublishedError(f"标题写的是{printed_year}年度的报告，与 --year {year} 不符。")
    report = Report(year=printed_year or year or 0, format=fmt)
    out = Published(report, kind)
    opening = "".join(paragraphs(doc, items[after_title:first]))
    report.agency["name"] = agency
    report.agency.update(contacts(opening, agency))
    for key in ("address", "postcode", "phone", "email", "website_url"):
        if not report.agency.get(key):
            out.unread.append(f"agency/{key}")
    period = re.search(r"统计期限.{0,4}?(\d{4})\s*年\s*1\s*月\s*1\s*日", opening)
    if period and int(period.group(1)) != report.year:
        out.issues.append(Issue("TEXT.YEAR", WARNING,
                                f"开头说明的统计期限是{period.group(1)}年，与报告年度{report.year}年不符。"))
    report.cells = {}
    for pos, section in enumerate(fmt.sections):
        heading = headings.get(section.key)
        if heading is None:
            out.unread.append(section.key)
            out.issues.append(Issue("PUB.UNREAD", ERROR, f"找不到“{section.heading}”部分，未能读取。",
                                    (f"text/{section.key}",) if section.kind == "text" else ()))
            continue
        if heading.printed:
            out.issues.append(Issue("PUB.LABEL", WARNING,
                                    f"标题印作“{heading.printed}”，与规定格式的“{section.heading}”不一致。"))
        end = min((h.index for k, h in headings.items()
                   if fmt.sections.index(fmt.section_by_key[k]) > pos), default=len(items))
        region = items[heading.index + 1:end]
        if section.kind == "text":
            paras = paragraphs(doc, region)
            if end == len(items):
                paras, report.date = split_signature(paras)
            report.texts[section.key] = "\n".join(paras)
            continue
        table = fmt.table_by_key[section.key]
        read = read_table(table, region)
        report.cells.update(read.cells)
        report.declared.update(read.declared)
        out.issues.extend(read.issues)
        if read.old_layout:
            out.issues.append(Issue(
                "PUB.OLD_LAYOUT", WARNING,
                "表三使用的是2019年旧格式：“（六）其他处理”只有一行（2021年格式分为三行），"
                "其数字计入“3.其他”，另两行空缺。",
                tuple(f"requests/{r}/{c.key}" for r in ("other.no_correction", "other.no_fee_paid")
                      for c in table.columns_for(r))))
        if read.rows_read:
            out.tables.append(_TABLE_NUMBERS.get(table.key, 0))
        else:
            out.unread.append(table.key)
            out.issues.append(Issue("PUB.UNREAD", ERROR, f"{table.number}（{section.heading}）未能读取。"))
    for key in out.unread:
        if key.startswith("agency/"):
            label = fmt.agency_field_by_key[key[7:]].label
            out.issues.append(Issue("PUB.UNREAD", WARNING,
                                    f"开头段落中没有找到{label}。", (key,)))
    return out
