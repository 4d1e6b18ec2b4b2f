"""The store's migrations go up and down cleanly on both backends."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect

from serving.database.migrate import downgrade, head_revision, upgrade


def test_migrations_round_trip(store_url):
    engine = create_engine(store_url)
    try:
        tables = set(inspect(engine).get_table_names())
        assert {"complaints", "complainants", "reviews", "audit_events", "api_keys"} <= tables
        downgrade(store_url, "base")
        assert "complaints" not in inspect(engine).get_table_names()
        upgrade(store_url)
        assert "audit_events" in inspect(engine).get_table_names()
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head_revision()
    finally:
        engine.dispose()


def test_the_repeat_link_is_backfilled_for_stored_complaints(store_url, client, auth):
    """Complaints stored before 0009 get their repeat link from the migration, as intake sets it."""
    from sqlalchemy import text

    user = {"contact": "13912345678", "account": "BB-1"}
    ids = []
    for day in ("2026-11-02", "2026-11-09", "2026-11-16"):
        answer = client.post("/v1/complaints", headers=auth["intake"], json={
            "text": "宽带晚上又断网了", "channel": "hotline", "received_at": f"{day}T10:00:00+08:00", "user": user})
        ids.append(answer.json()["id"])
    other = client.post("/v1/complaints", headers=auth["intake"], json={
        "text": "话费多扣了", "channel": "hotline", "user": {"contact": "13700000000"}}).json()["id"]
    engine = create_engine(store_url)
    try:
        def links() -> dict[str, str | None]:
            with engine.connect() as conn:
                return dict(conn.execute(text("SELECT id, repeat_of FROM complaints")).all())

        intake = links()
        assert intake == {ids[0]: None, ids[1]: ids[0], ids[2]: ids[1], other: None}  # set at intake
        downgrade(store_url, "0008")
        upgrade(store_url)
        assert links() == intake  # the migration links the stored ones the same way
    finally:
        engine.dispose()


def test_the_answers_owed_are_kept_by_the_clocks_and_backfilled(store_url, client, auth):
    """0012 writes a row per department that owes an answer, as the clocks keep them: intake's
    assist deadline owed by every copied department, one asked of a department, none once met."""
    from sqlalchemy import text

    lagging = client.post("/v1/complaints", headers=auth["intake"], json={
        "text": "家里宽带这两天晚上经常卡顿", "channel": "hotline"}).json()
    graded = client.post(f"/v1/complaints/{lagging['id']}/review", headers=auth["agent"], json={
        "category": "网络问题", "level": 2, "reason": "按实际影响定级"}).json()
    glitch = client.post("/v1/complaints", headers=auth["intake"], json={
        "text": "营业厅app账单页面显示错位", "channel": "online_chat"}).json()
    client.post(f"/v1/complaints/{glitch['id']}/review", headers=auth["agent"], json={
        "category": "业务使用问题", "level": 1, "reason": "按实际影响定级"})
    asked = client.post(f"/v1/complaints/{glitch['id']}/assists", headers=auth["agent"],
                        json={"department": "法务部门", "note": "请确认是否涉及合同条款"})
    assert asked.status_code == 200, asked.text
    engine = create_engine(store_url)
    try:
        def owed() -> set[tuple[str, str]]:
            with engine.connect() as conn:
                return set(conn.execute(text("SELECT complaint_id, department FROM assists_owed")).tuples())

        copied = graded["decision"]["cc_departments"]
        assert copied, "a level 2 is copied to departments"
        kept = owed()
        assert kept == {(lagging["id"], d) for d in copied} | {(glitch["id"], "法务部门")}
        downgrade(store_url, "0011")
        upgrade(store_url)
        assert owed() == kept  # the migration finds the same from the clocks
        met = client.post(f"/v1/complaints/{glitch['id']}/deadlines/department_assist/met", headers=auth["agent"],
                          json={"note": "不涉及"})
        assert met.status_code == 200, met.text
        assert owed() == {(lagging["id"], d) for d in copied}
        regraded = client.post(f"/v1/complaints/{lagging['id']}/review", headers=auth["agent"], json={
            "category": "网络问题", "level": 1, "reason": "用户已恢复上网，只是咨询"})
        assert regraded.status_code == 200, regraded.text
        assert owed() == set()  # level 1 has no assist deadline: waived, so nobody owes an answer
    finally:
        engine.dispose()
