"""Storage timings: one autosave commit, and opening a database of many reports.

    python benchmarks/bench_storage.py [--quick]

Targets: an autosave commit (save_report of a realistic ~9 KB document with one changed cell,
WAL + synchronous=FULL, i.e. fsynced) under 10 ms at p99; Database.open + list_reports() on
50 agencies × 10 years under 300 ms.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.storage import Database  # noqa: E402
from core.storage.connection import integrity_errors  # noqa: E402

SAMPLE = ROOT / "resources" / "samples" / "sample-2025.json"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f} ms"


def cells(doc: dict) -> list[tuple[str, str, str]]:
    return [(t, r, c) for t, rows in doc["tables"].items() for r, cols in rows.items()
            for c, v in cols.items() if isinstance(v, int)]


def bench_commits(folder: Path, n: int, synchronous: str) -> dict[str, list[float]]:
    doc = json.loads(SAMPLE.read_text("utf-8"))
    size = len(json.dumps(doc, ensure_ascii=False).encode("utf-8"))
    keys = cells(doc)
    rng = random.Random(1)
    results: dict[str, list[float]] = {}
    with Database.open(folder / f"commit-{synchronous}.sqlite3", backups=False) as db:
        db._c.execute(f"PRAGMA synchronous = {synchronous}")
        db.save_report(doc)
        for label, pick in (("same cell (revision coalesced)", lambda i: keys[0]),
                            ("another cell each time (new revision)",
                             lambda i: rng.choice(keys))):
            times = []
            for i in range(n):
                t, r, c = pick(i)
                doc["tables"][t][r][c] = i
                start = time.perf_counter()
                db.save_report(doc)
                times.append(time.perf_counter() - start)
            results[f"{label}, {size / 1024:.1f} KB document"] = times
    return results


def build_big(path: Path, agencies: int, years: int, edits: int) -> None:
    base = json.loads(SAMPLE.read_text("utf-8"))
    keys = cells(base)
    rng = random.Random(2)
    with Database.open(path, backups=False) as db:
        db._c.execute("PRAGMA synchronous = OFF")  # building only
        for a in range(agencies):
            for y in range(2016, 2016 + years):
                doc = json.loads(json.dumps(base))
                doc["agency"]["name"] = f"青禾县第{a + 1}局"
                doc["year"] = y
                db.save_report(doc)
                for e in range(edits):
                    t, r, c = rng.choice(keys)
                    doc["tables"][t][r][c] = e + 1
                    db.save_report(doc, summary=f"编辑{e}")
                if y < 2016 + years - 1:
                    db.set_status(doc["agency"]["name"], y, "final")


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    quick = "--quick" in sys.argv
    n = 200 if quick else 1000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"autosave commit: save_report, {n} saves per case (median / p99 / max)")
        for sync in ("FULL", "NORMAL"):
            for label, times in bench_commits(folder, n, sync).items():
                note = "" if sync == "FULL" else "   [comparison only; the app uses FULL]"
                print(f"  synchronous={sync:6} {label:52} {ms(statistics.median(times))} /"
                      f" {ms(percentile(times, 99))} / {ms(max(times))}{note}")

        path = folder / "big" / "reports.sqlite3"
        start = time.perf_counter()
        build_big(path, agencies=50, years=10, edits=5)
        size = path.stat().st_size
        print(f"\nopen: 50 agencies × 10 years, 5 edits each ({size / 1e6:.1f} MB, "
              f"built in {time.perf_counter() - start:.1f} s)")

        def open_list(backups: bool = False) -> None:
            with Database.open(path, backups=backups) as db:
                assert len(db.list_reports()) == 500

        times = timed(open_list, 9)
        print(f"  Database.open + list_reports + close   median {ms(statistics.median(times))}"
              f"   max {ms(max(times))}")
        first = timed(lambda: open_list(backups=True), 1)[0]
        print(f"  … first open of the day (with backup)   {ms(first)}")

        conn = sqlite3.connect(path)
        for quick_check in (False, True):
            t = statistics.median(timed(partial(integrity_errors, conn, quick=quick_check), 5))
            name = "quick_check" if quick_check else "integrity_check"
            print(f"  PRAGMA {name:16} {ms(t)}  ({size / 1e6 / t:.0f} MB/s)")
        conn.close()


if __name__ == "__main__":
    main()
