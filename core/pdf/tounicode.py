"""reportlab TrueType fonts whose ToUnicode CMap is right for characters beyond U+FFFF.

Why: reportlab (checked with 5.1.0, ``pdfbase.ttfonts.makeToUnicodeCMap``) writes each
subset's destination as ``"<%04X>" % code point``, so 𠮷 U+20BB7 becomes ``<20BB7>``: five hex
digits, where the PDF reference (ISO 32000-1, 9.10.3) wants the UTF-16BE bytes, here the
surrogate pair ``<D842DFB7>``. The glyph is drawn all the same (drawing uses the subset code),
but copying, searching and text extraction (pdftotext, pdfplumber) read the first four digits
and give U+20BB ₻. CJK Extension B and later are common in people's and places' names.

How: `UnicodeTTFont.addObjects` lets reportlab build a font's PDF objects as usual, then, for
each subset that holds such a character, replaces the text of its ToUnicode stream (the stream
is only compressed when the document is written, after this). This leans on reportlab internals
— the per-document `state` and its `subsets`, `getSubsetInternalName`, the ``BasicFonts``
dictionary of the document and the font object's ``ToUnicode`` reference — checked by
tests/core/test_tounicode.py, which fails if an upgrade changes them (`CHECKED_WITH`). Should
they be missing anyway, the PDF is still written, with reportlab's own CMap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.ttfonts import TTFont

CHECKED_WITH = "5.1.0"  # the reportlab version whose internals this module was checked against


def utf16be_hex(cp: int) -> str:
    """Code point `cp` as the hex of its UTF-16BE bytes: 4 digits in the BMP, 8 (a surrogate
    pair) above. Lone surrogates pass through as themselves, as reportlab writes them."""
    return chr(cp).encode("utf-16-be", "surrogatepass").hex().upper()


def tounicode_cmap(font_name: str, subset: Sequence[int]) -> str:
    """The ToUnicode CMap of one single-byte subset (code i prints subset[i]).

    Same text as reportlab's for BMP characters (tests compare the two), so only subsets with
    supplementary characters change."""
    head = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({font_name})",
        f"/Ordering ({font_name})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{font_name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
    ]
    pairs = [f"<{code:02X}> <{utf16be_hex(cp)}>" for code, cp in enumerate(subset)]
    tail = ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end",
            "end"]
    return "\n".join(head + pairs + tail)


class UnicodeTTFont(TTFont):  # type: ignore[misc]  # reportlab ships no types
    """A reportlab TTFont that writes supplementary-plane characters into its ToUnicode CMap
    as UTF-16BE surrogate pairs (see the module docstring)."""

    def addObjects(self, doc: Any) -> None:
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        wide = [n for n, subset in enumerate(subsets) if any(cp > 0xFFFF for cp in subset)]
        # the names reportlab gives the subsets' font objects (already fixed at this point:
        # the text drawn with them refers to them)
        names = {n: self.getSubsetInternalName(n, doc)[1:] for n in wide}
        super().addObjects(doc)
        for n in wide:
            fix_tounicode(doc, names[n], subsets[n])


def fix_tounicode(doc: Any, internal_name: str, subset: Sequence[int]) -> bool:
    """Replace the ToUnicode CMap of the font object `internal_name` of `doc`; False (and the
    CMap left as reportlab wrote it) when reportlab's objects are not where they were."""
    try:
        font = doc.idToObject["BasicFonts"].dict[internal_name]
        stream = doc.idToObject[font.ToUnicode.name]
        base_font = str(font.BaseFont)
    except (AttributeError, KeyError, TypeError):
        return False
    if not hasattr(stream, "content"):
        return False
    stream.content = tounicode_cmap(base_font, subset)
    return True
