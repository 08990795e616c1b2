"""What each check means, for the 使用说明: one line and an example per rule id. The help window
is generated from this table (never retyped), and tests/core/test_help.py keeps it complete:
every rule id the validator or the format can report has its entry here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleHelp:
    rule: str
    meaning: str
    example: str


RULE_HELP: tuple[RuleHelp, ...] = (
    RuleHelp("AGENCY.REQUIRED", "机关信息中带 * 的项目未填写（印在报告开头的联系方式）。",
             "“联系电话”空着。"),
    RuleHelp("AGENCY.FORMAT", "邮编、电话、电子邮箱或网址的写法不对。",
             "邮编写成“34510”（应为6位数字）。"),
    RuleHelp("DATE.INVALID", "落款日期未填写，或不是有效日期。", "落款日期空着，或写成“2026-02-30”。"),
    RuleHelp("DATE.EARLY", "落款日期早于统计年度的最后一天。", "2025年度报告落款为2025年12月20日。"),
    RuleHelp("DATE.DEADLINE", "落款日期晚于法定公布期限（部门1月31日，政府3月31日）。",
             "部门报告落款为2026年2月15日。"),
    RuleHelp("CELL.INVALID", "表格中有不是非负整数（或金额）的内容。", "表三某格填了“5件”或“-1”。"),
    RuleHelp("T2.FEE_UNIT", "信息处理费金额的数量级可疑，可能把“元”和“万元”弄混。",
             "收费金额填 15000（万元），实际是 1.5 万元。"),
    RuleHelp("T2.REPEALED_EXCEEDS", "本年废止、修改的规范性文件多于上年底现行有效的件数。",
             "上年现行有效 10 件，本年废止 12 件。"),
    RuleHelp("T2.IN_FORCE_DRIFT", "现行有效件数与“上年件数 + 本年制发 − 本年废止”对不上。",
             "上年 10 件，本年制发 2 件、废止 1 件，现行有效却填 15 件。"),
    RuleHelp("T3.ROW_TOTAL", "表三某行的“总计”与各类申请人之和不符（导入的文件中）。",
             "自然人 3、法人 2，总计却写 6。"),
    RuleHelp("T3.RESULT_TOTAL", "表三办理结果“总计”与（一）至（六）各项之和不符（导入的文件中）。",
             "各项办理结果相加为 8，总计写 9。"),
    RuleHelp("T3.BALANCE", "表三勾稽关系：新收 + 上年结转 = 办理结果总计 + 结转下年度。",
             "新收 5、上年结转 1，办理结果 4、结转下年度 0：差 2。"),
    RuleHelp("T3.CARRY_OVER", "本年“上年结转”与上年报告的“结转下年度”不一致。",
             "上年报告结转下年度 2 件，本年上年结转填 0。"),
    RuleHelp("T4.TOTAL", "表四复议或诉讼的“总计”与各项结果之和不符（导入的文件中）。",
             "维持 1、纠正 1，总计写 3。"),
    RuleHelp("T.YEAR_JUMP", "某项数字与上年相比骤增或骤减，请核实是否漏录、错录。",
             "行政处罚决定上年 41 件，本年 0 件。"),
    RuleHelp("TEXT.REQUIRED", "正文某部分还没有填写。", "“五、存在的主要问题及改进情况”空着。"),
    RuleHelp("TEXT.PLACEHOLDER", "正文中还留着模板的占位内容。", "“本机关共收到申请XX件”。"),
    RuleHelp("TEXT.CHARS", "正文中有无法打印或保存的字符，导出时会被删除。",
             "从网页复制来的控制字符或不可见字符。"),
    RuleHelp("TEXT.YEAR", "正文中写的年度或统计期限不是本报告的年度（常见于照抄上年）。",
             "2025年度报告写“2024年，本机关……”。"),
    RuleHelp("TEXT.COPY", "正文某部分与上年报告的同一部分高度相似。",
             "“一、总体情况”与上年相似度达 95%。"),
    RuleHelp("TEXT.PROBLEMS_EMPTY", "“存在的主要问题及改进情况”只写“无”或过于简略。",
             "只写了“无。”"),
    RuleHelp("TEXT.HEADINGS_ONLY", "正文只有小标题，没有正文。", "只写了“（一）主动公开”等五个小标题。"),
    RuleHelp("TEXT.FEE_MISSING", "“其他需要报告的事项”没有说明信息处理费的收取情况。",
             "第六部分没有出现“信息处理费”。"),
    RuleHelp("TEXT.NUMBER_MISMATCH", "正文中写的件数与表格中的数字不一致。",
             "正文写“收到申请12件”，表三新收申请为 15 件。"),
    RuleHelp("TEXT.ALL_CLOSED", "正文说“全部办结”，但表格中还有结转下年度的申请。",
             "正文写“均已按时办结”，表三结转下年度为 2 件。"),
    RuleHelp("TEXT.FEE_COHERENCE", "正文说收取了信息处理费，表二的收费金额却为 0（或相反）。",
             "第六部分写“收取信息处理费2件”，表二金额为 0。"),
)
