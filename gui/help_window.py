"""使用说明: the generated help (core/helptext.py) in a window of its own, beside the work
(not modal: the clerk reads it while filling in). F1 or 帮助 opens it from every window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from core import APP_NAME
from core.applog import log_file
from core.formats import DEFAULT_FORMAT
from core.formats.spec import ReportFormat
from core.helptext import help_html
from core.storage import backups_dir


class HelpWindow(QDialog):
    def __init__(self, db_path: Path, parent: QWidget | None = None,
                 fmt: ReportFormat = DEFAULT_FORMAT) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"使用说明 — {APP_NAME}")
        self.resize(820, 680)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("使用说明")
        self.browser.setHtml(help_html(Path(db_path), backups_dir(Path(db_path)), log_file(),
                                       fmt))
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)


def show_help(owner: QWidget, db_path: Path,
              fmt: ReportFormat = DEFAULT_FORMAT) -> HelpWindow:
    """The owner's help window, created once and brought forward on every request; its steps
    are those of `fmt` (the open report's format in the wizard)."""
    window = owner.findChild(HelpWindow)
    if window is None:
        window = HelpWindow(db_path, owner, fmt)
        window.setWindowFlag(Qt.WindowType.Window)
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def add_help_shortcut(owner: QWidget, db_path: Path,
                      fmt: ReportFormat = DEFAULT_FORMAT) -> QShortcut:
    """F1 (the platform's help key) anywhere in `owner` opens the 使用说明."""
    shortcut = QShortcut(QKeySequence.StandardKey.HelpContents, owner)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: show_help(owner, db_path, fmt))
    return shortcut
