"""The damaged-database dialog at start: not a dead end — list the automatic backups and
restore the one the clerk picks (the damaged file is set aside, never deleted)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from core import APP_NAME
from core.storage.records import BackupInfo


def choose_backup(message: str, backups: list[BackupInfo],
                  parent: QWidget | None = None) -> BackupInfo | None:
    """The backup to restore, or None (退出). Tests replace this function."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"{APP_NAME} — 数据库已损坏")
    layout = QVBoxLayout(dialog)
    text = QLabel(f"{message}\n\n可以从下面的自动备份恢复（最新的在最上面）。损坏的文件会改名保存在"
                  "原文件夹中，不会删除。")
    text.setWordWrap(True)
    layout.addWidget(text)
    choices = QListWidget()
    choices.setAccessibleName("自动备份")
    for info in backups:
        choices.addItem(f"{info.created:%Y-%m-%d %H:%M:%S}    {info.size / 1024:.0f} KB    "
                        f"{info.path.name}")
    choices.setCurrentRow(0)
    layout.addWidget(choices)
    buttons = QDialogButtonBox()
    buttons.addButton("从所选备份恢复", QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    row = choices.currentRow()
    dialog.deleteLater()
    return backups[row] if accepted and 0 <= row < len(backups) else None
