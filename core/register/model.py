"""One application of the register, and the check of one application (Chinese messages).

Fields carry the contract's column names (interfaces.md, “The register of applications”) in
`FIELD_LABELS`; a problem is reported against the column the clerk has to correct.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from core.register.vocab import CHANNELS, Vocabulary, vocabulary

FIELD_LABELS: dict[str, str] = {
    "number": "编号",
    "received": "收到日期",
    "applicant": "申请人",
    "applicant_type": "申请人类型",
    "channel": "申请方式",
    "content": "申请内容",
    "correction_requested": "补正通知日期",
    "correction_received": "补正收到日期",
    "extended": "延期",
    "replied": "答复日期",
    "result": "办理结果",
    "fee": "收费金额",
}
FIELDS = tuple(FIELD_LABELS)
PERSONAL_FIELDS = ("applicant", "content")
MAX_TEXT = 200_000  # the contract's limit of a text field


@dataclass(frozen=True)
class Application:
    number: str
    received: dt.date
    applicant_type: str  # a key of table 3's applicant columns
    applicant: str = ""
    channel: str = ""  # one of CHANNELS, or "" when not recorded
    content: str = ""
    correction_requested: dt.date | None = None
    correction_received: dt.date | None = None
    extended: bool = False
    replied: dt.date | None = None
    result: str | None = None  # a key of table 3's result rows
    fee: Decimal | None = None  # 元
    remarks: tuple[tuple[str, str], ...] = field(default=())  # unknown columns: (name, text)

    def open_on(self, day: dt.date) -> bool:
        """Received by `day` and not answered on or before it."""
        return self.received <= day and (self.replied is None or self.replied > day)


@dataclass(frozen=True)
class Problem:
    field: str  # a key of FIELD_LABELS
    message: str

    @property
    def column(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


def check(app: Application, vocab: Vocabulary | None = None) -> list[Problem]:
    """What is wrong with one application ([] when nothing)."""
    vocab = vocab or vocabulary()
    out: list[Problem] = []
    if not app.number.strip():
        out.append(Problem("number", "编号不能为空"))
    if app.applicant_type not in vocab.applicant_keys:
        out.append(Problem("applicant_type", "申请人类型必须是"
                           + "、".join(vocab.applicant_labels.values()) + "之一"))
    if app.channel and app.channel not in CHANNELS:
        out.append(Problem("channel", "申请方式必须是" + "、".join(CHANNELS) + "之一"))
    if app.result is not None and app.result not in vocab.result_keys:
        out.append(Problem("result", "办理结果不是表三的办理结果之一"))
    if app.result is not None and app.replied is None:
        out.append(Problem("replied", "填写了办理结果，但没有答复日期"))
    if app.replied is not None and app.result is None:
        out.append(Problem("result", "填写了答复日期，但没有办理结果"))
    out.extend(_date_order(app))
    if app.fee is not None and (not app.fee.is_finite() or app.fee < 0):
        out.append(Problem("fee", "收费金额不能为负数"))
    for name in ("applicant", "content"):
        if len(getattr(app, name)) > MAX_TEXT:
            out.append(Problem(name, f"{FIELD_LABELS[name]}超过 {MAX_TEXT} 个字符的上限"))
    return out


def _date_order(app: Application) -> list[Problem]:
    out: list[Problem] = []
    asked, corrected = app.correction_requested, app.correction_received
    if corrected is not None and asked is None:
        out.append(Problem("correction_received", "有补正收到日期，但没有补正通知日期"))
    if asked is not None and asked < app.received:
        out.append(Problem("correction_requested", "补正通知日期早于收到日期"))
    if asked is not None and corrected is not None and corrected < asked:
        out.append(Problem("correction_received", "补正收到日期早于补正通知日期"))
    if app.replied is not None:
        if app.replied < app.received:
            out.append(Problem("replied", "答复日期早于收到日期"))
        elif corrected is not None and app.replied < corrected:
            out.append(Problem("replied", "答复日期早于补正收到日期"))
    return out


def in_year(app: Application, year: int) -> bool:
    """Received in `year`, or open at some time in it (what table 三 of `year` counts)."""
    return app.received <= dt.date(year, 12, 31) and (
        app.replied is None or app.replied >= dt.date(year, 1, 1))
