"""Opening the register window on 100,000 applications (light rows, due dates, first paint).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_register_window.py

Target: ≤ 0.5 s from the click to the window shown with its rows.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from _common import report_line
from bench_register import made_up

from core.register.store import RegisterStore
from core.storage import Database

AGENCY = "青禾县应急管理局"


def main() -> None:
    from gui.app import ensure_application
    from gui.register.window import RegisterWindow

    app = ensure_application()
    with tempfile.TemporaryDirectory() as tmp:
        with Database.open(Path(tmp) / "r.sqlite3", backups=False) as db:
            RegisterStore(db).save_many(AGENCY, made_up(100_000))
            seconds = []
            for _ in range(5):
                t = time.perf_counter()
                window = RegisterWindow(db, AGENCY, today=dt.date(2026, 12, 1))
                window.show()
                app.processEvents()
                seconds.append(time.perf_counter() - t)
                assert window.model.total == 100_000
                window.close()
                window.deleteLater()
                app.processEvents()
            print(report_line("open the register window on 100,000 applications", seconds))


if __name__ == "__main__":
    main()
