"""`main.py --smoke-test OUTDIR`: a self-check of the program as packaged (or as checked out).

In one process and with nobody at the screen it proves that the Qt platform plugin and Qt's
Chinese translations load, that the bundled resources are found (sample reports, fonts, icon),
that SQLite works, that the GUI's windows build and paint, and that every exporter produces
a file that reads back. `python build/dev.py smoke` runs it on the built executable under
QT_QPA_PLATFORM=offscreen; tests/gui/test_smoke.py runs it in-process.

Writes into OUTDIR: smoke-2025.pdf, .xlsx, .docx and .html, screenshots of the windows, and smoke.txt
with the summary line (a windowed Windows program has no console to print it to). The user's
own data is never touched: database, settings and logs live in a temporary folder.
Returns 0 and prints one summary line, or prints what failed and returns 1.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import gui.app  # noqa: F401 — the application setup (translations, fonts, icon)

SAMPLE_FILES = ("sample-2024.json", "sample-2025.json")  # last year's (final), this year's
PAINT_TIMEOUT = 10.0  # seconds to wait for a window's first paint
MIN_PDF_PAGES = 2


class SmokeFailure(Exception):
    """A check failed; the message says which."""


def run_smoke(outdir: str | os.PathLike[str]) -> int:
    """Run every check, write the outputs into `outdir`; 0 if all passed, else 1."""
    started = time.perf_counter()
    out = Path(outdir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        facts = _run(out)
    except Exception as exc:  # noqa: BLE001 — report any failure as one line, exit 1
        detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        line = f"冒烟测试失败 / smoke test FAILED: {exc}"
        print(line, file=sys.stderr)
        if not isinstance(exc, SmokeFailure):
            print(detail, file=sys.stderr)
        _write_note(out, line + "\n" + detail)
        return 1
    facts.append(f"{time.perf_counter() - started:.1f} s")
    line = "冒烟测试通过 / smoke test OK: " + "; ".join(facts) + f" → {out}"
    print(line, flush=True)
    _write_note(out, line + "\n")
    return 0


def _write_note(out: Path, text: str) -> None:
    try:
        (out / "smoke.txt").write_text(text, encoding="utf-8")
    except OSError:
        pass  # the summary went to stdout/stderr already


def _check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


# -- the run -------------------------------------------------------------------------------------
def _run(out: Path) -> list[str]:
    from core import APP_NAME, __version__
    from core.resources import is_frozen

    facts = [f"{APP_NAME} {__version__}", "frozen" if is_frozen() else "source"]
    with tempfile.TemporaryDirectory(prefix="nbzs-smoke-") as tmp_name:
        tmp = Path(tmp_name)
        with _environment(NBZS_DATA_DIR=str(tmp / "data"), NBZS_LOG_DIR=str(tmp / "logs")):
            app = _application()
            facts.append(f"Qt {app.platformName()}")
            facts.append(_check_translations(app))
            facts.append(_check_fonts())
            with _no_dialogs_or_errors(app) as problems:
                facts.extend(_database_gui_and_exports(app, tmp, out))
            _check(not problems, "意外的对话框或异常：" + "；".join(problems))
    return facts


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _application() -> Any:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from core.resources import resource_path

    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # nobody is watching
    app = gui.app.ensure_application()
    icon_file = resource_path("icons", "app.png")
    _check(icon_file.is_file(), f"缺少程序图标 {icon_file}")
    icon = QIcon(str(icon_file))
    _check(not icon.isNull(), f"程序图标无法读取：{icon_file}")
    if QApplication.windowIcon().isNull():
        app.setWindowIcon(icon)
    return app


def _check_translations(app: Any) -> str:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator()
    _check(translator.load("qtbase_zh_CN", folder),
           f"Qt 中文翻译 qtbase_zh_CN.qm 不在 {folder}（QWizard 的按钮会是英文）")
    translated = translator.translate("QPlatformTheme", "Cancel")
    _check(translated == "取消", f"qtbase_zh_CN.qm 翻译不对：Cancel → {translated!r}")
    return "qtbase_zh_CN ok"


def _check_fonts() -> str:
    from core import fonts

    folder = fonts.bundled_dir()
    faces = sorted(p.name for p in folder.glob("*.ttf"))
    _check(len(faces) >= 5, f"随附字体不全：{folder} 中只有 {faces}")
    _check((folder / "LICENSES").is_dir(), f"随附字体缺少许可证文件夹 {folder / 'LICENSES'}")
    return f"{len(faces)} fonts"


@contextmanager
def _no_dialogs_or_errors(app: Any) -> Iterator[list[str]]:
    """Collect uncaught exceptions (Qt slots included) and close any modal dialog that opens —
    nobody could answer it, and a smoke test must never hang."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    problems: list[str] = []
    previous_hook = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        problems.append(f"{kind.__name__}: {exc}")
        traceback.print_exception(kind, exc, tb, file=sys.stderr)

    def close_modal() -> None:
        widget = QApplication.activeModalWidget()
        if widget is not None:
            text = widget.text() if hasattr(widget, "text") else ""
            problems.append(f"对话框“{widget.windowTitle()}”：{text}")
            widget.close()

    timer = QTimer(app)
    timer.setInterval(100)
    timer.timeout.connect(close_modal)
    timer.start()
    sys.excepthook = hook
    try:
        yield problems
    finally:
        sys.excepthook = previous_hook
        timer.stop()
        timer.deleteLater()


def _database_gui_and_exports(app: Any, tmp: Path, out: Path) -> list[str]:
    from core import reportfile
    from core.model import STATUS_DRAFT, STATUS_FINAL
    from core.resources import resource_path
    from core.session import EditingSession, report_from_document
    from core.storage import Database

    facts: list[str] = []
    db = Database.open(tmp / "smoke.sqlite3")
    try:
        key: tuple[str, int] = ("", 0)
        for name in SAMPLE_FILES:
            path = resource_path("samples", name)
            _check(path.is_file(), f"缺少示例报告 {path}")
            report = reportfile.load(path)
            status = STATUS_FINAL if name == SAMPLE_FILES[0] else STATUS_DRAFT
            db.save_report(report.to_document(include_derived=False), status=status,
                           summary="冒烟测试")
            key = (report.agency_name, report.year)
        _check(len(db.list_reports()) == len(SAMPLE_FILES), "示例报告没有全部存入数据库")

        doc = db.load_report(*key)
        previous_doc = db.latest_report_before(*key)
        _check(doc is not None and previous_doc is not None, "无法从数据库读回示例报告")
        assert doc is not None and previous_doc is not None
        session = EditingSession(db, report_from_document(doc, db.report_status(*key)),
                                 report_from_document(previous_doc))
        try:
            issues = session.issues
            facts.append(f"{key[1]} report, {len(issues)} issues")
            facts.extend(_show_windows(app, db, tmp, key, out))
            facts.extend(_export_all(session, issues, out))
        finally:
            session.close()
    finally:
        db.close()
    return facts


# -- windows -------------------------------------------------------------------------------------
def _show_windows(app: Any, db: Any, tmp: Path, key: tuple[str, int], out: Path) -> list[str]:
    """The start window and the report wizard, if the GUI provides them: shown, painted,
    screenshotted, closed."""
    try:
        from gui.start_window import StartWindow
    except ImportError as exc:
        return [f"no start window ({exc})"]
    facts = []
    window = StartWindow(db, tmp / "data")
    try:
        _show_and_paint(app, window, out / "start-window.png")
        facts.append("start window painted")
        open_report: Callable[..., Any] | None = getattr(window, "open_report", None)
        if open_report is not None:
            wizard = open_report(*key)
            _check(wizard is not None, "向导无法打开 2025 年示例报告")
            _show_and_paint(app, wizard, out / "wizard.png")
            wizard.reject()
            app.processEvents()
            facts.append("wizard painted")
        window.close()
        app.processEvents()
    finally:
        window.deleteLater()
        app.processEvents()
    return facts


def _show_and_paint(app: Any, widget: Any, screenshot: Path) -> None:
    from PySide6.QtCore import QEvent, QObject

    class PaintWatcher(QObject):
        painted = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 — Qt's name
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    watcher = PaintWatcher()
    widget.installEventFilter(watcher)
    widget.show()
    deadline = time.monotonic() + PAINT_TIMEOUT
    while not watcher.painted and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    widget.removeEventFilter(watcher)
    name = type(widget).__name__
    _check(watcher.painted, f"{name} 在 {PAINT_TIMEOUT:.0f} 秒内没有绘制")
    pixmap = widget.grab()
    _check(not pixmap.isNull() and pixmap.width() > 100, f"{name} 截图失败")
    _check(pixmap.save(str(screenshot)), f"无法保存截图 {screenshot}")


# -- exports -------------------------------------------------------------------------------------
def _export_all(session: Any, issues: list[Any], out: Path) -> list[str]:
    """Every output through the one export entry point, each read back."""
    from core.export import KINDS, export

    year = session.report.year
    targets = {kind: out / f"smoke-{year}{k.suffix}" for kind, k in KINDS.items()}
    outcome = export(session.report, targets, issues=issues, signoff=True)
    _check(outcome.failed is None, f"导出失败：{outcome.failed}")
    _check(not outcome.notes, "导出时的提示（缺字或被删除的字符）：" + "；".join(outcome.notes))
    agency = session.report.agency_name
    return [_read_pdf(targets["pdf"]), _read_xlsx(targets["xlsx"], agency),
            _read_docx(targets["docx"], agency), _read_html(targets["html"], agency),
            _read_published(targets["pdf"], session.report)]


def _read_published(path: Path, report: Any) -> str:
    """Our PDF read back as a published report (audit/convert): the reader and pdfminer are
    in the package and work."""
    from core.published import read_published

    found = read_published(str(path), None).report
    _check(found.agency_name == report.agency_name and found.year == report.year,
           f"读回的已发布报告不对：{found.agency_name} {found.year}")
    _check(found.cells == report.cells, "读回的已发布报告的表格数字与原报告不一致")
    return "published PDF read back"


def _read_pdf(path: Path) -> str:
    data = path.read_bytes()
    _check(data.startswith(b"%PDF-"), "PDF 文件头不对")
    _check(data.rstrip().endswith(b"%%EOF"), "PDF 不完整（缺少 %%EOF）")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    _check(pages >= MIN_PDF_PAGES, f"PDF 只有 {pages} 页")
    _check(b"/FontFile2" in data, "PDF 没有嵌入 TrueType 字体")
    return f"PDF {pages} pages {len(data) // 1024} KB"


def _read_xlsx(path: Path, agency: str) -> str:
    from openpyxl import load_workbook

    data = path.read_bytes()
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    try:
        sheets = workbook.sheetnames
        _check(sheets, "Excel 没有工作表")
        found = any(agency in str(value)
                    for sheet in workbook.worksheets
                    for row in sheet.iter_rows(values_only=True)
                    for value in row if value is not None)
        _check(found, f"Excel 中找不到机关名称“{agency}”")
    finally:
        workbook.close()
    return f"Excel {len(sheets)} sheets {len(data) // 1024} KB"


def _read_docx(path: Path, agency: str) -> str:
    import docx  # the packaged python-docx, with its template

    document = docx.Document(str(path))
    text = "".join(p.text for p in document.paragraphs)
    _check(agency in text, f"Word 文件中找不到机关名称“{agency}”")
    _check(len(document.tables) >= 3, f"Word 文件只有 {len(document.tables)} 个表格")
    return f"Word {len(document.tables)} tables {path.stat().st_size // 1024} KB"


def _read_html(path: Path, agency: str) -> str:
    from html.parser import HTMLParser

    class Tags(HTMLParser):
        tags: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.append(tag)

    text = path.read_text("utf-8")
    parser = Tags()
    parser.feed(text)
    _check(text.startswith("<!DOCTYPE html>"), "网页缺少 <!DOCTYPE html>")
    _check(agency in text and parser.tags.count("table") >= 3, "网页内容不全")
    _check("script" not in parser.tags, "网页含有脚本")
    return f"HTML {parser.tags.count('table')} tables {len(text.encode()) // 1024} KB"
