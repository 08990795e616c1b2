"""Working days and due dates: holidays and 调休 workdays, the holiday files of later years,
corrections (补正) and extensions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from core.register.calendar import HolidayFileError, WorkCalendar
from core.register.deadlines import due_date, open_on
from core.register.model import Application

D = dt.date


def app(**kw: object) -> Application:
    fields: dict[str, object] = {"number": "A1", "received": D(2025, 9, 26),
                                 "applicant_type": "natural_person"}
    fields.update(kw)
    return Application(**fields)  # type: ignore[arg-type]


@pytest.fixture
def cal(tmp_path: Path) -> WorkCalendar:
    return WorkCalendar(tmp_path)  # no holiday files: the package's years only


def test_the_national_day_week_and_its_weekend_workdays_count_as_the_notice_says(
        cal: WorkCalendar) -> None:
    # 2025: 10月1日至8日放假; 9月28日（星期日）、10月11日（星期六）上班
    assert cal.is_workday(D(2025, 9, 28)) and cal.is_workday(D(2025, 10, 11))
    assert not cal.is_workday(D(2025, 10, 3)) and not cal.is_workday(D(2025, 10, 8))
    # received Friday 26 Sept: 9/28, 9/29, 9/30 are working days 1–3, 10/9 the 4th …
    assert cal.add_workdays(D(2025, 9, 26), 3) == D(2025, 9, 30)
    assert cal.add_workdays(D(2025, 9, 26), 4) == D(2025, 10, 9)
    # 9/28–9/30 are 1–3, 10/9–10/11 are 4–6, then 14 weekdays: the 20th is Thursday 30 October
    assert due_date(app(), cal) == D(2025, 10, 30)


def test_extension_doubles_the_period_and_a_correction_restarts_it(cal: WorkCalendar) -> None:
    plain = app(received=D(2025, 3, 3))  # Monday; March 2025 has no holiday
    assert due_date(plain, cal) == D(2025, 3, 31)
    # 40th: 清明 (Friday 4 April) is off, Sunday 27 April is a 调休 workday → Monday 28 April
    assert due_date(app(received=D(2025, 3, 3), extended=True), cal) == D(2025, 4, 28)
    waiting = app(received=D(2025, 3, 3), correction_requested=D(2025, 3, 5))
    assert due_date(waiting, cal) is None
    corrected = app(received=D(2025, 3, 3), correction_requested=D(2025, 3, 5),
                    correction_received=D(2025, 3, 10))
    # 20 working days after Monday 10 March, skipping 清明 on Friday 4 April
    assert due_date(corrected, cal) == D(2025, 4, 8)


def test_days_left_is_zero_on_the_due_day_and_negative_after(cal: WorkCalendar) -> None:
    apps = [app(number="late", received=D(2025, 3, 3)),
            app(number="fix", received=D(2025, 3, 3), correction_requested=D(2025, 3, 4)),
            app(number="done", received=D(2025, 3, 3), replied=D(2025, 3, 20),
                result="granted")]
    on_due = open_on(apps, D(2025, 3, 31), cal)
    assert [i.as_dict() for i in on_due] == [
        {"id": "late", "received": "2025-03-03", "due": "2025-03-31", "days_left": 0,
         "overdue": False},
        {"id": "fix", "received": "2025-03-03", "due": None, "waiting": "补正"}]
    later = open_on(apps, D(2025, 4, 3), cal)[0]
    assert (later.days_left, later.overdue) == (-3, True)
    assert open_on(apps, D(2025, 3, 28), cal)[0].days_left == 1  # Friday → Monday


def test_a_holiday_file_extends_the_calendar_and_beyond_it_weekends_alone(
        tmp_path: Path) -> None:
    base = WorkCalendar(tmp_path)
    year = base.known_until.year + 1
    assert base.known_until == D(year - 1, 12, 31)
    first_monday = next(D(year, 1, d) for d in range(1, 8) if D(year, 1, d).weekday() == 0)
    saturday = first_monday + dt.timedelta(days=5)
    (tmp_path / f"{year}.json").write_text(json.dumps({
        "year": year, "source": "测试用的虚构通知",
        "holidays": [first_monday.isoformat()], "workdays": [saturday.isoformat()]}),
        encoding="utf-8")
    assert base.is_workday(first_monday)  # before the file existed: weekends only
    cal = WorkCalendar(tmp_path)
    assert cal.known_until == D(year, 12, 31)
    assert not cal.is_workday(first_monday) and cal.is_workday(saturday)
    assert cal.is_workday(D(year + 1, 1, 4)) == (D(year + 1, 1, 4).weekday() < 5)
    late = open_on([app(received=D(year, 12, 20))], D(year, 12, 21), cal)[0]
    assert late.estimated and late.due is not None and late.due.year == year + 1


@pytest.mark.parametrize("content, reason", [
    ({"year": 1, "source": "x"}, "“year”应为"),
    ({"source": "x", "holidays": ["2099-02-30"]}, "有误"),
    ({"holidays": []}, "缺少“source”"),
    ({"source": "x", "holidays": ["2098-01-01"]}, "不属于"),
])
def test_a_malformed_holiday_file_is_refused_with_its_name(tmp_path: Path, content: dict,
                                                           reason: str) -> None:
    year = WorkCalendar(tmp_path).known_until.year + 1
    content = {"year": year, **content} if "year" not in content else content
    (tmp_path / f"{year}.json").write_text(json.dumps(content).replace("2099", str(year))
                                           .replace("2098", str(year + 1)), encoding="utf-8")
    with pytest.raises(HolidayFileError, match=reason) as exc:
        WorkCalendar(tmp_path)
    assert f"{year}.json" in str(exc.value)


def test_the_shipped_calendar_reads_the_resources_folder() -> None:
    assert WorkCalendar().known_until >= D(2026, 12, 31)
