"""Export timings of the 2025 sample, every output through the one entry point (core.export):

- each kind in a fresh process (imports + fonts + render), PDF with a cold and a warm font cache;
- each kind repeated in the same process (the window's case: everything already loaded);
- the whole `python main.py export --pdf --xlsx --docx --html` process: wall time, peak memory.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from _common import ROOT, SAMPLES, report_line, timings

SAMPLE = str(SAMPLES / "sample-2025.json")
KINDS = ("pdf", "xlsx", "docx", "html")
FRESH = r"""
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from core import reportfile
from core.export import render_bytes
render_bytes(reportfile.load(sys.argv[2]), sys.argv[3])
print(time.perf_counter() - t0)
"""


def fresh(kind: str, env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", FRESH, str(ROOT), SAMPLE, kind], env=env,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def whole_export(env: dict[str, str], outdir: str, kinds: tuple[str, ...]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one `main.py export` process."""
    args = [a for k in kinds for a in (f"--{k}", os.path.join(outdir, f"r.{k}"))]
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "export", SAMPLE, *args],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    assert os.waitstatus_to_exitcode(status) == 0
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    cache = tempfile.mkdtemp(prefix="nbzs-bench-cache-")
    env = dict(os.environ, NBZS_CACHE_DIR=cache, NBZS_BUNDLED_FONTS_ONLY="1")
    print(f"PDF, fresh process, cold font cache: {fresh('pdf', env) * 1e3:.0f} ms")
    for kind in KINDS:
        runs = [fresh(kind, env) for _ in range(5)]
        print(f"{kind}, fresh process: median {statistics.median(runs) * 1e3:.0f} ms")

    # measured before this process imports anything heavy: a forked child's peak RSS
    # includes the parent image it was forked from
    for kinds in (("pdf", "xlsx"), KINDS):
        with tempfile.TemporaryDirectory() as outdir:
            runs = [whole_export(env, outdir, kinds) for _ in range(5)]
        walls = [w for w, _ in runs]
        flags = " ".join(f"--{k}" for k in kinds)
        print(f"main.py export {flags} (whole process): median {statistics.median(walls):.2f} s, "
              f"min {min(walls):.2f} s, peak memory {max(m for _, m in runs):.0f} MiB")

    os.environ.update(env)
    from core import reportfile
    from core.export import render_bytes

    report = reportfile.load(SAMPLE)
    for kind in KINDS:
        print(report_line(f"{kind}, same process again",
                          timings(lambda k=kind: render_bytes(report, k), 20)))
    print(report_line("all four, same process again",
                      timings(lambda: [render_bytes(report, k) for k in KINDS], 10)))


if __name__ == "__main__":
    main()
