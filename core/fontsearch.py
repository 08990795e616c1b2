"""Installed fonts that have one given character, for characters no bundled face has (CJK
Extension B and later appear in people's and places' names: 𠀀 U+20000). No Qt here.

Windows: SimSun-ExtB (simsunb.ttf) and MingLiU-ExtB (mingliub.ttc) by file name, in the font
folders `core.fonts` searches. Elsewhere fontconfig is asked (``fc-list :charset=20000``); on
Debian fonts-hanazono (HanaMinA/B) answers. Only TrueType (``glyf``) faces that allow embedding
are returned: reportlab cannot embed CFF outlines.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

FC_LIST = "fc-list"
FC_TIMEOUT = 5.0  # seconds; a broken fontconfig cache must not hang an export

# file names of Windows faces made for the supplementary planes
WINDOWS_EXT_FILES = ("simsunb.ttf", "mingliub.ttc")

Sniff = Callable[[Path, int], bool]


def fontconfig_files(cp: int) -> list[tuple[Path, int]]:
    """(file, face index) of every face fontconfig says has code point `cp`: upright regular
    faces first, then by path (a stable order), each file once (Debian's alternatives link the
    same file under other names)."""
    exe = shutil.which(FC_LIST)
    if exe is None:
        return []
    try:
        out = subprocess.run([exe, "--format", "%{file}\t%{index}\t%{style[0]}\n",
                              f":charset={cp:x}"], capture_output=True, text=True,
                             timeout=FC_TIMEOUT, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found: dict[tuple[bool, str, int], tuple[Path, int]] = {}
    seen: set[tuple[str, int]] = set()
    for row in out.splitlines():
        path, _, rest = row.partition("\t")
        index, _, style = rest.partition("\t")
        if not path or not index.strip().isdigit():
            continue
        real = os.path.realpath(path)
        if (real, int(index)) in seen:
            continue
        seen.add((real, int(index)))
        plain = style.strip().lower() in ("regular", "book", "normal", "roman", "")
        found[(not plain, real, int(index))] = (Path(real), int(index))
    return [found[k] for k in sorted(found)]


def files_with(cp: int, sniff: Sniff, windows_index: dict[str, Path]) -> list[tuple[Path, int]]:
    """Embeddable faces that may have `cp`: the Windows Ext-B faces found in `windows_index`
    (lower-case file name → path), then what fontconfig knows."""
    out: list[tuple[Path, int]] = []
    for name in WINDOWS_EXT_FILES:
        path = windows_index.get(name)
        if path is not None:
            out += [(path, i) for i in range(3 if name.endswith(".ttc") else 1) if sniff(path, i)]
    out += [(p, i) for p, i in fontconfig_files(cp) if sniff(p, i)]
    return out
