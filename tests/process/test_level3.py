"""Level 3 as the regulation runs it: the leadership group's meeting, special plan and
special report; a level-3 complaint closes only with its report."""

from __future__ import annotations

SEVERE = "宽带完全无法上网已经两天，我要向工信部投诉"


def test_the_leadership_group_meets_plans_and_reports_before_a_level_3_complaint_closes(
        process_client, directory, service_key):
    client = process_client
    leader, agent = directory["leader"]["headers"], directory["agent"]["headers"]
    created = client.post("/v1/complaints", headers=service_key, json={"text": SEVERE, "channel": "hotline"}).json()
    cid = created["id"]
    assert created["decision"]["level"] == 3
    meeting = {"held_at": "2026-11-30T10:00:00", "attendees": ["刘组长", "王主任"], "decisions": "技术部门今日修复"}
    refused = client.post(f"/v1/complaints/{cid}/meetings", headers=agent, json=meeting)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "leadership_only"
    assert client.post(f"/v1/complaints/{cid}/meetings", headers=leader, json=meeting).status_code == 200
    planned = client.post(f"/v1/complaints/{cid}/special-plan", headers=leader,
                          json={"plan": "更换故障光缆，当晚回访用户", "departments": ["技术部门"]}).json()
    assert {d["kind"]: d["state"] for d in planned["deadlines"]}["plan"] == "met"
    for move in ({"to": "in_progress"}, {"to": "resolved"}, {"to": "result_sent", "note": "已修复，网络恢复"}):
        assert client.post(f"/v1/complaints/{cid}/transitions", headers=agent, json=move).status_code == 200
    close = {"to": "closed", "reason": "多次联系用户未果"}
    blocked = client.post(f"/v1/complaints/{cid}/transitions", headers=agent, json=close)
    assert blocked.status_code == 409 and blocked.json()["error"]["code"] == "special_report_required"
    report = {"investigation": "光缆被施工挖断，用户13800001234反映", "causes": "施工未报备",
              "measures": "建立施工报备机制"}
    filed = client.post(f"/v1/complaints/{cid}/special-report", headers=leader, json=report).json()
    kinds = [h["kind"] for h in filed["history"]]
    assert {"meeting", "special_plan", "special_report"} <= set(kinds)
    stored = next(h["data"] for h in filed["history"] if h["kind"] == "special_report")
    assert "13800001234" not in stored["investigation"]  # masked like every free text
    closed = client.post(f"/v1/complaints/{cid}/transitions", headers=agent, json=close)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_level_3_records_belong_to_level_3(process_client, directory, service_key):
    client = process_client
    created = client.post("/v1/complaints", headers=service_key, json={"text": "营业厅排队久", "channel": "hotline"})
    cid = created.json()["id"]
    client.post(f"/v1/complaints/{cid}/review", headers=directory["agent"]["headers"],
                json={"category": "服务问题", "level": 1, "reason": "影响范围判断有误"})
    answer = client.post(f"/v1/complaints/{cid}/special-plan", headers=directory["leader"]["headers"],
                         json={"plan": "按一级处理即可"})
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "not_level_3"
