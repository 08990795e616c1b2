#!/usr/bin/env python3
"""One-command set-up for developers and CI: `python build/dev.py run|test|bench|lint`.

Creates `.venv` next to the project, installs the pinned requirements into it (only when they
changed), makes sure the Linux system libraries Qt needs are present (installing them with
apt-get when running as root, otherwise printing the exact command), then runs the task.
Only the standard library is used here: this script runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
IS_WINDOWS = os.name == "nt"
PY = VENV / ("Scripts/python.exe" if IS_WINDOWS else "bin/python")

# Debian package -> a file that proves it is installed. Qt's xcb/offscreen plugins need the
# libraries; poppler-utils gives the tests pdftotext/pdffonts; xvfb and a CJK font are for
# screenshots only (the application bundles its own fonts).
APT_RUNTIME = {
    "libegl1": "libEGL.so.1",
    "libgl1": "libGL.so.1",
    "libxkbcommon0": "libxkbcommon.so.0",
    "libxkbcommon-x11-0": "libxkbcommon-x11.so.0",
    "libfontconfig1": "libfontconfig.so.1",
    "libdbus-1-3": "libdbus-1.so.3",
    "libxcb-cursor0": "libxcb-cursor.so.0",
    "libxcb-icccm4": "libxcb-icccm.so.4",
    "libxcb-keysyms1": "libxcb-keysyms.so.1",
    "libxcb-shape0": "libxcb-shape.so.0",
    "libxcb-render-util0": "libxcb-render-util.so.0",
    "libxcb-image0": "libxcb-image.so.0",
}
APT_TEST = {
    "poppler-utils": "bin:pdftotext",
    "xvfb": "bin:Xvfb",
}


def _have_lib(soname: str) -> bool:
    if soname.startswith("bin:"):
        return shutil.which(soname[4:]) is not None
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    except OSError:
        return True  # cannot tell; let Qt report it
    return soname in out


def ensure_system_packages(test: bool) -> None:
    if not sys.platform.startswith("linux"):
        return
    wanted = dict(APT_RUNTIME)
    if test:
        wanted.update(APT_TEST)
    missing = [pkg for pkg, probe in wanted.items() if not _have_lib(probe)]
    if not missing:
        return
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("安装系统库 / installing system packages:", " ".join(missing), flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if subprocess.run(cmd, env=env).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
            subprocess.run(cmd, env=env, check=True)
        return
    sys.exit(
        "缺少系统库 / missing system packages. Run once:\n  sudo " + " ".join(cmd)
    )


def ensure_venv(dev: bool) -> None:
    req = ROOT / ("requirements-dev.txt" if dev else "requirements.txt")
    digest = hashlib.sha256()
    for name in ("requirements.txt", "requirements-dev.txt"):
        digest.update((ROOT / name).read_bytes())
    stamp = VENV / (".stamp-dev" if dev else ".stamp-run")
    if stamp.exists() and stamp.read_text() == digest.hexdigest() and PY.exists():
        return
    if not PY.exists():
        print("创建虚拟环境 / creating .venv", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    print(f"安装依赖 / installing {req.name}", flush=True)
    subprocess.run(
        [str(PY), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", str(req)],
        check=True,
    )
    stamp.write_text(digest.hexdigest())


def main(argv: list[str]) -> int:
    task = argv[0] if argv else "run"
    rest = argv[1:]
    if task == "run":
        ensure_system_packages(test=False)
        ensure_venv(dev=False)
        return subprocess.call([str(PY), str(ROOT / "main.py"), *rest])
    if task == "test":
        ensure_system_packages(test=True)
        ensure_venv(dev=True)
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        code = subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT, env=env)
        if code == 5:  # pytest: no tests collected — a failure for us
            print("没有运行任何测试 / no tests ran", file=sys.stderr)
            return 1
        return code
    if task == "bench":
        ensure_system_packages(test=True)
        ensure_venv(dev=True)
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        code = 0
        for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
            print(f"== {script.name}", flush=True)
            code |= subprocess.call([str(PY), str(script)], cwd=ROOT, env=env)
        return code
    if task == "lint":
        ensure_venv(dev=True)
        return subprocess.call([str(PY), "-m", "ruff", "check", "."], cwd=ROOT)
    print("usage: python build/dev.py run|test|bench|lint [args…]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
