"""PySide6 6.12 on CPython 3.11 drops a reference to True/None on every signal emission and
every None-returning call, and the interpreter aborts after a few thousand edits. We pin a
release without that bug; this test fails loudly if a version bump brings it back."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = r"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QListWidget
app = QApplication([])
class O(QObject):
    changed = Signal(str)
o = O()
o.changed.connect(lambda path: None)
t0, n0 = sys.getrefcount(True), sys.getrefcount(None)
for i in range(20000):
    o.changed.emit("cells/requests/granted/natural_person")
w = QListWidget()
for i in range(20000):
    w.currentItem()
    w.parent()
print(t0 - sys.getrefcount(True), n0 - sys.getrefcount(None))
"""


def test_signals_and_none_returns_keep_reference_counts():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    lost_true, lost_none = (int(x) for x in out.stdout.split())
    assert lost_true < 100 and lost_none < 100
