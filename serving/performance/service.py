"""Computes the performance figures from the store: complaints received in [start, end),
their clocks, surveys, reopenings and corrections, grouped by the lead department (copied
departments on the assist deadlines they owe) or by the person holding the complaint."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

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


def _rate(on_time: int, late: int) -> Rate:
    return Rate(on_time=on_time, late=late, rate=round(on_time / (on_time + late), 4) if on_time + late else None)


class _Tally:
    def __init__(self) -> None:
        self.handled = 0
        self.timely: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.extended: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.breaches = 0
        self.respond_hours: list[float] = []
        self.resolve_hours: list[float] = []
        self.grades: dict[str, int] = dict.fromkeys(GRADES, 0)
        self.reopened = 0
        self.corrections = 0

    def clock(self, kind: str, clock: Any, at: dt.datetime) -> None:
        """A clock counts once it is met or its due time passed (a waived one never)."""
        if clock.state == ClockState.waived.value or (clock.met_at is None and clock.due_at > at):
            return
        met = clock.met_at
        self.timely[kind][int(met is None or met > clock.original_due_at)] += 1
        self.extended[kind][int(met is None or met > clock.due_at)] += 1
        self.breaches += int(met is None or met > clock.due_at)  # late even by an extended due time

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
            satisfaction=self.grades, reopened=self.reopened, corrections=self.corrections)


def performance(*, session: Session, policy: Policy, start: dt.date, end: dt.date, by: str,
                at: dt.datetime | None = None) -> Performance:
    """The figures of every department (``by="department"``) or person (``by="person"``)."""
    at = at or now()
    lo = dt.datetime.combine(start, dt.time(), tzinfo=policy.zone)
    hi = dt.datetime.combine(end, dt.time(), tzinfo=policy.zone)
    in_period = (ComplaintRow.received_at >= lo) & (ComplaintRow.received_at < hi)
    complaints = {c.id: c for c in session.scalars(select(ComplaintRow).where(in_period))}
    tallies: dict[str, _Tally] = defaultdict(_Tally)

    def owner(row: ComplaintRow) -> str | None:
        return row.lead_department if by == "department" else row.assignee_id

    for row in complaints.values():
        key = owner(row)
        if key is None:
            continue
        tally = tallies[key]
        tally.handled += 1
        if row.resolved_at is not None:
            tally.resolve_hours.append((row.resolved_at - row.received_at).total_seconds() / 3600)
        if row.satisfaction in tally.grades:
            tally.grades[row.satisfaction] += 1
    ids = list(complaints)
    for clock in session.scalars(select(DeadlineRow).where(DeadlineRow.complaint_id.in_(ids))) if ids else ():
        row = complaints[clock.complaint_id]
        key = owner(row)
        if clock.kind == ClockKind.department_assist.value and by == "department":
            # a copied department is measured on the assist deadline it owes
            owed = [clock.department] if clock.department else list(row.decision.get("cc_departments", ()))
            for department in owed:
                tallies[department].clock(clock.kind, clock, at)
            continue
        if key is None:
            continue
        tallies[key].clock(clock.kind, clock, at)
        if clock.kind == ClockKind.respond.value and clock.met_at is not None:
            tallies[key].respond_hours.append((clock.met_at - row.received_at).total_seconds() / 3600)
    reopened = session.execute(select(AuditEventRow.complaint_id, func.count()).where(
        AuditEventRow.kind == "reopen", AuditEventRow.complaint_id.in_(ids)).group_by(AuditEventRow.complaint_id)) \
        if ids else ()
    for complaint_id, _ in reopened:
        key = owner(complaints[complaint_id])
        if key is not None:
            tallies[key].reopened += 1
    corrected = session.execute(select(ReviewRow.complaint_id).where(
        ReviewRow.action == "correct", ReviewRow.complaint_id.in_(ids))) if ids else ()
    for (complaint_id,) in corrected:
        key = owner(complaints[complaint_id])
        if key is not None:
            tallies[key].corrections += 1
    return Performance(start=start, end=end, by=by,
                       rows=[tallies[k].figures(k) for k in sorted(tallies)])


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
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


def below_target(*, session: Session, policy: Policy, year: int, month: int,
                 at: dt.datetime | None = None) -> TargetReport:
    """Departments below a target in ``month``, with the run of consecutive months below
    (a month without data on a measure ends the run)."""
    targets = policy.process_rules.targets
    history: list[dict[str, dict[str, tuple[float, float, int]]]] = []  # newest month first
    y, m = year, month
    for _ in range(max(targets.long_below_months, 1) + 9):  # enough months to see a run of a year
        first, after = _month_bounds(y, m)
        figures = performance(session=session, policy=policy, start=first, end=after, by="department", at=at)
        history.append({row.key: _measures(row, policy) for row in figures.rows})
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
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
