"""All routers in one place: ``/v1`` for the API, operations at the root."""

from __future__ import annotations

from fastapi import APIRouter

from serving.classify.views import router as classify_router
from serving.complaints.views import router as complaints_router
from serving.notify.views import router as notifications_router
from serving.ops.views import model_router
from serving.ops.views import router as ops_router
from serving.people.views import router as people_router
from serving.performance.views import router as performance_router
from serving.reports.monthly_views import router as monthly_router
from serving.reports.views import router as reports_router
from serving.supervision.views import router as supervision_router
from serving.surveys.views import router as surveys_router

api_router = APIRouter(prefix="/v1")
api_router.include_router(classify_router)
api_router.include_router(complaints_router)
api_router.include_router(model_router)
api_router.include_router(reports_router)
api_router.include_router(performance_router)
api_router.include_router(monthly_router)
api_router.include_router(people_router)
api_router.include_router(notifications_router)
api_router.include_router(supervision_router)
api_router.include_router(surveys_router)

__all__ = ["api_router", "ops_router"]
