"""Prints how long `main.py audit` takes, whole process, for a typical 6-page PDF: our sample's
PDF and the published one (target: 1 s or less)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _time(pdf: Path, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "main.py"), "audit", str(pdf)],
                       capture_output=True, cwd=ROOT, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    from core import reportfile
    from core.export import render_bytes

    with tempfile.TemporaryDirectory() as tmp:
        ours = Path(tmp) / "sample-2024.pdf"
        ours.write_bytes(render_bytes(reportfile.load(ROOT / "resources/samples/sample-2024.json"),
                                      "pdf"))
        print(f"audit sample-2024.pdf (our PDF): {_time(ours):.2f} s")
    published = Path("/work/shared/examples/published/hongze-district-government-2024.pdf")
    if published.exists():
        print(f"audit {published.name}: {_time(published):.2f} s")


if __name__ == "__main__":
    main()
