"""The outbox as admins and people read it: the dead letter, a retry, a person's in-app list."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from serving.database.core import now, write_gate
from serving.database.tables import NotificationRow
from serving.errors import Conflict, NotFound
from serving.notify.models import NotificationPage, NotificationRead
from serving.notify.outbox import Channel, State


def _read(row: NotificationRow) -> NotificationRead:
    return NotificationRead.model_validate(row, from_attributes=True)


def list_notifications(*, session: Session, state: State | None = None, person_id: str | None = None,
                       complaint_id: str | None = None, channel: Channel | None = None, limit: int = 50,
                       offset: int = 0) -> NotificationPage:
    query = select(NotificationRow)
    if state is not None:
        query = query.where(NotificationRow.state == state.value)
    if person_id is not None:
        query = query.where(NotificationRow.person_id == person_id)
    if complaint_id is not None:
        query = query.where(NotificationRow.complaint_id == complaint_id)
    if channel is not None:
        query = query.where(NotificationRow.channel == channel.value)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(NotificationRow.created_at.desc(), NotificationRow.id)
                           .limit(limit).offset(offset))
    return NotificationPage(items=[_read(r) for r in rows], total=total)


def retry(*, session: Session, notification_id: str) -> NotificationRead:
    """Puts a dead-lettered notification back in the queue with a fresh count of attempts."""
    row = session.get(NotificationRow, notification_id, with_for_update=True)
    if row is None:
        raise NotFound(f"No notification with id {notification_id!r}.")
    if row.state != State.failed.value:
        raise Conflict(f"Only a failed notification is retried; this one is {row.state}.", code="not_failed",
                       details={"state": row.state})
    if row.channel == Channel.none.value:
        raise Conflict("Nobody was there to tell: add the people the policy names (`tousu people add`); "
                       "the next escalation reaches them.", code="no_recipient")
    row.state, row.attempts, row.next_attempt_at, row.lease_until = State.pending.value, 0, now(), None
    with write_gate(session):
        session.commit()
    return _read(row)


def mark_read(*, session: Session, notification_id: str, person_id: str) -> NotificationRead:
    row = session.get(NotificationRow, notification_id)
    if row is None or row.person_id != person_id or row.channel != Channel.inapp.value:
        raise NotFound(f"No notification with id {notification_id!r} in your list.")
    if row.read_at is None:
        row.read_at = now()
        with write_gate(session):
            session.commit()
    return _read(row)
