"""Routes: /healthz, /readyz, /metrics and /v1/model."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from pipeline.policy import Policy
from serving.auth.models import Principal, Role
from serving.database.core import now
from serving.deps import RuntimeDep, require
from serving.errors import ERROR_RESPONSES
from serving.metrics import exposition
from serving.ops.models import Health, ModelInfo, Readiness

router = APIRouter(tags=["operations"])
model_router = APIRouter(tags=["operations"], responses=ERROR_RESPONSES)


@router.get("/healthz", response_model=Health, summary="The process is alive")
async def healthz() -> Health:
    return Health(status="ok")


CALENDAR_HORIZON_DAYS = 60


def calendar_warnings(policy: Policy, today: dt.date) -> list[str]:
    """A warning when a day of the coming 60 is counted on a provisional calendar (weekends
    and statutory holidays only: the year's official arrangement is not known yet)."""
    days = [today + dt.timedelta(days=i) for i in range(CALENDAR_HORIZON_DAYS)]
    provisional = [d for d in days if policy.work_calendar.is_workday(d)[1]]
    if not provisional:
        return []
    years = sorted({d.year for d in provisional})
    return [f"calendar: {len(provisional)} of the next {CALENDAR_HORIZON_DAYS} days (from {provisional[0]}) are "
            f"provisional; add the official holiday arrangement of {', '.join(map(str, years))} to the policy's "
            f"calendar.years (`tousu calendar show YEAR`)"]


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}},
            summary="Model, policy and database are ready")
async def readyz(runtime: RuntimeDep) -> JSONResponse:
    db_ok, db_note = await run_in_threadpool(runtime.database_ready)
    model = runtime.grader.bundle_id
    if runtime.origin.version:
        model += f" (registry version {runtime.origin.version})"
    checks = {"model": model, "policy": runtime.policy.version, "database": db_note}
    body = Readiness(ready=db_ok, checks=checks, warnings=calendar_warnings(runtime.policy, now().date()))
    return JSONResponse(body.model_dump(), status_code=200 if db_ok else 503)


@router.get("/metrics", summary="Prometheus metrics", response_class=Response,
            responses={200: {"content": {"text/plain": {}}}})
async def metrics() -> Response:
    payload, content_type = exposition()
    return Response(payload, media_type=content_type)


@model_router.get("/model", response_model=ModelInfo, summary="The live model and policy versions")
async def model_info(runtime: RuntimeDep,
                     _: Annotated[Principal, Depends(require(Role.intake, Role.agent, Role.analyst))]
                     ) -> ModelInfo:
    grader, origin = runtime.grader, runtime.origin  # read once: a swap may happen meanwhile
    bundle = grader.bundle
    meta = bundle.meta
    return ModelInfo(model_version=bundle.bundle_id, model_source=origin.source,
                     registry_version=origin.version, model_format=int(meta.get("format", 0)),
                     trained_at=meta.get("created_at"), data_sha256=meta.get("data_sha256"),
                     categories=[str(c) for c in grader.model.classes_["category"]],
                     policy_version=runtime.policy.version, started_at=runtime.started_at)
