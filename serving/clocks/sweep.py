"""One sweep of the clocks: breaches recorded, the escalation ladder applied, surveys sent.

The sweep reads only clocks whose ``next_check_at`` has come (an index keeps that cheap
however many complaints are open), locks them with ``FOR UPDATE SKIP LOCKED`` so that
several workers on PostgreSQL never handle one clock twice, and writes every breach,
escalation and notification in the transaction that moves the clock on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.policy import Policy
from serving.clocks.clock import (
    RUNNING,
    SURVEY_INVITE,
    ClockKind,
    ClockState,
    is_open,
    next_check,
    steps_for,
    survey_invite_at,
    trigger_at,
)
from serving.database.core import write_gate
from serving.database.tables import AuditEventRow, ComplaintRow, DeadlineRow
from serving.labels import DEADLINE, label
from serving.notify.outbox import Notifier

log = logging.getLogger("tousu.worker")
WORKER_ACTOR = "worker"
BATCH = 200
# between two full batches the sweep lets go of the store for a moment: on SQLite (one
# writer) a backlog of thousands of clocks must not starve the requests waiting to write
PAUSE_SECONDS = 0.05


@dataclass
class SweepReport:
    clocks: int = 0
    breaches: int = 0
    escalations: int = 0
    surveys: int = 0
    skipped: int = 0  # clocks whose complaint another transaction held: next sweep
    steps: list[str] = field(default_factory=list)


def survey_token(secret_key: str, ticket_no: str) -> str:
    """The survey link's token: the ticket number and a keyed MAC of it (nothing stored)."""
    mac = hmac.new(secret_key.encode(), f"survey:{ticket_no}".encode(), hashlib.sha256).hexdigest()[:24]
    return f"{ticket_no}-{mac}"


def check_survey_token(secret_key: str, token: str) -> str | None:
    """Returns the ticket number a survey token was made for, or None for a forged one."""
    ticket_no, _, _ = token.partition("-")
    if not ticket_no or not hmac.compare_digest(survey_token(secret_key, ticket_no), token):
        return None
    return ticket_no


def _audit(session: Session, complaint_id: str, kind: str, data: dict[str, Any]) -> None:
    session.add(AuditEventRow(complaint_id=complaint_id, actor=WORKER_ACTOR, kind=kind, data=data))


def _escalate(session: Session, notifier: Notifier, complaint: ComplaintRow, clock: DeadlineRow,
              step_id: str, why: str, audiences: tuple[str, ...], cache: dict[Any, Any]) -> list[str]:
    decision = complaint.decision  # the stored decision's JSON: two fields, no need to validate it whole
    breached = clock.state == ClockState.breached
    message = notifier.render("escalation", {
        "ticket_no": complaint.ticket_no or complaint.id,
        "level_name": decision.get("level_name") or notifier.policy.level(complaint.level).name,
        "category": complaint.category, "deadline_name": label(DEADLINE, clock.kind),
        "breached": breached, "due": notifier.local(clock.due_at), "step_id": step_id, "why": why,
        "lead_department": complaint.lead_department, "link": notifier.link(f"/web/complaints/{complaint.id}")})
    told: list[str] = []
    for audience in audiences:
        # an assist customer service asked for is owed by that department; otherwise the copies
        cc = (clock.department,) if clock.department else tuple(decision.get("cc_departments", ()))
        people, who = notifier.audience(session, complaint, audience, cc, cache)
        told += notifier.to_people(session, complaint, "escalation", people, message, nobody=who)
    return told


def _invite(session: Session, notifier: Notifier, complaint: ComplaintRow, clock: DeadlineRow,
            secret_key: str) -> str | None:
    token = survey_token(secret_key, complaint.ticket_no or complaint.id)
    message = notifier.render("survey_invite", {
        "ticket_no": complaint.ticket_no or complaint.id, "survey_due": notifier.local(clock.due_at),
        "link": notifier.link(f"/s/{token}")})
    return notifier.to_complainant(session, complaint, "survey_invite", message)


def advance(session: Session, clock: DeadlineRow, complaint: ComplaintRow, *, policy: Policy, notifier: Notifier,
            secret_key: str, at: dt.datetime, report: SweepReport, cache: dict[Any, Any] | None = None) -> None:
    """Applies to one clock whatever became due by ``at``, then schedules its next look."""
    if is_open(clock) and clock.state in RUNNING and clock.due_at <= at:
        clock.state, clock.breached_at = ClockState.breached.value, clock.due_at
        _audit(session, complaint.id, "breach", {"deadline": clock.kind, "due_at": clock.due_at.isoformat(),
                                                 "original_due_at": clock.original_due_at.isoformat()})
        report.breaches += 1
    done = list(clock.steps_done)
    if is_open(clock) and clock.kind == ClockKind.survey and SURVEY_INVITE not in done:
        invite_at = survey_invite_at(complaint, policy)
        if invite_at is not None and invite_at <= at:
            channel = _invite(session, notifier, complaint, clock, secret_key)
            note = None if channel else "用户无可用联系方式：请电话回访"
            _audit(session, complaint.id, "survey_invite", {"channel": channel or "none", "note": note})
            done.append(SURVEY_INVITE)
            report.surveys += 1
    for step in steps_for(policy, clock.kind, complaint.level):
        if step.id in done or not is_open(clock) or trigger_at(step, clock) > at:
            continue
        done.append(step.id)
        if step.when == "due_within" and clock.state == ClockState.breached:
            continue  # the worker was away until after the due time: the breach step speaks instead
        told = _escalate(session, notifier, complaint, clock, step.id, step.why, step.notify,
                         {} if cache is None else cache)
        _audit(session, complaint.id, "escalation", {"step": step.id, "deadline": clock.kind,
                                                     "notified": told, "audiences": list(step.notify)})
        report.escalations += 1
        report.steps.append(step.id)
    clock.steps_done = done
    clock.next_check_at = next_check(clock, complaint, policy)


def sweep(sessions: sessionmaker[Session], *, policy: Policy, notifier: Notifier, secret_key: str,
          at: dt.datetime, batch: int = BATCH) -> SweepReport:
    """Handles every clock due by ``at``, ``batch`` clocks a transaction."""
    report = SweepReport()
    seen: set[int] = set()
    cache: dict[Any, Any] = {}
    while True:
        with sessions() as session, write_gate(session):
            query = (select(DeadlineRow).where(DeadlineRow.next_check_at <= at)
                     .order_by(DeadlineRow.next_check_at, DeadlineRow.id).limit(batch)
                     .with_for_update(skip_locked=True))
            clocks = [c for c in session.scalars(query) if c.id not in seen]
            if not clocks:
                return report
            # their complaints, in one statement; one a request holds right now waits for the next sweep
            ids = sorted({c.complaint_id for c in clocks})
            complaints = {c.id: c for c in session.scalars(
                select(ComplaintRow).where(ComplaintRow.id.in_(ids)).with_for_update(skip_locked=True))}
            with session.no_autoflush:
                for clock in clocks:
                    seen.add(clock.id)
                    complaint = complaints.get(clock.complaint_id)
                    if complaint is None:
                        report.skipped += 1
                        continue
                    advance(session, clock, complaint, policy=policy, notifier=notifier, secret_key=secret_key,
                            at=at, report=report, cache=cache)
                    report.clocks += 1
            session.commit()
        if len(clocks) == batch:
            time.sleep(PAUSE_SECONDS)
