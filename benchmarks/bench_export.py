"""Export timings: PDF and Excel of the 2025 sample.

- in a fresh process (imports + font loading + render), with a cold and a warm font cache;
- repeated in the same process (the GUI's case: fonts already loaded);
- the whole `python main.py export --pdf --xlsx` process: wall time and peak memory.
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
FRESH = r"""
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, sys.argv[1])
from core import reportfile
r = reportfile.load(sys.argv[2])
what = sys.argv[3]
if what == "pdf":
    from core.export_pdf import render_pdf
    render_pdf(r)
else:
    from core.export_xlsx import render_xlsx
    render_xlsx(r)
print(time.perf_counter() - t0)
"""


def fresh(what: str, env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", FRESH, str(ROOT), SAMPLE, what], env=env,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def whole_export(env: dict[str, str], outdir: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one `main.py export` process."""
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "export", SAMPLE, "--pdf",
                             os.path.join(outdir, "r.pdf"), "--xlsx",
                             os.path.join(outdir, "r.xlsx")], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    assert os.waitstatus_to_exitcode(status) == 0
    return wall, usage.ru_maxrss / 1024


def main() -> None:
    cache = tempfile.mkdtemp(prefix="nbzs-bench-cache-")
    env = dict(os.environ, NBZS_CACHE_DIR=cache, NBZS_BUNDLED_FONTS_ONLY="1")
    cold = fresh("pdf", env)  # fills the font cache
    pdf_fresh = [fresh("pdf", env) for _ in range(5)]
    xlsx_fresh = [fresh("xlsx", env) for _ in range(5)]
    print(f"PDF, fresh process, cold font cache: {cold * 1e3:.0f} ms")
    print(f"PDF, fresh process, warm font cache: median {statistics.median(pdf_fresh) * 1e3:.0f} ms")
    print(f"Excel, fresh process: median {statistics.median(xlsx_fresh) * 1e3:.0f} ms")

    # measured before this process imports anything heavy: a forked child's peak RSS
    # includes the parent image it was forked from
    with tempfile.TemporaryDirectory() as outdir:
        runs = [whole_export(env, outdir) for _ in range(5)]
    walls = [w for w, _ in runs]
    peak = max(m for _, m in runs)
    print(f"main.py export --pdf --xlsx (whole process): median {statistics.median(walls):.2f} s, "
          f"min {min(walls):.2f} s, peak memory {peak:.0f} MiB")

    os.environ.update(env)
    from core import reportfile
    from core.export_pdf import render_pdf
    from core.export_xlsx import render_xlsx

    report = reportfile.load(SAMPLE)
    print(report_line("PDF, same process again", timings(lambda: render_pdf(report), 20)))
    print(report_line("Excel, same process again", timings(lambda: render_xlsx(report), 20)))
    print(report_line("PDF + Excel, same process again",
                      timings(lambda: (render_pdf(report), render_xlsx(report)), 20)))



if __name__ == "__main__":
    main()
