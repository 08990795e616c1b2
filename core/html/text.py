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


# after the punctuation inside an e-mail or web address, before a letter: 0596-6123456 and
# 12.2% stay whole
_ADDRESS_BREAK = re.compile(r"(?<=[A-Za-z0-9])([@./_])(?=[A-Za-z])")


def esc_prose(text: str) -> str:
    """Like esc(), for running text: a long e-mail or web address may also break after its
    dots, slashes and @ (<wbr>), so that a justified line before it is not stretched into wide
    gaps. The text a reader copies is unchanged."""
    return _ADDRESS_BREAK.sub(r"\1<wbr>", esc(text))
