"""Routes of the complaint page's work: move it on, send the result, record a phone survey,
ask a department for help, extend a deadline, record a deadline's work. Each calls the
same service function as the API and comes back to the complaint with what was done."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from serving.clocks.clock import ClockKind
from serving.complaints import service as complaints
from serving.complaints.models import (
    ResultFeedback,
    Satisfaction,
    SatisfactionCreate,
    SurveyMethod,
    TransitionCreate,
)
from serving.complaints.workflow import Status
from serving.deps import PolicyDep, RuntimeDep
from serving.validation import ComplaintId
from serving.web import session
from serving.web.views import Agent, PageRefused, Reader
from serving.web.views import _page as page

router = APIRouter(prefix="/web/complaints", include_in_schema=False)
Csrf = Annotated[str, Form(max_length=64)]
Note = Annotated[str, Form(max_length=2000)]


def _checked(request: Request, csrf: str) -> None:
    runtime = request.app.state.runtime
    if not session.csrf_ok(runtime.settings.secret_key, request.cookies.get(session.COOKIE), csrf):
        raise PageRefused(403, "表单已过期，请刷新页面后重试。")


def _back(complaint_id: str, message: str) -> Response:
    return RedirectResponse(f"/web/complaints/{complaint_id}?saved={quote(message)}", status_code=303)


def _clean(text: str) -> str:
    if "\x00" in text:
        raise PageRefused(422, "内容中含有无法保存的字符，请修改后重试。")
    return text.strip()


@router.post("/{complaint_id}/transition")
async def move(request: Request, complaint_id: ComplaintId, runtime: RuntimeDep, policy: PolicyDep, principal: Agent,
               to: Annotated[Status, Form()], csrf: Csrf = "", note: Note = "",
               reason: Annotated[str, Form(max_length=64)] = "", done: Note = "", measures: Note = "",
               apology: Annotated[bool, Form()] = False) -> Response:
    _checked(request, csrf)
    result = None
    if to is Status.result_sent and _clean(done):  # the page's result fields; the user reads them joined
        result = ResultFeedback(done=_clean(done), measures=_clean(measures), apology=apology)
    move_in = TransitionCreate(to=to, note=_clean(note), reason=_clean(reason) or None, result=result)
    await runtime.in_session(complaints.transition, policy=policy, notifier=runtime.notifier,
                             complaint_id=complaint_id, transition_in=move_in, principal=principal)
    return _back(complaint_id, "状态已更新")


@router.post("/{complaint_id}/survey")
async def phone_survey(request: Request, complaint_id: ComplaintId, runtime: RuntimeDep, policy: PolicyDep,
                       principal: Agent, grade: Annotated[Satisfaction, Form()],
                       method: Annotated[SurveyMethod, Form()] = SurveyMethod.phone, csrf: Csrf = "",
                       comment: Annotated[str, Form(max_length=1000)] = "") -> Response:
    _checked(request, csrf)
    answer = SatisfactionCreate(grade=grade, method=method, comment=_clean(comment))
    await runtime.in_session(complaints.record_satisfaction, policy=policy, complaint_id=complaint_id,
                             satisfaction_in=answer, principal=principal)
    return _back(complaint_id, "回访结果已记录")


@router.post("/{complaint_id}/assist")
async def assist(request: Request, complaint_id: ComplaintId, runtime: RuntimeDep, policy: PolicyDep,
                 principal: Agent, department: Annotated[str, Form(max_length=32)], csrf: Csrf = "",
                 note: Note = "") -> Response:
    _checked(request, csrf)
    await runtime.in_session(complaints.request_assist, policy=policy, notifier=runtime.notifier,
                             complaint_id=complaint_id, department=_clean(department), note=_clean(note),
                             principal=principal)
    return _back(complaint_id, f"已请求{department}协办")


@router.post("/{complaint_id}/extend")
async def extend(request: Request, complaint_id: ComplaintId, runtime: RuntimeDep, policy: PolicyDep,
                 principal: Agent, deadline: Annotated[str, Form(pattern="^(plan|resolve)$")],
                 new_due: Annotated[str, Form(max_length=32)], reason: Annotated[str, Form(max_length=500)],
                 csrf: Csrf = "") -> Response:
    _checked(request, csrf)
    try:  # the page's datetime-local field: Beijing time, no zone
        when = dt.datetime.fromisoformat(new_due).replace(tzinfo=policy.zone)
    except ValueError:
        raise PageRefused(422, "请填写新的截止时间。") from None
    if len(_clean(reason)) < 2:
        raise PageRefused(422, "请填写延期原因（将告知用户）。")
    await runtime.in_session(complaints.extend, policy=policy, notifier=runtime.notifier, complaint_id=complaint_id,
                             kind=ClockKind(deadline), new_due=when, reason=_clean(reason), principal=principal)
    return _back(complaint_id, "已延期并告知用户")


@router.post("/{complaint_id}/met")
async def met(request: Request, complaint_id: ComplaintId, runtime: RuntimeDep, policy: PolicyDep,
              principal: Agent, deadline: Annotated[str, Form(pattern="^(respond|plan|department_assist)$")],
              csrf: Csrf = "", note: Note = "") -> Response:
    _checked(request, csrf)
    await runtime.in_session(complaints.meet_deadline, policy=policy, complaint_id=complaint_id,
                             kind=ClockKind(deadline), note=_clean(note), principal=principal)
    return _back(complaint_id, "已记录")



@router.post("/{complaint_id}/special/{kind}")
async def level_3_record(request: Request, complaint_id: ComplaintId, runtime: RuntimeDep, policy: PolicyDep,
                         principal: Agent, kind: str, csrf: Csrf = "",
                         held_at: Annotated[str, Form(max_length=32)] = "",
                         attendees: Annotated[str, Form(max_length=1000)] = "",
                         text: Annotated[str, Form(max_length=8000)] = "",
                         causes: Annotated[str, Form(max_length=4000)] = "",
                         measures: Annotated[str, Form(max_length=4000)] = "") -> Response:
    """The leadership group's meeting, special plan and special report, from the page."""
    from pydantic import ValidationError

    from serving.complaints.special import MeetingCreate, SpecialPlanCreate, SpecialReportCreate

    _checked(request, csrf)
    try:
        body: MeetingCreate | SpecialPlanCreate | SpecialReportCreate
        if kind == "meeting":
            names = [n.strip() for n in attendees.replace("，", ",").replace("、", ",").split(",") if n.strip()]
            body = MeetingCreate(held_at=dt.datetime.fromisoformat(held_at), attendees=names, decisions=_clean(text))
        elif kind == "special_plan":
            body = SpecialPlanCreate(plan=_clean(text))
        elif kind == "special_report":
            body = SpecialReportCreate(investigation=_clean(text), causes=_clean(causes), measures=_clean(measures))
        else:
            raise PageRefused(404, "没有这种记录。")
    except (ValidationError, ValueError):
        raise PageRefused(422, "请把时间、参会人员和内容填写完整。") from None
    await runtime.in_session(complaints.record_special, policy=policy, complaint_id=complaint_id, kind=kind,
                             body=body, principal=principal)
    return _back(complaint_id, "已记录")


@router.post("/{complaint_id}/assignment")
async def assignment(request: Request, complaint_id: ComplaintId, runtime: RuntimeDep, principal: Agent,
                     action: Annotated[str, Form(pattern="^(claim|release)$")], csrf: Csrf = "") -> Response:
    _checked(request, csrf)
    await runtime.in_session(complaints.assign, complaint_id=complaint_id, action=action, person_id=None,
                             principal=principal)
    return _back(complaint_id, "已认领" if action == "claim" else "已放回队列")


supervision_router = APIRouter(prefix="/web/supervision", include_in_schema=False)


@supervision_router.get("", response_class=HTMLResponse)
async def supervision_list(request: Request, runtime: RuntimeDep, principal: Reader) -> Response:
    """The leadership group's list of supervision reports (others get the service's 403)."""
    from serving.supervision import service as supervision

    reports = await runtime.in_session(supervision.list_reports, principal=principal)
    return page(request, "supervision.html", principal, reports=reports, report=None)


@supervision_router.get("/{report_id}", response_class=HTMLResponse)
async def supervision_detail(request: Request, report_id: ComplaintId, runtime: RuntimeDep,
                             principal: Reader) -> Response:
    from serving.supervision import service as supervision

    report = await runtime.in_session(supervision.read, report_id=report_id, principal=principal)
    zone = request.app.state.runtime.policy.zone
    notes = [{**n, "at": dt.datetime.fromisoformat(n["at"]).astimezone(zone).strftime("%m-%d %H:%M")}
             for n in report.notes]
    return page(request, "supervision.html", principal, reports=None, report=report, notes=notes)


@supervision_router.post("/{report_id}/{step}")
async def supervision_step(request: Request, report_id: ComplaintId, runtime: RuntimeDep, principal: Reader,
                           step: str, csrf: Csrf = "", text: Annotated[str, Form(max_length=4000)] = "",
                           substantiated: Annotated[str, Form(max_length=8)] = "") -> Response:
    from serving.supervision import service as supervision

    _checked(request, csrf)
    if len(_clean(text)) < 2:
        raise PageRefused(422, "请填写内容。")
    if step == "note":
        await runtime.in_session(supervision.add_note, report_id=report_id, note=_clean(text), principal=principal)
    elif step == "conclusion":
        await runtime.in_session(supervision.conclude, report_id=report_id, conclusion=_clean(text),
                                 substantiated=substantiated == "1", principal=principal)
    else:
        raise PageRefused(404, "没有这一步。")
    return RedirectResponse(f"/web/supervision/{report_id}", status_code=303)
