"""API keys: hashed at rest, roles per endpoint, revocation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from serving.auth import service
from serving.auth.models import Role
from serving.database.tables import ApiKeyRow

pytestmark = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)

TEXT = "宽带经常断线，影响在家办公"


def test_only_a_keyed_hash_is_stored(client, keys):
    with client.app.state.runtime.sessions() as session:
        stored = list(session.scalars(select(ApiKeyRow)))
    assert len(stored) == len(Role)
    secrets_ = {k.split("_", 2)[2] for k in keys.values()}
    for row in stored:
        assert len(row.secret_hash) == 64 and row.secret_hash not in secrets_
        assert all(s not in row.secret_hash for s in secrets_)


def test_same_secret_under_another_server_secret_does_not_authenticate(client, keys, settings):
    with client.app.state.runtime.sessions() as session:
        assert service.authenticate(session=session, secret_key=settings.secret_key, token=keys["agent"])
        assert service.authenticate(session=session, secret_key="another-secret-key-xyz", token=keys["agent"]) is None
        assert service.authenticate(session=session, secret_key=settings.secret_key, token="tsk_x") is None
        spoiled = keys["agent"][:-1] + ("B" if keys["agent"].endswith("A") else "A")
        assert service.authenticate(session=session, secret_key=settings.secret_key, token=spoiled) is None


@pytest.mark.parametrize(("method", "path", "body", "allowed"), [
    ("post", "/v1/classify", {"text": TEXT}, {"intake", "agent", "analyst", "admin"}),
    ("post", "/v1/complaints", {"text": TEXT, "channel": "forum"}, {"intake", "agent", "admin"}),
    ("get", "/v1/complaints", None, {"intake", "agent", "analyst", "admin"}),
    ("get", "/v1/model", None, {"intake", "agent", "analyst", "admin"}),
])
def test_roles_per_endpoint(client, auth, method, path, body, allowed):
    for role in Role:
        kwargs = {"json": body} if body is not None else {}
        response = getattr(client, method)(path, headers=auth[role.value], **kwargs)
        if role.value in allowed:
            assert response.status_code in (200, 201), (role, response.text)
        else:
            assert response.status_code == 403, role
            error = response.json()["error"]
            assert error["code"] == "forbidden" and error["details"]["role"] == role.value


def test_review_and_transitions_are_for_agents(client, auth):
    complaint_id = client.post("/v1/complaints", json={"text": TEXT, "channel": "forum"},
                               headers=auth["intake"]).json()["id"]
    for role in ("intake", "analyst"):
        assert client.post(f"/v1/complaints/{complaint_id}/review", json={}, headers=auth[role]).status_code == 403
        assert client.post(f"/v1/complaints/{complaint_id}/transitions", json={"to": "routed"},
                           headers=auth[role]).status_code == 403


def test_a_revoked_key_stops_working(client, auth, keys):
    assert client.get("/v1/model", headers=auth["analyst"]).status_code == 200
    key_id = keys["analyst"].split("_")[1]
    with client.app.state.runtime.sessions() as session:
        revoked = service.revoke(session=session, key_id=key_id)
    assert revoked.revoked_at is not None
    response = client.get("/v1/model", headers=auth["analyst"])
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"


def test_wrong_scheme_is_refused(client, keys):
    response = client.get("/v1/model", headers={"Authorization": f"Basic {keys['admin']}"})
    assert response.status_code == 401


def test_a_key_over_its_rate_is_429_with_retry_after_and_other_keys_go_on(client, auth):
    runtime = client.app.state.runtime
    runtime.settings = runtime.settings.model_copy(update={"rate_limit_per_minute": 3})
    answers = [client.get("/v1/model", headers=auth["analyst"]).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = client.get("/v1/model", headers=auth["analyst"])
    assert limited.json()["error"]["code"] == "rate_limited" and int(limited.headers["retry-after"]) >= 1
    assert client.get("/v1/model", headers=auth["agent"]).status_code == 200


def test_a_saturated_grading_pool_answers_503_with_retry_after(settings):
    import threading

    import anyio

    from serving.errors import Overloaded
    from serving.runtime import Runtime

    busy = settings.model_copy(update={"grading_threads": 1, "grading_queue": 1})
    runtime = Runtime(settings=busy, engine=None, sessions=None, grader=None, policy=None, origin=None, notifier=None)
    gate = threading.Event()

    async def main() -> None:
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(runtime.grading, gate.wait)      # holds the one grading thread
            await anyio.sleep(0.05)
            tasks.start_soon(runtime.grading, lambda: None)   # waits: the queue is full now
            await anyio.sleep(0.05)
            with pytest.raises(Overloaded) as refused:
                await runtime.grading(lambda: None)
            assert refused.value.headers == {"Retry-After": "1"}
            gate.set()

    anyio.run(main)
