"""Delivering the outbox: claim what is due, send it, record the outcome.

Claiming takes rows with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL; SQLite has one writer)
and gives each a lease: several workers never take the same row, and a row whose worker
died is taken again once its lease ends. A failed attempt is retried with exponential
backoff; after the policy's ``delivery_attempts`` the row is dead-lettered (``failed``)
for an admin to see and retry.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

import httpx
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, sessionmaker

from serving.database.core import write_gate
from serving.database.tables import NotificationRow
from serving.notify.channels import DeliveryError, send_email, send_webhook
from serving.notify.outbox import Channel, State

log = logging.getLogger("tousu.worker")
BACKOFF_BASE_SECONDS = 30.0
BACKOFF_MAX_SECONDS = 3600.0
CLAIM_BATCH = 10  # a claim is delivered well within its lease (10 × a 10 s timeout < 120 s)


@dataclass(frozen=True)
class Transport:
    """Where messages go: the configured SMTP server and webhook (either may be absent)."""

    smtp_url: str | None
    smtp_from: str
    webhook_url: str | None
    webhook_secret: str | None
    backoff_base_seconds: float = BACKOFF_BASE_SECONDS


@dataclass
class DeliveryReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def backoff(attempts: int, base: float) -> dt.timedelta:
    return dt.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


def claim(session: Session, *, at: dt.datetime, lease: dt.timedelta, limit: int) -> list[NotificationRow]:
    """Takes up to ``limit`` due notifications for this worker and commits the claim."""
    due = or_(and_(NotificationRow.state == State.pending.value, NotificationRow.next_attempt_at <= at),
              and_(NotificationRow.state == State.sending.value, NotificationRow.lease_until <= at))
    query = (select(NotificationRow).where(due).order_by(NotificationRow.next_attempt_at)
             .limit(limit).with_for_update(skip_locked=True))
    with write_gate(session):
        rows = list(session.scalars(query))
        for row in rows:
            row.state, row.lease_until = State.sending.value, at + lease
            row.attempts += 1
        session.commit()
    return rows


def _send(row: NotificationRow, transport: Transport, client: httpx.Client) -> None:
    if row.channel == Channel.email:
        if not transport.smtp_url:
            raise DeliveryError("e-mail is not configured (TOUSU_SMTP_URL)")
        send_email(row, smtp_url=transport.smtp_url, sender=transport.smtp_from)
    elif row.channel == Channel.webhook:
        if not transport.webhook_url or not transport.webhook_secret:
            raise DeliveryError("the webhook is not configured (TOUSU_WEBHOOK_URL, TOUSU_WEBHOOK_SECRET)")
        send_webhook(row, url=transport.webhook_url, secret=transport.webhook_secret, client=client)
    else:
        raise DeliveryError(f"channel {row.channel!r} is not delivered by the worker")


def _record(session: Session, row_id: str, *, at: dt.datetime, error: str | None, max_attempts: int,
            base: float) -> str:
    with write_gate(session):
        row = session.get(NotificationRow, row_id, with_for_update=True)
        if row is None or row.state != State.sending.value:
            session.rollback()
            return "gone"
        row.lease_until = None
        if error is None:
            row.state, row.sent_at, row.last_error = State.sent.value, at, None
            outcome = "sent"
        elif row.attempts >= max_attempts:
            row.state, row.last_error = State.failed.value, error
            outcome = "failed"
        else:
            row.state, row.last_error = State.pending.value, error
            row.next_attempt_at = at + backoff(row.attempts, base)
            outcome = "retried"
        session.commit()
    return outcome


def deliver_due(sessions: sessionmaker[Session], transport: Transport, *, at: dt.datetime, lease: dt.timedelta,
                max_attempts: int, limit: int = CLAIM_BATCH) -> DeliveryReport:
    """Delivers up to ``limit`` due notifications, one claim, each outcome committed at once."""
    report = DeliveryReport()
    with sessions() as session:
        rows = claim(session, at=at, lease=lease, limit=limit)
        with httpx.Client() as client:
            for row in rows:
                try:
                    _send(row, transport, client)
                    error = None
                except DeliveryError as exc:
                    error = str(exc)
                    log.warning("delivery %s over %s failed (attempt %d): %s", row.id, row.channel, row.attempts,
                                error)
                outcome = _record(session, row.id, at=at, error=error, max_attempts=max_attempts,
                                  base=transport.backoff_base_seconds)
                if outcome == "sent":
                    report.sent += 1
                elif outcome == "retried":
                    report.retried += 1
                elif outcome == "failed":
                    report.failed += 1
                if error:
                    report.errors.append(error)
    return report
