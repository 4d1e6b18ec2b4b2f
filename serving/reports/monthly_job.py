"""The worker's monthly report: on the first working day of a month, the report of the
month before is written to the reports folder and sent to the leadership group through
the outbox (once in all, however many workers run)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.policy import Policy
from serving.database.core import hold_write_gate, write_gate
from serving.database.tables import NotificationRow
from serving.notify.outbox import Notifier
from serving.people.service import members
from serving.performance.notices import last_full_month
from serving.reports import monthly, monthly_files

EVENT = "monthly_report"
log = logging.getLogger("tousu.worker")


def due_month(at: dt.datetime, policy: Policy) -> str | None:
    """The month whose report is due at ``at``: the last full month, from the first working
    day of the current one on; None before that day."""
    today = at.astimezone(policy.zone).date()
    first = today.replace(day=1)
    first_workday, _ = policy.work_calendar.next_workday(first - dt.timedelta(days=1))
    if today < first_workday:
        return None
    year, month = last_full_month(at, policy)
    return f"{year:04d}-{month:02d}"


def _sent(session: Session, policy: Policy, at: dt.datetime) -> bool:
    local = at.astimezone(policy.zone)
    first = dt.datetime.combine(local.date().replace(day=1), dt.time(), tzinfo=policy.zone)
    return session.scalar(select(NotificationRow.id).where(
        NotificationRow.event == EVENT, NotificationRow.created_at >= first).limit(1)) is not None


def send_monthly_report(sessions: sessionmaker[Session], *, policy: Policy, notifier: Notifier, at: dt.datetime,
                        out_dir: Path) -> str | None:
    """Writes and sends the report that is due and not yet sent; returns its month, or None."""
    month = due_month(at, policy)
    if month is None:
        return None
    with sessions() as session:
        if _sent(session, policy, at):
            return None
        report = monthly.build(session=session, policy=policy, month=month, with_people=True, at=at)
        if report.summary.total == 0 and report.supervision.received == 0:
            log.info("monthly report %s: nothing was received that month; none is sent", month)
            return None
        paths = monthly_files.write(report, out_dir / month)
        s = report.summary
        surveyed = sum(s.satisfaction.values())
        satisfied = s.satisfaction.get("非常满意", 0) + s.satisfaction.get("满意", 0)
        message = notifier.render(EVENT, {
            "month": month, "total": s.total, "by_level": s.by_level, "surveyed": surveyed,
            "satisfaction": f"{100 * satisfied / surveyed:.1f}%" if surveyed else "—",
            "long": [{"key": b.key, "label": monthly_files.measure_name(b.measure), "months_below": b.months_below}
                     for b in report.targets.below if b.long], "supervision": report.supervision,
            "html": notifier.link(f"/web/monthly.html?month={month}"),
            "pdf": notifier.link(f"/web/monthly.pdf?month={month}"),
            "xlsx": notifier.link(f"/web/monthly.xlsx?month={month}")})
        hold_write_gate(session)
        notifier.to_people(session, None, EVENT, members(session, [policy.leadership_department]), message,
                           nobody=f"{policy.leadership_department}成员", once=f"{EVENT}:{month}")
        try:
            with write_gate(session):
                session.commit()
        except IntegrityError:  # another worker sent this month's report first
            session.rollback()
            return None
    log.info("monthly report %s written to %s and sent", month, paths[0].parent)
    return month
