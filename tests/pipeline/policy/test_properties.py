"""Properties of deadlines: on working days, never before receipt, never later for a higher level."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.policy import decide
from tests.factories import make_cues, make_prediction

receipts = st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 6, 30),
                        timezones=st.just(dt.timezone(dt.timedelta(hours=8))))


@settings(max_examples=300, deadline=None)
@given(received=receipts, level=st.sampled_from([1, 2, 3]))
def test_deadlines_fall_on_working_days_and_never_precede_receipt(policy, received, level):
    d = decide(make_prediction(level=level), make_cues(), policy, received)
    cal = policy.work_calendar
    for deadline in d.deadlines.values():
        assert deadline.due >= received
        if deadline.kind != "respond":  # hours run on the wall clock
            assert cal.is_workday(deadline.due.date())[0]


@settings(max_examples=300, deadline=None)
@given(received=receipts)
def test_a_higher_level_never_gets_a_later_deadline(policy, received):
    by_level = {lv: decide(make_prediction(level=lv), make_cues(), policy, received) for lv in (1, 2, 3)}
    for kind in ("respond", "plan", "resolve"):
        for lower, higher in ((1, 2), (2, 3)):
            lo, hi = by_level[lower].deadline(kind), by_level[higher].deadline(kind)
            if lo is not None:
                assert hi is not None and hi <= lo, (kind, lower, higher, lo, hi)
