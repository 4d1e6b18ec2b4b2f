"""Routes: the monthly supervision report as JSON, a printable page, a PDF and a workbook.

The leadership group and admins read every figure, people's included; analysts and other
agents read the departments' (五: analysts see departments, not people)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from serving.auth.models import Principal, Role
from serving.deps import PolicyDep, RuntimeDep, require
from serving.errors import ERROR_RESPONSES
from serving.performance.notices import last_full_month
from serving.reports import monthly, monthly_files
from serving.reports.monthly import MonthlyReport
from serving.reports.views import XLSX

router = APIRouter(prefix="/reports", tags=["reports"], responses=ERROR_RESPONSES)
Reader = Annotated[Principal, Depends(require(Role.agent, Role.analyst))]
Month = Annotated[str | None, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
                                    description="YYYY-MM; default: the last full month")]
MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "xlsx": XLSX}


def sees_people(principal: Principal) -> bool:
    return principal.role is Role.admin or principal.person_role == "leader"


async def load(runtime: RuntimeDep, policy: PolicyDep, principal: Principal, month: str | None) -> MonthlyReport:
    if month is None:
        year, number = last_full_month(dt.datetime.now(dt.UTC), policy)
        month = f"{year:04d}-{number:02d}"
    report: MonthlyReport = await runtime.in_session(monthly.build, policy=policy, month=month,
                                                     with_people=sees_people(principal))
    return report


@router.get("/monthly", response_model=MonthlyReport, summary="The monthly supervision report's figures")
async def monthly_json(runtime: RuntimeDep, policy: PolicyDep, principal: Reader, month: Month = None
                       ) -> MonthlyReport:
    """Volumes, timeliness per deadline kind, satisfaction, the positive side, 长期不达标 and the
    supervision reports of one month; `people` only for the leadership group and admins."""
    return await load(runtime, policy, principal, month)


@router.get("/monthly.{kind}", response_class=Response, summary="The monthly report as a file (html, pdf, xlsx)",
            responses={200: {"content": {m: {} for m in MEDIA.values()}}})
async def monthly_file(kind: Literal["html", "pdf", "xlsx"], runtime: RuntimeDep, policy: PolicyDep,
                       principal: Reader, month: Month = None) -> Response:
    return await file_response(await load(runtime, policy, principal, month), kind)


async def file_response(report: MonthlyReport, kind: str) -> Response:
    """The report as a download (the printable page opens in the browser)."""
    render = {"html": lambda: monthly_files.to_html(report).encode(), "pdf": lambda: monthly_files.to_pdf(report),
              "xlsx": lambda: monthly_files.to_xlsx(report)}[kind]
    body = await run_in_threadpool(render)  # a PDF of a big month takes a moment: off the event loop
    disposition = "inline" if kind == "html" else "attachment"
    return Response(body, media_type=MEDIA[kind], headers={
        "Content-Disposition": f'{disposition}; filename="tousu-monthly-{report.month}.{kind}"'})
