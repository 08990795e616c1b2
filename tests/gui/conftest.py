"""GUI fixtures: the configured QApplication, databases in tmp_path with the sample reports, an
editing session, and dialogs replaced by recorders (a modal dialog in a test would hang it).

tests/conftest.py already points NBZS_DATA_DIR and NBZS_LOG_DIR at tmp_path for every test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

import gui.app
import gui.crash
import gui.recovery
import gui.unsaved

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
AGENCY = "青禾县应急管理局"


class Dialogs:
    """Stands in for every static dialog: records what was shown and gives scripted answers."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str, str]] = []  # (kind, title, text)
        self.answers: list[QMessageBox.StandardButton] = []  # for question(); default Yes
        self.save_paths: list[str] = []  # for getSaveFileName
        self.open_paths: list[str] = []  # for getOpenFileName
        self.opened_urls: list[str] = []
        self.crashes: list[tuple[BaseException, Path]] = []
        self.startup_errors: list[str] = []
        # for gui.unsaved.ask_unsaved (closing with edits not saved): an answer, or a callable
        # run first (to remove the fault) returning one; default 放弃修改, so no test hangs
        self.unsaved_answers: list = []
        self.unsaved_asked: list[str] = []
        # the damaged-database choice at start (gui.recovery.choose_recovery): what it was
        # shown; it answers 退出 unless a test replaces it
        self.recovery_offers: list[tuple[str, list]] = []

    def _choose_recovery(self, message: str, backups: list, parent=None,  # noqa: ANN001, ARG002
                         db_path=None) -> None:  # noqa: ANN001, ARG002
        self.recovery_offers.append((message, backups))

    def _ask_unsaved(self, parent, error: str) -> str:  # noqa: ANN001, ARG002
        self.unsaved_asked.append(error)
        answer = self.unsaved_answers.pop(0) if self.unsaved_answers else "discard"
        return answer() if callable(answer) else answer

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _, text in self.messages if kind is None or k == kind]

    def _message(self, kind: str):  # noqa: ANN202
        def show(parent, title, text, *args, **kwargs):  # noqa: ANN001, ANN202, ARG001
            self.messages.append((kind, title, text))
            if kind == "question":
                return self.answers.pop(0) if self.answers else QMessageBox.StandardButton.Yes
            return QMessageBox.StandardButton.Ok
        return show


@pytest.fixture(autouse=True)
def dialogs(monkeypatch) -> Dialogs:
    d = Dialogs()
    for kind in ("warning", "question", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(d._message(kind)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *a, **k: (d.save_paths.pop(0) if d.save_paths else "", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(
        lambda *a, **k: (d.open_paths.pop(0) if d.open_paths else "", "")))
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: d.opened_urls.append(url.toLocalFile()) or True))
    monkeypatch.setattr(gui.crash, "show_crash_dialog",
                        lambda exc, log_path: d.crashes.append((exc, log_path)))
    monkeypatch.setattr(gui.app, "show_startup_error", d.startup_errors.append)
    monkeypatch.setattr(gui.unsaved, "ask_unsaved", d._ask_unsaved)
    monkeypatch.setattr(gui.recovery, "choose_recovery", d._choose_recovery)
    return d


@pytest.fixture(autouse=True)
def app(qapp):
    """The QApplication as the program configures it (Chinese translations and fonts)."""
    from gui.app import ensure_application

    return ensure_application()


@pytest.fixture
def data_dir() -> Path:
    path = Path(os.environ["NBZS_DATA_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def db_path(data_dir) -> Path:
    return data_dir / "reports.sqlite3"


def store_sample(db, year: int, status: str = "draft") -> None:
    from core import reportfile

    report = reportfile.load(SAMPLES / f"sample-{year}.json")
    db.save_report(report.to_document(include_derived=False), status=status)


@pytest.fixture
def db(db_path):
    """An empty database, opened as the application opens it (exclusively)."""
    from core.storage import Database

    database = Database.open(db_path, exclusive=True)
    yield database
    database.close()


@pytest.fixture
def db_2024(db):
    """Last year's sample report only (final), to create the 2025 report from."""
    store_sample(db, 2024, "final")
    return db


@pytest.fixture
def db_samples(db_2024):
    store_sample(db_2024, 2025)
    return db_2024


@pytest.fixture
def session(db_samples):
    from gui.start_window import load_session

    s = load_session(db_samples, AGENCY, 2025)
    yield s
    s.close()


@pytest.fixture
def ctx(session):
    from gui.context import WizardContext

    context = WizardContext(session)
    yield context
    context.close()


@pytest.fixture
def requests_page(qtbot, ctx):
    """Step 三 (table 3) on its own, shown, on the 2025 sample."""
    from gui.pages.page_requests import RequestsPage

    page = RequestsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.initializePage()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def start_window(qtbot, db_samples, data_dir):
    from gui.start_window import StartWindow

    window = StartWindow(db_samples, data_dir)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def open_wizard(qtbot, start_window):
    """Open a stored report of the start window's database in the wizard."""
    opened = []

    def open_(agency: str = AGENCY, year: int = 2025):
        wizard = start_window.open_report(agency, year)
        assert wizard is not None
        qtbot.addWidget(wizard)
        opened.append(wizard)
        return wizard

    yield open_
    for wizard in opened:
        try:
            if wizard.isVisible():
                wizard.reject()
        except RuntimeError:
            pass  # already deleted


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` as an input method would commit it (qtbot.keyClicks aborts on Chinese)."""
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def ime():
    return type_text


@pytest.fixture
def new_2025(qtbot, db_2024, data_dir):
    """A start window on a database with the 2024 sample; the 2025 report created from it
    through 新建年度报告 and opened in the wizard."""
    from gui.new_report_dialog import NewReportDialog
    from gui.start_window import StartWindow

    window = StartWindow(db_2024, data_dir)
    qtbot.addWidget(window)
    window.show()
    dialog = NewReportDialog(db_2024, window)
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentText(AGENCY)
    dialog.year.setValue(2025)
    dialog.accept()
    assert dialog.result_key == (AGENCY, 2025)
    wizard = window.open_report(*dialog.result_key)
    qtbot.addWidget(wizard)
    yield window, wizard
    if wizard.isVisible():
        wizard.reject()
