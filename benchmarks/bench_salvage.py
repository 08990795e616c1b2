"""Salvage timings and yield: a database of 50 agencies × 10 years (5 edits each, as in
bench_storage.py), damaged three ways; prints how long the salvage takes and how many of the
500 reports it brings back.

    python benchmarks/bench_salvage.py

Damage: one leaf page of the reports table (SQLite's scan jumps over it), the root page of the
reports table (SQLite reaches no report: the page scan finds them) and page 1 (the header and
the schema: only the page scan can read anything).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from _common import ROOT  # noqa: F401 — puts the project on sys.path
from bench_storage import build_big

from core.storage.salvage import salvage


def reports_root_and_leaf(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'reports'").fetchone()[0]
    conn.close()
    data = path.read_bytes()
    page = data[(root - 1) * 4096:root * 4096]
    first_cell = int.from_bytes(page[12:14], "big")  # interior page: its first child
    return root, int.from_bytes(page[first_cell:first_cell + 4], "big")


def smash(path: Path, page: int) -> None:
    data = bytearray(path.read_bytes())
    data[(page - 1) * 4096:page * 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        good = Path(folder) / "good.sqlite3"
        build_big(good, agencies=50, years=10, edits=5)
        root, leaf = reports_root_and_leaf(good)
        print(f"database: 500 reports, {good.stat().st_size / 1e6:.1f} MB")
        for name, page in (("one leaf of reports", leaf), ("root of reports", root),
                           ("page 1 (header, schema)", 1)):
            damaged = Path(folder) / "damaged.sqlite3"
            shutil.copyfile(good, damaged)
            smash(damaged, page)
            out = Path(folder) / "out.sqlite3"
            started = time.perf_counter()
            result = salvage(damaged, out)
            took = time.perf_counter() - started
            print(f"{name:26s} {took * 1000:8.1f} ms   reports {len(result.reports):3d}/500   "
                  f"revisions {result.written.get('revisions', 0):5d}   "
                  f"from pages {result.from_pages:5d}   damaged stretches {result.damaged}")
            out.unlink()
            damaged.unlink()


if __name__ == "__main__":
    main()
