"""The 已导出的文件 list of the step 审核与导出: every output written for this report (kind, time,
the report's 校验码 when it was written, path), remembered in the database's settings so that
it is still there when the report is opened again, and marked when the report has changed
since — a PDF signed or an Excel sent after an edit would not be the stored version."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMessageBox

from core.checksum import report_checksum
from core.export import KINDS
from core.model import Report
from core.storage import StorageError

KEPT = 20  # outputs remembered per report (the newest)
STALE = "⚠ 报告已修改，此文件不是最新的，请重新导出"
MISSING = "（文件已被移动或删除）"


@dataclass(frozen=True)
class OutputRecord:
    kind: str  # a key of core.export.KINDS
    path: str
    time: str  # ISO 8601, local time
    checksum: str  # the report's 校验码 when the file was written

    def line(self, current: str) -> str:
        label = KINDS[self.kind].label if self.kind in KINDS else self.kind
        when = dt.datetime.fromisoformat(self.time).strftime("%m-%d %H:%M")
        path = Path(self.path)
        text = f"已导出 {label} {when} 校验码 {self.checksum} …/{path.parent.name}/{path.name}"
        if not path.exists():
            text += MISSING
        if self.checksum != current:
            text += f"\n{STALE}"  # its own line: read, not scrolled to
        return text


def settings_key(report: Report) -> str:
    return f"exports/{report.agency_name}/{report.year}"


def load_records(db: Any, report: Report) -> list[OutputRecord]:  # noqa: ANN401 — Database
    try:
        stored = db.get_setting(settings_key(report), [])
    except StorageError:
        return []
    records = []
    for entry in stored if isinstance(stored, list) else []:
        try:
            record = OutputRecord(**entry)
            dt.datetime.fromisoformat(record.time)
        except (TypeError, ValueError):
            continue  # a damaged entry is dropped, not shown wrong
        records.append(record)
    return records


def remember(db: Any, report: Report, record: OutputRecord) -> None:  # noqa: ANN401
    """Add `record` (replacing an earlier output to the same file); a database that cannot be
    written loses only the list, never the output."""
    kept = [r for r in load_records(db, report) if r.path != record.path]
    kept = [record, *kept][:KEPT]
    try:
        db.set_setting(settings_key(report), [asdict(r) for r in kept])
    except StorageError:
        pass


class OutputsList(QListWidget):
    """One line per output, newest first; stale ones in orange. Double-click opens the file."""

    def __init__(self, ctx) -> None:  # noqa: ANN001 — the WizardContext
        super().__init__()
        self.ctx = ctx
        self.setAccessibleName("已导出的文件")
        self.setToolTip("已导出的文件。报告修改后，旧文件会标出“不是最新的”；双击打开文件。")
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        self.setMaximumHeight(170)  # about six lines; more scroll
        self.itemDoubleClicked.connect(self._open)

    def add(self, kind: str, path: str, checksum: str) -> None:
        record = OutputRecord(kind, path, dt.datetime.now().isoformat(timespec="seconds"),
                              checksum)
        remember(self.ctx.session.db, self.ctx.session.report, record)
        self.refresh()

    def refresh(self) -> None:
        report = self.ctx.session.report
        current = report_checksum(report)
        self.clear()
        for record in load_records(self.ctx.session.db, report):
            item = QListWidgetItem(record.line(current))
            item.setToolTip(record.path)
            item.setData(Qt.ItemDataRole.UserRole, record.path)
            if record.checksum != current:
                item.setForeground(QBrush(QColor("#b26a00")))
            self.addItem(item)
        self.setVisible(self.count() > 0)

    def lines(self) -> list[str]:
        return [self.item(row).text() for row in range(self.count())]

    def _open(self, item: QListWidgetItem) -> None:
        path = str(item.data(Qt.ItemDataRole.UserRole))
        if not Path(path).exists() or not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            QMessageBox.information(self, "无法打开", f"文件不存在或系统没有找到打开它的程序：\n{path}")
