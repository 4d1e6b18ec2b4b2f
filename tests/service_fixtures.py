"""Service fixtures: a migrated store on SQLite and on PostgreSQL, an app, keys per role.

Store tests run on both backends. PostgreSQL is found at ``$TOUSU_TEST_POSTGRES_URL``
(default: the loopback server, database ``test``); where none answers, its cases skip with
a message, unless ``TOUSU_TEST_REQUIRE_POSTGRES=1`` (set by ``.ci/run``) makes that a failure.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_URL = os.environ.get("TOUSU_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("TOUSU_TEST_REQUIRE_POSTGRES") == "1"
TABLES = ("campaign_invites", "survey_campaigns", "supervision_reports",
          "web_sessions", "notifications", "deadlines", "audit_events", "reviews",
          "complainants", "complaints", "api_keys", "people")


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A throw-away PostgreSQL database, migrated once for the session."""
    from serving.database.migrate import upgrade

    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        admin.dispose()
        message = f"PostgreSQL at {POSTGRES_URL} is not reachable ({type(exc).__name__}); its store tests skip"
        if REQUIRE_POSTGRES:
            pytest.fail(message + ", but TOUSU_TEST_REQUIRE_POSTGRES=1 requires them")
        pytest.skip(message)
    name = f"tousu_test_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> Iterator[str]:
    """A migrated, empty store on each backend."""
    if request.param == "sqlite":
        from serving.database.migrate import upgrade

        url = f"sqlite:///{tmp_path / 'tousu.db'}"
        upgrade(url)
        yield url
        return
    url = request.getfixturevalue("postgres_database")
    engine = create_engine(url)
    with engine.begin() as conn:
        # the audit trail refuses TRUNCATE (a trigger); a test's throw-away database bypasses it
        conn.execute(text("SET LOCAL session_replication_role = replica"))
        conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    yield url


@pytest.fixture
def settings(tmp_path, store_url, starter_bundle):
    from tousu.settings import Settings

    # grading_processes=0: an app per test, graded in its threads (tests/serving/test_grading_pool.py
    # checks the processes give the same answers)
    return Settings(env="test", data_dir=tmp_path, database_url=store_url, model_dir=starter_bundle.path,
                    grading_processes=0,
                    secret_key="test-secret-key-0123456789", key_cache_seconds=0, _env_file=None)


@pytest.fixture
def app(settings, grader):
    from serving.main import create_app

    return create_app(settings, grader=grader)


@pytest.fixture
def client(app) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def keys(client, settings) -> dict[str, str]:
    """One fresh API key per role, created through the key service."""
    from serving.auth import service
    from serving.auth.models import Role

    with client.app.state.runtime.sessions() as session:
        return {role.value: service.create(session=session, secret_key=settings.secret_key, role=role).key
                for role in Role}


@pytest.fixture
def auth(keys) -> dict[str, dict[str, str]]:
    """Authorization headers per role."""
    return {role: {"Authorization": f"Bearer {key}"} for role, key in keys.items()}
