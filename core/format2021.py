"""The official 2021 report format (国办公开办函〔2021〕30号) declared once, as data.

Everything else — the report model, validation, the wizard's forms, the PDF and the Excel
writer — reads its sections, tables, rows, columns, labels and help texts from here, so that a
label exists in exactly one place. Labels are verbatim from the official format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT_ID = "2021"
SCHEMA_ID = "gdar/1"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    derived: bool = False  # computed from the other columns; never entered
    money: bool = False  # 万元 with up to 4 decimals instead of a whole count
    help: str = ""


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    derived: bool = False  # the whole row is computed (table 3 （七）总计)
    group: str = ""  # merged group label cell this row sits under, e.g. （三）不予公开
    help: str = ""


@dataclass(frozen=True)
class Block:
    """A block of table 2: a full-width clause row, a header row, data rows."""

    clause: str
    header: tuple[str, ...]  # header labels; the first one is 信息内容
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Table:
    key: str
    heading: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    # for tables whose columns differ per row (table 2): row key -> columns
    row_columns: dict[str, tuple[Column, ...]] = field(default_factory=dict)

    def columns_for(self, row_key: str) -> tuple[Column, ...]:
        return self.row_columns.get(row_key, self.columns)

    def row(self, key: str) -> Row:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    def cells(self) -> list[tuple[Row, Column]]:
        return [(r, c) for r in self.rows for c in self.columns_for(r.key)]

    def entered_cells(self) -> list[tuple[Row, Column]]:
        return [(r, c) for r, c in self.cells() if not (r.derived or c.derived)]

    def derived_cells(self) -> list[tuple[Row, Column]]:
        return [(r, c) for r, c in self.cells() if r.derived or c.derived]


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    kind: str  # "text" or "table"
    help: str = ""


def cell_key(table: str, row: str, column: str) -> str:
    return f"{table}/{row}/{column}"


def split_cell_key(key: str) -> tuple[str, str, str]:
    table, row, column = key.split("/")
    return table, row, column


# ---------------------------------------------------------------------------------------------
# Sections

OVERVIEW_SUBHEADINGS = (
    ("active", "（一）主动公开",
     "本年主动公开的主要内容、渠道和数量，重点领域信息公开情况，政策解读和回应关切。"),
    ("requests", "（二）依申请公开",
     "依申请公开的受理、办理和答复情况，办理时限和规范化措施（具体数字见第三部分表格）。"),
    ("management", "（三）政府信息管理",
     "公开属性源头认定、保密审查、规范性文件清理和动态更新等管理措施。"),
    ("platform", "（四）政府信息公开平台建设",
     "门户网站专栏、政务新媒体、政务服务场所、查阅点等公开平台的建设和维护情况。"),
    ("supervision", "（五）监督保障",
     "组织领导、工作机制、培训、考核、社会评议和责任追究情况。"),
)

SECTIONS: tuple[Section, ...] = (
    Section("overview", "一、总体情况", "text",
            "按（一）主动公开（二）依申请公开（三）政府信息管理（四）政府信息公开平台建设"
            "（五）监督保障 五个方面写，不能遗漏，也不宜泛化；部分地方要求控制在1000字左右。"),
    Section("active", "二、主动公开政府信息情况", "table",
            "填写本机关本年度依《条例》第二十条主动公开的信息数量。"),
    Section("requests", "三、收到和处理政府信息公开申请情况", "table",
            "每件申请只计入一种办理结果；本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和。"),
    Section("review", "四、政府信息公开行政复议、行政诉讼情况", "table",
            "只统计因政府信息公开引起的行政复议和行政诉讼。"),
    Section("problems", "五、存在的主要问题及改进情况", "text",
            "写本年度发现的主要问题、改进措施，以及上一年度问题的整改落实情况；不能只写“无”。"),
    Section("other", "六、其他需要报告的事项", "text",
            "必须说明依据《政府信息公开信息处理费管理办法》收取信息处理费的情况（件数和金额，或未收取）；"
            "还可报告年度政务公开工作要点落实、人大代表建议和政协提案办理结果公开、创新做法等。"),
)

TEXT_SECTIONS = tuple(s.key for s in SECTIONS if s.kind == "text")
SECTION_BY_KEY = {s.key: s for s in SECTIONS}

# ---------------------------------------------------------------------------------------------
# Table 2 — 二、主动公开政府信息情况

_COUNT_HELP = "填整数件数；没有就填 0，不要空着或填“/”。"

T2_DOC_COLUMNS = (
    Column("issued", "本年制发件数", help="本年度新制发的件数。" + _COUNT_HELP),
    Column("repealed", "本年废止件数", help="本年度废止的件数。" + _COUNT_HELP),
    Column("in_force", "现行有效件数",
           help="截至12月31日现行有效的件数，一般等于上年现行有效件数＋本年制发－本年废止。"),
)
T2_DECISIONS = (Column("decisions", "本年处理决定数量",
                       help="本年度作出的处理决定数量（件）。" + _COUNT_HELP),)
T2_FEES = (Column("amount", "本年收费金额（单位：万元）", money=True,
                  help="本年度收取的行政事业性收费总额，单位是万元（不是元），最多4位小数；没有收费填 0。"),)

T2_BLOCKS: tuple[Block, ...] = (
    Block("第二十条第（一）项", ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
          (Row("regulations", "规章",
               help="只有国务院部门、省级政府和设区的市政府制定规章，县级部门一般填 0（必须填 0，不能空着）。"),
           Row("normative_documents", "行政规范性文件",
               help="以本机关名义制发的行政规范性文件（注意：标签是“行政规范性文件”，不是“规范性文件”）。")),
          T2_DOC_COLUMNS),
    Block("第二十条第（五）项", ("信息内容", "本年处理决定数量"),
          (Row("licensing", "行政许可", help="本年度作出的行政许可处理决定数量。"),),
          T2_DECISIONS),
    Block("第二十条第（六）项", ("信息内容", "本年处理决定数量"),
          (Row("penalty", "行政处罚", help="本年度作出的行政处罚决定数量。"),
           Row("enforcement", "行政强制", help="本年度作出的行政强制决定数量。")),
          T2_DECISIONS),
    Block("第二十条第（八）项", ("信息内容", "本年收费金额（单位：万元）"),
          (Row("fees", "行政事业性收费",
               help="本机关收取的全部行政事业性收费（不是第六部分的信息处理费）。"),),
          T2_FEES),
)

TABLE_ACTIVE = Table(
    key="active",
    heading=SECTION_BY_KEY["active"].heading,
    rows=tuple(r for b in T2_BLOCKS for r in b.rows),
    columns=T2_DOC_COLUMNS,
    row_columns={r.key: b.columns for b in T2_BLOCKS for r in b.rows},
)

# ---------------------------------------------------------------------------------------------
# Table 3 — 三、收到和处理政府信息公开申请情况

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT = "申请人情况"
T3_ORG_GROUP = "法人或其他组织"
T3_RESULTS_GROUP = "三、本年度办理结果"

T3_COLUMNS = (
    Column("natural_person", "自然人", help="以个人名义提出的申请。"),
    Column("commercial", "商业企业", help="以企业名义提出的申请。"),
    Column("research", "科研机构", help="以科研机构名义提出的申请。"),
    Column("social_welfare", "社会公益组织", help="以社会公益组织名义提出的申请。"),
    Column("legal_service", "法律服务机构", help="以律师事务所等法律服务机构名义提出的申请。"),
    Column("other_org", "其他", help="以其他法人或组织名义提出的申请。"),
    Column("total", "总计", derived=True, help="自动计算：六类申请人之和。"),
)
T3_APPLICANT_COLUMNS = tuple(c for c in T3_COLUMNS if not c.derived)
T3_ORG_COLUMNS = T3_COLUMNS[1:6]

_G_WITHHELD = "（三）不予公开"
_G_UNAVAILABLE = "（四）无法提供"
_G_NOT_PROCESSED = "（五）不予处理"
_G_OTHER = "（六）其他处理"

T3_ROWS: tuple[Row, ...] = (
    Row("new_received", "一、本年新收政府信息公开申请数量",
        help="本年1月1日至12月31日新收到的申请件数。"),
    Row("carried_over", "二、上年结转政府信息公开申请数量",
        help="应等于上年度报告“四、结转下年度继续办理”的数字。"),
    Row("granted", "（一）予以公开", group=T3_RESULTS_GROUP,
        help="全部予以公开的申请。"),
    Row("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        group=T3_RESULTS_GROUP,
        help="区分处理、部分公开的申请只计在这一行，不再计入其他情形。"),
    Row("withheld.state_secret", "1.属于国家秘密", group=_G_WITHHELD,
        help="依《条例》第十四条，属于国家秘密不予公开的。"),
    Row("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开", group=_G_WITHHELD,
        help="法律、行政法规禁止公开的（第十四条）。"),
    Row("withheld.security_stability", "3.危及“三安全一稳定”", group=_G_WITHHELD,
        help="公开后可能危及国家安全、公共安全、经济安全、社会稳定的（第十四条）。"),
    Row("withheld.third_party", "4.保护第三方合法权益", group=_G_WITHHELD,
        help="涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害的（第十五条）。"),
    Row("withheld.internal_affairs", "5.属于三类内部事务信息", group=_G_WITHHELD,
        help="人事管理、后勤管理、内部工作流程等内部事务信息（第十六条第一款）。"),
    Row("withheld.process_info", "6.属于四类过程性信息", group=_G_WITHHELD,
        help="讨论记录、过程稿、磋商信函、请示报告等过程性信息（第十六条第二款）。"),
    Row("withheld.case_files", "7.属于行政执法案卷", group=_G_WITHHELD,
        help="行政执法案卷信息（第十六条第二款）。"),
    Row("withheld.inquiry", "8.属于行政查询事项", group=_G_WITHHELD,
        help="法律法规规定应通过其他途径查询的事项（第三十六条第（七）项）。"),
    Row("unavailable.not_held", "1.本机关不掌握相关政府信息", group=_G_UNAVAILABLE,
        help="经检索本机关没有该信息的（第三十六条第（四）项）。"),
    Row("unavailable.needs_creation", "2.没有现成信息需要另行制作", group=_G_UNAVAILABLE,
        help="需要对现有信息加工、分析或另行制作的（第三十八条）。"),
    Row("unavailable.unclear", "3.补正后申请内容仍不明确", group=_G_UNAVAILABLE,
        help="经补正后申请内容仍不明确的（第三十条）。"),
    Row("not_processed.petition", "1.信访举报投诉类申请", group=_G_NOT_PROCESSED,
        help="以申请公开名义进行信访、投诉、举报的（第三十九条第一款）。"),
    Row("not_processed.repeated", "2.重复申请", group=_G_NOT_PROCESSED,
        help="重复申请公开相同信息、已告知或已答复的（第三十六条第（六）项）。"),
    Row("not_processed.publication", "3.要求提供公开出版物", group=_G_NOT_PROCESSED,
        help="要求提供公开出版物的（第三十九条第二款）。"),
    Row("not_processed.excessive", "4.无正当理由大量反复申请", group=_G_NOT_PROCESSED,
        help="无正当理由大量、反复申请，超出合理范围的（第三十五条）。"),
    Row("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息",
        group=_G_NOT_PROCESSED,
        help="申请人要求本机关确认或重新出具其已经获取的政府信息的。"),
    Row("other.no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", group=_G_OTHER,
        help="告知补正后，申请人无正当理由逾期不补正，视为放弃申请的（第三十条）。"),
    Row("other.no_fee_paid",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        group=_G_OTHER,
        help="按《政府信息公开信息处理费管理办法》发出收费通知后，申请人逾期未缴费的。"),
    Row("other.other", "3.其他", group=_G_OTHER,
        help="不属于以上任何情形的其他处理结果（如申请人撤回申请），请在正文中说明。"),
    Row("total_processed", "（七）总计", derived=True, group=T3_RESULTS_GROUP,
        help="自动计算：（一）至（六）各项之和。"),
    Row("carried_forward", "四、结转下年度继续办理",
        help="截至12月31日仍在办理、结转到下一年度的申请件数。"),
)

# The 21 result rows whose sum is （七）总计.
T3_RESULT_ROWS = tuple(
    r.key for r in T3_ROWS if r.group and not r.derived
)

# Sub-groups inside 三、本年度办理结果, in print order: (label, row keys).
T3_RESULT_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (g, tuple(r.key for r in T3_ROWS if r.group == g))
    for g in (_G_WITHHELD, _G_UNAVAILABLE, _G_NOT_PROCESSED, _G_OTHER)
)

TABLE_REQUESTS = Table(
    key="requests",
    heading=SECTION_BY_KEY["requests"].heading,
    rows=T3_ROWS,
    columns=T3_COLUMNS,
)

# ---------------------------------------------------------------------------------------------
# Table 4 — 四、政府信息公开行政复议、行政诉讼情况

T4_RECONSIDERATION = "行政复议"
T4_LITIGATION = "行政诉讼"

T4_COLUMNS = (
    Column("upheld", "结果维持", help="复议机关或法院维持本机关原行为的件数。"),
    Column("corrected", "结果纠正", help="被撤销、变更、确认违法或责令履行等纠正的件数。"),
    Column("other", "其他结果", help="驳回、终止、撤回等其他结果的件数。"),
    Column("pending", "尚未审结", help="截至12月31日尚未审结的件数。"),
    Column("total", "总计", derived=True, help="自动计算：前四项之和。"),
)
T4_ROWS = (
    Row("reconsideration", "行政复议", help="因政府信息公开引起的行政复议案件。"),
    Row("litigation_direct", "未经复议直接起诉", help="未经复议直接提起的行政诉讼案件。"),
    Row("litigation_after", "复议后起诉", help="经复议后提起的行政诉讼案件。"),
)

TABLE_REVIEW = Table(
    key="review",
    heading=SECTION_BY_KEY["review"].heading,
    rows=T4_ROWS,
    columns=T4_COLUMNS,
)

TABLES: tuple[Table, ...] = (TABLE_ACTIVE, TABLE_REQUESTS, TABLE_REVIEW)
TABLE_BY_KEY = {t.key: t for t in TABLES}

# ---------------------------------------------------------------------------------------------
# Agency details (机关信息)


@dataclass(frozen=True)
class AgencyField:
    key: str
    label: str
    required: bool = True
    help: str = ""


AGENCY_FIELDS: tuple[AgencyField, ...] = (
    AgencyField("name", "机关全称", help="如：示例县应急管理局（用全称，出现在标题和落款中）。"),
    AgencyField("office", "承办科室", required=False, help="负责政务公开的科室，如：办公室。"),
    AgencyField("address", "联系地址"),
    AgencyField("postcode", "邮编", help="6位数字。"),
    AgencyField("phone", "联系电话", help="如：0000-1234567。"),
    AgencyField("email", "电子邮箱"),
    AgencyField("website_name", "门户网站名称", help="报告电子版发布的网站，如：示例县人民政府门户网站。"),
    AgencyField("website_url", "网址", help="以 http:// 或 https:// 开头。"),
)
AGENCY_FIELD_BY_KEY = {f.key: f for f in AGENCY_FIELDS}


def all_cell_keys(entered_only: bool = False) -> list[str]:
    """Every cell key of the three tables, in print order."""
    keys = []
    for t in TABLES:
        cells = t.entered_cells() if entered_only else t.cells()
        keys.extend(cell_key(t.key, r.key, c.key) for r, c in cells)
    return keys


def nest_cells(flat: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Flat cell keys → the report file's nested tables, in print order:
    {"requests/granted/total": 7} → {"active": {}, "requests": {"granted": {"total": 7}},
    "review": {}}. Every table is present; a row only when it has a cell."""
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for table in TABLES:
        rows: dict[str, dict[str, Any]] = {}
        for row in table.rows:
            cols = {c.key: flat[k] for c in table.columns_for(row.key)
                    if (k := cell_key(table.key, row.key, c.key)) in flat}
            if cols:
                rows[row.key] = cols
        tables[table.key] = rows
    return tables


def cell_label(key: str) -> str:
    """A human label for a cell key, for messages: 表三“一、本年新收…”行“自然人”列."""
    table_key, row_key, col_key = split_cell_key(key)
    table = TABLE_BY_KEY[table_key]
    row = table.row(row_key)
    col = next(c for c in table.columns_for(row_key) if c.key == col_key)
    num = {"active": "表二", "requests": "表三", "review": "表四"}[table_key]
    row_label = row.label
    if row.group and row.group not in (T3_RESULTS_GROUP,):
        row_label = f"{row.group}{row.label}"
    return f"{num}“{row_label}”行“{col.label}”列"


def cell_help(key: str) -> str:
    table_key, row_key, col_key = split_cell_key(key)
    table = TABLE_BY_KEY[table_key]
    row = table.row(row_key)
    col = next(c for c in table.columns_for(row_key) if c.key == col_key)
    return "\n".join(h for h in (row.help, col.help) if h)
