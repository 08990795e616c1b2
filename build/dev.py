#!/usr/bin/env python3
"""One-command set-up for developers and CI: `python build/dev.py run|test|bench|lint|build|smoke`
(and for CI: `test-variant glibc228`, the tests against the 信创 Qt; `wheels`, the Windows check).

Creates `.venv` next to the project, installs the pinned requirements into it (only when they
changed), makes sure the Linux system libraries Qt needs are present (installing them with
apt-get when running as root, otherwise printing the exact command), then runs the task.
Only the standard library is used here: this script runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
IS_WINDOWS = os.name == "nt"
PY = VENV / ("Scripts/python.exe" if IS_WINDOWS else "bin/python")
# task kind -> its requirement files (the first one includes the others with `-r`)
REQUIREMENTS = {
    "run": ("requirements.txt",),
    "dev": ("requirements-dev.txt", "requirements.txt"),
    "build": ("requirements-build.txt", "requirements.txt"),
}

# The packaged program (build/nbzs.spec): one folder, ASCII names.
APP = "NianbaoZhushou"
SPEC = ROOT / "build" / "nbzs.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "work"
APP_DIR = DIST / APP
EXE = APP_DIR / (APP + ".exe" if IS_WINDOWS else APP)
# 157 MB before the Word export (lxml), the published-report reader (pdfminer with its CMaps,
# cryptography, which pdfminer imports) and the print preview (pypdfium2, QtPrintSupport):
# 205 MB since. A dependency that drags in tens of MB more should still be a decision.
SIZE_BUDGET_MB = 230
# (pdfplumber is not among them any more: `audit`/`convert` read published PDFs with it)
FORBIDDEN_IN_PACKAGE = ("QtWebEngine", "QtQml", "QtQuick", "tkinter", "tcl", "numpy", "pytest",
                        "hypothesis", "fontTools")

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
    # the Word file is converted to PDF and the web page rendered, as their readers would
    "libreoffice-writer-nogui": "bin:soffice",
    "chromium": "bin:chromium",
    # a TrueType face with CJK Extension B (𠀀): characters no bundled face has are embedded
    # from an installed font (core.fontsearch), and the tests prove it
    "fonts-hanazono": "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
}
APT_BUILD = {
    "binutils": "bin:objdump",  # PyInstaller reads shared libraries with objdump
}


def _have_lib(soname: str) -> bool:
    if soname.startswith("bin:"):
        return shutil.which(soname[4:]) is not None
    if soname.startswith("/"):  # a file the package installs (fonts have no library)
        return Path(soname).exists()
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    except OSError:
        return True  # cannot tell; let Qt report it
    return soname in out


def ensure_system_packages(test: bool, build: bool = False) -> None:
    if not sys.platform.startswith("linux"):
        return
    wanted = dict(APT_RUNTIME)
    if test:
        wanted.update(APT_TEST)
    if build:
        wanted.update(APT_BUILD)
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


def ensure_venv(kind: str) -> None:
    """Install the requirements of `kind` ("run", "dev" or "build") into .venv if they changed."""
    files = REQUIREMENTS[kind]
    req = ROOT / files[0]
    digest = hashlib.sha256()
    for name in files:
        digest.update((ROOT / name).read_bytes())
    stamp = VENV / f".stamp-{kind}"
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


# -- variants: the same tests against another pinned Qt (requirements-variant-NAME.txt) ---------
def _requirement_lines(name: str, seen: set[str] | None = None) -> list[str]:
    """The pinned lines of a requirements file, its `-r` includes flattened."""
    seen = set() if seen is None else seen
    if name in seen:
        return []
    seen.add(name)
    out = []
    for raw in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        include = re.match(r"-r\s+(\S+)$", line)
        out.extend(_requirement_lines(include.group(1), seen) if include else [line])
    return out


def _package(line: str) -> str:
    return re.sub(r"[-_.]+", "-", re.split(r"[=<>!~\[; ]", line, maxsplit=1)[0]).lower()


def variant_python(variant: str) -> Path:
    """.venv-VARIANT with the dev and build requirements, the variant file's pins replacing the
    same packages' pins (e.g. PySide6 6.9.3 for glibc 2.28); installed when they changed."""
    override = {_package(line): line for line in
                _requirement_lines(f"requirements-variant-{variant}.txt")}
    lines = [override.get(_package(line), line) for line in sorted(
        {line for kind in ("dev", "build") for line in _requirement_lines(REQUIREMENTS[kind][0])})]
    venv = ROOT / f".venv-{variant}"
    python = venv / ("Scripts/python.exe" if IS_WINDOWS else "bin/python")
    wanted = "\n".join(lines) + "\n"
    pinned = venv / "requirements.txt"
    if not python.exists():
        print(f"创建虚拟环境 / creating {venv.name}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    if not pinned.exists() or pinned.read_text(encoding="utf-8") != wanted:
        pinned.write_text(wanted, encoding="utf-8")
        print(f"安装依赖 / installing the {variant} variant", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q",
                        "--disable-pip-version-check", "-r", str(pinned)], check=True)
    return python


def test_variant(variant: str, rest: list[str]) -> int:
    """The test suite again, in .venv-VARIANT (see variant_python)."""
    python = variant_python(variant)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    version = subprocess.run([str(python), "-c", "import PySide6; print(PySide6.__version__)"],
                             capture_output=True, text=True, check=True).stdout.strip()
    print(f"== tests with PySide6 {version} ({variant})", flush=True)
    # no pytest cache: the main run's cache (and its hypothesis examples) stay its own
    code = subprocess.call([str(python), "-m", "pytest", "-p", "no:cacheprovider", *rest],
                           cwd=ROOT, env=env)
    return 1 if code == 5 else code


# -- Windows: every pinned package has a wheel for the Python the package is built with ---------
WINDOWS_PYTHON = "3.11"  # build/README.md: the Windows package is built with Python 3.11 x64


def windows_wheels() -> int:
    """`pip download` every pinned requirement (with its dependencies) as a win_amd64 / cp311
    binary wheel: a package without one cannot be installed on the Windows build machine."""
    lines = sorted({line for kind in ("dev", "build")
                    for line in _requirement_lines(REQUIREMENTS[kind][0])})
    with tempfile.TemporaryDirectory(prefix="nbzs-wheels-") as folder:
        listing = Path(folder) / "requirements.txt"
        listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
        code = subprocess.call(
            [str(PY), "-m", "pip", "download", "-q", "--disable-pip-version-check",
             "--platform", "win_amd64", "--python-version", WINDOWS_PYTHON,
             "--implementation", "cp", "--only-binary=:all:", "-r", str(listing),
             "-d", folder])
        wheels = sorted(p.name for p in Path(folder).glob("*.whl"))
    if code != 0:
        print("Windows: a pinned package has no win_amd64 wheel for Python "
              f"{WINDOWS_PYTHON} (see pip's message above)", file=sys.stderr)
        return 1
    print(f"Windows wheels: {len(wheels)} wheels for win_amd64 / Python {WINDOWS_PYTHON}, "
          f"{len(lines)} pinned requirements", flush=True)
    return 0


def main(argv: list[str]) -> int:
    task = argv[0] if argv else "run"
    rest = argv[1:]
    if task == "run":
        ensure_system_packages(test=False)
        ensure_venv("run")
        return subprocess.call([str(PY), str(ROOT / "main.py"), *rest])
    if task == "test":
        ensure_system_packages(test=True)
        ensure_venv("dev")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        code = subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT, env=env)
        if code == 5:  # pytest: no tests collected — a failure for us
            print("没有运行任何测试 / no tests ran", file=sys.stderr)
            return 1
        return code
    if task == "bench":
        ensure_system_packages(test=True)
        ensure_venv("dev")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        code = 0
        for script in sorted((ROOT / "benchmarks").glob("bench_*.py")):
            print(f"== {script.name}", flush=True)
            code |= subprocess.call([str(PY), str(script)], cwd=ROOT, env=env)
        return code
    if task == "lint":
        ensure_venv("dev")
        return lint(PY)
    if task == "test-variant":
        ensure_system_packages(test=True)
        return test_variant(rest[0] if rest else "glibc228", rest[1:])
    if task == "wheels":
        ensure_venv("dev")
        return windows_wheels()
    if task == "build":
        ensure_system_packages(test=False, build=True)
        if rest[:1] == ["--variant"] and len(rest) >= 2:  # e.g. the 信创 x86_64 package
            return build(rest[2:], variant_python(rest[1]))
        ensure_venv("build")
        return build(rest)
    if task == "smoke":
        ensure_system_packages(test=False)
        return smoke(rest)
    print("usage: python build/dev.py run|test|test-variant [NAME]|wheels|bench|lint|build|smoke "
          "[args…]", file=sys.stderr)
    return 2


# -- lint ----------------------------------------------------------------------------------------
# Every check runs even when an earlier one fails (one CI run shows all the problems); any
# failure fails the task. Settings for all three live in pyproject.toml.
LINT_CHECKS = (
    ("ruff", ["-m", "ruff", "check", "."]),
    ("mypy", ["-m", "mypy", "core", "gui", "main.py"]),
    # import-linter has no `python -m` entry point: call its console function with this Python
    ("lint-imports", ["-c", "import sys; from importlinter.cli import lint_imports_command; "
                            "sys.exit(lint_imports_command())"]),
)


def lint(python: Path) -> int:
    """ruff, mypy (strict on core/) and the import-linter contracts, run with `python`."""
    failed = []
    for name, args in LINT_CHECKS:
        print(f"== {name}", flush=True)
        if subprocess.call([str(python), *args], cwd=ROOT) != 0:
            failed.append(name)
    if failed:
        print("lint failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    print("lint: ruff, mypy and lint-imports passed", flush=True)
    return 0


# -- the package ---------------------------------------------------------------------------------
def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def build(extra: list[str], python: Path = PY) -> int:
    """PyInstaller, one folder: dist/NianbaoZhushou/ (see build/nbzs.spec and build/README.md).
    `python`: the environment to package (.venv, or a variant's, e.g. the 信创 Qt)."""
    print(f"打包 / building {APP_DIR.relative_to(ROOT)} with PyInstaller …", flush=True)
    started = time.monotonic()
    code = subprocess.call(
        [str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC), *extra], cwd=ROOT)
    if code != 0:
        print(f"打包失败 / build failed (PyInstaller exit {code})", file=sys.stderr)
        return code
    size = folder_size(APP_DIR) / 2**20
    print(f"已生成 / built {EXE.relative_to(ROOT)}: {size:.0f} MB in "
          f"{time.monotonic() - started:.0f} s", flush=True)
    return 0


def app_version() -> str:
    """"年报助手 0.1.0", read from core/__init__.py (this script imports nothing of ours)."""
    text = (ROOT / "core" / "__init__.py").read_text(encoding="utf-8")
    name = re.search(r'APP_NAME\s*=\s*"([^"]+)"', text)
    version = re.search(r'__version__\s*=\s*"([^"]+)"', text)
    assert name and version, "core/__init__.py: APP_NAME or __version__ not found"
    return f"{name.group(1)} {version.group(1)}"


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def smoke(args: list[str]) -> int:
    """Check the built package: its contents and size, `--version`, `--smoke-test OUTDIR` (sample
    reports → database → windows → PDF and Excel), and the time to the first painted window.
    Runs the executable from a temporary folder with no access to the source checkout's files,
    under QT_QPA_PLATFORM=offscreen, with its data, logs and caches in that folder."""
    if not EXE.is_file():
        print(f"没有找到 {EXE}：请先运行 python build/dev.py build", file=sys.stderr)
        return 1
    outdir = Path(args[0]).resolve() if args else WORK / "smoke"
    shutil.rmtree(outdir, ignore_errors=True)
    results: list[tuple[str, bool, str]] = []

    def check(name: str, test: Callable[[], str]) -> None:
        try:
            detail, ok = test(), True
        except Exception as exc:  # noqa: BLE001 — a failed check is reported, the others run
            detail, ok = f"{exc.__class__.__name__}: {exc}" if not isinstance(
                exc, AssertionError) else str(exc), False
        results.append((name, ok, detail))
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}", flush=True)

    with tempfile.TemporaryDirectory(prefix="nbzs-smoke-") as tmp_name:
        tmp = Path(tmp_name)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_"))}
        env.update(QT_QPA_PLATFORM="offscreen", NBZS_DATA_DIR=str(tmp / "data"),
                   NBZS_LOG_DIR=str(tmp / "logs"), NBZS_CACHE_DIR=str(tmp / "cache"))

        def run(*argv: str, timeout: float = 300,
                **extra_env: str) -> tuple[subprocess.CompletedProcess[str], float]:
            started = time.time()
            proc = subprocess.run([str(EXE), *argv], cwd=tmp, env={**env, **extra_env},
                                  capture_output=True, text=True, encoding="utf-8",
                                  errors="replace", timeout=timeout)
            return proc, time.time() - started

        def contents() -> str:
            internal = APP_DIR / "_internal"
            res = internal / "resources"
            for rel in ("fonts/NBZS-Fang.ttf", "fonts/LICENSES", "fonts/README.md",
                        "samples/sample-2024.json", "samples/sample-2025.json", "icons/app.png"):
                assert (res / rel).exists(), f"missing from the package: resources/{rel}"
            assert any((res / "fonts" / "LICENSES").iterdir()), "resources/fonts/LICENSES is empty"
            qms = [p.name for p in internal.rglob("*.qm")]
            assert "qtbase_zh_CN.qm" in qms, f"qtbase_zh_CN.qm not in the package ({qms})"
            unwanted = sorted({str(p.relative_to(APP_DIR)) for p in APP_DIR.rglob("*")
                               for bad in FORBIDDEN_IN_PACKAGE if bad.lower() in p.name.lower()})
            assert not unwanted, f"should not be in the package: {unwanted[:8]}"
            return f"resources, LICENSES, {', '.join(sorted(qms))}; nothing unwanted"

        def size() -> str:
            megabytes = folder_size(APP_DIR) / 2**20
            assert megabytes <= SIZE_BUDGET_MB, \
                f"{megabytes:.0f} MB on disk, over the {SIZE_BUDGET_MB} MB budget"
            return f"{megabytes:.0f} MB on disk (budget {SIZE_BUDGET_MB} MB)"

        def version() -> str:
            proc, seconds = run("--version", timeout=60)
            assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr.strip()}"
            assert proc.stdout.strip() == app_version(), \
                f"printed {proc.stdout.strip()!r}, expected {app_version()!r}"
            return f"{proc.stdout.strip()!r} in {seconds:.2f} s"

        def smoke_test() -> str:
            proc, seconds = run("--smoke-test", str(outdir))
            lines = (proc.stdout + proc.stderr).strip().splitlines()
            summary = next((ln for ln in lines if "smoke test" in ln), lines[-1] if lines else "")
            assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stdout}{proc.stderr}"
            pdf = (outdir / "smoke-2025.pdf").read_bytes()
            assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF"), "not a PDF"
            assert pdf_pages(pdf) >= 2, f"the PDF has {pdf_pages(pdf)} pages"
            with zipfile.ZipFile(outdir / "smoke-2025.xlsx") as xlsx:
                assert xlsx.testzip() is None, "the .xlsx is damaged"
                assert "xl/workbook.xml" in xlsx.namelist(), "the .xlsx has no workbook"
            with zipfile.ZipFile(outdir / "smoke-2025.docx") as word:
                assert word.testzip() is None, "the .docx is damaged"
                assert "word/document.xml" in word.namelist(), "the .docx has no document"
            page = (outdir / "smoke-2025.html").read_text("utf-8")
            assert page.startswith("<!DOCTYPE html>") and "<table" in page, "not the web page"
            for png in ("start-window.png", "wizard.png"):
                if (outdir / png).exists():
                    assert (outdir / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", png
            return f"{seconds:.1f} s; {summary}"

        def first_paint() -> str:
            times = []
            for _ in range(4):  # the first start also warms the disk cache: shown separately
                started = time.time()
                proc, _seconds = run("--db", str(tmp / "paint.sqlite3"), timeout=60,
                                     NBZS_BENCH_FIRST_PAINT="1")
                painted = [ln for ln in proc.stdout.splitlines()
                           if ln.startswith("NBZS_FIRST_PAINT ")]
                assert proc.returncode == 0 and painted, \
                    f"no first paint (exit {proc.returncode}): {proc.stdout}{proc.stderr}"
                times.append(float(painted[0].split()[1]) - started)
            return (f"launch to first painted start window {statistics.median(times[1:]):.2f} s "
                    f"(median of {len(times) - 1}; first start {times[0]:.2f} s)")

        check("package contents", contents)
        check("package size", size)
        check("--version", version)
        check("--smoke-test", smoke_test)
        check("start-up", first_paint)

    failed = sum(1 for _, ok, _ in results if not ok)
    print(f"outputs: {outdir}")
    print(f"smoke: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
