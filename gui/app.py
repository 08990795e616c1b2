"""The application: QApplication set up for Chinese, the database opened exclusively, the start
window, window geometry remembered, and a calm dialog for any unexpected exception.

Start-up must stay fast (benchmarks/bench_gui.py): nothing here imports reportlab or openpyxl;
the exporters are imported only when the user exports.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QEvent,
    QLibraryInfo,
    QObject,
    QSettings,
    QStandardPaths,
    QTimer,
    QTranslator,
    QUrl,
)
from PySide6.QtGui import QDesktopServices, QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from core import APP_NAME
from core.applog import get_logger, log_exception, setup_logging
from core.resources import resource_path

ORGANIZATION = "NianbaoZhushou"
# Chinese families first: with only Noto CJK installed, Qt's own fallback picks the Japanese
# variant (Japanese-style punctuation and glyphs).
UI_FONT_FAMILIES = ["Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
                    "Source Han Sans SC", "SimSun"]
# Shipped in resources/fonts (also the PDF's 黑体 role): the UI font of last resort.
BUNDLED_UI_FONT = ("WenQuanYi Micro Hei", "WenQuanYiMicroHei.ttf")
BENCH_ENV = "NBZS_BENCH_FIRST_PAINT"
# Every window must be usable on a 1366×768 screen (taskbar and title bar included).
MIN_WIDTH, MIN_HEIGHT = 960, 600

log = get_logger("gui")




# -- where things live ---------------------------------------------------------------------------
def data_dir() -> Path:
    """The user's data folder; NBZS_DATA_DIR overrides it (tests, portable installs)."""
    override = os.environ.get("NBZS_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(ORGANIZATION, appauthor=False))


def default_database_path() -> Path:
    if os.environ.get("NBZS_DATA_DIR"):
        return data_dir() / "reports.sqlite3"
    from core.storage import default_db_path

    return default_db_path()


def settings() -> QSettings:
    """Window state, last folders: an ini file in the data folder (never the registry)."""
    return QSettings(str(data_dir() / "gui.ini"), QSettings.Format.IniFormat)


def suggested_path(file_name: str) -> str:
    """`file_name` (Windows-forbidden characters replaced) in the folder last used for files."""
    safe = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in file_name)
    folder = settings().value("paths/last_dir", "")
    if not folder or not Path(str(folder)).is_dir():
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    return str(Path(str(folder)) / safe)


def remember_dir(path: str) -> None:
    settings().setValue("paths/last_dir", str(Path(path).parent))


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


# -- the QApplication ----------------------------------------------------------------------------
def ensure_application() -> QApplication:
    """The QApplication, configured for Chinese (created if there is none yet)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if app.property("nbzs_configured"):
        return app
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN",
                       QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)  # QWizard: 上一步/下一步/完成, dialogs: 是/否/取消
    ensure_chinese_ui_font()
    font = QFont(app.font())
    font.setFamilies(UI_FONT_FAMILIES)
    app.setFont(font)
    icon = resource_path("icons", "app.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    app.setProperty("nbzs_configured", True)
    return app


def ensure_chinese_ui_font(installed: list[str] | None = None) -> str | None:
    """Register the bundled WenQuanYi Micro Hei when none of UI_FONT_FAMILIES is installed
    (a Linux PC without Chinese fonts would otherwise show boxes). Returns the registered
    family, or None when nothing had to be (or could be) registered.

    Asking for the installed families costs nothing extra: Qt loads its font database before
    the first text is drawn anyway. Registering is skipped when not needed all the same
    (Windows always has Microsoft YaHei), so the 1.3 MB file is read only where it helps.
    """
    if installed is None:
        installed = QFontDatabase.families()
    if not set(UI_FONT_FAMILIES).isdisjoint(installed):
        return None
    family, file_name = BUNDLED_UI_FONT
    path = resource_path("fonts", file_name)
    font_id = QFontDatabase.addApplicationFont(str(path)) if path.is_file() else -1
    if font_id < 0:
        log.warning("no Chinese UI font installed and %s could not be registered", path)
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    return families[0] if families else family


# -- unexpected exceptions -----------------------------------------------------------------------
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


def show_startup_error(message: str) -> None:
    """The database cannot be opened (in use, too new, damaged, locked). Tests replace this."""
    QMessageBox.critical(None, f"{APP_NAME} 无法打开数据库", message)


# -- benchmark hook ------------------------------------------------------------------------------
class _FirstPaint(QObject):
    """With NBZS_BENCH_FIRST_PAINT=1: print the time of the first paint, then quit."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt's name
        if event.type() == QEvent.Type.Paint and not self.property("done"):
            self.setProperty("done", True)
            print(f"NBZS_FIRST_PAINT {time.time():.6f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


# -- entry point ---------------------------------------------------------------------------------
def run_gui(db_path: str | None = None) -> int:
    """Open the application on `db_path` (default: the user's database). Returns the exit code."""
    try:
        setup_logging()
    except OSError:
        pass  # a read-only log folder must not stop the user; log_exception copes
    app = ensure_application()
    restore_hook = install_excepthook()
    try:
        return _run(app, Path(db_path) if db_path else default_database_path())
    except Exception as exc:  # noqa: BLE001 — start-up failed in an unexpected way
        handle_exception(exc)
        return 1
    finally:
        restore_hook()


def _run(app: QApplication, path: Path) -> int:
    from core.storage import Database, StorageError
    from gui.start_window import StartWindow

    try:
        db = Database.open(path, exclusive=True)
    except StorageError as exc:
        log.warning("database not opened: %s", exc)
        show_startup_error(str(exc))
        return 1
    try:
        window = StartWindow(db, data_dir())
        if os.environ.get(BENCH_ENV) == "1":
            watcher = _FirstPaint(window)
            window.installEventFilter(watcher)
        window.show()
        return app.exec()
    finally:
        db.close()
