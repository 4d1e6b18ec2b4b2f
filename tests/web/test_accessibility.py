"""axe-core (shipped by axe-playwright-python) on every page in Chromium: no serious or
critical violation (contrast, labels, names, structure)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from serving.clocks.sweep import survey_token
from tests.live_server import api as _api
from tests.live_server import live_server

pytestmark = pytest.mark.slow
SECRET = "live-server-secret-0123456789"  # tests/live_server.py



def _serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_every_page_passes_axe_without_serious_violations(browser, tmp_path, starter_bundle):
    with live_server(data_dir=tmp_path, model_dir=starter_bundle.path, workers=1) as server:
        intake, agent, analyst = (server.create_key(r) for r in ("intake", "agent", "analyst"))
        severe = _api(server.url, intake, "/v1/complaints", {
            "text": "宽带完全无法上网，情绪激动，要求赔偿并表示要向工信部投诉", "channel": "hotline",
            "user": {"name": "卫十四", "contact": "13833334444"}})
        mild = _api(server.url, intake, "/v1/complaints", {"text": "营业厅排队久", "channel": "app"})
        if mild["status"] == "received":
            _api(server.url, agent, f"/v1/complaints/{mild['id']}/review", {})
        for move in ({"to": "in_progress"}, {"to": "resolved"}, {"to": "result_sent", "note": "已改进排队叫号"}):
            _api(server.url, agent, f"/v1/complaints/{mild['id']}/transitions", move)
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        page = context.new_page()
        found: dict[str, list[str]] = {}

        shots = os.environ.get("TOUSU_SCREENSHOTS")  # a folder: every page checked is also photographed

        def check(name: str, url: str) -> None:
            page.goto(url)
            found[name] = _serious(page)
            if shots:
                page.screenshot(path=str(Path(shots) / f"page-{name}.png"), full_page=True)

        check("login", server.url + "/web/login")
        page.fill("#key", agent)
        page.click("button[type=submit]")
        page.wait_for_url("**/web/queue")
        check("queue", server.url + "/web/queue")
        check("complaint", f"{server.url}/web/complaints/{severe['id']}")
        check("complaint-result-sent", f"{server.url}/web/complaints/{mild['id']}")
        page.click("form.logout button")
        page.fill("#key", analyst)
        page.click("button[type=submit]")
        check("leadership", server.url + "/web/leadership")
        check("monthly-report", server.url + "/web/monthly.html")
        check("queue-analyst", server.url + "/web/queue")
        check("ticket", f"{server.url}/t/{severe['ticket_no']}")
        check("survey", f"{server.url}/s/{survey_token(SECRET, mild['ticket_no'])}")
        check("supervision-form", f"{server.url}/jd")
        context.close()
    assert not any(found.values()), json.dumps(found, ensure_ascii=False, indent=1)
