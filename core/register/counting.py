"""Table 3 (三、收到和处理政府信息公开申请情况) counted from the register, for year Y:

- new_received: received in Y;
- carried_over: received before Y, not answered by 31 December of Y−1;
- each result row: answered in Y with that result;
- carried_forward: received by 31 December of Y, not answered by then;
each in the application's one applicant column; derived cells by the format's sums.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from core.formats import DEFAULT_FORMAT
from core.formats.axes import cell_key
from core.formats.spec import ReportFormat
from core.model import compute_derived, nest_cells
from core.register.model import Application
from core.register.vocab import CARRIED_FORWARD, CARRIED_OVER, NEW, TABLE, vocabulary


def count_table3(apps: Iterable[Application], year: int,
                 fmt: ReportFormat = DEFAULT_FORMAT) -> dict[str, int]:
    """Every cell of table 3, entered and derived, by cell key (requests/<row>/<column>)."""
    vocab = vocabulary(fmt)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counts: dict[str, int] = {
        cell_key(TABLE, row, col): 0
        for row in (NEW, CARRIED_OVER, *vocab.result_keys, CARRIED_FORWARD)
        for col in vocab.applicant_keys}
    for app in apps:
        col, received, replied = app.applicant_type, app.received, app.replied
        if received > last:
            continue
        if received >= first:
            counts[f"{TABLE}/{NEW}/{col}"] += 1
        elif replied is None or replied >= first:
            counts[f"{TABLE}/{CARRIED_OVER}/{col}"] += 1
        if replied is not None and first <= replied <= last and app.result is not None:
            counts[f"{TABLE}/{app.result}/{col}"] += 1
        if replied is None or replied > last:
            counts[f"{TABLE}/{CARRIED_FORWARD}/{col}"] += 1
    table_derived = {k: v for k, v in compute_derived(fmt, dict(counts)).items()
                     if k.startswith(TABLE + "/")}
    out = dict(counts)
    out.update({k: int(v or 0) for k, v in table_derived.items()})
    return out


def nested(cells: dict[str, int], fmt: ReportFormat = DEFAULT_FORMAT) -> dict[str, dict[str, int]]:
    """{"requests/granted/total": 3} → {"granted": {"total": 3}, …} in print order (the JSON of
    `register table3`)."""
    return nest_cells(fmt, cells)[TABLE]
