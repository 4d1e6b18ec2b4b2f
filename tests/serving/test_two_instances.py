"""Two `tousu serve` instances on one PostgreSQL store and one MLflow registry (issue 18's
horizontal service): an intake retried on the other host stores one ticket, a champion
promoted once reaches both, and their workers' effects happen once."""

from __future__ import annotations

import json
import os
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from serving.database.tables import AuditEventRow, NotificationRow
from tests.live_server import live_server

pytestmark = pytest.mark.slow
TEXT = "客户来电反映宽带完全无法上网，要求赔偿，并表示要向工信部投诉"


def _call(url: str, key: str, path: str, body: dict | None = None, headers: dict | None = None) -> dict:
    request = urllib.request.Request(url + path, data=json.dumps(body).encode() if body else None,
                                     method="POST" if body else "GET",
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json",
                                              **(headers or {})})
    with urllib.request.urlopen(request, timeout=15) as response:
        return json.loads(response.read())


def _version(url: str, key: str) -> str | None:
    return _call(url, key, "/v1/model").get("registry_version")


def test_two_hosts_share_the_store_the_champion_and_the_clocks(tmp_path, postgres_database, capsys):
    from serving.database.migrate import upgrade
    from tousu.cli import main

    url = postgres_database
    upgrade(url)
    data_dir = Path(os.environ["TOUSU_DATA_DIR"])  # one registry (DATA_DIR/mlflow.db), as one tracking server
    starter = Path(__file__).resolve().parents[2] / "training" / "data" / "starter.jsonl"
    assert main(["train", "--data", str(starter), "--out", str(tmp_path / "b1"), "--quiet"]) == 0
    capsys.readouterr()
    env = {"TOUSU_MODEL_POLL_SECONDS": "1", "TOUSU_WORKER_POLL_SECONDS": "1"}
    both = dict(data_dir=data_dir, model_dir=None, workers=1, database_url=url, extra_env=env,
                extra_args=("--worker",))
    with live_server(**both, log_name="a.log") as a, live_server(**both, log_name="b.log") as b:
        key = a.create_key("intake")  # one store: a key made on one host works on the other
        reader = a.create_key("analyst")
        assert _version(a.url, reader) == _version(b.url, reader) == "1"

        # an intake system retries on the other host: one ticket
        body = {"text": TEXT, "channel": "hotline", "received_at": "2026-11-02T10:00:00+08:00"}
        first = _call(a.url, key, "/v1/complaints", body, {"Idempotency-Key": "retry-1"})
        again = _call(b.url, key, "/v1/complaints", body, {"Idempotency-Key": "retry-1"})
        assert again["id"] == first["id"] and again["replayed"] is True

        # the champion promoted once reaches both hosts (each polls the registry)
        assert main(["train", "--data", str(starter), "--out", str(tmp_path / "b2"), "--quiet"]) == 0
        assert main(["promote", "2", "--reason", "two-host test"]) == 0
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and {_version(a.url, reader), _version(b.url, reader)} != {"2"}:
            time.sleep(0.5)
        assert _version(a.url, reader) == _version(b.url, reader) == "2"

        # both workers sweep the same clocks: the complaint received on 2 Nov is long overdue
        engine = create_engine(url)
        deadline = time.monotonic() + 30
        breaches = 0
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                breaches = conn.scalar(select(func.count()).select_from(AuditEventRow).where(
                    AuditEventRow.complaint_id == first["id"], AuditEventRow.kind == "breach")) or 0
            if breaches:
                time.sleep(3)  # several more ticks of both workers
                break
            time.sleep(0.5)
        with engine.connect() as conn:
            events = conn.execute(select(AuditEventRow.kind, AuditEventRow.data).where(
                AuditEventRow.complaint_id == first["id"], AuditEventRow.kind.in_(("breach", "escalation")))).all()
            sent = conn.execute(select(NotificationRow.event, NotificationRow.person_id, NotificationRow.channel,
                                       NotificationRow.recipient, NotificationRow.subject,
                                       NotificationRow.last_error).where(
                NotificationRow.complaint_id == first["id"])).all()
        engine.dispose()
    assert breaches >= 1
    breached = [json.dumps(data, sort_keys=True) for kind, data in events if kind == "breach"]
    assert len(breached) == len(set(breached))  # each deadline breached once, by one of the two workers
    steps = [json.dumps(data, sort_keys=True) for kind, data in events if kind == "escalation"]
    assert len(steps) == len(set(steps))
    assert len(sent) == len(set(sent)) and len(sent) >= 1 + len(steps)  # each written once (no directory here:
    # every audience is empty, stored as a visible failed row naming it)
