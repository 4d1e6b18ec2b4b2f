"""The store's tables. User details live apart from complaints; the audit trail only grows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, SmallInteger, String, Text, false
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

    user: Mapped[ComplainantRow] = relationship(back_populates="complaint", uselist=False, lazy="raise")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_complaints_queue", "status", "level", "resolve_due"),
        Index("ix_complaints_received_at", "received_at"),
    )


class ComplainantRow(Base):
    """The user's personal details, kept apart from the complaint and shown by role only."""

    __tablename__ = "complainants"

    complaint_id: Mapped[str] = mapped_column(ForeignKey("complaints.id", ondelete="RESTRICT"),
                                              primary_key=True)
    name: Mapped[str | None] = mapped_column(String(128), nullable=True)
    contact: Mapped[str | None] = mapped_column(String(128), nullable=True)
    account: Mapped[str | None] = mapped_column(String(128), nullable=True)

    complaint: Mapped[ComplaintRow] = relationship(back_populates="user")


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


class ApiKeyRow(Base):
    """An API key: only a keyed hash of its secret is stored."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    secret_hash: Mapped[str] = mapped_column(String(64))
    label: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, nullable=True)
