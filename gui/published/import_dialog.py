"""从上年已发布的报告导入: a published report read in the background and shown beside the file
itself (its tables in grids, its sections, the agency details, what could not be read); the clerk
corrects a misread cell, then keeps it as the agency's final report for last year."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.published import Published
from core.published.names import same_agency
from core.session import EditingSession
from core.storage import StorageError
from core.validation import SEVERITY_LABELS, Issue
from gui.confirm import confirm
from gui.published.file_view import FileView
from gui.tasks import run_in_background
from gui.widgets.table_grid import TableGrid
from gui.widgets.table_section import GridMessage

ISSUE_ROLE = Qt.ItemDataRole.UserRole


@dataclass
class Loaded:
    published: Published
    data: bytes
    text: str  # the file as text (.docx/.html/.txt); "" for a PDF, whose pages are shown


def load(path: Path, year: int) -> Loaded:
    """Worker thread: read the file. A title without a year is read as `year`'s report; a
    title with another year is read as printed (the dialog then says it is the wrong year)."""
    from core.published import PublishedError, read_published
    from core.published.imported import plain_text

    try:
        published = read_published(path)
    except PublishedError as first:
        try:
            published = read_published(path, year)
        except PublishedError:
            raise first from None
    data = path.read_bytes()
    text = "" if published.kind == "pdf" else plain_text(data, published.kind)
    return Loaded(published, data, text)


class _Scratch:
    """The converted report lives only in this dialog until it is kept: the editing session
    that records its corrections saves nowhere."""

    def save_report(self, document: dict[str, Any], **_: Any) -> None:
        pass

    def get_setting(self, key: str, default: Any = None) -> Any:
        return default

    def set_setting(self, key: str, value: Any) -> None:
        pass


class PublishedImportDialog(QDialog):
    """Reads `path` as `agency`'s report for `year` − 1 (`year` is the new report's)."""

    loaded = Signal()  # the file was read and is shown
    failed = Signal(str)  # it could not be read: why (Chinese)
    kept = Signal(str, int)  # stored as (agency, year − 1)

    def __init__(self, db: Any, agency: str, year: int, path: str | Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.agency = agency
        self.year = year - 1
        self.path = Path(path)
        self.published: Published | None = None
        self.session: EditingSession | None = None
        self.grids: dict[str, TableGrid] = {}
        self._tab_of: dict[TableGrid, int] = {}
        self.setWindowTitle(f"从上年已发布的报告导入 — {self.path.name}")
        self.resize(1600, 920)

        layout = QVBoxLayout(self)
        self.heading = QLabel(f"正在读取“{self.path.name}”，作为“{agency}”{self.year}年的报告…")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.file_view = FileView()
        self.tabs = QTabWidget()
        self.tabs.setEnabled(False)
        self.splitter.addWidget(self.file_view)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.splitter, 1)
        notes_label = QLabel("读取时发现的问题（双击定位到表格中的单元格）：")
        layout.addWidget(notes_label)
        self.notes = QListWidget()
        self.notes.setAccessibleName("读取时发现的问题")
        self.notes.setMaximumHeight(110)
        self.notes.itemActivated.connect(self._locate)
        layout.addWidget(self.notes)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.keep_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.keep_button.setText(f"保存为{self.year}年的报告")
        self.keep_button.setEnabled(False)
        self.buttons.accepted.connect(self.keep)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.task = run_in_background(lambda: load(self.path, self.year), self._show,
                                      self._fail, context=self)

    # -- reading -----------------------------------------------------------------------------
    def _fail(self, exc: BaseException) -> None:
        message = str(exc) or type(exc).__name__
        self.heading.setText(f"“{self.path.name}”无法读取，未导入任何内容。")
        self.file_view.show_nothing(message)
        self._say(message, "#c62828")
        self.failed.emit(message)

    def _show(self, loaded: Loaded) -> None:
        published = self.published = loaded.published
        report = published.report
        if published.kind == "pdf":
            self.file_view.show_pdf(loaded.data)
        else:
            self.file_view.show_text(loaded.text)
        self.session = EditingSession(_Scratch(), report)
        self._add_agency_tab(report.agency)
        for table in report.format.tables:
            self._add_table_tab(table.key)
        self._add_text_tab()
        self.tabs.setEnabled(True)
        for issue in published.issues:
            item = QListWidgetItem(f"{SEVERITY_LABELS[issue.severity]}［{issue.rule}］{issue.message}")
            item.setData(ISSUE_ROLE, issue)
            self.notes.addItem(item)
        if not published.issues:
            self.notes.addItem("没有发现问题：表格和各部分都已读取。")
        found = report.agency_name
        self.heading.setText(
            f"从“{self.path.name}”读到：{found or '（没有机关名称）'}{report.year}年度报告。"
            f"请对照左侧原文件核对表格中的数字，读错的单元格可以直接改正。")
        if report.year != self.year:
            self._say(f"这份文件是{report.year}年度的报告，新报告需要的是{self.year}年度的报告，"
                      f"不能导入。", "#c62828")
        else:
            self.keep_button.setEnabled(True)
            if same_agency(found, self.agency):
                self._say(f"核对无误后点击“保存为{self.year}年的报告”：它将作为“{self.agency}”"
                          f"{self.year}年的报告（已定稿，标为已导入），用于跨年度校验和参考正文。",
                          "#2e7d32")
            else:
                self._say(f"注意：文件中的机关是“{found}”，与新报告的“{self.agency}”不同。", "#b26a00")
        self.loaded.emit()

    def _add_agency_tab(self, agency: dict[str, str]) -> None:
        page = QWidget()
        form = QFormLayout(page)
        for field in self.session.report.format.agency_fields if self.session else ():
            value = agency.get(field.key, "")
            label = QLabel(value or "（未找到）")
            label.setStyleSheet("" if value else "color:#b26a00")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{field.label}：", label)
        self.tabs.addTab(page, "机关信息")

    def _add_table_tab(self, key: str) -> None:
        assert self.session is not None
        fmt = self.session.report.format
        page = QWidget()
        column = QVBoxLayout(page)
        grid = TableGrid(self.session, key)
        message = GridMessage()
        grid.messageChanged.connect(
            lambda text, g=grid, m=message: m.show_message(text, g.message_is_notice))
        column.addWidget(grid, 1)
        column.addWidget(message)
        self.grids[key] = grid
        self._tab_of[grid] = self.tabs.count()
        section = fmt.section_by_key[key]
        self.tabs.addTab(page, f"{fmt.table_by_key[key].number} {section.heading[2:]}")

    def _add_text_tab(self) -> None:
        assert self.session is not None
        report = self.session.report
        parts = []
        for section in report.format.sections:
            if section.kind != "text":
                continue
            text = report.texts.get(section.key, "")
            body = (html.escape(text).replace("\n", "</p><p>") if text
                    else "<span style='color:#c62828'>（未能读取）</span>")
            parts.append(f"<h3>{html.escape(section.heading)}</h3><p>{body}</p>")
        if report.date:
            parts.append(f"<p style='text-align:right'>{html.escape(report.date)}</p>")
        view = QTextBrowser()
        view.setAccessibleName("正文")
        view.setHtml("".join(parts))
        self.text_view = view
        self.tabs.addTab(view, "正文")

    def _locate(self, item: QListWidgetItem) -> None:
        issue = item.data(ISSUE_ROLE)
        if not isinstance(issue, Issue):
            return
        for cell in issue.cells:
            grid = self.grids.get(cell.split("/")[0])
            if grid is not None:
                self.tabs.setCurrentIndex(self._tab_of[grid])
                grid.setCurrentIndex(grid.model().index_for_key(cell))  # type: ignore[attr-defined]
                grid.setFocus()
                return

    def _say(self, text: str, color: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color:{color}")

    # -- keeping -----------------------------------------------------------------------------
    def keep(self) -> None:
        from core.published.imported import keep_as_previous

        if self.published is None or self.session is None or not self.keep_button.isEnabled():
            return
        for grid in self.grids.values():
            grid.flush_editor()
        report = self.session.report
        if not same_agency(report.agency_name, self.agency) and not confirm(
                self, "机关名称不同",
                f"文件中的机关是“{report.agency_name}”，新报告的机关是“{self.agency}”。\n"
                f"确定这是“{self.agency}”{self.year}年的报告吗？"):
            return
        try:
            keep_as_previous(self.db, report, self.agency, self.path.name)
        except StorageError as exc:
            self._say(str(exc), "#c62828")
            return
        self.kept.emit(self.agency, self.year)
        self.accept()

    def done(self, result: int) -> None:
        if self.session is not None:
            self.session.close()
        super().done(result)
