"""The ticket store through the API, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from serving.database.tables import AuditEventRow, ComplainantRow, ComplaintRow, ReviewRow

SEVERE = "客户来电反映家里宽带从昨天起完全无法上网，客户情绪激动，要求赔偿并表示要向工信部投诉"
MILD = "营业厅工作人员态度一般，办理业务等了很久，希望改进服务"
USER = {"name": "张三", "contact": "13812345678", "account": "GD-BB-0001"}


def intake(client, headers, text=SEVERE, key=None, **extra):
    body = {"text": text, "channel": "hotline", "user": USER, **extra}
    response = client.post("/v1/complaints", json=body,
                           headers={**headers, **({"Idempotency-Key": key} if key else {})})
    assert response.status_code in (200, 201), response.text
    return response


def rows(client, model):
    with client.app.state.runtime.sessions() as session:
        return list(session.scalars(select(model)))


def test_intake_stores_masked_text_and_user_details_apart(client, auth):
    response = intake(client, auth["intake"], text=SEVERE + "，回拨13900001111")
    assert response.status_code == 201
    body = response.json()
    assert response.headers["location"] == f"/v1/complaints/{body['id']}"
    assert body["decision"]["level"] == 3 and body["replayed"] is False
    [row] = rows(client, ComplaintRow)
    assert "13900001111" not in row.text_masked and "<PHONE>" in row.text_masked
    assert row.status == ("received" if body["decision"]["needs_review"] else "routed")
    [user] = rows(client, ComplainantRow)
    assert (user.complaint_id, user.name, user.contact) == (body["id"], "张三", "13812345678")
    kinds = [e.kind for e in rows(client, AuditEventRow)]
    assert kinds[:2] == ["intake", "decision"]


def test_personal_data_only_for_roles_that_need_it(client, auth):
    complaint_id = intake(client, auth["intake"]).json()["id"]
    for role, sees in [("agent", True), ("admin", True), ("analyst", False), ("intake", False)]:
        body = client.get(f"/v1/complaints/{complaint_id}", headers=auth[role]).json()
        assert (body["user"] == USER) is sees, role
        assert ("13812345678" in str(body)) is sees, role


def test_idempotency_key_returns_the_first_ticket(client, auth):
    first = intake(client, auth["intake"], key="req-1")
    again = intake(client, auth["intake"], key="req-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"] and again.json()["replayed"] is True
    assert len(rows(client, ComplaintRow)) == 1
    reused = client.post("/v1/complaints", json={"text": MILD, "channel": "email"},
                         headers={**auth["intake"], "Idempotency-Key": "req-1"})
    assert reused.status_code == 422 and reused.json()["error"]["code"] == "idempotency_key_reused"


def test_concurrent_retries_store_one_ticket(client, auth):
    ids, errors = [], []

    def send():
        try:
            ids.append(intake(client, auth["intake"], key="race-1").json()["id"])
        except AssertionError as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(ids)) == 1 and len(ids) == 6
    assert len(rows(client, ComplaintRow)) == 1


def test_queue_filters_sorts_and_paginates(client, auth):
    severe = intake(client, auth["intake"]).json()
    mild = intake(client, auth["intake"], text=MILD, received_at="2026-11-02T09:00:00+08:00").json()
    assert severe["decision"]["level"] > mild["decision"]["level"]
    page = client.get("/v1/complaints", headers=auth["agent"]).json()
    assert [i["id"] for i in page["items"]] == [severe["id"], mild["id"]] and page["total"] == 2
    level = mild["decision"]["level"]
    only = client.get("/v1/complaints", params={"level": level}, headers=auth["agent"]).json()
    assert [i["id"] for i in only["items"]] == [mild["id"]]
    overdue = client.get("/v1/complaints", params={"overdue": "true"}, headers=auth["agent"]).json()
    assert [i["id"] for i in overdue["items"]] == [mild["id"]]  # received in early November
    assert overdue["items"][0]["overdue"] is True
    dept = client.get("/v1/complaints", params={"department": "投诉处理领导小组"}, headers=auth["agent"]).json()
    assert [i["id"] for i in dept["items"]] == [severe["id"]]
    second = client.get("/v1/complaints", params={"limit": 1, "offset": 1}, headers=auth["agent"]).json()
    assert [i["id"] for i in second["items"]] == [mild["id"]] and second["total"] == 2
    newest = client.get("/v1/complaints", params={"sort": "received"}, headers=auth["agent"]).json()
    assert newest["items"][0]["id"] == severe["id"]


def test_correction_reroutes_and_keeps_the_label(client, auth):
    created = intake(client, auth["intake"]).json()
    before = created["decision"]
    response = client.post(f"/v1/complaints/{created['id']}/review",
                           json={"level": 2, "category": "网络问题", "reason": "用户已恢复上网，只是咨询"},
                           headers=auth["agent"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["level"], body["category"], body["reviewed"], body["status"]) == (2, "网络问题", True, "routed")
    assert body["lead_department"] == "技术部门"
    assert body["decision"]["deadlines"]["resolve"]["due"] != before["deadlines"]["resolve"]["due"]
    assert "respond" not in body["decision"]["deadlines"]
    assert body["suggestion"]["level"] == before["level"]  # the model's suggestion is kept
    [review] = body["reviews"]
    assert review["action"] == "correct" and review["suggested_level"] == 3 and review["level"] == 2
    assert review["model_version"] == created["model_version"] and review["reviewer"].startswith("key:")
    [stored] = rows(client, ReviewRow)
    assert (stored.category, stored.level, stored.reason) == ("网络问题", 2, "用户已恢复上网，只是咨询")
    assert "review" in [h["kind"] for h in body["history"]]


def test_confirmation_and_reason_rules(client, auth):
    created = intake(client, auth["intake"]).json()
    url = f"/v1/complaints/{created['id']}/review"
    missing = client.post(url, json={"level": 1}, headers=auth["agent"])
    assert missing.status_code == 422 and missing.json()["error"]["code"] == "reason_required"
    unknown = client.post(url, json={"category": "天气问题", "reason": "x"}, headers=auth["agent"])
    assert unknown.status_code == 422 and unknown.json()["error"]["code"] == "policy_invalid"
    confirmed = client.post(url, json={}, headers=auth["agent"]).json()
    assert confirmed["reviews"][-1]["action"] == "confirm" and confirmed["level"] == created["decision"]["level"]
    assert client.post(url, json={}, headers=auth["intake"]).status_code == 403


def test_life_cycle_with_illegal_moves_and_survey(client, auth):
    created = intake(client, auth["intake"]).json()
    url = f"/v1/complaints/{created['id']}"
    if created["status"] == "received":
        blocked = client.post(f"{url}/transitions", json={"to": "routed"}, headers=auth["agent"])
        assert blocked.status_code == 409 and blocked.json()["error"]["code"] == "review_required"
        client.post(f"{url}/review", json={}, headers=auth["agent"])
    illegal = client.post(f"{url}/transitions", json={"to": "closed"}, headers=auth["agent"])
    assert illegal.status_code == 409
    error = illegal.json()["error"]
    assert error["code"] == "illegal_transition" and error["details"]["allowed"] == ["in_progress", "resolved"]
    early = client.post(f"{url}/satisfaction", json={"grade": "满意"}, headers=auth["intake"])
    assert early.status_code == 409 and early.json()["error"]["code"] == "result_not_sent"
    for target in ["in_progress", "resolved"]:
        moved = client.post(f"{url}/transitions", json={"to": target}, headers=auth["agent"])
        assert moved.status_code == 200, moved.text
    silent = client.post(f"{url}/transitions", json={"to": "result_sent"}, headers=auth["agent"])
    assert silent.status_code == 422 and silent.json()["error"]["code"] == "result_required"
    moved = client.post(f"{url}/transitions", json={"to": "result_sent", "note": "已修复线路，网速恢复正常"},
                        headers=auth["agent"])
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert body["result_text"] == "已修复线路，网速恢复正常"
    assert body["resolved_at"] and body["result_sent_at"] and body["survey_due"] > body["result_sent_at"]
    surveyed = client.post(f"{url}/satisfaction", json={"grade": "不满意", "comment": "太慢"}, headers=auth["intake"])
    assert surveyed.status_code == 200 and surveyed.json()["status"] == "surveyed"
    assert surveyed.json()["satisfaction"] == "不满意"
    twice = client.post(f"{url}/satisfaction", json={"grade": "满意"}, headers=auth["intake"])
    assert twice.json()["error"]["code"] == "already_surveyed"
    # a level-3 complaint closes once the leadership group filed its special report
    blocked = client.post(f"{url}/transitions", json={"to": "closed"}, headers=auth["agent"])
    assert blocked.status_code == 409 and blocked.json()["error"]["code"] == "special_report_required"
    client.post(f"{url}/special-report", headers=auth["admin"], json={
        "investigation": "线路故障", "causes": "设备老化", "measures": "更换设备"})
    closed = client.post(f"{url}/transitions", json={"to": "closed"}, headers=auth["agent"]).json()
    reopened = client.post(f"{url}/transitions", json={"to": "in_progress", "note": "用户再次来电"},
                           headers=auth["agent"]).json()
    assert closed["status"] == "closed" and reopened["status"] == "in_progress" and reopened["resolved_at"] is None
    kinds = [h["kind"] for h in reopened["history"]]
    assert kinds.count("transition") >= 5 and kinds[-1] == "reopen" and "satisfaction" in kinds
    bad = client.post(f"{url}/satisfaction", json={"grade": "还行"}, headers=auth["intake"])
    assert bad.status_code == 422


def test_audit_trail_is_append_only_in_the_database(client, auth):
    intake(client, auth["intake"])
    engine = client.app.state.runtime.engine
    statements = ["UPDATE audit_events SET actor = 'someone'", "DELETE FROM audit_events"]
    if engine.dialect.name == "postgresql":
        statements.append("TRUNCATE audit_events CASCADE")  # SQLite has no TRUNCATE
    for statement in statements:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    assert len(rows(client, AuditEventRow)) >= 2


def test_the_sqlite_store_is_readable_by_its_owner_only(tmp_path):
    import stat

    from serving.database.migrate import upgrade

    path = tmp_path / "private" / "tousu.db"
    upgrade(f"sqlite:///{path}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for sidecar in path.parent.glob("tousu.db-*"):  # WAL and shared memory, when present
        assert stat.S_IMODE(sidecar.stat().st_mode) & 0o077 == 0


def test_received_at_is_stored_in_utc_and_read_back_aware(client, auth):
    body = intake(client, auth["intake"], text=MILD, received_at="2026-11-02T09:00:00+08:00").json()
    [row] = rows(client, ComplaintRow)
    assert row.received_at == dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.UTC)
    read = client.get(f"/v1/complaints/{body['id']}", headers=auth["analyst"]).json()
    assert dt.datetime.fromisoformat(read["received_at"]) == row.received_at


def test_a_possible_level_3_is_reviewed_before_the_other_complaints_of_its_level(client, auth, policy):
    """The risk band's flag is stored from the decision and orders the queue; a review clears it."""
    from pipeline.decision import PolicyDecision
    from serving.complaints.service import _apply_decision

    first = intake(client, auth["intake"], text=MILD).json()
    second = intake(client, auth["intake"], text=MILD + "，第二次反映").json()
    with client.app.state.runtime.sessions() as session:
        row = session.get(ComplaintRow, second["id"])
        level = row.level  # whatever the model suggested below 3: a review with no change confirms it
        assert level < 3
        banded = PolicyDecision.model_validate(row.decision).model_copy(update={
            "needs_review": True, "review_reasons": ("possible_level_3",)})
        _apply_decision(row, banded)
        row.resolve_due = row.resolve_due + dt.timedelta(days=3)  # a later deadline: only the flag puts it first
        other = session.get(ComplaintRow, first["id"])
        other.level, other.needs_review = level, True
        session.commit()
        assert row.possible_level_3
    queue = client.get("/v1/complaints", params={"level": level}, headers=auth["agent"]).json()["items"]
    assert [i["id"] for i in queue][:2] == [second["id"], first["id"]] and queue[0]["possible_level_3"]
    reviewed = client.post(f"/v1/complaints/{second['id']}/review", json={}, headers=auth["agent"])
    assert reviewed.status_code == 200, reviewed.text
    assert not rows_by_id(client, second["id"]).possible_level_3


def rows_by_id(client, complaint_id):
    with client.app.state.runtime.sessions() as session:
        return session.get(ComplaintRow, complaint_id)


def test_the_result_can_be_sent_as_fields_the_user_reads_joined(client, auth):
    created = client.post("/v1/complaints", json={"text": "家里宽带这两天晚上经常卡顿", "channel": "hotline"},
                          headers=auth["intake"]).json()
    url = f"/v1/complaints/{created['id']}"
    if created["status"] == "received":
        client.post(f"{url}/review", json={}, headers=auth["agent"])
    for target in ("in_progress", "resolved"):
        assert client.post(f"{url}/transitions", json={"to": target}, headers=auth["agent"]).status_code == 200
    empty = client.post(f"{url}/transitions", json={"to": "result_sent", "result": {"done": ""}},
                        headers=auth["agent"])
    assert empty.status_code == 422  # what was done is required
    sent = client.post(f"{url}/transitions", headers=auth["agent"], json={"to": "result_sent", "result": {
        "done": "已更换光猫，晚间网速恢复正常", "measures": "夜间扩容，有问题请拨13812345678", "apology": True}})
    assert sent.status_code == 200, sent.text
    body = sent.json()
    done, measures = "已更换光猫，晚间网速恢复正常", "夜间扩容，有问题请拨<PHONE>"  # a phone number masked
    assert body["result_text"].splitlines() == [f"处理结果：{done}", f"改进措施：{measures}",
                                                "对此给您带来的不便，我们深表歉意。"]
    [event] = [h for h in body["history"] if h["data"].get("to") == "result_sent"]
    assert event["data"]["result"] == {"done": done, "measures": measures, "apology": True}
