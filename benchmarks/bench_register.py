"""Register timings: table 3 counted from 100,000 applications; a 10,000-row ledger imported.

    python benchmarks/bench_register.py [--quick]

Targets: counting table 3 from 100,000 applications ≤ 200 ms; importing a 10,000-row ledger
(.xlsx: reading, checking every row, storing with history in one transaction) ≤ 3 s.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

from _common import report_line, timings

from core.register.counting import count_table3
from core.register.ledger import ledger_bytes
from core.register.ledger_read import read_ledger
from core.register.model import Application
from core.register.store import RegisterStore
from core.register.vocab import vocabulary
from core.storage import Database


def made_up(n: int, seed: int = 7) -> list[Application]:
    """Fictional applications over 2023–2026 (no real names)."""
    rnd = random.Random(seed)
    vocab = vocabulary()
    start = dt.date(2023, 1, 1)
    out = []
    for i in range(n):
        received = start + dt.timedelta(days=rnd.randrange(4 * 365))
        answered = rnd.random() < 0.9
        replied = received + dt.timedelta(days=rnd.randrange(1, 60)) if answered else None
        out.append(Application(
            number=f"Y{i:07d}", received=received,
            applicant_type=rnd.choice(vocab.applicant_keys), applicant=f"申请人{i}",
            channel=rnd.choice(("网络", "信函", "当面")), content="关于某事项的政府信息" * 3,
            replied=replied, result=rnd.choice(vocab.result_keys) if answered else None,
            extended=rnd.random() < 0.05))
    return out


def main() -> None:
    quick = "--quick" in sys.argv
    apps = made_up(100_000)
    print(report_line("count table 3 from 100,000 applications",
                      timings(lambda: count_table3(apps, 2025), runs=5 if quick else 20)))
    rows = made_up(10_000, seed=11)
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Path(tmp) / "ledger.xlsx"
        ledger.write_bytes(ledger_bytes(rows))
        runs = 1 if quick else 3
        for run in range(runs):
            with Database.open(Path(tmp) / f"r{run}.sqlite3", backups=False) as db:
                t = time.perf_counter()
                read = read_ledger(ledger)
                t_read = time.perf_counter() - t
                added, _ = RegisterStore(db).save_many("测试局", read.applications, "导入")
                total = time.perf_counter() - t
            assert added == 10_000
            print(f"import 10,000-row .xlsx ledger: {total * 1e3:.0f} ms "
                  f"(reading and checking {t_read * 1e3:.0f} ms, storing "
                  f"{(total - t_read) * 1e3:.0f} ms)")


if __name__ == "__main__":
    main()
