"""Published reports read back: our own four outputs, the real WPS-made PDF, refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from core import reportfile
from core.export import render_bytes
from core.published import PublishedError
from core.published.names import same_agency
from core.published.report import read_bytes

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = Path("/work/shared/examples")
HONGZE = EXAMPLES / "published" / "hongze-district-government-2024.pdf"
SAMPLES = [ROOT / "resources" / "samples" / f"sample-{y}.json" for y in (2024, 2025)]


def _hostile(report):  # type: ignore[no-untyped-def]
    r = report.copy()
    r.texts["other"] = "本机关未收取信息处理费。<script>alert(1)</script> &“引号”〔2020〕\n第二段：A&B <b>粗</b>。"
    r.agency["address"] = "示例县<人民路>88号&东"
    return r


def _same(a, b) -> None:  # type: ignore[no-untyped-def]
    for key in ("name", "office", "address", "postcode", "phone", "email", "website_name",
                "website_url"):
        assert b.agency.get(key, "") == a.agency.get(key, ""), key
    assert (b.year, b.date) == (a.year, a.date)
    assert b.texts == a.texts
    values = a.parsed()
    for key in a.format.cell_keys:
        got = b.cells.get(key, b.declared.get(key))
        if key in a.format.money_keys:
            assert Decimal(str(got)) == values[key], key
        else:
            assert got == values[key], key


@pytest.mark.parametrize("kind", ["pdf", "docx", "html", "xlsx"])
@pytest.mark.parametrize("sample", [*SAMPLES, "hostile"])
def test_our_outputs_read_back_as_the_report_that_made_them(kind, sample) -> None:  # type: ignore[no-untyped-def]
    report = reportfile.load(SAMPLES[0]) if sample == "hostile" else reportfile.load(sample)
    if sample == "hostile":
        report = _hostile(report)
    data = render_bytes(report, kind)
    if kind == "xlsx":
        from core.export_xlsx import read_xlsx
        back = reportfile.parse_document(read_xlsx(data))
        back.declared.update({k: v for k, v in back.parsed().items() if k in back.format.derived_parts})
    else:
        published = read_bytes(data, kind)
        back = published.report
        assert published.source["tables"] == [2, 3, 4] and published.source["unread"] == []
        assert not [i for i in published.issues if i.rule.startswith("PUB.")]
    _same(report, back)


EXPECTED_T3_NATURAL = {
    "new_received": 95, "carried_over": 0, "granted": 50, "partially_granted": 9,
    "withheld.state_secret": 0, "withheld.prohibited_by_law": 0,
    "withheld.security_stability": 1, "withheld.third_party": 0, "withheld.internal_affairs": 0,
    "withheld.process_info": 1, "withheld.case_files": 1, "withheld.inquiry": 0,
    "unavailable.not_held": 31, "unavailable.needs_creation": 1, "unavailable.unclear": 0,
    "not_processed.petition": 1, "not_processed.repeated": 0, "not_processed.publication": 0,
    "not_processed.excessive": 0, "not_processed.confirmation": 0, "other.other": 0,
    "total_processed": 95, "carried_forward": 0}


@pytest.mark.skipif(not HONGZE.exists(), reason="example PDF not present")
def test_the_real_published_pdf_is_read_as_printed() -> None:
    published = read_bytes(HONGZE.read_bytes(), "pdf")
    r = published.report
    assert (r.agency_name, r.year) == ("淮安市洪泽区人民政府", 2024)
    assert (r.agency["address"], r.agency["postcode"], r.agency["phone"]) == \
        ("淮安市洪泽区洪泽湖大道90号", "223100", "0517-87290606")
    figures = {**r.cells, **r.declared}
    assert {k: figures[f"active/{k}"] for k in (
        "regulations/issued", "regulations/repealed", "regulations/in_force",
        "normative_documents/issued", "normative_documents/repealed",
        "normative_documents/in_force", "licensing/decisions", "penalty/decisions",
        "enforcement/decisions", "fees/amount")} == {
        "regulations/issued": 0, "regulations/repealed": 0, "regulations/in_force": 0,
        "normative_documents/issued": 3, "normative_documents/repealed": 0,
        "normative_documents/in_force": 8, "licensing/decisions": 9487,
        "penalty/decisions": 2776, "enforcement/decisions": 84, "fees/amount": "7545"}
    for row, natural in EXPECTED_T3_NATURAL.items():
        assert figures[f"requests/{row}/natural_person"] == natural, row
        assert figures[f"requests/{row}/total"] == natural, row
        for col in ("commercial", "research", "social_welfare", "legal_service", "other_org"):
            assert figures[f"requests/{row}/{col}"] == 0
    assert "requests/other.no_correction/natural_person" not in figures
    review = [figures[f"review/{b}/{c}"] for b in ("reconsideration", "litigation_direct",
              "litigation_after") for c in ("upheld", "corrected", "other", "pending", "total")]
    assert review == [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3]
    rules = {i.rule: i for i in published.issues}
    assert "2.其他法律行政止公开" in rules["PUB.LABEL"].message
    assert "PUB.OLD_LAYOUT" in rules
    assert r.texts["other"].endswith("信息处理费0元。")
    assert published.source["unread"] == ["agency/email", "agency/website_url"]


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


@pytest.mark.skipif(not HONGZE.exists(), reason="example PDF not present")
def test_audit_of_the_real_pdf_reports_what_its_readers_would_see(tmp_path: Path) -> None:
    done = _main("audit", str(HONGZE), "--format", "json")
    assert done.returncode == 1
    out = json.loads(done.stdout)
    assert out["source"] == {"kind": "pdf", "format": "2021", "tables": [2, 3, 4],
                             "unread": ["agency/email", "agency/website_url"]}
    rules = [i["rule"] for i in out["issues"]]
    assert {"PUB.LABEL", "PUB.OLD_LAYOUT", "TEXT.NUMBER_MISMATCH"} <= set(rules)
    mismatch = next(i for i in out["issues"] if i["rule"] == "TEXT.NUMBER_MISMATCH")
    assert "17" in mismatch["message"] and "95" in mismatch["message"]
    target = tmp_path / "hz.json"
    assert _main("convert", str(HONGZE), "-o", str(target)).returncode == 0
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["tables"]["requests"]["total_processed"]["total"] == 95
    assert "other.no_correction" not in doc["tables"]["requests"]


@pytest.mark.parametrize(("name", "words"), [
    ("000_1545fc00e0456d65.txt", "2009年度的旧格式"),
    ("002_dd0aca17394d444a.txt", "2018年度的旧格式"),
    ("004_e97ab93010bedecd.txt", "工作总结"),
])
def test_old_format_reports_are_refused_saying_what_they_are(name: str, words: str) -> None:
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip("example not present")
    done = _main("audit", str(path))
    assert done.returncode == 2 and done.stdout == ""
    assert words in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def _bad_pdfs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = {}
    good = render_bytes(reportfile.load(SAMPLES[0]), "pdf")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(good[:300] + b"\x00garbage" * 50)
    out["damaged"] = (damaged, "损坏")
    scanned = tmp_path / "scanned.pdf"
    c = canvas.Canvas(str(scanned), pagesize=A4)
    c.rect(50, 50, 400, 600, fill=1)
    c.showPage()
    c.save()
    out["scanned"] = (scanned, "OCR")
    encrypted = tmp_path / "encrypted.pdf"
    c = canvas.Canvas(str(encrypted), pagesize=A4, encrypt="secret")
    c.drawString(100, 700, "report")
    c.save()
    out["encrypted"] = (encrypted, "加密")
    many = tmp_path / "many.pdf"
    c = canvas.Canvas(str(many), pagesize=A4)
    for _ in range(301):
        c.drawString(100, 700, "x")
        c.showPage()
    c.save()
    out["many"] = (many, "300")
    docx = tmp_path / "damaged.docx"
    docx.write_bytes(render_bytes(reportfile.load(SAMPLES[0]), "docx")[:2000])
    out["docx"] = (docx, "Word")
    return out


@pytest.mark.parametrize("case", ["damaged", "scanned", "encrypted", "many", "docx"])
def test_bad_files_exit_2_with_one_chinese_line(tmp_path: Path, case: str) -> None:
    path, words = _bad_pdfs(tmp_path)[case]
    done = _main("audit", str(path))
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and words in done.stderr and "Traceback" not in done.stderr


def test_several_reports_in_one_file_are_refused(tmp_path: Path) -> None:
    report = reportfile.load(SAMPLES[0])
    one = render_bytes(report, "html").decode("utf-8")
    other = report.copy()
    other.agency["name"] = "另一个局"
    path = tmp_path / "two.html"
    path.write_text(one + render_bytes(other, "html").decode("utf-8"), encoding="utf-8")
    with pytest.raises(PublishedError, match="不止一份"):
        read_bytes(path.read_bytes(), "html")


def test_the_same_agency_under_a_longer_official_name() -> None:
    assert same_agency("淮安市洪泽区人民政府", "洪泽区人民政府")
    assert same_agency("江苏省淮安市洪泽区人民政府", "洪泽区人民政府")
    assert not same_agency("淮安市洪泽区人民政府", "淮阴区人民政府")


def test_previous_year_under_a_shorter_name_is_accepted(tmp_path: Path) -> None:
    this = reportfile.load(SAMPLES[1])
    last = reportfile.load(SAMPLES[0])
    this.agency["name"] = "某某市" + this.agency_name
    a, b = tmp_path / "this.json", tmp_path / "last.json"
    a.write_bytes(reportfile.dumps(this))
    b.write_bytes(reportfile.dumps(last))
    done = _main("check", str(a), "--previous", str(b), "--format", "json")
    assert done.returncode in (0, 1), done.stderr


def test_our_pdf_with_its_signoff_sheet_reads_back_as_one_report(sample_2025, tmp_path):
    from core.export import render_bytes
    from core.published import read_published

    path = tmp_path / "signed.pdf"
    path.write_bytes(render_bytes(sample_2025, "pdf", signoff=True))
    found = read_published(str(path), None).report
    assert (found.agency_name, found.year) == (sample_2025.agency_name, sample_2025.year)
    assert found.cells == sample_2025.cells
