"""The clerk's ledger in and out: synonyms, date forms, result forms from the format, every bad
row listed, all or nothing, and a round trip that changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from core.formats import DEFAULT_FORMAT
from core.register.columns import guess_mapping
from core.register.ledger import HEADER, ledger_bytes
from core.register.ledger_read import LedgerError, LedgerRejected, read_header, read_ledger
from core.register.model import Application

D = dt.date
TABLE3 = DEFAULT_FORMAT.table_by_key["requests"]


def csv_file(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "l.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_headers_are_understood_by_their_common_names() -> None:
    assert guess_mapping(["序号", "受理日期", "申请人姓名", "申请人类别", "申请渠道", "申请事项",
                          "办结日期", "处理结果", "收费金额（元）", "联系电话", "编号"]) == [
        "number", "received", "applicant", "applicant_type", "channel", "content", "replied",
        "result", "fee", None, None]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding_with_every_date_form(tmp_path: Path, encoding: str) -> None:
    path = csv_file(tmp_path, "受理编号,申请日期,申请人类型,办结日期,办理结果,延期,备注\n"
                              "A-1,2025-03-03,自然人,2025/3/20,予以公开,否,电话联系\n"
                              "A-2,2025年12月1日,法律服务机构,,,是,\n", encoding)
    ledger = read_ledger(path)
    assert ledger.applications == (
        Application("A-1", D(2025, 3, 3), "natural_person", replied=D(2025, 3, 20),
                    result="granted", remarks=(("备注", "电话联系"),)),
        Application("A-2", D(2025, 12, 1), "legal_service", extended=True))


def test_every_result_row_is_accepted_short_and_verbatim(tmp_path: Path) -> None:
    lines = ["编号,收到日期,申请人类型,答复日期,办理结果"]
    expected = []
    for n, row in enumerate(r for r in TABLE3.rows if r.key in TABLE3.row("total_processed")
                            .total.parts):  # type: ignore[union-attr]
        group = TABLE3.qualifiers.get(row.key, "")
        for form, text in enumerate((group + row.label, row.label)):
            lines.append(f"{n}-{form},2025-01-02,其他,2025-01-10,\"{text}\"")
            expected.append(row.key)
    short = ["予以公开", "部分公开", "不予公开-属于国家秘密", "无法提供-本机关不掌握相关政府信息",
             "不予处理-重复申请", "其他处理-其他"]
    for n, text in enumerate(short):
        lines.append(f"s{n},2025-01-02,其他,2025-01-10,{text}")
    expected += ["granted", "partially_granted", "withheld.state_secret",
                 "unavailable.not_held", "not_processed.repeated", "other.other"]
    apps = read_ledger(csv_file(tmp_path, "\n".join(lines))).applications
    assert [a.result for a in apps] == expected
    assert {a.applicant_type for a in apps} == {"other_org"}


@pytest.mark.parametrize("row, column, reason", [
    ("1,2025-03-03,个人,,", "申请人类型", "未知的申请人类型“个人”"),
    ("1,2025-03-03,自然人,2025-03-09,全部公开", "办理结果", "未知的办理结果“全部公开”"),
    ("1,2025-02-30,自然人,,", "收到日期", "日期“2025-02-30”不存在"),
    ("1,3/3/2025,自然人,,", "收到日期", "无法识别的日期“3/3/2025”"),
    ("1,2025-03-03,自然人,2025-03-01,予以公开", "答复日期", "答复日期早于收到日期"),
    ("1,2025-03-03,自然人,,予以公开", "答复日期", "填写了办理结果，但没有答复日期"),
    (",2025-03-03,自然人,,", "编号", "编号不能为空"),
])
def test_a_bad_row_is_named_with_its_column_and_reason(tmp_path: Path, row: str, column: str,
                                                       reason: str) -> None:
    path = csv_file(tmp_path, "编号,收到日期,申请人类型,答复日期,办理结果\n"
                              "0,2025-01-02,自然人,,\n" + row + "\n")
    with pytest.raises(LedgerRejected) as exc:
        read_ledger(path)
    first = exc.value.problems[0]
    assert (first.row, first.column) == (3, column)
    assert first.reason.startswith(reason)
    assert str(exc.value).startswith(f"台账第 3 行“{column}”：{reason}")


def test_every_bad_row_is_listed_and_duplicates_name_the_first(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "序号,申请日期,申请人类别\n7,2025-01-02,自然人\n"
                              "8,2025-13-01,自然人\n7,2025-01-03,自然人\n9,2025-01-04,国家\n")
    with pytest.raises(LedgerRejected) as exc:
        read_ledger(path)
    assert [(p.row, p.column) for p in exc.value.problems] == [
        (3, "申请日期"), (4, "序号"), (5, "申请人类别")]
    assert exc.value.problems[1].reason == "编号“7”与第 2 行重复"
    assert str(exc.value).endswith("共 3 行有误，未导入任何申请。")


@pytest.mark.parametrize("name, content, message", [
    ("l.xlsx", b"PK\x03\x04 not really a zip", "不是有效的 Excel 工作簿"),
    ("l.xlsx", "编号,收到日期\n".encode(), "不是有效的 Excel 工作簿"),
    ("l.xls", b"\xd0\xcf\x11\xe0", "不支持旧版 Excel"),
    ("l.txt", b"x", "台账应为 Excel 工作簿"),
    ("l.csv", "申请人,申请内容\n张三,x\n".encode(), "台账缺少必需的列：编号、收到日期、申请人类型"),
    ("l.csv", b"", "台账是空的"),
])
def test_a_file_that_is_not_a_ledger_is_refused(tmp_path: Path, name: str, content: bytes,
                                                message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LedgerError, match=message):
        read_ledger(path)


def test_row_and_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.register import ledger_read

    monkeypatch.setattr(ledger_read, "MAX_ROWS", 2)
    path = csv_file(tmp_path, "编号,收到日期,申请人类型\n" + "".join(
        f"{n},2025-01-02,自然人\n" for n in range(3)))
    with pytest.raises(LedgerError, match="台账超过 2 行的上限"):
        read_ledger(path)
    monkeypatch.setattr(ledger_read, "MAX_UNPACKED", 100)
    book = tmp_path / "big.xlsx"
    book.write_bytes(ledger_bytes([Application("1", D(2025, 1, 2), "natural_person")]))
    with pytest.raises(LedgerError, match="解压后超过 200 MB"):
        read_ledger(book)


FULL = (
    Application("001", D(2024, 12, 30), "commercial", applicant="某某有限公司", channel="信函",
                content="=HYPERLINK(\"http://x\")", correction_requested=D(2025, 1, 3),
                correction_received=D(2025, 1, 8), extended=True, replied=D(2025, 2, 27),
                result="withheld.security_stability", fee=Decimal("12.5"),
                remarks=(("联系电话", "+86 138"), ("经办人", "李四"))),
    Application("2025-002", D(2025, 3, 3), "natural_person", applicant="张三", channel="网络",
                content="第一行\n第二行", replied=D(2025, 3, 4), result="other.no_fee_paid",
                fee=Decimal("100")),
    Application("2025-003", D(2025, 12, 31), "other_org", correction_requested=D(2026, 1, 2)),
)


def test_export_reads_back_unchanged_and_formula_like_text_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(ledger_bytes(FULL))
    assert read_header(path)[:len(HEADER)] == HEADER
    assert read_ledger(path).applications == FULL
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet["F2"].value == "=HYPERLINK(\"http://x\")" and sheet["F2"].data_type == "s"
    assert sheet["A2"].value == "001"
    assert sheet["K2"].value == "不予公开-危及“三安全一稳定”"


def test_export_without_personal_data_leaves_names_contents_and_remarks_empty(
        tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(ledger_bytes(FULL, personal=False))
    back = read_ledger(path).applications
    assert [(a.applicant, a.content, a.remarks) for a in back] == [("", "", ())] * 3
    assert [a.result for a in back] == [a.result for a in FULL]
    cells = [str(v) for row in openpyxl.load_workbook(path).worksheets[0]
             .iter_rows(values_only=True) for v in row if v is not None]
    assert not [c for c in cells if any(p in c for p in ("张三", "某某", "李四", "138"))]
