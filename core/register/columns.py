"""The ledger's columns: the names a clerk's header may use for each field, and the mapping
guessed from a header row (returned as data, so the window can show it and let it be changed).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.register.model import FIELD_LABELS

# field → accepted header names, the contract's own name first (what export writes)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "number": ("编号", "序号", "受理编号", "申请编号", "登记编号", "登记号", "流水号", "案件编号"),
    "received": ("收到日期", "申请日期", "受理日期", "收件日期", "收到申请日期", "登记日期",
                 "申请时间", "收到时间", "受理时间"),
    "applicant": ("申请人", "申请人姓名", "申请人名称", "姓名", "姓名或名称", "申请人姓名或名称"),
    "applicant_type": ("申请人类型", "申请人类别", "申请人性质", "申请主体类型", "申请人情况"),
    "channel": ("申请方式", "申请渠道", "提交方式", "申请途径", "收件方式"),
    "content": ("申请内容", "申请事项", "申请公开内容", "申请公开的信息", "所需信息",
                "申请信息内容", "内容"),
    "correction_requested": ("补正通知日期", "补正告知日期", "告知补正日期", "通知补正日期",
                             "补正通知时间"),
    "correction_received": ("补正收到日期", "收到补正日期", "补正后收到日期", "补正材料收到日期",
                            "补正日期", "补正收到时间"),
    "extended": ("延期", "是否延期", "延期答复", "延长答复期限"),
    "replied": ("答复日期", "办结日期", "答复时间", "办结时间", "回复日期", "办理完成日期"),
    "result": ("办理结果", "处理结果", "答复结果", "答复类型", "办理情况", "处理情况"),
    "fee": ("收费金额", "信息处理费", "收费", "收费金额（元）", "信息处理费（元）"),
}
assert set(SYNONYMS) == set(FIELD_LABELS)
REQUIRED = ("number", "received", "applicant_type")

_UNIT = re.compile(r"[（(][^（）()]*[)）]$")


def _key(header: str) -> str:
    return "".join(header.split())


_BY_NAME = {_key(name): f for f, names in SYNONYMS.items() for name in names}
# "收费金额（元）" and "收费金额(元)" alike: a trailing unit in brackets is ignored
_BY_NAME.update({_UNIT.sub("", k): f for k, f in list(_BY_NAME.items())
                 if _UNIT.sub("", k) not in _BY_NAME})


def field_for(header: str) -> str | None:
    key = _key(header)
    return _BY_NAME.get(key) or _BY_NAME.get(_UNIT.sub("", key))


def guess_mapping(headers: Sequence[str]) -> list[str | None]:
    """For each column, the field it holds, or None (kept as a remark). A field is taken by its
    first column; a later column of the same field is a remark."""
    taken: set[str] = set()
    out: list[str | None] = []
    for header in headers:
        found = field_for(header)
        if found is not None and found not in taken:
            taken.add(found)
            out.append(found)
        else:
            out.append(None)
    return out


def missing_required(mapping: Sequence[str | None]) -> list[str]:
    """The contract names of required fields no column holds."""
    return [FIELD_LABELS[f] for f in REQUIRED if f not in mapping]
