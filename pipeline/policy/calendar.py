"""Working-day arithmetic on the official Chinese calendar, with the policy's overrides.

Order of authority for a day: the policy's single-day overrides, then a year schedule the
policy declares, then ``chinese_calendar`` (the official schedule including 调休 make-up
working days, for the years it knows). For a year nobody knows yet the calendar falls
back to weekends plus the statutory holidays (from ``holidays``, without estimated
"observed" days) and says the answer is provisional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class YearSchedule(_Strict):
    holidays: tuple[dt.date, ...] = ()
    workdays: tuple[dt.date, ...] = ()


class CalendarSpec(_Strict):
    years: dict[int, YearSchedule] = {}
    extra_holidays: tuple[dt.date, ...] = ()
    extra_workdays: tuple[dt.date, ...] = ()

    @model_validator(mode="after")
    def _no_day_both(self) -> CalendarSpec:
        both = set(self.extra_holidays) & set(self.extra_workdays)
        for year, sched in self.years.items():
            both |= set(sched.holidays) & set(sched.workdays)
            stray = [d for d in (*sched.holidays, *sched.workdays) if d.year != year]
            if stray:
                raise ValueError(f"calendar.years.{year} lists days of another year: {stray}")
        if both:
            raise ValueError(f"days listed both as holiday and as working day: {sorted(both)}")
        return self


@lru_cache(maxsize=64)
def _statutory_holidays(year: int) -> frozenset[dt.date]:
    import holidays

    return frozenset(day for day, name in holidays.China(years=year).items() if "observed" not in name.lower())


def _official(day: dt.date) -> bool | None:
    """Returns chinese_calendar's answer, or None for a year it does not know."""
    import chinese_calendar

    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


@dataclass(frozen=True)
class Day:
    day: dt.date
    workday: bool
    source: str  # policy-override | policy-year | official | provisional


def day_source(spec: CalendarSpec, day: dt.date) -> tuple[bool, str]:
    """Whether ``day`` is a working day, and which authority says so."""
    if day in spec.extra_holidays:
        return False, "policy-override"
    if day in spec.extra_workdays:
        return True, "policy-override"
    sched = spec.years.get(day.year)
    if sched is not None:
        if day in sched.holidays:
            return False, "policy-year"
        if day in sched.workdays:
            return True, "policy-year"
        return day.weekday() < 5, "policy-year"
    official = _official(day)
    if official is not None:
        return official, "official"
    return day.weekday() < 5 and day not in _statutory_holidays(day.year), "provisional"


def year_days(spec: CalendarSpec, year: int) -> list[Day]:
    """Every day of ``year`` with its answer and source (``tousu calendar show YEAR``)."""
    first = dt.date(year, 1, 1)
    days = [first + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - first).days)]
    return [Day(d, *day_source(spec, d)) for d in days]


class WorkCalendar:
    """Answers whether a day is a working day, and whether that answer is provisional."""

    def __init__(self, spec: CalendarSpec) -> None:
        self._spec = spec
        # answers never change for a spec, and deadlines hit the same few days again and again
        self._memo: dict[dt.date, tuple[bool, bool]] = {}
        self._walks: dict[tuple[dt.date, int], tuple[dt.date, bool]] = {}

    def is_workday(self, day: dt.date) -> tuple[bool, bool]:
        """Returns (is a working day, provisional)."""
        answer = self._memo.get(day)
        if answer is None:
            answer = self._memo[day] = self._is_workday(day)
        return answer

    def _is_workday(self, day: dt.date) -> tuple[bool, bool]:
        workday, source = day_source(self._spec, day)
        return workday, source == "provisional"

    def next_workday(self, day: dt.date) -> tuple[dt.date, bool]:
        """Returns the first working day strictly after ``day`` and whether it is provisional."""
        provisional = False
        while True:
            day += dt.timedelta(days=1)
            ok, prov = self.is_workday(day)
            provisional |= prov
            if ok:
                return day, provisional

    def add_workdays(self, start: dt.date, n: int) -> tuple[dt.date, bool]:
        """Returns the ``n``-th working day after ``start`` (``start`` itself when n == 0)."""
        key = (start, n)
        answer = self._walks.get(key)
        if answer is None:
            day, provisional = start, False
            for _ in range(n):
                day, prov = self.next_workday(day)
                provisional |= prov
            answer = self._walks[key] = (day, provisional)
        return answer
