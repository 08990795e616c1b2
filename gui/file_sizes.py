"""File sizes in Chinese in Qt's own (widget-based) file dialog: “9 字节”, “4.88 KB”, “2.86 MB”.

No translation can do it: QFileSystemModel writes the 大小 column with the *system* locale's
QLocale.formattedDataSize — “9 bytes” on a PC whose locale is not Chinese (LANG=C, an English
desktop), and “4.88 KiB” even on a Chinese one. So every such dialog gets a proxy model that
writes the sizes as Windows Explorer does (1024-based KB, MB). The dialogs are mostly made by
QFileDialog's static functions, out of reach: a proxy style meets each one when it is polished
(once per widget, before it is first shown — no event filter on every event of the program).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QIdentityProxyModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QProxyStyle

SIZE_COLUMN = 1  # QFileSystemModel's 大小
UNITS = ("KB", "MB", "GB", "TB")


def chinese_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    value = float(size)
    for unit in UNITS:
        value /= 1024
        if value < 1024 or unit == UNITS[-1]:
            break
    number = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{number} {unit}"


class ChineseSizes(QIdentityProxyModel):
    """The file dialog's model with the 大小 column written by chinese_size."""

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.column() == SIZE_COLUMN and role == Qt.ItemDataRole.DisplayRole:
            source = self.sourceModel()
            inner = self.mapToSource(index)
            if isinstance(source, QFileSystemModel) and inner.isValid() and not source.isDir(inner):
                return chinese_size(source.size(inner))
        return super().data(index, role)


class FileDialogSizes(QProxyStyle):
    """The application's style, unchanged, except that a widget-based file dialog gets the
    ChineseSizes model when it is polished."""

    def polish(self, target: Any) -> Any:
        if isinstance(target, QFileDialog) and target.proxyModel() is None:
            target.setProxyModel(ChineseSizes(target))  # ignored by a native dialog
        return super().polish(target)


def install_file_sizes(app: QApplication) -> None:
    """Wrap the application's style (by name: the proxy must own its base style)."""
    app.setStyle(FileDialogSizes(app.style().name()))

