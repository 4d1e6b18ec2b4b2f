"""The complainant's pages, in Chinese, without an API key.

``/t/{ticket_no}``: the ticket's status, next deadline and result, once the user gives the
code they received with the ticket number (asked in a form, so it never sits in a URL or an
access log). ``/s/{token}``: the online satisfaction questionnaire the worker sends a link
to; ``/s/c/{token}``: a survey campaign's questionnaire. They are rate limited per client
and per ticket (or invitation); none shows anything personal or internal.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from serving.clocks.sweep import check_survey_token
from serving.complaints import service as complaints
from serving.complaints.models import Satisfaction, SatisfactionCreate, SurveyMethod
from serving.complaints.tickets import code_matches
from serving.complaints.workflow import Status
from serving.database.tables import SurveyCampaignRow
from serving.deps import PolicyDep, RuntimeDep
from serving.errors import ApiError, RateLimited
from serving.public import service
from serving.runtime import Runtime
from serving.surveys import service as surveys

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))
TICKET_NO = re.compile(r"^[0-9]{6,16}$")
SURVEY_TOKEN = re.compile(r"^[0-9]{6,16}-[0-9a-f]{24}$")
GRADES = [g.value for g in Satisfaction]


def _page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status,
                                      headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})


def _message(request: Request, status: int, title: str, message: str) -> Response:
    return _page(request, "public_message.html", status, title=title, message=message)


def _admit(request: Request, runtime: Runtime, ticket_no: str) -> None:
    """One budget per client address and one per ticket: guessing a code stays slow."""
    limit = runtime.settings.public_rate_limit_per_minute
    client = request.client.host if request.client else "-"
    runtime.admit(f"public:{client}", per_minute=limit, who="This address")
    runtime.admit(f"ticket:{ticket_no}", per_minute=limit, who="This ticket")


@router.get("/t/{ticket_no}", response_class=HTMLResponse)
async def ticket_form(request: Request, ticket_no: str) -> Response:
    if not TICKET_NO.match(ticket_no):
        return _message(request, 404, "未找到工单", "工单号应为受理时告知您的数字，请核对后重试。")
    return _page(request, "public_ticket.html", ticket_no=ticket_no, view=None, error=None)


@router.post("/t/{ticket_no}", response_class=HTMLResponse)
async def ticket_status(request: Request, ticket_no: str, runtime: RuntimeDep, policy: PolicyDep,
                        code: Annotated[str, Form(max_length=16)] = "") -> Response:
    if not TICKET_NO.match(ticket_no):
        return _message(request, 404, "未找到工单", "工单号应为受理时告知您的数字，请核对后重试。")
    try:
        _admit(request, runtime, ticket_no)
    except RateLimited:
        return _message(request, 429, "请稍后再试", "查询过于频繁，请一分钟后再试。")
    wrong = "工单号或查询码不正确，请核对受理时收到的信息。"
    if not code_matches(runtime.settings.secret_key, ticket_no, code):
        return _page(request, "public_ticket.html", 403, ticket_no=ticket_no, view=None, error=wrong)

    def load(*, session: Any) -> service.TicketView | None:
        row = service.by_ticket_no(session, ticket_no)
        return service.ticket_view(session, row, policy) if row is not None else None

    view = await runtime.in_session(load)
    if view is None:
        return _page(request, "public_ticket.html", 403, ticket_no=ticket_no, view=None, error=wrong)
    return _page(request, "public_ticket.html", ticket_no=ticket_no, view=view, error=None)


def _answer_of(request: Request, runtime: Runtime, budget: str, grade: str, comment: str,
               **again: Any) -> SatisfactionCreate | Response:
    """A questionnaire's answer, checked: the rate limit on ``budget``, a grade chosen, a
    comment that can be stored; or the page that says what is wrong (the form shown ``again``)."""
    try:
        _admit(request, runtime, budget)
    except RateLimited:
        return _message(request, 429, "请稍后再试", "提交过于频繁，请一分钟后再试。")
    if grade not in GRADES:
        return _page(request, "public_survey.html", 422, grades=GRADES, error="请选择一个满意度等级。", **again)
    try:
        return SatisfactionCreate(grade=Satisfaction(grade), comment=comment.replace("\x00", ""),
                                  method=SurveyMethod.online)
    except ValueError:
        return _page(request, "public_survey.html", 422, grades=GRADES,
                     error="意见中含有无法保存的字符，请修改后重试。", **again)


def _survey_target(runtime: Runtime, token: str) -> str | None:
    if not SURVEY_TOKEN.match(token):
        return None
    return check_survey_token(runtime.settings.secret_key, token)


@router.get("/s/{token}", response_class=HTMLResponse)
async def survey_form(request: Request, token: str, runtime: RuntimeDep) -> Response:
    ticket_no = _survey_target(runtime, token)
    if ticket_no is None:
        return _message(request, 404, "链接无效", "回访链接无效，请使用短信或邮件中的完整链接。")
    row = await runtime.in_session(lambda *, session: service.by_ticket_no(session, ticket_no))
    if row is None:
        return _message(request, 404, "链接无效", "回访链接无效，请使用短信或邮件中的完整链接。")
    if row.status != Status.result_sent.value:
        done = row.satisfaction is not None
        return _message(request, 409 if not done else 200, "满意度回访",
                        "您已完成评价，感谢您的反馈。" if done else "该工单当前无需评价。")
    return _page(request, "public_survey.html", token=token, ticket_no=ticket_no, grades=GRADES, error=None)


@router.post("/s/{token}", response_class=HTMLResponse)
async def survey_answer(request: Request, token: str, runtime: RuntimeDep, policy: PolicyDep,
                        grade: Annotated[str, Form(max_length=8)] = "",
                        comment: Annotated[str, Form(max_length=1000)] = "") -> Response:
    ticket_no = _survey_target(runtime, token)
    if ticket_no is None:
        return _message(request, 404, "链接无效", "回访链接无效，请使用短信或邮件中的完整链接。")
    answer = _answer_of(request, runtime, ticket_no, grade, comment, token=token, ticket_no=ticket_no)
    if isinstance(answer, Response):
        return answer

    def record(*, session: Any) -> None:
        row = service.by_ticket_no(session, ticket_no)
        if row is None:
            raise ApiError("gone")
        complaints.record_satisfaction(session=session, policy=policy, complaint_id=row.id,
                                       satisfaction_in=answer, principal=None, actor="complainant")

    try:
        await runtime.in_session(record)
    except ApiError:
        return _message(request, 409, "满意度回访", "该工单当前无需评价，或您已完成评价。")
    return _message(request, 200, "感谢您的评价", "我们已收到您的评价，感谢您的反馈。")


CAMPAIGN_TOKEN = re.compile(r"^[0-9a-f]{32}$")
CAMPAIGN_QUESTION = "您在“{name}”的调查期间曾向我们反映问题。总体而言，您对我们的投诉处理工作满意吗？"


async def _campaign_invite(runtime: Runtime, token: str) -> Any:
    if not CAMPAIGN_TOKEN.match(token):
        return None

    def load(*, session: Any) -> Any:
        invite = surveys.invite_by_token(session, token)
        if invite is None:
            return None
        campaign = session.get(SurveyCampaignRow, invite.campaign_id)
        return invite.answered_at, campaign.name

    return await runtime.in_session(load)


@router.get("/s/c/{token}", response_class=HTMLResponse)
async def campaign_form(request: Request, token: str, runtime: RuntimeDep) -> Response:
    found = await _campaign_invite(runtime, token)
    if found is None:
        return _message(request, 404, "链接无效", "调查链接无效，请使用短信或邮件中的完整链接。")
    answered_at, name = found
    if answered_at is not None:
        return _message(request, 200, "满意度调查", "您已完成评价，感谢您的反馈。")
    return _page(request, "public_survey.html", token=token, ticket_no=None, grades=GRADES, error=None,
                 action=f"/s/c/{token}", question=CAMPAIGN_QUESTION.format(name=name))


@router.post("/s/c/{token}", response_class=HTMLResponse)
async def campaign_answer(request: Request, token: str, runtime: RuntimeDep,
                          grade: Annotated[str, Form(max_length=8)] = "",
                          comment: Annotated[str, Form(max_length=1000)] = "") -> Response:
    found = await _campaign_invite(runtime, token)
    if found is None:
        return _message(request, 404, "链接无效", "调查链接无效，请使用短信或邮件中的完整链接。")
    answer = _answer_of(request, runtime, token, grade, comment, token=token, ticket_no=None,
                        action=f"/s/c/{token}", question=CAMPAIGN_QUESTION.format(name=found[1]))
    if isinstance(answer, Response):
        return answer
    try:
        await runtime.in_session(surveys.answer, token=token, grade=answer.grade, comment=answer.comment)
    except ApiError:
        return _message(request, 409, "满意度调查", "您已完成评价，感谢您的反馈。")
    return _message(request, 200, "感谢您的评价", "我们已收到您的评价，感谢您的反馈。")


REFERENCE_NO = re.compile(r"^9[0-9]{13}$")


@router.get("/jd", response_class=HTMLResponse)
async def supervision_form(request: Request, policy: PolicyDep) -> Response:
    """监督举报: anyone (staff or user) reports misconduct in complaint handling."""
    return _page(request, "public_supervision.html", categories=policy.process_rules.supervision.categories,
                 error=None, receipt=None)


@router.post("/jd", response_class=HTMLResponse)
async def supervision_submit(request: Request, runtime: RuntimeDep, policy: PolicyDep,
                             category: Annotated[str, Form(max_length=32)] = "",
                             text: Annotated[str, Form(max_length=5000)] = "",
                             contact: Annotated[str, Form(max_length=128)] = "",
                             ticket_no: Annotated[str, Form(max_length=16)] = "",
                             anonymous: Annotated[str, Form(max_length=8)] = "") -> Response:
    from pydantic import ValidationError

    from serving.supervision import service as supervision
    from serving.supervision.models import ReportCreate
    from serving.supervision.views import follow_code

    categories = policy.process_rules.supervision.categories
    try:
        _admit(request, runtime, "jd")
    except RateLimited:
        return _message(request, 429, "请稍后再试", "提交过于频繁，请一分钟后再试。")
    try:
        report_in = ReportCreate(category=category, text=text, anonymous=bool(anonymous),
                                 contact=contact.strip() or None, ticket_no=ticket_no.strip() or None)
        row = await runtime.in_session(supervision.submit, policy=policy, notifier=runtime.notifier,
                                       report_in=report_in, source="web")
    except (ValidationError, ApiError):
        return _page(request, "public_supervision.html", 422, categories=categories, receipt=None,
                     error="请选择举报类别，并写明情况（至少5个字）；工单号只含数字。")
    receipt = {"reference_no": row.reference_no, "code": follow_code(runtime.settings.secret_key, row.reference_no),
               "due": row.feedback_due.astimezone(policy.zone).strftime("%Y-%m-%d")}
    return _page(request, "public_supervision.html", 201, categories=categories, receipt=receipt, error=None)


@router.get("/jd/{reference_no}", response_class=HTMLResponse)
async def supervision_follow_form(request: Request, reference_no: str) -> Response:
    if not REFERENCE_NO.match(reference_no):
        return _message(request, 404, "未找到举报", "请核对举报编号。")
    return _page(request, "public_supervision_follow.html", reference_no=reference_no)


@router.post("/jd/{reference_no}", response_class=HTMLResponse)
async def supervision_follow(request: Request, reference_no: str, runtime: RuntimeDep, policy: PolicyDep,
                             code: Annotated[str, Form(max_length=16)] = "") -> Response:
    """The reporter follows the report: its state and, once concluded, the conclusion."""
    from serving.supervision import service as supervision

    if not REFERENCE_NO.match(reference_no):
        return _message(request, 404, "未找到举报", "请核对举报编号。")
    try:
        _admit(request, runtime, reference_no)
    except RateLimited:
        return _message(request, 429, "请稍后再试", "查询过于频繁，请一分钟后再试。")
    if not code_matches(runtime.settings.secret_key, f"jd:{reference_no}", code):  # the code follow_code gave
        return _message(request, 403, "无法查询", "举报编号或查询码不正确。")
    row = await runtime.in_session(lambda *, session: supervision.by_reference(session, reference_no))
    if row is None:
        return _message(request, 403, "无法查询", "举报编号或查询码不正确。")
    states = {"received": "已受理", "investigating": "调查中", "concluded": "已办结"}
    message = f"状态：{states.get(row.status, row.status)}。"
    message += f"处理结论：{row.conclusion}" if row.conclusion else \
        f"我们将在 {row.feedback_due.astimezone(policy.zone).strftime('%Y-%m-%d')} 前答复。"
    return _message(request, 200, f"监督举报 {reference_no}", message)
