"""How long the Excel export takes: `python benchmarks/bench_export_xlsx.py`.

Prints the median time of ``render_xlsx`` for a realistic, fully filled-in report
- in-process, after one warm-up render;
- in a fresh process: ``import core.export_xlsx`` + build the report + render, timed inside the
  child, and the child's whole wall time including interpreter start-up.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

_T0 = time.perf_counter()

from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:
    from core.model import Report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

IN_PROCESS_RUNS = 30
FRESH_RUNS = 7


def build_report() -> Report:
    # core is imported here, not at the top, so that the fresh child times the import
    from core import format2021 as fmt
    from core.model import Report

    r = Report(2025)
    r.agency.update(
        name="示例县应急管理局", office="办公室", address="示例县人民路1号", postcode="000000",
        phone="0000-1234567", email="office@example.gov.cn",
        website_name="示例县人民政府门户网站", website_url="http://www.example.gov.cn")
    r.date = "2026-01-20"
    r.texts.update(overview="（一）主动公开\n" + "本年主动公开政府信息。" * 80,
                   problems="一是……\n二是……" * 20, other="本年度未收取信息处理费。")
    for i, key in enumerate(k for k in r.cells if not k.endswith("/amount")):
        r.cells[key] = (i * 7) % 23
    r.cells["active/fees/amount"] = "1.2345"
    cols = [c.key for c in fmt.T3_APPLICANT_COLUMNS]
    for c in cols:  # balance table 3: 一 + 二 = 三（七） + 四
        results = sum(r.cells[f"requests/{row}/{c}"] for row in fmt.T3_RESULT_ROWS)
        r.cells[f"requests/new_received/{c}"] = results + r.cells[f"requests/carried_forward/{c}"]
        r.cells[f"requests/carried_over/{c}"] = 0
    return r


def _once() -> None:
    from core.export_xlsx import render_xlsx

    data = render_xlsx(build_report())
    print(f"{time.perf_counter() - _T0:.6f} {len(data)}")


def main() -> None:
    from core.export_xlsx import render_xlsx

    report = build_report()
    data = render_xlsx(report)  # warm-up
    times = []
    for _ in range(IN_PROCESS_RUNS):
        t = time.perf_counter()
        render_xlsx(report)
        times.append(time.perf_counter() - t)
    print(f"render_xlsx in-process: median {statistics.median(times) * 1000:.1f} ms "
          f"(min {min(times) * 1000:.1f}, {IN_PROCESS_RUNS} runs, {len(data)} bytes)")
    inner, wall = [], []
    for _ in range(FRESH_RUNS):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, __file__, "--once"], capture_output=True,
                             text=True, check=True, cwd=ROOT).stdout.split()
        wall.append(time.perf_counter() - t)
        inner.append(float(out[0]))
    print(f"render_xlsx fresh process: median {statistics.median(inner) * 1000:.0f} ms "
          f"import + render, {statistics.median(wall) * 1000:.0f} ms wall with interpreter "
          f"start-up ({FRESH_RUNS} runs)")


if __name__ == "__main__":
    if "--once" in sys.argv:
        _once()
    else:
        main()
