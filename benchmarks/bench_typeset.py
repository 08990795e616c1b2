"""Text speed: `python benchmarks/bench_typeset.py`.

Prints (the tests check what these produce; only this script says how fast):
- each bundled face's load time when a PDF first needs it (in a fresh process, bundled fonts
  only, as the tests run);
- font coverage of a 200-character paragraph with rare name characters: `fonts.runs` +
  `fonts.missing_chars`, per paragraph (was asserted < 1 ms in the tests);
- line breaking of 6 000 and 60 000 characters and their ratio: about 10 means linear time
  (was asserted < 3 s and < 30× in the tests).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from _common import ROOT, report_line, timings

PARAGRAPH = ("本机关2025年共收到政府信息公开申请123件，鄠邑区堃镕珺，其中当面申请4件，网络申请119件。"
             * 5)[:200]
CHUNK = ("2025年，本机关坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻《条例》——"
         "主动公开政府信息1234条（详见http://www.example.gov.cn）……")
FACE_LOADS = (
    "import json, os\n"
    "os.environ['NBZS_BUNDLED_FONTS_ONLY'] = '1'\n"
    "from core import fonts\n"
    "fonts.runs('政府信息公开工作年度报告鄠', 'body')\n"
    "print(json.dumps({f.name: f.load_seconds for f in fonts.registered_faces()}))\n"
)


def face_loads() -> dict[str, float]:
    env = dict(os.environ, NBZS_BUNDLED_FONTS_ONLY="1")
    out = subprocess.run([sys.executable, "-c", FACE_LOADS], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    loads: dict[str, float] = json.loads(out)
    return loads


def main() -> None:
    os.environ.setdefault("NBZS_BUNDLED_FONTS_ONLY", "1")
    from core import fonts, typeset

    for name, seconds in face_loads().items():
        print(f"load face {name} (fresh process): {seconds * 1e3:.0f} ms")

    def coverage() -> None:
        fonts.runs(PARAGRAPH, "body")
        fonts.missing_chars(PARAGRAPH, "body")

    print(report_line("font coverage, 200-character paragraph", timings(coverage, runs=500)))

    text = (CHUNK * (60000 // len(CHUNK) + 1))[:60000]
    medians = {}
    for size in (6000, 60000):
        def lay_out(part: str = text[:size]) -> None:
            typeset.layout(part, 28.0, typeset.monospace, indent=2.0)

        runs = timings(lay_out, runs=5, warmup=1)
        medians[size] = sorted(runs)[len(runs) // 2]
        print(report_line(f"line breaking, {size} characters", runs))
    print(f"line breaking 60000 / 6000 characters: {medians[60000] / medians[6000]:.1f}× "
          f"(10× is linear)")


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.1f} s)")
