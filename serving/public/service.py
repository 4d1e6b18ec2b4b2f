"""What a complainant may see of their ticket: status, the next deadline, the result.

Nothing personal and nothing internal: no grade probabilities, no notes, no people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.policy import Policy
from serving import labels
from serving.clocks import service as clocks
from serving.clocks.clock import ClockKind, is_open
from serving.complaints.workflow import Status
from serving.database.tables import AuditEventRow, ComplaintRow

# the user's words differ a little from the agents' (serving/labels.py): what they wait for
STATUS_NAMES = {**labels.STATUS, "resolved": "已处理，待反馈结果", "result_sent": "已反馈处理结果"}
DEADLINE_NAMES = {"respond": "首次响应", "plan": "处理方案", "department_assist": "部门协办", "resolve": "处理完成",
                  "survey": "满意度回访"}


@dataclass(frozen=True)
class Extension:
    deadline: str
    new_due: str
    reason: str


@dataclass(frozen=True)
class TicketView:
    ticket_no: str
    status: str
    received_at: str
    next_deadline: str | None
    next_due: str | None
    result: str | None
    extensions: tuple[Extension, ...]
    survey_open: bool


def by_ticket_no(session: Session, ticket_no: str) -> ComplaintRow | None:
    return session.scalar(select(ComplaintRow).where(ComplaintRow.ticket_no == ticket_no))


def _local(when: dt.datetime | None, policy: Policy) -> str | None:
    return when.astimezone(policy.zone).strftime("%Y-%m-%d %H:%M") if when else None


def ticket_view(session: Session, row: ComplaintRow, policy: Policy) -> TicketView:
    """The user's view of a ticket (the caller checked their code)."""
    pending = [c for c in clocks.clocks_of(session, row.id)
               if is_open(c) and c.kind in (ClockKind.resolve.value, ClockKind.survey.value)]
    nearest = min(pending, key=lambda c: c.due_at, default=None)
    events = session.scalars(select(AuditEventRow).where(AuditEventRow.complaint_id == row.id,
                                                         AuditEventRow.kind == "extension")
                             .order_by(AuditEventRow.id))
    extensions = tuple(Extension(DEADLINE_NAMES.get(e.data.get("deadline", ""), ""),
                                 _local(dt.datetime.fromisoformat(e.data["to"]), policy) or "",
                                 str(e.data.get("reason", ""))) for e in events)
    status = Status(row.status)
    return TicketView(
        ticket_no=row.ticket_no or "", status=STATUS_NAMES[status.value],
        received_at=_local(row.received_at, policy) or "",
        next_deadline=DEADLINE_NAMES[nearest.kind] if nearest else None,
        next_due=_local(nearest.due_at, policy) if nearest else None,
        result=row.result_text if status in (Status.result_sent, Status.surveyed, Status.closed) else None,
        extensions=extensions, survey_open=status is Status.result_sent)
