"""The running copy's side of core/storage/instance.py: watch the database's folder and bring
the front-most window of the app forward when a second copy asks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from core.storage.instance import take_raise_request


class RaiseWatcher(QObject):
    raiseRequested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = db_path
        take_raise_request(db_path)  # a request left by a copy that gave up: not ours
        self._watcher = QFileSystemWatcher([str(db_path.parent)], self)
        self._watcher.directoryChanged.connect(self._changed)

    def _changed(self, _folder: str) -> None:
        # the folder changes at every save too (SQLite's journal): a stat is all that costs
        if take_raise_request(self.db_path):
            self.raiseRequested.emit()


def bring_to_front(window: QWidget) -> QWidget:
    """Raise what the clerk was working in: an open dialog, else the report, else `window`."""
    target = QApplication.activeModalWidget() or getattr(window, "wizard", None) or window
    if target.windowState() & Qt.WindowState.WindowMinimized:
        target.setWindowState(target.windowState() & ~Qt.WindowState.WindowMinimized)
    target.show()
    target.raise_()
    target.activateWindow()
    return target
