"""The list of automatic backups, alike in 备份与恢复 and in the damaged-database dialog at
start: time to the second, what kind of copy it is, size, file name (the full path in the tip).
The file name's English mark of a safety copy ("-before-restore") is said in Chinese in 类型."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from core.storage.records import BackupInfo
from gui.widgets.flat_list import flat_list

PATH_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ["备份时间", "类型", "大小", "文件名"]
SAFETY_KIND = "恢复前的安全副本"
AUTO_KIND = "自动备份"


def human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def backup_list(accessible_name: str) -> QTreeWidget:
    tree = flat_list(COLUMNS, accessible_name)
    header = tree.header()
    for column in range(len(COLUMNS) - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    return tree


def fill(tree: QTreeWidget, backups: list[BackupInfo], select: Path | None = None) -> None:
    """Show `backups` (newest first), selecting `select` or else the first."""
    tree.clear()
    for info in backups:
        item = QTreeWidgetItem([f"{info.created:%Y-%m-%d %H:%M:%S}",
                                SAFETY_KIND if info.safety else AUTO_KIND,
                                human_size(info.size), info.path.name])
        item.setData(0, PATH_ROLE, str(info.path))
        item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setToolTip(3, str(info.path))
        tree.addTopLevelItem(item)
        if select is not None and info.path == select:
            tree.setCurrentItem(item)
    first = tree.topLevelItem(0)  # None when the list is empty
    if first is not None and tree.currentItem() is None:
        tree.setCurrentItem(first)


def current_row(tree: QTreeWidget) -> int:
    """The row of the current backup, selected or not: a Ctrl+click clears the selection but
    leaves the current row, which the buttons act on."""
    item = tree.currentItem()
    return -1 if item is None else tree.indexOfTopLevelItem(item)
