"""Routes: grade complaints without storing them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from pipeline.decision import Classification
from serving.auth.models import Principal, Role
from serving.classify import service
from serving.classify.models import ClassifyBatchRequest, ClassifyBatchResponse, ClassifyRequest
from serving.deps import GraderDep, PolicyDep, RuntimeDep, require
from serving.errors import ERROR_RESPONSES
from serving.metrics import record_decision

router = APIRouter(prefix="/classify", tags=["classify"], responses=ERROR_RESPONSES)
Caller = Annotated[Principal, Depends(require(Role.intake, Role.agent, Role.analyst))]


@router.post("", response_model=Classification, summary="Grade one complaint (not stored)")
async def classify_complaint(request_in: ClassifyRequest, grader: GraderDep, policy: PolicyDep,
                             runtime: RuntimeDep, _: Caller) -> Classification:
    """Suggests category and level, routes the complaint and sets its deadlines; stores nothing."""
    result = await runtime.grading(service.classify_one, grader=grader, policy=policy, request_in=request_in)
    record_decision(result.level, result.needs_review, source="classify")
    return result


@router.post("/batch", response_model=ClassifyBatchResponse,
             summary="Grade up to TOUSU_MAX_BATCH complaints (default 100); one result or error each")
async def classify_complaints(batch_in: ClassifyBatchRequest, grader: GraderDep, policy: PolicyDep,
                              runtime: RuntimeDep, _: Caller) -> Response:
    """Grades each item on its own: a bad item is reported in its place, the others are graded."""

    def grade_and_render(**kwargs: Any) -> tuple[ClassifyBatchResponse, bytes]:
        # rendered in the grading thread too: a batch's JSON (65 texts of 5,000 characters: 1.4 MB)
        # written on the event loop would hold every other request of the worker for tens of ms
        body = service.classify_batch(**kwargs)
        return body, body.model_dump_json().encode()

    if runtime.pool is not None:  # graded and rendered in a child process: the GIL stays here for others
        service.check_batch_size(batch_in.items, runtime.settings.max_batch)
        graded, rendered = await runtime.pool.grade_batch(batch_in.items, runtime.settings.max_batch)
        for level, needs_review in graded:
            record_decision(level, needs_review, source="classify")
        return Response(rendered, media_type="application/json")
    body, rendered = await runtime.grading(grade_and_render, grader=grader, policy=policy, items=batch_in.items,
                                           max_batch=runtime.settings.max_batch)
    for item in body.results:
        if item.result is not None:
            record_decision(item.result.level, item.result.needs_review, source="classify")
    return Response(rendered, media_type="application/json")
