"""`register import|export|table3|due` (interfaces.md): the register of applications.

What the register holds is personal data: these commands print counts, 编号 and dates, never an
applicant or the content of an application.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

from core.cli_args import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT
from core.fileio import OutputError, write_atomic

if TYPE_CHECKING:
    from core.register.model import Application
    from core.register.store import RegisterStore


def _store(args: argparse.Namespace, *, writing: bool) -> RegisterStore:
    from core.cli_common import _open_db
    from core.register.store import RegisterStore

    return RegisterStore(_open_db(args, writing=writing))


def _applications(args: argparse.Namespace) -> list[Application]:
    """The agency's applications (exit 2 for an agency the database does not know)."""
    from core.cli_common import _fail

    store = _store(args, writing=False)
    try:
        if not store.has_agency(args.agency):
            _fail(EXIT_INPUT, f"数据库中没有“{args.agency}”这个机关。")
        return store.applications(args.agency)
    finally:
        store.db.close()


def cmd_import(args: argparse.Namespace) -> int:
    from core.cli_common import _fail
    from core.register.ledger_read import LedgerError, read_ledger
    from core.storage import StorageError

    if not args.agency.strip():
        _fail(EXIT_INPUT, "请用 --agency 指定机关全称。")
    try:
        ledger = read_ledger(args.ledger)  # every row checked before the database is touched
    except LedgerError as exc:
        _fail(EXIT_INPUT, f"{Path(args.ledger).name}：{exc}")
    store = _store(args, writing=True)
    try:
        added, updated = store.save_many(args.agency.strip(), ledger.applications,
                                         summary=f"导入 {Path(args.ledger).name}")
    except StorageError as exc:
        _fail(EXIT_OUTPUT, str(exc))
    finally:
        store.db.close()
    same = len(ledger.applications) - added - updated
    print(f"已导入台账：新增 {added} 件，更新 {updated} 件，未变 {same} 件。")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from core.cli_common import _fail
    from core.export import same_file
    from core.register.ledger import ledger_bytes
    from core.register.model import in_year
    from core.storage import default_db_path

    db_path = Path(args.db) if args.db else default_db_path()
    if same_file(Path(args.output), db_path):
        _fail(EXIT_INPUT, f"输出文件“{Path(args.output).name}”就是正在使用的数据库，不能覆盖它；"
                          "请另选一个文件名。")
    apps = _applications(args)
    if args.year is not None:
        apps = [a for a in apps if in_year(a, args.year)]
    try:
        write_atomic(args.output, ledger_bytes(apps, personal=not args.without_personal))
    except OutputError as exc:
        _fail(EXIT_OUTPUT, str(exc))
    print(f"已导出 {len(apps)} 件申请到 {Path(args.output).name}。")
    return EXIT_OK


def cmd_table3(args: argparse.Namespace) -> int:
    from core.formats import DEFAULT_FORMAT
    from core.register.counting import count_table3, nested

    cells = count_table3(_applications(args), args.year)
    if args.format == "json":
        print(json.dumps({"requests": nested(cells)}, ensure_ascii=False))
        return EXIT_OK
    table = DEFAULT_FORMAT.table_by_key["requests"]
    print(f"{args.agency} {args.year}年度 表三（由依申请公开台账统计）")
    print("\t".join(["", *(c.label for c in table.columns)]))
    for row in table.rows:
        print("\t".join([table.row_label(row.key),
                         *(str(cells[f"requests/{row.key}/{c.key}"]) for c in table.columns)]))
    return EXIT_OK


def cmd_due(args: argparse.Namespace) -> int:
    from core.cli_common import _fail
    from core.register.calendar import HolidayFileError, WorkCalendar
    from core.register.deadlines import open_on

    day = dt.date.fromisoformat(args.on) if args.on else dt.date.today()
    apps = _applications(args)
    try:
        cal = WorkCalendar()
    except HolidayFileError as exc:
        _fail(EXIT_INPUT, str(exc))
    items = open_on(apps, day, cal)
    until = cal.known_until.isoformat()
    if args.format == "json":
        print(json.dumps({"open": [i.as_dict() for i in items], "calendar_until": until},
                         ensure_ascii=False))
        return EXIT_OK
    print(f"{args.agency}：截至 {day.isoformat()} 未办结的申请 {len(items)} 件")
    for i in items:
        if i.due is None:
            state = "等待申请人补正，补正收到后重新计算期限"
        elif i.overdue:
            state = f"答复期限 {i.due.isoformat()}，已超期 {-(i.days_left or 0)} 个工作日"
        else:
            state = f"答复期限 {i.due.isoformat()}，还剩 {i.days_left} 个工作日"
        mark = "（估算）" if i.estimated else ""
        print(f"{i.number}\t收到 {i.received.isoformat()}\t{state}{mark}")
    if any(i.estimated for i in items):
        print(f"注：节假日安排只知道到 {until}，此后按仅周六、周日休息估算（标“估算”）。")
    return EXIT_OK


COMMANDS = {"import": cmd_import, "export": cmd_export, "table3": cmd_table3, "due": cmd_due}


def cmd_register(args: argparse.Namespace) -> int:
    return COMMANDS[args.register_command](args)
