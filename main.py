"""年报助手 — entry point. Thin: parse arguments, then hand over to the GUI or a core command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # A Windows console may be GBK: never crash on a character it cannot show.
        if stream is not None and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    from core.cli_args import build_parser

    args = build_parser().parse_args(argv)
    if args.version:
        from core import APP_NAME, __version__

        print(f"{APP_NAME} {__version__}")
        return 0
    if args.command:
        from core.cli import run

        try:
            return run(args)
        except Exception as exc:  # noqa: BLE001 — the contract: never a traceback
            from core.applog import log_exception

            where = log_exception(exc)
            print(f"内部错误：{exc.__class__.__name__}，详情已记录在日志 {where}", file=sys.stderr)
            return 70  # not 1 (= the report has errors): a bug of ours (EX_SOFTWARE)
    if args.smoke_test:
        from gui.smoke import run_smoke

        return run_smoke(args.smoke_test)
    from gui.app import run_gui

    return run_gui(db_path=args.db)


if __name__ == "__main__":
    sys.exit(main())
