"""Level 3 as the regulation runs it (三.3): the leadership group meets at once, sets a special
handling plan (专项处理方案) and, before the complaint may close, files a special report
(专项报告) with the investigation and the causes.

Each record is an entry of the append-only audit trail (``meeting``, ``special_plan``,
``special_report``): written once, never edited; a later one supersedes an earlier one of
its kind. Only the leadership group (a leader's key) or an admin records them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.mask import mask_free_text
from pipeline.policy import Policy
from serving.auth.models import Principal, Role
from serving.clocks import service as clocks
from serving.clocks.clock import ClockKind
from serving.database.core import now
from serving.database.tables import AuditEventRow, ComplaintRow
from serving.errors import Conflict, Forbidden
from serving.validation import StorableText

KINDS = ("meeting", "special_plan", "special_report")


class MeetingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    held_at: dt.datetime = Field(description="when the emergency meeting was held (no zone = the policy's)")
    attendees: list[StorableText] = Field(min_length=1, max_length=50)
    decisions: StorableText = Field(min_length=2, max_length=4000)


class SpecialPlanCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: StorableText = Field(min_length=2, max_length=8000, description="专项处理方案")
    departments: list[StorableText] = Field(default_factory=list, max_length=20, description="who does what")


class SpecialReportCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    investigation: StorableText = Field(min_length=2, max_length=8000, description="调查经过")
    causes: StorableText = Field(min_length=2, max_length=4000, description="原因分析")
    measures: StorableText = Field(min_length=2, max_length=4000, description="整改措施")


def _leader(principal: Principal) -> None:
    if principal.role is not Role.admin and principal.person_role != "leader":
        raise Forbidden("Level-3 records are kept by the complaint-handling leadership group (a leader's key).",
                        code="leadership_only")


def _level_3(row: ComplaintRow) -> None:
    if row.level != 3:
        raise Conflict("Meetings, special plans and special reports belong to level-3 complaints.",
                       code="not_level_3", details={"level": row.level})


def record(*, session: Session, policy: Policy, row: ComplaintRow, kind: str, body: BaseModel,
           principal: Principal) -> dict[str, Any]:
    """Writes one level-3 record (masked like every free text); a special plan meets the plan deadline."""
    _leader(principal)
    _level_3(row)
    data: dict[str, Any] = {}
    for name, value in body.model_dump(mode="json").items():
        if isinstance(value, str) and name != "held_at":
            value = mask_free_text(value.strip())
        elif isinstance(value, list):
            value = [mask_free_text(v.strip()) for v in value]
        data[name] = value
    if kind == "special_plan":
        data["met"] = clocks.meet(session, row, [ClockKind.plan], policy, now())
    session.add(AuditEventRow(complaint_id=row.id, actor=principal.actor, kind=kind, data=data))
    row.updated_at = now()
    return data


def records(session: Session, complaint_id: str) -> dict[str, list[dict[str, Any]]]:
    """The level-3 records of a complaint, oldest first, by kind."""
    found: dict[str, list[dict[str, Any]]] = {k: [] for k in KINDS}
    for event in session.scalars(select(AuditEventRow).where(AuditEventRow.complaint_id == complaint_id,
                                                             AuditEventRow.kind.in_(KINDS))
                                 .order_by(AuditEventRow.id)):
        found[event.kind].append({"at": event.at, "actor": event.actor, **event.data})
    return found


def check_close(session: Session, row: ComplaintRow) -> None:
    """A level-3 complaint closes only once its special report is filed."""
    if row.level == 3 and not records(session, row.id)["special_report"]:
        raise Conflict("A level-3 complaint closes once the leadership group filed its special report (专项报告).",
                       code="special_report_required")
