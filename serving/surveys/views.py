"""Routes: survey campaigns (the leadership group runs them; agents and analysts read results)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, status

from serving.auth.models import Principal, Role
from serving.deps import PolicyDep, RuntimeDep, require
from serving.errors import ERROR_RESPONSES, ErrorResponse
from serving.surveys import service
from serving.surveys.models import CampaignCreate, CampaignRead
from serving.validation import ComplaintId

router = APIRouter(prefix="/surveys", tags=["surveys"], responses=ERROR_RESPONSES)
Reader = Annotated[Principal, Depends(require(Role.agent, Role.analyst))]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorResponse, "description": "No such campaign"}}


@router.post("/campaigns", status_code=status.HTTP_201_CREATED, response_model=CampaignRead,
             responses={409: {"model": ErrorResponse, "description": "Nobody of the period can be reached"}},
             summary="Start a satisfaction survey over a stratified sample of a period's complainants")
async def create_campaign(campaign_in: CampaignCreate, runtime: RuntimeDep, policy: PolicyDep,
                          principal: Reader) -> CampaignRead:
    """The leadership group (or an admin): `per_stratum` complainants per level and lead
    department, one invitation per contact, sent through the outbox; they answer on the
    survey page (/s/c/…)."""
    return await runtime.in_session(service.create, policy=policy, notifier=runtime.notifier,
                                    campaign_in=campaign_in, principal=principal)


@router.get("/campaigns", response_model=list[CampaignRead], summary="The latest campaigns with their results")
async def list_campaigns(runtime: RuntimeDep, policy: PolicyDep, _: Reader) -> list[CampaignRead]:
    return await runtime.in_session(service.list_campaigns, policy=policy)


@router.get("/campaigns/{campaign_id}", response_model=CampaignRead, responses=NOT_FOUND,
            summary="One campaign's results: per stratum, and weighted by the strata's sizes")
async def get_campaign(campaign_id: ComplaintId, runtime: RuntimeDep, policy: PolicyDep, _: Reader) -> CampaignRead:
    return await runtime.in_session(service.results, policy=policy, campaign_id=campaign_id)
