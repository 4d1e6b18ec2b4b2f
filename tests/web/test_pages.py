"""The web pages without a browser: sign-in, roles, CSRF, personal data, CSV."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
TEXT = "客户来电反映宽带完全无法上网，要求赔偿，并表示要向工信部投诉"


def _login(client, key):
    response = client.post("/web/login", data={"key": key}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response


def test_sign_in_sends_each_role_home(client, keys):
    assert _login(client, keys["agent"]).headers["location"] == "/web/queue"
    cookie = client.cookies.get("tousu_session")
    assert cookie and keys["agent"] not in cookie  # the cookie never holds the key
    client.cookies.clear()
    assert _login(client, keys["analyst"]).headers["location"] == "/web/leadership"


def test_bad_key_and_intake_keys_cannot_sign_in(client, keys):
    assert client.post("/web/login", data={"key": "tsk_no_such"}).status_code == 401
    response = client.post("/web/login", data={"key": keys["intake"]})
    assert response.status_code == 401 and "接入系统" in response.text


def test_pages_need_sign_in_and_the_right_role(client, keys):
    response = client.get("/web/queue", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/web/login")
    _login(client, keys["analyst"])
    assert client.get("/web/queue").status_code == 200  # analysts drill down: no personal data, no actions
    assert client.get("/web/queue", params={"q": "13800000000"}).status_code == 403
    assert client.get("/web/leadership").status_code == 200
    client.cookies.clear()
    _login(client, keys["agent"])
    assert client.get("/web/leadership").status_code == 403


def test_a_tampered_or_revoked_session_is_refused(client, keys, settings):
    from serving.auth import service

    _login(client, keys["agent"])
    cookie = client.cookies.get("tousu_session")
    client.cookies.clear()  # one cookie of that name in the jar, not two
    # the first character carries six bits of the signed payload (a last base64 character may
    # hold only padding bits, which decode alike)
    client.cookies.set("tousu_session", ("B" if cookie[0] != "B" else "C") + cookie[1:])
    assert client.get("/web/queue", follow_redirects=False).status_code == 303
    client.cookies.clear()
    client.cookies.set("tousu_session", cookie)
    assert client.get("/web/queue").status_code == 200
    with client.app.state.runtime.sessions() as session:
        service.revoke(session=session, key_id=keys["agent"].split("_")[1])
    assert client.get("/web/queue", follow_redirects=False).status_code == 303


def test_review_form_needs_the_csrf_token_and_updates_the_complaint(client, keys, auth):
    created = client.post("/v1/complaints", json={"text": TEXT, "channel": "hotline",
                                                  "user": {"name": "李四", "contact": "13700001111"}},
                          headers=auth["intake"]).json()
    _login(client, keys["agent"])
    page = client.get(f"/web/complaints/{created['id']}")
    assert page.status_code == 200 and "李四" in page.text
    assert "<sup>业务中断</sup>" in page.text and 'title="impact.interrupted"' in page.text  # shown in Chinese
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    url = f"/web/complaints/{created['id']}/review"
    form = {"action": "correct", "category": "网络问题", "level": "2", "reason": "影响范围判断有误"}
    assert client.post(url, data=form).status_code == 403  # no token
    response = client.post(url, data={**form, "csrf": csrf}, follow_redirects=False)
    assert response.status_code == 303 and f"done={created['id']}" in response.headers["location"]
    stored = client.get(f"/v1/complaints/{created['id']}", headers=auth["agent"]).json()
    assert stored["level"] == 2 and stored["reviews"][-1]["reason"] == "影响范围判断有误"


def test_leadership_page_has_charts_and_csv(client, keys, auth):
    client.post("/v1/complaints", json={"text": TEXT, "channel": "hotline"}, headers=auth["intake"])
    _login(client, keys["analyst"])
    page = client.get("/web/leadership")
    assert page.text.count('<svg class="chart"') == 7 and 'id="total">1<' in page.text
    csv = client.get("/web/leadership.csv")
    assert csv.headers["content-type"].startswith("text/csv") and "按等级,3,件数,1" in csv.text
    assert csv.content.startswith("\ufeff".encode()) and csv.text.lstrip("\ufeff").startswith("分类,项目,指标,数值")
    api = client.get("/v1/reports/summary", headers=auth["analyst"]).json()
    assert api["total"] == 1 and api["by_level"]["3"] == 1
    assert client.get("/v1/reports/summary", params={"start": "2026-02-01", "end": "2026-01-01"},
                      headers=auth["analyst"]).json()["error"]["code"] == "invalid_period"


def test_web_errors_are_pages(client, keys, auth):
    _login(client, keys["agent"])
    missing = client.get("/web/complaints/nosuchcomplaint")
    assert missing.status_code == 404 and "无法访问" in missing.text and "nosuchcomplaint" in missing.text
    created = client.post("/v1/complaints", json={"text": TEXT, "channel": "hotline"}, headers=auth["intake"]).json()
    page = client.get(f"/web/complaints/{created['id']}")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    wrong = client.post(f"/web/complaints/{created['id']}/review",
                        data={"csrf": csrf, "action": "correct", "category": "天气问题", "level": "2", "reason": "x"})
    assert wrong.status_code == 422 and "天气问题" in wrong.text


def test_correction_reasons_come_from_the_policy(client, keys, auth):
    runtime = client.app.state.runtime
    created = client.post("/v1/complaints", json={"text": TEXT, "channel": "hotline"}, headers=auth["intake"]).json()
    _login(client, keys["agent"])
    page = client.get(f"/web/complaints/{created['id']}").text
    assert all(f"<option>{r}</option>" in page for r in runtime.policy.correction_reasons)
    runtime.policy = runtime.policy.model_copy(update={"correction_reasons": ("公司自定原因",)})
    page = client.get(f"/web/complaints/{created['id']}").text
    assert "<option>公司自定原因</option>" in page and "<option>重复投诉</option>" not in page


def test_logging_out_ends_the_session_for_every_copy_of_the_cookie(client, keys):
    _login(client, keys["agent"])
    copied = client.cookies.get("tousu_session")
    assert client.get("/web/queue").status_code == 200
    client.post("/web/logout", follow_redirects=False)
    client.cookies.clear()
    client.cookies.set("tousu_session", copied)  # someone kept a copy
    answer = client.get("/web/queue", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/web/login")


def test_every_answer_carries_the_security_headers_and_pages_are_not_cached(client, keys, auth):
    _login(client, keys["agent"])
    for path in ("/web/queue", "/v1/complaints", "/healthz", "/t/2611300000000"):
        headers = client.get(path, headers=auth["agent"] if path.startswith("/v1") else {}).headers
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert "script-src 'self';" in headers["content-security-policy"], path
        assert headers["cache-control"] == "no-store", path
    assert "cache-control" not in client.get("/web/static/style.css").headers


def test_the_root_leads_to_the_pages_and_the_api_docs_work_offline(client):
    assert client.get("/", follow_redirects=False).headers["location"] == "/web"
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/docs/static/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower().replace("/docs/static", "")
    assert client.get("/docs/static/swagger-ui-bundle.js").status_code == 200
    assert client.get("/docs/static/swagger-ui.css").status_code == 200


def test_an_analyst_reads_a_complaint_without_personal_data_or_actions(client, keys, auth):
    created = client.post("/v1/complaints", headers=auth["intake"], json={
        "text": TEXT, "channel": "hotline", "user": {"name": "冯十二", "contact": "13811119999"}}).json()
    _login(client, keys["analyst"])
    page = client.get(f"/web/complaints/{created['id']}")
    assert page.status_code == 200 and created["ticket_no"] in page.text
    assert "13811119999" not in page.text and "冯十二" not in page.text
    assert 'id="work"' not in page.text and 'id="confirm"' not in page.text
    client.cookies.clear()
    _login(client, keys["agent"])
    page = client.get(f"/web/complaints/{created['id']}")
    assert "13811119999" in page.text and 'id="work"' in page.text


def test_the_complainants_other_complaints_are_linked_on_the_page(client, keys, auth):
    user = {"name": "褚十三", "contact": "13822223333", "account": "BB-55"}
    first = client.post("/v1/complaints", headers=auth["intake"],
                        json={"text": "宽带网速慢", "channel": "hotline", "user": user}).json()
    second = client.post("/v1/complaints", headers=auth["intake"],
                         json={"text": "宽带又断了", "channel": "app", "user": {**user, "account": None}}).json()
    client.post("/v1/complaints", headers=auth["intake"],
                json={"text": "话费问题", "channel": "app", "user": {"contact": "13900000000"}})
    _login(client, keys["agent"])
    page = client.get(f"/web/complaints/{second['id']}").text
    assert 'id="related"' in page and first["ticket_no"] in page and "其他投诉（1）" in page
    client.cookies.clear()
    _login(client, keys["analyst"])
    assert 'id="related"' not in client.get(f"/web/complaints/{second['id']}").text  # linked by personal data


def test_the_leadership_page_has_headline_figures_drill_down_and_an_excel_export(client, keys, auth):
    import io

    from openpyxl import load_workbook

    created = client.post("/v1/complaints", headers=auth["intake"], json={"text": TEXT, "channel": "hotline"}).json()
    _login(client, keys["analyst"])
    page = client.get("/web/leadership").text
    assert 'id="satisfaction-rate"' in page and 'id="on-time-rate"' in page and "n=" in page
    import re

    level = created["decision"]["level"]
    [drill] = [h.replace("&amp;", "&") for h in re.findall(r'<a href="([^"]+)" class="drill">', page)
               if h.endswith(f"level={level}")]
    assert drill.startswith("/web/queue?start=")
    listed = client.get(drill)
    assert listed.status_code == 200 and created["ticket_no"] in listed.text
    workbook = client.get("/web/leadership.xlsx")
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("分类", "项目", "指标", "数值") and ("投诉总量", None, "件数", 1) in rows
    api = client.get("/v1/reports/summary.xlsx", headers=auth["analyst"])
    assert api.status_code == 200 and api.content[:2] == b"PK"


def test_the_leadership_page_links_the_monthly_report_and_lists_campaigns(client, keys, auth):
    import datetime as dt
    import re

    _login(client, keys["analyst"])
    page = client.get("/web/leadership").text
    assert 'id="campaigns"' in page and "尚无专项调查" in page
    [month] = re.findall(r'href="/web/monthly\.pdf\?month=(\d{4}-\d{2})"', page)
    today = dt.datetime.now(client.app.state.runtime.policy.zone).date()  # the policy's day, as the page
    assert month == (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")  # the last full month
    pdf = client.get(f"/web/monthly.pdf?month={month}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    html = client.get(f"/web/monthly.html?month={month}")
    assert html.status_code == 200 and f"投诉处理监督月报 {month}" in html.text
    assert client.get("/web/monthly.pdf?month=2026-13").status_code == 422


def test_a_departments_queue_can_include_what_it_is_copied_on(client, keys, auth):
    created = client.post("/v1/complaints", headers=auth["intake"], json={"text": TEXT, "channel": "hotline"}).json()
    copied = created["decision"]["cc_departments"]
    assert copied, "the grade routes the complaint with copied departments"
    _login(client, keys["agent"])
    narrow = client.get("/web/queue", params={"department": copied[-1]}).text
    wide = client.get("/web/queue", params={"department": copied[-1], "copied": "true"})
    assert created["ticket_no"] not in narrow
    assert wide.status_code == 200 and created["ticket_no"] in wide.text and f"{copied[-1]}协办" in wide.text
    assert 'name="copied" value="true" checked' in wide.text


def test_a_form_sent_after_the_session_ended_survives_the_login(client, keys, auth):
    created = client.post("/v1/complaints", json={"text": TEXT, "channel": "hotline"}, headers=auth["intake"]).json()
    _login(client, keys["agent"])
    page = client.get(f"/web/complaints/{created['id']}")
    csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
    url = f"/web/complaints/{created['id']}/review"
    typed = {"action": "correct", "category": "网络问题", "level": "2", "reason": "影响范围判断有误"}
    from sqlalchemy import delete

    from serving.database.tables import WebSessionRow

    with client.app.state.runtime.sessions() as session:  # the server ends every session (expiry, logout …)
        session.execute(delete(WebSessionRow))
        session.commit()
    refused = client.post(url, data={**typed, "csrf": csrf}, follow_redirects=False)
    assert refused.status_code == 401 and "您填写的内容已保留" in refused.text
    assert 'name="resume:reason" value="影响范围判断有误"' in refused.text and "resume:csrf" not in refused.text
    kept = {f"resume:{k}": v for k, v in typed.items()}
    wrong = client.post("/web/login", data={"key": "tsu_wrong", "next": url, **kept})
    assert wrong.status_code == 401 and 'name="resume:reason"' in wrong.text  # a mistyped key keeps it too
    resumed = client.post("/web/login", data={"key": keys["agent"], "next": url, **kept}, follow_redirects=False)
    assert resumed.status_code == 200 and "继续提交" in resumed.text and "影响范围判断有误" in resumed.text
    stored = client.get(f"/v1/complaints/{created['id']}", headers=auth["agent"]).json()
    assert stored["reviews"] == []  # nothing is sent until the agent says so
    fresh = resumed.text.split('name="csrf" value="')[1].split('"')[0]
    sent = client.post(url, data={**typed, "csrf": fresh}, follow_redirects=False)
    assert sent.status_code == 303
    stored = client.get(f"/v1/complaints/{created['id']}", headers=auth["agent"]).json()
    assert stored["level"] == 2 and stored["reviews"][-1]["reason"] == "影响范围判断有误"


def test_a_queue_past_the_counted_total_says_so_and_pages_on(client, keys, auth, monkeypatch):
    from serving.complaints import service as complaints

    monkeypatch.setattr(complaints, "COUNT_CAP", 2)  # 10,000 in the service: three complaints exceed 2
    for n in range(3):
        assert client.post("/v1/complaints", headers=auth["intake"],
                           json={"text": f"宽带第{n + 1}次断网，要求尽快修复", "channel": "hotline"}).status_code == 201
    first = client.get("/v1/complaints", params={"limit": 2}, headers=auth["agent"]).json()
    assert (first["total"], first["total_exact"], len(first["items"])) == (2, False, 2)
    last = client.get("/v1/complaints", params={"limit": 2, "offset": 2}, headers=auth["agent"]).json()
    assert len(last["items"]) == 1  # the third is there, past the count
    monkeypatch.setattr(complaints, "COUNT_CAP", 3)
    exact = client.get("/v1/complaints", headers=auth["agent"]).json()
    assert (exact["total"], exact["total_exact"]) == (3, True)
    monkeypatch.setattr(complaints, "COUNT_CAP", 2)
    _login(client, keys["agent"])
    page = client.get("/web/queue").text
    assert "共 2+ 条" in page


def test_the_precedents_are_named_and_linked_on_the_page(client, keys, auth, settings, starter_records, tmp_path):
    """A bundle with precedents: the page lists the confirmed complaints most like this one, linked
    where the store holds them, and says in Chinese what they did."""
    from fastapi.testclient import TestClient

    from models.grader import Grader
    from serving.main import create_app
    from training.config import TrainConfig
    from training.train import train

    text = "我打了十几次电话都没人管，问题拖了一个多月还没解决"
    earlier = client.post("/v1/complaints", headers=auth["intake"], json={"text": text, "channel": "hotline"}).json()
    confirmed = [{"id": earlier["id"], "text": text, "category": "服务问题", "severity": 3},
                 {"id": "FILE-7", "text": "打了好多次电话，每次都说马上处理，一个月了还没解决", "category": "服务问题",
                  "severity": 3}]
    records = [{"text": r["text"], "category": r["category"], "severity": r["severity"]} for r in starter_records]
    bundle, _ = train(records, tmp_path / "with-precedents", config=TrainConfig(), data_sha256="t",
                      precedent_records=confirmed)
    with TestClient(create_app(settings, grader=Grader(bundle))) as second:
        later = second.post("/v1/complaints", headers=auth["intake"], json={
            "text": "电话打了好多回，每次都说马上处理，一个月了还没解决", "channel": "hotline"}).json()
        stored = second.get(f"/v1/complaints/{later['id']}", headers=auth["agent"]).json()
        assert {p["id"] for p in stored["suggestion"]["precedents"]} == {earlier["id"], "FILE-7"}
        _login(second, keys["agent"])
        page = second.get(f"/web/complaints/{later['id']}").text
    assert 'id="precedents"' in page
    assert f'href="/web/complaints/{earlier["id"]}"' in page and earlier["ticket_no"] in page  # stored: linked
    assert "FILE-7" in page and 'href="/web/complaints/FILE-7"' not in page  # from a file: named only
    assert "PRECEDENTS-LEVEL-3" in page and "优先复核（疑似三级）" in page and "疑似三级" in page
