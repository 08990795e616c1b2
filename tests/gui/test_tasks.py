"""Background calls (gui.tasks): what the call held, returned or raised is freed in the GUI
thread, never in the worker — a Qt object (a printer, rendered pages) freed in a pool thread
can crash the program."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThreadPool

from gui import tasks


class Watched:
    """Records the thread it is freed in."""

    def __init__(self, freed: list[str]) -> None:
        self.freed = freed

    def __del__(self) -> None:
        self.freed.append(threading.current_thread().name)


@pytest.mark.parametrize("fails", [False, True])
def test_what_a_call_held_and_gave_back_is_freed_in_the_gui_thread(qtbot, monkeypatch, fails):
    monkeypatch.setattr(tasks, "RETIRE_MS", 50, raising=False)
    freed: list[str] = []
    delivered: list[str] = []

    def make() -> None:
        held = Watched(freed)  # captured by the call, as a printer is

        def call() -> Watched:
            assert held is not None
            if fails:
                raise ValueError(Watched(freed))  # the error holds one too
            return Watched(freed)  # as rendered pages are
        tasks.run_in_background(call, lambda result: delivered.append("ok"),
                                lambda exc: delivered.append("failed"))
    make()
    qtbot.waitUntil(lambda: bool(delivered), timeout=5000)
    assert delivered == ["failed" if fails else "ok"]
    assert QThreadPool.globalInstance().waitForDone(5000)  # the worker has let go
    qtbot.waitUntil(lambda: len(freed) == 2, timeout=5000)
    assert freed == ["MainThread", "MainThread"]
