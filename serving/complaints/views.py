"""Routes: intake, the queue, one complaint, review, transitions, satisfaction."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Response, status

from pipeline.decision import Level
from serving.auth.models import Principal, Role
from serving.clocks.clock import ClockKind
from serving.complaints import service
from serving.complaints.models import (
    AssignmentCreate,
    AssistCreate,
    ComplaintCreate,
    ComplaintCreated,
    ComplaintPage,
    ComplaintRead,
    DeadlineMet,
    ExtensionCreate,
    ImprovementCreate,
    ReviewCreate,
    SatisfactionCreate,
    Sort,
    TransitionCreate,
)
from serving.complaints.special import MeetingCreate, SpecialPlanCreate, SpecialReportCreate
from serving.complaints.tickets import verification_code
from serving.complaints.workflow import Status
from serving.deps import GraderDep, PolicyDep, RuntimeDep, require
from serving.errors import ERROR_RESPONSES, ErrorResponse, Forbidden
from serving.metrics import record_decision, record_review
from serving.validation import ComplaintId, DepartmentQuery, SearchQuery

router = APIRouter(prefix="/complaints", tags=["complaints"], responses=ERROR_RESPONSES)

Intake = Annotated[Principal, Depends(require(Role.intake, Role.agent))]
Reader = Annotated[Principal, Depends(require(Role.intake, Role.agent, Role.analyst))]
Agent = Annotated[Principal, Depends(require(Role.agent))]
Surveyor = Annotated[Principal, Depends(require(Role.intake, Role.agent))]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse, "description": "No such complaint"}}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorResponse, "description": "Not allowed in the complaint's current state"}}


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ComplaintCreated,
             responses={200: {"model": ComplaintCreated, "description": "Replayed: the key was seen before"}},
             summary="Receive a complaint: grade, route and store it")
async def create_complaint(complaint_in: ComplaintCreate, runtime: RuntimeDep, grader: GraderDep,
                           policy: PolicyDep, principal: Intake, response: Response,
                     idempotency_key: Annotated[str | None, Header(max_length=128, description=(
                         "makes retries safe: the same key and body return the first ticket"))] = None,
                     ) -> ComplaintCreated:
    """Stores the complaint (masked text; user details apart) with its decision.

    The answer comes after the commit: an acknowledged ticket is stored.
    """
    row, created = await runtime.in_session(service.intake, grader=grader, policy=policy, notifier=runtime.notifier,
                                            complaint_in=complaint_in, principal=principal,
                                            idempotency_key=idempotency_key)
    if created:
        record_decision(row.level, row.needs_review, source="intake")
    else:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/v1/complaints/{row.id}"
    ticket_no = row.ticket_no or row.id
    return ComplaintCreated(id=row.id, ticket_no=ticket_no,
                            verification_code=verification_code(runtime.settings.secret_key, ticket_no),
                            status=Status(row.status), decision=service.stored_decision(row),
                            model_version=row.model_version, replayed=not created)


@router.get("", response_model=ComplaintPage, summary="The queue: filter, sort, paginate")
async def list_complaints(
    runtime: RuntimeDep, principal: Reader,
    status_in: Annotated[list[Status] | None, Query(alias="status")] = None,
    level: Annotated[list[Level] | None, Query(description="1, 2 or 3; repeat for several")] = None,
    department: DepartmentQuery = None,
    overdue: bool | None = None,
    needs_review: bool | None = None,
    sort: Sort = Sort.level_deadline,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    q: SearchQuery = None,
    assignee: Annotated[str | None, Query(max_length=16, pattern=r"^[0-9A-Za-z_-]+$",
                                          description="a person id, or `me` (a person's key)")] = None,
    unassigned: bool | None = None,
    copied: Annotated[bool, Query(description="with `department`: also the complaints it is copied on and still "
                                              "owes an answer to (department_assist)")] = False,
) -> ComplaintPage:
    """Open work first by default: level 3 before 2 before 1, nearest deadline first.

    `q` finds a calling customer's complaints: the ticket number, or their phone, account or
    name (exact). It searches personal data, so only agent and admin keys may use it.
    """
    if q and not principal.sees_personal_data:
        raise Forbidden("Searching by ticket number, phone, account or name is for agents and admins.",
                        code="search_not_allowed")
    if assignee == "me":
        if principal.person_id is None:
            raise Forbidden("`assignee=me` needs a person's key.", code="no_person")
        assignee = principal.person_id
    return await runtime.in_session(service.queue, statuses=status_in, levels=level, department=department,
                                    overdue=overdue, needs_review=needs_review, sort=sort, limit=limit,
                                    offset=offset, q=q, assignee=assignee, unassigned=unassigned, copied=copied)


@router.post("/{complaint_id}/assignment", response_model=ComplaintRead, responses={**NOT_FOUND, **CONFLICT},
             summary="Claim, release or assign the complaint")
async def assign_complaint(complaint_id: ComplaintId, assignment_in: AssignmentCreate, runtime: RuntimeDep,
                           principal: Agent) -> ComplaintRead:
    return await runtime.in_session(service.assign, complaint_id=complaint_id, action=assignment_in.action,
                                    person_id=assignment_in.person_id, principal=principal)


@router.get("/{complaint_id}", response_model=ComplaintRead, responses=NOT_FOUND, summary="One complaint")
async def get_complaint(complaint_id: ComplaintId, runtime: RuntimeDep, principal: Reader) -> ComplaintRead:
    return await runtime.in_session(service.get, complaint_id=complaint_id, principal=principal)


@router.post("/{complaint_id}/review", response_model=ComplaintRead, responses={**NOT_FOUND, **CONFLICT},
             summary="Confirm or correct the suggested grade")
async def review_complaint(complaint_id: ComplaintId, review_in: ReviewCreate, runtime: RuntimeDep, policy: PolicyDep,
                           principal: Agent) -> ComplaintRead:
    """Omit category and level to confirm; a correction needs a reason and re-routes the complaint."""
    complaint, action = await runtime.in_session(service.review, policy=policy, notifier=runtime.notifier,
                                                 complaint_id=complaint_id, review_in=review_in, principal=principal)
    record_review(action)
    return complaint


@router.post("/{complaint_id}/transitions", response_model=ComplaintRead, responses={**NOT_FOUND, **CONFLICT},
             summary="Move the complaint along its life cycle")
async def transition_complaint(complaint_id: ComplaintId, transition_in: TransitionCreate, runtime: RuntimeDep,
                               policy: PolicyDep, principal: Agent) -> ComplaintRead:
    """received → routed → in_progress → resolved → result_sent → surveyed → closed; reopen to in_progress.

    result_sent needs the result in `note` (the user is told it); closing without a survey
    result needs `reason`, one of the policy's close_without_survey_reasons.
    """
    return await runtime.in_session(service.transition, policy=policy, notifier=runtime.notifier,
                                    complaint_id=complaint_id, transition_in=transition_in, principal=principal)


@router.post("/{complaint_id}/satisfaction", response_model=ComplaintRead, responses={**NOT_FOUND, **CONFLICT},
             summary="Record the satisfaction survey (非常满意 … 非常不满意)")
async def record_satisfaction(complaint_id: ComplaintId, satisfaction_in: SatisfactionCreate, runtime: RuntimeDep,
                              policy: PolicyDep, principal: Surveyor) -> ComplaintRead:
    """A phone or SMS survey an agent records, with its method (the online questionnaire
    records itself at /s/{token})."""
    return await runtime.in_session(service.record_satisfaction_read, policy=policy, complaint_id=complaint_id,
                                    satisfaction_in=satisfaction_in, principal=principal)


@router.post("/{complaint_id}/extensions", response_model=ComplaintRead, responses={**NOT_FOUND, **CONFLICT},
             summary="Extend a running deadline (the user is told why and until when)")
async def extend_deadline(complaint_id: ComplaintId, extension_in: ExtensionCreate, runtime: RuntimeDep,
                          policy: PolicyDep, principal: Agent) -> ComplaintRead:
    """Which deadlines and levels may be extended, how often, by how much and on whose approval
    (a head, a leader) is the policy's `process.extensions`; the caller's key must belong to an
    approver. Reports keep the original due time."""
    return await runtime.in_session(service.extend, policy=policy, notifier=runtime.notifier,
                                    complaint_id=complaint_id, kind=ClockKind(extension_in.deadline),
                                    new_due=extension_in.new_due, reason=extension_in.reason, principal=principal)


@router.post("/{complaint_id}/assists", response_model=ComplaintRead, responses={**NOT_FOUND, **CONFLICT},
             summary="Ask another department for help (a department_assist deadline)")
async def request_assist(complaint_id: ComplaintId, assist_in: AssistCreate, runtime: RuntimeDep, policy: PolicyDep,
                         principal: Agent) -> ComplaintRead:
    """At any level (customer service resolving a level-1 complaint too): the department's
    head is told; the answer is due in the policy's `department_assist` working days."""
    return await runtime.in_session(service.request_assist, policy=policy, notifier=runtime.notifier,
                                    complaint_id=complaint_id, department=assist_in.department, note=assist_in.note,
                                    principal=principal)


@router.post("/{complaint_id}/improvement", response_model=ComplaintRead, responses={**NOT_FOUND, **CONFLICT},
             summary="Record the improvement this complaint suggests (counted in the monthly report)")
async def suggest_improvement(complaint_id: ComplaintId, improvement_in: ImprovementCreate, runtime: RuntimeDep,
                              principal: Agent) -> ComplaintRead:
    return await runtime.in_session(service.suggest_improvement, complaint_id=complaint_id,
                                    suggestion=improvement_in.suggestion, principal=principal)


@router.post("/{complaint_id}/improvement/adopted", response_model=ComplaintRead,
             responses={**NOT_FOUND, **CONFLICT}, summary="The leadership group adopts the suggested improvement")
async def adopt_improvement(complaint_id: ComplaintId, runtime: RuntimeDep, principal: Agent) -> ComplaintRead:
    return await runtime.in_session(service.adopt_improvement, complaint_id=complaint_id, principal=principal)


@router.post("/{complaint_id}/meetings", response_model=ComplaintRead, responses={**NOT_FOUND, **CONFLICT},
             summary="Level 3: the leadership group's emergency meeting (time, attendees, decisions)")
async def record_meeting(complaint_id: ComplaintId, meeting_in: MeetingCreate, runtime: RuntimeDep, policy: PolicyDep,
                         principal: Agent) -> ComplaintRead:
    return await runtime.in_session(service.record_special, policy=policy, complaint_id=complaint_id,
                                    kind="meeting", body=meeting_in, principal=principal)


@router.post("/{complaint_id}/special-plan", response_model=ComplaintRead, responses={**NOT_FOUND, **CONFLICT},
             summary="Level 3: the special handling plan (专项处理方案); meets the plan deadline")
async def record_special_plan(complaint_id: ComplaintId, plan_in: SpecialPlanCreate, runtime: RuntimeDep,
                              policy: PolicyDep, principal: Agent) -> ComplaintRead:
    return await runtime.in_session(service.record_special, policy=policy, complaint_id=complaint_id,
                                    kind="special_plan", body=plan_in, principal=principal)


@router.post("/{complaint_id}/special-report", response_model=ComplaintRead, responses={**NOT_FOUND, **CONFLICT},
             summary="Level 3: the special report (专项报告), required before the complaint closes")
async def record_special_report(complaint_id: ComplaintId, report_in: SpecialReportCreate, runtime: RuntimeDep,
                                policy: PolicyDep, principal: Agent) -> ComplaintRead:
    return await runtime.in_session(service.record_special, policy=policy, complaint_id=complaint_id,
                                    kind="special_report", body=report_in, principal=principal)


@router.post("/{complaint_id}/deadlines/{deadline}/met", response_model=ComplaintRead,
             responses={**NOT_FOUND, **CONFLICT}, summary="Record a response, a plan or a department's answer")
async def meet_deadline(complaint_id: ComplaintId, deadline: Literal["respond", "plan", "department_assist"],
                        met_in: DeadlineMet, runtime: RuntimeDep, policy: PolicyDep, principal: Agent) -> ComplaintRead:
    """The resolve deadline is met by the move to resolved, the survey's by its result."""
    return await runtime.in_session(service.meet_deadline, policy=policy, complaint_id=complaint_id,
                                    kind=ClockKind(deadline), note=met_in.note, principal=principal)
