"""The opening paragraph's contact details: where the report is published and whom to ask."""

from __future__ import annotations

import re

_STOP = r"(?=[；;，,。）)]|邮编|邮政编码|电话|电子邮箱|邮箱|传真|$)"
_PATTERNS = {
    "address": re.compile(r"(?:联系)?地址[：:]\s*(.+?)" + r"(?=[；;，,。]\s*(?:邮编|邮政编码|电话|联系电话|电子邮箱|邮箱|传真)|[；;。]|）(?:。|$)|$)"),
    "postcode": re.compile(r"(?:邮编|邮政编码)[：:]?\s*(\d{6})"),
    "phone": re.compile(r"(?:联系)?电话[：:]?\s*([0-9０-９][0-9０-９\-－—()（） 、/转]*[0-9０-９])"),
    "email": re.compile(r"(?:电子邮箱|邮箱|E-?mail)[：:]\s*([^\s；;，,。）)]+)", re.I),
}
_SITE = re.compile(r"(?:可在|可以在|登录|在)([^，。；]{2,40}?)[（(]\s*([^（）()\s]+?)\s*[）)]"
                   r"(?:上)?(?:查阅|下载|浏览|获取)")
_OFFICE = re.compile(r"请与(.+?)联系")


def contacts(text: str, agency: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, pattern in _PATTERNS.items():
        m = pattern.search(text)
        if m:
            out[key] = m.group(1).strip()
    m = _SITE.search(text)
    if m:
        out["website_name"], out["website_url"] = m.group(1).strip(), m.group(2).strip()
    m = _OFFICE.search(text)
    if m and agency and m.group(1).startswith(agency):
        out["office"] = m.group(1)[len(agency):]
    return out
