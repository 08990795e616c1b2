"""The same agency under a longer or shorter official name (interfaces.md, --previous)."""

from __future__ import annotations

import re

# a leading higher-level place name: 淮安市 in 淮安市洪泽区人民政府
_PLACE = re.compile(r"^.+?(?:省|自治区|市|州|盟|地区)")


def same_agency(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    if not shorter:
        return False
    rest = longer
    while (m := _PLACE.match(rest)) and len(rest) > len(shorter):
        rest = rest[m.end():]
        if rest == shorter:
            return True
    return False
