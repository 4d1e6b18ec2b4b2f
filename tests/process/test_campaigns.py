"""Periodic satisfaction surveys: a stratified sample invited through the outbox, answered
on the public page, results per stratum and weighted by the strata's sizes."""

from __future__ import annotations

import re

import time_machine
from sqlalchemy import select

from serving.database.tables import NotificationRow
from tests.process.test_clock_walk import call_at, local

CAMPAIGN = {"name": "2026年11月投诉处理满意度调查", "start": "2026-11-01", "end": "2026-12-01", "per_stratum": 10}


def _complaint(client, service_key, agent, when: str, contact: str, level: int) -> str:
    cid = call_at(client, when, "post", "/v1/complaints", headers=service_key,
                  json={"text": "家里宽带这两天晚上经常卡顿", "channel": "hotline", "user": {"contact": contact}})["id"]
    call_at(client, when, "post", f"/v1/complaints/{cid}/review", headers=agent,
            json={"category": "网络问题", "level": level, "reason": "按实际影响定级"})
    return cid


def _links(client) -> dict[str, str]:
    """recipient → the token of the survey link the outbox holds for them."""
    with client.app.state.runtime.sessions() as session:
        rows = session.scalars(select(NotificationRow).where(NotificationRow.event == "campaign_invite"))
        return {r.recipient: re.search(r"/s/c/([0-9a-f]{32})", r.body).group(1) for r in rows}


def test_a_campaign_samples_invites_and_weights_its_results(process_client, directory, service_key):
    client, agent, leader = process_client, directory["agent"]["headers"], directory["leader"]["headers"]
    _complaint(client, service_key, agent, "2026-11-02 09:00", "a@user.example", 2)
    _complaint(client, service_key, agent, "2026-11-03 09:00", "b@user.example", 2)
    _complaint(client, service_key, agent, "2026-11-04 09:00", "a@user.example", 2)  # a again: invited once
    _complaint(client, service_key, agent, "2026-11-05 09:00", "d@user.example", 1)
    _complaint(client, service_key, agent, "2026-11-06 09:00", "13900001111", 1)  # a phone; no SMS gateway here
    refused = None
    with time_machine.travel(local("2026-12-02 09:00"), tick=False):
        refused = client.post("/v1/surveys/campaigns", headers=agent, json=CAMPAIGN)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "leadership_only"
    campaign = call_at(client, "2026-12-02 09:00", "post", "/v1/surveys/campaigns", headers=leader, json=CAMPAIGN)
    strata = {(s["level"], s["department"]): s for s in campaign["strata"]}
    assert set(strata) == {(2, "技术部门"), (1, "客户服务部门")}
    assert (strata[2, "技术部门"]["complaints"], strata[2, "技术部门"]["invited"]) == (3, 2)  # one per contact
    assert (strata[1, "客户服务部门"]["invited"], strata[1, "客户服务部门"]["unreachable"]) == (2, 1)
    links = _links(client)
    assert set(links) == {"a@user.example", "b@user.example", "d@user.example"}

    def answer(token: str, grade: str) -> int:
        with time_machine.travel(local("2026-12-03 10:00"), tick=False):
            return client.post(f"/s/c/{token}", data={"grade": grade, "comment": "还行"}).status_code

    with time_machine.travel(local("2026-12-03 10:00"), tick=False):
        page = client.get(f"/s/c/{links['b@user.example']}")
        assert page.status_code == 200 and "2026年11月投诉处理满意度调查" in page.text
        assert client.get("/s/c/" + "0" * 32).status_code == 404
    assert answer(links["b@user.example"], "满意") == 200
    assert answer(links["a@user.example"], "不满意") == 200
    assert answer(links["d@user.example"], "非常满意") == 200
    assert answer(links["d@user.example"], "不满意") == 409  # once per invitation
    results = call_at(client, "2026-12-03 11:00", "get", f"/v1/surveys/campaigns/{campaign['id']}", headers=leader)
    strata = {(s["level"], s["department"]): s for s in results["strata"]}
    assert strata[2, "技术部门"]["satisfaction_rate"] == 0.5 and strata[2, "技术部门"]["grades"]["不满意"] == 1
    assert strata[1, "客户服务部门"]["satisfaction_rate"] == 1.0
    assert results["invited"] == 4 and results["answered"] == 3 and results["response_rate"] == 0.75
    assert results["satisfaction_rate"] == round((3 * 0.5 + 2 * 1.0) / 5, 4)  # weighted by population 3 and 2
    listed = call_at(client, "2026-12-03 11:00", "get", "/v1/surveys/campaigns", headers=agent)
    assert [c["id"] for c in listed] == [campaign["id"]]


def test_a_period_nobody_can_be_reached_in_is_refused(process_client, directory):
    with time_machine.travel(local("2026-12-02 09:00"), tick=False):
        answer = process_client.post("/v1/surveys/campaigns", headers=directory["leader"]["headers"],
                                     json={**CAMPAIGN, "start": "2026-10-01", "end": "2026-11-01"})
        bad = process_client.post("/v1/surveys/campaigns", headers=directory["leader"]["headers"],
                                  json={**CAMPAIGN, "start": "2026-12-01", "end": "2026-11-01"})
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "nobody_to_survey"
    assert bad.status_code == 422
