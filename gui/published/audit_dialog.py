"""检查已发布的报告: published files (several at once) checked in the background as their readers
would see them; each file's error and warning counts, the selected file's findings and what could
not be read; the whole list exported as one Excel sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.published.audit_sheet import Audited, audit_file, audit_rows, audit_workbook
from core.validation import ERROR, SEVERITY_LABELS
from gui.places import remember_dir, suggested_path
from gui.tasks import run_in_background
from gui.widgets.flat_list import flat_list

PATH_ROLE = Qt.ItemDataRole.UserRole
FILTER = "已发布的报告 (*.pdf *.docx *.html *.htm *.txt);;所有文件 (*)"
ERROR_BRUSH = QBrush(QColor("#c62828"))
WARNING_BRUSH = QBrush(QColor("#b26a00"))


class AuditDialog(QDialog):
    """Files are checked one background task each; `checked` tells each result, `idle` when
    none is left running."""

    checked = Signal(object)  # an Audited
    idle = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("检查已发布的报告")
        self.resize(1100, 720)
        self.results: dict[Path, Audited] = {}
        self._running = 0

        layout = QVBoxLayout(self)
        hint = QLabel("选择已公布的年度报告（PDF、Word、网页或文本，可一次选择多个），"
                      "按读者看到的样子检查：表格勾稽、跨表一致、格式要求，以及印刷中的问题。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555")
        layout.addWidget(hint)
        bar = QHBoxLayout()
        layout.addLayout(bar)
        self.add_button = QPushButton("添加文件(&A)…")
        self.add_button.clicked.connect(lambda *_: self.add_files())
        self.export_button = QPushButton("导出Excel(&E)…")
        self.export_button.clicked.connect(lambda *_: self.export())
        self.export_button.setEnabled(False)
        bar.addWidget(self.add_button)
        bar.addWidget(self.export_button)
        bar.addStretch(1)
        self.summary = QLabel()
        bar.addWidget(self.summary)

        splitter = QSplitter(Qt.Orientation.Vertical)
        layout.addWidget(splitter, 1)
        self.files = flat_list(["文件", "机关", "年度", "错误", "提示"], "文件列表")
        header = self.files.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.files.itemSelectionChanged.connect(self._show_selected)
        splitter.addWidget(self.files)

        details = QWidget()
        column = QVBoxLayout(details)
        column.setContentsMargins(0, 0, 0, 0)
        self.detail_title = QLabel("选择一个文件，查看它的问题。")
        column.addWidget(self.detail_title)
        self.issues = flat_list(["规则", "严重程度", "说明"], "问题列表")
        self.issues.setWordWrap(True)
        issue_header = self.issues.header()
        issue_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        issue_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        issue_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        issue_header.setStretchLastSection(False)
        column.addWidget(self.issues, 1)
        self.unread = QLabel()
        self.unread.setWordWrap(True)
        self.unread.setStyleSheet("color:#b26a00")
        column.addWidget(self.unread)
        splitter.addWidget(details)
        splitter.setSizes([260, 420])

        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

    # -- checking ----------------------------------------------------------------------------
    def add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "选择已发布的报告", suggested_path(""), FILTER)
        if paths:
            remember_dir(paths[0])
            self.check(paths)

    def check(self, paths: list[str]) -> None:
        for name in paths:
            path = Path(name)
            item = self._item(path)
            if item is None:
                item = QTreeWidgetItem([path.name, "正在检查…", "", "", ""])
                item.setData(0, PATH_ROLE, str(path))
                item.setToolTip(0, str(path))
                self.files.addTopLevelItem(item)
            self._start(path)
        first = self.files.topLevelItem(0)
        if self.files.currentItem() is None and first is not None:
            self.files.setCurrentItem(first)
        self._update_summary()

    def _start(self, path: Path) -> None:
        def failed(exc: BaseException) -> None:  # a reader's crash is this file's finding
            self._done(Audited(path, error=f"读取时出错：{exc}"))

        self._running += 1
        run_in_background(lambda: audit_file(path), self._done, failed, context=self)

    def _item(self, path: Path) -> QTreeWidgetItem | None:
        for i in range(self.files.topLevelItemCount()):
            item = self.files.topLevelItem(i)
            if item is not None and item.data(0, PATH_ROLE) == str(path):
                return item
        return None

    def _done(self, audited: Audited) -> None:
        self._running -= 1
        self.results[audited.path] = audited
        item = self._item(audited.path)
        if item is not None:
            errors, warnings = audited.counts
            item.setText(1, audited.agency or ("无法读取" if audited.error else ""))
            item.setText(2, f"{audited.year}年" if audited.year else "")
            item.setText(3, str(errors))
            item.setText(4, str(warnings))
            for col in (2, 3, 4):
                item.setTextAlignment(col, Qt.AlignmentFlag.AlignCenter)
            if errors:
                item.setForeground(3, ERROR_BRUSH)
            if audited.error:
                item.setForeground(1, ERROR_BRUSH)
            if item is self.files.currentItem():
                self._show_selected()
        self._update_summary()
        self.checked.emit(audited)
        if not self._running:
            self.idle.emit()

    def _update_summary(self) -> None:
        done = [a for a in self.results.values() if self._item(a.path) is not None]
        errors = sum(a.counts[0] for a in done)
        warnings = sum(a.counts[1] for a in done)
        waiting = f"，{self._running} 个正在检查" if self._running else ""
        self.summary.setText(f"{len(done)} 个文件：{errors} 个错误、{warnings} 个提示{waiting}")
        self.export_button.setEnabled(bool(done) and not self._running)

    # -- the selected file -------------------------------------------------------------------
    def _show_selected(self) -> None:
        self.issues.clear()
        self.unread.clear()
        item = self.files.currentItem()
        audited = self.results.get(Path(item.data(0, PATH_ROLE))) if item is not None else None
        if item is None:
            self.detail_title.setText("选择一个文件，查看它的问题。")
            return
        if audited is None:
            self.detail_title.setText(f"正在检查“{item.text(0)}”…")
            return
        errors, warnings = audited.counts
        self.detail_title.setText(f"“{audited.path.name}”：{errors} 个错误、{warnings} 个提示")
        if audited.error:
            self._add_issue("无法读取", SEVERITY_LABELS[ERROR], audited.error, ERROR_BRUSH)
        for issue in audited.issues:
            brush = ERROR_BRUSH if issue.severity == ERROR else WARNING_BRUSH
            self._add_issue(issue.rule, SEVERITY_LABELS[issue.severity], issue.message, brush)
        if audited.unread:
            self.unread.setText("未能读取：" + "、".join(audited.unread))

    def _add_issue(self, rule: str, severity: str, message: str, brush: QBrush) -> None:
        item = QTreeWidgetItem([rule, severity, message])
        item.setForeground(1, brush)
        item.setToolTip(2, message)
        self.issues.addTopLevelItem(item)

    # -- export ------------------------------------------------------------------------------
    def audited_in_order(self) -> list[Audited]:
        out = []
        for i in range(self.files.topLevelItemCount()):
            item = self.files.topLevelItem(i)
            audited = self.results.get(Path(item.data(0, PATH_ROLE))) if item is not None else None
            if audited is not None:
                out.append(audited)
        return out

    def export(self) -> None:
        from core.fileio import OutputError, write_atomic

        path, _ = QFileDialog.getSaveFileName(self, "导出检查结果", suggested_path("已发布报告检查结果.xlsx"),
                                              "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        remember_dir(path)
        try:
            write_atomic(path, audit_workbook(audit_rows(self.audited_in_order())))
        except OutputError as exc:
            self.summary.setText(f"未能导出：{exc}")
            return
        self.summary.setText(f"已导出到 {path}")
