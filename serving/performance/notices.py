"""The worker's monthly notice: departments long below target (长期不达标) are reported to
the leadership group and to their heads, once per month."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from pipeline.policy import Policy
from serving import labels
from serving.database.core import hold_write_gate, write_gate
from serving.notify.outbox import Notifier
from serving.people.models import PersonRole
from serving.people.service import members
from serving.performance.service import below_target

EVENT = "long_below_target"


def last_full_month(at: dt.datetime, policy: Policy) -> tuple[int, int]:
    today = at.astimezone(policy.zone).date()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def notify_long_below_target(sessions: sessionmaker[Session], *, policy: Policy, notifier: Notifier,
                             at: dt.datetime) -> int:
    """Writes the notice for the last full month, if any department is long below a target;
    returns how many rows it reports. A second run for the same month writes nothing."""
    year, month = last_full_month(at, policy)
    with sessions() as session:
        report = below_target(session=session, policy=policy, year=year, month=month, at=at)
        long = [b for b in report.below if b.long]
        if not long:
            return 0
        hold_write_gate(session)
        rows = [{"key": b.key, "value": b.value, "target": b.target, "n": b.n, "months_below": b.months_below,
                 "label": (labels.label(labels.DEADLINE, b.measure.removeprefix("on_time.")) + "及时率")
                 if b.measure.startswith("on_time.") else "满意率"} for b in long]
        message = notifier.render(EVENT, {"month": report.month, "count": len(rows), "below": rows,
                                          "months": report.long_below_months, "link": notifier.link("/web/leadership")})
        people = members(session, [policy.leadership_department])
        people += [p for p in members(session, sorted({b.key for b in long}), (PersonRole.head,)) if p not in people]
        notifier.to_people(session, None, EVENT, people, message, nobody="领导小组成员或部门负责人",
                           once=f"{EVENT}:{report.month}")
        try:
            with write_gate(session):
                session.commit()
        except IntegrityError:  # another worker wrote this month's notice first
            session.rollback()
            return 0
        return len(rows)
