"""The supervision channel (监督举报): reports reach the leadership group, never the person
they name; the group investigates and concludes; the reporter follows with a reference."""

from __future__ import annotations

from sqlalchemy import select

from serving.database.tables import NotificationRow


def test_a_report_reaches_the_leadership_group_but_never_the_person_it_names(process_client, directory,
                                                                              service_key, auth_for):
    from serving.auth import service as keys
    from serving.auth.models import Role
    from serving.people import service as people
    from serving.people.models import PersonCreate

    client = process_client
    runtime = client.app.state.runtime
    with runtime.sessions() as session:  # a second leader, the one the report names
        named = people.add(session=session, policy=runtime.policy, person_in=PersonCreate(
            name="赵组员", email="named@corp.example", department="投诉处理领导小组", role="leader"))
        named_key = keys.create(session=session, secret_key=runtime.settings.secret_key, role=Role.agent,
                                person_id=named.id).key
    named_headers = {"Authorization": f"Bearer {named_key}"}
    receipt = client.post("/v1/supervision", headers=service_key, json={
        "category": "拖延", "text": "工单一直没人处理，客服说等通知，联系我13800005555",
        "contact": "13800005555", "subject_person_id": named.id})
    assert receipt.status_code == 201, receipt.text
    body = receipt.json()
    assert len(body["verification_code"]) == 6 and body["reference_no"].startswith("9")
    with runtime.sessions() as session:
        told = {n.person_id for n in session.scalars(select(NotificationRow).where(
            NotificationRow.event == "supervision_report", NotificationRow.channel == "inapp"))}
    assert told == {directory["leader"]["id"]}  # the named leader is not told
    leader = directory["leader"]["headers"]
    [listed] = client.get("/v1/supervision", headers=leader).json()
    assert "13800005555" not in listed["text_masked"] and listed["reporter_contact"] == "13800005555"
    assert client.get("/v1/supervision", headers=named_headers).json() == []
    assert client.get(f"/v1/supervision/{listed['id']}", headers=named_headers).status_code == 404
    for outsider in (directory["agent"]["headers"], auth_for(client, "analyst")):
        answer = client.get("/v1/supervision", headers=outsider)
        assert answer.status_code == 403 and answer.json()["error"]["code"] == "leadership_only"
    noted = client.post(f"/v1/supervision/{listed['id']}/notes", headers=leader, json={"note": "调阅工单记录"})
    assert noted.json()["status"] == "investigating"
    concluded = client.post(f"/v1/supervision/{listed['id']}/conclusion", headers=leader,
                            json={"conclusion": "经查属实，已督促办理并约谈相关人员", "substantiated": True})
    assert concluded.json()["status"] == "concluded"
    again = client.post(f"/v1/supervision/{listed['id']}/conclusion", headers=leader,
                        json={"conclusion": "再次", "substantiated": False})
    assert again.status_code == 409
    # the reporter follows it on the public page with the reference number and the code
    follow = client.post(f"/jd/{body['reference_no']}", data={"code": body["verification_code"]})
    assert follow.status_code == 200 and "已办结" in follow.text and "约谈相关人员" in follow.text
    wrong = "000000" if body["verification_code"] != "000000" else "111111"
    refused = client.post(f"/jd/{body['reference_no']}", data={"code": wrong})
    assert refused.status_code == 403 and "不正确" in refused.text


def test_an_anonymous_report_from_the_public_form_keeps_no_contact(process_client, directory):
    client = process_client
    form = client.get("/jd")
    assert form.status_code == 200 and "推诿" in form.text
    sent = client.post("/jd", data={"category": "敷衍", "text": "客服敷衍了事，没有解决问题",
                                    "contact": "13911112222", "anonymous": "1"})
    assert sent.status_code == 201 and "举报编号" in sent.text
    [report] = client.get("/v1/supervision", headers=directory["leader"]["headers"]).json()
    assert report["anonymous"] is True and report["reporter_contact"] is None and report["source"] == "web"
    bad = client.post("/jd", data={"category": "不存在", "text": "太短"})
    assert bad.status_code == 422


def test_the_leadership_group_works_a_report_on_its_page(process_client, directory, service_key):
    client = process_client
    client.post("/v1/supervision", headers=service_key,
                json={"category": "推诿", "text": "客服说不归他们管，让我找别人"})
    key = directory["leader"]["headers"]["Authorization"].removeprefix("Bearer ")
    assert client.post("/web/login", data={"key": key}, follow_redirects=False).status_code == 303
    listing = client.get("/web/supervision")
    assert listing.status_code == 200 and "推诿" in listing.text and "已受理" in listing.text
    report_id = listing.text.split('href="/web/supervision/')[1].split('"')[0]
    page = client.get(f"/web/supervision/{report_id}")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    client.post(f"/web/supervision/{report_id}/note", data={"csrf": csrf, "text": "已调取通话录音"})
    done = client.post(f"/web/supervision/{report_id}/conclusion",
                       data={"csrf": csrf, "text": "已核实并批评教育", "substantiated": "1"})
    assert done.status_code == 200 and "已调取通话录音" in done.text and "已核实并批评教育" in done.text
    client.cookies.clear()
    key = directory["agent"]["headers"]["Authorization"].removeprefix("Bearer ")
    client.post("/web/login", data={"key": key})
    assert client.get("/web/supervision").status_code == 403


def test_the_worker_reminds_the_leadership_group_once_of_an_overdue_report(process_client, directory,
                                                                            service_key):
    import datetime as dt

    from serving.supervision.service import remind_overdue

    client = process_client
    runtime = client.app.state.runtime
    receipt = client.post("/v1/supervision", headers=service_key,
                          json={"category": "拖延", "text": "投诉两周没有任何回复"}).json()
    due = dt.datetime.fromisoformat(receipt["feedback_due"])
    assert remind_overdue(runtime.sessions, policy=runtime.policy, notifier=runtime.notifier,
                          at=due - dt.timedelta(hours=1)) == 0
    later = due + dt.timedelta(hours=1)
    assert remind_overdue(runtime.sessions, policy=runtime.policy, notifier=runtime.notifier, at=later) == 1
    assert remind_overdue(runtime.sessions, policy=runtime.policy, notifier=runtime.notifier, at=later) == 0
    with runtime.sessions() as session:
        reminders = list(session.scalars(select(NotificationRow).where(
            NotificationRow.event == "supervision_overdue", NotificationRow.channel == "inapp")))
    assert [n.person_id for n in reminders] == [directory["leader"]["id"]]
    [report] = client.get("/v1/supervision", headers=directory["leader"]["headers"]).json()
    assert any(n.get("reminder") for n in report["notes"])  # noted on the report itself
