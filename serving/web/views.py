"""Routes of the web pages. They render templates from the same service functions as the API."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from serving import labels
from serving.auth import service as keys
from serving.auth.models import Principal, Role
from serving.complaints import service as complaints
from serving.complaints.models import ReviewCreate, Satisfaction, Sort
from serving.complaints.workflow import OPEN, Status
from serving.deps import PolicyDep, RuntimeDep
from serving.reports.views import End, Start, csv_download, load_report, xlsx_download
from serving.validation import ComplaintId, DepartmentQuery, SearchQuery
from serving.web import charts, session
from serving.web import session as session_store

router = APIRouter(prefix="/web", include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))
# every code a page shows goes through the Chinese catalogue: {{ status|zh("status") }}
templates.env.filters["zh"] = lambda code, catalogue: labels.label(labels.CATALOGUES[catalogue], code)
templates.env.filters["effect_zh"] = labels.effect
AGENT_ROLES = frozenset({Role.agent, Role.admin})
LEADERSHIP_ROLES = frozenset({Role.analyst, Role.admin})


def _time_left(due: dt.datetime, at: dt.datetime) -> tuple[str, str]:
    """Returns a Chinese 'time left' text and a CSS class (overdue / today / ok)."""
    seconds = (due - at).total_seconds()
    hours = abs(seconds) / 3600
    text = f"{int(hours // 24)}天{int(hours % 24)}小时" if hours >= 24 else f"{hours:.1f}小时"
    if seconds < 0:
        return f"超期 {text}", "overdue"
    return f"剩 {text}", "today" if seconds < 24 * 3600 else "ok"


def _highlight(text: str, spans: list[dict[str, Any]]) -> Markup:
    """The masked text with each cue span marked and named in Chinese (its code in the title)."""
    out, pos = [], 0
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if span["start"] < pos or span["end"] > len(text):
            continue  # overlapping or out of range: keep the first
        out.append(escape(text[pos:span["start"]]))
        cue, name = span["cue"], labels.label(labels.CUE, span["cue"])
        out.append(f'<mark class="cue cue-{escape(cue.split(".")[0])}" title="{escape(cue)}">'
                   f'{escape(text[span["start"]:span["end"]])}<sup>{escape(name)}</sup></mark>')
        pos = span["end"]
    out.append(escape(text[pos:]))
    return Markup("".join(out))


class SignInRequired(Exception):
    """A page asked for without a valid session: answered with the login page. A form posted
    after the session expired travels through the login (``kept``) instead of being lost."""

    def __init__(self, kept: list[tuple[str, str]] | None = None) -> None:
        super().__init__("sign in")
        self.kept = kept or []


RESUME = "resume:"  # the prefix of a kept form field on the login page


class PageRefused(Exception):
    """A page the signed-in person may not see, or an action the page cannot do."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


async def _signed_in(request: Request, runtime: RuntimeDep) -> Principal | None:
    cookie = request.cookies.get(session.COOKIE)
    if session.token_of(runtime.settings.secret_key, cookie) is None:
        return None

    def lookup(*, session: Any) -> Principal | None:  # noqa: F811 (the store's session, not the module)
        key_id = session_store.key_of(session, runtime.settings.secret_key, cookie)
        return keys.principal_by_id(session=session, key_id=key_id) if key_id else None

    principal: Principal | None = await runtime.in_session(lookup)
    return principal


def signed_in(*roles: Role, leaders: bool = False) -> Any:
    """Returns a dependency: the signed-in person, who must hold one of ``roles`` (or, with
    ``leaders``, be a member of the leadership group, whatever their key's role)."""
    allowed = frozenset(roles)

    async def dependency(request: Request, principal: Annotated[Principal | None, Depends(_signed_in)]
                         ) -> Principal:
        if principal is None:
            if request.method == "POST":  # the form was parsed already: keep what was typed
                form = await request.form()
                raise SignInRequired([(k, v) for k, v in form.multi_items() if isinstance(v, str) and k != "csrf"])
            raise SignInRequired
        if principal.role not in allowed and not (leaders and principal.person_role == "leader"):
            raise PageRefused(403, f"角色 {principal.role.value} 无权查看此页面。")
        return principal

    return Depends(dependency)


Agent = Annotated[Principal, signed_in(*AGENT_ROLES)]
# the leadership group's members act on complaints with agent keys and read these pages too
Leader = Annotated[Principal, signed_in(*LEADERSHIP_ROLES, leaders=True)]
# analysts (the leadership's readers) drill down into the queue and complaints: no personal data, no actions
Reader = Annotated[Principal, signed_in(*AGENT_ROLES, *LEADERSHIP_ROLES)]


def _page(request: Request, name: str, principal: Principal | None, status: int = 200, **context: Any) -> Response:
    runtime = request.app.state.runtime
    cookie = request.cookies.get(session.COOKIE, "")
    return templates.TemplateResponse(request, name, {
        "principal": principal, "csrf": session.csrf_token(runtime.settings.secret_key, cookie) if cookie else "",
        "level_names": level_names(runtime.policy), "tz": runtime.policy.zone, **context}, status_code=status)


def level_names(policy: Any) -> dict[int, str]:
    """The levels' names as the policy declares them (1 轻微, 2 中度, 3 严重)."""
    return {int(level): spec.name for level, spec in policy.levels.items()}


async def error_page(request: Request, status: int, message: str) -> Response:
    """The one answer of a page that fails: a Chinese error page, or the login page."""
    if status == 401:
        return RedirectResponse(f"/web/login?next={request.url.path}", status_code=303)
    principal = await _signed_in(request, request.app.state.runtime)
    return _page(request, "error.html", principal, status=status, message=message)


def install_error_pages(app: Any) -> None:
    """Answers the pages' own refusals with pages; API errors on /web come here too (serving.errors)."""
    app.state.error_page = error_page

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        if exc.kept:  # the session ended while a form was being filled in
            return _page(request, "login.html", None, status=401, next=request.url.path, kept=exc.kept,
                         error="会话已过期，请重新登录；您填写的内容已保留。")
        return await error_page(request, 401, "")

    @app.exception_handler(PageRefused)
    async def _refused(request: Request, exc: PageRefused) -> Response:
        return await error_page(request, exc.status, exc.message)


@router.get("", response_class=HTMLResponse)
async def home(principal: Annotated[Principal | None, Depends(_signed_in)]) -> Response:
    if principal is None:
        return RedirectResponse("/web/login", status_code=303)
    return RedirectResponse("/web/queue" if principal.role in AGENT_ROLES else "/web/leadership", status_code=303)


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, next: str = "") -> Response:  # noqa: A002
    return _page(request, "login.html", None, next=next, error=None)


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request, runtime: RuntimeDep, key: Annotated[str, Form(max_length=200)],
                next: Annotated[str, Form(max_length=200)] = "") -> Response:  # noqa: A002
    principal = await runtime.in_session(keys.authenticate, secret_key=runtime.settings.secret_key,
                                         token=key.strip())
    form = await request.form()
    kept = [(k.removeprefix(RESUME), v) for k, v in form.multi_items() if k.startswith(RESUME) and isinstance(v, str)]
    if principal is None or principal.role is Role.intake:
        error = "密钥无效或已吊销。" if principal is None else "接入系统的密钥不能登录网页。"
        return _page(request, "login.html", None, status=401, next=next, error=error, kept=kept)
    home_page = "/web/queue" if principal.role in AGENT_ROLES else "/web/leadership"
    target = next if next.startswith("/web/") and not next.startswith("/web/login") else home_page
    cookie = await runtime.in_session(session_store.open_session, secret=runtime.settings.secret_key,
                                      key_id=principal.key_id)
    response: Response = RedirectResponse(target, status_code=303)
    if kept:  # the form the expired session interrupted, ready to send again (nothing is sent unasked)
        response = _page(request, "resume.html", principal, action=target, kept=kept,
                         csrf_new=session.csrf_token(runtime.settings.secret_key, cookie))
    response.set_cookie(session.COOKIE, cookie,
                        max_age=session.TTL_SECONDS, httponly=True, samesite="strict",
                        secure=runtime.settings.env.value == "prod")
    return response


@router.post("/logout")
async def logout(request: Request, runtime: RuntimeDep) -> Response:
    await runtime.in_session(session_store.end_session, secret=runtime.settings.secret_key,
                             value=request.cookies.get(session.COOKIE))
    response = RedirectResponse("/web/login", status_code=303)
    response.delete_cookie(session.COOKIE)
    return response


@router.get("/queue", response_class=HTMLResponse)
async def queue_page(
    request: Request, runtime: RuntimeDep, policy: PolicyDep, principal: Reader,
    level: Annotated[list[int] | None, Query()] = None,
    department: DepartmentQuery = None,
    status: Annotated[list[Status] | None, Query()] = None,
    needs_review: bool | None = None, overdue: bool | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    q: SearchQuery = None,
    mine: bool | None = None,
    copied: bool | None = None,
    category: Annotated[str | None, Query(max_length=32)] = None,
    start: Start = None, end: End = None,
) -> Response:
    if q and not principal.sees_personal_data:
        raise PageRefused(403, "按工单号、手机号、账号或姓名查找仅限坐席和管理员。")
    at = dt.datetime.now(dt.UTC)
    local = at.astimezone(policy.zone)
    day_end = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tzinfo=policy.zone)
    try:
        first = dt.date.fromisoformat(start) if start else dt.date(2000, 1, 1)
        after = dt.date.fromisoformat(end) if end else local.date() + dt.timedelta(days=1)
    except ValueError:
        raise PageRefused(422, "日期无效，请使用 YYYY-MM-DD。") from None
    period = (dt.datetime.combine(first, dt.time(), tzinfo=policy.zone),
              dt.datetime.combine(after, dt.time(), tzinfo=policy.zone)) if start or end else None
    levels = [lv for lv in (level or []) if lv in (1, 2, 3)]
    statuses = status or sorted(OPEN, key=list(Status).index)
    size = 50

    from serving.people import service as people

    def load(*, session: Any) -> tuple[Any, Any, dict[str, str]]:
        # a search (and a drill-down from the leadership page) looks through every state
        every_state = (q or start or end) and not status
        page_ = complaints.queue(session=session, statuses=None if every_state else statuses,
                                 levels=levels or None, department=department or None, overdue=overdue,
                                 needs_review=needs_review, sort=Sort.level_deadline, limit=size,
                                 offset=(page - 1) * size, at=at, q=q or None,
                                 assignee=principal.person_id if mine and principal.person_id else None,
                                 category=category or None, received=period, copied=bool(copied))
        holders = people.names(session, {i.assignee_id for i in page_.items if i.assignee_id})
        return page_, complaints.queue_counts(session=session, at=at, day_end=day_end), holders

    result, counts, holders = await runtime.in_session(load)
    rows = []
    for item in result.items:
        due = item.next_due
        left, css = _time_left(due, at) if due else ("—", "done")
        rows.append({"item": item, "left": left, "css": css,
                     "due_local": due.astimezone(policy.zone).strftime("%m-%d %H:%M") if due else "—",
                     "received_local": item.received_at.astimezone(policy.zone).strftime("%m-%d %H:%M")})
    filters = {"level": levels, "department": department or "", "status": [s.value for s in statuses],
               "needs_review": needs_review, "overdue": overdue, "q": q or "", "mine": bool(mine),
               "copied": bool(copied)}
    # the pages' links keep the filters
    kept = urlencode([("level", lv) for lv in levels] + [("status", s.value) for s in (status or [])]
                     + [(k, v) for k, v in (("department", department), ("q", q), ("category", category),
                                            ("start", start), ("end", end)) if v]
                     + [(k, "true") for k, v in (("needs_review", needs_review), ("overdue", overdue),
                                                 ("mine", mine), ("copied", copied)) if v])
    # past the counted total (more than 10,000 match) the pages go on while a page comes back full
    pages = max(1, -(-result.total // size), page + 1 if not result.total_exact and len(rows) == size else 0)
    return _page(request, "queue.html", principal, rows=rows, total=result.total, total_exact=result.total_exact,
                 counts=counts, page=page, pages=pages, departments=sorted(policy.departments),
                 filters=filters, kept=kept, statuses=list(Status), holders=holders)


def _describe(kind: str, data: dict[str, Any]) -> str:
    """One history entry in Chinese words (codes through the catalogue, no Python dicts)."""
    def word(value: Any) -> str:
        if isinstance(value, dict):
            return "，".join(f"{k} {word(v)}" for k, v in value.items())
        if isinstance(value, list):
            return "、".join(word(v) for v in value) or "—"
        text = str(value)
        for catalogue in (labels.STATUS, labels.DEADLINE, labels.REVIEW_ACTION, labels.SURVEY_METHOD):
            if text in catalogue:
                return catalogue[text]
        return text

    if kind in ("transition", "reopen"):
        note = f"：{data['note']}" if data.get("note") else ""
        return f"{word(data.get('from'))} → {word(data.get('to'))}{note}"
    names = {"from": "原", "to": "新", "note": "备注", "reason": "原因", "deadline": "时限", "due_at": "到期",
             "original_due_at": "原到期", "notified": "已通知", "department": "部门", "grade": "评价",
             "method": "方式", "comment": "意见", "action": "操作", "channel": "渠道", "event": "事件",
             "step": "升级规则", "met": "完成", "level": "等级", "category": "类别", "rules": "规则"}
    return "；".join(f"{names.get(k, k)}：{word(v)}" for k, v in data.items() if v not in (None, "", [], {}))


@router.get("/complaints/{complaint_id}", response_class=HTMLResponse)
async def complaint_page(request: Request, complaint_id: ComplaintId, runtime: RuntimeDep, policy: PolicyDep,
                         principal: Reader, done: str = "", saved: str = "") -> Response:
    complaint = await runtime.in_session(complaints.get, complaint_id=complaint_id, principal=principal)
    at = dt.datetime.now(dt.UTC)
    local = lambda when: when.astimezone(policy.zone).strftime("%Y-%m-%d %H:%M") if when else "—"  # noqa: E731
    deadlines = []
    for d in complaint.deadlines:
        open_ = d.met_at is None and d.state != "waived"
        left, css = _time_left(d.due_at, at) if open_ else ("—", "done")
        deadlines.append({"kind": d.kind.value, "due": local(d.due_at), "left": left, "css": css,
                          "state": d.state, "provisional": d.provisional, "open": open_,
                          "original": local(d.original_due_at) if d.original_due_at != d.due_at else None,
                          "department": d.department})
    suggestion = complaint.suggestion
    rules = policy.process_rules.extensions
    from serving.complaints import special

    records = await runtime.in_session(lambda *, session: special.records(session, complaint_id)) \
        if complaint.level == 3 else None
    related = await runtime.in_session(complaints.same_complainant, complaint_id=complaint_id) \
        if principal.sees_personal_data else []
    # the confirmed complaints most like this one (a bundle's precedents), linked where the store holds them
    stored = await runtime.in_session(complaints.summaries, ids=[p.id for p in suggestion.precedents]) \
        if suggestion.precedents else {}
    precedents = [{"id": p.id, "level": p.level, "similarity": p.similarity, "complaint": stored.get(p.id)}
                  for p in suggestion.precedents]
    from serving.people import service as people

    ids = {h.actor.partition(":")[2] for h in complaint.history if h.actor.startswith("person:")}
    known = await runtime.in_session(lambda *, session: people.names(session, ids | {complaint.assignee_id or ""}))
    extendable = [d for d in deadlines if d["open"] and d["state"] in ("pending", "extended")
                  and d["kind"] in rules.deadlines and complaint.level in rules.levels]
    return _page(request, "complaint.html", principal, c=complaint, deadlines=deadlines,
                 text=_highlight(complaint.text_masked, [s.model_dump() for s in suggestion.cues.spans]),
                 categories=list(policy.categories), reasons=policy.correction_reasons, done=done, saved=saved,
                 category_scores=sorted(suggestion.category_scores.items(), key=lambda kv: -kv[1])[:3],
                 level_scores=sorted(suggestion.level_scores.items()), is_open=complaint.status in OPEN,
                 close_reasons=policy.process_rules.survey.close_without_survey_reasons,
                 departments=[d for d in policy.departments if d != complaint.lead_department],
                 extendable=extendable, grades=[g.value for g in Satisfaction],
                 can_work=principal.role in AGENT_ROLES, records=records, related=related, precedents=precedents,
                 is_leader=principal.role is Role.admin or principal.person_role == "leader",
                 history=[{"at": h.at.astimezone(policy.zone).strftime("%m-%d %H:%M"), "kind": h.kind,
                           "actor": people.actor_label(h.actor, known), "text": _describe(h.kind, h.data)}
                          for h in complaint.history],
                 assignee_name=known.get(complaint.assignee_id or "", complaint.assignee_id))


@router.get("/complaints/{complaint_id}/report", response_class=HTMLResponse)
async def special_report_page(request: Request, complaint_id: ComplaintId, runtime: RuntimeDep, policy: PolicyDep,
                              principal: Reader) -> Response:
    """The level-3 special report (专项报告) as a document: it prints cleanly (A4, no navigation)."""
    from serving.complaints import special

    def load(*, session: Any) -> tuple[Any, Any]:
        complaint = complaints.get(session=session, complaint_id=complaint_id, principal=principal)
        return complaint, special.records(session, complaint_id)

    complaint, records = await runtime.in_session(load)
    if complaint.level != 3:
        raise PageRefused(404, "专项报告仅适用于三级投诉。")
    local = lambda when: when.astimezone(policy.zone).strftime("%Y-%m-%d %H:%M")  # noqa: E731
    return _page(request, "special_report.html", principal, c=complaint, records=records, local=local,
                 printed=local(dt.datetime.now(dt.UTC)))


@router.post("/complaints/{complaint_id}/review")
async def review(request: Request, complaint_id: ComplaintId, runtime: RuntimeDep, policy: PolicyDep, principal: Agent,
                 csrf: Annotated[str, Form(max_length=64)] = "",
                 action: Annotated[str, Form(max_length=16)] = "confirm",
                 category: Annotated[str, Form(max_length=32)] = "",
                 level: Annotated[int, Form(ge=1, le=3)] = 1,
                 reason: Annotated[str, Form(max_length=100)] = "",
                 reason_text: Annotated[str, Form(max_length=500)] = "") -> Response:
    if not session.csrf_ok(runtime.settings.secret_key, request.cookies.get(session.COOKIE), csrf):
        raise PageRefused(403, "表单已过期，请刷新页面后重试。")
    if action == "confirm":
        review_in = ReviewCreate()
    else:
        review_in = ReviewCreate(category=category or None, level=level,
                                 reason=(reason_text.strip() or reason).strip())

    def apply(*, session: Any) -> str | None:
        complaints.review(session=session, policy=policy, notifier=runtime.notifier, complaint_id=complaint_id,
                          review_in=review_in, principal=principal)
        return complaints.next_for_review(session=session, exclude=complaint_id)

    next_id = await runtime.in_session(apply)  # a refusal (closed, changed meanwhile …) becomes an error page
    target = f"/web/complaints/{next_id}?done={complaint_id}" if next_id else f"/web/queue?done={complaint_id}"
    return RedirectResponse(target, status_code=303)


@router.get("/leadership", response_class=HTMLResponse)
async def leadership_page(request: Request, runtime: RuntimeDep, policy: PolicyDep, principal: Leader,
                          start: Start = None, end: End = None) -> Response:
    report = await load_report(runtime, policy, start, end)
    pct = lambda rates: [(f"{k}（n={r.on_time + r.late}）", round(100 * r.rate, 1))  # noqa: E731
                         for k, r in rates.items() if r.rate is not None]
    period = f"start={report.start.isoformat()}&end={report.end.isoformat()}"
    drill = lambda key, values: [f"/web/queue?{period}&{urlencode({key: v})}" for v in values]  # noqa: E731
    figures = {
        "level": charts.bars([(f"{k}级 {level_names(policy)[int(k)]}", v) for k, v in report.by_level.items()],
                             title="按等级", links=drill("level", report.by_level)),
        "category": charts.bars(list(report.by_category.items()), title="按类别",
                                links=drill("category", report.by_category)),
        "department": charts.bars(list(report.by_department.items()), title="按牵头部门",
                                  links=drill("department", report.by_department)),
        "on_time_level": charts.bars([(f"{k}级", v) for k, v in pct(report.on_time_by_level)],
                                     title="按等级及时率（原时限）", unit="%", top=100),
        "on_time_department": charts.bars(pct(report.on_time_by_department), title="按部门及时率（原时限）",
                                          unit="%", top=100),
        "satisfaction": charts.stacked([(w, list(g.values())) for w, g in report.satisfaction_by_week.items()],
                                       list(report.satisfaction), title="满意度（按周）"),
        "overrule": charts.bars([(f"{c}（n={o.reviews}）", round(100 * o.rate, 1))
                                 for c, o in report.overrule_by_category.items()],
                                title="人工改判率（按类别）", unit="%", top=100),
    }
    surveyed = sum(report.satisfaction.values())
    satisfied = report.satisfaction.get("非常满意", 0) + report.satisfaction.get("满意", 0)
    timely = [sum(r.on_time for r in report.on_time_by_level.values()),
              sum(r.late for r in report.on_time_by_level.values())]
    extended = [sum(r.on_time for r in report.on_time_after_extension_by_level.values()),
                sum(r.late for r in report.on_time_after_extension_by_level.values())]
    share = lambda k, n: f"{100 * k / n:.1f}%" if n else "—"  # noqa: E731
    headline = {"total": report.total, "satisfaction": share(satisfied, surveyed), "surveyed": surveyed,
                "on_time": share(timely[0], sum(timely)), "due": sum(timely),
                "on_time_extended": share(extended[0], sum(extended)), "extended": report.extended}
    from serving.performance import service as performance

    today = dt.datetime.now(policy.zone).date()
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)

    from serving.surveys import service as surveys

    def load(*, session: Any) -> tuple[Any, Any, Any]:
        return (performance.performance(session=session, policy=policy, start=report.start, end=report.end,
                                        by="department"),
                performance.below_target(session=session, policy=policy, year=year, month=month),
                surveys.list_campaigns(session=session, policy=policy, limit=5))

    departments, below, campaigns = await runtime.in_session(load)
    return _page(request, "leadership.html", principal, report=report, charts=figures, headline=headline,
                 departments=departments.rows, below=below, campaigns=campaigns, last_month=f"{year:04d}-{month:02d}",
                 start=report.start.isoformat(), end=report.end.isoformat())


@router.get("/monthly.{kind}")
async def monthly_report(kind: Literal["html", "pdf", "xlsx"], runtime: RuntimeDep, policy: PolicyDep,
                         principal: Leader, month: Annotated[str | None, Query(
                             pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] = None) -> Response:
    """The monthly supervision report from the leadership page and the worker's e-mail."""
    from serving.reports.monthly_views import file_response, load

    return await file_response(await load(runtime, policy, principal, month), kind)


@router.get("/leadership.xlsx")
async def leadership_xlsx(runtime: RuntimeDep, policy: PolicyDep, _: Leader,
                          start: Start = None, end: End = None) -> Response:
    return xlsx_download(await load_report(runtime, policy, start, end))


@router.get("/leadership.csv")
async def leadership_csv(runtime: RuntimeDep, policy: PolicyDep, _: Leader,
                         start: Start = None, end: End = None) -> Response:
    return csv_download(await load_report(runtime, policy, start, end))
