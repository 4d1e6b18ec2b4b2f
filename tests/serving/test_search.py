"""Finding a calling customer's complaints: ticket number, phone, account or name."""

from __future__ import annotations


def _intake(client, headers, text, user):
    answer = client.post("/v1/complaints", headers=headers, json={"text": text, "channel": "hotline", "user": user})
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_an_agent_finds_a_customers_complaints_by_phone_account_name_or_ticket(client, auth):
    first = _intake(client, auth["intake"], "宽带网速很慢",
                    {"name": "钱一", "contact": "13500001111", "account": "BB-9"})
    second = _intake(client, auth["intake"], "话费多扣了二十元", {"name": "钱一", "contact": "13500001111"})
    other = _intake(client, auth["intake"], "信号差", {"name": "孙二", "contact": "13600002222"})
    agent = auth["agent"]

    def found(q: str) -> set[str]:
        answer = client.get("/v1/complaints", params={"q": q}, headers=agent)
        assert answer.status_code == 200, answer.text
        return {c["id"] for c in answer.json()["items"]}

    assert found("13500001111") == {first["id"], second["id"]}
    assert found("135 0000-1111") == {first["id"], second["id"]}  # spaces and hyphens of a phone number
    assert found("BB-9") == {first["id"]}
    assert found("钱一") == {first["id"], second["id"]}
    assert found(other["ticket_no"]) == {other["id"]}
    assert found("1350000") == set()  # exact, not a prefix: no fishing through personal data
    # closed tickets too: the customer calling back may be about an old one
    client.post(f"/v1/complaints/{first['id']}/review", json={}, headers=agent)
    for move in ({"to": "in_progress"}, {"to": "resolved"}, {"to": "result_sent", "note": "已处理"}):
        client.post(f"/v1/complaints/{first['id']}/transitions", json=move, headers=agent)
    assert first["id"] in found("BB-9")


def test_personal_data_is_not_searchable_with_intake_or_analyst_keys(client, auth):
    _intake(client, auth["intake"], "宽带网速很慢", {"name": "钱一", "contact": "13500001111"})
    for role in ("intake", "analyst"):
        answer = client.get("/v1/complaints", params={"q": "13500001111"}, headers=auth[role])
        assert answer.status_code == 403 and answer.json()["error"]["code"] == "search_not_allowed", role
    assert client.get("/v1/complaints", params={"q": "13500001111"}, headers=auth["admin"]).json()["total"] == 1
