"""Headless subcommands (interfaces.md): check, export, import, dump, list, register (in
core.cli_register).

Exit status: 0 success, 1 the report has errors (check), 2 an input could not be read,
3 an output could not be written. Exit 2 and 3 print one Chinese line on stderr, nothing on
stdout, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from core import reportfile
from core.cli_args import EXIT_INPUT, EXIT_INVALID, EXIT_OK, EXIT_OUTPUT
from core.cli_common import CliExit, _fail, _open_db
from core.fileio import OutputError, write_atomic
from core.model import STATUS_DRAFT, STATUS_LABELS, Report
from core.published.names import same_agency
from core.reportfile import ReportFileError
from core.validation import SEVERITY_LABELS, Issue, summary, validate

if TYPE_CHECKING:
    from core.published import Published


PUBLISHED_SUFFIXES = (".pdf", ".docx", ".html", ".htm", ".txt")


def _load(path: str) -> Report:
    """A report file (.json), an Excel workbook this program wrote (its 数据 sheet), or a
    published report (.pdf, .docx, .html, .txt)."""
    if Path(path).suffix.lower() in PUBLISHED_SUFFIXES:
        return load_published(path).report
    try:
        return reportfile.load_any(path)
    except ReportFileError as exc:
        _fail(EXIT_INPUT, f"{Path(path).name}：{exc}")


def load_published(path: str, year: int | None = None) -> Published:
    from core.published import PublishedError, read_published

    if not Path(path).is_file():
        _fail(EXIT_INPUT, f"找不到文件“{path}”。")
    try:
        return read_published(path, year)
    except PublishedError as exc:
        _fail(EXIT_INPUT, f"{Path(path).name}：{exc}")


def _load_previous(path: str | None, report: Report) -> Report | None:
    if not path:
        return None
    previous = _load(path)
    if previous.year != report.year - 1:
        _fail(EXIT_INPUT, f"上年报告“{Path(path).name}”是{previous.year}年度的，"
                          f"应为{report.year - 1}年度。")
    if not same_agency(previous.agency_name, report.agency_name):
        _fail(EXIT_INPUT, f"上年报告“{Path(path).name}”属于“{previous.agency_name}”，"
                          f"不是“{report.agency_name}”。")
    return previous


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def format_issue(issue: Issue) -> str:
    """One readable line; control characters a file carried are shown as \\uXXXX, not sent
    to the terminal (an ESC would be read as a terminal command)."""
    message = _CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04x}", issue.message)
    return f"{SEVERITY_LABELS[issue.severity]} [{issue.rule}] {message}"


def summary_line(issues: list[Issue]) -> str:
    errors, warnings = summary(issues)
    if not issues:
        return "校验通过：没有发现问题。"
    return f"共 {errors} 个错误、{warnings} 个提示。"


def cmd_check(args: argparse.Namespace) -> int:
    report = _load(args.file)
    previous = _load_previous(args.previous, report)
    issues = validate(report, previous)
    errors, warnings = summary(issues)
    if args.format == "json":
        print(json.dumps({"errors": errors, "warnings": warnings,
                          "issues": [i.as_dict() for i in issues]}, ensure_ascii=False))
    else:
        for issue in issues:
            print(format_issue(issue))
        print(summary_line(issues))
    return EXIT_INVALID if errors else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from core.export import KINDS, PathsRefused, export  # renderers load on demand

    report = _load(args.file)
    previous = _load_previous(args.previous, report)
    targets = {kind: getattr(args, kind) for kind in KINDS if getattr(args, kind, None)}
    if not targets:
        _fail(EXIT_INPUT, "请用 --pdf、--xlsx、--docx 或 --html 指定要导出的文件。")
    inputs = [p for p in (args.file, args.previous) if p]
    try:
        outcome = export(report, targets, previous=previous, signoff=args.signoff,
                         protected=inputs)
    except PathsRefused as exc:
        _fail(EXIT_INPUT, str(exc))
    if outcome.failed is None:  # on exit 3 the one line is all stderr holds (interfaces.md)
        for note in outcome.notes:
            print(note, file=sys.stderr)
    if outcome.failed is not None:
        kind, _, message = outcome.failed
        done = "、".join(w.kind.label for w in outcome.written)
        kept = f"（已写好的{done}保留）" if done else ""
        _fail(EXIT_OUTPUT, f"{kind.label}未能写入：{message}{kept}")
    if outcome.errors:
        print(f"报告有 {outcome.errors} 个错误，导出的文件已标注“草稿”。{summary_line(outcome.issues)}",
              file=sys.stderr)
    else:
        print(summary_line(outcome.issues), file=sys.stderr)
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from core.storage import StorageError

    report = _load(args.file)
    if not report.agency_name:
        _fail(EXIT_INPUT, "报告文件没有填写机关全称，无法确定存入哪个机关。")
    issues = validate(report)
    errors, _ = summary(issues)
    db = _open_db(args, writing=True)
    try:
        db.save_report(report.to_document(include_derived=False), status=STATUS_DRAFT,
                       summary=f"导入 {Path(args.file).name}")
    except StorageError as exc:
        _fail(EXIT_OUTPUT, str(exc))
    finally:
        db.close()
    print(f"已导入：{report.agency_name} {report.year}年度（状态：草稿）。")
    if errors:
        print(f"注意：该报告有 {errors} 个错误，已作为草稿保存，请在程序中修改。", file=sys.stderr)
    return EXIT_OK


def cmd_dump(args: argparse.Namespace) -> int:
    if args.output:
        from core.export import same_file
        from core.storage import default_db_path

        db_path = Path(args.db) if args.db else default_db_path()
        if same_file(Path(args.output), db_path):
            _fail(EXIT_INPUT, f"输出文件“{Path(args.output).name}”就是正在使用的数据库，不能覆盖它；"
                              f"请另选一个文件名。")
    db = _open_db(args, writing=False)
    try:
        doc = db.load_report(args.agency, args.year)
    finally:
        db.close()
    if doc is None:
        _fail(EXIT_INPUT, f"数据库中没有“{args.agency}”{args.year}年度的报告。")
    try:
        report = reportfile.parse_document(doc)
    except ReportFileError as exc:
        _fail(EXIT_INPUT, f"数据库中的报告已损坏：{exc}")
    data = reportfile.dumps(report)
    if args.output:
        try:
            write_atomic(args.output, data)
        except OutputError as exc:
            _fail(EXIT_OUTPUT, str(exc))
    else:
        sys.stdout.write(data.decode("utf-8"))
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    db = _open_db(args, writing=False)
    try:
        infos = db.list_reports()
    finally:
        db.close()
    if not infos:
        print("数据库中还没有报告。")
        return EXIT_OK
    for info in infos:
        when = info.updated_at.strftime("%Y-%m-%d %H:%M")
        print(f"{_field(info.agency)}\t{info.year}\t{STATUS_LABELS.get(info.status, info.status)}\t{when}")
    return EXIT_OK


def cmd_salvage(args: argparse.Namespace) -> int:
    """Every readable row of a damaged database into a new one; the damaged file is only read."""
    from core.storage import StorageError, default_db_path
    from core.storage.salvage import SalvageWriteError, salvage, salvage_path

    source = Path(args.db) if args.db else default_db_path()
    target = Path(args.output) if args.output else salvage_path(source)
    try:
        result = salvage(source, target)
    except SalvageWriteError as exc:
        _fail(EXIT_OUTPUT, str(exc))
    except StorageError as exc:
        _fail(EXIT_INPUT, str(exc))
    print(result.summary())
    for info in result.reports:
        when = info.updated_at.strftime("%Y-%m-%d %H:%M")
        print(f"{_field(info.agency)}\t{info.year}\t{STATUS_LABELS.get(info.status, info.status)}\t{when}")
    print(f"新数据库：{result.path}（用 python main.py --db 该文件 打开核对）")
    return EXIT_OK


def _field(text: str) -> str:
    """A tab-separated field on one line: tabs, newlines and other control characters
    escaped (a name with a tab would otherwise shift the columns)."""
    return "".join(c if c.isprintable() or c == "\u3000" else
                   {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(c, f"\\x{ord(c):02x}")
                   for c in text.replace("\\", "\\\\"))


def cmd_audit(args: argparse.Namespace) -> int:
    """A published report checked as its readers would: every rule, plus PUB.*."""
    path = args.file
    if Path(path).suffix.lower() in PUBLISHED_SUFFIXES:
        published = load_published(path, args.year)
        report, extra, source = published.report, published.issues, published.source
    else:
        report, extra = _load(path), []
        kind = "xlsx" if Path(path).suffix.lower() == ".xlsx" else "json"
        source = {"kind": kind, "format": report.format.id, "tables": [2, 3, 4], "unread": []}
        if args.year is not None and args.year != report.year:
            _fail(EXIT_INPUT, f"{Path(path).name}：报告是{report.year}年度的，与 --year {args.year} 不符。")
    previous = _load_previous(args.previous, report)
    issues = extra + validate(report, previous)
    errors, warnings = summary(issues)
    if args.format == "json":
        print(json.dumps({"errors": errors, "warnings": warnings,
                          "issues": [i.as_dict() for i in issues], "source": source},
                         ensure_ascii=False))
    else:
        for issue in issues:
            print(format_issue(issue))
        print(summary_line(issues))
    return EXIT_INVALID if errors else EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    if Path(args.file).suffix.lower() not in PUBLISHED_SUFFIXES:
        _fail(EXIT_INPUT, f"{Path(args.file).name}：convert 读取 .pdf、.docx、.html、.htm 或 .txt 文件。")
    report = load_published(args.file).report
    from core.export import same_file

    if same_file(Path(args.output), Path(args.file)):
        _fail(EXIT_INPUT, "输出文件与输入文件相同，请另选一个文件名。")
    try:
        write_atomic(args.output, reportfile.dumps_as_read(report))
    except OutputError as exc:
        _fail(EXIT_OUTPUT, str(exc))
    return EXIT_OK


def cmd_register(args: argparse.Namespace) -> int:
    from core.cli_register import cmd_register as run_register

    return run_register(args)


COMMANDS = {"check": cmd_check, "audit": cmd_audit, "convert": cmd_convert, "export": cmd_export,
            "import": cmd_import, "dump": cmd_dump, "list": cmd_list, "register": cmd_register,
            "salvage": cmd_salvage}


def run(args: argparse.Namespace) -> int:
    """Run a parsed subcommand; returns the exit status."""
    try:
        return int(COMMANDS[args.command](args))
    except CliExit as exc:
        print(exc.message, file=sys.stderr)
        return exc.code
