"""Where the application's read-only files (resources/: fonts, samples, icons) are, in a source
checkout and in the packaged program alike:

    resource_path("samples", "sample-2025.json")

- source checkout: `<project>/resources/…`;
- PyInstaller build (build/nbzs.spec, one folder): `sys._MEIPASS/resources/…`, i.e. the
  `_internal` folder next to `NianbaoZhushou(.exe)`; a frozen program without `_MEIPASS`
  (another freezer) looks next to its executable.

A frozen program never falls back to a source checkout: a file missing from the package must
show up as missing (the smoke test, `python build/dev.py smoke`, checks the package).
No Qt here: `core` must run without it.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePath

SOURCE_ROOT = Path(__file__).resolve().parent.parent


def is_frozen() -> bool:
    """True in a packaged program (PyInstaller sets `sys.frozen`)."""
    return bool(getattr(sys, "frozen", False))


def resources_dir() -> Path:
    """The folder that holds fonts/, samples/ and icons/."""
    if is_frozen():
        meipass = getattr(sys, "_MEIPASS", None)
        base = Path(meipass) if meipass else Path(sys.executable).resolve().parent
        return base / "resources"
    return SOURCE_ROOT / "resources"


def resource_path(*parts: str) -> Path:
    """A file or folder under resources/ (it may not exist: callers report that themselves).
    Parts are relative names; an absolute part or `..` is refused (ValueError)."""
    for part in parts:
        pure = PurePath(part)
        if pure.is_absolute() or pure.drive or ".." in pure.parts:
            raise ValueError(f"not a relative resource name: {part!r}")
    return resources_dir().joinpath(*parts)
