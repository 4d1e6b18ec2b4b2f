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
