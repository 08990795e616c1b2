"""Font discovery, registration, coverage (core.fonts) and drawing (core.typeset_draw)."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from core import fonts, typeset
from core.typeset_draw import draw_paragraph, line_pieces

ROOT = Path(__file__).resolve().parents[2]
RARE = "鄠堃镕珺䶮"


@pytest.fixture(autouse=True)
def _bundled(monkeypatch):
    monkeypatch.setenv(fonts.ENV_BUNDLED_ONLY, "1")
    fonts.reset_role_cache()
    yield
    fonts.reset_role_cache()


def sfnt(version: bytes, tags: list[bytes], fs_type: int = 0) -> bytes:
    """A minimal sfnt header + table directory (+ OS/2 fsType) for the sniffer."""
    n = len(tags)
    head = version + struct.pack(">HHHH", n, 0, 0, 0)
    data_off = 12 + 16 * n
    recs = b""
    body = b""
    for tag in tags:
        if tag == b"OS/2":
            content = struct.pack(">HhHHH", 4, 0, 400, 5, fs_type) + b"\0" * 6
        else:
            content = b"\0" * 16
        recs += struct.pack(">4sIII", tag, 0, data_off + len(body), len(content))
        body += content
    return head + recs + body


TT_TAGS = [b"OS/2", b"cmap", b"glyf", b"head", b"hmtx", b"loca"]


# --------------------------------------------------------------------------- bundled files


def test_bundled_faces_are_truetype_and_documented():
    readme = (ROOT / "resources" / "fonts" / "README.md").read_text(encoding="utf-8")
    total = 0
    for role, name in fonts.BUNDLED_FILES.items():
        path = fonts.bundled_dir() / name
        assert path.is_file(), path
        assert fonts.sniff_truetype(path), f"{name} is not TrueType/glyf"
        assert path.read_bytes()[:4] == b"\x00\x01\x00\x00"
        assert name in readme
        assert fonts.find_font_file(role).path == path
    for name in set(fonts.BUNDLED_FILES.values()):  # a file serving two roles counts once
        total += (fonts.bundled_dir() / name).stat().st_size
    assert total < 45_000_000
    licences = {p.name for p in (ROOT / "resources" / "fonts" / "LICENSES").iterdir()}
    assert {"Noto-OFL-1.1.txt", "Fandol-GPL-3.0-with-font-exception.txt",
            "WenQuanYi-Apache-2.0.txt"} <= licences


def test_every_role_registers_with_reportlab_once():
    from reportlab.pdfbase import pdfmetrics

    for role in fonts.ROLES:
        f = fonts.face(role)
        assert f.file.source == "bundled"
        assert f.name in pdfmetrics.getRegisteredFontNames()
        assert fonts.face(role) is f
        assert fonts.font_name(role) == f.name
        assert len(f.cmap) > 7000
    n = len(fonts.registered_faces())
    for role in fonts.ROLES:
        fonts.face(role)
    assert len(fonts.registered_faces()) == n
    assert len({f.name for f in fonts.registered_faces()}) == n


def test_registration_is_lazy_and_per_role():
    code = (
        "import json, os\n"
        "os.environ['NBZS_BUNDLED_FONTS_ONLY'] = '1'\n"
        "from core import fonts\n"
        "before = len(fonts.registered_faces())\n"
        "fonts.runs('政府信息公开工作年度报告', 'body')\n"
        "after_plain = [f.name for f in fonts.registered_faces()]\n"
        "fonts.runs('鄠邑区', 'body')\n"
        "after_rare = [f.name for f in fonts.registered_faces()]\n"
        "print(json.dumps([before, after_plain, after_rare]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    before, plain, rare = json.loads(out)
    assert before == 0
    assert len(plain) == 1 and "Fang" in plain[0]
    assert len(rare) == 2 and "Fallback" in rare[1]
    # each face's load time is printed by benchmarks/bench_typeset.py, not asserted here


# --------------------------------------------------------------------------- coverage


@pytest.mark.parametrize("role", fonts.ROLES)
def test_rare_name_characters_get_a_face_that_has_them(role):
    text = "西安市鄠邑区张堃、朱镕基、李珺，刘䶮"
    runs = fonts.runs(text, role)
    assert "".join(seg for seg, _ in runs) == text
    by_name = {f.name: f for f in fonts.registered_faces()}
    for seg, name in runs:
        for ch in seg:
            assert ord(ch) in by_name[name].cmap, (ch, name)
    assert fonts.missing_chars(text, role) == set()


def test_body_uses_fallback_only_where_needed():
    runs = fonts.runs("鄠邑区人民政府", "body")
    assert runs[0] == ("鄠", fonts.font_name("fallback"))
    assert runs[1] == ("邑区人民政府", fonts.font_name("body"))
    assert fonts.runs("", "body") == []
    assert fonts.runs("中\u200d\ufe0f文", "body") == [("中\u200d\ufe0f文", fonts.font_name("body"))]


def test_missing_characters_are_reported_by_name():
    text = "政府\U0010fffd信息\U000f0000公开😀 \n\t\u200b鄠"
    assert fonts.missing_chars(text) == {"\U0010fffd", "\U000f0000", "😀"}
    assert fonts.missing_chars(text, ["body", "title", "hei"]) == {"\U0010fffd", "\U000f0000",
                                                                   "😀"}
    assert fonts.missing_chars("") == set()
    # what nobody has is drawn with the fallback face (which prints a visible box)
    assert fonts.face_for("\U0010fffd", "body").name == fonts.font_name("fallback")


def test_char_width_uses_the_printing_face():
    w = fonts.char_width("body", 16)
    body, fb = fonts.face("body"), fonts.face("fallback")
    assert w("中") == pytest.approx(body.widths[ord("中")] * 16 / 1000)
    assert w("鄠") == pytest.approx(fb.widths[ord("鄠")] * 16 / 1000)
    assert w("\u200d") == 0 and w("\x07") == 0
    assert w("ab") == pytest.approx(w("a") + w("b"))


# --------------------------------------------------------------------------- system fonts


def test_sniffer_reads_only_the_table_directory(tmp_path):
    good = tmp_path / "good.ttf"
    good.write_bytes(sfnt(b"\x00\x01\x00\x00", TT_TAGS))
    assert fonts.sniff_truetype(good)
    cff = tmp_path / "cff.otf"
    cff.write_bytes(sfnt(b"OTTO", [b"CFF ", b"OS/2", b"cmap", b"head", b"hmtx"]))
    assert not fonts.sniff_truetype(cff)
    no_glyf = tmp_path / "noglyf.ttf"
    no_glyf.write_bytes(sfnt(b"\x00\x01\x00\x00", [b"OS/2", b"cmap", b"head", b"hmtx"]))
    assert not fonts.sniff_truetype(no_glyf)
    restricted = tmp_path / "restricted.ttf"
    restricted.write_bytes(sfnt(b"\x00\x01\x00\x00", TT_TAGS, fs_type=0x0002))
    assert not fonts.sniff_truetype(restricted)
    editable = tmp_path / "editable.ttf"
    editable.write_bytes(sfnt(b"\x00\x01\x00\x00", TT_TAGS, fs_type=0x0008))
    assert fonts.sniff_truetype(editable)
    (tmp_path / "junk.ttf").write_bytes(b"hello")
    assert not fonts.sniff_truetype(tmp_path / "junk.ttf")
    assert not fonts.sniff_truetype(tmp_path / "absent.ttf")
    wqy = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    if wqy.exists():
        assert fonts.sniff_truetype(wqy, 0) and fonts.sniff_truetype(wqy, 1)
        assert not fonts.sniff_truetype(wqy, 5)
    noto = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
    if noto.exists():
        assert not fonts.sniff_truetype(noto, 2)  # CFF inside a collection


def test_official_system_fonts_are_preferred_unless_bundled_only(tmp_path, monkeypatch):
    # stand-ins with the official file names (real TrueType files, any case)
    shutil.copy(fonts.bundled_dir() / "NBZS-Kai.ttf", tmp_path / "SIMFANG.TTF")
    sub = tmp_path / "more"
    sub.mkdir()
    shutil.copy(fonts.bundled_dir() / "NBZS-Fang.ttf", sub / "仿宋_GB2312.ttf")
    # a CFF file under an official name is skipped
    (tmp_path / "FZXBSJW.TTF").write_bytes(sfnt(b"OTTO", [b"CFF ", b"cmap"]))
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [tmp_path])
    monkeypatch.delenv(fonts.ENV_BUNDLED_ONLY)
    fonts.reset_role_cache()
    body = fonts.find_font_file("body")
    assert body.source == "system" and body.path.name == "仿宋_GB2312.ttf"
    assert fonts.find_font_file("title").source == "bundled"
    assert fonts.find_font_file("hei").source == "bundled"
    f = fonts.face("body")
    assert f.file.source == "system" and f.name != fonts.face("fallback").name
    assert fonts.runs("公开", "body") == [("公开", f.name)]
    monkeypatch.setenv(fonts.ENV_BUNDLED_ONLY, "1")
    fonts.reset_role_cache()
    assert fonts.find_font_file("body").source == "bundled"
    assert fonts.face("body").file.source == "bundled"


def test_unloadable_system_font_falls_back_to_bundled(tmp_path, monkeypatch):
    (tmp_path / "simhei.ttf").write_bytes(sfnt(b"\x00\x01\x00\x00", TT_TAGS))  # no real data
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [tmp_path])
    monkeypatch.delenv(fonts.ENV_BUNDLED_ONLY)
    fonts.reset_role_cache()
    assert fonts.find_font_file("hei").source == "system"
    assert fonts.face("hei").file.source == "bundled"


def test_system_font_dirs_per_platform(tmp_path):
    win = fonts.system_font_dirs("win32", {"WINDIR": r"C:\Windows",
                                           "LOCALAPPDATA": r"C:\Users\u\AppData\Local"})
    text = [str(p).replace("\\", "/") for p in win]
    assert text[0] == "C:/Windows/Fonts"
    assert text[1] == "C:/Users/u/AppData/Local/Microsoft/Windows/Fonts"
    linux = fonts.system_font_dirs("linux", {}, home=tmp_path)
    assert Path("/usr/share/fonts") in linux and tmp_path / ".fonts" in linux
    assert tmp_path / ".local" / "share" / "fonts" in linux


def test_bundled_dir_when_frozen(tmp_path, monkeypatch):
    (tmp_path / "resources" / "fonts").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert fonts.bundled_dir() == tmp_path / "resources" / "fonts"
    monkeypatch.delattr(sys, "_MEIPASS")
    assert fonts.bundled_dir() == ROOT / "resources" / "fonts"


# --------------------------------------------------------------------------- PDF output


def _pdf(path: Path) -> list[typeset.Line]:
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    size = 16.0
    width = 156 * mm
    c = canvas.Canvas(str(path), pagesize=(210 * mm, 297 * mm),
                      initialFontName=fonts.font_name("body"), initialFontSize=size)
    y = 297 * mm - 37 * mm
    title = "西安市鄠邑区人民政府2025年政府信息公开工作年度报告"
    x = 28 * mm
    for seg, name in fonts.runs(title, "title"):
        c.setFont(name, 22)
        c.drawString(x, y, seg)
        x += c.stringWidth(seg, name, 22)
    y -= 40
    body = ("2025年，鄠邑区人民政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻"
            "《中华人民共和国政府信息公开条例》（以下简称《条例》）——持续深化政务公开……"
            "全年主动公开政府信息1234条，咨询电话：029-12345678，网址http://www.huyi.gov.cn。"
            "张堃、朱镕基、李珺同志参加。")
    lines = typeset.layout(body, width, fonts.char_width("body", size), indent=2 * size)
    y = draw_paragraph(c, 28 * mm, y, lines, "body", size, 28.95)
    for role in ("hei", "kai"):
        h = "一、总体情况" if role == "hei" else "（一）主动公开"
        hl = typeset.layout(h, width, fonts.char_width(role, size))
        y = draw_paragraph(c, 28 * mm, y, hl, role, size, 28.95)
    c.save()
    return lines


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdf_embeds_every_face(tmp_path):
    out = tmp_path / "doc.pdf"
    _pdf(out)
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing, "no fonts listed"
    names = set()
    for row in listing:
        cols = row.split()
        # name type encoding emb sub uni object ID (type may be two words)
        assert cols[-5] == "yes", row  # emb
        names.add(cols[0].split("+", 1)[-1])
    assert {"NBZSFang-Regular", "NBZSSerifFallback-Regular", "NBZSTitleSerif-Bold",
            "WenQuanYiMicroHei", "NBZSKai-Regular"} <= names
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    squeezed = "".join(text.split())
    for word in ("鄠邑区人民政府", "张堃", "朱镕基", "李珺", "029-12345678", "一、总体情况"):
        assert word in squeezed, word


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_justified_lines_reach_the_right_margin(tmp_path):
    # poppler's own glyph boxes (pdfminer does not apply Tc after the last glyph of a string)
    from reportlab.lib.units import mm

    out = tmp_path / "doc.pdf"
    lines = _pdf(out)
    left, right = 28 * mm, 28 * mm + 156 * mm
    xml = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True,
                         check=True).stdout
    rows: dict[float, list[tuple[float, float]]] = {}
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">', xml):
        x0, y0, x1, y1 = map(float, m.groups())
        if 15 < y1 - y0 < 17:  # the 16 pt lines
            rows.setdefault(round(y0, 1), []).append((x0, x1))
    body_rows = sorted(rows)[: len(lines)]
    assert len(body_rows) == len(lines)
    for line, top in zip(lines, body_rows, strict=True):
        x0 = min(a for a, _ in rows[top])
        x1 = max(b for _, b in rows[top])
        assert x0 == pytest.approx(left + line.indent, abs=0.05), line.text
        if not line.last and line.extra == 0 and line.natural_width < line.available:
            # broken before a piece of the URL: set at natural spacing, never letter-spaced
            assert x1 == pytest.approx(left + line.indent + line.natural_width, abs=0.05)
        elif not line.last:
            assert x1 == pytest.approx(right + line.hang, abs=0.05), line.text


def test_line_pieces_put_spacing_between_units_only():
    lines = typeset.layout("鄠邑区2025年收到申请——共计很多件，网址www.gov.cn。" * 2, 200.0,
                           fonts.char_width("body", 16))
    line = lines[0]
    pieces = line_pieces(line, "body")
    assert "".join(p[0] for p in pieces) == line.text
    assert pieces[0][1] == fonts.font_name("fallback")  # 鄠
    for text, _font, tc in pieces:
        if "202" in text and "5" not in text:
            assert tc == 0  # inside a number
    assert any(tc == pytest.approx(line.extra) for _t, _f, tc in pieces)


def test_default_machine_resolution_is_deterministic_in_tests():
    # conftest and the fixture force bundled fonts; a developer's own fonts must not leak in
    assert os.environ[fonts.ENV_BUNDLED_ONLY] == "1"
    assert all(d["source"] == "bundled" for d in fonts.describe())
