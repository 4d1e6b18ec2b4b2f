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


def test_the_copied_departments_are_backfilled_and_kept_with_the_decision(store_url, client, auth, monkeypatch):
    """0013 writes a row per copied department of each stored complaint, in batches, as intake
    and a review's correction write them."""
    import importlib

    from sqlalchemy import text

    severe = client.post("/v1/complaints", headers=auth["intake"], json={
        "text": "客户来电反映宽带完全无法上网，要求赔偿，并表示要向工信部投诉", "channel": "hotline"}).json()
    mild = client.post("/v1/complaints", headers=auth["intake"], json={
        "text": "营业厅app账单页面显示错位", "channel": "online_chat"}).json()
    engine = create_engine(store_url)
    try:
        def copies() -> set[tuple[str, str]]:
            with engine.connect() as conn:
                return set(conn.execute(text("SELECT complaint_id, department FROM complaint_copies")).tuples())

        def decided(body: dict) -> set[tuple[str, str]]:
            return {(body["id"], d) for d in body["decision"]["cc_departments"]}

        assert severe["decision"]["cc_departments"], "a level 3 is copied to departments"
        assert copies() == decided(severe) | decided(mild)  # written at intake
        corrected = client.post(f"/v1/complaints/{mild['id']}/review", headers=auth["agent"], json={
            "category": "网络问题", "level": 2, "reason": "按实际影响定级"}).json()
        assert corrected["decision"]["cc_departments"] != mild["decision"]["cc_departments"]
        assert copies() == decided(severe) | decided(corrected)  # and rewritten with the decision
        kept = copies()
        migration = importlib.import_module("serving.database.migrations.versions.0013_complaint_copies")
        monkeypatch.setattr(migration, "BATCH", 1)  # a batch per complaint: the batches meet exactly
        downgrade(store_url, "0012")
        upgrade(store_url)
        assert copies() == kept
    finally:
        engine.dispose()
