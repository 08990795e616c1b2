"""Slow work off the GUI thread, through one helper (as Anki's CollectionOp does it), and
`run_busy` for work the clerk must wait for (a salvage, a ledger export) behind a busy dialog.

    run_in_background(lambda: render(report_copy), on_success=show, on_failure=complain)

The callable runs in a QThreadPool worker; exactly one of the callbacks is then called on the
GUI thread with the result or the exception. The callable must not touch widgets, and should
work on copies of anything the GUI may change meanwhile (e.g. `report.copy()`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from core import APP_NAME


class _Relay(QObject):
    """Lives in the GUI thread (owned by the application, deleted there with deleteLater());
    its signals, emitted from the worker, arrive in the GUI thread queued."""

    finished = Signal()


class Task:
    """One background call. The pool runs a bound method (PySide6 wraps it in a runnable it
    owns and frees in the worker thread, after `run` returns). What `fn` holds, returns or
    raises may be Qt objects (a printer, rendered images) that must not be freed there: the
    worker keeps no reference of its own to them (result and error wait on the task), and the
    GUI thread drops them itself, a while after delivery — by then the worker has returned."""

    def __init__(self, fn: Callable[[], Any], on_success: Callable[[Any], None],
                 on_failure: Callable[[BaseException], None],
                 context: QObject | None = None) -> None:
        self._fn = fn
        self._on_success = on_success
        self._on_failure = on_failure
        self._context = context
        self.done = False
        self.relay = _Relay(QCoreApplication.instance())
        self._outcome: tuple[bool, Any] = (True, None)
        self.relay.finished.connect(self._deliver)

    def run(self) -> None:  # worker thread
        try:
            self._outcome = (True, self._fn())
        except BaseException as exc:  # noqa: BLE001 — handed to the failure callback
            self._outcome = (False, exc)
        self.relay.finished.emit()  # after the except block: the worker holds no reference

    def _deliver(self) -> None:  # GUI thread
        ok, value = self._outcome
        if self._finish():
            if ok:
                self._on_success(value)
            else:
                self._on_failure(value)

    def _finish(self) -> bool:
        """Mark done; False if the widget the callbacks belong to is gone (window closed)."""
        self.done = True
        _RUNNING.discard(self)
        _RETIRED.append((time.monotonic(), self))
        QTimer.singleShot(RETIRE_MS, _retire)
        self.relay.deleteLater()
        return self._context is None or shiboken6.isValid(self._context)

    def _release(self) -> None:  # GUI thread
        self._fn = self._on_success = self._on_failure = _nothing
        self._outcome = (True, None)
        self._context = None


def _nothing(*_: object) -> None:
    return None


def _retire() -> None:
    """Drop, in the GUI thread, what finished tasks held (see Task)."""
    now = time.monotonic()
    while _RETIRED and now - _RETIRED[0][0] >= RETIRE_MS / 1000:
        _RETIRED.pop(0)[1]._release()
    if _RETIRED:  # a coarse timer may fire a little early: the rest on the next round
        QTimer.singleShot(RETIRE_MS // 4 + 1, _retire)


RETIRE_MS = 2000  # far longer than a worker takes from its last emit to returning
_RUNNING: set[Task] = set()
_RETIRED: list[tuple[float, Task]] = []  # (when delivered, task), oldest first


def run_in_background(fn: Callable[[], Any], on_success: Callable[[Any], None],
                      on_failure: Callable[[BaseException], None],
                      context: QObject | None = None) -> Task:
    """Run `fn()` in the global thread pool; deliver its outcome on the GUI thread (not at
    all if `context`, the widget the callbacks belong to, has been deleted meanwhile)."""
    task = Task(fn, on_success, on_failure, context)
    _RUNNING.add(task)
    QThreadPool.globalInstance().start(task.run)
    return task


def wait_for_background(timeout_ms: int = 60_000) -> bool:
    """On quitting, before the database is closed: let work already running finish (a ledger
    import committing through its own connection, a file being written) rather than have the
    interpreter's exit cut it off. False if it did not finish in time."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def run_busy(fn: Callable[[], Any], text: str, parent: QWidget | None = None) -> Any:
    """`fn()` run off the GUI thread behind a busy dialog (the window keeps painting; on
    Windows it is not “未响应”); its result, or its exception raised here."""
    dialog = QProgressDialog(text, None, 0, 0, parent)  # type: ignore[call-overload]
    dialog.setWindowTitle(APP_NAME)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def done(key: str) -> Callable[[Any], None]:
        def deliver(value: Any) -> None:
            outcome[key] = value
            loop.quit()
        return deliver

    run_in_background(fn, done("result"), done("error"))
    dialog.show()
    if not outcome:
        loop.exec()
    dialog.close()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
