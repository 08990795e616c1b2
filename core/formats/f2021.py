"""The official 2021 report format (国办公开办函〔2021〕30号), declared once as a ReportFormat.

Labels are verbatim from the official format (a wrong label is a visible defect to the people who
check these reports). Everything else — the report model, the rules, the wizard, the grid and
every renderer — reads them from `FORMAT`; the module-level names below are the parts of the
declaration, for the format's own tests.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from core.formats.spec import (
    AgencyField,
    AgencyKind,
    AmountClaim,
    Band,
    CarryOver,
    ClosureClaim,
    Column,
    Head,
    Identity,
    ReportFormat,
    Row,
    Section,
    Stock,
    Subheading,
    Sum,
    TableSpec,
    TextFigure,
    UnitCheck,
    YearJump,
    heads,
)
from core.textclean import CN_NUMERAL

FORMAT_ID = "2021"

# -- sections --------------------------------------------------------------------------------------

OVERVIEW_SUBHEADINGS = (
    Subheading("active", "（一）主动公开",
               "本年主动公开的主要内容、渠道和数量，重点领域信息公开情况，政策解读和回应关切。"),
    Subheading("requests", "（二）依申请公开",
               "依申请公开的受理、办理和答复情况，办理时限和规范化措施（具体数字见第三部分表格）。"),
    Subheading("management", "（三）政府信息管理",
               "公开属性源头认定、保密审查、规范性文件清理和动态更新等管理措施。"),
    Subheading("platform", "（四）政府信息公开平台建设",
               "门户网站专栏、政务新媒体、政务服务场所、查阅点等公开平台的建设和维护情况。"),
    Subheading("supervision", "（五）监督保障",
               "组织领导、工作机制、培训、考核、社会评议和责任追究情况。"),
)

# what a section that says nothing says (after white space, sub-headings and end punctuation
# are removed)
_SAYS_NOTHING = ("无", "没有", "暂无", "无问题", "没有问题", "不存在问题", "无存在问题", "无此项",
                 "无此情况", "不涉及")

SECTIONS: tuple[Section, ...] = (
    Section("overview", "一、总体情况", "text",
            "按（一）主动公开（二）依申请公开（三）政府信息管理（四）政府信息公开平台建设"
            "（五）监督保障 五个方面写，不能遗漏，也不宜泛化；部分地方要求控制在1000字左右。",
            short="一、总体情况", subheadings=OVERVIEW_SUBHEADINGS,
            placeholder="在这里输入正文。段落之间换行；小标题单独成行，如：\n（一）主动公开\n"
                        "本年度主动公开政府信息……"),
    Section("active", "二、主动公开政府信息情况", "table",
            "填写本机关本年度依《条例》第二十条主动公开的信息数量。", short="二、主动公开"),
    Section("requests", "三、收到和处理政府信息公开申请情况", "table",
            "每件申请只计入一种办理结果；本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和。",
            short="三、依申请公开"),
    Section("review", "四、政府信息公开行政复议、行政诉讼情况", "table",
            "只统计因政府信息公开引起的行政复议和行政诉讼。", short="四、复议诉讼"),
    Section("problems", "五、存在的主要问题及改进情况", "text",
            "写本年度发现的主要问题、改进措施，以及上一年度问题的整改落实情况；不能只写“无”。",
            short="五、问题及改进", min_chars=30, empty_words=_SAYS_NOTHING,
            brief_hint="应写明本年度存在的主要问题、改进措施及上年问题的整改情况，不能只写“无”。",
            placeholder="例如：\n一是部分栏目信息更新不够及时……下一步将建立栏目更新台账，每月检查。\n"
                        "二是上年指出的……问题，已于……整改完成。"),
    Section("other", "六、其他需要报告的事项", "text",
            "必须说明依据《政府信息公开信息处理费管理办法》收取信息处理费的情况（件数和金额，或未收取）；"
            "还可报告年度政务公开工作要点落实、人大代表建议和政协提案办理结果公开、创新做法等。",
            short="六、其他事项", must_mention="信息处理费",
            mention_hint="没有说明信息处理费的收取情况（依据《政府信息公开信息处理费管理办法》，"
                         "应写明收取的件数和金额，或写明未收取）。",
            placeholder="例如：\n依据《政府信息公开信息处理费管理办法》，本机关本年度未收取信息处理费。\n"
                        "本年度办理人大代表建议……件、政协提案……件，办理结果已全部公开。"),
)

# -- table 2 — 二、主动公开政府信息情况 -------------------------------------------------------------

_COUNT_HELP = "填整数件数；没有就填 0，不要空着或填“/”。"

T2_DOC_COLUMNS = (
    Column("issued", "本年制发件数", help="本年度新制发的件数。" + _COUNT_HELP, short="本年制发"),
    Column("repealed", "本年废止件数", help="本年度废止的件数。" + _COUNT_HELP, short="本年废止"),
    Column("in_force", "现行有效件数",
           help="截至12月31日现行有效的件数，一般等于上年现行有效件数＋本年制发－本年废止。",
           short="现行有效"),
)
T2_DECISIONS = (Column("decisions", "本年处理决定数量",
                       help="本年度作出的处理决定数量（件）。" + _COUNT_HELP),)
T2_FEES = (Column("amount", "本年收费金额（单位：万元）", money=True,
                  help="本年度收取的行政事业性收费总额，单位是万元（不是元），最多6位小数（精确到分）；没有收费填 0。"),)

T2_DOC_ROWS = (
    Row("regulations", "规章",
        help="只有国务院部门、省级政府和设区的市政府制定规章，县级部门一般填 0（必须填 0，不能空着）。"),
    Row("normative_documents", "行政规范性文件",
        help="以本机关名义制发的行政规范性文件（注意：标签是“行政规范性文件”，不是“规范性文件”）。"),
)
_CONTENT = "信息内容"


def _clause(title: str, columns: tuple[Column, ...], rows: tuple[Row, ...]) -> Band:
    return Band(columns=heads(columns), rows=heads(rows), corner=_CONTENT, title=title)


TABLE_ACTIVE = TableSpec(
    key="active", number="表二",
    bands=(
        _clause("第二十条第（一）项", T2_DOC_COLUMNS, T2_DOC_ROWS),
        _clause("第二十条第（五）项", T2_DECISIONS,
                (Row("licensing", "行政许可", help="本年度作出的行政许可处理决定数量。"),)),
        _clause("第二十条第（六）项", T2_DECISIONS,
                (Row("penalty", "行政处罚", help="本年度作出的行政处罚决定数量。"),
                 Row("enforcement", "行政强制", help="本年度作出的行政强制决定数量。"))),
        _clause("第二十条第（八）项", T2_FEES,
                (Row("fees", "行政事业性收费",
                     help="本机关收取的全部行政事业性收费（不是第六部分的信息处理费）。"),)),
    ),
    widths=(12.0, 9.0, 9.0, 9.0),
)

# -- table 3 — 三、收到和处理政府信息公开申请情况 ---------------------------------------------------

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT = "申请人情况"
T3_ORG_GROUP = "法人或其他组织"
T3_RESULTS_GROUP = "三、本年度办理结果"

T3_APPLICANT_COLUMNS = (
    Column("natural_person", "自然人", help="以个人名义提出的申请。"),
    Column("commercial", "商业企业", help="以企业名义提出的申请。"),
    Column("research", "科研机构", help="以科研机构名义提出的申请。"),
    Column("social_welfare", "社会公益组织", help="以社会公益组织名义提出的申请。"),
    Column("legal_service", "法律服务机构", help="以律师事务所等法律服务机构名义提出的申请。"),
    Column("other_org", "其他", help="以其他法人或组织名义提出的申请。"),
)
T3_TOTAL = Column("total", "总计", help="自动计算：六类申请人之和。",
                  total=Sum(tuple(c.key for c in T3_APPLICANT_COLUMNS), "T3.ROW_TOTAL",
                            "六类申请人之和"))
T3_COLUMNS = (*T3_APPLICANT_COLUMNS, T3_TOTAL)
T3_ORG_COLUMNS = T3_APPLICANT_COLUMNS[1:]

_R = Row  # the rows below read as the printed table


def _group(label: str, *rows: Row) -> Head:
    """（三）不予公开 and its numbered rows: their labels are read with the group's in front."""
    return Head(label, heads(rows), qualifies=True)


T3_GRANTED = _R("granted", "（一）予以公开", help="全部予以公开的申请。")
T3_PARTIAL = _R("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                help="区分处理、部分公开的申请只计在这一行，不再计入其他情形。")
T3_RESULT_GROUPS = (
    _group("（三）不予公开",
           _R("withheld.state_secret", "1.属于国家秘密",
              help="依《条例》第十四条，属于国家秘密不予公开的。"),
           _R("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开",
              help="法律、行政法规禁止公开的（第十四条）。"),
           _R("withheld.security_stability", "3.危及“三安全一稳定”",
              help="公开后可能危及国家安全、公共安全、经济安全、社会稳定的（第十四条）。"),
           _R("withheld.third_party", "4.保护第三方合法权益",
              help="涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害的（第十五条）。"),
           _R("withheld.internal_affairs", "5.属于三类内部事务信息",
              help="人事管理、后勤管理、内部工作流程等内部事务信息（第十六条第一款）。"),
           _R("withheld.process_info", "6.属于四类过程性信息",
              help="讨论记录、过程稿、磋商信函、请示报告等过程性信息（第十六条第二款）。"),
           _R("withheld.case_files", "7.属于行政执法案卷", help="行政执法案卷信息（第十六条第二款）。"),
           _R("withheld.inquiry", "8.属于行政查询事项",
              help="法律法规规定应通过其他途径查询的事项（第三十六条第（七）项）。")),
    _group("（四）无法提供",
           _R("unavailable.not_held", "1.本机关不掌握相关政府信息",
              help="经检索本机关没有该信息的（第三十六条第（四）项）。"),
           _R("unavailable.needs_creation", "2.没有现成信息需要另行制作",
              help="需要对现有信息加工、分析或另行制作的（第三十八条）。"),
           _R("unavailable.unclear", "3.补正后申请内容仍不明确",
              help="经补正后申请内容仍不明确的（第三十条）。")),
    _group("（五）不予处理",
           _R("not_processed.petition", "1.信访举报投诉类申请",
              help="以申请公开名义进行信访、投诉、举报的（第三十九条第一款）。"),
           _R("not_processed.repeated", "2.重复申请",
              help="重复申请公开相同信息、已告知或已答复的（第三十六条第（六）项）。"),
           _R("not_processed.publication", "3.要求提供公开出版物",
              help="要求提供公开出版物的（第三十九条第二款）。"),
           _R("not_processed.excessive", "4.无正当理由大量反复申请",
              help="无正当理由大量、反复申请，超出合理范围的（第三十五条）。"),
           _R("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息",
              help="申请人要求本机关确认或重新出具其已经获取的政府信息的。")),
    _group("（六）其他处理",
           _R("other.no_correction",
              "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
              help="告知补正后，申请人无正当理由逾期不补正，视为放弃申请的（第三十条）。"),
           _R("other.no_fee_paid",
              "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
              help="按《政府信息公开信息处理费管理办法》发出收费通知后，申请人逾期未缴费的。"),
           _R("other.other", "3.其他",
              help="不属于以上任何情形的其他处理结果（如申请人撤回申请），请在正文中说明。")),
)
# The 21 result rows whose sum is （七）总计.
T3_RESULT_ROWS = (T3_GRANTED.key, T3_PARTIAL.key,
                  *(leaf.row.key for g in T3_RESULT_GROUPS for leaf in g.leaves() if leaf.row))
T3_NEW = _R("new_received", "一、本年新收政府信息公开申请数量",
            help="本年1月1日至12月31日新收到的申请件数。", short="新收")
T3_CARRIED_OVER = _R("carried_over", "二、上年结转政府信息公开申请数量",
                     help="应等于上年度报告“四、结转下年度继续办理”的数字。", short="上年结转")
T3_TOTAL_PROCESSED = _R("total_processed", "（七）总计", help="自动计算：（一）至（六）各项之和。",
                        short="办理结果总计",
                        total=Sum(T3_RESULT_ROWS, "T3.RESULT_TOTAL", "（一）至（六）各项之和"))
T3_CARRIED_FORWARD = _R("carried_forward", "四、结转下年度继续办理",
                        help="截至12月31日仍在办理、结转到下一年度的申请件数。", short="结转下年度")

T3_ROWS = (T3_NEW, T3_CARRIED_OVER, T3_GRANTED, T3_PARTIAL,
           *(leaf.row for g in T3_RESULT_GROUPS for leaf in g.leaves() if leaf.row),
           T3_TOTAL_PROCESSED, T3_CARRIED_FORWARD)

TABLE_REQUESTS = TableSpec(
    key="requests", number="表三",
    bands=(Band(
        corner=T3_NOTE,
        columns=(Head(T3_APPLICANT, (
            Head(col=T3_APPLICANT_COLUMNS[0]),
            Head(T3_ORG_GROUP, heads(T3_ORG_COLUMNS)),
            Head(col=T3_TOTAL))),),
        rows=(
            Head(row=T3_NEW),
            Head(row=T3_CARRIED_OVER),
            Head(T3_RESULTS_GROUP, (
                Head(row=T3_GRANTED), Head(row=T3_PARTIAL), *T3_RESULT_GROUPS,
                Head(row=T3_TOTAL_PROCESSED))),
            Head(row=T3_CARRIED_FORWARD),
        )),),
    # the first label column holds a one-character-wide vertical label (三、本年度办理结果)
    widths=(2.7, 6.5, 18.5) + (4.6,) * len(T3_COLUMNS),
)

# -- table 4 — 四、政府信息公开行政复议、行政诉讼情况 -----------------------------------------------

T4_ENTERED_COLUMNS = (
    Column("upheld", "结果维持", help="复议机关或法院维持本机关原行为的件数。"),
    Column("corrected", "结果纠正", help="被撤销、变更、确认违法或责令履行等纠正的件数。"),
    Column("other", "其他结果", help="驳回、终止、撤回等其他结果的件数。"),
    Column("pending", "尚未审结", help="截至12月31日尚未审结的件数。"),
)
T4_TOTAL = Column("total", "总计", help="自动计算：前四项之和。",
                  total=Sum(tuple(c.key for c in T4_ENTERED_COLUMNS), "T4.TOTAL",
                            "结果维持、结果纠正、其他结果、尚未审结之和"))
T4_COLUMNS = (*T4_ENTERED_COLUMNS, T4_TOTAL)
T4_LITIGATION = "行政诉讼"
T4_ROWS = (
    Row("reconsideration", "行政复议", help="因政府信息公开引起的行政复议案件。"),
    Row("litigation_direct", "未经复议直接起诉", help="未经复议直接提起的行政诉讼案件。"),
    Row("litigation_after", "复议后起诉", help="经复议后提起的行政诉讼案件。"),
)

TABLE_REVIEW = TableSpec(
    key="review", number="表四",
    bands=(Band(columns=(
        Head(row=T4_ROWS[0], children=heads(T4_COLUMNS)),
        Head(T4_LITIGATION, (Head(row=T4_ROWS[1], children=heads(T4_COLUMNS)),
                             Head(row=T4_ROWS[2], children=heads(T4_COLUMNS)))),
    )),),
    widths=(4.6,) * (len(T4_ROWS) * len(T4_COLUMNS)),
)

TABLES = (TABLE_ACTIVE, TABLE_REQUESTS, TABLE_REVIEW)

# -- the agency ------------------------------------------------------------------------------------

AGENCY_FIELDS: tuple[AgencyField, ...] = (
    AgencyField("name", "机关全称", help="如：示例县应急管理局（用全称，出现在标题和落款中）。"),
    AgencyField("office", "承办科室", required=False, help="负责政务公开的科室，如：办公室。"),
    AgencyField("address", "联系地址"),
    AgencyField("postcode", "邮编", help="6位数字。", check="postcode"),
    AgencyField("phone", "联系电话", help="如：0000-1234567。", check="phone"),
    AgencyField("email", "电子邮箱", check="email"),
    AgencyField("website_name", "门户网站名称", help="报告电子版发布的网站，如：示例县人民政府门户网站。"),
    AgencyField("website_url", "网址", help="如 https://www.example.gov.cn，或直接写 www.example.gov.cn。",
                check="url"),
)
AGENCY_KINDS = (
    AgencyKind("department", "本部门的报告", (1, 31), "《条例》第四十九条"),
    AgencyKind("government", "本级政府（管委会）的报告", (3, 31), "《条例》第五十条"),
)

# -- title and opening paragraph -------------------------------------------------------------------


def title(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


def _part_name(heading: str) -> str:
    return re.sub(r"^[一二三四五六七八九十]+、", "", heading)


def opening(agency: Mapping[str, str], year: int, fmt: ReportFormat) -> str:
    """The convention seen in nearly every published report (report-format.md, "Title and
    opening"): basis, compiler, parts, statistics period, where to read it, whom to ask."""
    a = {f.key: agency.get(f.key, "").strip() for f in fmt.agency_fields}
    parts = "、".join(_part_name(s.heading) for s in fmt.sections)
    text = (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        f"《中华人民共和国政府信息公开工作年度报告格式》（{fmt.name}）要求，"
        f"由{a['name']}编制。本报告由{parts}等六部分组成。"
        f"本报告中所列数据的统计期限为{year}年1月1日至{year}年12月31日。"
    )
    if a["website_name"] or a["website_url"]:
        where = a["website_name"] + (f"（{a['website_url']}）" if a["website_url"] else "")
        text += f"本报告电子版可在{where}查阅或下载。"
    contacts = [f"{label}：{a[key]}" for key, label in (
        ("address", "地址"), ("postcode", "邮编"), ("phone", "电话"), ("email", "电子邮箱"))
        if a[key]]
    text += f"如对本报告有任何疑问，请与{a['name'] + a['office']}联系"
    text += f"（{'；'.join(contacts)}）。" if contacts else "。"
    return text


# -- figures quoted in the prose (TEXT.NUMBER_MISMATCH) --------------------------------------------

# a count: Arabic or full-width digits (made half-width first), or Chinese numerals; 件 起 宗 个
# count alike
_NUM = rf"(\d+|{CN_NUMERAL})\s*[件起宗个]"
_GAP = r"[^。；;，,、\d\n" + CN_NUMERAL[1:-2] + r"]{0,%d}?"
_NOT_REQUESTS = ("复议", "诉讼", "建议", "提案", "许可", "审批", "处罚", "事项", "办件", "信访",
                 "投诉", "咨询")
_NEW, _OLD = "requests/new_received/total", "requests/carried_over/total"

TEXT_FIGURES = (
    TextFigure(r"新收" + _GAP % 24 + r"申请" + _GAP % 8 + _NUM, (_NEW,),
               exclude=(*_NOT_REQUESTS, "结转")),
    # 收到/受理 N 件 in real reports means 新收, or 新收 + 上年结转 (all handled this year)
    TextFigure(r"(?:收到|受理|收办)" + _GAP % 24 + r"申请" + _GAP % 8 + _NUM, (_NEW,),
               exclude=(*_NOT_REQUESTS, "结转"), alternatives=((_NEW, _OLD),)),
    TextFigure(r"上一?年度?结转" + _GAP % 16 + _NUM, (_OLD,)),
    TextFigure(r"办结" + _GAP % 12 + _NUM, ("requests/total_processed/total",),
               exclude=(*_NOT_REQUESTS, "案件", "强制")),
    TextFigure(r"结转(?:至|到)?下一?年度?" + _GAP % 12 + _NUM,
               ("requests/carried_forward/total",)),
    TextFigure(r"(?<!部分)予以公开" + _GAP % 6 + _NUM, ("requests/granted/total",),
               exclude=("部分公开",)),
    TextFigure(r"予以公开(?:及|和|与|、)部分公开" + _GAP % 6 + _NUM,
               ("requests/granted/total", "requests/partially_granted/total"),
               label="表三“（一）予以公开”与“（二）部分公开”总计之和"),
    TextFigure(r"行政复议" + _GAP % 12 + _NUM, ("review/reconsideration/total",),
               exclude=("诉讼",)),
    TextFigure(r"行政诉讼" + _GAP % 12 + _NUM,
               ("review/litigation_direct/total", "review/litigation_after/total"),
               label="表四“行政诉讼”两项总计之和", exclude=("复议",)),
    TextFigure(r"(?:制发|印发|出台)" + _GAP % 12 + r"行政规范性文件" + _GAP % 4 + _NUM,
               ("active/normative_documents/issued",)),
    TextFigure(r"废止" + _GAP % 12 + r"行政规范性文件" + _GAP % 4 + _NUM,
               ("active/normative_documents/repealed",)),
    TextFigure(r"现行有效" + _GAP % 12 + r"行政规范性文件" + _GAP % 4 + _NUM,
               ("active/normative_documents/in_force",)),
    TextFigure(r"行政规范性文件" + _GAP % 8 + r"现行有效" + _GAP % 4 + _NUM,
               ("active/normative_documents/in_force",)),
)

# -- claims in the prose checked against the tables, and figures checked against last year --------

CLOSURE_CLAIMS = (ClosureClaim(
    "TEXT.ALL_CLOSED",
    phrases=(r"均已(?:按期)?办结", r"全部(?:按期)?办结", r"均(?:已)?按时办结", r"办结率(?:为|达到?)?\s*100\s*[%％]",
             r"无结转", r"没有结转", r"无(?:一)?件结转"),
    topic="申请", cell="requests/carried_forward/total", exclude=("上年结转", "上一年度结转")),)
AMOUNT_CLAIMS = (AmountClaim("TEXT.FEE_COHERENCE", "other", "信息处理费", "active/fees/amount"),)
YEAR_JUMPS = (YearJump(
    "T.YEAR_JUMP",
    cells=(*(f"active/{r.key}/issued" for r in T2_DOC_ROWS),
           "active/licensing/decisions", "active/penalty/decisions", "active/enforcement/decisions",
           _NEW, *(f"review/{r.key}/total" for r in T4_ROWS)),
    factor=5, floor=20),)

# -- the format --------------------------------------------------------------------------------------

FORMAT = ReportFormat(
    id=FORMAT_ID,
    name="国办公开办函〔2021〕30号",
    sections=SECTIONS,
    tables=TABLES,
    agency_fields=AGENCY_FIELDS,
    agency_kinds=AGENCY_KINDS,
    title=title,
    opening=opening,
    identities=(Identity("T3.BALANCE", "requests",
                         left=(T3_NEW.key, T3_CARRIED_OVER.key),
                         right=(T3_TOTAL_PROCESSED.key, T3_CARRIED_FORWARD.key),
                         note="勾稽关系：第一项加第二项之和，等于第三项加第四项之和"),),
    stocks=(Stock("active", tuple(r.key for r in T2_DOC_ROWS), "in_force", "issued", "repealed",
                  drift_rule="T2.IN_FORCE_DRIFT", exceeds_rule="T2.REPEALED_EXCEEDS"),),
    carry_over=(
        *(CarryOver(f"requests/{T3_CARRIED_FORWARD.key}/{c.key}",
                    f"requests/{T3_CARRIED_OVER.key}/{c.key}", rule="T3.CARRY_OVER")
          for c in T3_APPLICANT_COLUMNS),
        *(CarryOver(f"active/{r.key}/in_force", f"active/{r.key}/in_force")
          for r in T2_DOC_ROWS),
    ),
    unit_checks=(UnitCheck("active/fees/amount", "T2.FEE_UNIT", Decimal(10000), "万元", "元",
                           10000, kinds=("department",)),),
    text_figures=TEXT_FIGURES,
    closure_claims=CLOSURE_CLAIMS,
    amount_claims=AMOUNT_CLAIMS,
    year_jumps=YEAR_JUMPS,
    money_decimals=6,  # 万元 to the fen, as real reports print it
)
