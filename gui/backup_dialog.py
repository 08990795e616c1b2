"""备份与恢复: the automatic backups (restore one), a backup to a file of the user's choice
(a USB stick, another PC), and restoring from such a file.

Restoring replaces the whole database in place (`Database.restore_from`: the chosen file is
checked first — a damaged or foreign file changes nothing — and a safety copy of the current
data is made before anything is replaced). Before asking, the file is checked the same way
(`read_backup`) and the question says what it contains and what the restore would change; a report file (.json / .xlsx) offered
by mistake is recognised and the user sent to 导入报告文件. The open `Database` stays open throughout; whoever
shows data from it reloads on `restored`. Never while a report is open for editing: the caller
passes `restore_blocker`, which says why not.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.backup_contents import contents_of, describe, read_backup
from core.storage import BackupInfo, Database, InvalidBackup, StorageError, backups_dir
from core.storage import list_backups as stored_backups
from gui.about_dialog import folder_link
from gui.confirm import confirm
from gui.places import remember_dir, suggested_path
from gui.widgets.backup_list import PATH_ROLE, SAFETY_KIND, backup_list, fill

FILE_FILTER = "年报助手数据库或备份 (*.sqlite3 *.db);;所有文件 (*)"
REPORT_FILE_SUFFIXES = (".json", ".xlsx", ".xlsm", ".xls")
NOT_A_BACKUP = "这是一个报告文件，不是备份。请在开始页用“导入报告文件”导入。"


def default_backup_name(today: datetime | None = None) -> str:
    return f"年报助手备份-{(today or datetime.now()):%Y%m%d}.sqlite3"


def is_report_file(path: Path) -> bool:
    """A report file (JSON or an Excel workbook) rather than a database, by name or content."""
    if path.suffix.lower() in REPORT_FILE_SUFFIXES:
        return True
    try:
        with open(path, "rb") as f:
            head = f.read(64)
    except OSError:
        return False  # read_backup says why
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"{") or head.startswith(b"PK\x03\x04")  # JSON; xlsx is a zip


class BackupDialog(QDialog):
    """Lists the automatic backups; backs up to / restores from a file."""

    restored = Signal(str)  # the safety copy of the data as it was before the restore

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 restore_blocker: Callable[[], str | None] | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.restore_blocker = restore_blocker
        self.setWindowTitle("备份与恢复")
        self.resize(720, 520)
        layout = QVBoxLayout(self)

        auto = QGroupBox("自动备份")
        auto_layout = QVBoxLayout(auto)
        intro = QLabel("程序每天第一次打开和每次关闭时自动备份全部数据；删除报告或用导入的文件"
                       "替换报告之前也会先备份一次。保留最近 10 份，另保留最近 30 天每天的最后一份"
                       "和最近 12 个月每月的最后一份；恢复数据前的安全副本一直保留。")
        intro.setWordWrap(True)
        auto_layout.addWidget(intro)
        where = QHBoxLayout()
        where.addWidget(QLabel("备份文件夹："))
        where.addWidget(folder_link(backups_dir(db.path)), 1)
        auto_layout.addLayout(where)
        self.list = backup_list("自动备份列表")
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda *_: self.restore_selected())
        auto_layout.addWidget(self.list, 1)
        self.empty_label = QLabel("还没有自动备份。")
        self.empty_label.setStyleSheet("color:#666")
        auto_layout.addWidget(self.empty_label)
        row = QHBoxLayout()
        self.restore_button = QPushButton("恢复所选备份(&R)…")
        self.restore_button.clicked.connect(lambda *_: self.restore_selected())
        row.addWidget(self.restore_button)
        row.addStretch(1)
        auto_layout.addLayout(row)
        layout.addWidget(auto, 1)

        files = QGroupBox("备份到 U 盘或其他电脑")
        files_layout = QVBoxLayout(files)
        text = QLabel("把全部数据（所有机关、所有年度的报告及修改记录）另存为一个文件；"
                      "在新电脑上用“从文件恢复”选择该文件即可。恢复前会检查文件，"
                      "并先把当前数据另存一份安全副本。")
        text.setWordWrap(True)
        files_layout.addWidget(text)
        row = QHBoxLayout()
        self.backup_button = QPushButton("备份到文件(&B)…")
        self.backup_button.clicked.connect(lambda *_: self.backup_to_file())
        self.restore_file_button = QPushButton("从文件恢复(&F)…")
        self.restore_file_button.clicked.connect(lambda *_: self.restore_from_file())
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_file_button)
        row.addStretch(1)
        files_layout.addLayout(row)
        layout.addWidget(files)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for button in (self.restore_button, self.backup_button, self.restore_file_button):
            button.setAutoDefault(False)
        self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt's name
        """Enter in the list asks to restore the selected backup (with the same question as the
        button) instead of reaching the dialog, where it would press 关闭."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.focusWidget() is self.list:  # the list ignores Enter: it comes here
            event.accept()
            self.restore_selected()
            return
        super().keyPressEvent(event)

    # -- the list ------------------------------------------------------------------------------
    def refresh(self, select: Path | None = None) -> None:
        fill(self.list, stored_backups(self.db.path), select)
        self.empty_label.setVisible(self.list.topLevelItemCount() == 0)
        self._update_buttons()

    def backups(self) -> list[BackupInfo]:
        return stored_backups(self.db.path)

    def selected_path(self) -> Path | None:
        item = self.list.currentItem()
        if item is None or not item.isSelected():
            return None
        return Path(item.data(0, PATH_ROLE))

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected_path() is not None)

    # -- actions -------------------------------------------------------------------------------
    def backup_to_file(self) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            self, "备份到文件", suggested_path(default_backup_name()),
            "年报助手备份 (*.sqlite3);;所有文件 (*)")
        if not path:
            return None
        if not Path(path).suffix:
            path += ".sqlite3"
        remember_dir(path)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.db.backup_to(path)
        except StorageError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "无法备份", f"备份没有完成。\n\n{exc}")
            return None
        QApplication.restoreOverrideCursor()
        QMessageBox.information(
            self, "备份完成",
            f"全部数据已备份到：\n{path}\n\n"
            "请把这个文件保存在 U 盘等安全的地方。需要时在“备份与恢复”中点“从文件恢复”并选择它。")
        return Path(path)

    def restore_selected(self) -> Path | None:
        path = self.selected_path()
        if path is None:
            return None
        item = self.list.currentItem()  # not None: selected_path() found it
        if item is None:
            return self._restore(path, f"自动备份 {path.name}")
        if item.text(1) == SAFETY_KIND:
            return self._restore(path, f"{item.text(0)} 恢复前保存的安全副本")
        return self._restore(path, f"{item.text(0)} 的自动备份")

    def restore_from_file(self) -> Path | None:
        if self._blocked():
            return None
        path, _ = QFileDialog.getOpenFileName(self, "选择要恢复的备份文件", suggested_path(""),
                                              FILE_FILTER)
        if not path:
            return None
        remember_dir(path)
        return self._restore(Path(path), f"文件“{Path(path).name}”")

    def _blocked(self) -> bool:
        reason = self.restore_blocker() if self.restore_blocker is not None else None
        if reason:
            QMessageBox.warning(self, "现在不能恢复", reason)
            return True
        return False

    def _restore(self, path: Path, description: str, salvaged: str = "") -> Path | None:
        """Check the file, say what it holds, ask; replace all data by the backup's. Returns the
        safety copy, None if not restored. A damaged backup is offered a salvage (`salvaged`:
        what it found, when `path` is the salvage's result)."""
        if self._blocked():
            return None
        if is_report_file(path):
            QMessageBox.warning(self, "不是备份文件", f"“{path.name}”：{NOT_A_BACKUP}")
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            contents = read_backup(path, self.db.path)
            with self.db.reading() as conn:
                current = contents_of(conn)
        except InvalidBackup as exc:  # it says "当前数据未作任何改动"
            QApplication.restoreOverrideCursor()
            if exc.damaged and not salvaged:
                return self._offer_salvage(path, exc)
            QMessageBox.warning(self, "无法恢复", str(exc))
            return None
        except StorageError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "无法恢复", str(exc))
            return None
        QApplication.restoreOverrideCursor()
        found = f"{salvaged}\n\n" if salvaged else ""
        answer = confirm(
            self, "恢复数据",
            f"{found}要用{description}恢复全部数据吗？\n\n{describe(contents, current)}\n\n"
            "所有机关、所有年度的报告都会变成备份中的样子，备份之后所做的修改将不再显示；"
            "需要时可以用安全副本再恢复回来。")
        if not answer:
            if salvaged:
                QMessageBox.information(self, "抢救出的数据已保留",
                                        f"抢救出的数据另存在：\n{path}\n\n"
                                        "需要时可以用“从文件恢复”选择它。")
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            safety = self.db.restore_from(path)
        except InvalidBackup as exc:  # checked before anything was replaced
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "无法恢复", str(exc))
            return None
        except StorageError as exc:
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "无法恢复", f"恢复没有完成。\n\n{exc}")
            return None
        QApplication.restoreOverrideCursor()
        self.refresh(select=safety)
        self.restored.emit(str(safety))
        QMessageBox.information(
            self, "恢复完成",
            f"已用{description}恢复全部数据。\n\n"
            f"恢复前的数据另存在：\n{safety}\n"
            "（它也在自动备份列表中；如需撤销这次恢复，选中它再点“恢复所选备份”。）")
        return safety

    def _offer_salvage(self, path: Path, exc: InvalidBackup) -> Path | None:
        """A damaged backup: salvage its readable rows into a new file beside the database, then
        the usual question with what was found. The damaged file is only read."""
        from core.storage.salvage import salvage, salvage_path
        from gui.tasks import run_busy

        if not confirm(self, "备份文件已损坏",
                       f"{exc}\n\n可以尝试抢救其中还能读出的报告和台账：抢救出的数据另存为新文件，"
                       "看过它包含什么之后再决定是否用它恢复。损坏的文件不会被改动。\n\n要抢救吗？"):
            return None
        target = salvage_path(self.db.path.with_name(f"{path.stem}.sqlite3"))
        try:
            result = run_busy(lambda: salvage(path, target), "正在抢救备份文件中的数据……", self)
        except StorageError as failed:
            QMessageBox.warning(self, "抢救失败", f"没有抢救出数据，当前数据未作任何改动。\n\n{failed}")
            return None
        return self._restore(result.path, f"从“{path.name}”抢救出的数据",
                             salvaged=result.summary().replace("从损坏的数据库中", "从损坏的备份中"))
