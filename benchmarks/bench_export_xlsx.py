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
    """The 2025 sample report (resources/samples), as the other benchmarks use. core is
    imported here, not at the top, so that the fresh child times the import."""
    from core import reportfile

    return reportfile.load(ROOT / "resources" / "samples" / "sample-2025.json")


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
