"""Route: the performance figures (departments for analysts; people for whom they concern)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from serving.auth.models import Principal, Role
from serving.database.tables import PersonRow
from serving.deps import PolicyDep, RuntimeDep, require
from serving.errors import ERROR_RESPONSES, Forbidden, Unprocessable
from serving.performance import service
from serving.performance.models import Performance, TargetReport
from serving.reports.views import End, Start, period

router = APIRouter(prefix="/reports", tags=["reports"], responses=ERROR_RESPONSES)
Reader = Annotated[Principal, Depends(require(Role.agent, Role.analyst))]


@router.get("/performance", response_model=Performance, summary="On-time rates, breaches, satisfaction … per "
                                                                 "department or person, each with its n")
async def performance(runtime: RuntimeDep, policy: PolicyDep, principal: Reader, start: Start = None,
                      end: End = None, by: Literal["department", "person"] = "department") -> Performance:
    """Departments: analysts, agents, admins. People: a person sees their own figures, a head
    those of the department's people, the leadership group and admins everyone's; analysts
    see departments, not people."""
    if by == "person" and principal.role is not Role.admin and principal.person_id is None:
        raise Forbidden("Figures about people are for the people concerned, their head and the leadership group.",
                        code="people_figures_not_allowed")
    first, last = period(start, end, dt.datetime.now(policy.zone).date())

    def load(*, session: Session) -> Performance:
        result = service.performance(session=session, policy=policy, start=first, end=last, by=by)
        if by == "department" or principal.role is Role.admin or principal.person_role == "leader":
            return result
        if principal.person_role == "head":
            mine = set(session.scalars(select(PersonRow.id).where(PersonRow.department == principal.department)))
        else:
            mine = {principal.person_id or ""}
        return result.model_copy(update={"rows": [r for r in result.rows if r.key in mine]})

    return await runtime.in_session(load)


@router.get("/targets", response_model=TargetReport, summary="Departments below the policy's targets, and for how long")
async def targets(runtime: RuntimeDep, policy: PolicyDep, _: Reader,
                  month: Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
                                                     description="YYYY-MM; default: the last full month")] = None
                  ) -> TargetReport:
    """指标长期不达标: each department below a target of `process.targets` in the month, with the
    run of consecutive months below it; `long` from `long_below_months` on."""
    if month:
        year, number = int(month[:4]), int(month[5:])
        if year < 2000:
            raise Unprocessable("A month from 2000 on.", code="invalid_period")
    else:
        today = dt.datetime.now(policy.zone).date()
        year, number = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    return await runtime.in_session(service.below_target, policy=policy, year=year, month=number)
