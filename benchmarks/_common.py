"""Small helpers shared by the benchmark scripts (they print figures; they assert nothing)."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "resources" / "samples"


def timings(fn: Callable[[], object], runs: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def report_line(name: str, seconds: list[float]) -> str:
    s = sorted(seconds)
    p99 = s[min(len(s) - 1, int(round(0.99 * (len(s) - 1))))]
    return (f"{name}: median {statistics.median(s) * 1e3:.2f} ms, p99 {p99 * 1e3:.2f} ms "
            f"(n={len(s)})")
