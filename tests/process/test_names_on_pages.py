"""Pages name people, not ids: the history's actors and the holder of a complaint."""

from __future__ import annotations


def test_the_pages_show_who_by_name(process_client, directory, service_key):
    client, agent = process_client, directory["agent"]
    created = client.post("/v1/complaints", headers=service_key,
                          json={"text": "家里宽带这两天晚上经常卡顿", "channel": "hotline"}).json()
    claimed = client.post(f"/v1/complaints/{created['id']}/assignment", headers=agent["headers"],
                          json={"action": "claim"})
    assert claimed.status_code == 200
    key = agent["headers"]["Authorization"].removeprefix("Bearer ")
    assert client.post("/web/login", data={"key": key}, follow_redirects=False).status_code == 303
    page = client.get(f"/web/complaints/{created['id']}").text
    history = page.split('id="history"')[1]
    assert "李客服（客户服务部门）" in history and f"person:{agent['id']}" not in page
    assert "接入系统（密钥" in history and "系统（分级规则）" in history  # the intake key and the policy
    assert '<b id="assignee">我</b>' in page  # the holder reading their own complaint
    client.cookies.clear()
    head = directory["service_head"]["headers"]["Authorization"].removeprefix("Bearer ")
    client.post("/web/login", data={"key": head}, follow_redirects=False)
    assert '<b id="assignee">李客服（客户服务部门）</b>' in client.get(f"/web/complaints/{created['id']}").text
    assert "李客服（客户服务部门）" in client.get("/web/queue").text
