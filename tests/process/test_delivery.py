"""Notifications end to end: the outbox, the worker, a real SMTP server and a real webhook
receiver on loopback; a worker killed in the middle of a delivery run loses nothing."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from serving.database.tables import NotificationRow
from serving.main import create_app
from serving.notify.delivery import Transport
from serving.worker import Worker

ROOT = Path(__file__).resolve().parents[2]
REGULATOR = "宽带从昨天起完全断网，打了好几次客服都没解决，我要向工信部投诉，并要求赔偿"
USER = {"name": "孙七", "contact": "13700001234", "account": "BB-1"}


def people_and_keys(client, settings):
    from serving.auth import service as keys
    from serving.auth.models import Role
    from serving.people import service as people
    from serving.people.models import PersonCreate

    runtime = client.app.state.runtime
    with runtime.sessions() as session:
        leader = people.add(session=session, policy=runtime.policy, person_in=PersonCreate(
            name="刘组长", email="leader@corp.example", phone="13911110000", department="投诉处理领导小组",
            role="leader"))
        key = keys.create(session=session, secret_key=settings.secret_key, role=Role.intake).key
    return leader, {"Authorization": f"Bearer {key}"}


def states(client) -> list[NotificationRow]:
    with client.app.state.runtime.sessions() as session:
        return list(session.scalars(select(NotificationRow).order_by(NotificationRow.created_at)))


def test_a_level_3_complaint_received_three_hours_ago_reaches_the_leadership_within_one_poll(
        live_settings, grader, mailbox, webhook):
    with TestClient(create_app(live_settings, grader=grader)) as client:
        leader, intake = people_and_keys(client, live_settings)
        received = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)).isoformat()
        created = client.post("/v1/complaints", headers=intake, json={
            "text": REGULATOR, "channel": "hotline", "received_at": received, "user": USER}).json()
        assert created["decision"]["notify_leadership"] is True
        swept, delivered = Worker.create(live_settings, sessions=client.app.state.runtime.sessions).tick()
        subjects = [m["subject"] for m in mailbox.to("leader@corp.example")]
        # told at intake, and again by the ladder: the 2-hour respond deadline passed unanswered
        assert any(s.startswith("【三级投诉】") for s in subjects), subjects
        assert any(s.startswith("【投诉升级】") and "响应时限" in s for s in subjects), subjects
        assert swept.steps == ["L3-RESPOND-BREACHED"] and delivered.failed == 0
        sms = {r["body"]["to"]: r for r in webhook.accepted()}
        assert set(sms) == {leader.phone, USER["contact"]}  # the leader's SMS and the user's 受理 SMS
        assert all(r["signed"] for r in webhook.requests)
        user_sms = sms[USER["contact"]]["body"]
        assert created["ticket_no"] in user_sms["text"] and created["verification_code"] not in user_sms["text"]
        mail = mailbox.to("leader@corp.example")[0]
        assert mail["id"] == f"<{next(n.id for n in states(client) if n.channel == 'email')}@tousu>"
        # the in-app list of the leader holds the same notifications (of this complaint: on the
        # first working day of a month the same tick also sends last month's report)
        assert {n.event for n in states(client) if n.channel == "inapp" and n.person_id == leader.id
                and n.complaint_id == created["id"]} == {"level3_intake", "escalation"}


def test_a_webhook_that_answers_500_twice_is_retried_and_delivered_once(live_settings, grader, webhook):
    webhook.fail_first = 2
    with TestClient(create_app(live_settings, grader=grader)) as client:
        _, intake = people_and_keys(client, live_settings)
        client.post("/v1/complaints", headers=intake, json={
            "text": "营业厅办理业务排队很久，希望改进", "channel": "hotline", "user": USER})
        worker = Worker.create(live_settings, sessions=client.app.state.runtime.sessions)
        at = dt.datetime.now(dt.UTC)
        for minutes in (0, 1, 5):  # the backoff: 30 s, then 60 s
            worker.tick(at + dt.timedelta(minutes=minutes))
        [row] = [n for n in states(client) if n.channel == "webhook"]
        assert (row.state, row.attempts, row.last_error) == ("sent", 3, None)
        assert [r["status"] for r in webhook.requests] == [500, 500, 200]
        assert {r["id"] for r in webhook.requests} == {row.id}  # one stable id: the receiver can drop repeats


def test_a_dead_letter_is_visible_to_admins_and_can_be_retried(live_settings, grader, webhook, auth_for):
    webhook.fail_first = 100
    with TestClient(create_app(live_settings, grader=grader)) as client:
        _, intake = people_and_keys(client, live_settings)
        client.post("/v1/complaints", headers=intake, json={"text": "话费扣错了，请核实", "channel": "hotline",
                                                            "user": USER})
        worker = Worker.create(live_settings, sessions=client.app.state.runtime.sessions)
        at = dt.datetime.now(dt.UTC)
        for hours in range(worker.policy.process_rules.delivery_attempts):
            worker.tick(at + dt.timedelta(hours=hours))
        admin = auth_for(client, "admin")
        failed = client.get("/v1/notifications", params={"state": "failed"}, headers=admin).json()
        assert failed["total"] == 1 and failed["items"][0]["last_error"] == "webhook answered 500"
        assert client.get("/v1/notifications", headers=auth_for(client, "agent")).status_code == 403
        webhook.fail_first = 0
        notification_id = failed["items"][0]["id"]
        retried = client.post(f"/v1/notifications/{notification_id}/retry", headers=admin)
        assert retried.status_code == 200 and retried.json()["state"] == "pending"
        worker.tick(at + dt.timedelta(hours=10))
        assert client.get("/v1/notifications", params={"state": "failed"}, headers=admin).json()["total"] == 0
        again = client.post(f"/v1/notifications/{notification_id}/retry", headers=admin)
        assert again.status_code == 409 and again.json()["error"]["code"] == "not_failed"


def test_a_worker_killed_mid_delivery_loses_nothing(live_settings, grader, mailbox, tmp_path):
    """kill -9 of a `tousu worker` while it delivers: a second worker delivers the rest after
    the lease; every notification arrives, and at most the one in flight arrives twice, with
    the same Message-ID (a receiver drops it)."""
    from serving.notify.outbox import Message

    mailbox.delay_seconds = 0.05
    with TestClient(create_app(live_settings, grader=grader)) as client:
        leader, _ = people_and_keys(client, live_settings)
        runtime = client.app.state.runtime
        with runtime.sessions() as session:
            from serving.database.tables import PersonRow

            person = session.get(PersonRow, leader.id)
            for i in range(60):
                runtime.notifier.to_people(session, None, "escalation", [person],
                                           Message(f"测试 {i}", "正文\n"), nobody="-")
            session.commit()
        wanted = {n.id for n in states(client) if n.channel == "email"}
        assert len(wanted) == 60
    env = {**os.environ, "TOUSU_DATABASE_URL": live_settings.resolved_database_url,
           "TOUSU_SMTP_URL": mailbox.url, "TOUSU_SECRET_KEY": live_settings.secret_key,
           "TOUSU_DATA_DIR": str(tmp_path / "worker"), "TOUSU_WORKER_POLL_SECONDS": "0.2",
           "TOUSU_DELIVERY_LEASE_SECONDS": "2", "TOUSU_WEBHOOK_URL": ""}
    env.pop("TOUSU_WEBHOOK_URL")
    command = [sys.executable, "-m", "tousu.cli", "worker"]
    first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(mailbox.messages) < 15 and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    assert 15 <= len(mailbox.messages) < 60, f"the kill must land mid-run ({len(mailbox.messages)} delivered)"
    second = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    from serving.database.core import make_engine, make_sessionmaker

    sessions = make_sessionmaker(make_engine(live_settings.resolved_database_url))

    def unsent() -> int:
        with sessions() as session:
            return len([r for r in session.scalars(select(NotificationRow).where(NotificationRow.channel == "email"))
                        if r.state != "sent"])

    try:
        deadline = time.monotonic() + 90
        while unsent() and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        second.terminate()  # SIGTERM: the worker finishes its tick, then exits
        assert second.wait(timeout=30) == 0
    received = [m["id"] for m in mailbox.messages]
    missing = {f"<{i}@tousu>" for i in wanted} - set(received)
    assert not missing, f"{len(missing)} never delivered; {len(received)} deliveries in all"
    assert len(received) - len(set(received)) <= 1, f"{len(received) - len(set(received))} duplicates"
    with sessions() as session:
        rows = list(session.scalars(select(NotificationRow).where(NotificationRow.channel == "email")))
    assert {r.state for r in rows} == {"sent"}


def test_transport_without_configuration_fails_with_a_clear_reason():
    import httpx
    import pytest

    from serving.notify.channels import DeliveryError
    from serving.notify.delivery import _send

    unconfigured = Transport(smtp_url=None, smtp_from="t@l", webhook_url=None, webhook_secret=None)
    with httpx.Client() as http:
        for channel, setting in (("email", "TOUSU_SMTP_URL"), ("webhook", "TOUSU_WEBHOOK_URL")):
            row = NotificationRow(id="x", channel=channel, recipient="a@b.example", subject="s", body="b")
            with pytest.raises(DeliveryError, match=setting):
                _send(row, unconfigured, http)
