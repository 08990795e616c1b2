"""A 10,000-row ledger imported in the background: the window keeps running meanwhile, the
rows are in the database afterwards, a bad ledger still imports nothing, and closing the dialog
or the window during the import neither crashes nor loses the rows."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool, QTimer

from core.register.ledger import ledger_bytes
from core.register.model import Application
from core.register.store import RegisterStore
from core.register.vocab import vocabulary
from core.storage import Database
from gui.register.import_dialog import LedgerImportDialog
from tests.gui.conftest import AGENCY

ROWS = 10_000


def _applications(n: int) -> list[Application]:
    vocab = vocabulary()
    start = dt.date(2024, 1, 1)
    return [Application(number=f"L{i:06d}", received=start + dt.timedelta(days=i % 700),
                        applicant_type=vocab.applicant_keys[i % len(vocab.applicant_keys)],
                        applicant=f"申请人{i}", channel="网络", content="关于某事项的政府信息",
                        replied=start + dt.timedelta(days=i % 700 + 10), result="granted")
            for i in range(n)]


@pytest.fixture(scope="module")
def big_ledger(tmp_path_factory):
    path = tmp_path_factory.mktemp("ledger") / "大台账.xlsx"
    path.write_bytes(ledger_bytes(_applications(ROWS)))
    return path


@pytest.fixture
def window(qtbot, db):
    from gui.register.window import RegisterWindow

    w = RegisterWindow(db, AGENCY, today=dt.date(2025, 6, 30))
    qtbot.addWidget(w)
    return w


def _open(qtbot, window, path, *, kept: bool = True) -> LedgerImportDialog:
    dialog = LedgerImportDialog(window.store, AGENCY, str(path), window)
    if kept:  # closed by qtbot at the end of the test
        qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.task.done, timeout=10_000)
    assert dialog.import_button.isEnabled(), dialog.message.text()
    return dialog


class Ticks:
    """A timer on the GUI thread: how long the event loop went without running it."""

    def __init__(self) -> None:
        self.times = [time.perf_counter()]
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.times.append(time.perf_counter()))
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        self.times.append(time.perf_counter())
        return max(b - a for a, b in zip(self.times, self.times[1:], strict=False))


def _stored(db_path) -> int:
    with Database.open(db_path) as again:
        return len(RegisterStore(again).applications(AGENCY))


def test_the_event_loop_runs_during_a_10000_row_import(qtbot, window, db, db_path,
                                                        big_ledger, tmp_path) -> None:
    dialog = _open(qtbot, window, big_ledger)
    ticks = Ticks()
    dialog.import_button.click()
    # busy: the clerk sees it, and can neither import twice nor close the dialog halfway
    assert not dialog.task.done
    assert dialog.progress.isVisible() and "正在导入" in dialog.progress.label.text()
    assert not dialog.import_button.isEnabled() and not dialog.cancel_button.isEnabled()
    dialog.grab().save(str(tmp_path / "import-busy.png"))
    with qtbot.waitSignal(dialog.import_done, timeout=60_000):
        pass
    longest = ticks.stop()
    assert dialog.result() == LedgerImportDialog.DialogCode.Accepted.value
    assert (dialog.added, dialog.updated) == (ROWS, 0)
    # the whole import takes over a second; the GUI thread kept running through it. A bound,
    # not the figure (which belongs in benchmarks/): whole-suite CI runs have held the loop
    # up to 0.71 s with the work in the worker, for a reason not found yet
    assert len(ticks.times) > 10
    assert longest < 1.5, f"event loop blocked for {longest * 1e3:.0f} ms"
    db.close()
    assert _stored(db_path) == ROWS


def test_a_bad_row_in_a_big_ledger_imports_nothing(qtbot, window, db, db_path,
                                                    tmp_path) -> None:
    lines = ["登记号,申请日期,申请人类别,办结日期,处理结果"]
    lines += [f"C-{i},2025-03-03,自然人,2025-03-20,予以公开" for i in range(ROWS)]
    lines.append("C-bad,2025-02-30,自然人,,")
    path = tmp_path / "有误.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dialog = _open(qtbot, window, path)
    with qtbot.waitSignal(dialog.import_done, timeout=60_000):
        dialog.import_button.click()
    assert dialog.isVisible() and not dialog.progress.isVisible()
    assert "共 1 行有误" in dialog.message.text() and "未导入任何申请" in dialog.message.text()
    assert dialog.problems.count() == 1
    assert dialog.problems.item(0).text().startswith(f"第 {ROWS + 2} 行“申请日期”")
    assert dialog.import_button.isEnabled() and dialog.cancel_button.isEnabled()
    db.close()
    assert _stored(db_path) == 0


def test_closing_the_dialog_during_the_import_waits_for_it(qtbot, window, db, db_path,
                                                           big_ledger) -> None:
    dialog = _open(qtbot, window, big_ledger)
    dialog.import_button.click()
    dialog.reject()  # 取消 / Esc
    dialog.close()  # the close box
    assert dialog.isVisible() and "导入完成后才能关闭" in dialog.progress.label.text()
    with qtbot.waitSignal(dialog.import_done, timeout=60_000):
        pass
    assert dialog.result() == LedgerImportDialog.DialogCode.Accepted.value
    db.close()
    assert _stored(db_path) == ROWS


def test_the_window_gone_during_the_import_loses_nothing(qtbot, db, db_path,
                                                         big_ledger) -> None:
    from gui.register.window import RegisterWindow

    window = RegisterWindow(db, AGENCY, today=dt.date(2025, 6, 30))
    window.show()
    dialog = _open(qtbot, window, big_ledger, kept=False)
    dialog.import_button.click()
    task = dialog.task
    window.close()
    window.deleteLater()  # the dialog with it
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    assert not task.done  # still importing
    qtbot.waitUntil(lambda: task.done, timeout=60_000)  # delivered to nobody, no crash
    db.close()  # as the application does on quitting
    assert QThreadPool.globalInstance().waitForDone(10_000)
    assert _stored(db_path) == ROWS


def test_a_file_that_cannot_be_read_says_so_in_the_dialog(qtbot, window, tmp_path) -> None:
    path = tmp_path / "空.csv"
    path.write_text("", encoding="utf-8")
    dialog = LedgerImportDialog(window.store, AGENCY, str(path), window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.task.done)
    assert "无法导入“空.csv”" in dialog.message.text() and "没有表头行" in dialog.message.text()
    assert not dialog.import_button.isEnabled() and dialog.cancel_button.text() == "关闭"


def test_exporting_a_big_register_keeps_the_window_running(qtbot, window, db, dialogs,
                                                          tmp_path):
    from openpyxl import load_workbook

    RegisterStore(db).save_many(AGENCY, _applications(ROWS))
    out = tmp_path / "导出.xlsx"
    dialogs.save_paths.append(str(out))
    ticks = Ticks()
    window.year_box.setCurrentIndex(0)  # every year
    window.export_ledger()
    longest = ticks.stop()
    assert len(ticks.times) > 10  # the event loop ran while the workbook was written
    # a bound, not the figure (see the import test above): in whole-suite CI runs the worker's
    # writing held the loop up to 0.54 s once, where the GUI-thread export froze it throughout
    assert longest < 1.5, f"the window stood still for {longest:.2f} s"
    assert f"已导出 {ROWS:,}".replace(",", "") in dialogs.texts("information")[0]
    rows = load_workbook(out, read_only=True).active.max_row
    assert rows == ROWS + 1  # the header and every application
