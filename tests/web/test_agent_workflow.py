"""An agent works a ticket end to end in headless Chromium against a real ``tousu serve``:
finds the calling customer by phone, reviews, moves the ticket to the result with the
result's text, records a phone survey, asks another department for help on another
ticket; every page is in Chinese (no status or deadline code shown)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.live_server import api as _api
from tests.live_server import live_server

pytestmark = pytest.mark.slow
CODES = ("in_progress", "result_sent", "department_assist", "respond", "low_category_confidence", "routed")



def test_an_agent_finds_the_caller_and_works_the_ticket_to_the_survey(browser, tmp_path, starter_bundle):
    shots = Path(os.environ["TOUSU_SCREENSHOTS"]) if os.environ.get("TOUSU_SCREENSHOTS") else None
    with live_server(data_dir=tmp_path, model_dir=starter_bundle.path, workers=1) as server:
        intake, agent = server.create_key("intake"), server.create_key("agent")
        mine = _api(server.url, intake, "/v1/complaints", {
            "text": "家里宽带这两天晚上经常卡顿，看视频一直缓冲", "channel": "hotline",
            "user": {"name": "郑十", "contact": "13744445555", "account": "BB-3030"}})
        other = _api(server.url, intake, "/v1/complaints", {"text": "营业厅排队太久", "channel": "in_person",
                                                             "user": {"name": "王十一", "contact": "13900009999"}})
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(server.url + "/")
        page.fill("#key", agent)
        page.click("button[type=submit]")
        page.wait_for_url("**/web/queue")
        queue_text = page.inner_text("main")
        assert not [code for code in CODES if code in queue_text], queue_text
        if shots:
            page.screenshot(path=str(shots / "queue.png"))

        page.fill("#q", "137 4444 5555")  # the customer calls back and gives the phone number
        page.press("#q", "Enter")
        page.wait_for_url("**q=*")
        rows = page.locator("table.queue tr.row")
        assert rows.count() == 1 and mine["ticket_no"] in rows.first.inner_text()
        rows.first.click()
        page.wait_for_url(f"**/web/complaints/{mine['id']}")
        assert page.inner_text("#ticket-no") == mine["ticket_no"]
        assert "1级" in page.inner_text("#level-scores") and "3级" in page.inner_text("#level-scores")
        if page.locator("#confirm").count():
            page.click("#confirm")
            page.goto(f"{server.url}/web/complaints/{mine['id']}")

        for to in ("in_progress", "resolved"):
            page.click(f"form.move[data-to={to}] button")
            page.wait_for_load_state()
            assert page.locator("#saved").count(), page.inner_text("main")[:500]
        page.fill("#result-text", "已更换光猫，晚间网速恢复正常。")
        page.fill("#result-measures", "小区夜间扩容")
        page.check("#result-apology")
        page.click("form.move[data-to=result_sent] button")
        page.wait_for_selector("#saved")
        assert page.inner_text("#status") == "已反馈结果"
        told = page.inner_text("#result").splitlines()  # the fields, joined as the user reads them
        assert told == ["处理结果：已更换光猫，晚间网速恢复正常。", "改进措施：小区夜间扩容",
                        "对此给您带来的不便，我们深表歉意。"]
        page.select_option("#survey-grade", "满意")
        page.click("#survey-form button")
        page.wait_for_selector("#saved")
        assert page.inner_text("#satisfaction") == "满意" and "电话" in page.inner_text("main")
        history = page.inner_text("#history")
        assert "处理中" in history and "满意度回访" in history and "{" not in history
        if shots:
            page.screenshot(path=str(shots / "complaint.png"), full_page=True)
        stored = _api(server.url, agent, f"/v1/complaints/{mine['id']}")
        assert (stored["status"], stored["satisfaction"], stored["survey_method"]) == ("surveyed", "满意", "phone")
        assert {d["kind"]: d["state"] for d in stored["deadlines"]}["survey"] == "met"

        # a level-1 ticket customer service resolves alone, asking the technical department for help
        _api(server.url, agent, f"/v1/complaints/{other['id']}/review",
             {"category": "服务问题", "level": 1, "reason": "影响范围判断有误"})
        page.goto(f"{server.url}/web/complaints/{other['id']}")
        page.select_option("#assist-form select[name=department]", "技术部门")
        page.fill("#assist-form input[name=note]", "请协助核查线路")
        page.click("#assist-form button")
        page.wait_for_load_state()
        assert page.locator("#saved").count(), page.inner_text("main")[:600]
        assert "协办时限（技术部门）" in page.inner_text("#deadlines")
        page.close()


def test_the_queue_fits_a_phone_without_sideways_scrolling(browser, tmp_path, starter_bundle):
    with live_server(data_dir=tmp_path, model_dir=starter_bundle.path, workers=1) as server:
        intake, agent = server.create_key("intake"), server.create_key("agent")
        for text in ("宽带完全无法上网，要求赔偿", "话费多扣了二十元", "信号差经常断线"):
            _api(server.url, intake, "/v1/complaints", {"text": text, "channel": "app"})
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(server.url + "/web/login")
        page.fill("#key", agent)
        page.click("button[type=submit]")
        page.wait_for_url("**/web/queue")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width} px wide on a 390 px screen"
        page.locator("table.queue tr.row").first.click()
        page.wait_for_url("**/web/complaints/*")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the complaint page is {width} px wide on a 390 px screen"
        page.close()


def test_a_leader_records_the_meeting_plan_and_report_and_prints_the_report(browser, tmp_path, starter_bundle):
    import subprocess

    from tests.live_server import TOUSU

    with live_server(data_dir=tmp_path, model_dir=starter_bundle.path, workers=1) as server:
        intake = server.create_key("intake")
        person = json.loads(subprocess.run(
            [str(TOUSU), "people", "add", "--name", "刘组长", "--department", "投诉处理领导小组", "--role", "leader"],
            env=server.env, check=True, capture_output=True, text=True).stdout)
        leader = subprocess.run([str(TOUSU), "keys", "create", "--role", "agent", "--person", person["id"]],
                                env=server.env, check=True, capture_output=True, text=True).stdout.strip()
        severe = _api(server.url, intake, "/v1/complaints", {"text": "宽带完全无法上网两天，我要向工信部投诉",
                                                             "channel": "hotline"})
        assert severe["decision"]["level"] == 3
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(server.url + "/web/login")
        page.fill("#key", leader)
        page.click("button[type=submit]")
        page.goto(f"{server.url}/web/complaints/{severe['id']}")
        page.fill("#meeting-form input[name=held_at]", "2026-11-30T10:00")
        page.fill("#meeting-form input[name=attendees]", "刘组长、王主任")
        page.fill("#meeting-form textarea[name=text]", "技术部门当日抢修，客服每两小时回电")
        page.click("#meeting-form button")
        page.wait_for_selector("#saved")
        page.fill("#plan-form textarea[name=text]", "更换故障光缆，恢复后连续三天回访")
        page.click("#plan-form button")
        page.wait_for_selector("#saved")
        page.fill("#report-form textarea[name=text]", "施工挖断光缆，影响小区三百户")
        page.fill("#report-form textarea[name=causes]", "施工未报备")
        page.fill("#report-form textarea[name=measures]", "建立施工报备与巡检机制")
        page.click("#report-form button")
        page.wait_for_selector("#saved")
        assert "专项报告 已提交" in page.inner_text("#level3")
        page.click("#report-link")
        page.wait_for_url("**/report")
        text = page.inner_text("article.report")
        assert "刘组长、王主任" in text and "更换故障光缆" in text and "施工未报备" in text
        pdf = page.pdf(format="A4")  # prints as a document
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        page.close()
