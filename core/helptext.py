"""The 使用说明 as HTML, generated from data: the steps from core.wizard and the format's
section help, the checks from core.validation.catalog, the folders from where they really are.
The window (gui/help_window.py) only shows it."""

from __future__ import annotations

from html import escape
from pathlib import Path

from core import APP_NAME
from core.formats import DEFAULT_FORMAT
from core.formats.spec import ReportFormat
from core.validation.catalog import RULE_HELP
from core.wizard import AGENCY, FINISH, steps

_OWN_STEP_HELP = {
    AGENCY: "核对机关全称、联系方式和网址（新报告沿用上年的信息），选择报告类别（决定公布期限）。",
    FINISH: "逐条检查校验结果，填写落款日期，定稿，然后导出 PDF（打印签发）、Excel（报送）、"
          "Word 和网页。",
}
PROBLEM_REPORT = ("遇到问题时，请记下操作经过（点了什么、看到什么提示），并把程序日志文件 {log} "
                  "（同一文件夹中的 nbzs.log.1 等是更早的日志）一并发给负责本程序的同事。"
                  "日志只记录操作和错误，不含报告正文。")


def problem_report_text(log_file: Path) -> str:
    return PROBLEM_REPORT.format(log=log_file)


def help_html(db_path: Path, backups: Path, log_file: Path,
              fmt: ReportFormat = DEFAULT_FORMAT) -> str:
    parts = [f"<h2>{escape(APP_NAME)} 使用说明</h2>",
             "<p>每年一份报告：在开始窗口“新建年度报告”（自动带入上年的机关信息和结转数字），"
             "按左侧的步骤逐项填写，每次修改立即保存。左侧每一步的状态：<b>未填写</b>（灰色，"
             "还没有内容）、<b>有错误</b>、<b>有提示</b>、<b>无问题</b>。</p>",
             "<h3>每年的步骤</h3><ol>"]
    for step in steps(fmt):
        text = _OWN_STEP_HELP.get(step.key) or fmt.section_by_key[step.key].help
        parts.append(f"<li><b>{escape(step.title)}</b>：{escape(text)}</li>")
    parts.append("</ol><h3>各项校验的含义</h3>"
                 "<p>错误（✖）必须改正后才能定稿；提示（▲）请逐条核实，无误的可以“确认此提示”。</p>"
                 "<table border='1' cellspacing='0' cellpadding='4'>"
                 "<tr><th>编号</th><th>含义</th><th>例如</th></tr>")
    for entry in RULE_HELP:
        parts.append(f"<tr><td><code>{escape(entry.rule)}</code></td>"
                     f"<td>{escape(entry.meaning)}</td><td>{escape(entry.example)}</td></tr>")
    parts.append("</table><h3>数据和备份保存在哪里</h3><ul>"
                 f"<li>数据库（全部报告）：{escape(str(db_path))}</li>"
                 f"<li>自动备份（可在“备份与恢复”中恢复）：{escape(str(backups))}</li>"
                 f"<li>程序日志：{escape(str(log_file))}</li></ul>"
                 f"<h3>报告问题</h3><p>{escape(problem_report_text(log_file))}</p>")
    return "".join(parts)
