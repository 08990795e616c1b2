"""The command line's arguments (interfaces.md), kept apart from the commands so that starting
the GUI parses its arguments without importing validation, report files or exporters."""

from __future__ import annotations

import argparse
from typing import NoReturn

EXIT_OK, EXIT_INVALID, EXIT_INPUT, EXIT_OUTPUT = 0, 1, 2, 3


class ChineseArgumentParser(argparse.ArgumentParser):
    """Usage errors as one Chinese line (exit 2), like every other unreadable input."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"命令行参数有误：{message}（用 python main.py --help 查看用法）\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(
        prog="main.py", description="年报助手：政府信息公开工作年度报告编制工具")
    parser.add_argument("--db", metavar="PATH", help="数据库文件（默认在用户数据文件夹中）")
    parser.add_argument("--version", action="store_true", help="显示版本号")
    parser.add_argument("--smoke-test", metavar="OUTDIR",
                        help="自检：离屏打开示例报告、导出 PDF 和 Excel 到 OUTDIR（用于检查安装包）")
    sub = parser.add_subparsers(dest="command", parser_class=ChineseArgumentParser)

    p = sub.add_parser("check", help="校验报告文件")
    p.add_argument("file", metavar="FILE.json")
    p.add_argument("--previous", metavar="LAST.json", help="上年度报告文件（用于跨年度校验）")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("audit", help="检查已发布的报告（PDF、Word、网页、文本或报告文件）")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--previous", metavar="FILE", help="上年度报告（同样可为已发布的文件）")
    p.add_argument("--year", type=int, metavar="Y", help="报告年度（标题中没有年度时）")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("convert", help="把已发布的报告转换为报告文件")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", required=True, metavar="OUT.json")

    p = sub.add_parser("export", help="导出 PDF / Excel / Word / 网页")
    p.add_argument("file", metavar="FILE.json")
    p.add_argument("--previous", metavar="LAST.json")
    p.add_argument("--pdf", metavar="OUT.pdf")
    p.add_argument("--xlsx", metavar="OUT.xlsx")
    p.add_argument("--docx", metavar="OUT.docx", help="Word 文件（供编辑、加版头）")
    p.add_argument("--html", metavar="OUT.html", help="网页文件（供上传政府网站）")
    p.add_argument("--signoff", action="store_true", help="在 PDF 末尾附审签单")

    p = sub.add_parser("import", help="把报告文件存入数据库")
    p.add_argument("file", metavar="FILE.json")

    p = sub.add_parser("dump", help="把数据库中的报告写成报告文件")
    p.add_argument("--agency", required=True, metavar="NAME")
    p.add_argument("--year", required=True, type=int, metavar="Y")
    p.add_argument("-o", "--output", metavar="FILE.json")

    p = sub.add_parser("list", help="列出数据库中的报告")
    p = sub.add_parser("salvage", help="从损坏的数据库中抢救可读的数据，写成一个新的数据库")
    p.add_argument("-o", "--output", metavar="NEW.sqlite3",
                   help="新数据库文件（默认在原数据库旁：<名称>.salvaged-<时间>.sqlite3）")
    _register_parser(sub)
    return parser


def _iso_date(text: str) -> str:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期“{text}”应为 YYYY-MM-DD") from None


def _register_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    reg = sub.add_parser("register", help="依申请公开台账：导入、导出、统计表三、答复期限")
    cmds = reg.add_subparsers(dest="register_command", parser_class=ChineseArgumentParser,
                              required=True)
    p = cmds.add_parser("import", help="导入台账（.xlsx 或 .csv），全部导入或全部不导入")
    p.add_argument("ledger", metavar="LEDGER")
    p.add_argument("--agency", required=True, metavar="NAME")
    p = cmds.add_parser("export", help="把台账写成 Excel 工作簿")
    p.add_argument("--agency", required=True, metavar="NAME")
    p.add_argument("--year", type=int, metavar="Y")
    p.add_argument("--without-personal", action="store_true",
                   help="不写申请人、申请内容和备注列")
    p.add_argument("-o", "--output", required=True, metavar="OUT.xlsx")
    p = cmds.add_parser("table3", help="由台账统计表三")
    p.add_argument("--agency", required=True, metavar="NAME")
    p.add_argument("--year", required=True, type=int, metavar="Y")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p = cmds.add_parser("due", help="未办结申请及其答复期限")
    p.add_argument("--agency", required=True, metavar="NAME")
    p.add_argument("--on", type=_iso_date, metavar="YYYY-MM-DD")
    p.add_argument("--format", choices=("text", "json"), default="text")
