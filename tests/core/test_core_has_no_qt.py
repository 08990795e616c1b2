"""core/ must work with Qt absent: import every core module with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys

from tests.support import ROOT

SCRIPT = r"""
import importlib, pkgutil, sys
class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6", "gui"):
            raise ImportError("Qt is forbidden in core: " + name)
sys.meta_path.insert(0, NoQt())
import core
for mod in pkgutil.walk_packages(core.__path__, "core."):
    importlib.import_module(mod.name)
from core import reportfile
from core.validation import validate
r = reportfile.load("resources/samples/sample-2025.json")
print(len(validate(r)), "ok")
"""


def test_core_imports_and_validates_without_qt():
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "0 ok"
