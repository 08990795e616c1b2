"""Text as printed → text to compare: WPS puts spaces between characters, full-width digits."""

from __future__ import annotations

import difflib
import re
import unicodedata

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．／", "0123456789./")
_SPACE = re.compile(r"\s+")
PAGE_NUMBER = re.compile(r"^[-—–－]*\s*\d{1,3}\s*[-—–－]*$")
VALUE = re.compile(r"^(?:\d+(?:\.\d+)?|/)$")


def is_cjk(ch: str) -> bool:
    """A character around which a printed gap is never a space (CJK and full-width forms)."""
    if not ch:
        return False
    if "\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\uffef" or ch in "“”‘’—…·":
        return True
    return unicodedata.east_asian_width(ch) in ("W", "F")


def squeeze(text: str) -> str:
    """No white space at all: how labels and headings are compared."""
    return _SPACE.sub("", text)


def cell_value(text: str) -> str | None:
    """A printed table figure as a string ("12", "0.5", "/", ""), or None if it is words."""
    t = squeeze(text).translate(_FULLWIDTH_DIGITS).replace(",", "")
    if t in ("", "/", "-", "—", "－"):
        return "/" if t else ""
    return t if VALUE.match(t) else None


def similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def join_wps_spacing(text: str) -> str:
    """Spaces a WPS export put between characters, removed next to CJK characters; kept
    between two Latin words or figures."""
    out: list[str] = []
    parts = re.split(r"(\s+)", text)
    for i, part in enumerate(parts):
        if part.isspace() or part == "":
            before = parts[i - 1][-1:] if i > 0 else ""
            after = parts[i + 1][:1] if i + 1 < len(parts) else ""
            if before and after and not is_cjk(before) and not is_cjk(after):
                out.append(" ")
            continue
        out.append(part)
    return "".join(out).strip()
