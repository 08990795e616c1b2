"""Working days on the Chinese calendar: the State Council's holidays and the weekend days made
working days (调休).

Sources, in order: the `chinesecalendar` package for the years it knows; then, year by year,
a holiday file `resources/holidays/YYYY.json` a maintainer adds from the State Council's notice
(format in resources/holidays/README.md); beyond both, weekends alone (`known_until` says up to
which day the calendar is sure, so an answer can say that a later date is an estimate).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

import chinese_calendar  # type: ignore[import-untyped]
from chinese_calendar import constants as cc_constants

from core.resources import resource_path


class HolidayFileError(ValueError):
    """A holiday file is malformed (the message names the file and what is wrong)."""


def _package_last_year() -> int:
    return int(max(d.year for d in (*cc_constants.holidays, *cc_constants.workdays)))


def _read_holiday_file(path: Path, year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        if not isinstance(data, dict) or data.get("year") != year:
            raise ValueError(f"“year”应为 {year}")
        if not str(data.get("source", "")).strip():
            raise ValueError("缺少“source”（国务院办公厅通知的文号和日期）")
        days = {name: frozenset(dt.date.fromisoformat(d) for d in data.get(name, []))
                for name in ("holidays", "workdays")}
    except (OSError, ValueError, TypeError) as exc:
        raise HolidayFileError(f"节假日文件 {path.name} 有误：{exc}") from exc
    stray = [d for ds in days.values() for d in ds if d.year != year]
    if stray or days["holidays"] & days["workdays"]:
        raise HolidayFileError(f"节假日文件 {path.name} 有误：日期不属于 {year} 年，"
                               f"或同一天既是假日又是工作日")
    return days["holidays"], days["workdays"]


class WorkCalendar:
    """Which days are working days. `holiday_dir` defaults to resources/holidays."""

    def __init__(self, holiday_dir: Path | None = None) -> None:
        self._dir = holiday_dir if holiday_dir is not None else resource_path("holidays")
        self._package_until = _package_last_year()
        self._files: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = {}
        year = self._package_until + 1
        while (path := self._dir / f"{year}.json").is_file():  # consecutive years only
            self._files[year] = _read_holiday_file(path, year)
            year += 1
        self._last_year = year - 1

    @property
    def known_until(self) -> dt.date:
        """The last day whose holidays the calendar knows (31 December of its last year)."""
        return dt.date(self._last_year, 12, 31)

    def is_workday(self, day: dt.date) -> bool:
        return _cached_is_workday(self, day)

    def _is_workday(self, day: dt.date) -> bool:
        if day.year <= self._package_until:
            try:
                return bool(chinese_calendar.is_workday(day))
            except NotImplementedError:  # before the package's first year
                return day.weekday() < 5
        found = self._files.get(day.year)
        if found is not None:
            holidays, workdays = found
            if day in holidays:
                return False
            if day in workdays:
                return True
        return day.weekday() < 5

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The `count`-th working day after `start` (`start` itself not counted)."""
        day = start
        while count > 0:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day

    def workdays_until(self, today: dt.date, due: dt.date) -> int:
        """Working days from `today` to `due`: those in (today, due]; 0 on the due day itself;
        negative (the working days in (due, today]) when `today` is past `due`."""
        low, high, sign = (today, due, 1) if today <= due else (due, today, -1)
        count, day = 0, low
        while day < high:
            day += dt.timedelta(days=1)
            count += self.is_workday(day)
        return sign * count


@lru_cache(maxsize=65536)
def _cached_is_workday(cal: WorkCalendar, day: dt.date) -> bool:
    return cal._is_workday(day)
