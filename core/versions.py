"""A report's history as the clerk sees it: versions, what each changed, two compared, one
restored (as a new revision, so the restore is in the history too).

A version is the report as one revision left it (`Database.version`). Field paths are named
with the report format's labels (机关信息“邮编”, “一、总体情况”, a table cell).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.formats import UnknownFormat, get_format
from core.formats.spec import ReportFormat
from core.storage import Database, Revision
from core.storage import changes as ch
from core.storage.documents import FINAL
from core.storage.errors import ReportFinalized

STATUS_NAMES = {"draft": "草稿", "final": "定稿"}
MAX_NAMED = 3  # fields named in a summary before "等N处"


@dataclass(frozen=True)
class Difference:
    path: str
    label: str  # 机关信息“邮编”, “一、总体情况”, …
    old: Any  # None when absent
    new: Any


def _format(document: dict[str, Any] | None) -> ReportFormat | None:
    try:
        return get_format((document or {}).get("format"))
    except UnknownFormat:  # an unknown or missing format: paths are shown as they are
        return None


def label(path: str, fmt: ReportFormat | None) -> str:
    """What a document leaf path is called."""
    if path == "status":
        return "状态"
    if path == "year":
        return "年度"
    if fmt is None:
        return path
    try:
        if path.startswith("tables/"):
            return fmt.path_label(path.removeprefix("tables/"))
        return fmt.path_label(path)
    except (KeyError, ValueError):
        return path


def summary(revision: Revision, fmt: ReportFormat | None) -> str:
    """One line: the revision's own summary (if any) and which fields it changed."""
    names: list[str] = []
    for change in revision.changes:
        name = label(change.path, fmt)
        if change.path == "status":
            name = f"状态改为{STATUS_NAMES.get(str(change.new), change.new)}"
        if name not in names:
            names.append(name)
    fields = "、".join(names[:MAX_NAMED])
    if len(names) > MAX_NAMED:
        fields += f"等{len(names)}处"
    if revision.summary and fields:
        return f"{revision.summary}（{fields}）" if revision.summary != f"修改{fields}" \
            else revision.summary
    return revision.summary or (f"修改{fields}" if fields else "（无改动）")


def history(db: Database, agency: str, year: int) -> list[tuple[Revision, str]]:
    """Newest first: each revision and its one-line summary."""
    fmt = _format(db.load_report(agency, year))
    return [(r, summary(r, fmt)) for r in db.revisions(agency, year)]


def compare(db: Database, agency: str, year: int, older_id: int,
            newer_id: int) -> list[Difference]:
    """The fields that differ between two versions (old → new), in document order."""
    older, newer = db.version(agency, year, older_id), db.version(agency, year, newer_id)
    if older is None or newer is None:
        return []
    fmt = _format(newer[0])
    a, b = ch.leaves(older[0]), ch.leaves(newer[0])
    a["status"], b["status"] = older[1], newer[1]
    out: list[Difference] = []
    for path in list(b) + [p for p in a if p not in b]:
        if path in a and path in b and ch.same(a[path], b[path]):
            continue
        old, new = a.get(path), b.get(path)
        if path == "status":
            old, new = STATUS_NAMES.get(str(old), old), STATUS_NAMES.get(str(new), new)
        out.append(Difference(path, label(path, fmt), old, new))
    return out


def restore(db: Database, agency: str, year: int, revision_id: int, when: str = "") -> bool:
    """Restore a version as a new revision. ReportFinalized (a clear Chinese message) on a
    final report; False if the report already is that version."""
    if db.report_status(agency, year) == FINAL:
        raise ReportFinalized(agency, year)
    return db.restore_version(agency, year, revision_id,
                              f"恢复到{when}的版本" if when else "恢复历史版本")
