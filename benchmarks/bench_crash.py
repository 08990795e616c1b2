"""Crash benchmark: kill -9 a process editing a report through the editing session, N times.

    python benchmarks/bench_crash.py [N]        (default 100)

Each child opens the database as the GUI does (exclusive, automatic backups), loads the
sample report into an `EditingSession` and changes one figure per edit (the autosave); it
prints an edit's number once the session reports it saved. The child machinery (start, kill
at a random moment or in the middle of saves, collect what was acknowledged) is the crash
test's, imported from tests/core/test_storage_crash.py. After every kill the database is
opened and checked. Prints: edits acknowledged, acknowledged edits lost, databases damaged.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.storage import Database, StorageError  # noqa: E402
from tests.core.test_storage_crash import kill_round  # noqa: E402

CELL = "requests/granted/natural_person"
AGENCY = "青禾县应急管理局"

CHILD = r"""
import sys
sys.path.insert(0, sys.argv[1])
from core import reportfile
from core.session import EditingSession
from core.storage import Database

path, n = sys.argv[2], int(sys.argv[3])
report = reportfile.load(sys.argv[4])
report.declared.clear()
db = Database.open(path)  # exclusive, with automatic backups, like the GUI
session = EditingSession(db, report)
while True:
    report.set_cell(sys.argv[5], n)  # one edit: the session saves it at once
    if not session.unsaved:
        print(n, flush=True)
    n += 1
"""


def stored_value(db_path: Path) -> tuple[int | None, bool]:
    """(the figure on disk, damaged?)"""
    try:
        with Database.open(db_path, backups=False) as db:
            if db.check_integrity():
                return None, True
            doc = db.load_report(AGENCY, 2025)
    except StorageError:
        return None, True
    if doc is None:
        return None, False
    value = doc["tables"]["requests"]["granted"]["natural_person"]
    return int(value), False


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    sample = ROOT / "resources" / "samples" / "sample-2025.json"
    acknowledged = lost = damaged = 0
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "child.py"
        script.write_text(CHILD, encoding="utf-8")
        db_path = Path(tmp) / "data" / "reports.sqlite3"
        next_n = 1
        for trial in range(trials):
            printed, err = kill_round([sys.executable, str(script), str(ROOT), str(db_path),
                                       str(next_n), str(sample), CELL], rng, trial)
            if "Traceback" in err:
                print(f"trial {trial}: the child failed:\n{err}", file=sys.stderr)
            acknowledged += len(printed)
            value, broken = stored_value(db_path)
            if broken:
                damaged += 1
                lost += len(printed)
                for part in db_path.parent.glob(db_path.name + "*"):
                    part.unlink()  # start the next trial afresh
            elif printed:
                lost += sum(1 for n in printed if value is None or n > value)
            if printed:
                next_n = max(printed) + 1
    print(f"crash benchmark (seed {seed}): {trials} kill -9 trials")
    print(f"  edits acknowledged: {acknowledged}")
    print(f"  acknowledged edits lost: {lost}")
    print(f"  databases damaged: {damaged}")


if __name__ == "__main__":
    main()
