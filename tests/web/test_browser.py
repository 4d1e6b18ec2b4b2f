"""End to end in headless Chromium against a real ``tousu serve``: sign in, open the
queue, open a complaint with the keyboard, correct its level, see the deadline change and
the correction stored; the leadership page renders its charts."""

from __future__ import annotations

import pytest

from tests.live_server import api as _api
from tests.live_server import live_server

pytestmark = pytest.mark.slow
SEVERE = "客户来电反映家里宽带从昨天起完全无法上网，情绪激动，要求赔偿并表示要向工信部投诉"
OTHERS = ["营业厅工作人员态度一般，办理业务等了很久", "本月话费多扣了三十元，要求退还",
          "手机信号差，在家经常打不通电话"]



def test_agent_corrects_a_grade_and_leadership_sees_charts(browser, tmp_path, starter_bundle):
    with live_server(data_dir=tmp_path, model_dir=starter_bundle.path, workers=1) as server:
        intake, agent, analyst = (server.create_key(r) for r in ("intake", "agent", "analyst"))
        severe = _api(server.url, intake, "/v1/complaints", {"text": SEVERE, "channel": "hotline"})
        for text in OTHERS:
            _api(server.url, intake, "/v1/complaints", {"text": text, "channel": "online_chat"})
        assert severe["decision"]["level"] == 3

        page = browser.new_page()
        page.goto(server.url + "/web")
        page.fill("#key", agent)
        page.click("button[type=submit]")
        page.wait_for_url("**/web/queue")
        assert page.locator("table.queue tr.row").count() == 4
        assert page.inner_text("#count-open") == "4"
        # the most severe complaint comes first; open it with the keyboard
        page.keyboard.press("j")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/web/complaints/{severe['id']}")
        assert "3级" in page.inner_text("#level")
        assert page.locator("mark.cue").count() >= 2          # cue spans highlighted and named
        assert "ESC-REGULATOR" in page.inner_text("#rules")
        assert "等级不低于3级" in page.inner_text("#rules") and "level" not in page.inner_text("#rules")
        resolve_before = page.inner_text("td[data-kind=resolve]")

        page.select_option("#correct-level", "1")
        page.fill("#correct-reason-text", "用户仅咨询，已当场解决")
        page.click("#correct")
        page.wait_for_url("**done=" + severe["id"])
        assert "已保存" in page.inner_text(".flash")           # the next complaint opened

        page.goto(f"{server.url}/web/complaints/{severe['id']}")
        assert "1级" in page.inner_text("#level")
        assert page.inner_text("#lead") == "客户服务部门"
        assert page.inner_text("td[data-kind=resolve]") != resolve_before   # the deadline moved
        stored = _api(server.url, agent, f"/v1/complaints/{severe['id']}")
        assert stored["level"] == 1 and stored["reviews"][-1]["action"] == "correct"
        assert stored["reviews"][-1]["reason"] == "用户仅咨询，已当场解决"

        page.click("form.logout button")
        page.fill("#key", analyst)
        page.click("button[type=submit]")
        page.wait_for_url("**/web/leadership")
        assert page.locator("svg.chart").count() == 7
        assert page.inner_text("#total") == "4"
        assert page.locator("#chart-level svg rect").count() == 3
        page.close()


def test_confirm_and_correct_by_keyboard_alone_and_count_the_keys(browser, tmp_path, starter_bundle):
    """The README's keystroke figures: every key pressed is counted; no mouse."""
    with live_server(data_dir=tmp_path, model_dir=starter_bundle.path, workers=1) as server:
        intake, agent = (server.create_key(r) for r in ("intake", "agent"))
        created = [_api(server.url, intake, "/v1/complaints", {"text": t, "channel": "hotline"})
                   for t in (SEVERE, *OTHERS[:2])]
        page = browser.new_page()
        page.goto(server.url + "/web")
        page.fill("#key", agent)
        page.keyboard.press("Enter")
        page.wait_for_url("**/web/queue")
        pressed: list[str] = []

        def press(*keys: str) -> None:
            for key in keys:
                pressed.append(key)
                page.keyboard.press(key)

        # confirm: from the queue, the first complaint opened and its suggestion confirmed
        first_href = page.locator("table.queue tr.row").first.get_attribute("data-href")
        press("j", "Enter")
        page.wait_for_url(f"**{first_href}")
        first_id = first_href.rsplit("/", 1)[1]
        suggested = _api(server.url, agent, f"/v1/complaints/{first_id}")["suggestion"]["level"]
        press("a")
        page.wait_for_url(f"**done={first_id}**")
        confirm_keys = len(pressed)
        stored = _api(server.url, agent, f"/v1/complaints/{first_id}")
        assert stored["reviews"][-1]["action"] == "confirm" and stored["level"] == suggested

        # correct: on the complaint that opened next, another level with the first listed reason
        current = page.url.split("?")[0].rsplit("/", 1)[1]
        before = _api(server.url, agent, f"/v1/complaints/{current}")["level"]
        pressed.clear()
        press("c", "ArrowDown" if before < 3 else "ArrowUp", "Tab", "ArrowDown", "Tab", "Tab", "Enter")
        page.wait_for_url(f"**done={current}**")
        stored = _api(server.url, agent, f"/v1/complaints/{current}")
        assert stored["reviews"][-1]["action"] == "correct" and stored["level"] == before + (1 if before < 3 else -1)
        assert stored["reviews"][-1]["reason"]  # the reason chosen from the list, none preselected
        print(f"keystrokes: confirm {confirm_keys} from the queue (1 on the complaint page), correct {len(pressed)}")
        assert (confirm_keys, len(pressed)) == (3, 7)
        assert {c["id"] for c in created} >= {first_id, current}
        page.close()
