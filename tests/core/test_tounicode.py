"""The ToUnicode CMap of our TrueType fonts (core.pdf.tounicode), and the reportlab internals
it leans on: these tests fail when a reportlab upgrade moves them."""

from __future__ import annotations

import io
import re

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import makeToUnicodeCMap
from reportlab.pdfgen.canvas import Canvas

from core import fonts
from core.pdf import tounicode
from tests.support import ROOT

JI, TU = "\U00020bb7", "\U0002123d"  # 𠮷 𡈽, CJK Extension B, in the bundled fallback face


def test_code_points_are_written_as_utf16be():
    assert tounicode.utf16be_hex(0x4E2D) == "4E2D"
    assert tounicode.utf16be_hex(0x20) == "0020"
    assert tounicode.utf16be_hex(ord(JI)) == "D842DFB7"
    assert tounicode.utf16be_hex(ord(TU)) == "D844DE3D"
    assert tounicode.utf16be_hex(0x10FFFF) == "DBFFDFFF"


def test_a_bmp_subset_gets_exactly_reportlabs_cmap():
    subset = [0, 0x2014, 0x31, 0x4E2D, 0x56FD, 0x20, 0xFFFD, 0x3000]
    assert tounicode.tounicode_cmap("AAAAAA+X", subset) == makeToUnicodeCMap("AAAAAA+X", subset)


def test_a_supplementary_character_gets_a_surrogate_pair():
    cmap = tounicode.tounicode_cmap("AAAAAA+X", [0, 0x738B, ord(JI), ord(TU)])
    assert "<01> <738B>\n<02> <D842DFB7>\n<03> <D844DE3D>\nendbfchar" in cmap
    assert "<00> <03>\nendcodespacerange\n4 beginbfchar" in cmap


def test_the_hook_is_checked_against_the_pinned_reportlab():
    pins = (ROOT / "requirements.txt").read_text("utf-8")
    pinned = re.search(r"^reportlab==(\S+)", pins, re.M)
    assert pinned, "reportlab is no longer pinned in requirements.txt"
    assert reportlab.Version == pinned[1]
    assert tounicode.CHECKED_WITH == reportlab.Version, (
        f"reportlab {reportlab.Version}: check core/pdf/tounicode.py against its pdfbase/ttfonts.py"
        " (TTFont.addObjects, makeToUnicodeCMap), then update CHECKED_WITH")


def test_reportlab_itself_still_needs_the_fix():
    # when this fails, reportlab writes UTF-16BE itself and core.pdf.tounicode can go
    assert "<00> <20BB7>" in makeToUnicodeCMap("X", [ord(JI)])


def _cmaps(pdf: bytes) -> list[str]:
    """The text of every ToUnicode CMap of the fonts of a PDF, as a reader finds them."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for ref in resolve1(page.page_obj.resources.get("Font", {})).values():
                cmap = resolve1(resolve1(ref).get("ToUnicode"))
                if cmap is not None:  # the canvas's standard Helvetica has none
                    out.append(cmap.get_data().decode("latin-1"))
    return out


def test_every_font_of_a_document_is_fixed_through_reportlabs_objects(monkeypatch):
    """The hook finds each subset's ToUnicode stream where reportlab put it (fix_tounicode
    returns False, silently keeping reportlab's CMap, if reportlab's objects moved)."""
    calls: list[bool] = []
    real = tounicode.fix_tounicode

    def spy(*args):  # type: ignore[no-untyped-def]
        calls.append(real(*args))
        return calls[-1]

    monkeypatch.setattr(tounicode, "fix_tounicode", spy)
    face = fonts.face("fallback")
    assert isinstance(pdfmetrics.getFont(face.name), tounicode.UnicodeTTFont)
    buf = io.BytesIO()
    canvas = Canvas(buf, pageCompression=1)
    canvas.setFont(face.name, 12)
    # more than 256 distinct characters: a second subset, also holding an Ext-B character
    canvas.drawString(10, 10, f"王{JI}" + "".join(chr(0x4E00 + i) for i in range(300)) + TU)
    canvas.save()
    assert calls == [True, True]
    cmaps = _cmaps(buf.getvalue())
    joined = "\n".join(cmaps)
    assert "<D842DFB7>" in joined and "<D844DE3D>" in joined
    assert not re.search(r"<[0-9A-F]{2}> <[0-9A-F]{5,7}>", joined)


def test_fonts_from_the_metrics_cache_are_ours_too(tmp_path, monkeypatch):
    from core import fontcache

    monkeypatch.setenv("NBZS_CACHE_DIR", str(tmp_path))
    path = fonts.bundled_dir() / fonts.BUNDLED_FILES["fallback"]
    parsed = fontcache.load_ttfont("T_parsed", path)
    cached = fontcache.load_ttfont("T_cached", path)
    assert any(tmp_path.rglob("*.marshal"))
    assert type(parsed) is type(cached) is tounicode.UnicodeTTFont
