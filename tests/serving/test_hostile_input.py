"""Hostile input (issue 14): refused at the door with a stable code, nothing stored, nothing
personal echoed or logged, on SQLite and on PostgreSQL."""

from __future__ import annotations

import logging

import pytest

from serving.database.tables import AuditEventRow, ComplaintRow

NAME = "王\u0000小明"
TEXT = "家里宽带从昨天开始完全无法上网，要求尽快处理"


def _stored(client):
    with client.app.state.runtime.sessions() as session:
        return session.query(ComplaintRow).count(), session.query(AuditEventRow).count()


def _intake(client, auth, **body):
    payload = {"text": TEXT, "channel": "hotline", **body}
    return client.post("/v1/complaints", json=payload, headers=auth["intake"])


def test_hostile_nul_in_user_details_is_a_coded_422_and_nothing_is_stored_or_logged(client, auth, caplog):
    caplog.set_level(logging.DEBUG)
    response = _intake(client, auth, user={"name": NAME, "contact": "13812345678", "account": "GD-0001"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "nul_character"
    assert _stored(client) == (0, 0)
    assert "小明" not in response.text and "13812345678" not in response.text
    assert "小明" not in caplog.text and "13812345678" not in caplog.text


@pytest.mark.parametrize(("route", "body"), [
    ("review", {"category": "网络问题", "level": 2, "reason": "核实\u0000"}),
    ("transitions", {"to": "in_progress", "note": "已联系\u0000"}),
])
def test_hostile_nul_in_an_agents_free_text_is_refused(client, auth, route, body):
    created = _intake(client, auth).json()
    response = client.post(f"/v1/complaints/{created['id']}/{route}", json=body, headers=auth["agent"])
    assert response.status_code == 422 and response.json()["error"]["code"] == "nul_character"


@pytest.mark.parametrize("url", ["/v1/complaints/%00", "/v1/complaints?department=%00",
                                 "/v1/complaints/0123456789abcdef012345%00"])
def test_hostile_nul_in_a_path_or_query_is_a_422_not_a_500(client, auth, url):
    response = client.get(url, headers=auth["agent"])
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] in ("nul_character", "validation_error")


def test_hostile_lone_surrogate_in_intake_text_is_invalid_utf8(client, auth):
    raw = '{"text": "\\ud800宽带断网", "channel": "hotline"}'
    response = client.post("/v1/complaints", content=raw.encode(), headers={**auth["intake"],
                                                                           "Content-Type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_utf8"
    assert _stored(client) == (0, 0)


def test_hostile_errors_never_echo_the_input(client, auth):
    response = client.post("/v1/classify", json={"text": "call me 13912345678 John Smith"}, headers=auth["intake"])
    assert response.status_code == 422 and response.json()["error"]["code"] == "not_chinese"
    assert "13912345678" not in response.text and "John" not in response.text


@pytest.mark.parametrize("query", ["end=0001-01-05", "start=0001-01-01&end=0001-02-01", "start=1999-12-01"])
def test_hostile_a_report_period_before_2000_is_invalid_period(client, auth, query):
    response = client.get(f"/v1/reports/summary?{query}", headers=auth["analyst"])
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_period"


def test_hostile_an_idempotency_key_belongs_to_the_caller_that_sent_it(client, auth, keys, settings):
    from serving.auth import service
    from serving.auth.models import Role

    with client.app.state.runtime.sessions() as session:
        other = {"Authorization": "Bearer " + service.create(session=session, secret_key=settings.secret_key,
                                                              role=Role.intake).key}
    body = {"text": TEXT, "channel": "hotline"}
    first = client.post("/v1/complaints", json=body, headers={**auth["intake"], "Idempotency-Key": "k-1"})
    again = client.post("/v1/complaints", json=body, headers={**auth["intake"], "Idempotency-Key": "k-1"})
    theirs = client.post("/v1/complaints", json={**body, "text": TEXT + "。"},
                         headers={**other, "Idempotency-Key": "k-1"})
    assert (first.status_code, again.status_code, theirs.status_code) == (201, 200, 201)
    assert again.json()["id"] == first.json()["id"] != theirs.json()["id"]
    assert first.json()["id"] not in theirs.text  # nothing of the first caller's ticket leaks


def test_personal_data_in_any_free_text_is_stored_masked(client, auth):
    user = {"name": "赵六", "contact": "13700001111", "account": "GD-BB-7788"}
    created = _intake(client, auth, text=TEXT + "，我是GD-BB-7788的赵六", user=user).json()
    cid = created["id"]
    note = client.post(f"/v1/complaints/{cid}/transitions", json={"to": "routed", "note": "已回电13912345678"},
                       headers=auth["agent"])
    if note.status_code == 409:  # flagged for review first: review, then move on
        client.post(f"/v1/complaints/{cid}/review", json={}, headers=auth["agent"])
    for to in ("in_progress", "resolved"):
        client.post(f"/v1/complaints/{cid}/transitions", json={"to": to, "note": "联系139.1234.5678"},
                    headers=auth["agent"])
    with client.app.state.runtime.sessions() as session:
        row = session.get(ComplaintRow, cid)
        history = " ".join(str(e.data) for e in session.query(AuditEventRow).filter_by(complaint_id=cid))
    assert "GD-BB-7788" not in row.text_masked and "赵六" not in row.text_masked and "<ACCOUNT>" in row.text_masked
    assert "13912345678" not in history and "1234.5678" not in history and "<PHONE>" in history


CANARIES = {"name": "欧阳娜娜", "phone": "13566668888", "account": "ZJ-KD-778899", "email": "ouyang.nana@example.com",
            "id": "330106199001011234"}


def test_pii_canary_appears_nowhere_but_the_complainants_table(client, auth, caplog):
    """The whole API run with known personal strings; then every place they must not be is searched."""
    caplog.set_level(logging.DEBUG)
    c = CANARIES
    text = (f"我叫{c['name']}，手机{c['phone']}，宽带账号{c['account']}，邮箱{c['email']}，"
            f"身份证{c['id']}，宽带完全断网了")
    user = {"name": c["name"], "contact": c["phone"], "account": c["account"]}
    seen = []  # every response a non-agent key gets
    seen.append(client.post("/v1/classify", json={"text": text}, headers=auth["intake"]))
    seen.append(client.post("/v1/classify/batch", json={"items": [{"text": text}]}, headers=auth["analyst"]))
    created = client.post("/v1/complaints", json={"text": text, "channel": "email", "user": user},
                          headers=auth["intake"])
    seen.append(created)
    cid = created.json()["id"]
    agent = auth["agent"]
    client.post(f"/v1/complaints/{cid}/review", json={"category": "网络问题", "level": 3,
                                                      "reason": f"已致电{c['phone']}核实"}, headers=agent)
    for to in ("in_progress", "resolved", "result_sent"):
        client.post(f"/v1/complaints/{cid}/transitions", json={"to": to, "note": f"邮件{c['email']}"}, headers=agent)
    client.post(f"/v1/complaints/{cid}/satisfaction", json={"grade": "满意", "comment": f"联系我{c['phone']}"},
                headers=auth["intake"])
    for role in ("intake", "analyst"):
        seen.append(client.get(f"/v1/complaints/{cid}", headers=auth[role]))
        seen.append(client.get("/v1/complaints", headers=auth[role]))
    seen.append(client.get("/v1/reports/summary", headers=auth["analyst"]))
    seen.append(client.get("/v1/reports/summary.csv", headers=auth["analyst"]))
    seen.append(client.get("/metrics"))
    statuses = [(r.request.url.path, r.status_code) for r in seen]
    assert all(code in (200, 201) for _, code in statuses), statuses
    # the agent does see the complainant's details (that is their job)
    assert client.get(f"/v1/complaints/{cid}", headers=agent).json()["user"]["name"] == c["name"]

    places = {f"response {r.request.method} {r.request.url.path}": r.text for r in seen}
    places["log"] = caplog.text
    with client.app.state.runtime.sessions() as session:
        from serving.database.tables import ReviewRow

        row = session.get(ComplaintRow, cid)
        places["complaints.text_masked"] = row.text_masked
        places["complaints.suggestion/decision"] = f"{row.suggestion} {row.decision}"
        places["reviews.reason"] = " ".join(r.reason for r in session.query(ReviewRow).filter_by(complaint_id=cid))
        places["audit_events.data"] = " ".join(str(e.data) for e in session.query(AuditEventRow))
    found = {(where, kind) for where, content in places.items() for kind, value in c.items() if value in content}
    assert found == set(), found
