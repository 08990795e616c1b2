"""Paths shared by the tests (importable as `tests.support` from any test module, unlike
`conftest`, of which there are several)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
FIXTURE_V1 = ROOT / "tests" / "fixtures" / "db_v1.sqlite3"  # a database of schema version 1
FIXTURE_V2 = ROOT / "tests" / "fixtures" / "db_v2.sqlite3"  # schema version 2, before the register
SAMPLE_AGENCY = "青禾县应急管理局"  # the fictional bureau of resources/samples


def sample_document(year: int = 2025, agency: str = SAMPLE_AGENCY) -> dict:
    """The 2025 sample as a report-file document, re-labelled with another year or agency."""
    import json

    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    doc["year"] = year
    doc["agency"]["name"] = agency
    return doc


# -- the 2021 declaration in the shapes the printed tables are read in ----------------------------

def t3_result_groups() -> list[tuple[str, tuple[str, ...]]]:
    """(（三）不予公开, its row keys) … in print order."""
    from core.formats import f2021

    return [(g.label, tuple(leaf.row.key for leaf in g.leaves() if leaf.row))
            for g in f2021.T3_RESULT_GROUPS]


@dataclass(frozen=True)
class T2Block:
    clause: str
    header: tuple[str, ...]  # 信息内容, then the value columns' labels
    rows: tuple
    columns: tuple


def t2_blocks() -> list[T2Block]:
    from core.formats import f2021

    return [T2Block(b.title, (b.corner, *(h.text for h in b.columns)),
                    tuple(h.row for h in b.rows), tuple(h.col for h in b.columns))
            for b in f2021.TABLE_ACTIVE.bands]


SHEET_TITLES = {"active": "表二 主动公开", "requests": "表三 依申请公开", "review": "表四 复议诉讼"}
# rows of table 3 whose label spans the three label columns, and the two inner ones
T3_TOP_ROWS = ("new_received", "carried_over", "carried_forward")
T3_RESULT_TOP_ROWS = ("granted", "partially_granted", "total_processed")


def heading_of(table_key: str) -> str:
    from core.formats import f2021

    return f2021.FORMAT.section_by_key[table_key].heading
