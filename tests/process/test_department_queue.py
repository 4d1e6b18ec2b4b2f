"""A department's queue: what it leads, and with `copied` what it is copied on and still owes."""

from __future__ import annotations

import time_machine

from tests.process.test_clock_walk import call_at, local


def _ids(client, headers, **params) -> set[str]:
    with time_machine.travel(local("2026-11-03 09:00"), tick=False):
        answer = client.get("/v1/complaints", headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    page = answer.json()
    assert (page["total"], page["total_exact"]) == (len(page["items"]), True)  # each counted once
    return {item["id"] for item in page["items"]}


def test_a_department_sees_the_complaints_it_owes_an_answer_on(process_client, directory, service_key):
    client, agent = process_client, directory["agent"]["headers"]
    lagging = call_at(client, "2026-11-02 09:00", "post", "/v1/complaints", headers=service_key,
                      json={"text": "家里宽带这两天晚上经常卡顿", "channel": "hotline"})["id"]
    call_at(client, "2026-11-02 09:05", "post", f"/v1/complaints/{lagging}/review", headers=agent,
            json={"category": "网络问题", "level": 2, "reason": "按实际影响定级"})  # 技术部门 leads; 客服 copied
    glitch = call_at(client, "2026-11-02 10:00", "post", "/v1/complaints", headers=service_key,
                     json={"text": "营业厅app账单页面显示错位", "channel": "online_chat"})["id"]
    call_at(client, "2026-11-02 10:05", "post", f"/v1/complaints/{glitch}/review", headers=agent,
            json={"category": "业务使用问题", "level": 1, "reason": "按实际影响定级"})  # customer service alone
    call_at(client, "2026-11-02 10:10", "post", f"/v1/complaints/{glitch}/assists", headers=agent,
            json={"department": "法务部门", "note": "请确认是否涉及合同条款"})

    assert lagging not in _ids(client, agent, department="客户服务部门")  # it leads the other one only
    assert _ids(client, agent, department="客户服务部门", copied="true") >= {lagging, glitch}
    assert _ids(client, agent, department="法务部门") == set()
    assert _ids(client, agent, department="法务部门", copied="true") == {glitch}
    assert lagging not in _ids(client, agent, department="法务部门", copied="true")  # not copied on it

    call_at(client, "2026-11-02 15:00", "post", f"/v1/complaints/{glitch}/deadlines/department_assist/met",
            headers=agent, json={"note": "不涉及"})
    assert _ids(client, agent, department="法务部门", copied="true") == set()  # answered: off its queue
