"""Routes: the outbox for admins (dead letters, retry) and each person's in-app list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from serving.auth.models import Principal, Role
from serving.deps import RuntimeDep, require
from serving.errors import ERROR_RESPONSES, ErrorResponse, Forbidden
from serving.notify import service
from serving.notify.models import NotificationPage, NotificationRead
from serving.notify.outbox import Channel, State
from serving.validation import ComplaintId

router = APIRouter(tags=["notifications"], responses=ERROR_RESPONSES)
Admin = Annotated[Principal, Depends(require(Role.admin))]
Anyone = Annotated[Principal, Depends(require(Role.intake, Role.agent, Role.analyst))]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


@router.get("/notifications", response_model=NotificationPage, summary="The outbox (failed = the dead letter)")
async def list_notifications(runtime: RuntimeDep, _: Admin, state: State | None = None, channel: Channel | None = None,
                             complaint_id: Annotated[str | None, Query(max_length=64, pattern=r"^[0-9A-Za-z_-]+$")]
                             = None, limit: Limit = 50, offset: Offset = 0) -> NotificationPage:
    return await runtime.in_session(service.list_notifications, state=state, channel=channel,
                                    complaint_id=complaint_id, limit=limit, offset=offset)


@router.post("/notifications/{notification_id}/retry", response_model=NotificationRead,
             summary="Send a dead-lettered notification again", responses={
                 404: {"model": ErrorResponse, "description": "No such notification"},
                 409: {"model": ErrorResponse, "description": "Not failed, or nobody to send it to"}})
async def retry_notification(notification_id: ComplaintId, runtime: RuntimeDep, _: Admin) -> NotificationRead:
    return await runtime.in_session(service.retry, notification_id=notification_id)


def _person(principal: Principal) -> str:
    if principal.person_id is None:
        raise Forbidden("This is a service key; an in-app list belongs to a person's key "
                        "(`tousu keys create --person ID`).", code="no_person")
    return principal.person_id


@router.get("/me/notifications", response_model=NotificationPage, summary="My in-app notifications")
async def my_notifications(runtime: RuntimeDep, principal: Anyone, limit: Limit = 50,
                           offset: Offset = 0) -> NotificationPage:
    return await runtime.in_session(service.list_notifications, person_id=_person(principal), channel=Channel.inapp,
                                    limit=limit, offset=offset)


@router.post("/me/notifications/{notification_id}/read", response_model=NotificationRead, summary="Mark as read",
             responses={404: {"model": ErrorResponse, "description": "Not in your list"}})
async def read_notification(notification_id: ComplaintId, runtime: RuntimeDep, principal: Anyone) -> NotificationRead:
    return await runtime.in_session(service.mark_read, notification_id=notification_id, person_id=_person(principal))
