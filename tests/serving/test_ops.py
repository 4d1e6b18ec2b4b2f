"""Health, readiness, metrics and the live model's versions."""

from __future__ import annotations

import re

import pytest

from serving.database.migrate import head_revision

pytestmark = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["ready"] is True
    assert ready.json()["checks"]["database"] == f"revision {head_revision()}"


def test_readiness_warns_when_the_coming_days_count_on_a_provisional_calendar(client):
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        assert client.get("/readyz").json()["warnings"] == []
    # chinese_calendar's release knows 2004 to 2026: a December sees January 2027 coming
    with time_machine.travel(dt.datetime(2026, 12, 15, 9, tzinfo=dt.UTC), tick=False):
        ready = client.get("/readyz").json()
    assert ready["ready"] is True
    [warning] = ready["warnings"]
    assert "provisional" in warning and "2027" in warning and "calendar.years" in warning


def test_not_ready_on_an_unmigrated_database(tmp_path, settings, grader):
    from fastapi.testclient import TestClient

    from serving.main import create_app

    bare = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path / 'empty.db'}"})
    with TestClient(create_app(bare, grader=grader)) as test_client:
        response = test_client.get("/readyz")
    assert response.status_code == 503 and response.json()["ready"] is False
    assert "not migrated" in response.json()["checks"]["database"]


def test_model_info_names_the_live_versions(client, auth, policy):
    body = client.get("/v1/model", headers=auth["analyst"]).json()
    assert body["model_version"] == client.app.state.runtime.grader.bundle_id
    assert body["policy_version"] == policy.version and "网络问题" in body["categories"]


def _value(page: str, name: str, **labels: str) -> float:
    for line in page.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_metrics_count_requests_grades_and_reviews(client, auth):
    before = client.get("/metrics").text
    client.post("/v1/classify", json={"text": "宽带断网了"}, headers=auth["intake"])
    created = client.post("/v1/complaints", json={"text": "宽带经常断线", "channel": "app"},
                          headers=auth["intake"]).json()
    client.post(f"/v1/complaints/{created['id']}/review", json={}, headers=auth["agent"])
    client.get(f"/v1/complaints/{created['id']}", headers=auth["agent"])
    page = client.get("/metrics").text
    route = {"method": "POST", "route": "/v1/classify", "status": "200"}
    counted = _value(page, "tousu_http_requests_total", **route)
    assert counted == _value(before, "tousu_http_requests_total", **route) + 1
    assert _value(page, "tousu_http_request_duration_seconds_count", method="POST", route="/v1/classify") >= 1
    assert _value(page, "tousu_http_requests_total", method="GET", route="/v1/complaints/{complaint_id}") >= 1
    assert not re.search(r'route="/v1/complaints/[0-9a-f]{22}', page)  # ids never become labels
    level = str(created["decision"]["level"])
    assert sum(_value(page, "tousu_decisions_total", level=level, source=s) for s in ("classify", "intake")) >= 1
    assert _value(page, "tousu_reviews_total", action="confirm") >= 1



def test_openapi_documents_the_limits(client, settings, policy):
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert schema["ClassifyRequest"]["properties"]["text"]["maxLength"] == 5000
    assert schema["ComplaintCreate"]["properties"]["text"]["minLength"] == 1
    items = schema["ClassifyBatchRequest"]["properties"]["items"]
    assert (items["minItems"], items["maxItems"]) == (1, settings.max_batch)
    category = schema["ReviewCreate"]["properties"]["category"]
    assert [b.get("enum") for b in category["anyOf"] if b.get("type") == "string"] == [list(policy.categories)]
