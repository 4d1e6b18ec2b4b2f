"""Performance figures per department and person, checked against a hand-computed month."""

from __future__ import annotations

import time_machine

from tests.process.test_clock_walk import call_at, local


def test_the_figures_of_a_month_match_the_hand_computed_ones(process_client, directory, service_key, auth_for):
    client = process_client
    agent = directory["agent"]

    def at(when: str, method: str, path: str, **kwargs):
        return call_at(client, when, method, path, **kwargs)

    created = at("2026-11-02 09:00", "post", "/v1/complaints", headers=service_key,
                 json={"text": "家里宽带这两天晚上经常卡顿", "channel": "hotline"})
    cid = created["id"]
    reviewed = at("2026-11-02 09:05", "post", f"/v1/complaints/{cid}/review", headers=agent["headers"],
                  json={"category": "网络问题", "level": 2, "reason": "影响范围判断有误"})
    corrected = int(reviewed["reviews"][-1]["action"] == "correct")
    at("2026-11-02 09:06", "post", f"/v1/complaints/{cid}/assignment", headers=agent["headers"],
       json={"action": "claim"})
    # plan due 3 Nov 18:00, met on time; the copied 客户服务部门's assist (due 3 Nov) only met by
    # the resolve on 10 Nov; resolve due 9 Nov 18:00, met a day late; survey answered in time
    at("2026-11-03 10:00", "post", f"/v1/complaints/{cid}/deadlines/plan/met", headers=agent["headers"], json={})
    at("2026-11-10 09:00", "post", f"/v1/complaints/{cid}/transitions", headers=agent["headers"],
       json={"to": "in_progress"})
    at("2026-11-10 10:00", "post", f"/v1/complaints/{cid}/transitions", headers=agent["headers"],
       json={"to": "resolved"})
    at("2026-11-10 11:00", "post", f"/v1/complaints/{cid}/transitions", headers=agent["headers"],
       json={"to": "result_sent", "note": "已修复"})
    at("2026-11-11 15:00", "post", f"/v1/complaints/{cid}/satisfaction", headers=agent["headers"],
       json={"grade": "满意", "method": "phone"})
    analyst = auth_for(client, "analyst")
    with time_machine.travel(local("2026-11-30 12:00"), tick=False):
        figures = client.get("/v1/reports/performance", params={"start": "2026-11-01", "end": "2026-12-01"},
                             headers=analyst).json()
    rows = {r["key"]: r for r in figures["rows"]}
    tech = rows["技术部门"]
    assert tech["handled"] == 1 and tech["corrections"] == corrected
    assert {k: (v["on_time"], v["late"]) for k, v in tech["on_time"].items()} == {
        "plan": (1, 0), "resolve": (0, 1), "survey": (1, 0)}
    assert tech["breaches"] == 1 and tech["median_hours_to_resolve"] == 193.0  # 2 Nov 09:00 → 10 Nov 10:00
    assert (tech["satisfaction_rate"], tech["surveyed"], tech["satisfaction"]["满意"]) == (1.0, 1, 1)
    service_desk = rows["客户服务部门"]  # measured on the assist deadline it owed
    assert service_desk["handled"] == 0 and service_desk["on_time"] == {
        "department_assist": {"on_time": 0, "late": 1, "rate": 0.0}} and service_desk["breaches"] == 1
    # people: analysts may not; a person sees their own row; the leadership group everyone's
    refused = client.get("/v1/reports/performance", params={"by": "person"}, headers=analyst)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "people_figures_not_allowed"
    params = {"by": "person", "start": "2026-11-01", "end": "2026-12-01"}
    with time_machine.travel(local("2026-11-30 12:00"), tick=False):
        own = client.get("/v1/reports/performance", params=params, headers=agent["headers"]).json()
        other = client.get("/v1/reports/performance", params=params, headers=directory["tech_head"]["headers"]).json()
        everyone = client.get("/v1/reports/performance", params=params, headers=directory["leader"]["headers"]).json()
    assert [r["key"] for r in own["rows"]] == [agent["id"]] and own["rows"][0]["handled"] == 1
    assert other["rows"] == []  # the agent is not in the technical department
    assert [r["key"] for r in everyone["rows"]] == [agent["id"]]


def test_a_department_below_target_for_three_months_is_long_below_target(process_client, directory, service_key,
                                                                        auth_for):
    client, agent = process_client, directory["agent"]["headers"]

    def late_resolve(received: str, resolved: str) -> None:
        with time_machine.travel(local(received), tick=False):
            cid = client.post("/v1/complaints", headers=service_key,
                              json={"text": "宽带网速慢", "channel": "hotline"}).json()["id"]
            client.post(f"/v1/complaints/{cid}/review", headers=agent,
                        json={"category": "网络问题", "level": 1, "reason": "影响范围判断有误"})
        with time_machine.travel(local(resolved), tick=False):
            assert client.post(f"/v1/complaints/{cid}/transitions", headers=agent,
                               json={"to": "resolved"}).status_code == 200

    # level 1 (5 working days) resolved three weeks later, in September, October and November
    for received, resolved in (("2026-09-01 10:00", "2026-09-22 10:00"), ("2026-10-12 10:00", "2026-10-30 10:00"),
                               ("2026-11-02 10:00", "2026-11-25 10:00")):
        late_resolve(received, resolved)
    analyst = auth_for(client, "analyst")
    with time_machine.travel(local("2026-12-02 09:00"), tick=False):
        report = client.get("/v1/reports/targets", params={"month": "2026-11"}, headers=analyst).json()
        default = client.get("/v1/reports/targets", headers=analyst).json()
        october = client.get("/v1/reports/targets", params={"month": "2026-10"}, headers=analyst).json()
    assert default["month"] == "2026-11"  # the last full month
    [resolve] = [b for b in report["below"] if b["measure"] == "on_time.resolve"]
    # level 1 is led by customer service
    assert (resolve["key"], resolve["value"], resolve["n"], resolve["months_below"], resolve["long"]) == (
        "客户服务部门", 0.0, 1, 3, True)
    [earlier] = [b for b in october["below"] if b["measure"] == "on_time.resolve"]
    assert (earlier["months_below"], earlier["long"]) == (2, False)
    key = analyst["Authorization"].removeprefix("Bearer ")
    with time_machine.travel(local("2026-12-02 09:00"), tick=False):
        client.post("/web/login", data={"key": key})
        page = client.get("/web/leadership", params={"start": "2026-09-01", "end": "2026-12-01"}).text
    targets = page.split('id="targets"')[1].split("</section>")[0]
    assert "客户服务部门" in targets and "处理时限及时率" in targets and "长期不达标" in targets
    assert 'id="departments"' in page
    # the worker's monthly notice: the leadership group and the department's head, once
    from sqlalchemy import select

    from serving.database.tables import NotificationRow
    from serving.performance.notices import notify_long_below_target

    runtime = client.app.state.runtime
    for _ in range(2):  # a second worker (or a restart) writes nothing more
        notify_long_below_target(runtime.sessions, policy=runtime.policy, notifier=runtime.notifier,
                                 at=local("2026-12-02 09:00"))
    with runtime.sessions() as session:
        notices = list(session.scalars(select(NotificationRow).where(NotificationRow.event == "long_below_target")))
    inapp = {n.person_id for n in notices if n.channel == "inapp"}
    assert inapp == {directory["leader"]["id"], directory["service_head"]["id"]}
    assert len(notices) == len({n.id for n in notices}) == 4  # in-app and e-mail for each, once
    assert "客户服务部门" in notices[0].body and "连续 3 个月" in notices[0].body
