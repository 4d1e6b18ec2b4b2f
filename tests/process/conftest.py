"""The process around the deadlines: a directory of people, their keys, an app whose
notifier writes e-mail (nothing is delivered unless a test runs the worker)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def process_settings(settings):
    """The store's settings with e-mail configured (the address need not answer until a
    test delivers); tests that deliver replace smtp_url with a live server's."""
    return settings.model_copy(update={"smtp_url": "smtp://127.0.0.1:9", "public_url": "https://tousu.example"})


@pytest.fixture
def process_client(process_settings, grader) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from serving.main import create_app

    with TestClient(create_app(process_settings, grader=grader)) as test_client:
        yield test_client


@pytest.fixture
def directory(process_client, process_settings) -> dict[str, dict[str, str]]:
    """People of the policy's departments, each with a key acting as them."""
    from serving.auth import service as keys
    from serving.auth.models import Role
    from serving.people import service as people
    from serving.people.models import PersonCreate

    runtime = process_client.app.state.runtime
    wanted = {
        "leader": ("刘组长", "leader@corp.example", "投诉处理领导小组", "leader", Role.agent),
        "tech_head": ("王主任", "tech-head@corp.example", "技术部门", "head", Role.agent),
        "service_head": ("陈经理", "cs-head@corp.example", "客户服务部门", "head", Role.agent),
        "agent": ("李客服", "agent@corp.example", "客户服务部门", "staff", Role.agent),
    }
    found: dict[str, dict[str, str]] = {}
    with runtime.sessions() as session:
        for name, (person, email, dept, role, api_role) in wanted.items():
            created = people.add(session=session, policy=runtime.policy, person_in=PersonCreate(
                name=person, email=email, phone="13900000000", department=dept, role=role))
            key = keys.create(session=session, secret_key=process_settings.secret_key, role=api_role,
                              person_id=created.id).key
            found[name] = {"id": created.id, "email": email, "headers": {"Authorization": f"Bearer {key}"}}
    return found


@pytest.fixture
def service_key(process_client, process_settings) -> dict[str, str]:
    """An intake system's key (no person)."""
    from serving.auth import service as keys
    from serving.auth.models import Role

    with process_client.app.state.runtime.sessions() as session:
        key = keys.create(session=session, secret_key=process_settings.secret_key, role=Role.intake).key
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def mailbox() -> Iterator[Any]:
    """A real SMTP server on loopback (aiosmtpd), collecting what it receives."""
    from aiosmtpd.controller import Controller

    from tests.live_server import free_port
    from tests.process.peers import Mailbox

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.url = f"smtp://127.0.0.1:{controller.port}"  # type: ignore[attr-defined]
    yield box
    controller.stop()


WEBHOOK_SECRET = "test-webhook-secret-0123456789"


@pytest.fixture
def webhook() -> Iterator[Any]:
    """A real HTTP receiver on loopback that checks the signature of every delivery."""
    from tests.process.peers import WebhookReceiver

    receiver = WebhookReceiver(secret=WEBHOOK_SECRET)
    server, url = receiver.serve()
    receiver.url = url  # type: ignore[attr-defined]
    yield receiver
    server.shutdown()


@pytest.fixture
def live_settings(process_settings, mailbox, webhook):
    """Settings whose e-mail and webhook reach the live peers; retries come quickly."""
    return process_settings.model_copy(update={"smtp_url": mailbox.url, "webhook_url": webhook.url,
                                               "webhook_secret": WEBHOOK_SECRET})


@pytest.fixture
def auth_for(process_settings):
    """Returns headers of a fresh service key of ``role`` in a client's store."""
    from serving.auth import service as keys
    from serving.auth.models import Role

    def make(client: Any, role: str) -> dict[str, str]:
        with client.app.state.runtime.sessions() as session:
            key = keys.create(session=session, secret_key=process_settings.secret_key, role=Role(role)).key
        return {"Authorization": f"Bearer {key}"}

    return make
