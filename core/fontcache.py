"""A disk cache of reportlab's parsed TrueType metrics, so that a fresh process (the command
line, the first export in the GUI) does not spend ~60 ms parsing each 3–10 MB Chinese face.

reportlab's parser walks the cmap and hmtx tables in pure Python. What it extracts is plain
data (ints, strings, bytes, lists, dicts); we store that with `marshal` (plain data only: loading
it cannot run code) in the user's cache folder, keyed by the font file's path, size, mtime,
face index and the reportlab version. The font file itself is memory-mapped rather than read, so
only the glyphs a document embeds are paged in. Any problem with the cache falls back to the
normal parse: the cache can only make things faster, never different (tests compare the PDFs).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import mmap
import os
import tempfile
from pathlib import Path
from typing import Any

CACHE_VERSION = 1
_NOT_STORED = ("_ttf_data", "_pdfScale")  # the file itself, and a lambda rebuilt on load


def cache_dir() -> Path:
    override = os.environ.get("NBZS_CACHE_DIR")
    if override:
        return Path(override) / "fonts"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("NianbaoZhushou", appauthor=False)) / "fonts"


def _key(path: Path, index: int) -> str:
    import reportlab

    st = path.stat()
    ident = f"{CACHE_VERSION}|{reportlab.Version}|{path.resolve()}|{st.st_size}|" \
            f"{st.st_mtime_ns}|{index}"
    return hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _plain(value: Any) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if type(value) is bytes:
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return False


def _snapshot(face: Any) -> dict[str, Any] | None:
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    data: dict[str, Any] = {}
    names: dict[str, str] = {}
    for key, value in face.__dict__.items():
        if key in _NOT_STORED:
            continue
        if isinstance(value, TTFNameBytes):
            names[key] = value.ustr
        elif _plain(value):
            data[key] = value
        else:
            return None  # something reportlab added that we do not know how to store
    data["__names__"] = names
    return data


def _restore(data: dict[str, Any], path: Path) -> Any:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFontFace

    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    names = data.pop("__names__")
    face.__dict__.update(data)
    for key, text in names.items():
        setattr(face, key, TTFNameBytes(text.encode("utf-8")))
    with open(path, "rb") as fh:
        face._ttf_data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    upm = face.unitsPerEm
    face._pdfScale = (lambda x: x) if upm == 1000 else (lambda x, m=1000 / upm: x * m)
    return face


def _font_with_face(name: str, face: Any) -> Any:
    """A reportlab TTFont around an already parsed face (TTFont.__init__ minus the parse)."""
    from weakref import WeakKeyDictionary

    from reportlab.pdfbase.ttfonts import TTEncoding

    from core.pdf.tounicode import UnicodeTTFont

    font = UnicodeTTFont.__new__(UnicodeTTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = False
    font.shapable = False
    return font


def load_ttfont(name: str, path: Path, index: int = 0) -> Any:
    """reportlab TTFont for `path`, from the cache when possible; fills the cache otherwise.

    Our subclass, so that the PDF's text layer keeps characters beyond U+FFFF
    (core.pdf.tounicode)."""
    from core.pdf.tounicode import UnicodeTTFont

    try:
        target = cache_dir() / f"{_key(path, index)}.marshal"
        if target.is_file():
            data = marshal.loads(target.read_bytes())
            if isinstance(data, dict) and "__names__" in data:
                return _font_with_face(name, _restore(data, path))
    except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
        target = None  # unreadable cache or font: parse as usual
    font = UnicodeTTFont(name, str(path), subfontIndex=index, asciiReadable=False)
    if target is not None:
        snap = _snapshot(font.face)
        if snap is not None:
            _write(target, marshal.dumps(snap))
    return font


def _write(target: Path, data: bytes) -> None:
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
        tmp = None
    except OSError:
        pass  # a read-only or full disk only costs speed
    finally:
        if tmp is not None:  # a half-written cache file is never left behind
            with contextlib.suppress(OSError):
                os.unlink(tmp)
