"""User text made safe for the page: escaped, never interpreted."""

from __future__ import annotations

import html
import re

# Noncharacters (U+FDD0–U+FDEF and the last two code points of every plane) are not allowed in
# an HTML document: browsers show nothing for them and parsers report an error. clean_text()
# already drops U+FFFE/U+FFFF and controls; these are the rest.
_NONCHARACTERS = re.compile(
    "[\ufdd0-\ufdef" + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}"
                               for p in range(1, 17)) + "]")


def esc(text: str) -> str:
    """`text` as HTML text or attribute value: <, >, &, " and ' escaped."""
    return html.escape(_NONCHARACTERS.sub("", text), quote=True)
