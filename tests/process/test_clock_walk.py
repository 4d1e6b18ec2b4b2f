"""A simulated clock walks one complaint through the process across the 2026 National Day
holiday (1-7 October off, Saturday 10 October a make-up working day): a breach and its
escalation, a late plan, a due-soon warning, an extension, a resolve met only after
extension, the result, the survey's link, a reopening and the online survey."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from sqlalchemy import select

from serving.clocks.sweep import sweep
from serving.database.tables import AuditEventRow, NotificationRow

SHANGHAI = ZoneInfo("Asia/Shanghai")
TEXT = "家里宽带这两天晚上经常卡顿，看视频一直缓冲，希望尽快处理"
USER = {"name": "赵六", "contact": "zhao.liu@mail.example", "account": "BB-7788"}


def local(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def call_at(client, when: str, method: str, path: str, **kwargs) -> dict:
    """Calls the API at a simulated Beijing time; the answer must be a success."""
    with time_machine.travel(local(when), tick=False):
        answer = getattr(client, method)(path, **kwargs)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def clocks(body: dict) -> dict[str, dict]:
    return {d["kind"]: d for d in body["deadlines"]}


def notifications(client, event: str) -> list[NotificationRow]:
    with client.app.state.runtime.sessions() as session:
        return list(session.scalars(select(NotificationRow).where(NotificationRow.event == event)
                                    .order_by(NotificationRow.created_at)))


def history(client, complaint_id: str) -> list[AuditEventRow]:
    with client.app.state.runtime.sessions() as session:
        return list(session.scalars(select(AuditEventRow).where(AuditEventRow.complaint_id == complaint_id)
                                    .order_by(AuditEventRow.id)))


def test_a_complaint_walks_through_breach_extension_reopen_and_survey(process_client, directory, service_key,
                                                                      auth_for):
    client = process_client
    runtime = client.app.state.runtime
    agent, head = directory["agent"]["headers"], directory["tech_head"]["headers"]

    def run_sweep(when: str):
        with time_machine.travel(local(when), tick=False):
            return sweep(runtime.sessions, policy=runtime.policy, notifier=runtime.notifier,
                         secret_key=runtime.settings.secret_key, at=local(when))

    def act(when: str, method: str, path: str, **kwargs):
        return call_at(client, when, method, path, **kwargs)

    created = act("2026-09-30 10:00", "post", "/v1/complaints", headers=service_key,
                  json={"text": TEXT, "channel": "hotline", "user": USER})
    cid, ticket_no = created["id"], created["ticket_no"]
    assert len(created["verification_code"]) == 6 and ticket_no.startswith("260930")
    body = act("2026-09-30 10:05", "post", f"/v1/complaints/{cid}/review", headers=agent,
               json={"category": "网络问题", "level": 2, "reason": "影响范围判断有误"}
               if created["decision"]["level"] != 2 else {"category": "网络问题", "level": 2,
                                                         "reason": "分类错误"})
    # level 2, counted from 30 September across the holiday: plan in 2 working days (8, 9
    # October), resolve in 5 (8, 9, Saturday 10 the make-up day, 12, 13)
    due = clocks(body)
    assert dt.datetime.fromisoformat(due["plan"]["due_at"]) == local("2026-10-09 18:00")
    assert dt.datetime.fromisoformat(due["department_assist"]["due_at"]) == local("2026-10-09 18:00")
    assert dt.datetime.fromisoformat(due["resolve"]["due_at"]) == local("2026-10-13 18:00")
    assert "respond" not in due and due["resolve"]["state"] == "pending"
    assert body["overdue"] is False

    # the plan and assist deadlines pass: breached, the technical department's head and the
    # copied department's head are told
    report = run_sweep("2026-10-09 18:01")
    assert report.breaches == 2 and sorted(report.steps) == ["ASSIST-BREACHED", "PLAN-BREACHED"]
    with time_machine.travel(local("2026-10-09 18:02"), tick=False):
        queued = client.get("/v1/complaints", params={"overdue": "true"}, headers=agent).json()
    assert [c["id"] for c in queued["items"]] == [cid]
    told = {n.recipient: n.subject for n in notifications(client, "escalation") if n.channel == "email"}
    assert told.keys() == {directory["tech_head"]["email"], directory["service_head"]["email"]}
    assert "方案时限" in told[directory["tech_head"]["email"]]
    assert run_sweep("2026-10-09 18:30").clocks == 0  # nothing is done twice

    # the plan arrives late, on the make-up Saturday: met late, no longer overdue
    body = act("2026-10-10 11:00", "post", f"/v1/complaints/{cid}/deadlines/plan/met", headers=agent,
               json={"note": "更换光猫并调整线路"})
    assert clocks(body)["plan"]["state"] == "breached" and clocks(body)["plan"]["met_at"]
    assert body["overdue"] is True  # the department's answer is still missing
    body = act("2026-10-10 11:05", "post", f"/v1/complaints/{cid}/deadlines/department_assist/met", headers=agent,
               json={"note": "客服已向用户说明进度"})
    assert body["overdue"] is False

    # four hours before the resolve deadline: the head is warned once
    assert run_sweep("2026-10-13 14:30").steps == ["RESOLVE-DUE-SOON"]

    # an agent may not extend a level-2 deadline; the department's head may, once or twice
    with time_machine.travel(local("2026-10-13 15:00"), tick=False):
        refused = client.post(f"/v1/complaints/{cid}/extensions", headers=agent,
                              json={"deadline": "resolve", "new_due": "2026-10-15T18:00:00+08:00",
                                    "reason": "需更换室外光缆"})
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "approval_required"
        too_far = client.post(f"/v1/complaints/{cid}/extensions", headers=head,
                              json={"deadline": "resolve", "new_due": "2026-12-31T18:00:00+08:00",
                                    "reason": "需更换室外光缆"})
        assert too_far.status_code == 422 and too_far.json()["error"]["code"] == "invalid_extension"
    body = act("2026-10-13 15:00", "post", f"/v1/complaints/{cid}/extensions", headers=head,
               json={"deadline": "resolve", "new_due": "2026-10-15T18:00:00+08:00", "reason": "需更换室外光缆"})
    resolve = clocks(body)["resolve"]
    assert resolve["state"] == "extended" and resolve["extensions"] == 1
    assert dt.datetime.fromisoformat(resolve["original_due_at"]) == local("2026-10-13 18:00")
    [extended] = notifications(client, "extended")
    assert extended.recipient == USER["contact"]
    assert "需更换室外光缆" in extended.body and "2026-10-15 18:00" in extended.body
    assert run_sweep("2026-10-13 18:30").breaches == 0  # the extended deadline is not breached

    # resolved after the original deadline, within the extension
    act("2026-10-14 09:00", "post", f"/v1/complaints/{cid}/transitions", headers=agent, json={"to": "in_progress"})
    act("2026-10-14 09:30", "post", f"/v1/complaints/{cid}/transitions", headers=agent, json={"to": "resolved"})
    body = act("2026-10-14 10:00", "post", f"/v1/complaints/{cid}/transitions", headers=agent,
               json={"to": "result_sent", "note": "已更换室外光缆，晚间网速恢复正常"})
    resolve = clocks(body)["resolve"]
    assert resolve["state"] == "met"
    met_at = dt.datetime.fromisoformat(resolve["met_at"])
    assert dt.datetime.fromisoformat(resolve["original_due_at"]) < met_at <= dt.datetime.fromisoformat(
        resolve["due_at"])
    with time_machine.travel(local("2026-10-14 11:00"), tick=False):
        report = client.get("/v1/reports/summary", params={"start": "2026-09-30", "end": "2026-10-01"},
                            headers=auth_for(client, "analyst")).json()
    # late by the original deadline, on time by the extended one: both stay visible
    assert report["on_time_by_level"]["2"] == {"on_time": 0, "late": 1, "rate": 0.0}
    assert report["on_time_after_extension_by_level"]["2"] == {"on_time": 1, "late": 0, "rate": 1.0}
    assert report["extended"] == 1
    [result] = notifications(client, "result")
    assert "已更换室外光缆" in result.body
    survey = clocks(body)["survey"]  # 3 working days after the result: 15, 16, 19 October
    assert dt.datetime.fromisoformat(survey["due_at"]) == local("2026-10-19 18:00")

    # the survey's link goes out one working day after the result
    assert run_sweep("2026-10-15 12:00").surveys == 0
    assert run_sweep("2026-10-15 18:01").surveys == 1
    [invite] = notifications(client, "survey_invite")
    link = next(line for line in invite.body.splitlines() if "/s/" in line)
    assert link.startswith("https://tousu.example/s/" + ticket_no)

    # the user calls again: reopened, a new resolve deadline from now, the old survey waived
    body = act("2026-10-16 09:00", "post", f"/v1/complaints/{cid}/transitions", headers=agent,
               json={"to": "in_progress", "note": "用户反映晚间仍有卡顿"})
    due = clocks(body)
    assert due["survey"]["state"] == "waived" and due["resolve"]["state"] == "pending"
    assert dt.datetime.fromisoformat(due["resolve"]["due_at"]) == local("2026-10-23 18:00")
    assert body["result_text"] is None

    act("2026-10-19 10:00", "post", f"/v1/complaints/{cid}/transitions", headers=agent, json={"to": "resolved"})
    act("2026-10-19 10:30", "post", f"/v1/complaints/{cid}/transitions", headers=agent,
        json={"to": "result_sent", "note": "已调整端口配置，连续三晚测速正常"})

    # the user answers the questionnaire online
    path = link.removeprefix("https://tousu.example")
    with time_machine.travel(local("2026-10-20 20:00"), tick=False):
        page = client.get(path)
        assert page.status_code == 200 and "满意度回访" in page.text
        answered = client.post(path, data={"grade": "满意", "comment": "速度好多了，电话13800001111"})
        assert answered.status_code == 200 and "感谢" in answered.text
        again = client.post(path, data={"grade": "不满意"})
        assert again.status_code == 409
    body = client.get(f"/v1/complaints/{cid}", headers=agent).json()
    assert body["status"] == "surveyed" and body["satisfaction"] == "满意" and body["survey_method"] == "online"
    assert clocks(body)["survey"]["state"] == "met"
    kinds = [e.kind for e in history(client, cid)]
    assert {"breach", "escalation", "deadline_met", "extension", "survey_invite", "reopen",
            "satisfaction"} <= set(kinds)
    comment = next(e.data["comment"] for e in history(client, cid) if e.kind == "satisfaction")
    assert "13800001111" not in comment
    actors = {e.actor for e in history(client, cid) if e.kind in ("review", "extension", "deadline_met")}
    assert actors == {f"person:{directory['agent']['id']}", f"person:{directory['tech_head']['id']}"}
