"""Step 审核与导出: 落款日期, every issue of the report, 定稿 / 重新打开, PDF and Excel export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from core.fileio import OutputError, write_atomic
from core.model import STATUS_FINAL, STATUS_LABELS, Report
from core.session import FinalizeRefused
from core.storage import StorageError
from core.validation import ERROR, Issue, summary
from core.wizard import Step
from gui import app as gui_app
from gui.pages.base import BasePage
from gui.tasks import run_in_background


@dataclass
class ExportResult:
    path: str
    kind: str  # "PDF" / "Excel"
    notes: list[str] = field(default_factory=list)


def write_pdf(report: Report, issues: list[Issue], path: str) -> ExportResult:
    """Worker thread: render and write the PDF (marked 草稿 while the report has errors)."""
    from core.export_pdf import render_pdf  # reportlab only when exporting: start-up time

    result = render_pdf(report, draft=any(i.severity == ERROR for i in issues), issues=issues)
    write_atomic(path, result.data)
    return ExportResult(path, "PDF", list(result.notes))


def write_xlsx(report: Report, path: str) -> ExportResult:
    """Worker thread: render and write the Excel statistics tables."""
    from core.export_xlsx import render_xlsx  # openpyxl only when exporting

    write_atomic(path, render_xlsx(report))
    return ExportResult(path, "Excel")


class FinishPage(BasePage):
    step = Step.FINISH
    statusChanged = Signal()  # finalized or reopened: every page must redraw (read-only)
    exportFinished = Signal(object)  # ExportResult or the exception, for tests

    def __init__(self, ctx) -> None:  # noqa: ANN001
        super().__init__(ctx)
        self.setSubTitle("检查全部校验结果，填写落款日期，定稿后导出 PDF（打印签发）和 Excel（报送统计表）。")
        self.exporting = False
        layout = QVBoxLayout(self)

        date_row = QHBoxLayout()
        self.date_label = QLabel("落款日期(&D)：")
        date_row.addWidget(self.date_label)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy年M月d日")
        self.date_edit.setAccessibleName("落款日期")
        self.date_label.setBuddy(self.date_edit)
        self.date_edit.dateChanged.connect(self._date_changed)
        self.date_edit.editingFinished.connect(lambda: self._date_changed(self.date_edit.date()))
        date_row.addWidget(self.date_edit)
        self.date_hint = QLabel()
        self.date_hint.setStyleSheet("color:#666")
        date_row.addWidget(self.date_hint, 1)
        layout.addLayout(date_row)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.issue_list.itemClicked.disconnect()  # here a click selects; double-click jumps
        self.issue_list.currentItemChanged.connect(lambda *_: self._update_ack_button())
        layout.addWidget(self.issue_list, 1)
        ack_row = QHBoxLayout()
        self.ack_hint = QLabel("双击一条（或选中后按 Enter）跳转到相应位置修改。"
                               "提示经检查无误的，可以选中后点“确认此提示”。")
        self.ack_hint.setStyleSheet("color:#666")
        self.ack_hint.setWordWrap(True)
        ack_row.addWidget(self.ack_hint, 1)
        self.ack_button = QPushButton("确认此提示(&A)")
        self.ack_button.clicked.connect(self.toggle_acknowledge)
        ack_row.addWidget(self.ack_button)
        layout.addLayout(ack_row)

        bottom = QHBoxLayout()
        layout.addLayout(bottom)
        status_box = QGroupBox("定稿")
        status_layout = QVBoxLayout(status_box)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        status_layout.addWidget(self.status_label)
        status_buttons = QHBoxLayout()
        self.finalize_button = QPushButton("定稿(&F)")
        self.finalize_button.clicked.connect(self.finalize)
        self.reopen_button = QPushButton("重新打开(&R)…")
        self.reopen_button.clicked.connect(self.reopen)
        status_buttons.addWidget(self.finalize_button)
        status_buttons.addWidget(self.reopen_button)
        status_buttons.addStretch(1)
        status_layout.addLayout(status_buttons)
        bottom.addWidget(status_box, 2)

        export_box = QGroupBox("导出")
        export_layout = QVBoxLayout(export_box)
        export_buttons = QHBoxLayout()
        self.pdf_button = QPushButton("导出PDF(&P)…")
        self.pdf_button.clicked.connect(self.export_pdf)
        self.xlsx_button = QPushButton("导出Excel(&X)…")
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.print_button = QPushButton("打印(&T)…")
        self.print_button.setToolTip("生成 PDF 并用系统的 PDF 阅读器打开，在阅读器中打印。")
        self.print_button.clicked.connect(self.print_report)
        for button in (self.pdf_button, self.xlsx_button, self.print_button):
            export_buttons.addWidget(button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator
        self.progress.setMaximumWidth(120)
        self.progress.setTextVisible(False)
        self.progress.hide()
        export_buttons.addWidget(self.progress)
        export_buttons.addStretch(1)
        export_layout.addLayout(export_buttons)
        result_row = QHBoxLayout()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        result_row.addWidget(self.result_label, 1)
        self.open_file_button = QPushButton("打开文件")
        self.open_file_button.clicked.connect(lambda: self._open(self._result_path))
        self.open_folder_button = QPushButton("打开所在文件夹")
        self.open_folder_button.clicked.connect(
            lambda: self._open(str(Path(self._result_path).parent)))
        result_row.addWidget(self.open_file_button)
        result_row.addWidget(self.open_folder_button)
        export_layout.addLayout(result_row)
        bottom.addWidget(export_box, 3)
        self._result_path = ""
        self._show_result_buttons(False)

    # -- the contract ------------------------------------------------------------------------
    def initializePage(self) -> None:  # noqa: N802 — Qt's name
        if not self.report.date and not self.read_only:
            self.report.set_date(dt.date.today().isoformat())  # the editor shows what is stored
        super().initializePage()

    def refresh(self) -> None:
        stored = QDate.fromString(self.report.date, "yyyy-MM-dd")
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(stored if stored.isValid() else QDate.currentDate())
        self.date_edit.blockSignals(False)
        self.date_edit.setReadOnly(self.read_only)
        year = self.report.year
        self.date_hint.setText(f"印在报告末尾；应在{year}年12月31日至{year + 1}年1月31日之间"
                               "（两天都可以；《条例》第四十九条：1月31日前公布）。")
        final = self.report.status == STATUS_FINAL
        self.status_label.setText(
            f"状态：<b>{STATUS_LABELS[self.report.status]}</b>"
            + ("。报告已定稿，只能查看和导出；如需修改，请“重新打开”。" if final
               else "。没有错误时才能定稿；定稿后报告变为只读。"))
        self.finalize_button.setEnabled(not final)
        self.reopen_button.setEnabled(final)

    def focus_path(self, path: str) -> bool:
        if path != "date":
            return False
        self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _issues_changed(self) -> None:
        """Unlike the other pages, this one lists every issue of the report."""
        if not self.isVisible():  # redrawn when shown (see BasePage)
            self._stale = True
            return
        self._stale = False
        issues = self.ctx.session.issues
        acknowledged = self.ctx.session.acknowledged()
        current = self.issue_list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.issue_list.set_issues(issues, acknowledged)
        self.issue_list.setVisible(True)
        for row in range(self.issue_list.count()):
            if self.issue_list.item(row).data(Qt.ItemDataRole.UserRole) == keep:
                self.issue_list.setCurrentRow(row)
        errors, warnings = summary(issues)
        open_warnings = sum(1 for i in issues
                            if i.severity != ERROR and i.fingerprint not in acknowledged)
        if not issues:
            text = "<span style='color:#2e7d32'>✔ 校验通过：没有发现问题。</span>"
        else:
            text = f"共 <b>{errors}</b> 个错误、<b>{warnings}</b> 个提示"
            if warnings - open_warnings:
                text += f"（其中 {warnings - open_warnings} 个已确认）"
            text += "。"
            text += ("<span style='color:#c62828'>有错误时不能定稿；导出的 PDF 会标注“草稿”。</span>"
                     if errors else "提示不妨碍定稿，但请逐条检查。")
        self.summary_label.setText(text)
        self._update_ack_button()

    # -- acknowledging warnings ----------------------------------------------------------------
    def _selected_issue(self) -> Issue | None:
        item = self.issue_list.currentItem()
        issue = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return issue if isinstance(issue, Issue) else None

    def _update_ack_button(self) -> None:
        issue = self._selected_issue()
        warning = issue is not None and issue.severity != ERROR
        acked = warning and issue.fingerprint in self.ctx.session.acknowledged()
        self.ack_button.setEnabled(warning)
        self.ack_button.setText("取消确认(&A)" if acked else "确认此提示(&A)")

    def toggle_acknowledge(self) -> None:
        issue = self._selected_issue()
        if issue is None or issue.severity == ERROR:
            return
        self.ctx.session.acknowledge(issue, issue.fingerprint not in self.ctx.session.acknowledged())
        self.ctx.issuesChanged.emit()  # redraw lists and the side panel (nothing was edited)

    # -- date, status ---------------------------------------------------------------------------
    def _date_changed(self, date: QDate) -> None:
        if not self.read_only and date.isValid():
            self.report.set_date(date.toString("yyyy-MM-dd"))

    def finalize(self) -> None:
        try:
            self.ctx.session.finalize()
        except FinalizeRefused as exc:
            QMessageBox.warning(self, "不能定稿",
                                f"{exc}\n\n请在列表中双击错误，跳转到相应位置改正。")
            return
        except StorageError as exc:
            QMessageBox.warning(self, "未能定稿", str(exc))
            return
        self.statusChanged.emit()

    def reopen(self) -> None:
        answer = QMessageBox.question(
            self, "重新打开报告",
            "报告已定稿。重新打开后可以修改，修改后需要再次定稿并重新导出。\n确定要重新打开吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.ctx.session.reopen()
        except StorageError as exc:
            QMessageBox.warning(self, "未能重新打开", str(exc))
            return
        self.statusChanged.emit()

    # -- export ---------------------------------------------------------------------------------
    def _ask_path(self, title: str, suffix: str, file_filter: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, title, gui_app.suggested_path(f"{self.report.title}{suffix}"), file_filter)
        if path and not path.lower().endswith(suffix):
            path += suffix
        if path:
            gui_app.remember_dir(path)
        return path

    def export_pdf(self) -> None:
        path = self._ask_path("导出PDF", ".pdf", "PDF 文件 (*.pdf)")
        if path:
            self._start("PDF", write_pdf, self.report.copy(), list(self.ctx.session.issues), path)

    def export_xlsx(self) -> None:
        path = self._ask_path("导出Excel", ".xlsx", "Excel 工作簿 (*.xlsx)")
        if path:
            self._start("Excel", write_xlsx, self.report.copy(), path)

    def print_report(self) -> None:
        folder = gui_app.data_dir() / "print"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            QMessageBox.warning(self, "无法打印", f"无法创建临时文件夹 {folder}：{exc.strerror}")
            return
        path = str(folder / f"{self.report.title}.pdf")
        self._start("PDF", write_pdf, self.report.copy(), list(self.ctx.session.issues), path,
                    open_after=True)

    def _start(self, kind: str, fn, *args, open_after: bool = False) -> None:  # noqa: ANN001
        if self.exporting:
            return
        self.exporting = True
        self._set_busy(True, f"正在生成 {kind}，请稍候…")
        run_in_background(lambda: fn(*args),
                          on_success=lambda result: self._export_done(result, open_after),
                          on_failure=self._export_failed, context=self)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        for button in (self.pdf_button, self.xlsx_button, self.print_button):
            button.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self._show_result_buttons(False)
            self.result_label.setText(text)
            self.result_label.setStyleSheet("color:#444")

    def _export_done(self, result: ExportResult, open_after: bool) -> None:
        self.exporting = False
        self._set_busy(False)
        self._result_path = result.path
        errors, _ = summary(self.ctx.session.issues)
        lines = [f"已导出 {result.kind}：{result.path}"]
        if result.kind == "PDF" and errors:
            lines.append(f"报告还有 {errors} 个错误，PDF 已标注“草稿”。")
        lines.extend(result.notes)
        self.result_label.setText("\n".join(lines))
        self.result_label.setStyleSheet("color:#2e7d32" if len(lines) == 1 else "color:#b26a00")
        self._show_result_buttons(True)
        if open_after:
            self.result_label.setText(self.result_label.text()
                                      + "\n已用系统的 PDF 阅读器打开，请在阅读器中选择“打印”。")
            self._open(result.path)
        self.exportFinished.emit(result)

    def _export_failed(self, exc: BaseException) -> None:
        self.exporting = False
        self._set_busy(False)
        if isinstance(exc, OutputError):
            message = f"{exc}\n\n报告内容不受影响，可以处理后再试一次。"
        elif isinstance(exc, ImportError):
            message = f"本程序缺少导出组件（{exc.name or exc}），无法导出。请重新安装年报助手。"
        else:
            gui_app.handle_exception(exc)
            message = ""
        self.result_label.setText(f"导出未完成。{message.splitlines()[0] if message else ''}")
        self.result_label.setStyleSheet("color:#c62828")
        if message:
            QMessageBox.warning(self, "导出未完成", message)
        self.exportFinished.emit(exc)

    def _show_result_buttons(self, shown: bool) -> None:
        self.open_file_button.setVisible(shown)
        self.open_folder_button.setVisible(shown)

    def _open(self, path: str) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            QMessageBox.information(self, "无法打开", f"系统没有找到打开它的程序：\n{path}")
