"""The command line as other programs use it: exit codes, JSON output, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.support import ROOT, SAMPLES

S24, S25 = str(SAMPLES / "sample-2024.json"), str(SAMPLES / "sample-2025.json")


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_check_sample_with_previous_is_clean():
    out = run("check", S25, "--previous", S24)
    assert out.returncode == 0, out.stderr
    assert "没有发现问题" in out.stdout


def test_check_json_with_errors(tmp_path):
    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    doc["tables"]["requests"]["carried_forward"]["natural_person"] = 2
    del doc["tables"]["requests"]["carried_forward"]["total"]
    doc["text"]["other"] = "本年度办理人大代表建议4件、政协提案1件，办理复文均已公开。"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    out = run("check", str(path), "--format", "json")
    assert out.returncode == 1
    result = json.loads(out.stdout)
    assert result["errors"] == 2 and result["warnings"] >= 1
    rules = [i["rule"] for i in result["issues"]]
    assert rules.count("T3.BALANCE") == 2  # 自然人 and 总计
    assert "TEXT.FEE_MISSING" in rules
    for issue in result["issues"]:
        assert set(issue) == {"rule", "severity", "message", "cells"}
        assert issue["severity"] in ("error", "warning")
        assert isinstance(issue["cells"], list)
    balance = next(i for i in result["issues"] if i["rule"] == "T3.BALANCE")
    assert balance["cells"] == ["requests/new_received/natural_person",
                                "requests/carried_over/natural_person",
                                "requests/total_processed/natural_person",
                                "requests/carried_forward/natural_person"]


def test_check_text_output_is_chinese_lines(tmp_path):
    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    doc["agency"]["postcode"] = "12345"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    out = run("check", str(path))
    assert out.returncode == 1
    assert "错误 [AGENCY.FORMAT] 机关信息“邮编”“12345”不是6位数字。" in out.stdout
    assert out.stdout.strip().endswith("共 1 个错误、0 个提示。")


@pytest.mark.parametrize(("args", "words"), [
    (("check", "missing.json"), "找不到文件"),
    (("check", S25, "--previous", S25), "应为2024年度"),
    (("check", "--format", "xml", S25), "命令行参数有误"),
    (("frobnicate",), "命令行参数有误"),
])
def test_unreadable_input_exit_2_one_line(args, words):
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0]
    assert "Traceback" not in out.stderr


def test_previous_of_another_agency_is_refused(tmp_path):
    doc = json.loads((SAMPLES / "sample-2024.json").read_text("utf-8"))
    doc["agency"]["name"] = "青禾县生态环境局"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    out = run("check", S25, "--previous", str(path))
    assert out.returncode == 2 and "青禾县生态环境局" in out.stderr and out.stdout == ""


def test_unreadable_file_exit_2(tmp_path):
    path = tmp_path / "r.json"
    path.write_bytes(b'{"schema": "gdar/1", "format": "2021", "year": 2025, "agency": {},'
                     b' "text": {}, "tables": {}, "colour": "red"}')
    out = run("check", str(path))
    assert out.returncode == 2 and "colour" in out.stderr and out.stdout == ""


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("年报助手 ")


def test_import_list_dump_round_trip(tmp_path):
    db = str(tmp_path / "r.sqlite3")
    out = run("--db", db, "import", S24)
    assert out.returncode == 0, out.stderr
    assert "青禾县应急管理局 2024" in out.stdout
    assert run("--db", db, "import", S25).returncode == 0
    listing = run("--db", db, "list")
    assert listing.returncode == 0
    rows = [line.split("\t") for line in listing.stdout.strip().splitlines()]
    assert sorted((r[0], r[1], r[2]) for r in rows) == [("青禾县应急管理局", "2024", "草稿"),
                                                        ("青禾县应急管理局", "2025", "草稿")]
    target = tmp_path / "out.json"
    out = run("--db", db, "dump", "--agency", "青禾县应急管理局", "--year", "2025", "-o",
              str(target))
    assert out.returncode == 0, out.stderr
    assert json.loads(target.read_text("utf-8")) == json.loads(
        (SAMPLES / "sample-2025.json").read_text("utf-8"))
    stdout_dump = run("--db", db, "dump", "--agency", "青禾县应急管理局", "--year", "2024")
    assert json.loads(stdout_dump.stdout)["year"] == 2024


def test_import_with_errors_is_stored_as_draft(tmp_path):
    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    doc["tables"]["requests"]["granted"]["natural_person"] = "六"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    db = str(tmp_path / "r.sqlite3")
    out = run("--db", db, "import", str(path))
    assert out.returncode == 0
    assert "草稿" in out.stdout and "错误" in out.stderr
    dumped = run("--db", db, "dump", "--agency", "青禾县应急管理局", "--year", "2025")
    assert json.loads(dumped.stdout)["tables"]["requests"]["granted"]["natural_person"] == "六"


def test_unreadable_import_changes_nothing(tmp_path):
    db = str(tmp_path / "r.sqlite3")
    assert run("--db", db, "import", S24).returncode == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "gdar/1", "format": "2021", "year": 2025}', "utf-8")
    out = run("--db", db, "import", str(bad))
    assert out.returncode == 2 and out.stdout == ""
    listing = run("--db", db, "list").stdout.strip().splitlines()
    assert len(listing) == 1 and "2024" in listing[0]


def test_dump_unknown_report_and_unwritable_target(tmp_path):
    db = str(tmp_path / "r.sqlite3")
    assert run("--db", db, "import", S25).returncode == 0
    out = run("--db", db, "dump", "--agency", "不存在的局", "--year", "2025")
    assert out.returncode == 2 and "没有" in out.stderr and out.stdout == ""
    out = run("--db", db, "dump", "--agency", "青禾县应急管理局", "--year", "2025", "-o",
              str(tmp_path / "no" / "such" / "dir" / "x.json"))
    assert out.returncode == 3 and out.stdout == "" and len(out.stderr.strip().splitlines()) == 1


def test_database_from_newer_version_is_refused(tmp_path):
    import sqlite3

    db = tmp_path / "r.sqlite3"
    assert run("--db", str(db), "import", S25).returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    out = run("--db", str(db), "list")
    assert out.returncode == 2 and "更新版本" in out.stderr and "Traceback" not in out.stderr


def test_export_both_files(tmp_path):
    pdf, xlsx = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    out = run("export", S25, "--previous", S24, "--pdf", str(pdf), "--xlsx", str(xlsx),
              "--signoff")
    assert out.returncode == 0, out.stderr
    assert pdf.read_bytes().startswith(b"%PDF") and xlsx.stat().st_size > 5000
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "审签单" in text and "草稿：" not in text  # no draft mark (the sheet says 状态 草稿)
    from openpyxl import load_workbook

    assert load_workbook(xlsx).sheetnames[-1] == "数据"


def test_export_with_errors_is_a_draft_and_exit_0(tmp_path):
    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    doc["agency"]["postcode"] = "1"
    src = tmp_path / "r.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    pdf = tmp_path / "r.pdf"
    out = run("export", str(src), "--pdf", str(pdf))
    assert out.returncode == 0
    assert "草稿" in out.stderr
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "草稿" in text


def test_export_to_unwritable_target_exit_3_leaves_nothing(tmp_path):
    import os

    target_dir = tmp_path / "out"
    target_dir.mkdir()
    if os.geteuid() == 0:  # root ignores permissions: make the target a directory instead
        target = target_dir / "r.pdf"
        target.mkdir()
    else:
        target_dir.chmod(0o500)
        target = target_dir / "r.pdf"
    try:
        out = run("export", S25, "--pdf", str(target))
        assert out.returncode == 3
        assert out.stdout == "" and len(out.stderr.strip().splitlines()) == 1
        assert "无法写入" in out.stderr and "Traceback" not in out.stderr
        leftovers = [p for p in target_dir.iterdir() if p != target]
        assert leftovers == []  # no partial or temporary file
    finally:
        target_dir.chmod(0o700)


def test_list_and_dump_never_create_a_mistyped_database(tmp_path):
    missing = tmp_path / "typo" / "reportz.sqlite3"
    for args in (("list",), ("dump", "--agency", "青禾县应急管理局", "--year", "2025")):
        out = run("--db", str(missing), *args)
        assert out.returncode == 2 and "不存在" in out.stderr and out.stdout == ""
    assert not (tmp_path / "typo").exists()


def test_import_while_the_database_is_open_elsewhere_is_exit_3(tmp_path):
    from core.storage import Database

    db_path = tmp_path / "r.sqlite3"
    with Database.open(db_path, exclusive=True):  # as the running application holds it
        out = run("--db", str(db_path), "import", S25)
    assert out.returncode == 3 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1


def test_excel_we_wrote_can_be_checked_and_imported(tmp_path):
    xlsx = tmp_path / "r.xlsx"
    assert run("export", S25, "--xlsx", str(xlsx)).returncode == 0
    out = run("check", str(xlsx), "--previous", S24)
    assert out.returncode == 0, out.stderr
    db = str(tmp_path / "r.sqlite3")
    assert run("--db", db, "import", str(xlsx)).returncode == 0
    dumped = json.loads(run("--db", db, "dump", "--agency", "青禾县应急管理局", "--year",
                            "2025").stdout)
    assert dumped["tables"] == json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))[
        "tables"]


def test_xlsx_only_export_with_errors_does_not_mention_a_pdf(tmp_path):
    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    doc["agency"]["postcode"] = "1"
    src = tmp_path / "r.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    out = run("export", str(src), "--xlsx", str(tmp_path / "r.xlsx"))
    assert out.returncode == 0 and "1 个错误" in out.stderr and "PDF" not in out.stderr


# -- outputs (interfaces.md, "Outputs") --------------------------------------------------------------

def _one_line_exit(out, code):
    assert out.returncode == code, out.stderr
    assert out.stdout == "" and len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_an_output_that_is_the_input_is_refused_before_anything_is_written(tmp_path):
    import shutil

    src = tmp_path / "r.json"
    shutil.copy(S25, src)
    before = src.read_bytes()
    pdf = tmp_path / "r.pdf"
    out = run("export", str(src), "--pdf", str(pdf), "--xlsx", str(src))
    _one_line_exit(out, 2)
    assert "输入文件" in out.stderr
    assert src.read_bytes() == before and not pdf.exists()
    # spelled differently, the same file
    out = run("export", str(src), "--pdf", str(tmp_path / "." / "r.json"))
    _one_line_exit(out, 2)
    assert src.read_bytes() == before


def test_two_outputs_on_one_file_are_refused(tmp_path):
    same = tmp_path / "r.out"
    out = run("export", S25, "--pdf", str(same), "--xlsx", str(same))
    _one_line_exit(out, 2)
    assert "同一个文件" in out.stderr and not same.exists()


def test_a_symlinked_output_replaces_the_link_not_its_target(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    link = tmp_path / "r.pdf"
    link.symlink_to(victim)
    out = run("export", S25, "--pdf", str(link))
    assert out.returncode == 0, out.stderr
    assert not link.is_symlink() and link.read_bytes().startswith(b"%PDF")
    assert victim.read_text("utf-8") == "keep me"


def test_a_pipe_as_output_is_exit_3_and_does_not_hang(tmp_path):
    import os

    fifo = tmp_path / "r.pdf"
    os.mkfifo(fifo)
    out = run("export", S25, "--pdf", str(fifo))
    _one_line_exit(out, 3)
    assert "不是普通文件" in out.stderr


def test_when_the_second_output_fails_the_first_stays(tmp_path):
    pdf = tmp_path / "r.pdf"
    blocked = tmp_path / "r.xlsx"
    blocked.mkdir()  # a folder where the workbook should go
    out = run("export", S25, "--pdf", str(pdf), "--xlsx", str(blocked))
    _one_line_exit(out, 3)
    assert "Excel" in out.stderr and "PDF" in out.stderr  # which failed, which was kept
    assert pdf.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf", "r.xlsx"]


def test_dump_onto_the_database_is_refused(tmp_path):
    db = tmp_path / "r.sqlite3"
    assert run("--db", str(db), "import", S25).returncode == 0
    before = db.read_bytes()
    out = run("--db", str(db), "dump", "--agency", "青禾县应急管理局", "--year", "2025",
              "-o", str(db))
    _one_line_exit(out, 2)
    assert "数据库" in out.stderr and db.read_bytes() == before


def test_a_report_with_errors_exports_every_kind_marked_draft(tmp_path):
    import docx
    from openpyxl import load_workbook

    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    doc["tables"]["requests"]["granted"]["research"] = "/"
    doc["text"]["other"] += "<script>alert(1)</script>=SUM(A1)\x07"
    src = tmp_path / "r.json"
    src.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    out = {k: tmp_path / f"r.{k}" for k in ("pdf", "xlsx", "docx", "html")}
    result = run("export", str(src), *[a for k, p in out.items() for a in (f"--{k}", str(p))])
    assert result.returncode == 0, result.stderr
    assert "草稿" in result.stderr and "错误" in result.stderr
    pdf = subprocess.run(["pdftotext", str(out["pdf"]), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert "草稿" in pdf
    assert "（草稿）" in load_workbook(out["xlsx"]).worksheets[0].cell(1, 1).value
    word = docx.Document(str(out["docx"]))
    header = "".join(p.text for s in word.sections for p in s.header.paragraphs)
    body = "".join(p.text for p in word.paragraphs)
    assert "草稿" in header + body
    assert "<script>alert(1)</script>=SUM(A1)" in body and "\x07" not in body
    page = out["html"].read_text("utf-8")
    assert "草稿" in page and "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;=SUM(A1)" in page


# -- limits and faults found in review -------------------------------------------------------------

@pytest.mark.parametrize(("edit", "words"), [
    (lambda d: d["tables"]["review"]["reconsideration"].update(upheld=float("nan")), "NaN"),
    (lambda d: d["tables"]["review"]["reconsideration"].update(upheld=1234567890123456),
     "15 位"),
    (lambda d: d["text"].update(other="字" * 200_001), "200,000"),
])
def test_beyond_the_limits_is_exit_2_naming_the_limit(edit, words, tmp_path):
    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    edit(doc)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")  # json writes NaN as NaN
    for command in (("check", str(path)), ("export", str(path), "--pdf", str(tmp_path / "o.pdf"))):
        out = run(*command)
        _one_line_exit(out, 2)
        assert words in out.stderr
    assert not (tmp_path / "o.pdf").exists()


def test_a_fee_far_too_large_is_an_invalid_cell_not_a_crash(tmp_path):
    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    doc["tables"]["active"]["fees"]["amount"] = "1" + "0" * 22
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    out = run("check", str(path), "--format", "json")
    assert out.returncode == 1, out.stderr
    assert [i["rule"] for i in json.loads(out.stdout)["issues"]] == ["CELL.INVALID"]
    assert run("export", str(path), "--pdf", str(tmp_path / "o.pdf"),
               "--docx", str(tmp_path / "o.docx")).returncode == 0


def test_a_control_character_in_the_date_is_removed_in_every_output(tmp_path):
    import docx
    import html5lib

    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    doc["date"] = "2026-01-2\x07"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    out = run("export", str(path), "--docx", str(tmp_path / "o.docx"), "--html",
              str(tmp_path / "o.html"))
    assert out.returncode == 0, out.stderr
    assert "\x07" not in "".join(p.text for p in docx.Document(str(tmp_path / "o.docx")).paragraphs)
    html5lib.HTMLParser(strict=True).parse((tmp_path / "o.html").read_bytes())  # no U+0007


def test_exit_3_is_one_line_even_with_notes(tmp_path):
    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    doc["text"]["other"] += "\x01\x02"  # gives a note (控制字符已删除)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    blocked = tmp_path / "o.docx"
    blocked.mkdir()
    out = run("export", str(path), "--pdf", str(tmp_path / "o.pdf"), "--docx", str(blocked))
    _one_line_exit(out, 3)


def test_check_shows_control_characters_escaped(tmp_path):
    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    doc["date"] = "2026\x1b[31m"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    out = run("check", str(path))
    assert "\x1b" not in out.stdout and "\\u001b" in out.stdout
