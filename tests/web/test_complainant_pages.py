"""The complainant's side in headless Chromium against a real ``tousu serve``: the
in-process worker sends the 受理 SMS through the webhook, the user follows the ticket
with the code, reads the result and answers the questionnaire.

With ``TOUSU_SCREENSHOTS=DIR`` the pages are saved there (the README's screenshots)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from serving.clocks.sweep import survey_token
from tests.live_server import api as _api
from tests.live_server import live_server
from tests.process.peers import WebhookReceiver

pytestmark = pytest.mark.slow
SECRET = "live-server-secret-0123456789"  # tests/live_server.py
WEBHOOK_SECRET = "webhook-secret-for-the-live-test"



def test_the_complainant_follows_the_ticket_and_answers_the_survey(browser, tmp_path, starter_bundle, monkeypatch):
    receiver = WebhookReceiver(secret=WEBHOOK_SECRET)
    hook, hook_url = receiver.serve()
    monkeypatch.setenv("TOUSU_WEBHOOK_URL", hook_url)
    monkeypatch.setenv("TOUSU_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setenv("TOUSU_WORKER_POLL_SECONDS", "0.5")
    shots = Path(os.environ["TOUSU_SCREENSHOTS"]) if os.environ.get("TOUSU_SCREENSHOTS") else None
    try:
        with live_server(data_dir=tmp_path, model_dir=starter_bundle.path, workers=1) as server:
            intake, agent = server.create_key("intake"), server.create_key("agent")
            created = _api(server.url, intake, "/v1/complaints", {
                "text": "家里宽带这两天晚上经常卡顿，看视频一直缓冲", "channel": "hotline",
                "user": {"name": "吴九", "contact": "13622223333"}})
            ticket_no, code = created["ticket_no"], created["verification_code"]
            deadline = time.monotonic() + 20
            while not receiver.accepted() and time.monotonic() < deadline:
                time.sleep(0.1)
            [sms] = receiver.accepted()  # delivered by the worker running inside `tousu serve`
            assert sms["body"]["to"] == "13622223333" and ticket_no in sms["body"]["text"]

            page = browser.new_page(viewport={"width": 420, "height": 760})
            page.goto(f"{server.url}/t/{ticket_no}")
            page.fill("input[name=code]", code)
            page.click("button[type=submit]")
            assert page.inner_text("[data-field=status]") in ("已受理", "已转交责任部门")
            assert "处理完成期限" in page.inner_text("main")
            if shots:
                page.screenshot(path=str(shots / "complainant-ticket.png"), full_page=True)

            cid = created["id"]
            if created["status"] == "received":
                _api(server.url, agent, f"/v1/complaints/{cid}/review", {})
            for move in ({"to": "in_progress"}, {"to": "resolved"},
                         {"to": "result_sent", "note": "已为您更换光猫并优化线路，晚间网速已恢复正常。"}):
                _api(server.url, agent, f"/v1/complaints/{cid}/transitions", move)
            page.goto(f"{server.url}/t/{ticket_no}")
            page.fill("input[name=code]", code)
            page.click("button[type=submit]")
            assert "更换光猫并优化线路" in page.inner_text("[data-field=result]")
            if shots:
                page.screenshot(path=str(shots / "complainant-result.png"), full_page=True)

            page.goto(f"{server.url}/s/{survey_token(SECRET, ticket_no)}")
            page.check("input[value=满意]")
            page.fill("textarea[name=comment]", "处理及时")
            if shots:
                page.screenshot(path=str(shots / "complainant-survey.png"), full_page=True)
            page.click("button[type=submit]")
            assert "感谢" in page.inner_text("main")
            stored = _api(server.url, agent, f"/v1/complaints/{cid}")
            assert (stored["status"], stored["satisfaction"], stored["survey_method"]) == ("surveyed", "满意",
                                                                                           "online")
            page.close()
    finally:
        hook.shutdown()
