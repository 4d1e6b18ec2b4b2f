"""Routes: report misconduct (any key), and the leadership group's reading and conclusions."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, status

from serving.auth.models import Principal, Role
from serving.complaints.tickets import verification_code
from serving.deps import PolicyDep, RuntimeDep, require
from serving.errors import ERROR_RESPONSES, ErrorResponse
from serving.supervision import service
from serving.supervision.models import ConclusionCreate, NoteCreate, ReportCreate, ReportRead, ReportReceipt
from serving.validation import ComplaintId

router = APIRouter(prefix="/supervision", tags=["supervision"], responses=ERROR_RESPONSES)
Anyone = Annotated[Principal, Depends(require(Role.intake, Role.agent, Role.analyst))]
Leadership = Annotated[Principal, Depends(require(Role.agent, Role.analyst))]  # and a leader's person
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse, "description": "No such report"},
                                              409: {"model": ErrorResponse, "description": "Concluded already"}}


def follow_code(secret_key: str, reference_no: str) -> str:
    return verification_code(secret_key, f"jd:{reference_no}")


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ReportReceipt,
             summary="Report misconduct in complaint handling (监督举报)")
async def submit_report(report_in: ReportCreate, runtime: RuntimeDep, policy: PolicyDep, _: Anyone) -> ReportReceipt:
    """Reaches the leadership group only, never the person it names; anonymous keeps no contact."""
    row = await runtime.in_session(service.submit, policy=policy, notifier=runtime.notifier, report_in=report_in,
                                   source="api")
    return ReportReceipt(reference_no=row.reference_no, feedback_due=row.feedback_due,
                         verification_code=follow_code(runtime.settings.secret_key, row.reference_no))


@router.get("", response_model=list[ReportRead], summary="The supervision reports (the leadership group)")
async def list_reports(runtime: RuntimeDep, principal: Leadership,
                       state: Literal["received", "investigating", "concluded"] | None = None) -> list[ReportRead]:
    return await runtime.in_session(service.list_reports, principal=principal, status=state)


@router.get("/{report_id}", response_model=ReportRead, responses=NOT_FOUND, summary="One supervision report")
async def get_report(report_id: ComplaintId, runtime: RuntimeDep, principal: Leadership) -> ReportRead:
    return await runtime.in_session(service.read, report_id=report_id, principal=principal)


@router.post("/{report_id}/notes", response_model=ReportRead, responses=NOT_FOUND,
             summary="Record a step of the investigation")
async def add_note(report_id: ComplaintId, note_in: NoteCreate, runtime: RuntimeDep,
                   principal: Leadership) -> ReportRead:
    return await runtime.in_session(service.add_note, report_id=report_id, note=note_in.note, principal=principal)


@router.post("/{report_id}/conclusion", response_model=ReportRead, responses=NOT_FOUND,
             summary="Conclude: what the reporter is told")
async def conclude(report_id: ComplaintId, conclusion_in: ConclusionCreate, runtime: RuntimeDep,
                   principal: Leadership) -> ReportRead:
    return await runtime.in_session(service.conclude, report_id=report_id, conclusion=conclusion_in.conclusion,
                                    substantiated=conclusion_in.substantiated, principal=principal)
