"""Font discovery, lazy reportlab registration and per-character coverage. No Qt here.

Roles: ``body`` (仿宋), ``kai`` (楷), ``hei`` (黑), ``title`` (小标宋), ``song`` (宋体, for the
page numbers) and ``fallback`` (a wide serif face that prints whatever the primary face of a role
lacks; it is also the stand-in for 宋体).

For each role the official font installed on the machine is preferred (仿宋_GB2312, 楷体_GB2312,
黑体, 方正小标宋简体 — the faces GB/T 9704 names; looked for by file name in the Windows font
folders and on Linux under /usr/share/fonts, ~/.fonts, ~/.local/share/fonts), provided it is
TrueType (``glyf``) and allows embedding; otherwise the bundled face in ``resources/fonts``
(made by ``build/make_fonts.py``). ``NBZS_BUNDLED_FONTS_ONLY=1`` forces the bundled faces, so
tests and golden outputs do not depend on the machine.

Faces are parsed and registered with reportlab lazily, at most once per process, the first time
a role's face is actually needed (``font_name(role)``, ``runs``, ``char_width``...). Coverage
uses the cmap reportlab already parsed (``TTFontFace.charToGlyph``).

Typical use by a renderer::

    from core import fonts
    for segment, face in fonts.runs("鄠邑区人民政府", "body"):
        canvas.setFont(face, 16); ...
    lost = fonts.missing_chars(all_text)        # tell the user: these print as a box
    measure = fonts.char_width("body", 16)      # for core.typeset.layout
"""

from __future__ import annotations

import os
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROLES = ("body", "kai", "hei", "title", "song", "fallback")
ENV_BUNDLED_ONLY = "NBZS_BUNDLED_FONTS_ONLY"

ROLE_LABELS = {
    "body": "仿宋",
    "kai": "楷体",
    "hei": "黑体",
    "title": "小标宋",
    "song": "宋体",
    "fallback": "备用宋体",
}

# Official file names, best first; matched case-insensitively.
SYSTEM_FILES: dict[str, tuple[str, ...]] = {
    "body": ("仿宋_GB2312.ttf", "FS_GB2312.ttf", "FangSong_GB2312.ttf", "simfang.ttf"),
    "kai": ("楷体_GB2312.ttf", "KAI_GB2312.ttf", "KaiTi_GB2312.ttf", "KT_GB2312.ttf",
            "simkai.ttf"),
    "hei": ("simhei.ttf", "黑体.ttf"),
    "title": ("方正小标宋简体.ttf", "FZXBSJW.TTF", "FZXBSJW--GB1-0.ttf", "方正小标宋_GBK.ttf",
              "FZXBSK.TTF"),
    "song": ("simsun.ttc", "simsun.ttf", "宋体.ttf"),
    "fallback": (),
}
# Extra system faces tried after the bundled fallback for characters nothing else has
# (SimSun-ExtB carries CJK Ext-B). Never used when bundled-only. Characters none of them has
# are then looked up per code point (core.fontsearch: fontconfig, MingLiU-ExtB).
SYSTEM_EXTRA_FALLBACKS: tuple[str, ...] = ("simsun.ttc", "simsunb.ttf")

BUNDLED_FILES = {
    "body": "NBZS-Fang.ttf",
    "kai": "NBZS-Kai.ttf",
    "hei": "WenQuanYiMicroHei.ttf",
    "title": "NBZS-TitleSerif.ttf",
    "song": "NBZS-SerifFallback.ttf",  # a 宋体 (Noto Serif CJK) standing in for SimSun
    "fallback": "NBZS-SerifFallback.ttf",
}

# Characters that are never "missing" and never drawn: controls, format characters, variation
# selectors, joiners. They stay in runs (text is preserved) but have no width.
_IGNORABLE_RANGES = (
    (0x0000, 0x001F), (0x007F, 0x009F), (0x00AD, 0x00AD), (0x034F, 0x034F),
    (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180F),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)


def is_ignorable(ch: str) -> bool:
    """True for controls / default-ignorable code points (no glyph needed, zero width)."""
    cp = ord(ch)
    if cp < 0x20 or 0x7F <= cp <= 0x9F:
        return True
    if cp < 0xAD or 0x3165 <= cp <= 0xFDFF:  # fast path: ASCII, and all of CJK up to U+FDFF
        return False
    return any(a <= cp <= b for a, b in _IGNORABLE_RANGES)


_WHITESPACE = frozenset(" \u00a0\u3000")


# --------------------------------------------------------------------------- locating files


@dataclass(frozen=True)
class FontFile:
    """One face on disk."""

    path: Path
    index: int = 0  # face index inside a .ttc
    source: str = "bundled"  # "bundled" | "system"

    @property
    def key(self) -> str:
        return f"{self.path}#{self.index}"


def bundled_only() -> bool:
    return os.environ.get(ENV_BUNDLED_ONLY, "").strip() not in ("", "0", "false", "no")


def bundled_dir() -> Path:
    """resources/fonts, in a source checkout or in a PyInstaller bundle (sys._MEIPASS)."""
    candidates = []
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        candidates.append(Path(meipass) / "resources" / "fonts")
    if getattr(sys, "frozen", False):
        candidates.append(Path(sys.executable).resolve().parent / "resources" / "fonts")
    candidates.append(Path(__file__).resolve().parent.parent / "resources" / "fonts")
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[-1]


def system_font_dirs(platform: str | None = None, environ: Mapping[str, str] | None = None,
                     home: Path | None = None) -> list[Path]:
    """Folders searched for the official faces (arguments only for tests)."""
    platform = platform or sys.platform
    env = os.environ if environ is None else environ
    home = home or Path.home()
    dirs: list[Path] = []
    if platform.startswith("win"):
        windir = env.get("WINDIR") or env.get("SystemRoot") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = env.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif platform == "darwin":
        dirs += [Path("/Library/Fonts"), home / "Library" / "Fonts"]
    else:
        xdg = env.get("XDG_DATA_HOME")
        dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts",
                 Path(xdg) / "fonts" if xdg else home / ".local" / "share" / "fonts"]
    return dirs


_system_index: dict[str, Path] | None = None


def _system_file_index() -> dict[str, Path]:
    """lower-case file name → first path found (scanned once per process)."""
    global _system_index
    if _system_index is None:
        index: dict[str, Path] = {}
        for d in system_font_dirs():
            if not d.is_dir():
                continue
            for root, _dirs, files in os.walk(d):
                for name in files:
                    if name.lower().endswith((".ttf", ".ttc")):
                        index.setdefault(name.lower(), Path(root) / name)
        _system_index = index
    return _system_index


def sniff_truetype(path: Path, index: int = 0) -> bool:
    """Cheap check that a .ttf/.ttc face has TrueType outlines, a cmap, and allows embedding.

    Reads only the sfnt table directory (and OS/2.fsType), never the whole font.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            if len(head) < 12:
                return False
            base = 0
            if head[:4] == b"ttcf":
                num = struct.unpack(">I", head[8:12])[0]
                if index >= num:
                    return False
                f.seek(12 + 4 * index)
                base = struct.unpack(">I", f.read(4))[0]
                f.seek(base)
                head = f.read(12)
            if head[:4] not in (b"\x00\x01\x00\x00", b"true"):
                return False  # 'OTTO' = CFF outlines, reportlab cannot embed them
            num_tables = struct.unpack(">H", head[4:6])[0]
            records = f.read(16 * num_tables)
            tables = {}
            for i in range(num_tables):
                tag, _sum, off, length = struct.unpack(">4sIII", records[16 * i:16 * i + 16])
                tables[tag] = (off, length)
            if not all(t in tables for t in (b"glyf", b"loca", b"cmap", b"head", b"hmtx")):
                return False
            if tables[b"glyf"][1] == 0:
                return False
            if b"OS/2" in tables:
                f.seek(tables[b"OS/2"][0] + 8)
                fs_type = struct.unpack(">H", f.read(2))[0]
                if fs_type == 0x0002 or fs_type & 0x0300:  # reportlab's own refusal rule
                    return False
            return True
    except (OSError, struct.error):
        return False


def _system_candidates(names: Iterable[str]) -> list[FontFile]:
    idx = _system_file_index()
    out = []
    for name in names:
        p = idx.get(name.lower())
        if p is not None and sniff_truetype(p, 0):
            out.append(FontFile(p, 0, "system"))
    return out


def find_font_file(role: str) -> FontFile:
    """The file that will be used for `role` (system official face if usable, else bundled)."""
    if role not in BUNDLED_FILES:
        raise KeyError(f"unknown font role {role!r}; expected one of {ROLES}")
    if not bundled_only():
        for cand in _system_candidates(SYSTEM_FILES[role]):
            return cand
    return FontFile(bundled_dir() / BUNDLED_FILES[role], 0, "bundled")


# --------------------------------------------------------------------------- registration


@dataclass
class Face:
    """A face registered with reportlab."""

    name: str  # reportlab font name (canvas.setFont(name, size))
    file: FontFile
    cmap: dict[int, int]  # code point → glyph id (reportlab's face.charToGlyph)
    widths: dict[int, int]  # code point → advance, 1/1000 em
    default_width: float
    load_seconds: float
    ps_name: str = ""

    def has(self, ch: str) -> bool:
        return ord(ch) in self.cmap


@dataclass
class _State:
    lock: threading.RLock = field(default_factory=threading.RLock)
    faces: dict[str, Face] = field(default_factory=dict)  # FontFile.key → Face
    failed: dict[str, str] = field(default_factory=dict)  # FontFile.key → error text
    role_face: dict[tuple[str, bool], Face] = field(default_factory=dict)
    extras: dict[bool, list[Face]] = field(default_factory=dict)
    # (role, bundled_only) → {code point the primary lacks: face that prints it}
    elsewhere: dict[tuple[str, bool], dict[int, Face]] = field(default_factory=dict)
    # code point no bundled face has → installed face that has it (None: nothing has it)
    installed: dict[int, Face | None] = field(default_factory=dict)


_state = _State()


def _register(ff: FontFile) -> Face:
    """Parse and register one face with reportlab (once per process per file)."""
    with _state.lock:
        face = _state.faces.get(ff.key)
        if face is not None:
            return face
        if ff.key in _state.failed:
            raise OSError(_state.failed[ff.key])
        from reportlab.pdfbase import pdfmetrics

        from core.fontcache import load_ttfont

        stem = "".join(c if c.isascii() and c.isalnum() else "_" for c in ff.path.stem)
        name = f"NBZS_{ff.source}_{stem}" + (f"_{ff.index}" if ff.index else "")
        t0 = time.perf_counter()
        try:
            ttf = load_ttfont(name, ff.path, ff.index)  # parsed once, then from the cache
        except Exception as exc:  # TTFError, OSError, struct errors in broken files
            _state.failed[ff.key] = f"{ff.path}: {exc}"
            raise OSError(_state.failed[ff.key]) from exc
        pdfmetrics.registerFont(ttf)
        dt = time.perf_counter() - t0
        f = ttf.face
        ps = f.name.decode("latin-1", "replace") if isinstance(f.name, bytes) else str(f.name)
        face = Face(name=name, file=ff, cmap=f.charToGlyph, widths=f.charWidths,
                    default_width=float(f.defaultWidth or 1000), load_seconds=dt, ps_name=ps)
        _state.faces[ff.key] = face
        return face


def face(role: str) -> Face:
    """The registered primary face of `role` (registers it on first use).

    A system font that reportlab cannot load is skipped in favour of the bundled one.
    """
    only = bundled_only()
    key = (role, only)
    with _state.lock:
        cached = _state.role_face.get(key)
        if cached is not None:
            return cached
        if role not in BUNDLED_FILES:
            raise KeyError(f"unknown font role {role!r}; expected one of {ROLES}")
        candidates = [] if only else _system_candidates(SYSTEM_FILES[role])
        candidates.append(FontFile(bundled_dir() / BUNDLED_FILES[role], 0, "bundled"))
        last_exc: Exception | None = None
        for ff in candidates:
            try:
                f = _register(ff)
            except OSError as exc:
                last_exc = exc
                continue
            _state.role_face[key] = f
            return f
        raise FileNotFoundError(f"no usable font for role {role!r}: {last_exc}")


def font_name(role: str) -> str:
    """reportlab font name of the primary face of `role` (registers it on first use)."""
    return face(role).name


def _extra_faces() -> list[Face]:
    only = bundled_only()
    with _state.lock:
        got = _state.extras.get(only)
        if got is None:
            got = []
            if not only:
                idx = _system_file_index()
                for name in SYSTEM_EXTRA_FALLBACKS:
                    p = idx.get(name.lower())
                    if p is None:
                        continue
                    for i in range(4 if name.lower().endswith(".ttc") else 1):
                        if sniff_truetype(p, i):
                            try:
                                got.append(_register(FontFile(p, i, "system")))
                            except OSError:
                                pass
                            break
            _state.extras[only] = got
        return got


def chain(role: str) -> list[Face]:
    """Faces tried in order for `role`: primary, bundled fallback, then system extras.

    The fallback and the extras are registered only when this is called, so prefer the
    lazy helpers (`runs`, `face_for`) that call it only when a character is missing.
    """
    faces = [face(role)]
    fb = face("fallback")
    if fb is not faces[0]:
        faces.append(fb)
    for extra in _extra_faces():
        if all(extra is not f for f in faces):
            faces.append(extra)
    return faces


def registered_faces() -> list[Face]:
    """Faces registered so far in this process (with their load times)."""
    with _state.lock:
        return list(_state.faces.values())


def reset_role_cache() -> None:
    """Forget which file each role resolved to and the system font scan (for tests).

    Registered reportlab fonts stay registered (reportlab cannot unregister)."""
    global _system_index
    with _state.lock:
        _state.role_face.clear()
        _state.extras.clear()
        _state.elsewhere.clear()
        _state.installed.clear()
        _system_index = None


# --------------------------------------------------------------------------- coverage


def installed_face_for(cp: int) -> Face | None:
    """An installed font (not an official role face) that has code point `cp`, for what no
    bundled face has (e.g. CJK Extension B: SimSun-ExtB, HanaMinB); None when bundled-only or
    when no installed font has it. Looked up once per code point."""
    if bundled_only():
        return None
    with _state.lock:
        if cp in _state.installed:
            return _state.installed[cp]
        from core import fontsearch

        got = None
        for path, index in fontsearch.files_with(cp, sniff_truetype, _system_file_index()):
            try:
                f = _register(FontFile(path, index, "system"))
            except OSError:
                continue
            if cp in f.cmap:
                got = f
                break
        _state.installed[cp] = got
        return got


def face_for(ch: str, role: str) -> Face:
    """The face that prints `ch` in `role`: primary if it has it, else the first fallback
    that has it, else an installed font that has it; a character nobody has goes to the
    bundled fallback (prints its box)."""
    primary = face(role)
    cp = ord(ch)
    if cp in primary.cmap or is_ignorable(ch):
        return primary
    memo = _state.elsewhere.setdefault((role, bundled_only()), {})
    got = memo.get(cp)
    if got is None:
        got = (next((f for f in chain(role)[1:] if cp in f.cmap), None)
               or installed_face_for(cp) or face("fallback"))
        memo[cp] = got
    return got


def runs(text: str, role: str) -> list[tuple[str, str]]:
    """Split `text` into (segment, reportlab font name) runs for `role`.

    Every character the primary face lacks goes to the first fallback face that has it;
    ignorable characters (controls, variation selectors, joiners) stay with the current run.
    ``"".join(s for s, _ in runs(t, r)) == t``. About 0.05 ms per 200-character paragraph.
    """
    if not text:
        return []
    primary = face(role)
    pcmap, pname = primary.cmap, primary.name
    memo = _state.elsewhere.setdefault((role, bundled_only()), {})
    out: list[tuple[str, str]] = []
    cur_name = None
    start = 0
    for i, ch in enumerate(text):
        cp = ord(ch)
        if cp in pcmap:
            name = pname
        else:
            f = memo.get(cp)
            if f is None:
                if ch in _WHITESPACE or is_ignorable(ch):
                    if cur_name is None:
                        cur_name = pname
                    continue
                f = face_for(ch, role)
            name = f.name
        if name != cur_name:
            if cur_name is not None and i > start:
                out.append((text[start:i], cur_name))
                start = i
            cur_name = name
    out.append((text[start:], cur_name or primary.name))
    return out


def missing_chars(text: str, role: str | Iterable[str] = "body") -> set[str]:
    """Characters of `text` that no face available to `role` (or to any of several roles) has.

    Controls, joiners, variation selectors and spaces are never reported. The result is what
    the UI should name to the user: these print as an empty box.
    """
    roles = [role] if isinstance(role, str) else list(role)
    distinct = set(text)
    # fast path: primary faces only (no fallback parsing unless something is missing)
    cmaps = [face(r).cmap for r in roles]
    left = set()
    for ch in distinct:
        if ch in _WHITESPACE or is_ignorable(ch):
            continue
        cp = ord(ch)
        if not all(cp in cm for cm in cmaps):
            left.add(ch)
    if not left:
        return set()
    missing = set()
    for ch in left:
        cp = ord(ch)
        for r in roles:
            if not any(cp in f.cmap for f in chain(r)) and installed_face_for(cp) is None:
                missing.add(ch)
                break
    return missing


def char_width(role: str, size: float) -> Callable[[str], float]:
    """A `width(ch) -> points` function for `core.typeset.layout`, using the face that will
    actually print each character (primary or fallback). Ignorable characters are 0 wide."""
    primary = face(role)
    pw, pcmap, pdef = primary.widths, primary.cmap, primary.default_width
    scale = size / 1000.0
    cache: dict[str, float] = {}

    def width(ch: str) -> float:
        w = cache.get(ch)
        if w is not None:
            return w
        if len(ch) != 1:
            w = sum(width(c) for c in ch)
        elif is_ignorable(ch):
            w = 0.0  # never drawn (core.typeset_draw skips them)
        else:
            cp = ord(ch)
            if cp in pcmap:
                w = pw.get(cp, pdef) * scale
            else:
                f = face_for(ch, role)
                w = f.widths.get(cp, f.default_width) * scale
        cache[ch] = w
        return w

    return width


def glyph_y_bounds(role: str, ch: str) -> tuple[float, float]:
    """Lowest and highest point of the outline of `ch` in the primary face of `role`, in 1/1000
    em above the baseline (e.g. where the stroke of a dash sits); (0, 0) for an empty glyph.

    Read from the glyph's header in the ``glyf`` table reportlab already holds in memory."""
    from reportlab.pdfbase import pdfmetrics

    ttf = pdfmetrics.getFont(face(role).name).face
    gid = ttf.charToGlyph.get(ord(ch), 0)
    start, end = ttf.glyphPos[gid], ttf.glyphPos[gid + 1]
    if end <= start:
        return 0.0, 0.0
    at = ttf.table["glyf"]["offset"] + start
    _contours, _xmin, ymin, _xmax, ymax = struct.unpack(">hhhhh", ttf._ttf_data[at:at + 10])
    scale = 1000.0 / ttf.unitsPerEm
    return ymin * scale, ymax * scale


def describe() -> list[dict[str, str]]:
    """What each role resolves to (for an About/diagnostics page); does not register."""
    out: list[dict[str, str]] = []
    for role in ROLES:
        ff = find_font_file(role)
        out.append({"role": role, "label": ROLE_LABELS[role], "path": str(ff.path),
                    "source": ff.source})
    return out
