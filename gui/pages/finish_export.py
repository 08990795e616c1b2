"""The 导出 box of the step 审核与导出: PDF (optionally with the 审签单), Excel, Word, 网页, each
through the one export entry point (core.export), run in the background, and 打印 (the preview
dialog, gui/print_preview). Every message of the session stays listed; the outputs written for
the report are listed with their 校验码 (gui/pages/finish_outputs.py)."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from core.checksum import report_checksum
from core.export import KINDS, PathsRefused, Written
from core.fileio import OutputError
from core.model import Report
from core.storage import StorageError
from core.validation import Issue, summary
from gui import crash, places
from gui.pages.finish_outputs import OutputsList
from gui.print_preview import PreviewDialog
from gui.tasks import run_in_background

SIGNOFF_SETTING = "export/signoff"  # the 附审签单 checkbox, remembered for every report
SHOWN_MESSAGES = 8  # the newest messages of the session stay listed


def write_output(report: Report, issues: list[Issue], kind: str, path: str, *,
                 signoff: bool = False, protected: tuple[str, ...] = ()) -> Written:
    """Worker thread: render one output through the one export entry point and write it
    (marked 草稿 while the report has errors). Raises OutputError / PathsRefused."""
    from core.export import export  # the renderers only when exporting: start-up time

    outcome = export(report, {kind: path}, issues=issues, signoff=signoff, protected=protected)
    if outcome.failed is not None:
        raise OutputError(outcome.failed[2])
    return outcome.written[0]


# button text, file dialog title, file filter, by kind
_BUTTONS = {
    "pdf": ("导出PDF(&P)…", "导出PDF", "PDF 文件 (*.pdf)"),
    "xlsx": ("导出Excel(&X)…", "导出Excel", "Excel 工作簿 (*.xlsx)"),
    "docx": ("导出Word(&W)…", "导出Word（供编辑、加版头）", "Word 文档 (*.docx)"),
    "html": ("导出网页(&H)…", "导出网页（供上传政府网站）", "网页文件 (*.html)"),
}


class ExportBox(QGroupBox):
    exportFinished = Signal(object)  # core.export.Written or the exception, for tests

    def __init__(self, ctx) -> None:  # noqa: ANN001 — the WizardContext
        super().__init__("导出")
        self.ctx = ctx
        self.exporting = False
        self._result_path = ""  # the last file written (打开文件 / 打开所在文件夹)
        self._messages: list[str] = []  # this session's messages, rich text, oldest first
        self._export_checksum = ""  # the 校验码 of the report copy being exported
        self.preview: PreviewDialog | None = None
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.kind_buttons: dict[str, QPushButton] = {}
        for kind, (text, _, _) in _BUTTONS.items():
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, k=kind: self.export_kind(k))
            self.kind_buttons[kind] = button
            buttons.addWidget(button)
        self.pdf_button, self.xlsx_button = self.kind_buttons["pdf"], self.kind_buttons["xlsx"]
        self.docx_button, self.html_button = self.kind_buttons["docx"], self.kind_buttons["html"]
        self.docx_button.setToolTip("Word 文件：供政务公开办或领导在 WPS / Word 中修改、加版头。")
        self.html_button.setToolTip("网页文件：可直接粘贴或上传到政府网站的内容管理系统。")
        self.print_button = QPushButton("打印(&T)…")
        self.print_button.setToolTip("打印预览：查看将要打印的页面，再选择打印机、份数、页码和双面打印。")
        self.print_button.clicked.connect(self.print_report)
        buttons.addWidget(self.print_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator
        self.progress.setMaximumWidth(120)
        self.progress.setTextVisible(False)
        self.progress.hide()
        buttons.addWidget(self.progress)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.signoff_check = QCheckBox("附审签单（拟稿/审核/签发及校验码）(&S)")
        self.signoff_check.setToolTip(
            "在 PDF 末尾加一页审签单，供拟稿、审核、签发签字；单上的校验码与本页显示的一致，"
            "即说明签发的纸质报告与保存的版本相同。")
        self.signoff_check.setChecked(self._stored_signoff())
        self.signoff_check.toggled.connect(self._signoff_toggled)
        layout.addWidget(self.signoff_check)
        result_row = QHBoxLayout()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        result_row.addWidget(self.result_label, 1)
        self.open_file_button = QPushButton("打开文件")
        self.open_file_button.clicked.connect(lambda: self._open(self._result_path))
        self.open_folder_button = QPushButton("打开所在文件夹")
        self.open_folder_button.clicked.connect(
            lambda: self._open(str(Path(self._result_path).parent)))
        result_row.addWidget(self.open_file_button)
        result_row.addWidget(self.open_folder_button)
        layout.addLayout(result_row)
        self.outputs = OutputsList(ctx)
        layout.addWidget(self.outputs)
        self.outputs.refresh()
        self._show_result_buttons(False)

    @property
    def report(self) -> Report:
        return self.ctx.session.report

    # -- the 审签单 setting ------------------------------------------------------------------
    def _stored_signoff(self) -> bool:
        try:
            return bool(self.ctx.session.db.get_setting(SIGNOFF_SETTING, True))
        except StorageError:
            return True

    def _signoff_toggled(self, on: bool) -> None:
        try:
            self.ctx.session.db.set_setting(SIGNOFF_SETTING, on)
        except StorageError:
            pass  # the checkbox still applies to this session's exports

    # -- export ---------------------------------------------------------------------------------
    def _ask_path(self, title: str, suffix: str, file_filter: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, title, places.suggested_path(f"{self.report.title}{suffix}"), file_filter)
        if path and not path.lower().endswith(suffix):
            path += suffix
        if path:
            places.remember_dir(path)
        return path

    def export_kind(self, kind: str) -> None:
        _, title, file_filter = _BUTTONS[kind]
        suffix = KINDS[kind].suffix
        path = self._ask_path(title, suffix, file_filter)
        if path:
            self._start(KINDS[kind].label, self._job(kind, path))

    def export_pdf(self) -> None:
        self.export_kind("pdf")

    def export_xlsx(self) -> None:
        self.export_kind("xlsx")

    def _job(self, kind: str, path: str):  # noqa: ANN202 — a closure for the worker thread
        report, issues = self.report.copy(), list(self.ctx.session.issues)
        self._export_checksum = report_checksum(report)
        signoff = self.signoff_check.isChecked()
        protected = (str(self.ctx.session.db.path),)
        return lambda: write_output(report, issues, kind, path, signoff=signoff,
                                    protected=protected)

    def print_report(self) -> PreviewDialog:
        """打印: the preview dialog (window-modal, not blocking), on the PDF as it would be
        exported now — with the 审签单 when 附审签单 is checked."""
        if self.preview is not None:
            self.preview.close()
        dialog = PreviewDialog(self.report, list(self.ctx.session.issues),
                               signoff=self.signoff_check.isChecked(), parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.message.connect(lambda text: self._say(text, "#444"))
        dialog.destroyed.connect(lambda *_: setattr(self, "preview", None))
        self.preview = dialog
        dialog.open()
        return dialog

    def refresh_outputs(self) -> None:
        """The report changed (or the page is shown): mark outputs that no longer match."""
        self.outputs.refresh()

    def _start(self, label: str, work) -> None:  # noqa: ANN001
        if self.exporting:
            return
        self.exporting = True
        self._set_busy(True, f"正在生成 {label}，请稍候…")
        run_in_background(work, on_success=self._export_done,
                          on_failure=self._export_failed, context=self)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        for button in (*self.kind_buttons.values(), self.print_button):
            button.setEnabled(not busy)
        self.progress.setVisible(busy)
        if busy:
            self._show_result_buttons(False)
            self._show_messages(f"<span style='color:#444'>{html.escape(text)}</span>")
        else:
            self._show_messages()

    def _say(self, text: str, color: str) -> None:
        """Add a message to the session's list (kept: the clerk may read it later)."""
        stamp = dt.datetime.now().strftime("%H:%M")
        body = html.escape(f"{stamp} {text}").replace("\n", "<br>")
        self._messages.append(f"<span style='color:{color}'>{body}</span>")
        del self._messages[:-SHOWN_MESSAGES]
        self._show_messages()

    def _show_messages(self, busy: str = "") -> None:
        self.result_label.setText("<br>".join([*self._messages, *([busy] if busy else [])]))

    def _export_done(self, result: Written) -> None:
        self.exporting = False
        self._set_busy(False)
        self._result_path = result.path
        errors, _ = summary(self.ctx.session.issues)
        lines = [f"已导出 {result.kind.label}：{result.path}"]
        if errors:
            lines.append(f"报告还有 {errors} 个错误，{result.kind.label}已标注“草稿”。")
        lines.extend(result.notes)
        warn = len(lines) > 1
        if result.checksum:
            lines.append(f"末页附审签单，校验码 {result.checksum}。")
        self._say("\n".join(lines), "#b26a00" if warn else "#2e7d32")
        self._show_result_buttons(True)
        self.outputs.add(result.kind.key, result.path, self._export_checksum)
        self.exportFinished.emit(result)

    def _export_failed(self, exc: BaseException) -> None:
        self.exporting = False
        self._set_busy(False)
        if isinstance(exc, (OutputError, PathsRefused)):
            message = f"{exc}\n\n报告内容不受影响，可以处理后再试一次。"
        elif isinstance(exc, ImportError):
            message = f"本程序缺少导出组件（{exc.name or exc}），无法导出。请重新安装年报助手。"
        else:
            crash.handle_exception(exc)
            message = ""
        self._say(f"导出未完成。{message.splitlines()[0] if message else ''}", "#c62828")
        if message:
            QMessageBox.warning(self, "导出未完成", message)
        self.exportFinished.emit(exc)

    def _show_result_buttons(self, shown: bool) -> None:
        self.open_file_button.setVisible(shown)
        self.open_folder_button.setVisible(shown)

    def _open(self, path: str) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(path)):
            QMessageBox.information(self, "无法打开", f"系统没有找到打开它的程序：\n{path}")
