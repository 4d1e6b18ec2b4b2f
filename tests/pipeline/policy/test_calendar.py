import datetime as dt

import pytest

from pipeline.policy.calendar import WorkCalendar
from pipeline.policy.decide import clock_start, decide
from pipeline.policy.loader import load_policy
from pipeline.policy.schema import CalendarSpec
from tests.conftest import SHANGHAI
from tests.factories import make_prediction, policy_dict, write_policy

D = dt.date.fromisoformat


@pytest.mark.parametrize(("day", "workday"), [
    # National Day 2025: 1–8 Oct off, Sunday 28 Sep and Saturday 11 Oct are 调休 working days
    ("2025-09-28", True), ("2025-10-01", False), ("2025-10-08", False), ("2025-10-09", True), ("2025-10-11", True),
    # Spring Festival 2025: 28 Jan–4 Feb off, Sunday 26 Jan and Saturday 8 Feb worked
    ("2025-01-26", True), ("2025-01-28", False), ("2025-02-04", False), ("2025-02-08", True),
    # Spring Festival 2026: 15–23 Feb off, Saturdays 14 and 28 Feb worked
    ("2026-02-14", True), ("2026-02-15", False), ("2026-02-23", False), ("2026-02-24", True), ("2026-02-28", True),
    # National Day 2026: 1–7 Oct off, Sunday 20 Sep and Saturday 10 Oct worked
    ("2026-09-20", True), ("2026-10-01", False), ("2026-10-07", False), ("2026-10-08", True), ("2026-10-10", True),
])
def test_calendar_official_schedule(day, workday):
    assert WorkCalendar(CalendarSpec()).is_workday(D(day)) == (workday, False)


@pytest.mark.parametrize(("day", "workday"), [
    ("2027-01-01", False),   # New Year: statutory
    ("2027-01-04", True),    # an ordinary Monday
    ("2027-01-09", False),   # a Saturday
    ("2027-02-06", False),   # Spring Festival: statutory
    ("2027-10-01", False),   # National Day: statutory
])
def test_calendar_unknown_year_falls_back_provisionally(day, workday):
    assert WorkCalendar(CalendarSpec()).is_workday(D(day)) == (workday, True)


def test_calendar_policy_year_schedule_makes_a_year_exact():
    spec = CalendarSpec(years={2027: {"holidays": [D("2027-02-11")], "workdays": [D("2027-02-20")]}})
    cal = WorkCalendar(spec)
    assert cal.is_workday(D("2027-02-11")) == (False, False)   # declared holiday on a Thursday
    assert cal.is_workday(D("2027-02-20")) == (True, False)    # declared 调休 Saturday
    assert cal.is_workday(D("2027-03-01")) == (True, False)    # ordinary day of a declared year


def test_calendar_overrides_win_over_the_library():
    spec = CalendarSpec(extra_holidays=[D("2026-12-01")], extra_workdays=[D("2026-12-05")])
    cal = WorkCalendar(spec)
    assert cal.is_workday(D("2026-12-01")) == (False, False)
    assert cal.is_workday(D("2026-12-05")) == (True, False)


@pytest.mark.parametrize(("received", "starts"), [
    ("2026-09-30T16:59", "2026-09-30"),   # before the cut-off on a working day
    ("2026-09-30T17:00", "2026-10-08"),   # at the cut-off: next working day, after National Day
    ("2026-10-03T10:00", "2026-10-08"),   # during the holiday
    ("2026-10-10T09:00", "2026-10-10"),   # a 调休 Saturday counts
    ("2026-02-13T18:00", "2026-02-14"),   # Friday evening before Spring Festival: the make-up Saturday
])
def test_clock_start(policy, received, starts):
    when = dt.datetime.fromisoformat(received).replace(tzinfo=SHANGHAI)
    assert clock_start(when, policy) == (D(starts), False)


def test_deadlines_cross_national_day_2026(policy):
    decision = decide(make_prediction(level=2), make_prediction().cues, policy,
                      dt.datetime(2026, 9, 29, 10, tzinfo=SHANGHAI))
    # level 2: plan in 2 working days, resolve in 5 (29 Sep; 30 Sep, 8, 9, 10 (Sat, 调休), 11 Oct)
    assert decision.deadline("plan") == dt.datetime(2026, 10, 8, 18, tzinfo=SHANGHAI)
    assert decision.deadline("resolve") == dt.datetime(2026, 10, 12, 18, tzinfo=SHANGHAI)


def test_deadlines_into_2027_are_provisional_until_the_policy_adds_the_schedule(tmp_path, policy):
    received = dt.datetime(2026, 12, 30, 10, tzinfo=SHANGHAI)
    decision = decide(make_prediction(level=1), make_prediction().cues, policy, received)
    resolve = decision.deadlines["resolve"]
    assert resolve.provisional  # counts through 2027-01-01..
    assert decision.deadline("resolve") == dt.datetime(2027, 1, 7, 18, tzinfo=SHANGHAI)
    data = policy_dict()
    data["calendar"]["years"] = {2027: {"holidays": ["2027-01-01", "2027-01-04"], "workdays": []}}
    updated = load_policy(write_policy(tmp_path, data))
    decision = decide(make_prediction(level=1), make_prediction().cues, updated, received)
    resolve = decision.deadlines["resolve"]
    assert not resolve.provisional
    assert resolve.due == dt.datetime(2027, 1, 8, 18, tzinfo=SHANGHAI)
