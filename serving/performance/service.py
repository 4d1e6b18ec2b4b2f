"""Computes the performance figures from the store: complaints received in [start, end),
their clocks, surveys, reopenings and corrections, grouped by the lead department (copied
departments on the assist deadlines they owe) or by the person holding the complaint.

The counting happens in the database (GROUP BY over the period, one query per kind of
fact), so a month of a large store is read as a few hundred grouped rows, not as a
million tickets; only the medians read one column per complaint.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from pipeline.policy import Policy
from serving.clocks.clock import ClockKind, ClockState
from serving.complaints.models import Satisfaction
from serving.database.core import now
from serving.database.tables import AuditEventRow, ComplaintRow, DeadlineRow, ReviewRow
from serving.performance.models import BelowTarget, Figures, Performance, TargetReport
from serving.reports.models import Rate

KINDS = [k.value for k in ClockKind]
GRADES = [g.value for g in Satisfaction]
SATISFIED = {Satisfaction.very_satisfied.value, Satisfaction.satisfied.value}
ASSIST = ClockKind.department_assist.value

Bucket = tuple[str, dt.datetime, dt.datetime]  # a name and the receipt times [lo, hi) it covers


def _rate(on_time: int, late: int) -> Rate:
    return Rate(on_time=on_time, late=late, rate=round(on_time / (on_time + late), 4) if on_time + late else None)


def _count(condition: ColumnElement[bool]) -> Any:
    return func.sum(case((condition, 1), else_=0))


@dataclass
class _Tally:
    handled: int = 0
    timely: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    extended: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    breaches: int = 0
    respond_hours: list[float] = field(default_factory=list)
    resolve_hours: list[float] = field(default_factory=list)
    grades: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GRADES, 0))
    reopened: int = 0
    corrections: int = 0
    repeats: int = 0
    escalations: int = 0
    complex_resolved: int = 0
    suggestions: int = 0
    suggestions_adopted: int = 0

    def clock(self, kind: str, on_time: int, late: int, on_time_extended: int, late_extended: int) -> None:
        self.timely[kind][0] += on_time
        self.timely[kind][1] += late
        self.extended[kind][0] += on_time_extended
        self.extended[kind][1] += late_extended
        self.breaches += late_extended  # late even by an extended due time

    def figures(self, key: str) -> Figures:
        surveyed = sum(self.grades.values())
        satisfied = sum(n for g, n in self.grades.items() if g in SATISFIED)
        median = lambda xs: round(statistics.median(xs), 2) if xs else None  # noqa: E731
        return Figures(
            key=key, handled=self.handled,
            on_time={k: _rate(*self.timely[k]) for k in KINDS if k in self.timely},
            on_time_after_extension={k: _rate(*self.extended[k]) for k in KINDS if k in self.extended},
            breaches=self.breaches, median_hours_to_respond=median(self.respond_hours),
            median_hours_to_resolve=median(self.resolve_hours),
            satisfaction_rate=round(satisfied / surveyed, 4) if surveyed else None, surveyed=surveyed,
            satisfaction=self.grades, reopened=self.reopened, corrections=self.corrections, repeats=self.repeats,
            escalations=self.escalations, complex_resolved=self.complex_resolved,
            praised=self.grades[Satisfaction.very_satisfied.value], suggestions=self.suggestions,
            suggestions_adopted=self.suggestions_adopted)


class _Grouping:
    """The period's buckets and whose figures they are (department or person), as SQL."""

    def __init__(self, policy: Policy, buckets: list[Bucket], by: str) -> None:
        self.policy, self.buckets, self.by = policy, buckets, by
        received = ComplaintRow.received_at
        self.in_period = and_(received >= min(b[1] for b in buckets), received < max(b[2] for b in buckets))
        self.bucket: Any = (literal(buckets[0][0]) if len(buckets) == 1 else
                            case(*((and_(received >= lo, received < hi), name) for name, lo, hi in buckets)))
        self.owner: Any = ComplaintRow.lead_department if by == "department" else ComplaintRow.assignee_id


def _complaint_counts(session: Session, g: _Grouping, tallies: dict[tuple[str, str], _Tally]) -> None:
    """Handled, surveyed per grade, repeats (found at intake), level-3 complaints resolved,
    suggestions made and adopted."""
    rows = session.execute(select(
        g.bucket, g.owner, ComplaintRow.satisfaction, func.count(),
        _count(and_(ComplaintRow.level == 3, ComplaintRow.resolved_at.is_not(None))),
        _count(ComplaintRow.improvement.is_not(None)), _count(ComplaintRow.improvement_adopted_at.is_not(None)),
        _count(ComplaintRow.repeat_of.is_not(None)),
    ).where(g.in_period, g.owner.is_not(None)).group_by(g.bucket, g.owner, ComplaintRow.satisfaction))
    for bucket, key, grade, n, complex_resolved, suggested, adopted, repeats in rows:
        tally = tallies[bucket, key]
        tally.handled += n
        if grade in tally.grades:
            tally.grades[grade] += n
        tally.complex_resolved += int(complex_resolved or 0)
        tally.suggestions += int(suggested or 0)
        tally.suggestions_adopted += int(adopted or 0)
        tally.repeats += int(repeats or 0)


def _clock_counts(session: Session, g: _Grouping, tallies: dict[tuple[str, str], _Tally], at: dt.datetime) -> None:
    """A clock counts once it is met or its due time passed (a waived one never): on time by
    the original due time and by the one in force. A copied department is measured on the
    assist deadline it owes (the clock's department, or else each copied department)."""
    clock = DeadlineRow
    counted = and_(g.in_period, clock.state != ClockState.waived.value,
                   or_(clock.met_at.is_not(None), clock.due_at <= at))
    late = or_(clock.met_at.is_(None), clock.met_at > clock.original_due_at)
    late_extended = or_(clock.met_at.is_(None), clock.met_at > clock.due_at)
    sums = (_count(~late), _count(late), _count(~late_extended), _count(late_extended))
    key: Any = g.owner
    if g.by == "department":
        key = case((clock.kind == ASSIST, clock.department), else_=ComplaintRow.lead_department)
        copied = ComplaintRow.decision["cc_departments"]  # grouped by the list itself: a handful of lists
        owed_by_all = session.execute(select(g.bucket, clock.kind, copied, *sums)
                                      .join(ComplaintRow, ComplaintRow.id == clock.complaint_id)
                                      .where(counted, clock.kind == ASSIST, clock.department.is_(None))
                                      .group_by(g.bucket, clock.kind, copied))
        for bucket, kind, departments, *numbers in owed_by_all:
            if isinstance(departments, str):  # SQLite hands the JSON back as text
                departments = json.loads(departments)
            for department in departments or ():
                tallies[bucket, department].clock(kind, *(int(n or 0) for n in numbers))
        counted = and_(counted, or_(clock.kind != ASSIST, clock.department.is_not(None)))
    rows = session.execute(select(g.bucket, key, clock.kind, *sums)
                           .join(ComplaintRow, ComplaintRow.id == clock.complaint_id)
                           .where(counted, key.is_not(None)).group_by(g.bucket, key, clock.kind))
    for bucket, owner, kind, *numbers in rows:
        tallies[bucket, owner].clock(kind, *(int(n or 0) for n in numbers))


def _medians(session: Session, g: _Grouping, tallies: dict[tuple[str, str], _Tally]) -> None:
    """Hours from receipt to the first response and to the resolution, per owner: computed by
    PostgreSQL (percentile_cont), read one column per complaint from SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        _medians_in_postgres(session, g, tallies)
        return
    resolved = session.execute(select(g.bucket, g.owner, ComplaintRow.received_at, ComplaintRow.resolved_at)
                               .where(g.in_period, g.owner.is_not(None), ComplaintRow.resolved_at.is_not(None)))
    for bucket, key, received, done in resolved:
        tallies[bucket, key].resolve_hours.append((done - received).total_seconds() / 3600)
    responded = session.execute(select(g.bucket, g.owner, ComplaintRow.received_at, DeadlineRow.met_at)
                                .join(DeadlineRow, DeadlineRow.complaint_id == ComplaintRow.id)
                                .where(g.in_period, g.owner.is_not(None), DeadlineRow.kind == ClockKind.respond.value,
                                       DeadlineRow.met_at.is_not(None)))
    for bucket, key, received, met in responded:
        tallies[bucket, key].respond_hours.append((met - received).total_seconds() / 3600)


def _medians_in_postgres(session: Session, g: _Grouping, tallies: dict[tuple[str, str], _Tally]) -> None:
    def median_hours(since: Any, until: Any) -> Any:
        return func.percentile_cont(0.5).within_group(func.extract("epoch", until - since) / 3600.0)

    resolved = session.execute(select(g.bucket, g.owner, median_hours(ComplaintRow.received_at,
                                                                      ComplaintRow.resolved_at))
                               .where(g.in_period, g.owner.is_not(None), ComplaintRow.resolved_at.is_not(None))
                               .group_by(g.bucket, g.owner))
    for bucket, key, hours in resolved:
        tallies[bucket, key].resolve_hours.append(float(hours))  # the median itself: the median of one value
    responded = session.execute(select(g.bucket, g.owner, median_hours(ComplaintRow.received_at, DeadlineRow.met_at))
                                .join(DeadlineRow, DeadlineRow.complaint_id == ComplaintRow.id)
                                .where(g.in_period, g.owner.is_not(None), DeadlineRow.kind == ClockKind.respond.value,
                                       DeadlineRow.met_at.is_not(None)).group_by(g.bucket, g.owner))
    for bucket, key, hours in responded:
        tallies[bucket, key].respond_hours.append(float(hours))


def _events(session: Session, g: _Grouping, tallies: dict[tuple[str, str], _Tally]) -> None:
    """Reopenings, corrections of the model's grade, escalations caused."""
    scope = and_(g.in_period, g.owner.is_not(None))
    reopened = session.execute(
        select(g.bucket, g.owner, func.count(func.distinct(AuditEventRow.complaint_id)))
        .join(AuditEventRow, AuditEventRow.complaint_id == ComplaintRow.id)
        .where(scope, AuditEventRow.kind == "reopen").group_by(g.bucket, g.owner))
    for bucket, key, n in reopened:
        tallies[bucket, key].reopened += n
    corrected = session.execute(select(g.bucket, g.owner, func.count())
                                .join(ReviewRow, ReviewRow.complaint_id == ComplaintRow.id)
                                .where(scope, ReviewRow.action == "correct").group_by(g.bucket, g.owner))
    for bucket, key, n in corrected:
        tallies[bucket, key].corrections += n
    # an escalation caused: after a reopening, a review raised the complaint's level; it is
    # counted against the department that led the complaint before (whose handling it was)
    reopens = select(AuditEventRow.complaint_id).where(AuditEventRow.kind == "reopen")
    trail = session.execute(select(g.bucket, g.owner, AuditEventRow.complaint_id, AuditEventRow.kind,
                                   AuditEventRow.data)
                            .join(AuditEventRow, AuditEventRow.complaint_id == ComplaintRow.id)
                            .where(scope, ComplaintRow.id.in_(reopens), AuditEventRow.kind.in_(("reopen", "review")))
                            .order_by(AuditEventRow.complaint_id, AuditEventRow.id))
    raised: set[str] = set()
    seen_reopen: set[str] = set()
    for bucket, key, complaint_id, kind, data in trail:
        if kind == "reopen":
            seen_reopen.add(complaint_id)
        elif complaint_id in seen_reopen and complaint_id not in raised and \
                int(data.get("after", {}).get("level", 0)) > int(data.get("before", {}).get("level", 0)):
            raised.add(complaint_id)
            previous = data.get("before", {}).get("lead_department") if g.by == "department" else None
            tallies[bucket, previous or key].escalations += 1


def _tally(session: Session, policy: Policy, buckets: list[Bucket], by: str, at: dt.datetime,
           *, full: bool) -> dict[tuple[str, str], _Tally]:
    g = _Grouping(policy, buckets, by)
    tallies: dict[tuple[str, str], _Tally] = defaultdict(_Tally)
    _complaint_counts(session, g, tallies)
    _clock_counts(session, g, tallies, at)
    if full:
        _medians(session, g, tallies)
        _events(session, g, tallies)
    return tallies


def _bounds(start: dt.date, end: dt.date, policy: Policy) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(start, dt.time(), tzinfo=policy.zone),
            dt.datetime.combine(end, dt.time(), tzinfo=policy.zone))


def performance(*, session: Session, policy: Policy, start: dt.date, end: dt.date, by: str,
                at: dt.datetime | None = None) -> Performance:
    """The figures of every department (``by="department"``) or person (``by="person"``)."""
    lo, hi = _bounds(start, end, policy)
    tallies = _tally(session, policy, [("period", lo, hi)], by, at or now(), full=True)
    return Performance(start=start, end=end, by=by, rows=[tallies[b, k].figures(k) for b, k in sorted(tallies)])


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    after = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, after


def _measures(row: Figures, policy: Policy) -> dict[str, tuple[float, float, int]]:
    """(target, value, n) of each measure the policy sets a target for and the month has data on."""
    targets = policy.process_rules.targets
    found: dict[str, tuple[float, float, int]] = {}
    for kind, target in targets.on_time.items():
        rate = row.on_time.get(kind)
        if rate is not None and rate.rate is not None:
            found[f"on_time.{kind}"] = (target, rate.rate, rate.on_time + rate.late)
    if targets.satisfaction is not None and row.satisfaction_rate is not None:
        found["satisfaction"] = (targets.satisfaction, row.satisfaction_rate, row.surveyed)
    return found


def _months_back(year: int, month: int, count: int) -> Iterable[tuple[int, int]]:
    for _ in range(count):
        yield year, month
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)


def below_target(*, session: Session, policy: Policy, year: int, month: int,
                 at: dt.datetime | None = None) -> TargetReport:
    """Departments below a target in ``month``, with the run of consecutive months below
    (a month without data on a measure ends the run). The months are counted in one pass."""
    targets = policy.process_rules.targets
    months = list(_months_back(year, month, max(targets.long_below_months, 1) + 9))  # a run of a year shows
    buckets: list[Bucket] = []
    for y, m in months:
        lo, hi = _bounds(*month_bounds(y, m), policy)
        buckets.append((f"{y:04d}-{m:02d}", lo, hi))
    tallies = _tally(session, policy, buckets, "department", at or now(), full=False)
    history: list[dict[str, dict[str, tuple[float, float, int]]]] = [  # newest month first
        {key: _measures(tallies[bucket, key].figures(key), policy) for b, key in tallies if b == bucket}
        for bucket, _, _ in buckets]
    below = []
    for key, measures in history[0].items():
        for measure, (target, value, n) in measures.items():
            if value >= target:
                continue
            run = 0
            for month_figures in history:
                found = month_figures.get(key, {}).get(measure)
                if found is None or found[1] >= found[0]:
                    break
                run += 1
            below.append(BelowTarget(key=key, measure=measure, target=target, value=value, n=n, months_below=run,
                                     long=run >= targets.long_below_months))
    below.sort(key=lambda b: (-b.months_below, b.key, b.measure))
    return TargetReport(month=f"{year:04d}-{month:02d}", long_below_months=targets.long_below_months, below=below)

