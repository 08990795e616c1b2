"""One way out for every output: the command line, the window and the smoke test all call

    outcome = export(report, {"pdf": "r.pdf", "docx": "r.docx"}, previous=last_year)

It validates once, marks a report with errors as a draft in every output (interfaces.md), checks
the output paths before anything is written ("Outputs": none may be an input, the open database
or another output of the same call), renders each kind and writes it whole or not at all. When
one output fails, the ones already written stay and the outcome says which failed and why.
Renderers are imported only when their kind is asked for (start-up time).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import importlib
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.checksum import report_checksum
from core.fileio import OutputError, describe_os_error, write_atomic
from core.model import Report
from core.validation import ERROR, Issue, validate


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # what the clerk calls it: PDF, Excel, Word, 网页
    suffix: str
    module: str  # where its renderer lives (imported on first use)


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("pdf", "PDF", ".pdf", "core.export_pdf"),
    Kind("xlsx", "Excel", ".xlsx", "core.export_xlsx"),
    Kind("docx", "Word", ".docx", "core.export_docx"),
    Kind("html", "网页", ".html", "core.export_html"),
)}


@dataclass(frozen=True)
class Job:
    """What every renderer is given."""

    report: Report
    issues: list[Issue]
    draft_note: str | None  # None: a clean report; else the sentence every output shows
    signoff: bool = False  # the PDF ends with the 审签单
    created: dt.datetime | None = None


@dataclass
class Rendered:
    data: bytes
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Written:
    kind: Kind
    path: str
    notes: tuple[str, ...] = ()
    checksum: str = ""  # the 校验码 printed on the 审签单 ("" without one)


@dataclass
class Outcome:
    issues: list[Issue]
    written: list[Written] = field(default_factory=list)
    failed: tuple[Kind, str, str] | None = None  # (kind, path, Chinese message)

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.severity == ERROR)

    @property
    def draft(self) -> bool:
        return self.errors > 0

    @property
    def notes(self) -> list[str]:
        return [note for w in self.written for note in w.notes]


class PathsRefused(ValueError):
    """The output paths break the rules of interfaces.md ("Outputs"); nothing was written."""


def draft_note(issues: list[Issue]) -> str | None:
    errors = sum(1 for i in issues if i.severity == ERROR)
    return f"草稿：本报告尚有 {errors} 个错误未改正，不能签发。" if errors else None


def same_file(a: Path, b: Path) -> bool:
    """The same file, however spelled (an output that is a link is replaced, not followed:
    only its own name counts)."""
    if os.path.abspath(a) == os.path.abspath(b):
        return True
    try:
        return not a.is_symlink() and a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def check_paths(targets: Mapping[str, str | os.PathLike[str]],
                protected: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Refuse (PathsRefused, a Chinese message) an output that names an input, the open
    database or another output of the same call; an unknown kind is a programming error."""
    guarded = [Path(p) for p in protected]
    seen: list[tuple[str, Path]] = []
    for kind, raw in targets.items():
        if kind not in KINDS:
            raise KeyError(kind)
        path = Path(raw)
        for other in guarded:
            if same_file(path, other):
                raise PathsRefused(f"输出文件“{path.name}”就是输入文件或正在使用的数据库，"
                                   f"不能覆盖它；请另选一个文件名。")
        for other_kind, other in seen:
            if same_file(path, other):
                raise PathsRefused(f"{KINDS[other_kind].label}和{KINDS[kind].label}不能写入同一个文件"
                                   f"“{path.name}”；请分别指定文件名。")
        seen.append((kind, path))


def renderer(kind: str) -> Callable[[Job], Rendered]:
    """The `render(job)` function of a kind (its module imported now)."""
    module = importlib.import_module(KINDS[kind].module)
    render: Callable[[Job], Rendered] = module.render
    return render


def export(report: Report, targets: Mapping[str, str | os.PathLike[str]], *,
           previous: Report | None = None, issues: list[Issue] | None = None,
           signoff: bool = False, protected: Iterable[str | os.PathLike[str]] = (),
           created: dt.datetime | None = None) -> Outcome:
    """Render and write each of `targets` ({kind: path}, in order). Raises PathsRefused before
    writing anything when the paths break the rules; otherwise returns the outcome (an output
    that cannot be written stops the rest: `failed`)."""
    check_paths(targets, protected)
    if issues is None:
        issues = validate(report, previous)
    job = Job(report, issues, draft_note(issues), signoff, created)
    outcome = Outcome(issues)
    for kind, path in targets.items():
        try:
            result = _render(kind, job, path)
            write_atomic(path, result.data)
        except OutputError as exc:
            outcome.failed = (KINDS[kind], str(path), str(exc))
            break
        checksum = report_checksum(report) if kind == "pdf" and signoff else ""
        outcome.written.append(Written(KINDS[kind], str(path), tuple(result.notes), checksum))
    return outcome


_DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
_DISK_FULL_NAMES = ("ENOSPC", "EDQUOT", "EFBIG")  # lxml says IO_EFBIG, not OSError


def _disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in _DISK_FULL
    return type(exc).__name__ == "SerialisationError" and any(
        n in str(exc) for n in _DISK_FULL_NAMES)


def _render(kind: str, job: Job, path: str | os.PathLike[str]) -> Rendered:
    """Render one output; a full disk while rendering (openpyxl spills sheets to temporary
    files) is an output failure like one while writing (OutputError), its spills removed and
    no traceback printed (openpyxl's abandoned sheet writers fail again when collected)."""
    spilled = _openpyxl_spills()
    before = set(spilled)
    failure: str | None = None
    previous_hook = sys.unraisablehook

    def quiet(info: Any) -> None:
        if info.exc_value is None or not _disk_full(info.exc_value):
            previous_hook(info)

    sys.unraisablehook = quiet
    try:
        try:
            return renderer(kind)(job)
        except Exception as exc:
            if not _disk_full(exc):
                raise
            errnum = errno.EFBIG if not isinstance(exc, OSError) else exc.errno
            failure = describe_os_error(OSError(errnum, str(exc)), Path(path))
        gc.collect()  # the half-rendered workbook's writers, while failures are quiet
    finally:
        if sys.unraisablehook is quiet:
            sys.unraisablehook = previous_hook
        for name in [n for n in _openpyxl_spills() if n not in before]:
            with contextlib.suppress(OSError):
                os.remove(name)
            with contextlib.suppress(ValueError):
                _openpyxl_spills().remove(name)
    raise OutputError(failure)


def _openpyxl_spills() -> list[str]:
    """openpyxl's list of temporary sheet files ([] before it is imported)."""
    writer = sys.modules.get("openpyxl.worksheet._writer")
    spills = getattr(writer, "ALL_TEMP_FILES", None)
    return spills if isinstance(spills, list) else []


def render_bytes(report: Report, kind: str, **job: Any) -> bytes:
    """One output as bytes, for tests and benchmarks (same job as export() would give)."""
    issues = job.pop("issues", None)
    if issues is None:
        issues = validate(report, job.pop("previous", None))
    return renderer(kind)(Job(report, issues, draft_note(issues), **job)).data
