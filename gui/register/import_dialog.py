"""Ledger import and export from the register window.

Import: choose the file; the column mapping the core guesses (or the one the clerk chose for
this agency last time) shown and changeable; a preview of the first rows; then all or nothing,
with every bad row listed (row, column, reason). Export asks whether to include 申请人 and
申请内容 (personal data), answering no by default.

Reading the file and importing run in a worker (gui.tasks): 10,000 rows take about a second
to read and check and 0.15 s to store, which on the GUI thread froze the window."""

from __future__ import annotations

import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.fileio import OutputError, write_atomic
from core.register.columns import guess_mapping, missing_required
from core.register.ledger import ledger_bytes
from core.register.ledger_read import LedgerError, LedgerRejected, read_head, read_ledger
from core.register.model import FIELD_LABELS, in_year
from core.register.store import RegisterStore
from core.storage import Database, StorageError
from gui.confirm import confirm
from gui.places import remember_dir, suggested_path
from gui.tasks import run_busy, run_in_background
from gui.widgets.busy_line import BusyLine

log = logging.getLogger(__name__)

REMARK = "（不导入字段，作为备注保留）"
PREVIEW_ROWS = 5


def mapping_key(agency: str) -> str:
    return f"register/mapping/{agency}"


def _import(db: Database, agency: str, path: Path, header: tuple[str, ...],
            mapping: list[str | None]) -> tuple[int, int]:
    """Worker thread: read and check every row, then store them all in one transaction,
    through a connection of this thread's own (the GUI's may not be used here)."""
    ledger = read_ledger(path, mapping)
    worker_db = db.for_worker()
    try:
        worker_db.set_setting(mapping_key(agency), dict(zip(header, mapping, strict=True)))
        return RegisterStore(worker_db).save_many(agency, ledger.applications,
                                                  summary=f"导入 {path.name}")
    finally:
        worker_db.close()


class LedgerImportDialog(QDialog):
    """Opens at once saying it is reading; the columns and preview follow when the file has
    been read in the background (a large workbook takes a while to open). The import runs in
    the background too; meanwhile the dialog cannot be closed (the import cannot be taken
    back halfway: it is one transaction, committed or not)."""

    loaded = Signal()  # the columns and preview are shown (or the file could not be read)
    import_done = Signal()  # the import ended, whatever the outcome (not QDialog.finished)

    def __init__(self, store: RegisterStore, agency: str, path: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.agency, self.path = store, agency, Path(path)
        self.added = self.updated = 0
        self.header: tuple[str, ...] = ()
        self.boxes: list[QComboBox] = []
        self.busy = False
        self.setWindowTitle(f"导入台账 — {self.path.name}")
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"导入到“{agency}”的台账。请核对每一列对应的内容"
                                "（已按列名猜测；本机关上次的选择会记住）："))
        self.columns = QTableWidget(0, 2)
        self.columns.setHorizontalHeaderLabels(["文件中的列", "导入为"])
        self.columns.verticalHeader().hide()
        self.columns.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.columns.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.columns, 2)
        self.preview_label = QLabel("预览：")
        layout.addWidget(self.preview_label)
        self.preview = QTableWidget(0, 0)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.preview, 2)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#c62828")
        layout.addWidget(self.message)
        self.problems = QListWidget()
        self.problems.setAccessibleName("有误的行")
        self.problems.hide()
        layout.addWidget(self.problems, 2)
        self.progress = BusyLine()
        layout.addWidget(self.progress)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("全部导入(&I)")
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText("取消")
        self.buttons.accepted.connect(self.run_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.import_button.setEnabled(False)
        self._set_busy(f"正在读取“{self.path.name}”……", cancellable=True)
        file = self.path  # the worker gets plain objects, never the dialog
        self.task = run_in_background(lambda: read_head(file, PREVIEW_ROWS),
                                      self._show_head, self._read_failed, context=self)

    # -- reading the columns and the first rows ----------------------------------------------
    def _show_head(self, read: tuple[tuple[str, ...], list[tuple[str, ...]]]) -> None:
        self._set_idle()
        self.header, head = read
        self.columns.setRowCount(len(self.header))
        for row, (name, field) in enumerate(zip(self.header, self._initial(), strict=True)):
            item = QTableWidgetItem(name or f"第 {row + 1} 列")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.columns.setItem(row, 0, item)
            box = QComboBox()
            box.addItem(REMARK, None)
            for key, label in FIELD_LABELS.items():
                box.addItem(label, key)
            box.setCurrentIndex(max(0, box.findData(field)))
            box.currentIndexChanged.connect(lambda *_: self._mapping_changed())
            self.columns.setCellWidget(row, 1, box)
            self.boxes.append(box)
        self.preview_label.setText(f"前 {len(head)} 行预览：")
        self.preview.setRowCount(len(head))
        self.preview.setColumnCount(len(self.header))
        for r, cells in enumerate(head):
            for c, text in enumerate(cells[:len(self.header)]):
                self.preview.setItem(r, c, QTableWidgetItem(text))
        self._mapping_changed()
        self.loaded.emit()

    def _read_failed(self, exc: BaseException) -> None:
        self._set_idle()
        self.import_button.setEnabled(False)
        self.cancel_button.setText("关闭")
        if not isinstance(exc, LedgerError):
            log.error("reading ledger %s", self.path, exc_info=exc)
        self.message.setText(f"无法导入“{self.path.name}”：{exc}")
        self.loaded.emit()

    def _initial(self) -> list[str | None]:
        remembered = self.store.db.get_setting(mapping_key(self.agency)) or {}
        guessed = guess_mapping(self.header)
        if isinstance(remembered, dict) and all(h in remembered for h in self.header):
            return [remembered[h] or None for h in self.header]
        return guessed

    def mapping(self) -> list[str | None]:
        return [box.currentData() for box in self.boxes]

    def _mapping_changed(self) -> None:
        mapping = self.mapping()
        self.preview.setHorizontalHeaderLabels(
            [f"{h}\n→ {FIELD_LABELS[f] if f else '备注'}" for h, f in
             zip(self.header, mapping, strict=True)])
        fields = [f for f in mapping if f]
        twice = sorted({FIELD_LABELS[f] for f in fields if fields.count(f) > 1})
        missing = missing_required(mapping)
        text = ""
        if missing:
            text = "还没有列对应到必需的：" + "、".join(missing) + "。"
        if twice:
            text += "以下内容对应了不止一列：" + "、".join(twice) + "。"
        self.message.setText(text)
        self.import_button.setEnabled(not text)

    # -- importing ------------------------------------------------------------------------------
    def run_import(self) -> None:
        if self.busy or not self.import_button.isEnabled():
            return
        mapping = self.mapping()
        self.problems.hide()
        self.message.clear()
        self._set_busy("正在导入……（读取、核对每一行，再一次保存全部申请）", cancellable=False)
        self._settle()
        db, agency, path, header = self.store.db, self.agency, self.path, self.header
        self.task = run_in_background(lambda: _import(db, agency, path, header, mapping),
                                      self._imported, self._import_failed, context=self)

    def _imported(self, counts: tuple[int, int]) -> None:
        self._set_idle()
        self.added, self.updated = counts
        self.import_done.emit()
        self.accept()

    def _import_failed(self, exc: BaseException) -> None:
        self._set_idle()
        self.import_button.setEnabled(True)  # the mapping was fine: corrected file, try again
        if isinstance(exc, LedgerRejected):
            self.problems.clear()
            self.problems.addItems([str(p) for p in exc.problems])
            self.problems.show()
            rows = len({p.row for p in exc.problems})
            self.message.setText(f"共 {rows} 行有误（{len(exc.problems)} 处），未导入任何申请。"
                                 "请在文件中改正后重新导入。")
        elif isinstance(exc, LedgerError):
            self.message.setText(f"无法导入：{exc}")
        elif isinstance(exc, StorageError):
            self.message.setText(f"未能保存，未导入任何申请：{exc}")
        else:
            log.error("importing ledger %s", self.path, exc_info=exc)
            self.message.setText(f"导入时出错，未导入任何申请：{exc}")
        self.import_done.emit()

    # -- the busy state -------------------------------------------------------------------------
    def _set_busy(self, text: str, *, cancellable: bool) -> None:
        self.busy = not cancellable
        self.setCursor(Qt.CursorShape.WaitCursor)
        self.import_button.setEnabled(False)
        self.cancel_button.setEnabled(cancellable)
        self.columns.setEnabled(False)
        self.progress.start(text)

    def _settle(self) -> None:
        """Lay out and paint the busy state now, before the worker starts: a widget's first
        paint calls into Python (PySide looks for overrides once per method), and each such
        call waits up to 5 ms for the worker to hand over Python's lock — hundreds of them
        froze the dialog for 0.3–1 s at the start of the import."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.repaint()

    def _set_idle(self) -> None:
        self.busy = False
        self.unsetCursor()
        self.cancel_button.setEnabled(True)
        self.columns.setEnabled(True)
        self.progress.stop()

    def reject(self) -> None:
        if self.busy:  # Esc, 取消 or the close box during the one transaction: wait for it
            self.progress.start("正在导入，请稍候：导入完成后才能关闭。")
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 — Qt's name
        if self.busy:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)


def import_ledger(parent: QWidget, store: RegisterStore, agency: str) -> bool:
    path, _ = QFileDialog.getOpenFileName(parent, "导入台账", suggested_path(""),
                                          "台账 (*.xlsx *.csv);;所有文件 (*)")
    if not path:
        return False
    remember_dir(path)
    dialog = LedgerImportDialog(store, agency, path, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    setattr(parent, "import_dialog", dialog)  # noqa: B010 — for tests: the open dialog
    accepted = dialog.exec()
    added, updated = dialog.added, dialog.updated
    if not accepted or not shiboken6.isValid(parent):
        return False
    QMessageBox.information(parent, "已导入台账", f"新增 {added} 件，更新 {updated} 件申请。")
    return True


def export_ledger(parent: QWidget, store: RegisterStore, agency: str, year: int | None) -> None:
    personal = confirm(parent, "导出台账",
                       "导出的文件要包含申请人和申请内容吗？\n这些是个人信息；"
                       "报送或交给他人的台账通常不应包含（选“否”则这两列留空）。")
    name = f"{agency}依申请公开台账{'' if year is None else f'{year}年'}.xlsx"
    path, _ = QFileDialog.getSaveFileName(parent, "导出台账", suggested_path(name),
                                          "Excel 工作簿 (*.xlsx)")
    if not path:
        return
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    remember_dir(path)
    apps = store.applications(agency)
    if year is not None:
        apps = [a for a in apps if in_year(a, year)]
    try:  # 10,000 applications take about a second to write: the window keeps painting
        run_busy(lambda: write_atomic(path, ledger_bytes(apps, personal=personal)),
                 "正在导出台账……", parent)
    except OutputError as exc:
        QMessageBox.warning(parent, "无法导出台账", str(exc))
        return
    QMessageBox.information(parent, "已导出台账", f"已导出 {len(apps)} 件申请到 {path}。")
