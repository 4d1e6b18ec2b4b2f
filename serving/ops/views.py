"""Routes: /healthz, /readyz, /metrics and /v1/model."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from serving.auth.models import Principal, Role
from serving.deps import RuntimeDep, require
from serving.errors import ERROR_RESPONSES
from serving.metrics import exposition
from serving.ops.models import Health, ModelInfo, Readiness

router = APIRouter(tags=["operations"])
model_router = APIRouter(tags=["operations"], responses=ERROR_RESPONSES)


@router.get("/healthz", response_model=Health, summary="The process is alive")
async def healthz() -> Health:
    return Health(status="ok")


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}},
            summary="Model, policy and database are ready")
async def readyz(runtime: RuntimeDep) -> JSONResponse:
    db_ok, db_note = await run_in_threadpool(runtime.database_ready)
    model = runtime.grader.bundle_id
    if runtime.origin.version:
        model += f" (registry version {runtime.origin.version})"
    checks = {"model": model, "policy": runtime.policy.version, "database": db_note}
    body = Readiness(ready=db_ok, checks=checks)
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
