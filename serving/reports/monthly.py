"""The monthly supervision report (五: the leadership group inspects timeliness, satisfaction
and the use of complaint data): every figure computed from the store for one month, so
the JSON, the printable document and the workbook hold the same numbers."""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.policy import Policy
from serving.database.core import now
from serving.database.tables import PersonRow, SupervisionReportRow
from serving.errors import Unprocessable
from serving.performance.models import Figures, TargetReport
from serving.performance.service import below_target, month_bounds, performance
from serving.reports.models import Summary
from serving.reports.service import summary

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class SupervisionFigures(BaseModel):
    """Reports of misconduct (监督举报) received in the month, and how they stand."""

    received: int
    concluded: int
    substantiated: int = Field(description="concluded as 查实")
    concluded_late: int = Field(description="concluded after the feedback deadline")
    open_overdue: int = Field(description="still open past the feedback deadline when the report was made")
    by_category: dict[str, int]


class MonthlyReport(BaseModel):
    month: str = Field(description="YYYY-MM")
    start: dt.date
    end: dt.date = Field(description="the first day after the month")
    generated_at: dt.datetime = Field(description="in the policy's time zone (Beijing)")
    policy_version: str
    summary: Summary
    departments: list[Figures]
    people: list[Figures] | None = Field(description="for the leadership group and admins only; null otherwise")
    names: dict[str, str] = Field(description="person id → name, for the people's rows")
    policy_targets: dict[str, float] = Field(description="measure (on_time.<kind>, satisfaction) → the policy's target")
    targets: TargetReport
    supervision: SupervisionFigures


def parse_month(value: str) -> tuple[int, int]:
    """'2026-11' → (2026, 11); a clear error otherwise."""
    found = MONTH.match(value or "")
    if found is None or int(found.group(1)) < 2000:
        raise Unprocessable(f"A month is YYYY-MM from 2000 on, got {value!r}.", code="invalid_period")
    return int(found.group(1)), int(found.group(2))


def _supervision(session: Session, policy: Policy, start: dt.date, end: dt.date,
                 at: dt.datetime) -> SupervisionFigures:
    lo = dt.datetime.combine(start, dt.time(), tzinfo=policy.zone)
    hi = dt.datetime.combine(end, dt.time(), tzinfo=policy.zone)
    rows = session.execute(select(SupervisionReportRow.category, SupervisionReportRow.concluded_at,
                                  SupervisionReportRow.feedback_due, SupervisionReportRow.notes)
                           .where(SupervisionReportRow.created_at >= lo, SupervisionReportRow.created_at < hi)).all()
    by_category: dict[str, int] = {}
    for row in rows:
        by_category[row.category] = by_category.get(row.category, 0) + 1
    concluded = [r for r in rows if r.concluded_at is not None]
    return SupervisionFigures(
        received=len(rows), concluded=len(concluded),
        substantiated=sum(any(n.get("note") == "查实" for n in r.notes) for r in concluded),
        concluded_late=sum(r.concluded_at > r.feedback_due for r in concluded),
        open_overdue=sum(r.concluded_at is None and r.feedback_due <= at for r in rows),
        by_category=dict(sorted(by_category.items())))


def build(*, session: Session, policy: Policy, month: str, with_people: bool,
          at: dt.datetime | None = None) -> MonthlyReport:
    """The report of ``month`` (YYYY-MM) as the store holds it at ``at`` (default now)."""
    at = at or now()
    year, number = parse_month(month)
    declared = policy.process_rules.targets
    policy_targets = {f"on_time.{kind}": target for kind, target in declared.on_time.items()}
    if declared.satisfaction is not None:
        policy_targets["satisfaction"] = declared.satisfaction
    start, end = month_bounds(year, number)
    departments = performance(session=session, policy=policy, start=start, end=end, by="department", at=at)
    people = performance(session=session, policy=policy, start=start, end=end, by="person", at=at) \
        if with_people else None
    names: dict[str, str] = {}
    if people is not None and people.rows:
        names = {pid: name for pid, name in session.execute(select(PersonRow.id, PersonRow.name).where(
            PersonRow.id.in_([r.key for r in people.rows])))}
    return MonthlyReport(
        month=f"{year:04d}-{number:02d}", start=start, end=end, generated_at=at.astimezone(policy.zone),
        policy_version=policy.version,
        summary=summary(session=session, policy=policy, start=start, end=end, at=at),
        departments=departments.rows, people=people.rows if people is not None else None, names=names,
        policy_targets=policy_targets,
        targets=below_target(session=session, policy=policy, year=year, month=number, at=at),
        supervision=_supervision(session, policy, start, end, at))
