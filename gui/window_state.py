"""Window size and position, remembered per window in the GUI settings file and kept within
the screen."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from gui.places import settings

# Every window must be usable on a 1366×768 screen (taskbar and title bar included).
MIN_WIDTH, MIN_HEIGHT = 960, 600


def restore_geometry(widget: QWidget, key: str, default: tuple[int, int]) -> None:
    """Restore a window's size and position, or give it `default` size, within the screen."""
    widget.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
    state = settings().value(f"geometry/{key}")
    if state is not None and widget.restoreGeometry(state):
        return
    screen = widget.screen() or QGuiApplication.primaryScreen()
    avail = screen.availableGeometry() if screen is not None else None
    width, height = default
    if avail is not None:
        # the frame (title bar, borders) is outside resize(): leave room for it, or the
        # wizard's buttons end up under the Windows taskbar on a 1366×768 screen
        frame_w, frame_h = 16, 48
        width = min(width, avail.width() - frame_w)
        height = min(height, avail.height() - frame_h)
        widget.resize(width, height)
        widget.move(avail.center() - widget.rect().center())
    else:
        widget.resize(width, height)


def save_geometry(widget: QWidget, key: str) -> None:
    s = settings()
    s.setValue(f"geometry/{key}", widget.saveGeometry())
    s.sync()
