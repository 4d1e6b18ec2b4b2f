"""The store's tables. User details live apart from complaints; the audit trail only grows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from serving.database.core import Base, JSONType, UTCDateTime, now


class ComplaintRow(Base):
    """One complaint (工单): masked text, current grade, route, deadlines and status."""

    __tablename__ = "complaints"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now, onupdate=now)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(32))
    text_masked: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), index=True)
    category: Mapped[str] = mapped_column(String(32))
    level: Mapped[int] = mapped_column(SmallInteger)
    lead_department: Mapped[str] = mapped_column(String(32))
    needs_review: Mapped[bool] = mapped_column(Boolean)
    # in the level-3 risk band: reviewed before ordinary reviews of its level (never alerts)
    possible_level_3: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    respond_due: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    plan_due: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolve_due: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    result_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    survey_due: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    satisfaction: Mapped[str | None] = mapped_column(String(8), nullable=True)
    model_version: Mapped[str] = mapped_column(String(96))
    policy_version: Mapped[str] = mapped_column(String(32))
    suggestion: Mapped[dict[str, Any]] = mapped_column(JSONType)  # the model + policy suggestion
    decision: Mapped[dict[str, Any]] = mapped_column(JSONType)  # the decision in force
    idempotency_key: Mapped[str | None] = mapped_column(String(128), unique=True, nullable=True)
    request_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # what the complainant follows the ticket with: a short number and a code only they hold
    ticket_no: Mapped[str | None] = mapped_column(String(16), unique=True, nullable=True)
    survey_method: Mapped[str | None] = mapped_column(String(16), nullable=True)  # online | phone | sms | …
    result_text: Mapped[str | None] = mapped_column(Text, nullable=True)  # the result as the user reads it
    # the person working the complaint (claimed or assigned); none: the department's queue
    assignee_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), nullable=True,
                                                    index=True)
    # the earliest due time of a deadline not yet met: overdue when it lies in the past
    next_due: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    # an improvement the complaint suggests to the company's products or process (五: the
    # positive side of supervision counts suggestions adopted), and when leadership adopted it
    improvement: Mapped[str | None] = mapped_column(Text, nullable=True)
    improvement_by: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the actor who proposed it
    improvement_adopted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # a repeat complaint: the complainant's latest earlier complaint (same phone or account), found at intake
    repeat_of: Mapped[str | None] = mapped_column(String(32), nullable=True)

    user: Mapped[ComplainantRow] = relationship(back_populates="complaint", uselist=False, lazy="raise")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_complaints_queue", "status", "level", "resolve_due"),
        Index("ix_complaints_received_at", "received_at"),
        # PostgreSQL also holds the open complaints in the queue's order (partial indexes,
        # migration 0010: ix_complaints_open_queue, ix_complaints_open_department)
    )


class ComplainantRow(Base):
    """The user's personal details, kept apart from the complaint and shown by role only."""

    __tablename__ = "complainants"

    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id", ondelete="RESTRICT"),
                                              primary_key=True)
    # indexed: an agent finds a calling customer's complaints by phone, account or name
    name: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    contact: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    account: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)

    complaint: Mapped[ComplaintRow] = relationship(back_populates="user")


class AssistOwedRow(Base):
    """A department that owes an answer on a complaint now: an open department_assist
    clock asked of it, or intake's, owed by every copied department. Kept by the clocks
    (``clocks.service.sync``) in the transaction that moves them, so that a department's
    queue finds what it is copied on and still owes by index."""

    __tablename__ = "assists_owed"

    department: Mapped[str] = mapped_column(String(32), primary_key=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id", ondelete="RESTRICT"), primary_key=True,
                                              index=True)


class ReviewRow(Base):
    """An agent's confirmation or correction: the label retraining learns from."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id", ondelete="RESTRICT"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # confirm | correct
    suggested_category: Mapped[str] = mapped_column(String(32))
    suggested_level: Mapped[int] = mapped_column(SmallInteger)
    category: Mapped[str] = mapped_column(String(32))
    level: Mapped[int] = mapped_column(SmallInteger)
    reason: Mapped[str] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(64))
    reviewed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now, index=True)
    model_version: Mapped[str] = mapped_column(String(96))
    policy_version: Mapped[str] = mapped_column(String(32))


class AuditEventRow(Base):
    """One entry of the append-only audit trail (database triggers refuse UPDATE and DELETE)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id", ondelete="RESTRICT"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)
    actor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))  # intake | decision | review | transition | satisfaction
    data: Mapped[dict[str, Any]] = mapped_column(JSONType)


class PersonRow(Base):
    """Someone of the company: who is told, who approves, who acts (an API key names them)."""

    __tablename__ = "people"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    department: Mapped[str] = mapped_column(String(32), index=True)
    role: Mapped[str] = mapped_column(String(16))  # staff | head | leader
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)


class DeadlineRow(Base):
    """One deadline of a complaint and its clock: pending, met, breached, extended or waived."""

    __tablename__ = "deadlines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # respond | plan | department_assist | resolve | survey
    # department_assist asked for by customer service (any level): the department that owes the answer
    department: Mapped[str | None] = mapped_column(String(32), nullable=True)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    original_due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)  # before any extension
    state: Mapped[str] = mapped_column(String(16))
    met_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    breached_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    extensions: Mapped[int] = mapped_column(Integer, default=0)
    provisional: Mapped[bool] = mapped_column(Boolean, default=False)
    steps_done: Mapped[list[str]] = mapped_column(JSONType, default=list)  # escalation steps applied
    # when the worker must look at this clock next (a ladder step or the breach); NULL: never
    next_check_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (
        UniqueConstraint("complaint_id", "kind", name="uq_deadlines_complaint_kind"),
        Index("ix_deadlines_next_check", "next_check_at", postgresql_where=text("next_check_at IS NOT NULL"),
              sqlite_where=text("next_check_at IS NOT NULL")),
    )


class NotificationRow(Base):
    """The outbox: a notification written with the change that causes it, delivered by the worker."""

    __tablename__ = "notifications"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the stable delivery id
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)
    complaint_id: Mapped[str | None] = mapped_column(ForeignKey("complaints.id", ondelete="RESTRICT"),
                                                     nullable=True, index=True)
    event: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))  # email | webhook | inapp
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), nullable=True,
                                                  index=True)
    recipient: Mapped[str] = mapped_column(String(254))  # an address, a phone number or a person id
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))  # pending | sending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    read_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (Index("ix_notifications_due", "state", "next_attempt_at"),)


class SupervisionReportRow(Base):
    """A report of misconduct in complaint handling (监督举报): seen by the leadership group
    only, never by the person it names; the reporter follows it with a reference number."""

    __tablename__ = "supervision_reports"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    reference_no: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)
    source: Mapped[str] = mapped_column(String(16))  # web | api
    category: Mapped[str] = mapped_column(String(32))
    text_masked: Mapped[str] = mapped_column(Text)
    anonymous: Mapped[bool] = mapped_column(Boolean)
    reporter_contact: Mapped[str | None] = mapped_column(String(128), nullable=True)  # none when anonymous
    ticket_no: Mapped[str | None] = mapped_column(String(16), nullable=True)  # the complaint it concerns
    subject_person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"),
                                                          nullable=True)
    subject_department: Mapped[str | None] = mapped_column(String(32), nullable=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # received | investigating | concluded
    notes: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)  # the investigation record
    conclusion: Mapped[str | None] = mapped_column(Text, nullable=True)  # what the reporter is told
    concluded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    feedback_due: Mapped[dt.datetime] = mapped_column(UTCDateTime)


class WebSessionRow(Base):
    """A signed-in page session, held by the server: logging out ends it for every copy of
    the cookie. Only a hash of the session's token is stored."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    key_id: Mapped[str] = mapped_column(ForeignKey("api_keys.id", ondelete="RESTRICT"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)


class ApiKeyRow(Base):
    """An API key: only a keyed hash of its secret is stored."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[str] = mapped_column(String(64))
    label: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # the person acting with this key; none: a service key (an intake system)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), nullable=True)


class SurveyCampaignRow(Base):
    """A periodic satisfaction survey (五: satisfaction inspected beyond single complaints):
    a stratified sample of a period's complainants, each invited once."""

    __tablename__ = "survey_campaigns"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)  # the day after the period
    per_stratum: Mapped[int] = mapped_column(Integer)  # complainants drawn per level and department
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)


class CampaignInviteRow(Base):
    """One complainant invited by a campaign; the id is the unguessable token of their link."""

    __tablename__ = "campaign_invites"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    campaign_id: Mapped[str] = mapped_column(ForeignKey("survey_campaigns.id", ondelete="RESTRICT"), index=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id", ondelete="RESTRICT"))
    level: Mapped[int] = mapped_column(SmallInteger)
    department: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str | None] = mapped_column(String(16), nullable=True)  # email | webhook; none: unreachable
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
    grade: Mapped[str | None] = mapped_column(String(8), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)

    __table_args__ = (UniqueConstraint("campaign_id", "complaint_id", name="uq_campaign_invites_complaint"),)
