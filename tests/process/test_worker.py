"""The worker's guarantees: two at once never do anything twice; the complainant's pages;
the directory's keys name people."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

from sqlalchemy import select

from serving.clocks.sweep import sweep
from serving.database.tables import AuditEventRow, NotificationRow

SEVERE = "宽带完全无法上网已经两天，我要向工信部投诉"


def test_two_workers_sweeping_at_once_escalate_each_clock_once(process_client, directory, service_key):
    client, runtime = process_client, process_client.app.state.runtime
    received = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)).isoformat()
    ids = [client.post("/v1/complaints", headers=service_key, json={
        "text": f"{SEVERE}（第{i}次）", "channel": "hotline", "received_at": received}).json()["id"] for i in range(24)]
    at = dt.datetime.now(dt.UTC)
    reports, start = [], threading.Barrier(2)

    def work() -> None:
        start.wait()
        reports.append(sweep(runtime.sessions, policy=runtime.policy, notifier=runtime.notifier,
                             secret_key=runtime.settings.secret_key, at=at, batch=5))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with runtime.sessions() as session:
        escalations = Counter(e.complaint_id for e in session.scalars(
            select(AuditEventRow).where(AuditEventRow.kind == "escalation")))
        breaches = Counter((e.complaint_id, e.data["deadline"]) for e in session.scalars(
            select(AuditEventRow).where(AuditEventRow.kind == "breach")))
    assert set(escalations) == set(ids) and set(escalations.values()) == {1}
    assert set(breaches.values()) == {1} and len(breaches) == len(ids)
    assert sum(r.escalations for r in reports) == len(ids)


def test_the_complainant_follows_the_ticket_with_the_code_and_sees_nothing_internal(process_client, service_key):
    client = process_client
    created = client.post("/v1/complaints", headers=service_key, json={
        "text": "手机信号很差，经常打不通电话，联系我13811112222", "channel": "app",
        "user": {"name": "周八", "contact": "13811112222"}}).json()
    ticket_no, code = created["ticket_no"], created["verification_code"]
    form = client.get(f"/t/{ticket_no}")
    assert form.status_code == 200 and "查询码" in form.text and code not in form.text
    wrong = client.post(f"/t/{ticket_no}", data={"code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 403 and "不正确" in wrong.text
    page = client.post(f"/t/{ticket_no}", data={"code": code})
    assert page.status_code == 200 and ("已受理" in page.text or "已转交责任部门" in page.text)
    assert "处理完成期限" in page.text
    for secret in ("13811112222", "周八", created["decision"]["category"], "模型", created["id"]):
        assert secret not in page.text
    assert page.headers["cache-control"] == "no-store"
    assert client.get("/t/not-a-number").status_code == 404
    assert client.get("/s/260101-forged").status_code == 404


def test_guessing_codes_is_rate_limited_per_ticket(process_client, service_key):
    client = process_client
    created = client.post("/v1/complaints", headers=service_key,
                          json={"text": "宽带网速慢", "channel": "hotline"}).json()
    limit = client.app.state.runtime.settings.public_rate_limit_per_minute
    answers = [client.post(f"/t/{created['ticket_no']}", data={"code": f"{i:06d}"}).status_code
               for i in range(limit + 2)]
    assert answers[-1] == 429 and set(answers[:limit]) <= {200, 403}


def test_a_persons_key_names_the_person_and_stops_with_them(process_client, directory, auth_for):
    client = process_client
    agent = directory["agent"]
    created = client.post("/v1/complaints", headers=agent["headers"], json={"text": "宽带网速慢", "channel": "hotline"})
    assert created.status_code == 201
    with client.app.state.runtime.sessions() as session:
        intake_event = session.scalar(select(AuditEventRow).where(AuditEventRow.kind == "intake"))
    assert intake_event.actor == f"person:{agent['id']}"
    admin = auth_for(client, "admin")
    listed = client.get("/v1/people", params={"department": "技术部门"}, headers=admin).json()
    assert [p["name"] for p in listed] == ["王主任"]
    bad = client.post("/v1/people", headers=admin, json={"name": "某人", "department": "不存在的部门"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "unknown_department"
    gone = client.post(f"/v1/people/{agent['id']}/deactivate", headers=admin)
    assert gone.status_code == 200 and gone.json()["active"] is False
    assert client.get("/v1/complaints", headers=agent["headers"]).status_code == 401
    mine = client.get("/v1/me/notifications", headers=directory["leader"]["headers"])
    assert mine.status_code == 200
    assert client.get("/v1/me/notifications", headers=auth_for(client, "agent")).json()["error"]["code"] == "no_person"


def test_an_audience_with_nobody_in_it_is_a_visible_dead_letter(process_client, service_key, auth_for):
    client = process_client  # no directory: the leadership group has no members yet
    client.post("/v1/complaints", headers=service_key, json={"text": SEVERE, "channel": "hotline"})
    with client.app.state.runtime.sessions() as session:
        [row] = session.scalars(select(NotificationRow).where(NotificationRow.event == "level3_intake"))
    assert (row.channel, row.state) == ("none", "failed") and "投诉处理领导小组" in row.last_error
    admin = auth_for(client, "admin")
    retried = client.post(f"/v1/notifications/{row.id}/retry", headers=admin)
    assert retried.status_code == 409 and retried.json()["error"]["code"] == "no_recipient"


def test_raising_a_level_on_review_counts_the_running_deadlines_from_the_review(process_client, directory,
                                                                               service_key):
    import time_machine

    from tests.process.test_clock_walk import clocks, local

    client, agent = process_client, directory["agent"]["headers"]
    with time_machine.travel(local("2026-11-02 09:00"), tick=False):
        created = client.post("/v1/complaints", headers=service_key, json={
            "text": "手机营业厅的账单页面显示有点乱，希望优化", "channel": "app"}).json()
    with time_machine.travel(local("2026-11-04 10:00"), tick=False):
        body = client.post(f"/v1/complaints/{created['id']}/review", headers=agent, json={
            "category": "网络问题", "level": 3, "reason": "影响范围判断有误"}).json()
    due = clocks(body)
    # level 3 from the review (Wednesday 10:00): respond in 2 hours, resolve in 3 working days
    # (5, 6, 9 November) rather than from the receipt two days earlier
    assert dt.datetime.fromisoformat(due["respond"]["due_at"]) == local("2026-11-04 12:00")
    assert dt.datetime.fromisoformat(due["resolve"]["due_at"]) == local("2026-11-09 18:00")
    assert due["respond"]["state"] == "met"  # the review is the response
    with client.app.state.runtime.sessions() as session:
        told = session.scalars(select(NotificationRow).where(NotificationRow.event == "level3_intake",
                                                             NotificationRow.channel == "email"))
        assert [n.recipient for n in told] == [directory["leader"]["email"]]  # a person confirmed level 3
    with time_machine.travel(local("2026-11-04 11:00"), tick=False):
        lowered = client.post(f"/v1/complaints/{created['id']}/review", headers=agent, json={
            "category": "网络问题", "level": 1, "reason": "影响范围判断有误"}).json()
    assert "plan" in clocks(lowered) and clocks(lowered)["plan"]["state"] == "waived"


def test_customer_service_asks_another_department_for_help_on_a_level_1_complaint(process_client, directory,
                                                                                  service_key):
    import time_machine

    from tests.process.test_clock_walk import clocks, local

    client, agent = process_client, directory["agent"]["headers"]
    runtime = client.app.state.runtime
    with time_machine.travel(local("2026-11-02 09:00"), tick=False):
        created = client.post("/v1/complaints", headers=service_key, json={
            "text": "手机营业厅的账单页面显示有点乱，希望优化", "channel": "app"}).json()
        body = client.post(f"/v1/complaints/{created['id']}/review", headers=agent, json={
            "category": "业务办理问题", "level": 1, "reason": "影响范围判断有误"}).json()
        assert body["lead_department"] == "客户服务部门" and "department_assist" not in clocks(body)
        asked = client.post(f"/v1/complaints/{created['id']}/assists", headers=agent, json={
            "department": "技术部门", "note": "请核查账单页面的显示问题"})
        assert asked.status_code == 200, asked.text
        again = client.post(f"/v1/complaints/{created['id']}/assists", headers=agent, json={"department": "技术部门"})
        assert again.status_code == 409 and again.json()["error"]["code"] == "assist_open"
    assist = clocks(asked.json())["department_assist"]
    assert assist["department"] == "技术部门"
    assert dt.datetime.fromisoformat(assist["due_at"]) == local("2026-11-04 18:00")  # 2 working days
    with runtime.sessions() as session:
        [request] = session.scalars(select(NotificationRow).where(NotificationRow.event == "assist_request",
                                                                 NotificationRow.channel == "email"))
    assert request.recipient == directory["tech_head"]["email"] and "请核查账单页面" in request.body
    with time_machine.travel(local("2026-11-04 18:05"), tick=False):
        report = sweep(runtime.sessions, policy=runtime.policy, notifier=runtime.notifier,
                       secret_key=runtime.settings.secret_key, at=local("2026-11-04 18:05"))
    assert report.steps == ["ASSIST-BREACHED"]
    with runtime.sessions() as session:
        escalated = [n.recipient for n in session.scalars(select(NotificationRow).where(
            NotificationRow.event == "escalation", NotificationRow.channel == "email"))]
    assert escalated == [directory["tech_head"]["email"]]  # the department that owes the answer


def test_claim_release_and_assign(process_client, directory, service_key, auth_for):
    client = process_client
    agent, head = directory["agent"], directory["tech_head"]
    cid = client.post("/v1/complaints", headers=service_key,
                      json={"text": "宽带网速慢", "channel": "hotline"}).json()["id"]
    client.post(f"/v1/complaints/{cid}/review", headers=agent["headers"],
                json={"category": "网络问题", "level": 2, "reason": "影响范围判断有误"})
    claimed = client.post(f"/v1/complaints/{cid}/assignment", headers=agent["headers"], json={"action": "claim"})
    assert claimed.status_code == 200 and claimed.json()["assignee_id"] == agent["id"]
    mine = client.get("/v1/complaints", params={"assignee": "me"}, headers=agent["headers"]).json()
    assert [c["id"] for c in mine["items"]] == [cid]
    taken = client.post(f"/v1/complaints/{cid}/assignment", headers=directory["service_head"]["headers"],
                        json={"action": "claim"})
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "already_assigned"
    # the lead department's head reassigns; the service desk's head may not (not their department)
    refused = client.post(f"/v1/complaints/{cid}/assignment", headers=directory["service_head"]["headers"],
                          json={"action": "assign", "person_id": head["id"]})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_manager"
    moved = client.post(f"/v1/complaints/{cid}/assignment", headers=head["headers"],
                        json={"action": "assign", "person_id": head["id"]})
    assert moved.json()["assignee_id"] == head["id"]
    released = client.post(f"/v1/complaints/{cid}/assignment", headers=head["headers"], json={"action": "release"})
    assert released.json()["assignee_id"] is None
    unassigned = client.get("/v1/complaints", params={"unassigned": "true"}, headers=agent["headers"]).json()
    assert cid in [c["id"] for c in unassigned["items"]]
    history = [h for h in released.json()["history"] if h["kind"] == "assignment"]
    assert [h["data"]["action"] for h in history] == ["claim", "assign", "release"]
    no_person = client.post(f"/v1/complaints/{cid}/assignment", headers=auth_for(client, "agent"),
                            json={"action": "claim"})
    assert no_person.status_code == 403 and no_person.json()["error"]["code"] == "no_person"


def test_a_request_writing_while_the_worker_sweeps_a_backlog_does_not_stall(process_client, service_key,
                                                                            process_settings):
    """SQLite has one writer. A request that wrote (autoflushed) before taking the write gate,
    while the sweep held the gate and waited for SQLite's lock, stalled both for the busy
    timeout (15 s: bench_web's corrections). A writing transaction now takes the gate first."""
    import time

    from serving.complaints import service
    from serving.database.core import write_gate

    if not process_settings.resolved_database_url.startswith("sqlite"):
        return  # PostgreSQL has row locks, no gate
    client, runtime = process_client, process_client.app.state.runtime
    received = (dt.datetime.now(dt.UTC) - dt.timedelta(days=20)).isoformat()
    ids = [client.post("/v1/complaints", headers=service_key, json={
        "text": f"宽带网速慢（{i}）", "channel": "hotline", "received_at": received}).json()["id"] for i in range(30)]
    swept: list[float] = []

    def worker() -> None:
        started = time.perf_counter()
        sweep(runtime.sessions, policy=runtime.policy, notifier=runtime.notifier,
              secret_key=runtime.settings.secret_key, at=dt.datetime.now(dt.UTC), batch=5)
        swept.append(time.perf_counter() - started)

    with runtime.sessions() as session:
        row = service.get_or_raise(session=session, complaint_id=ids[0], for_update=True)  # takes the gate
        row.result_text = "写入中"
        session.flush()  # holds SQLite's write lock now
        thread = threading.Thread(target=worker)
        thread.start()
        time.sleep(0.5)  # the sweep now waits for the gate, not for SQLite
        started = time.perf_counter()
        with write_gate(session):
            session.commit()
        committed = time.perf_counter() - started
    thread.join(timeout=30)
    assert committed < 2.0 and swept and swept[0] < 10.0, (committed, swept)
