"""Routes: the leadership report as JSON and CSV."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from serving.auth.models import Principal, Role
from serving.deps import PolicyDep, RuntimeDep, require
from serving.errors import ERROR_RESPONSES, Unprocessable
from serving.reports import service
from serving.reports.models import Summary

router = APIRouter(prefix="/reports", tags=["reports"], responses=ERROR_RESPONSES)
Analyst = Annotated[Principal, Depends(require(Role.analyst))]
MAX_DAYS = 400


def _day(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Unprocessable(f"{name} must be a date YYYY-MM-DD, got {value!r}.", code="invalid_period") from None


EARLIEST_DAY = dt.date(2000, 1, 1)  # the receipt times tousu accepts start there too


def period(start_in: str | None, end_in: str | None, policy_today: dt.date) -> tuple[dt.date, dt.date]:
    """Returns [start, end): default the last 30 days up to today; at most 400 days, from 2000 on."""
    try:
        end = _day(end_in, "end") or policy_today + dt.timedelta(days=1)
        start = _day(start_in, "start") or end - dt.timedelta(days=30)
    except OverflowError:  # a default start 30 days before 0001-01-05
        start = end = dt.date.min
    if start < EARLIEST_DAY or end < EARLIEST_DAY:
        raise Unprocessable(f"A report period starts on {EARLIEST_DAY.isoformat()} or later.", code="invalid_period",
                            details={"earliest": EARLIEST_DAY.isoformat()})
    if start >= end:
        raise Unprocessable("start must be before end.", code="invalid_period",
                            details={"start": start.isoformat(), "end": end.isoformat()})
    if (end - start).days > MAX_DAYS:
        raise Unprocessable(f"A report covers at most {MAX_DAYS} days.", code="invalid_period")
    return start, end


DATE = r"^\d{4}-\d{2}-\d{2}$"
Start = Annotated[str | None, Query(pattern=DATE, description="first day, YYYY-MM-DD (default: 30 days before end)")]
End = Annotated[str | None, Query(pattern=DATE, description="the day after the last, YYYY-MM-DD (default: tomorrow)")]


async def load_report(runtime: Any, policy: Any, start: str | None, end: str | None) -> Summary:
    """The report for a requested period (API and web pages alike)."""
    first, last = period(start, end, dt.datetime.now(policy.zone).date())
    report: Summary = await runtime.in_session(service.summary, policy=policy, start=first, end=last)
    return report


def csv_download(report: Summary) -> Response:
    return Response(service.to_csv(report), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="tousu-{report.start}-{report.end}.csv"'})


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_download(report: Summary) -> Response:
    return Response(service.to_xlsx(report), media_type=XLSX, headers={
        "Content-Disposition": f'attachment; filename="tousu-{report.start}-{report.end}.xlsx"'})


@router.get("/summary", response_model=Summary, summary="Volumes, timeliness, satisfaction, overrules")
async def report_summary(runtime: RuntimeDep, policy: PolicyDep, _: Analyst, start: Start = None,
                         end: End = None) -> Summary:
    return await load_report(runtime, policy, start, end)


@router.get("/summary.csv", summary="The same figures as CSV", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})
async def report_csv(runtime: RuntimeDep, policy: PolicyDep, _: Analyst, start: Start = None,
                     end: End = None) -> Response:
    return csv_download(await load_report(runtime, policy, start, end))


@router.get("/summary.xlsx", summary="The same figures as an Excel workbook", response_class=Response,
            responses={200: {"content": {XLSX: {}}}})
async def report_xlsx(runtime: RuntimeDep, policy: PolicyDep, _: Analyst, start: Start = None,
                      end: End = None) -> Response:
    return xlsx_download(await load_report(runtime, policy, start, end))
