"""`register …` on the command line: exit codes, one Chinese stderr line, the JSON shapes,
nothing half-imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from core.formats import DEFAULT_FORMAT
from tests.support import ROOT

AGENCY = "青禾县应急管理局"
LEDGER = ("序号,申请日期,申请人,申请人类别,申请方式,申请内容,补正通知日期,补正收到日期,延期,"
          "办结日期,处理结果,联系电话\n"
          "1,2025-03-03,张三,自然人,网络,规划,,,否,2025-03-20,予以公开,13800000000\n"
          "2,2025-03-03,某公司,商业企业,信函,价格,,,是,,,\n"
          "3,2025-03-03,李四,自然人,当面,名单,2025-03-05,,否,,,\n")


def run(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(db), *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def imported(tmp_path: Path) -> Path:
    db = tmp_path / "r.sqlite3"
    (tmp_path / "l.csv").write_text(LEDGER, encoding="gb18030")
    out = run("register", "import", str(tmp_path / "l.csv"), "--agency", AGENCY, db=db)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "已导入台账：新增 3 件，更新 0 件，未变 0 件。\n"
    return db


def test_table3_json_has_every_cell_keyed_by_the_format(tmp_path: Path) -> None:
    db = imported(tmp_path)
    out = run("register", "table3", "--agency", AGENCY, "--year", "2025", "--format", "json",
              db=db)
    assert out.returncode == 0, out.stderr
    table = json.loads(out.stdout)["requests"]
    spec = DEFAULT_FORMAT.table_by_key["requests"]
    assert {(r, c) for r, cols in table.items() for c in cols} == {
        (r.key, c.key) for r, c in spec.bindings}
    assert table["new_received"] == {"natural_person": 2, "commercial": 1, "research": 0,
                                     "social_welfare": 0, "legal_service": 0, "other_org": 0,
                                     "total": 3}
    assert table["granted"]["total"] == table["total_processed"]["total"] == 1
    assert table["carried_forward"]["total"] == 2
    assert "张三" not in out.stdout


def test_due_json_is_the_contract_shape(tmp_path: Path) -> None:
    db = imported(tmp_path)
    out = run("register", "due", "--agency", AGENCY, "--on", "2025-04-02", "--format", "json",
              db=db)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {
        "open": [{"id": "2", "received": "2025-03-03", "due": "2025-04-28", "days_left": 18,
                  "overdue": False},
                 {"id": "3", "received": "2025-03-03", "due": None, "waiting": "补正"}],
        "calendar_until": "2026-12-31"}
    text = run("register", "due", "--agency", AGENCY, "--on", "2025-04-02", db=db)
    assert "等待申请人补正" in text.stdout and "李四" not in text.stdout


def test_unknown_agency_and_bad_date_are_exit_2_on_one_line(tmp_path: Path) -> None:
    db = imported(tmp_path)
    for args in (("due", "--agency", "别的局"), ("table3", "--agency", "别的局", "--year", "2025"),
                 ("due", "--agency", AGENCY, "--on", "2025-02-30")):
        out = run("register", *args, db=db)
        assert out.returncode == 2 and out.stdout == ""
        assert len(out.stderr.splitlines()) == 1 and "Traceback" not in out.stderr


def test_a_bad_ledger_imports_nothing_and_names_the_first_bad_row(tmp_path: Path) -> None:
    db = imported(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("编号,收到日期,申请人类型,答复日期,办理结果\n"
                   "1,2025-03-03,自然人,2025-03-21,予以公开\n"  # would update application 1
                   "9,2025-03-04,自然人,2025-03-01,予以公开\n"
                   "10,2025-03-04,团体,,\n", encoding="utf-8")
    out = run("register", "import", str(bad), "--agency", AGENCY, db=db)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr == ("bad.csv：台账第 3 行“答复日期”：答复日期早于收到日期；"
                          "共 2 行有误，未导入任何申请。\n")
    export = tmp_path / "all.xlsx"
    assert run("register", "export", "--agency", AGENCY, "-o", str(export), db=db).returncode == 0
    from core.register.ledger_read import read_ledger

    apps = read_ledger(export).applications
    assert [a.number for a in apps] == ["1", "2", "3"]
    assert apps[0].replied is not None and apps[0].replied.isoformat() == "2025-03-20"


def test_export_by_year_round_trips_and_refuses_the_database_as_output(tmp_path: Path) -> None:
    db = imported(tmp_path)
    out_path = tmp_path / "2026.xlsx"
    out = run("register", "export", "--agency", AGENCY, "--year", "2026", "-o", str(out_path),
              db=db)
    assert out.returncode == 0, out.stderr
    again = run("register", "import", str(out_path), "--agency", AGENCY, db=db)
    assert again.stdout == "已导入台账：新增 0 件，更新 0 件，未变 2 件。\n"  # 1 was answered in 2025
    refused = run("register", "export", "--agency", AGENCY, "-o", str(db), db=db)
    assert refused.returncode == 2 and "数据库" in refused.stderr
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    assert run("register", "export", "--agency", AGENCY, "-o", str(folder), db=db).returncode == 3
