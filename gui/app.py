"""The application: QApplication set up for Chinese, the exception hook installed, the database
opened exclusively, the start window shown. What every window shares lives in small modules
(gui/places.py, gui/window_state.py, gui/crash.py) so that no window has to import this one.

Start-up must stay fast (benchmarks/bench_gui.py): nothing here imports reportlab or openpyxl;
the exporters are imported only when the user exports.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from core import APP_NAME
from core.applog import get_logger, log_exception, setup_logging
from core.resources import resource_path
from gui.crash import handle_exception, install_excepthook
from gui.file_sizes import install_file_sizes
from gui.places import ORGANIZATION, data_dir, default_database_path
from gui.tasks import wait_for_background

# Chinese families first: with only Noto CJK installed, Qt's own fallback picks the Japanese
# variant (Japanese-style punctuation and glyphs).
UI_FONT_FAMILIES = ["Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei",
                    "Source Han Sans SC", "SimSun"]
# Shipped in resources/fonts (also the PDF's 黑体 role): the UI font of last resort.
BUNDLED_UI_FONT = ("WenQuanYi Micro Hei", "WenQuanYiMicroHei.ttf")
BENCH_ENV = "NBZS_BENCH_FIRST_PAINT"
FOCUS_COLOR = "#1a73e8"
# A focus ring anyone can see (the styles' own dotted line is nearly invisible): the clerk who
# works with the keyboard always knows where the next key goes. The grid's current cell is
# ringed by its delegate (gui/widgets/grid_delegate.py), in the same colour.
FOCUS_STYLE = f"""
QPushButton:focus {{ border: 2px solid {FOCUS_COLOR}; border-radius: 3px;
    background: #eef4fd; padding: 3px 10px; }}
QPushButton:focus:disabled {{ border-color: #9e9e9e; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus,
QComboBox:focus {{ border: 2px solid {FOCUS_COLOR}; border-radius: 2px; }}
QAbstractItemView:focus {{ border: 2px solid {FOCUS_COLOR}; }}
QCheckBox:focus, QRadioButton:focus {{ background: #eef4fd; border-radius: 2px; }}
"""

log = get_logger("gui")


# -- the QApplication ----------------------------------------------------------------------------
def prefer_chinese_dates(environ: Any = os.environ, platform: str = sys.platform) -> bool:
    """Dates in Qt's file dialog (修改日期) follow the *system* locale, which Qt reads once, at
    its first use: a Linux PC set to English or to "C" shows "4 12 2026". Ask for Chinese dates
    (LC_TIME only: messages and number formats stay as they are) before Qt reads it. Windows
    shows its own dialogs. Returns True if the environment was changed."""
    if platform == "win32":
        return False
    effective = environ.get("LC_ALL") or environ.get("LC_TIME") or environ.get("LANG") or ""
    if effective.startswith("zh"):
        return False
    if environ.get("LC_ALL"):  # it would override LC_TIME: the same meaning through LANG
        environ["LANG"] = environ.pop("LC_ALL")
        for name in [n for n in environ if n.startswith("LC_")]:
            del environ[name]  # were overridden by LC_ALL
    environ["LC_TIME"] = "zh_CN.UTF-8"
    return True


prefer_chinese_dates()  # at import: before anything can create the QApplication


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
    install_qt_translations(app)
    # dates and numbers in Qt's dialogs (the file dialog's 修改日期) read Chinese on any PC
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    # Windows: its own file dialogs (Chinese there); elsewhere Qt's widget-based ones, which
    # the translations above make Chinese (a Linux desktop's portal dialog may be English)
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs,
                              sys.platform != "win32")
    install_file_sizes(app)  # their 大小 column: 字节, KB, MB (no translation has them)
    app.setStyleSheet(FOCUS_STYLE)
    ensure_chinese_ui_font()
    font = QFont(app.font())
    font.setFamilies(UI_FONT_FAMILIES)
    app.setFont(font)
    icon = resource_path("icons", "app.png")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    app.setProperty("nbzs_configured", True)
    return app


# Strings of Qt's file dialog that qtbase_zh_CN (Qt 6.9 – 6.11) lacks: without them the
# widget-based file dialog says "Look in:" and "Files of type:" beside its Chinese.
# (Its sizes, "9 bytes" and "4.88 KiB", are no translatable strings: see gui/file_sizes.py.)
MISSING_QT_TRANSLATIONS = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
}


class MissingQtTranslations(QTranslator):
    """The few strings Qt's own Chinese translations lack (installed first, so that Qt's
    translations, searched before it, win wherever they have the string)."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        return MISSING_QT_TRANSLATIONS.get((context, source), "")

    def isEmpty(self) -> bool:  # noqa: N802 — Qt's name
        return False


def install_qt_translations(app: QApplication) -> list[str]:
    """Qt's own zh_CN translations (QWizard: 上一步/下一步, dialogs: 是/否/取消, the file
    dialog): qtbase_zh_CN, and qt_zh_CN where present. Returns the names loaded."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    app.installTranslator(MissingQtTranslations(app))
    loaded = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            loaded.append(name)
    return loaded


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


def show_startup_error(message: str) -> None:
    """The database cannot be opened (in use, too new, damaged, locked). Tests replace this."""
    QMessageBox.critical(None, f"{APP_NAME} 无法打开数据库", message)


def _offer_recovery(path: Path, message: str) -> Any:
    """A damaged database: offer its automatic backups and a salvage of its readable rows;
    the recovered Database, or None (the clerk chose 退出, or nothing could be done)."""
    from core.storage import InvalidBackup, StorageError
    from core.storage.recovery import RecoveredUnopened, recover, usable_backups
    from gui import recovery

    backups = usable_backups(path)
    while True:
        chosen = recovery.choose_recovery(message, backups, db_path=path)
        if chosen is None:
            return None
        if isinstance(chosen, str):  # recovery.SALVAGE
            db, back = _salvage(path, backups)
            if db is not None or not back:
                return db
            continue  # 改用自动备份: the choice again (the salvaged file stays beside)
        try:
            done = recover(path, chosen.path)
        except RecoveredUnopened as exc:  # the swap is made: choosing again would undo it
            show_startup_error(f"数据已从自动备份恢复，但无法打开：{exc}\n\n请重新启动程序。")
            return None
        except StorageError as exc:  # nothing changed: the clerk may choose again
            show_startup_error(f"恢复失败：{exc}")
            if isinstance(exc, InvalidBackup):  # this backup will not do: not offered again
                backups = [b for b in backups if b.path != chosen.path]
                message += f"\n\n自动备份 {chosen.path.name} 无法使用，已不再列出。"
            continue
        done.db.open_notice = (f"已从自动备份 {done.backup.name} 恢复数据。"
                               f"损坏的数据库文件已改名保存为 {done.damaged}，未删除。"
                               + "".join(f"抢救出的数据另存在 {p}，可用于核对。"
                                         for p in path.parent.glob(f"{path.stem}.salvaged-*")))
        log.warning("recovered from %s; damaged file kept as %s", done.backup, done.damaged)
        return done.db


def _salvage(path: Path, backups: list[Any]) -> tuple[Any, bool]:
    """Salvage (off the GUI thread), show the result beside the newest backup; (the Database
    to use or None, whether the clerk wants to go back to the backups)."""
    from core.storage import StorageError
    from core.storage.recovery import adopt, compare, fill_missing
    from core.storage.salvage import salvage, salvage_path
    from gui import recovery
    from gui.tasks import run_busy

    try:
        result = run_busy(lambda: salvage(path, salvage_path(path)),
                          "正在抢救损坏文件中的数据……")
    except StorageError as exc:
        show_startup_error(f"抢救失败：{exc}")
        return None, bool(backups)
    except Exception as exc:  # noqa: BLE001 — a damaged file can surprise: say so, keep going
        log_exception(exc)
        show_startup_error(f"抢救时发生意外错误，损坏的文件未作任何改动：{exc}")
        return None, bool(backups)
    log.warning("salvaged %s into %s: %s", path, result.path, result.written)
    compared, readable = compare(result.reports, backups[0].path if backups else None)
    decision = recovery.review_salvage(result, compared, bool(backups), backup_readable=readable)
    if decision == recovery.USE_BACKUP:
        return None, True
    if decision not in (recovery.USE_SALVAGE, recovery.USE_SALVAGE_FILLED):
        return None, False
    try:
        done = adopt(path, result.path)
    except StorageError as exc:
        show_startup_error(f"启用抢救出的数据失败：{exc}")
        return None, False
    notice = result.summary()
    if decision == recovery.USE_SALVAGE_FILLED:
        try:
            added = fill_missing(done.db, backups[0].path)
        except StorageError as exc:
            added = []
            notice += f"\n\n从自动备份补回报告时出错：{exc}"
        if added:
            names = "、".join(f"{agency} {year}年度" for agency, year in added)
            notice += f"\n\n已从自动备份 {backups[0].path.name} 补回 {len(added)} 份报告：{names}。"
    done.db.open_notice = (f"{notice}\n\n损坏的数据库文件已改名保存为 {done.damaged}，"
                           "未删除。如发现缺少内容，可在“备份与恢复”中改用自动备份。")
    log.warning("salvaged data in use; damaged file kept as %s", done.damaged)
    return done.db, False


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
    from core.storage import Database, DatabaseCorrupt, DatabaseInUse, StorageError
    from core.storage.instance import request_raise, wait_taken
    from gui.instance import RaiseWatcher, bring_to_front
    from gui.start_window import StartWindow

    try:
        db = Database.open(path, exclusive=True)
    except DatabaseInUse as exc:
        try:
            request_raise(path)
            if wait_taken(path, pump=app.processEvents):
                log.info("database in use: the running copy was brought to the front")
                return 0
        except OSError:
            pass  # no request possible: the message says where to look
        show_startup_error(str(exc))
        return 1
    except DatabaseCorrupt as exc:
        log.warning("database damaged: %s (%s)", exc, exc.detail)
        recovered = _offer_recovery(path, str(exc))
        if recovered is None:
            return 1
        db = recovered
    except StorageError as exc:
        log.warning("database not opened: %s", exc)
        show_startup_error(str(exc))
        return 1
    try:
        window = StartWindow(db, data_dir())
        raiser = RaiseWatcher(path, window)
        raiser.raiseRequested.connect(lambda: bring_to_front(window))
        if os.environ.get(BENCH_ENV) == "1":
            watcher = _FirstPaint(window)
            window.installEventFilter(watcher)
        window.show()
        if db.open_notice:  # e.g. a stray -wal set aside: the clerk must know what happened
            QMessageBox.information(window, APP_NAME, db.open_notice)
        return app.exec()
    finally:
        if not wait_for_background():
            log.warning("background work still running at exit")
        db.close()
