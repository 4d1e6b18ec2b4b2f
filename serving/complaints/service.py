"""Complaint logic: intake with idempotency, reads, the queue, review, workflow, survey.

Every change writes its audit event in the same transaction as the change itself; a
response is sent only after the commit, so an acknowledged ticket is never lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models.grader import Grader
from pipeline.decision import DeadlineKind, PolicyDecision, Suggestion
from pipeline.errors import TousuError
from pipeline.mask import mask_free_text, mask_known
from pipeline.policy import Policy, decide_by_agent, survey_due
from pipeline.policy.decide import POSSIBLE_LEVEL_3
from serving.auth.models import Principal
from serving.complaints.models import (
    Channel,
    ComplaintCreate,
    ComplaintPage,
    ComplaintRead,
    ComplaintSummary,
    ReviewCreate,
    SatisfactionCreate,
    Sort,
    TransitionCreate,
)
from serving.complaints.workflow import OPEN, Status, allowed_moves, is_reopen
from serving.database.core import now, write_gate
from serving.database.tables import AuditEventRow, ComplainantRow, ComplaintRow, ReviewRow
from serving.errors import Conflict, NotFound, Unprocessable
from tousu.grading import Item, classify

POLICY_ACTOR = "policy"
EXCERPT_CHARS = 60


def new_id() -> str:
    """Returns a time-ordered id: 12 hex digits of milliseconds, 10 random."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(5)}"


def request_hash(complaint_in: ComplaintCreate) -> str:
    body = json.dumps(complaint_in.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def _apply_decision(row: ComplaintRow, decision: PolicyDecision) -> None:
    row.category = decision.category
    row.level = decision.level
    row.lead_department = decision.lead_department
    row.needs_review = decision.needs_review
    row.possible_level_3 = POSSIBLE_LEVEL_3 in decision.review_reasons
    row.respond_due = decision.deadline("respond")
    row.plan_due = decision.deadline("plan")
    row.resolve_due = decision.deadlines[DeadlineKind.resolve].due
    row.policy_version = decision.policy_version
    row.decision = decision.decision().model_dump(mode="json")


def stored_decision(row: ComplaintRow) -> PolicyDecision:
    """Returns the decision in force that a ticket stores."""
    return PolicyDecision.model_validate(row.decision)


def _audit(session: Session, row: ComplaintRow, actor: str, kind: str, data: dict[str, Any]) -> None:
    session.add(AuditEventRow(complaint_id=row.id, actor=actor, kind=kind, data=data))


def _existing(session: Session, key: str) -> ComplaintRow | None:
    return session.scalar(select(ComplaintRow).where(ComplaintRow.idempotency_key == key))


def scoped_key(principal: Principal, key: str) -> str:
    """An Idempotency-Key as stored: bound to the API key that sent it, so another caller's
    key never replays (or reveals) this caller's ticket."""
    return hashlib.sha256(f"{principal.key_id}\x1f{key}".encode()).hexdigest()


def _replayed(row: ComplaintRow, digest: str) -> ComplaintRow:
    if row.request_hash != digest:
        raise Unprocessable("This Idempotency-Key was already used with a different request body; "
                            "use a new key for a new complaint.", code="idempotency_key_reused",
                            details={"complaint_id": row.id})
    return row


def _store_new(session: Session, row: ComplaintRow, complaint_in: ComplaintCreate, decision: PolicyDecision,
               principal: Principal) -> None:
    """Writes a new ticket, its user details and its first audit events in one transaction."""
    session.add(row)
    user = complaint_in.user
    session.add(ComplainantRow(complaint_id=row.id, name=user.name, contact=user.contact, account=user.account))
    _audit(session, row, principal.actor, "intake",
           {"channel": row.channel, "received_at": row.received_at.isoformat()})
    _audit(session, row, POLICY_ACTOR, "decision", {
        "category": decision.category, "level": decision.level, "model_level": decision.model_level,
        "rules": [r.id for r in decision.rules], "needs_review": decision.needs_review,
        "review_reasons": list(decision.review_reasons), "lead_department": decision.lead_department,
        "model_version": row.model_version, "policy_version": decision.policy_version})
    if row.status == Status.routed.value:
        _audit(session, row, POLICY_ACTOR, "transition", {"from": Status.received.value, "to": row.status,
                                                          "note": "routed at once: no review needed"})
    with write_gate(session):
        session.flush([row])  # the complaint row first: its user and audit rows reference it
        session.commit()


def intake(*, session: Session, grader: Grader, policy: Policy, complaint_in: ComplaintCreate,
           principal: Principal, idempotency_key: str | None) -> tuple[ComplaintRow, bool]:
    """Grades and stores a complaint; returns the ticket and whether it was created now.

    With an idempotency key, a retried request returns the ticket the first one stored.
    """
    digest = request_hash(complaint_in)
    idempotency_key = scoped_key(principal, idempotency_key) if idempotency_key else None
    if idempotency_key:
        found = _existing(session, idempotency_key)
        if found is not None:
            return _replayed(found, digest), False
    user = complaint_in.user
    # the complainant's own details, wherever the text repeats them, are masked like any personal data
    text = mask_known(complaint_in.text, {"<NAME>": user.name, "<PHONE>": user.contact, "<ACCOUNT>": user.account})
    result = classify(grader, policy, [Item(text, complaint_in.received_at)])[0]
    if isinstance(result, TousuError):
        raise result
    decision = result.decision()
    status = Status.received if decision.needs_review else Status.routed
    suggestion = result.model_dump(mode="json", exclude={"text_masked", "timing_ms"})
    row = ComplaintRow(id=new_id(), received_at=result.received_at, channel=complaint_in.channel.value,
                       text_masked=result.text_masked, status=status.value, reviewed=False,
                       model_version=grader.bundle_id, suggestion=suggestion,
                       idempotency_key=idempotency_key or None, request_hash=digest)
    _apply_decision(row, decision)
    try:
        _store_new(session, row, complaint_in, decision, principal)
    except IntegrityError:
        session.rollback()
        if idempotency_key:
            found = _existing(session, idempotency_key)
            if found is not None:  # a concurrent retry stored it first
                return _replayed(found, digest), False
        raise
    return row, True


def get_or_raise(*, session: Session, complaint_id: str, for_update: bool = False) -> ComplaintRow:
    query = select(ComplaintRow).where(ComplaintRow.id == complaint_id)
    if for_update:
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        raise NotFound(f"No complaint with id {complaint_id!r}.", details={"id": complaint_id})
    return row


def get(*, session: Session, complaint_id: str, principal: Principal) -> ComplaintRead:
    """Returns one complaint as ``principal`` may see it; a miss is a 404."""
    return read(session=session, row=get_or_raise(session=session, complaint_id=complaint_id), principal=principal)


def _overdue(row: ComplaintRow, at: dt.datetime) -> bool:
    return Status(row.status) in OPEN and row.resolve_due < at


def read(*, session: Session, row: ComplaintRow, principal: Principal) -> ComplaintRead:
    """Returns the full view of a complaint; personal data only for roles that need it."""
    user = None
    if principal.sees_personal_data:
        found = session.get(ComplainantRow, row.id)
        if found is not None:
            user = {"name": found.name, "contact": found.contact, "account": found.account}
    reviews = session.scalars(select(ReviewRow).where(ReviewRow.complaint_id == row.id).order_by(ReviewRow.id))
    events = session.scalars(select(AuditEventRow).where(AuditEventRow.complaint_id == row.id)
                             .order_by(AuditEventRow.id))
    status = Status(row.status)
    return ComplaintRead.model_validate({
        "id": row.id, "status": status, "allowed_moves": allowed_moves(status), "channel": row.channel,
        "received_at": row.received_at, "created_at": row.created_at, "text_masked": row.text_masked,
        "category": row.category, "level": row.level, "lead_department": row.lead_department,
        "needs_review": row.needs_review, "reviewed": row.reviewed, "overdue": _overdue(row, now()),
        "resolved_at": row.resolved_at, "result_sent_at": row.result_sent_at, "survey_due": row.survey_due,
        "satisfaction": row.satisfaction, "decision": row.decision, "suggestion": row.suggestion,
        "model_version": row.model_version, "policy_version": row.policy_version, "user": user,
        "reviews": [{c: getattr(r, c) for c in ("action", "suggested_category", "suggested_level", "category",
                                                "level", "reason", "reviewer", "reviewed_at",
                                                "model_version", "policy_version")} for r in reviews],
        "history": [{"at": e.at, "actor": e.actor, "kind": e.kind, "data": e.data} for e in events],
    })


def queue(*, session: Session, statuses: list[Status] | None = None, levels: list[int] | None = None,
          department: str | None = None, overdue: bool | None = None, needs_review: bool | None = None,
          sort: Sort = Sort.level_deadline, limit: int = 50, offset: int = 0,
          at: dt.datetime | None = None) -> ComplaintPage:
    """Returns one page of complaints matching the filters, in the requested order."""
    at = at or now()
    query = select(ComplaintRow)
    if statuses:
        query = query.where(ComplaintRow.status.in_([s.value for s in statuses]))
    if levels:
        query = query.where(ComplaintRow.level.in_(levels))
    if department:
        query = query.where(ComplaintRow.lead_department == department)
    if needs_review is not None:
        query = query.where(ComplaintRow.needs_review.is_(needs_review))
    open_states = [s.value for s in OPEN]
    if overdue is True:
        query = query.where(ComplaintRow.status.in_(open_states), ComplaintRow.resolve_due < at)
    elif overdue is False:
        query = query.where(~(ComplaintRow.status.in_(open_states) & (ComplaintRow.resolve_due < at)))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    order = {
        # a possible level 3 comes before the other complaints of its level
        Sort.level_deadline: (ComplaintRow.level.desc(), ComplaintRow.possible_level_3.desc(),
                              ComplaintRow.resolve_due.asc(), ComplaintRow.id),
        Sort.deadline: (ComplaintRow.resolve_due.asc(), ComplaintRow.id),
        Sort.received: (ComplaintRow.received_at.desc(), ComplaintRow.id.desc()),
    }[sort]
    rows = session.scalars(query.order_by(*order).limit(limit).offset(offset))
    items = [ComplaintSummary(
        id=r.id, status=Status(r.status), channel=Channel(r.channel), received_at=r.received_at,
        category=r.category, level=r.level, level_name=stored_decision(r).level_name,
        lead_department=r.lead_department, needs_review=r.needs_review, reviewed=r.reviewed,
        possible_level_3=r.possible_level_3,
        resolve_due=r.resolve_due, overdue=_overdue(r, at), excerpt=r.text_masked[:EXCERPT_CHARS],
    ) for r in rows]
    return ComplaintPage(items=items, total=total, limit=limit, offset=offset)


def _commit(session: Session) -> None:
    try:
        with write_gate(session):
            session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict("The complaint changed while this request ran; reload it and try again.",
                       code="concurrent_update") from None


def review(*, session: Session, policy: Policy, complaint_id: str, review_in: ReviewCreate,
           principal: Principal) -> tuple[ComplaintRead, str]:
    """Records an agent's confirmation or correction; returns the ticket and the action.

    A correction re-routes the complaint and recomputes its deadlines.
    """
    row = get_or_raise(session=session, complaint_id=complaint_id, for_update=True)
    if Status(row.status) is Status.closed:
        raise Conflict("A closed complaint cannot be reviewed; reopen it first.", code="complaint_closed",
                       details={"status": row.status})
    suggested = Suggestion.model_validate(row.suggestion)
    category = review_in.category or row.category
    level = review_in.level or row.level
    action = "confirm" if (category, level) == (suggested.category, suggested.level) else "correct"
    reason = mask_free_text(review_in.reason.strip())
    if action == "correct" and not reason:
        raise Unprocessable("A correction needs a reason (why the suggestion was wrong).", code="reason_required")
    decision = decide_by_agent(suggested, category=category, level=level, reason=reason or "确认建议",
                               policy=policy)
    before = {"category": row.category, "level": row.level, "lead_department": row.lead_department,
              "resolve_due": row.resolve_due.isoformat()}
    _apply_decision(row, decision)
    row.reviewed = True
    session.add(ReviewRow(complaint_id=row.id, action=action, suggested_category=suggested.category,
                          suggested_level=suggested.level, category=category, level=level,
                          reason=reason, reviewer=principal.actor, model_version=row.model_version,
                          policy_version=policy.version))
    _audit(session, row, principal.actor, "review", {
        "action": action, "reason": reason, "before": before,
        "after": {"category": category, "level": level, "lead_department": row.lead_department,
                  "resolve_due": row.resolve_due.isoformat()}})
    if Status(row.status) is Status.received:
        row.status = Status.routed.value
        _audit(session, row, principal.actor, "transition", {"from": Status.received.value,
                                                             "to": Status.routed.value, "note": "reviewed"})
    _commit(session)
    return read(session=session, row=row, principal=principal), action


def transition(*, session: Session, policy: Policy, complaint_id: str, transition_in: TransitionCreate,
               principal: Principal) -> ComplaintRead:
    """Moves a complaint along its life cycle; an illegal move is a 409 naming the allowed ones."""
    row = get_or_raise(session=session, complaint_id=complaint_id, for_update=True)
    current, target = Status(row.status), transition_in.to
    allowed = allowed_moves(current)
    if target not in allowed:
        raise Conflict(f"A complaint cannot move from {current.value} to {target.value}; "
                       f"allowed: {', '.join(a.value for a in allowed) or 'none'}.",
                       code="illegal_transition",
                       details={"from": current.value, "to": target.value, "allowed": [a.value for a in allowed]})
    if target is Status.routed and row.needs_review and not row.reviewed:
        reasons = list(stored_decision(row).review_reasons)
        raise Conflict(f"This grade needs an agent's review before it is routed ({', '.join(reasons)}); "
                       "POST .../review first.", code="review_required", details={"review_reasons": reasons})
    if target is Status.surveyed:
        raise Conflict("A complaint becomes surveyed when its survey result is recorded; "
                       "POST .../satisfaction.", code="survey_required")
    at = now()
    reopen = is_reopen(current, target)
    if target is Status.resolved:
        row.resolved_at = at
    elif target is Status.result_sent:
        row.result_sent_at = at
        row.survey_due = survey_due(at, policy)[0]
    elif reopen:
        row.resolved_at = row.result_sent_at = row.survey_due = None
    row.status = target.value
    _audit(session, row, principal.actor, "reopen" if reopen else "transition",
           {"from": current.value, "to": target.value, "note": mask_free_text(transition_in.note)})
    _commit(session)
    return read(session=session, row=row, principal=principal)


def record_satisfaction(*, session: Session, complaint_id: str, satisfaction_in: SatisfactionCreate,
                        principal: Principal) -> ComplaintRead:
    """Stores the survey's grade; the complaint must have had its result sent."""
    row = get_or_raise(session=session, complaint_id=complaint_id, for_update=True)
    current = Status(row.status)
    if current is not Status.result_sent:
        code = "already_surveyed" if current in (Status.surveyed, Status.closed) and row.satisfaction \
            else "result_not_sent"
        raise Conflict(f"A survey is recorded once the result was sent to the user; this complaint is "
                       f"{current.value}.", code=code, details={"status": current.value})
    row.satisfaction = satisfaction_in.grade.value
    row.status = Status.surveyed.value
    _audit(session, row, principal.actor, "satisfaction",
           {"grade": satisfaction_in.grade.value, "comment": mask_free_text(satisfaction_in.comment)})
    _audit(session, row, principal.actor, "transition", {"from": current.value, "to": Status.surveyed.value,
                                                         "note": "survey recorded"})
    _commit(session)
    return read(session=session, row=row, principal=principal)


def next_for_review(*, session: Session, exclude: str) -> str | None:
    """Returns the id of the next open, unreviewed complaint in queue order (level, deadline)."""
    query = (select(ComplaintRow.id)
             .where(ComplaintRow.status.in_([s.value for s in OPEN]), ComplaintRow.reviewed.is_(False),
                    ComplaintRow.id != exclude)
             .order_by(ComplaintRow.level.desc(), ComplaintRow.possible_level_3.desc(),
                       ComplaintRow.resolve_due.asc(), ComplaintRow.id).limit(1))
    return session.scalar(query)


def queue_counts(*, session: Session, at: dt.datetime, day_end: dt.datetime) -> dict[str, Any]:
    """Counts of open work: by level, overdue, due today, needing review."""
    open_states = [s.value for s in OPEN]
    is_open = ComplaintRow.status.in_(open_states)
    by_level = dict(session.execute(select(ComplaintRow.level, func.count()).where(is_open)
                                    .group_by(ComplaintRow.level)).tuples().all())
    count = lambda *conds: session.scalar(select(func.count()).select_from(ComplaintRow).where(is_open, *conds)) or 0  # noqa: E731
    return {
        "open": sum(by_level.values()),
        "by_level": {lv: by_level.get(lv, 0) for lv in (3, 2, 1)},
        "overdue": count(ComplaintRow.resolve_due < at),
        "due_today": count(ComplaintRow.resolve_due >= at, ComplaintRow.resolve_due < day_end),
        "needs_review": count(ComplaintRow.needs_review.is_(True), ComplaintRow.reviewed.is_(False)),
    }
