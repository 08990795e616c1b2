"""An environment in which LibreOffice and Chromium find the official font names.

The Word file and the web page name the faces an office PC has (方正小标宋简体, 黑体, 楷体_GB2312,
仿宋_GB2312). A test machine has none of them: this writes a fontconfig file that adds our
bundled fonts (resources/fonts) and maps each official name to its stand-in, so that a page
rendered here looks as it will on a PC with the real faces (the same role, the same metrics
roughly), and no glyph falls back to a random face.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.support import ROOT

FONTS = ROOT / "resources" / "fonts"
# official name (and its common Windows aliases) → the bundled stand-in's family
STAND_INS = {
    "方正小标宋简体": "NBZS Title Serif", "FZXiaoBiaoSong-B05S": "NBZS Title Serif",
    "黑体": "WenQuanYi Micro Hei", "SimHei": "WenQuanYi Micro Hei",
    "楷体_GB2312": "NBZS Kai", "楷体": "NBZS Kai", "KaiTi": "NBZS Kai", "KaiTi_GB2312": "NBZS Kai",
    "仿宋_GB2312": "NBZS Fang", "仿宋": "NBZS Fang", "FangSong": "NBZS Fang",
    "FangSong_GB2312": "NBZS Fang",
    "宋体": "NBZS Serif Fallback", "SimSun": "NBZS Serif Fallback",
}


def fontconfig_env(folder: Path) -> dict[str, str]:
    """os.environ plus FONTCONFIG_FILE pointing at a config written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    aliases = "\n".join(
        f"  <alias binding=\"same\"><family>{name}</family><prefer><family>{face}</family>"
        f"</prefer></alias>" for name, face in STAND_INS.items())
    conf = folder / "fonts.conf"
    conf.write_text(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n"
        "  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
        f"  <dir>{FONTS}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n{aliases}\n"
        "</fontconfig>\n", encoding="utf-8")
    return dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(folder))
