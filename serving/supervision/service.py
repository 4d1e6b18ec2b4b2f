"""The supervision channel's logic.

A report reaches the leadership group only (its members' in-app lists and e-mail), never
the person it names, even when that person is a leader; it is read, investigated and
concluded by the group (a leader's key, or an admin), and the reporter follows it with a
reference number and a code (a keyed MAC: nothing stored) until the conclusion is there.
"""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.mask import mask_free_text
from pipeline.policy import Policy
from pipeline.policy.decide import span_end
from serving.auth.models import Principal, Role
from serving.complaints.tickets import new_ticket_no
from serving.database.core import hold_write_gate, now, write_gate
from serving.database.tables import PersonRow, SupervisionReportRow
from serving.errors import Conflict, Forbidden, NotFound, Unprocessable
from serving.notify.outbox import Notifier
from serving.people.service import members
from serving.supervision.models import ReportCreate, ReportRead


def _read(row: SupervisionReportRow) -> ReportRead:
    return ReportRead(
        id=row.id, reference_no=row.reference_no, created_at=row.created_at, source=row.source,
        category=row.category, text_masked=row.text_masked, anonymous=row.anonymous,
        reporter_contact=row.reporter_contact, ticket_no=row.ticket_no, subject_person_id=row.subject_person_id,
        subject_department=row.subject_department, status=row.status,
        notes=list(row.notes), conclusion=row.conclusion, concluded_at=row.concluded_at,
        feedback_due=row.feedback_due, overdue=row.concluded_at is None and row.feedback_due < now())


def submit(*, session: Session, policy: Policy, notifier: Notifier, report_in: ReportCreate,
           source: str) -> SupervisionReportRow:
    """Stores a report and tells the leadership group (but not the person it names)."""
    rules = policy.process_rules.supervision
    if report_in.category not in rules.categories:
        raise Unprocessable("Choose one of the policy's supervision categories.", code="unknown_category",
                            details={"categories": list(rules.categories)})
    if report_in.subject_department and report_in.subject_department not in policy.departments:
        raise Unprocessable("Name one of the policy's departments.", code="unknown_department")
    if report_in.subject_person_id and session.get(PersonRow, report_in.subject_person_id) is None:
        raise Unprocessable("No such person in the directory.", code="unknown_person")
    at = now()
    hold_write_gate(session)
    row = SupervisionReportRow(
        id=secrets.token_hex(11), reference_no="9" + new_ticket_no(at.astimezone(policy.zone))[1:], created_at=at,
        source=source, category=report_in.category, text_masked=mask_free_text(report_in.text.strip()),
        anonymous=report_in.anonymous, reporter_contact=None if report_in.anonymous else report_in.contact,
        ticket_no=report_in.ticket_no, subject_person_id=report_in.subject_person_id,
        subject_department=report_in.subject_department, status="received", notes=[],
        feedback_due=span_end(rules.feedback, at, policy)[0])
    session.add(row)
    leaders = [p for p in members(session, [policy.leadership_department]) if p.id != row.subject_person_id]
    message = notifier.render("supervision_report", {
        "reference_no": row.reference_no, "category": row.category, "due": notifier.local(row.feedback_due),
        "link": notifier.link(f"/web/supervision/{row.id}")})
    session.flush()
    notifier.to_people(session, None, "supervision_report", leaders, message,
                       nobody=f"{policy.leadership_department}成员")
    with write_gate(session):
        session.commit()
    return row


def _allowed(principal: Principal, row: SupervisionReportRow | None = None) -> None:
    if principal.role is not Role.admin and principal.person_role != "leader":
        raise Forbidden("Supervision reports are read by the complaint-handling leadership group.",
                        code="leadership_only")
    if row is not None and principal.person_id is not None and principal.person_id == row.subject_person_id:
        # the person a report names never sees it, leader or not
        raise NotFound("No such supervision report.")


def get_or_raise(session: Session, report_id: str, principal: Principal, *,
                 for_update: bool = False) -> SupervisionReportRow:
    _allowed(principal)
    if for_update:
        hold_write_gate(session)
    row = session.get(SupervisionReportRow, report_id, with_for_update=for_update)
    if row is None:
        raise NotFound("No such supervision report.")
    _allowed(principal, row)
    return row


def list_reports(*, session: Session, principal: Principal, status: str | None = None) -> list[ReportRead]:
    _allowed(principal)
    query = select(SupervisionReportRow).order_by(SupervisionReportRow.created_at.desc())
    if status:
        query = query.where(SupervisionReportRow.status == status)
    return [_read(r) for r in session.scalars(query)
            if not (principal.person_id and principal.person_id == r.subject_person_id)]


def read(*, session: Session, report_id: str, principal: Principal) -> ReportRead:
    return _read(get_or_raise(session, report_id, principal))


def add_note(*, session: Session, report_id: str, note: str, principal: Principal) -> ReportRead:
    """A step of the investigation; the first one moves the report to investigating."""
    row = get_or_raise(session, report_id, principal, for_update=True)
    row.notes = [*row.notes, {"at": now().isoformat(), "by": principal.actor, "note": mask_free_text(note.strip())}]
    if row.status == "received":
        row.status = "investigating"
    with write_gate(session):
        session.commit()
    return _read(row)


def conclude(*, session: Session, report_id: str, conclusion: str, substantiated: bool,
             principal: Principal) -> ReportRead:
    """The conclusion the reporter reads (on the follow-up page); written once."""
    row = get_or_raise(session, report_id, principal, for_update=True)
    if row.concluded_at is not None:
        raise Conflict("This report is concluded already.", code="already_concluded")
    row.conclusion = mask_free_text(conclusion.strip())
    row.concluded_at, row.status = now(), "concluded"
    row.notes = [*row.notes, {"at": row.concluded_at.isoformat(), "by": principal.actor,
                              "note": "查实" if substantiated else "未查实"}]
    with write_gate(session):
        session.commit()
    return _read(row)


def by_reference(session: Session, reference_no: str) -> SupervisionReportRow | None:
    return session.scalar(select(SupervisionReportRow).where(SupervisionReportRow.reference_no == reference_no))


def remind_overdue(sessions: sessionmaker[Session], *, policy: Policy, notifier: Notifier, at: dt.datetime) -> int:
    """Tells the leadership group (never the person named) once about each report whose
    feedback deadline passed without a conclusion, and notes it on the report; returns how
    many it reminded of."""
    from sqlalchemy.exc import IntegrityError

    with sessions() as session:
        overdue = [r for r in session.scalars(select(SupervisionReportRow).where(
            SupervisionReportRow.concluded_at.is_(None), SupervisionReportRow.feedback_due <= at))
            if not any(n.get("reminder") for n in r.notes)]
        if not overdue:
            return 0
        hold_write_gate(session)
        leaders = members(session, [policy.leadership_department])
        for row in overdue:
            message = notifier.render("supervision_overdue", {
                "reference_no": row.reference_no, "category": row.category, "due": notifier.local(row.feedback_due),
                "link": notifier.link(f"/web/supervision/{row.id}")})
            told = [p for p in leaders if p.id != row.subject_person_id]
            notifier.to_people(session, None, "supervision_overdue", told, message,
                               nobody=f"{policy.leadership_department}成员", once=f"supervision_overdue:{row.id}")
            row.notes = [*row.notes, {"at": at.isoformat(), "by": "worker", "reminder": True,
                                      "note": "答复期限已过，已提醒投诉处理领导小组"}]
        try:
            with write_gate(session):
                session.commit()
        except IntegrityError:  # another worker reminded at the same moment
            session.rollback()
            return 0
        return len(overdue)
