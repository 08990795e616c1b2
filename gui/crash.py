"""Unexpected exceptions: logged with their traceback, then a calm dialog that says the data
is safe and where the log is. Any window may call handle_exception; tests replace
show_crash_dialog here."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from core import APP_NAME
from core.applog import log_exception


def show_crash_dialog(exc: BaseException, log_path: Path) -> None:
    """Tell the user calmly what happened. Tests replace this function."""
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(f"{APP_NAME} — 出现意外问题")
    box.setText("程序遇到了一个意外问题，刚才的操作可能没有完成。")
    box.setInformativeText(
        "您的数据是安全的：此前的每一次修改都已立即保存到数据库。\n"
        "可以继续工作；如果问题反复出现，请关闭程序后重新打开，"
        f"并把日志文件发给技术支持：\n{log_path}")
    box.setDetailedText("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    box.addButton("继续", QMessageBox.ButtonRole.AcceptRole)
    folder = box.addButton("打开日志文件夹", QMessageBox.ButtonRole.ActionRole)
    box.exec()
    if box.clickedButton() is folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_path.parent)))


_handling = False


def handle_exception(exc: BaseException) -> None:
    """Log the traceback and show the crash dialog (once; never recursively)."""
    global _handling
    log_path = log_exception(exc)
    if _handling or QApplication.instance() is None:
        return
    _handling = True
    try:
        show_crash_dialog(exc, log_path)
    except Exception as inner:  # noqa: BLE001 — the dialog itself must never crash the app
        log_exception(inner)
    finally:
        _handling = False


def install_excepthook() -> Callable[[], None]:
    """Route uncaught exceptions (including those in Qt slots) to handle_exception.
    Returns a function that restores the previous hook."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        handle_exception(exc)

    sys.excepthook = hook

    def restore() -> None:
        if sys.excepthook is hook:
            sys.excepthook = previous

    return restore
