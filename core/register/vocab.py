"""The words of the register that come from table 3 of the report format: the six applicant
columns and the result rows, with the forms a clerk may type (short and verbatim).

Nothing is typed again here: labels, groups and keys are read from the format's table 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.formats import DEFAULT_FORMAT
from core.formats.spec import ReportFormat, TableSpec

TABLE = "requests"
NEW, CARRIED_OVER, CARRIED_FORWARD = "new_received", "carried_over", "carried_forward"

# 申请方式: not part of table 3 (the contract's own list)
CHANNELS = ("当面", "信函", "网络", "传真", "其他")

_NUMBERING = re.compile(r"^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.．、])")
_TRAILING_NOTE = re.compile(r"（[^（）]*）$")
_DASHES = str.maketrans({"－": "-", "—": "-", "–": "-", "(": "（", ")": "）", "．": "."})


def short_label(label: str) -> str:
    """（二）部分公开（区分处理的，…） → 部分公开; 1.属于国家秘密 → 属于国家秘密."""
    return _TRAILING_NOTE.sub("", _NUMBERING.sub("", label))


def normalize(text: str) -> str:
    """What a typed label is compared as: no spaces, one kind of dash and brackets."""
    return "".join(text.split()).translate(_DASHES)


@dataclass(frozen=True)
class Vocabulary:
    applicant_keys: tuple[str, ...]  # table 3's applicant columns, in order
    applicant_labels: dict[str, str]  # key → 自然人 …
    result_keys: tuple[str, ...]  # the result rows summed into （七）总计, in order
    result_short: dict[str, str]  # key → 予以公开, 不予公开-属于国家秘密 … (what export writes)
    result_by_text: dict[str, str]  # normalized accepted form → key
    applicant_by_text: dict[str, str]

    def result_key(self, text: str) -> str | None:
        return self.result_by_text.get(normalize(text))

    def applicant_key(self, text: str) -> str | None:
        return self.applicant_by_text.get(normalize(text))


def _table(fmt: ReportFormat) -> TableSpec:
    return fmt.table_by_key[TABLE]


@lru_cache(maxsize=4)
def vocabulary(fmt: ReportFormat = DEFAULT_FORMAT) -> Vocabulary:
    table = _table(fmt)
    total_col = next(c for c in table.columns if c.total is not None)
    assert total_col.total is not None
    applicants = total_col.total.parts
    labels = {c.key: c.label for c in table.columns if c.key in applicants}
    total_row = next(r for r in table.rows if r.total is not None)
    assert total_row.total is not None
    results = total_row.total.parts
    short: dict[str, str] = {}
    accepted: dict[str, str] = {}
    bare: dict[str, list[str]] = {}
    for key in results:
        label, group = table.row(key).label, table.qualifiers.get(key, "")
        short[key] = (f"{short_label(group)}-{short_label(label)}" if group
                      else short_label(label))
        for form in (short[key], group + label, f"{group}-{label}" if group else label):
            accepted[normalize(form)] = key
        bare.setdefault(normalize(label), []).append(key)
    # a numbered label alone (“1.属于国家秘密”) only where no other group has the same one
    for text, keys in bare.items():
        if len(keys) == 1:
            accepted.setdefault(text, keys[0])
    return Vocabulary(applicants, labels, results, short, accepted,
                      {normalize(v): k for k, v in labels.items()})
