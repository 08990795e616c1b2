#!/usr/bin/env python3
"""Build the bundled TrueType fonts in ``resources/fonts/`` from Debian's open fonts.

reportlab can only embed fonts with TrueType (``glyf``) outlines. The only real simplified 仿宋
and 楷 faces in Debian (Fandol) and the Noto CJK serif faces ship CFF outlines, so this script
converts them, once, offline, on a developer machine. The results are committed; the
application never runs this script and never needs fontTools at run time.

Usage (Debian/Ubuntu, as a developer)::

    sudo apt-get install fonts-noto-cjk fonts-noto-cjk-extra fonts-wqy-microhei \\
        texlive-lang-chinese
    .venv/bin/python build/make_fonts.py            # all faces, 2 worker processes
    .venv/bin/python build/make_fonts.py -j 1 fang  # one face only, one process
    .venv/bin/python build/make_fonts.py --list     # show what would be built from where

Takes 2-4 minutes on two cores (under 1 GB of memory per worker). The output is
byte-for-byte reproducible from the same source package versions (no timestamps are
refreshed). Afterwards it rewrites ``resources/fonts/README.md`` (sources, package versions,
sizes, glyph counts) and the licence texts in ``resources/fonts/LICENSES/``; commit all of it.

What it does to each face:

* ``fang`` (role "body", 仿宋): FandolFang-Regular.otf, texlive-lang-chinese. Keeps every mapped
  character, drops layout tables and unmapped glyphs, converts CFF→glyf (Cu2QuPen,
  max error 1 font unit), renames the family "NBZS Fang" (it is a modified version; the GPL
  font exception is extended to it).
* ``kai`` (role "kai", 楷): FandolKai-Regular.otf, same treatment, family "NBZS Kai".
* ``hei`` (role "hei", 黑): WenQuanYi Micro Hei, face 0 of wqy-microhei.ttc, already TrueType.
  Extracted to a single .ttf, subset to GB2312 + punctuation + ASCII, hinting and layout
  tables dropped (Apache-2.0 modified version: the family name is kept, the change is stated
  in the name table).
* ``title`` (role "title", 小标宋-like): Noto Serif CJK SC Bold, subset to GB2312 (6,763
  hanzi) plus CJK/general punctuation and ASCII, layout tables dropped, converted, family
  "NBZS Title Serif" (OFL: a modified version may not use the reserved name).
  Headings and titles are kept to GB2312 on purpose: every face costs parse time and memory
  in every export, and a rarer character in a heading prints from the fallback face.
* ``fallback`` (role "fallback"): Noto Serif CJK SC Regular, subset to GBK + CJK Ext-A + every
  other CJK ideograph the face maps (BMP and the ~2,300 it has beyond, Ext-B …), CJK and
  general punctuation and symbols, and everything it maps below U+3000 (Latin, Greek,
  Cyrillic, symbols); Hangul is dropped. Converted, family "NBZS Serif Fallback". This prints
  what the primary face lacks (鄠, 堃, 镕, 珺, 䶮 …).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts"
LICENSES = OUT / "LICENSES"

FANDOL_DIR = Path("/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol")
NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

MAX_ERR = 1.0  # font units (UPM 1000): cubic→quadratic approximation tolerance

VENDOR_NOTE = "Modified by nianbao-zhushou build/make_fonts.py"


@dataclass(frozen=True)
class Face:
    key: str
    role: str
    src: Path
    index: int  # TTC face index (0 for plain .otf)
    package: str  # Debian package the source comes from
    out: str  # output file name in resources/fonts
    family: str | None  # new family name (None = keep)
    ps_name: str | None
    subset: str  # name of the character-set function below
    convert: bool  # CFF → glyf
    licence: str  # file in LICENSES/
    licence_name: str


FACES = [
    Face("fang", "body", FANDOL_DIR / "FandolFang-Regular.otf", 0, "texlive-lang-chinese",
         "NBZS-Fang.ttf", "NBZS Fang", "NBZSFang-Regular", "all_mapped", True,
         "Fandol-GPL-3.0-with-font-exception.txt", "GPL-3.0 with font exception"),
    Face("kai", "kai", FANDOL_DIR / "FandolKai-Regular.otf", 0, "texlive-lang-chinese",
         "NBZS-Kai.ttf", "NBZS Kai", "NBZSKai-Regular", "all_mapped", True,
         "Fandol-GPL-3.0-with-font-exception.txt", "GPL-3.0 with font exception"),
    Face("hei", "hei", WQY, 0, "fonts-wqy-microhei",
         "WenQuanYiMicroHei.ttf", None, None, "gb2312", False,
         "WenQuanYi-Apache-2.0.txt", "Apache-2.0 (or GPL-3+ with font exception)"),
    Face("title", "title", NOTO_DIR / "NotoSerifCJK-Bold.ttc", 2, "fonts-noto-cjk-extra",
         "NBZS-TitleSerif.ttf", "NBZS Title Serif", "NBZSTitleSerif-Bold", "gb2312", True,
         "Noto-OFL-1.1.txt", "OFL-1.1"),
    Face("fallback", "fallback", NOTO_DIR / "NotoSerifCJK-Regular.ttc", 2, "fonts-noto-cjk",
         "NBZS-SerifFallback.ttf", "NBZS Serif Fallback", "NBZSSerifFallback-Regular",
         "wide", True, "Noto-OFL-1.1.txt", "OFL-1.1"),
]

# --------------------------------------------------------------------------- character sets

ASCII = set(range(0x20, 0x7F))
PUNCT_BLOCKS = [
    (0x00A0, 0x00FF),  # Latin-1 (·, ×, ÷, §, °)
    (0x2000, 0x206F),  # general punctuation (— … ‘’ “” ‰ ※)
    (0x2100, 0x214F),  # letterlike (℃ № ™)
    (0x2150, 0x218F),  # number forms (Ⅰ Ⅱ …)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # math operators
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ⑴ ⒈)
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes (■ □ ▲ ○ ●)
    (0x2600, 0x26FF),  # misc symbols (★ ☆)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3200, 0x32FF),  # enclosed CJK (㈠ ㊣)
    (0x3300, 0x33FF),  # CJK compatibility (㎡ ㎏)
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half/fullwidth forms
]
HANGUL = [(0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF)]
CJK_IDEOGRAPHS = [
    (0x2E80, 0x2FDF),  # radicals
    (0x3100, 0x312F),  # bopomofo
    (0x31A0, 0x31BF),
    (0x31C0, 0x31EF),  # strokes
    (0x3400, 0x4DBF),  # Ext-A
    (0x4E00, 0x9FFF),  # URO
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x3FFFF),  # Ext-B … and SIP/TIP
]


def _ranges(ranges) -> set[int]:
    out: set[int] = set()
    for a, b in ranges:
        out.update(range(a, b + 1))
    return out


def _codec_set(codec: str) -> set[int]:
    out = set()
    for cp in range(0x80, 0x10000):
        if 0xD800 <= cp < 0xE000 or 0xE000 <= cp < 0xF900:  # surrogates, PUA
            continue
        try:
            chr(cp).encode(codec)
        except UnicodeEncodeError:
            continue
        out.add(cp)
    return out


def charset(name: str, cmap: dict[int, str]) -> set[int]:
    have = set(cmap)
    if name == "all_mapped":
        return have
    if name == "no_hangul":
        return have - _ranges(HANGUL)
    if name == "gb2312":
        # headings and titles: GB2312 is what official documents use; a rarer character in a
        # heading prints from the fallback face. Keeps these faces small: each face costs
        # parse time and memory in every export.
        return have & (_codec_set("gb2312") | ASCII | _ranges(PUNCT_BLOCKS))
    if name == "gbk":
        return have & (_codec_set("gbk") | ASCII | _ranges(PUNCT_BLOCKS))
    if name == "wide":
        want = _codec_set("gbk") | ASCII | _ranges(PUNCT_BLOCKS) | _ranges(CJK_IDEOGRAPHS)
        # plus everything else the face maps below U+3000 (Latin, Greek, Cyrillic, symbols)
        want |= {cp for cp in have if cp < 0x3000}
        return (have & want) - _ranges(HANGUL)
    raise ValueError(name)


# --------------------------------------------------------------------------- conversion


def _glyphs_to_quadratic(glyph_set, max_err: float):
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    quad = {}
    for name in glyph_set.keys():
        tt_pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(tt_pen, max_err, reverse_direction=True))
        quad[name] = tt_pen.glyph()
    return quad


def otf_to_ttf(font, max_err: float = MAX_ERR) -> None:
    """Replace the CFF table by glyf/loca (after fontTools' Snippets/otf2ttf.py)."""
    from fontTools.ttLib import newTable

    assert "CFF " in font, "not a CFF font"
    order = font.getGlyphOrder()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = _glyphs_to_quadratic(font.getGlyphSet(), max_err)
    del font["CFF "]
    for tag in ("VORG",):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        adv, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (adv, getattr(glyph, "xMin", 0) if glyph.numberOfContours else 0)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, attr, 0)
    maxp.maxComponentElements = 0
    maxp.compile(font)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, reportlab does not need them
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font, face: Face) -> None:
    name = font["name"]
    copyright_ = name.getDebugName(0) or ""
    version = name.getDebugName(5) or ""
    licence = name.getDebugName(13)
    licence_url = name.getDebugName(14)
    family = face.family or name.getDebugName(1)
    sub = "Regular"
    ps = face.ps_name or (name.getDebugName(6) or family.replace(" ", ""))
    orig = name.getDebugName(4) or ""
    name.names = []
    recs = {
        0: copyright_,
        1: family,
        2: sub,
        3: f"{version.split(';')[0]};NBZS;{ps}",
        4: family if sub == "Regular" else f"{family} {sub}",
        5: version,
        6: ps,
        10: f"{VENDOR_NOTE} from {orig} ({face.src.name}, Debian package {face.package}): "
            f"subset, layout tables dropped"
            + (", CFF outlines converted to TrueType." if face.convert else "."),
    }
    if licence:
        recs[13] = licence
    elif face.licence.startswith("Fandol"):
        recs[13] = ("GNU GPL version 3 with the GPL font exception (extended to this "
                    "modified version).")
    if licence_url:
        recs[14] = licence_url
    for nid, text in recs.items():
        name.setName(text, nid, 3, 1, 0x409)
    # The CFF face was "Regular"; Bold/Black Noto keeps its weight in OS/2.usWeightClass.


def build_face(face: Face, max_err: float = MAX_ERR) -> dict:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    t0 = time.perf_counter()
    font = TTFont(str(face.src), fontNumber=face.index, lazy=False, recalcTimestamp=False,
                  recalcBBoxes=True)
    cmap = font.getBestCmap()
    unicodes = charset(face.subset, cmap)
    opts = subset.Options()
    opts.layout_features = []
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG",
                         "FFTM", "gasp", "hdmx", "LTSH", "VDMX", "kern", "morx", "DSIG"]
    opts.hinting = False  # converted faces have none; WQY's only help screens
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.desubroutinize = True
    opts.recalc_timestamp = False
    opts.prune_unicode_ranges = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(unicodes))
    sub.subset(font)
    t1 = time.perf_counter()
    if face.convert:
        otf_to_ttf(font, max_err)
    t2 = time.perf_counter()
    rename(font, face)
    out = OUT / face.out
    font.save(str(out), reorderTables=True)
    t3 = time.perf_counter()
    return {
        "key": face.key,
        "chars": len(unicodes),
        "glyphs": len(font.getGlyphOrder()),
        "bytes": out.stat().st_size,
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
        "subset_s": round(t1 - t0, 1),
        "convert_s": round(t2 - t1, 1),
        "save_s": round(t3 - t2, 1),
    }


# --------------------------------------------------------------------------- licences, README


def _debian_version(package: str) -> str:
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _copyright_stanza(path: Path, licence_name: str) -> str:
    """Extract one 'License: NAME' stanza's text from a Debian copyright file."""
    text = path.read_text(encoding="utf-8")
    m = re.search(rf"^License: {re.escape(licence_name)}\n((?: .*\n?)+)", text, re.M)
    if not m:
        raise RuntimeError(f"no License: {licence_name} in {path}")
    lines = []
    for line in m.group(1).splitlines():
        line = line[1:] if line.startswith(" ") else line
        lines.append("" if line == "." else line)
    return "\n".join(lines).rstrip() + "\n"


def write_licences() -> None:
    LICENSES.mkdir(parents=True, exist_ok=True)
    fandol = gzip.decompress(
        Path("/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz").read_bytes()).decode("utf-8")
    (LICENSES / "Fandol-GPL-3.0-with-font-exception.txt").write_text(
        "Fandol fonts (FandolFang, FandolKai) — Copyright © 2012-2013, the Fandol team\n"
        "(Clerk Ma & Jie Su). Licence: GPL-3.0 + GPL font exception, text below as shipped in\n"
        "/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz (Debian texlive-lang-chinese).\n"
        "NBZS-Fang.ttf and NBZS-Kai.ttf are modified versions (converted outlines, subset,\n"
        "renamed) made by build/make_fonts.py; the font exception below is extended to them.\n"
        "The corresponding source is the original .otf (CTAN package 'fandol', also in Debian\n"
        "texlive-lang-chinese) plus build/make_fonts.py in this repository.\n\n" + fandol,
        encoding="utf-8")
    ofl = _copyright_stanza(Path("/usr/share/doc/fonts-noto-cjk/copyright"), "SIL-1.1")
    (LICENSES / "Noto-OFL-1.1.txt").write_text(
        "Noto Serif CJK — Copyright © 2017-2022 Adobe (http://www.adobe.com/), with Reserved\n"
        "Font Name 'Source'. Licensed under the SIL Open Font License, Version 1.1.\n"
        "NBZS-TitleSerif.ttf and NBZS-SerifFallback.ttf are Modified Versions (subset, outlines\n"
        "converted to TrueType, renamed) made by build/make_fonts.py.\n\n" + ofl,
        encoding="utf-8")
    wqy_copyright = Path("/usr/share/doc/fonts-wqy-microhei/copyright").read_text(
        encoding="utf-8")
    apache = Path("/usr/share/common-licenses/Apache-2.0").read_text(encoding="utf-8")
    (LICENSES / "WenQuanYi-Apache-2.0.txt").write_text(
        "WenQuanYi Micro Hei — dual licensed: Apache-2.0 or GPL-3+ with font exception; used\n"
        "here under Apache-2.0. WenQuanYiMicroHei.ttf is face 0 of wqy-microhei.ttc with\n"
        "Hangul, hinting and OpenType layout tables removed by build/make_fonts.py.\n\n"
        "=== Debian copyright file (fonts-wqy-microhei) ===\n\n" + wqy_copyright
        + "\n=== Apache License 2.0 ===\n\n" + apache,
        encoding="utf-8")


def write_readme(results: dict[str, dict]) -> None:
    rows = []
    for face in FACES:
        r = results.get(face.key)
        if r is None:
            path = OUT / face.out
            if not path.exists():
                continue
            r = {"bytes": path.stat().st_size, "glyphs": "?", "chars": "?",
                 "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
        rows.append(
            f"| `{face.out}` | {face.role} | {face.family or 'WenQuanYi Micro Hei'} | "
            f"{face.src.name}" + (f" (face {face.index})" if face.src.suffix == ".ttc" else "")
            + f" | {face.package} {_debian_version(face.package)} | {face.licence_name} "
            f"([text](LICENSES/{face.licence})) | {r['bytes'] / 1e6:.1f} MB | {r['chars']} | "
            f"{r['glyphs']} |")
    total = sum((OUT / f.out).stat().st_size for f in FACES if (OUT / f.out).exists())
    text = f"""# Bundled fonts

Made by `build/make_fonts.py` (run it to rebuild; it also rewrites this file) from the open
fonts in Debian 12 packages. All are TrueType-outline (`glyf`) fonts so that reportlab can
embed them. `core/fonts.py` uses them unless the official faces (仿宋_GB2312, 楷体_GB2312,
黑体, 方正小标宋简体) are installed on the machine, or always when `NBZS_BUNDLED_FONTS_ONLY=1`.

| file | role | family | source file | Debian package / version | licence | size | chars | glyphs |
|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

Total: {total / 1e6:.1f} MB.

Modifications (all by `build/make_fonts.py`): subset to the characters listed in its
docstring, OpenType layout/vertical/hinting tables dropped, CFF outlines converted to
quadratic TrueType outlines (fontTools Cu2QuPen, max error {MAX_ERR} unit at 1000 UPM), family
renamed where the licence asks for it (OFL reserved names) or the font was changed in shape.

Licences: the OFL-1.1 (Noto), GPL-3.0 with font exception (Fandol) and Apache-2.0 (WenQuanYi)
texts are in `LICENSES/`. Documents that embed these fonts are not covered by these licences
(OFL §5; GPL font exception; Apache-2.0 covers only the font). The Fandol originals are the
"source" of the two Fandol-derived faces: CTAN package `fandol`, also shipped in Debian's
`texlive-lang-chinese` as `fonts/opentype/public/fandol/*.otf`.
"""
    (OUT / "README.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("faces", nargs="*", help="subset of: " + ", ".join(f.key for f in FACES))
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--max-err", type=float, default=MAX_ERR)
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args(argv)
    chosen = [f for f in FACES if not args.faces or f.key in args.faces]
    if args.list:
        for f in chosen:
            print(f"{f.key:9} {f.role:9} {f.src}[{f.index}] -> {OUT / f.out}")
        return 0
    missing = [str(f.src) for f in chosen if not f.src.exists()]
    if missing:
        print("missing source fonts (install the Debian packages in the docstring):",
              *missing, sep="\n  ", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict] = {}
    # biggest first so two workers finish at about the same time
    order = sorted(chosen, key=lambda f: -f.src.stat().st_size)
    if args.jobs <= 1:
        for f in order:
            results[f.key] = build_face(f, args.max_err)
            print(results[f.key], flush=True)
    else:
        with ProcessPoolExecutor(max_workers=args.jobs) as ex:
            futs = {f.key: ex.submit(build_face, f, args.max_err) for f in order}
            for key, fut in futs.items():
                results[key] = fut.result()
                print(results[key], flush=True)
    write_licences()
    write_readme(results)
    total = sum((OUT / f.out).stat().st_size for f in FACES if (OUT / f.out).exists())
    print(f"total {total / 1e6:.1f} MB in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
