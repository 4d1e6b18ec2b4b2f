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
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, exists, func, or_, select, union
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
from serving.clocks import service as clocks
from serving.clocks.clock import ClockKind, ClockState, is_open
from serving.complaints import special
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
from serving.complaints.tickets import new_ticket_no
from serving.complaints.workflow import OPEN, Status, allowed_moves, is_reopen
from serving.database.core import hold_write_gate, now, write_gate
from serving.database.tables import (
    AssistOwedRow,
    AuditEventRow,
    ComplainantRow,
    ComplaintRow,
    PersonRow,
    ReviewRow,
)
from serving.errors import Conflict, Forbidden, NotFound, Unprocessable
from serving.notify.outbox import Notifier
from tousu.grading import Item, classify

POLICY_ACTOR = "policy"
EXCERPT_CHARS = 60
COUNT_CAP = 10_000  # a queue counts its matches up to here (ComplaintPage.total_exact)


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


def notify_level_3(session: Session, notifier: Notifier, row: ComplaintRow, decision: PolicyDecision) -> list[str]:
    """Tells the leadership group about a level-3 complaint the policy lets alert (issue 9:
    a rule the regulation names, or a person's grade); returns who was told."""
    reasons = "；".join(f"{r.id}：{r.reason}" for r in decision.rules) or "模型与规则判定为三级"
    message = notifier.render("level3_intake", {
        "ticket_no": row.ticket_no or row.id, "category": decision.category, "coarse_class": decision.coarse_class,
        "lead_department": decision.lead_department, "received_at": notifier.local(decision.received_at),
        "respond_due": notifier.local(decision.deadline("respond")),
        "resolve_due": notifier.local(decision.deadline("resolve")), "reasons": reasons,
        "link": notifier.link(f"/web/complaints/{row.id}")})
    people, who = notifier.audience(session, row, "leadership")
    told = notifier.to_people(session, row, "level3_intake", people, message, nobody=who)
    _audit(session, row, POLICY_ACTOR, "notification", {"event": "level3_intake", "notified": told})
    return told


def _tell_complainant(session: Session, notifier: Notifier, row: ComplaintRow, event: str,
                      context: dict[str, Any]) -> None:
    """Sends the user a status change the regulation says they must hear about."""
    message = notifier.render(event, {"ticket_no": row.ticket_no or row.id,
                                      "link": notifier.link(f"/t/{row.ticket_no}"), **context})
    channel = notifier.to_complainant(session, row, event, message)
    _audit(session, row, POLICY_ACTOR, "notification", {"event": event, "to": "complainant",
                                                        "channel": channel or "none"})


def _store_new(session: Session, row: ComplaintRow, complaint_in: ComplaintCreate, decision: PolicyDecision,
               principal: Principal, policy: Policy, notifier: Notifier) -> None:
    """Writes a new ticket, its user details, clocks, notifications and first audit events in
    one transaction."""
    hold_write_gate(session)  # graded already: only the writes wait for the gate
    user = complaint_in.user
    row.repeat_of = earlier_complaint(session, user.contact, user.account, row.received_at)
    session.add(row)
    session.add(ComplainantRow(complaint_id=row.id, name=user.name, contact=user.contact, account=user.account))
    clocks.open_clocks(session, row, decision, policy)
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
    session.flush([row])  # the complaint row first: its user, clock and audit rows reference it
    if decision.notify_leadership:
        notify_level_3(session, notifier, row, decision)
    _tell_complainant(session, notifier, row, "received",
                      {"resolve_due": notifier.local(decision.deadline("resolve"))})
    with write_gate(session):
        session.commit()


def intake(*, session: Session, grader: Grader, policy: Policy, notifier: Notifier, complaint_in: ComplaintCreate,
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
                       idempotency_key=idempotency_key or None, request_hash=digest,
                       ticket_no=new_ticket_no(result.received_at.astimezone(policy.zone)))
    _apply_decision(row, decision)
    try:
        _store_new(session, row, complaint_in, decision, principal, policy, notifier)
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
    if for_update:  # about to write: the row lock on PostgreSQL, the write gate on SQLite
        hold_write_gate(session)
        query = query.with_for_update()
    row = session.scalar(query)
    if row is None:
        raise NotFound(f"No complaint with id {complaint_id!r}.", details={"id": complaint_id})
    return row


def get(*, session: Session, complaint_id: str, principal: Principal) -> ComplaintRead:
    """Returns one complaint as ``principal`` may see it; a miss is a 404."""
    return read(session=session, row=get_or_raise(session=session, complaint_id=complaint_id), principal=principal)


def _overdue(row: ComplaintRow, at: dt.datetime) -> bool:
    """Overdue: some deadline of the complaint (any kind) passed with its work not done."""
    return row.next_due is not None and row.next_due < at


def _deadlines(session: Session, row: ComplaintRow) -> list[dict[str, Any]]:
    return [{"kind": c.kind, "due_at": c.due_at, "original_due_at": c.original_due_at, "state": c.state,
             "met_at": c.met_at, "breached_at": c.breached_at, "extensions": c.extensions,
             "provisional": c.provisional, "department": c.department} for c in clocks.clocks_of(session, row.id)]


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
        "id": row.id, "ticket_no": row.ticket_no, "status": status, "allowed_moves": allowed_moves(status),
        "channel": row.channel, "next_due": row.next_due, "deadlines": _deadlines(session, row),
        "assignee_id": row.assignee_id,
        "result_text": row.result_text, "survey_method": row.survey_method,
        "improvement": row.improvement, "improvement_adopted_at": row.improvement_adopted_at,
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


def normalise_query(q: str) -> str:
    """A search term as stored: trimmed; a phone number without spaces or hyphens."""
    q = q.strip()
    compact = q.replace(" ", "").replace("-", "")
    return compact if compact.lstrip("+").isdigit() else q


def matching(q: str) -> Any:
    """The condition of a search: the ticket number or id, or the complainant's phone (or
    e-mail), account or name, each matched exactly (indexed)."""
    term = normalise_query(q)
    # a union of index lookups: an OR across the two tables would scan every complaint
    ids = union(
        select(ComplaintRow.id).where(ComplaintRow.ticket_no == term),
        select(ComplaintRow.id).where(ComplaintRow.id == term),
        select(ComplainantRow.complaint_id).where(ComplainantRow.contact == term),
        select(ComplainantRow.complaint_id).where(ComplainantRow.account == term),
        select(ComplainantRow.complaint_id).where(ComplainantRow.name == term),
    ).subquery()
    return ComplaintRow.id.in_(select(ids.c[0]))


def queue(*, session: Session, statuses: list[Status] | None = None, levels: list[int] | None = None,
          department: str | None = None, overdue: bool | None = None, needs_review: bool | None = None,
          sort: Sort = Sort.level_deadline, limit: int = 50, offset: int = 0,
          at: dt.datetime | None = None, q: str | None = None, assignee: str | None = None,
          unassigned: bool | None = None, category: str | None = None,
          received: tuple[dt.datetime, dt.datetime] | None = None, copied: bool = False) -> ComplaintPage:
    """Returns one page of complaints matching the filters, in the requested order.

    ``q`` searches personal data: the caller checks the role may (agents and admins).
    ``copied`` widens a department's queue to the complaints it is copied on and still
    owes an answer to (an open department_assist deadline).
    """
    at = at or now()
    query = select(ComplaintRow)
    if q:
        query = query.where(matching(q))
    if assignee:
        query = query.where(ComplaintRow.assignee_id == assignee)
    if unassigned:
        query = query.where(ComplaintRow.assignee_id.is_(None))
    if category:
        query = query.where(ComplaintRow.category == category)
    if received:  # the leadership page's drill-down: complaints received in its period
        query = query.where(ComplaintRow.received_at >= received[0], ComplaintRow.received_at < received[1])
    if statuses:
        query = query.where(ComplaintRow.status.in_([s.value for s in statuses]))
    if levels:
        query = query.where(ComplaintRow.level.in_(levels))
    if department and not copied:
        query = query.where(ComplaintRow.lead_department == department)
    if needs_review is not None:
        query = query.where(ComplaintRow.needs_review.is_(needs_review))
    if overdue is True:
        query = query.where(ComplaintRow.next_due < at)
    elif overdue is False:
        query = query.where(or_(ComplaintRow.next_due.is_(None), ComplaintRow.next_due >= at))
    # counted up to COUNT_CAP: an exact total of every open complaint costs more than the page
    # at ten million (benchmarks/bench_store.py), and nobody pages through ten thousand
    if department and copied:
        # what it leads and what it owes (counted apart, each by index: one count under the OR
        # read every open complaint); the complaints owed are rows (assists_owed), probed by
        # key, so no plan depends on how many a department owes
        led = ComplaintRow.lead_department == department
        owes = owes_answer(department)
        counted = _count(session, query.where(led))
        if counted <= COUNT_CAP:
            counted += _count(session, query.where(~led, owes))
        query = query.where(or_(led, owes))
    else:
        counted = _count(session, query)
    # the next deadline of any kind; a complaint with none left (done, closed) sorts last
    next_due = ComplaintRow.next_due.asc().nulls_last()
    order = {
        # a possible level 3 comes before the other complaints of its level
        Sort.level_deadline: (ComplaintRow.level.desc(), ComplaintRow.possible_level_3.desc(), next_due,
                              ComplaintRow.id),
        Sort.deadline: (next_due, ComplaintRow.id),
        Sort.received: (ComplaintRow.received_at.desc(), ComplaintRow.id.desc()),
    }[sort]
    # the page's ids first (from an index alone where one holds the filters), then their rows
    page_ids = query.with_only_columns(ComplaintRow.id).order_by(*order).limit(limit).offset(offset)
    rows = session.scalars(select(ComplaintRow).where(ComplaintRow.id.in_(page_ids)).order_by(*order))
    items = [_summary(r, at) for r in rows]
    return ComplaintPage(items=items, total=min(counted, COUNT_CAP), total_exact=counted <= COUNT_CAP, limit=limit,
                         offset=offset)


def owes_answer(department: str) -> Any:
    """The complaint waits for ``department``'s answer (a row of ``assists_owed``, kept by the
    clocks): a key probe, or a hashed set where the planner prefers one."""
    return exists().where(AssistOwedRow.department == department, AssistOwedRow.complaint_id == ComplaintRow.id)


def _count(session: Session, query: Select[Any]) -> int:
    """How many rows ``query`` matches, counted up to COUNT_CAP + 1."""
    return session.scalar(select(func.count()).select_from(
        query.with_only_columns(ComplaintRow.id).limit(COUNT_CAP + 1).subquery())) or 0


def _commit(session: Session) -> None:
    try:
        with write_gate(session):
            session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict("The complaint changed while this request ran; reload it and try again.",
                       code="concurrent_update") from None


def review(*, session: Session, policy: Policy, notifier: Notifier, complaint_id: str, review_in: ReviewCreate,
           principal: Principal) -> tuple[ComplaintRead, str]:
    """Records an agent's confirmation or correction; returns the ticket and the action.

    A review is the first response (it meets the respond deadline). A correction re-routes
    the complaint; a new level moves the deadlines still running (``process.regrade_clock``).
    Confirming a level 3 that had not alerted anyone tells the leadership group now.
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
    at = now()
    regraded = level != row.level
    clock_from = at if regraded and policy.process_rules.regrade_clock == "review_time" else None
    decision = decide_by_agent(suggested, category=category, level=level, reason=reason or "确认建议",
                               policy=policy, clock_from=clock_from)
    alerted_before = stored_decision(row).notify_leadership
    before = {"category": row.category, "level": row.level, "lead_department": row.lead_department,
              "resolve_due": row.resolve_due.isoformat()}
    _apply_decision(row, decision)
    row.reviewed = True
    session.add(ReviewRow(complaint_id=row.id, action=action, suggested_category=suggested.category,
                          suggested_level=suggested.level, category=category, level=level,
                          reason=reason, reviewer=principal.actor, model_version=row.model_version,
                          policy_version=policy.version))
    moved = clocks.regrade(session, row, decision, policy, at) if regraded else {}
    met = clocks.meet(session, row, [ClockKind.respond], policy, at)
    _audit(session, row, principal.actor, "review", {
        "action": action, "reason": reason, "before": before,
        "after": {"category": category, "level": level, "lead_department": row.lead_department,
                  "resolve_due": row.resolve_due.isoformat()},
        "deadlines": moved, "met": met})
    if Status(row.status) is Status.received:
        row.status = Status.routed.value
        _audit(session, row, principal.actor, "transition", {"from": Status.received.value,
                                                             "to": Status.routed.value, "note": "reviewed"})
    if decision.notify_leadership and not alerted_before:
        notify_level_3(session, notifier, row, decision)
    _commit(session)
    return read(session=session, row=row, principal=principal), action


def _check_close(current: Status, transition_in: TransitionCreate, policy: Policy) -> str | None:
    """Closing a complaint whose survey was never answered needs one of the policy's reasons."""
    if current is not Status.result_sent:
        return None
    reasons = policy.process_rules.survey.close_without_survey_reasons
    reason = transition_in.reason
    if reason not in reasons:
        raise Conflict("This complaint has no survey result; closing it needs a reason from the policy.",
                       code="survey_reason_required", details={"reasons": list(reasons)})
    return reason


def transition(*, session: Session, policy: Policy, notifier: Notifier, complaint_id: str,
               transition_in: TransitionCreate, principal: Principal) -> ComplaintRead:
    """Moves a complaint along its life cycle; an illegal move is a 409 naming the allowed ones.

    Work meets deadlines: in_progress meets the respond deadline, resolved every working
    deadline. result_sent tells the user the result (the move's note) and starts the
    survey's clock; reopening starts a new resolve deadline from now.
    """
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
    feedback = transition_in.result if target is Status.result_sent else None
    note = mask_free_text(feedback.text() if feedback is not None else transition_in.note.strip())
    if target is Status.result_sent and not note:
        raise Unprocessable("Sending the result needs the result itself in `note`: it is what the user reads.",
                            code="result_required")
    close_reason = _check_close(current, transition_in, policy) if target is Status.closed else None
    if target is Status.closed:
        special.check_close(session, row)
    at = now()
    reopen = is_reopen(current, target)
    data: dict[str, Any] = {"from": current.value, "to": target.value, "note": note}
    if feedback is not None:  # the structured result, masked like every free text
        data["result"] = {"done": mask_free_text(feedback.done.strip()),
                          "measures": mask_free_text(feedback.measures.strip()), "apology": feedback.apology}
    if target is Status.in_progress and not reopen:
        data["met"] = clocks.meet(session, row, [ClockKind.respond], policy, at)
    elif target is Status.resolved:
        row.resolved_at = at
        data["met"] = clocks.meet(session, row, clocks.WORK_KINDS, policy, at)
    elif target is Status.result_sent:
        row.result_sent_at, row.result_text = at, note
        row.survey_due, provisional = survey_due(at, policy)
        clocks.open_survey(session, row, policy, row.survey_due, provisional)
        _tell_complainant(session, notifier, row, "result", {"result": note})
    elif reopen:
        row.resolved_at = row.result_sent_at = row.survey_due = row.result_text = None
        row.survey_method = None
        data["resolve_due"] = clocks.reopen(session, row, policy, at).isoformat()
    if close_reason is not None:
        clocks.waive(session, row, [ClockKind.survey], policy)
        data["closed_without_survey"] = close_reason
    row.status = target.value
    _audit(session, row, principal.actor, "reopen" if reopen else "transition", data)
    _commit(session)
    return read(session=session, row=row, principal=principal)


def record_satisfaction(*, session: Session, policy: Policy, complaint_id: str, satisfaction_in: SatisfactionCreate,
                        principal: Principal | None, actor: str | None = None) -> ComplaintRow:
    """Stores the survey's grade (online questionnaire, or a phone survey an agent records);
    the complaint must have had its result sent."""
    row = get_or_raise(session=session, complaint_id=complaint_id, for_update=True)
    current = Status(row.status)
    if current is not Status.result_sent:
        code = "already_surveyed" if current in (Status.surveyed, Status.closed) and row.satisfaction \
            else "result_not_sent"
        raise Conflict(f"A survey is recorded once the result was sent to the user; this complaint is "
                       f"{current.value}.", code=code, details={"status": current.value})
    who = actor or (principal.actor if principal else "complainant")
    row.satisfaction = satisfaction_in.grade.value
    row.survey_method = satisfaction_in.method.value
    row.status = Status.surveyed.value
    clocks.meet(session, row, [ClockKind.survey], policy, now())
    _audit(session, row, who, "satisfaction",
           {"grade": satisfaction_in.grade.value, "method": satisfaction_in.method.value,
            "comment": mask_free_text(satisfaction_in.comment)})
    _audit(session, row, who, "transition", {"from": current.value, "to": Status.surveyed.value,
                                             "note": "survey recorded"})
    _commit(session)
    return row


def record_satisfaction_read(*, session: Session, policy: Policy, complaint_id: str,
                             satisfaction_in: SatisfactionCreate, principal: Principal) -> ComplaintRead:
    row = record_satisfaction(session=session, policy=policy, complaint_id=complaint_id,
                              satisfaction_in=satisfaction_in, principal=principal)
    return read(session=session, row=row, principal=principal)


def record_special(*, session: Session, policy: Policy, complaint_id: str, kind: str, body: Any,
                   principal: Principal) -> ComplaintRead:
    """A level-3 record: the emergency meeting, the special plan or the special report."""
    row = get_or_raise(session=session, complaint_id=complaint_id, for_update=True)
    special.record(session=session, policy=policy, row=row, kind=kind, body=body, principal=principal)
    _commit(session)
    return read(session=session, row=row, principal=principal)


def meet_deadline(*, session: Session, policy: Policy, complaint_id: str, kind: ClockKind, note: str,
                  principal: Principal) -> ComplaintRead:
    """Records that a deadline's work was done (a response, a plan, a department's answer)."""
    if kind in (ClockKind.resolve, ClockKind.survey):
        raise Conflict(f"The {kind.value} deadline is met by its own step "
                       f"({'the move to resolved' if kind is ClockKind.resolve else 'the survey result'}).",
                       code="met_by_its_step")
    row = get_or_raise(session=session, complaint_id=complaint_id, for_update=True)
    met = clocks.meet(session, row, [kind], policy, now())
    if not met:
        raise Conflict(f"This complaint has no open {kind.value} deadline.", code="no_open_deadline",
                       details={"deadline": kind.value})
    _audit(session, row, principal.actor, "deadline_met", {"deadline": kind.value, "note": mask_free_text(note)})
    _commit(session)
    return read(session=session, row=row, principal=principal)


def earlier_complaint(session: Session, contact: str | None, account: str | None,
                      received_at: dt.datetime) -> str | None:
    """The complainant's latest complaint received before ``received_at`` (same phone or
    account): the complaint a new one repeats, or None. Two index lookups."""
    found: list[tuple[dt.datetime, str]] = []
    for column, value in ((ComplainantRow.contact, contact), (ComplainantRow.account, account)):
        if not value:
            continue
        hit = session.execute(select(ComplaintRow.received_at, ComplaintRow.id)
                              .join(ComplainantRow, ComplainantRow.complaint_id == ComplaintRow.id)
                              .where(column == value, ComplaintRow.received_at < received_at)
                              .order_by(ComplaintRow.received_at.desc()).limit(1)).first()
        if hit is not None:
            found.append((hit[0], hit[1]))
    return max(found)[1] if found else None


def same_complainant(*, session: Session, complaint_id: str, limit: int = 20) -> list[ComplaintSummary]:
    """The complainant's other complaints (same phone or account), newest first: a repeat
    complaint is seen as one. Personal data links them, so agents and admins only."""
    user = session.get(ComplainantRow, complaint_id)
    keys = [v for v in (user.contact, user.account) if v] if user is not None else []
    if not keys:
        return []
    ids = select(ComplainantRow.complaint_id).where(or_(ComplainantRow.contact.in_(keys),
                                                        ComplainantRow.account.in_(keys)))
    rows = session.scalars(select(ComplaintRow).where(ComplaintRow.id.in_(ids), ComplaintRow.id != complaint_id)
                           .order_by(ComplaintRow.received_at.desc()).limit(limit))
    at = now()
    return [_summary(r, at) for r in rows]


def _summary(r: ComplaintRow, at: dt.datetime) -> ComplaintSummary:
    """A stored complaint as a queue line."""
    return ComplaintSummary(
        id=r.id, status=Status(r.status), channel=Channel(r.channel), received_at=r.received_at,
        category=r.category, level=r.level, level_name=stored_decision(r).level_name,
        lead_department=r.lead_department, needs_review=r.needs_review, reviewed=r.reviewed,
        possible_level_3=r.possible_level_3, ticket_no=r.ticket_no, next_due=r.next_due, assignee_id=r.assignee_id,
        resolve_due=r.resolve_due, overdue=_overdue(r, at), excerpt=r.text_masked[:EXCERPT_CHARS])


def summaries(*, session: Session, ids: Sequence[str]) -> dict[str, ComplaintSummary]:
    """The stored complaints among ``ids`` (a suggestion's precedents: the confirmed complaints
    most like it), by id; an id the store does not hold (a precedent from a file) is left out."""
    wanted = [i for i in dict.fromkeys(ids) if i]
    if not wanted:
        return {}
    at = now()
    rows = session.scalars(select(ComplaintRow).where(ComplaintRow.id.in_(wanted)))
    return {r.id: _summary(r, at) for r in rows}


def assign(*, session: Session, complaint_id: str, action: str, person_id: str | None,
           principal: Principal) -> ComplaintRead:
    """Claims, releases or assigns a complaint. A person claims for themselves; the assignee,
    the lead department's head, a leader or an admin releases; assigning to someone else is
    for the lead department's head, a leader or an admin."""
    row = get_or_raise(session=session, complaint_id=complaint_id, for_update=True)
    manager = principal.role.value == "admin" or principal.person_role == "leader" or (
        principal.person_role == "head" and principal.department == row.lead_department)
    before = row.assignee_id
    if action == "claim":
        if principal.person_id is None:
            raise Forbidden("A service key claims nothing: claim with a person's key (`tousu keys create --person`).",
                            code="no_person")
        if row.assignee_id not in (None, principal.person_id):
            raise Conflict("Someone else works this complaint; ask them or the department's head to release it.",
                           code="already_assigned", details={"assignee_id": row.assignee_id})
        row.assignee_id = principal.person_id
    elif action == "release":
        if row.assignee_id is None:
            return read(session=session, row=row, principal=principal)
        if row.assignee_id != principal.person_id and not manager:
            raise Forbidden("Only the assignee, the department's head, a leader or an admin releases a complaint.",
                            code="not_assignee")
        row.assignee_id = None
    else:
        if not manager:
            raise Forbidden("Assigning to someone else is for the lead department's head, a leader or an admin.",
                            code="not_manager")
        person = session.get(PersonRow, person_id) if person_id else None
        if person is None or not person.active:
            raise Unprocessable("Assign to an active person of the directory.", code="unknown_person",
                                details={"person_id": person_id})
        row.assignee_id = person.id
    _audit(session, row, principal.actor, "assignment", {"action": action, "from": before, "to": row.assignee_id})
    _commit(session)
    return read(session=session, row=row, principal=principal)


def request_assist(*, session: Session, policy: Policy, notifier: Notifier, complaint_id: str, department: str,
                   note: str, principal: Principal) -> ComplaintRead:
    """Asks another department for help on an open complaint (level 1 too): starts a
    department_assist deadline and tells that department's head."""
    if department not in policy.departments:
        raise Unprocessable(f"Department {department!r} is not one of the policy's departments.",
                            code="unknown_department", details={"departments": list(policy.departments)})
    row = get_or_raise(session=session, complaint_id=complaint_id, for_update=True)
    if Status(row.status) not in OPEN:
        raise Conflict("Help is asked for while the complaint is open.", code="complaint_not_open",
                       details={"status": row.status})
    if department == row.lead_department:
        raise Conflict(f"{department} leads this complaint already.", code="assist_from_lead")
    current = next((c for c in clocks.clocks_of(session, row.id) if c.kind == ClockKind.department_assist.value), None)
    if current is not None and is_open(current):
        raise Conflict("A department's answer is still awaited; record it first (…/deadlines/department_assist/met).",
                       code="assist_open", details={"department": current.department})
    at = now()
    note = mask_free_text(note.strip())
    clock = clocks.request_assist(session, row, department, policy, at)
    row.updated_at = at
    people, who = notifier.audience(session, row, "cc_heads", (department,))
    message = notifier.render("assist_request", {
        "ticket_no": row.ticket_no or row.id, "category": row.category, "department": department, "note": note,
        "due": notifier.local(clock.due_at), "link": notifier.link(f"/web/complaints/{row.id}")})
    told = notifier.to_people(session, row, "assist_request", people, message, nobody=who)
    _audit(session, row, principal.actor, "assist_request", {
        "department": department, "note": note, "due_at": clock.due_at.isoformat(), "notified": told})
    _commit(session)
    return read(session=session, row=row, principal=principal)


def suggest_improvement(*, session: Session, complaint_id: str, suggestion: str,
                        principal: Principal) -> ComplaintRead:
    """Records the improvement a complaint suggests (a later one replaces it until adopted)."""
    row = get_or_raise(session=session, complaint_id=complaint_id, for_update=True)
    if row.improvement_adopted_at is not None:
        raise Conflict("The suggested improvement was adopted already.", code="improvement_adopted")
    text = mask_free_text(suggestion.strip())
    if not text:
        raise Unprocessable("An improvement needs its text.", code="improvement_required")
    row.improvement, row.improvement_by, row.updated_at = text, principal.actor, now()
    _audit(session, row, principal.actor, "improvement", {"action": "suggested", "text": text})
    _commit(session)
    return read(session=session, row=row, principal=principal)


def adopt_improvement(*, session: Session, complaint_id: str, principal: Principal) -> ComplaintRead:
    """The leadership group (or an admin) adopts the complaint's suggested improvement."""
    if principal.role.value != "admin" and principal.person_role != "leader":
        raise Forbidden("Improvements are adopted by the leadership group.", code="leadership_only")
    row = get_or_raise(session=session, complaint_id=complaint_id, for_update=True)
    if row.improvement is None:
        raise Conflict("This complaint suggests no improvement.", code="no_improvement")
    if row.improvement_adopted_at is None:
        row.improvement_adopted_at = row.updated_at = now()
        _audit(session, row, principal.actor, "improvement", {"action": "adopted"})
        _commit(session)
    return read(session=session, row=row, principal=principal)


def extend(*, session: Session, policy: Policy, notifier: Notifier, complaint_id: str, kind: ClockKind,
           new_due: dt.datetime, reason: str, principal: Principal) -> ComplaintRead:
    """Extends a running deadline when the policy allows it at this level and the caller may
    approve it; the user is told why and until when. Reports keep the original due time."""
    row = get_or_raise(session=session, complaint_id=complaint_id, for_update=True)
    rules = policy.process_rules.extensions
    level_rule = rules.levels.get(row.level)
    if kind.value not in rules.deadlines or level_rule is None:
        raise Conflict(f"The policy does not extend the {kind.value} deadline of a level-{row.level} complaint.",
                       code="extension_not_allowed",
                       details={"deadlines": list(rules.deadlines), "levels": sorted(rules.levels)})
    if principal.role.value != "admin" and principal.person_role not in level_rule.approved_by:
        raise Forbidden(f"Extending a level-{row.level} deadline needs the approval of: "
                        f"{', '.join(level_rule.approved_by)} (a key of such a person).",
                        code="approval_required", details={"approved_by": list(level_rule.approved_by)})
    clock = next((c for c in clocks.clocks_of(session, row.id) if c.kind == kind.value), None)
    if clock is None or not is_open(clock):
        raise Conflict(f"This complaint has no open {kind.value} deadline.", code="no_open_deadline")
    at = now()
    if clock.state == ClockState.breached or clock.due_at <= at:
        raise Conflict("This deadline has already passed; an extension is agreed before it does.",
                       code="deadline_passed", details={"due_at": clock.due_at.isoformat()})
    if clock.extensions >= level_rule.max_per_deadline:
        raise Conflict(f"This deadline was extended {clock.extensions} time(s), the most the policy allows.",
                       code="extension_limit", details={"max_per_deadline": level_rule.max_per_deadline})
    latest = clocks.extension_limit(clock, policy)
    if new_due.tzinfo is None:
        new_due = new_due.replace(tzinfo=policy.zone)
    if not clock.due_at < new_due <= latest:
        raise Unprocessable(f"new_due must lie after the current due time and at most "
                            f"{rules.max_working_days} working days after it.", code="invalid_extension",
                            details={"due_at": clock.due_at.isoformat(), "latest": latest.isoformat()})
    reason = mask_free_text(reason.strip())
    before = clock.due_at
    clock.due_at, clock.state, clock.steps_done = new_due, ClockState.extended.value, []
    clock.extensions += 1
    clocks.sync(row, clocks.clocks_of(session, row.id), policy)
    row.updated_at = at  # the complaint changed: its version moves with its clocks
    _audit(session, row, principal.actor, "extension", {
        "deadline": kind.value, "from": before.isoformat(), "to": new_due.isoformat(),
        "original_due_at": clock.original_due_at.isoformat(), "reason": reason})
    _tell_complainant(session, notifier, row, "extended", {
        "deadline_name": {"plan": "处理方案", "resolve": "处理"}.get(kind.value, kind.value),
        "reason": reason, "new_due": notifier.local(new_due)})
    _commit(session)
    return read(session=session, row=row, principal=principal)


def next_for_review(*, session: Session, exclude: str) -> str | None:
    """Returns the id of the next open, unreviewed complaint in queue order (level, deadline)."""
    query = (select(ComplaintRow.id)
             .where(ComplaintRow.status.in_([s.value for s in OPEN]), ComplaintRow.reviewed.is_(False),
                    ComplaintRow.id != exclude)
             .order_by(ComplaintRow.level.desc(), ComplaintRow.possible_level_3.desc(),
                       ComplaintRow.next_due.asc().nulls_last(), ComplaintRow.id).limit(1))
    return session.scalar(query)


def queue_counts(*, session: Session, at: dt.datetime, day_end: dt.datetime) -> dict[str, Any]:
    """Counts of open work: by level, overdue, due today, needing review."""
    open_states = [s.value for s in OPEN]
    still_open = ComplaintRow.status.in_(open_states)
    by_level = dict(session.execute(select(ComplaintRow.level, func.count()).where(still_open)
                                    .group_by(ComplaintRow.level)).tuples().all())

    def count(*conds: Any) -> int:
        return session.scalar(select(func.count()).select_from(ComplaintRow).where(*conds)) or 0

    return {
        "open": sum(by_level.values()),
        "by_level": {lv: by_level.get(lv, 0) for lv in (3, 2, 1)},
        # any deadline passed undone (a survey too, after the result was sent)
        "overdue": count(ComplaintRow.next_due < at),
        "due_today": count(ComplaintRow.next_due >= at, ComplaintRow.next_due < day_end),
        "needs_review": count(still_open, ComplaintRow.needs_review.is_(True), ComplaintRow.reviewed.is_(False)),
    }
