"""The start window: the stored reports, and what can be done with them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import APP_NAME, reportfile
from core.fileio import OutputError, write_atomic
from core.model import STATUS_DRAFT, STATUS_FINAL, STATUS_LABELS
from core.published.imported import imported_from, imported_key
from core.reportfile import ReportFileError
from core.resources import resource_path
from core.storage import Database, StorageError
from gui.confirm import confirm
from gui.help_window import HelpWindow, add_help_shortcut, show_help
from gui.places import remember_dir, suggested_path
from gui.widgets.flat_list import flat_list
from gui.window_state import restore_geometry, save_geometry

if TYPE_CHECKING:  # core.session brings validation: imported when a report is opened
    from core.session import EditingSession

SAMPLE_FILES = ("sample-2024.json", "sample-2025.json")
SAMPLES_DB_NAME = "samples.sqlite3"
EMPTY_HINT = "还没有报告。点击“新建年度报告”开始。"
KEY_ROLE = Qt.ItemDataRole.UserRole


def load_session(db: Database, agency: str, year: int) -> EditingSession:
    """An editing session on a stored report, with last year's report (year − 1 only) for the
    cross-year rules and the reference texts."""
    from core.session import EditingSession, report_from_document

    doc = db.load_report(agency, year)
    if doc is None:
        raise StorageError(f"数据库中没有{agency}{year}年的报告。")
    report = report_from_document(doc, db.report_status(agency, year))
    previous = None
    prev_doc = db.latest_report_before(agency, year)
    if prev_doc is not None and prev_doc.get("year") == year - 1:
        previous = report_from_document(prev_doc)
    session = EditingSession(db, report, previous)
    session.register_provider = _register_provider(db, session)
    return session


def _register_provider(db: Database, session: EditingSession) -> Any:
    """Table 3 as the register counts it, for REG.MISMATCH (recounted only after a change)."""
    from core.register.listing import count_provider
    from core.register.store import RegisterStore

    return count_provider(RegisterStore(db), lambda: session.report.agency_name,
                          lambda: session.report.year)


def load_samples(db: Database) -> tuple[str, int]:
    """Put the sample reports into `db` afresh (2024 final, 2025 draft); the 2025 key."""
    key: tuple[str, int] = ("", 0)
    for name in SAMPLE_FILES:
        report = reportfile.load(resource_path("samples", name))
        db.delete_report(report.agency_name, report.year)
        status = STATUS_FINAL if name == SAMPLE_FILES[0] else STATUS_DRAFT
        db.save_report(report.to_document(include_derived=False), status=status,
                       summary="示例报告")
        key = (report.agency_name, report.year)
    return key


class StartWindow(QMainWindow):
    """Lists the stored reports (机关, 年度, 状态, 最后修改); opens one in the wizard."""

    wizardOpened = Signal(object)  # the ReportWizard, for tests and the benchmark

    def __init__(self, db: Database, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.data_dir = Path(data_dir)
        self.wizard: Any = None  # the open ReportWizard, if any
        self._closing_wizard: Any = None
        self._samples_db: Database | None = None
        self.register_window: Any = None  # the open RegisterWindow, if any
        # ending in the application's display name: Qt appends it to any title that does not
        # (on Linux and Windows), which made "年报助手 — … — 年报助手"
        self.setWindowTitle(f"政府信息公开工作年度报告 — {APP_NAME}")

        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(20, 16, 20, 12)
        title = QLabel(f"<span style='font-size:16pt; font-weight:600'>{APP_NAME}</span>"
                       "&nbsp;&nbsp;<span style='color:#555'>政府信息公开工作年度报告"
                       "（2021年格式，国办公开办函〔2021〕30号）</span>")
        outer.addWidget(title)
        hint = QLabel("选择一份报告后按 Enter 或双击打开；每次修改都会立即自动保存。")
        hint.setStyleSheet("color:#666")
        outer.addWidget(hint)
        self.backup_status = QLabel()  # a failed automatic backup must not go unnoticed
        self.backup_status.setWordWrap(True)
        self.backup_status.setAccessibleName("自动备份状态")
        self.backup_status.setStyleSheet("color:#c62828")
        outer.addWidget(self.backup_status)

        body = QHBoxLayout()
        outer.addLayout(body, 1)
        self.list = flat_list(["机关", "年度", "状态", "最后修改"], "报告列表")
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.list.itemActivated.connect(lambda *_: self.open_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)

        self.empty_label = QLabel(EMPTY_HINT)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(
            "color:#555; font-size:12pt; border:1px dashed #bbb; background:#fafafa")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.list)
        body.addWidget(self.stack, 1)
        self.due_label = QLabel()  # the register's deadlines, per agency
        self.due_label.setWordWrap(True)
        self.due_label.setAccessibleName("台账期限提醒")
        self.due_label.hide()
        outer.addWidget(self.due_label)

        buttons = QVBoxLayout()
        body.addLayout(buttons)
        self.new_button = self._button("新建年度报告(&N)…", self.new_report, buttons)
        self.new_button.setDefault(True)
        self.open_button = self._button("打开(&O)", self.open_selected, buttons)
        buttons.addSpacing(12)
        self.import_button = self._button("导入报告文件(&I)…", self.import_file, buttons)
        self.export_button = self._button("导出报告文件(&E)…", self.export_file, buttons)
        self.history_button = self._button("历史版本(&V)…", self.show_history, buttons)
        self.history_button.setToolTip("所选报告的每次修改：何时、改了什么；比较两个版本，"
                                       "恢复某个版本。")
        self.audit_button = self._button("检查已发布的报告(&C)…", self.audit_published, buttons)
        self.audit_button.setToolTip("检查已公布的年度报告（PDF、Word、网页或文本）：一次可选多个文件，"
                                     "结果可导出为Excel。")
        self.register_button = self._button("依申请公开台账(&R)…", self.open_register, buttons)
        self.register_button.setToolTip("登记和查看所选机关收到的政府信息公开申请，"
                                        "查看答复期限；表三可由台账统计。")
        buttons.addSpacing(12)
        self.sample_button = self._button("打开示例(&S)", self.open_sample, buttons)
        self.sample_button.setToolTip("在单独的示例数据库中打开虚构的“青禾县应急管理局”"
                                      "2025年报告（2024年报告作上年参考），不影响您的数据。")
        buttons.addSpacing(12)
        self.backup_button = self._button("备份与恢复(&B)…", self.backup_restore, buttons)
        self.help_button = self._button("帮助(&H)", self.show_help, buttons)
        self.help_button.setToolTip("使用说明（F1）：每年的步骤、各项校验的含义、数据保存在哪里。")
        self.about_button = self._button("关于(&A)…", self.show_about, buttons)
        buttons.addStretch(1)
        self.delete_button = self._button("删除(&D)…", self.delete_selected, buttons)

        QShortcut(QKeySequence.StandardKey.New, self, self.new_report)
        add_help_shortcut(self, db.path)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.list, self.delete_selected)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.setCentralWidget(central)
        # permanent: messages (导入, 恢复…) come and go beside it, the database stays named
        self.db_label = QLabel(f"数据库：{db.path}")
        self.db_label.setStyleSheet("color:#555")
        self.statusBar().addPermanentWidget(self.db_label)
        restore_geometry(self, "start", (1000, 640))
        self.refresh()

    def _button(self, text: str, slot: Any, layout: QVBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda *_: slot())
        button.setMinimumWidth(150)
        layout.addWidget(button)
        return button

    # -- the list ----------------------------------------------------------------------------
    def refresh(self, select: tuple[str, int] | None = None) -> None:
        select = select or self.selected_key()
        self.list.clear()
        for info in self.db.list_reports():
            item = QTreeWidgetItem([info.agency, f"{info.year}年",
                                    STATUS_LABELS.get(info.status, info.status),
                                    f"{info.updated_at:%Y-%m-%d %H:%M}"])
            item.setData(0, KEY_ROLE, (info.agency, info.year))
            source = imported_from(self.db, info.agency, info.year)
            if source:  # read from a published file: not the clerk's own work
                item.setToolTip(2, f"从已发布的报告“{source}”导入（{item.text(2)}），作上年报告")
                item.setText(2, "已导入")
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignCenter)
            self.list.addTopLevelItem(item)
            if (info.agency, info.year) == select:
                self.list.setCurrentItem(item)
        first = self.list.topLevelItem(0)  # None when the list is empty
        if first is not None and self.list.currentItem() is None:
            self.list.setCurrentItem(first)
        has_reports = self.list.topLevelItemCount() > 0
        self.stack.setCurrentWidget(self.list if has_reports else self.empty_label)
        self._update_buttons()
        self.update_due()
        error = getattr(self.db, "backup_error", None)
        self.backup_status.setText(f"自动备份失败：{error}（数据本身未受影响，修改照常保存。）"
                                   if error else "")
        self.backup_status.setVisible(bool(error))
        (self.list if has_reports else self.new_button).setFocus()

    def selected_key(self) -> tuple[str, int] | None:
        item = self.list.currentItem()
        if item is None or not item.isSelected():
            return None
        agency, year = item.data(0, KEY_ROLE)
        return str(agency), int(year)

    def _update_buttons(self) -> None:
        has = self.selected_key() is not None
        for button in (self.open_button, self.export_button, self.history_button,
                       self.delete_button):
            button.setEnabled(has)

    # -- actions -----------------------------------------------------------------------------
    def new_report(self) -> None:
        from gui.new_report_dialog import NewReportDialog

        dialog = NewReportDialog(self.db, self)
        if dialog.exec() and dialog.result_key is not None:
            self.refresh(select=dialog.result_key)
            self.open_report(*dialog.result_key)

    def show_history(self) -> None:
        from gui.history_dialog import HistoryDialog

        key = self.selected_key()
        if key is None:
            return
        self.history_dialog = HistoryDialog(self.db, *key, parent=self)
        self.history_dialog.exec()
        if self.history_dialog.restored:
            self.refresh(select=key)

    def open_selected(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.open_report(*key)

    def open_report(self, agency: str, year: int, db: Database | None = None,
                    sample: bool = False) -> Any:
        from gui.report_wizard import ReportWizard

        try:
            session = load_session(db or self.db, agency, year)
        except (StorageError, ReportFileError) as exc:
            QMessageBox.warning(self, "无法打开报告", str(exc))
            return None
        self.wizard = ReportWizard(session, sample=sample)
        self.wizard.closed.connect(self._wizard_closed)
        self.wizard.show()
        self.hide()
        self.wizardOpened.emit(self.wizard)
        return self.wizard

    def _wizard_closed(self) -> None:
        if self._samples_db is not None:
            self._samples_db.close()
            self._samples_db = None
        # Called from inside the wizard's done(): keep it alive until that has returned.
        self._closing_wizard, self.wizard = self.wizard, None
        QTimer.singleShot(0, self, self._release_wizard)
        self.refresh()
        self.show()
        self.raise_()
        self.activateWindow()

    def _release_wizard(self) -> None:
        self._closing_wizard = None

    def open_sample(self) -> None:
        try:
            self._samples_db = Database.open(self.data_dir / SAMPLES_DB_NAME, exclusive=True)
            key = load_samples(self._samples_db)
        except (StorageError, ReportFileError) as exc:
            if self._samples_db is not None:
                self._samples_db.close()
                self._samples_db = None
            QMessageBox.warning(self, "无法打开示例", str(exc))
            return
        if self.open_report(*key, db=self._samples_db, sample=True) is None:
            self._samples_db.close()
            self._samples_db = None

    def open_register(self, agency: str | None = None) -> Any:
        """The register window of the selected report's agency (asked for when none is)."""
        from gui.register.window import RegisterWindow

        key = self.selected_key()
        agency = agency or (key[0] if key else self.ask_agency())
        if not agency:
            return None
        if self.register_window is not None:
            self.register_window.close()
        self.register_window = RegisterWindow(self.db, agency)
        self.register_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.register_window.changed.connect(self.register_changed)
        self.register_window.destroyed.connect(self._register_closed)
        self.register_window.show()
        return self.register_window

    def ask_agency(self) -> str:
        from PySide6.QtWidgets import QInputDialog

        name, ok = QInputDialog.getItem(self, "依申请公开台账", "机关全称：", self.db.agencies(),
                                        0, True)
        return name.strip() if ok else ""

    def register_changed(self) -> None:
        """The register changed: the due line follows."""
        self.update_due()

    def update_due(self) -> None:
        from gui.register.due_line import due_text

        text = due_text(self.db)
        self.due_label.setText(text)
        self.due_label.setVisible(bool(text))

    def _register_closed(self) -> None:
        self.register_window = None

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "导入报告文件", suggested_path(""),
                                              f"报告文件 ({' '.join(reportfile.LOADABLE)});;所有文件 (*)")
        if not path:
            return
        remember_dir(path)
        name = Path(path).name
        try:
            report = reportfile.load_any(path)
        except ReportFileError as exc:
            QMessageBox.warning(self, "无法导入", f"“{name}”无法读取，未导入任何内容。\n\n{exc}")
            return
        if not report.agency_name:
            QMessageBox.warning(self, "无法导入",
                                f"“{name}”没有填写机关全称，无法确定存入哪个机关，未导入。")
            return
        key = (report.agency_name, report.year)
        try:
            if self.db.load_report(*key) is not None:
                answer = confirm(
                    self, "替换已有报告？",
                    f"数据库中已有“{key[0]}”{key[1]}年的报告。\n"
                    f"要用“{name}”的内容替换它吗？替换前会自动备份数据库。")
                if not answer:
                    return
                self.db.backup_now()
                self.db.set_status(*key, STATUS_DRAFT, "重新打开（导入文件）")
            self.db.save_report(report.to_document(include_derived=False), status=STATUS_DRAFT,
                                summary=f"导入 {name}")
        except StorageError as exc:
            QMessageBox.warning(self, "无法导入", str(exc))
            return
        self.refresh(select=key)
        self.statusBar().showMessage(f"已导入“{key[0]}”{key[1]}年的报告（草稿）。", 10000)

    def audit_published(self) -> Any:
        from gui.published.audit_dialog import AuditDialog

        dialog = AuditDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        dialog.add_files()
        return dialog

    def export_file(self) -> None:
        from core.session import report_from_document

        key = self.selected_key()
        if key is None:
            return
        try:
            doc = self.db.load_report(*key)
            report = report_from_document(doc or {}, self.db.report_status(*key))
        except (StorageError, ReportFileError) as exc:
            QMessageBox.warning(self, "无法导出", str(exc))
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "导出报告文件", suggested_path(f"{report.title}.json"), "报告文件 (*.json)")
        if not path:
            return
        if not path.lower().endswith(".json"):
            path += ".json"
        remember_dir(path)
        try:
            write_atomic(path, reportfile.dumps(report))
        except OutputError as exc:
            QMessageBox.warning(self, "无法导出", str(exc))
            return
        self.statusBar().showMessage(f"已导出到 {path}", 10000)

    def delete_selected(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        answer = confirm(
            self, "删除报告",
            f"确定要删除“{key[0]}”{key[1]}年的报告吗？\n删除后不能在本程序中撤销"
            "（自动备份中仍保留删除前的数据）。")
        if not answer:
            return
        try:
            self.db.backup_now()
            self.db.delete_report(*key)
            self.db.set_setting(imported_key(*key), None)  # a later report there is the clerk's
        except StorageError as exc:
            QMessageBox.warning(self, "无法删除", f"报告未删除。\n\n{exc}")
        self.refresh()

    def backup_restore(self) -> None:
        from gui.backup_dialog import BackupDialog

        dialog = BackupDialog(self.db, self, restore_blocker=self._restore_blocker)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restored.connect(self._restored)
        dialog.exec()

    def _restore_blocker(self) -> str | None:
        if self.wizard is not None:
            return "有报告正在编辑。请先关闭报告窗口，再恢复数据。"
        if self.register_window is not None and self.register_window.editing():
            return "台账中有申请正在登记或修改。请先保存或取消它，再恢复数据。"
        return None

    def _restored(self, safety: str) -> None:
        self.refresh()
        if self.register_window is not None:  # its list is of the data before the restore
            self.register_window.reload()
        self.update_due()
        self.statusBar().showMessage(f"数据已恢复；恢复前的数据另存在 {safety}", 15000)

    def show_help(self) -> HelpWindow:
        return show_help(self, self.db.path)

    def show_about(self) -> None:
        from gui.about_dialog import AboutDialog

        dialog = AboutDialog(self.db.path, self.data_dir, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exec()

    # -- window ------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 — Qt's name
        save_geometry(self, "start")
        super().closeEvent(event)
