"""POST /v1/classify and /v1/classify/batch: graded, explained, masked; one result per item."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)

TEXT = "客户来电反映家里宽带从昨天起完全无法上网，客户情绪激动，要求赔偿并表示要向工信部投诉，联系电话13812345678"


def test_classify_grades_explains_and_masks(client, auth):
    response = client.post("/v1/classify", json={"text": TEXT}, headers=auth["intake"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["level"] == 3 and body["notify_leadership"] is True
    assert {"ESC-REGULATOR", "IMPACT-INTERRUPTED"} <= {r["id"] for r in body["rules"]}
    assert body["lead_department"] == "投诉处理领导小组"
    assert set(body["deadlines"]) >= {"respond", "plan", "resolve"}
    assert "13812345678" not in response.text and "<PHONE>" in body["text_masked"]
    assert any(s["cue"].startswith("escalation") for s in body["cues"]["spans"])
    assert body["model_version"] == client.app.state.runtime.grader.bundle_id


def test_classify_honours_received_at_in_the_policy_zone(client, auth):
    # Friday 2026-10-30 18:30 in Shanghai: after the 17:00 cut-off, so the clock starts Monday
    body = client.post("/v1/classify",
                       json={"text": "宽带网速很慢，希望尽快处理", "received_at": "2026-10-30T18:30:00"},
                       headers=auth["agent"]).json()
    assert body["received_at"].startswith("2026-10-30T18:30:00+08:00")
    assert body["clock_starts"] == "2026-11-02"


@pytest.mark.parametrize(("when", "code"), [("2099-01-01T00:00:00+08:00", "received_at_in_future"),
                                            ("0140-08-02T23:04:27-21:23", "received_at_out_of_range")])
def test_classify_refuses_an_impossible_receipt_time(client, auth, when, code):
    # found by schemathesis: year 140 in Asia/Shanghai has a +08:05:43 offset, not RFC 3339
    response = client.post("/v1/classify", json={"text": TEXT, "received_at": when}, headers=auth["intake"])
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize(("text", "code"), [("   ", "empty_text"), ("hello world", "not_chinese"),
                                            ("投诉" * 3000, "text_too_long")])
def test_classify_bad_text_is_a_coded_422(client, auth, text, code):
    response = client.post("/v1/classify", json={"text": text}, headers=auth["intake"])
    assert response.status_code == 422
    assert response.json()["error"]["code"] == code


def test_batch_reports_bad_items_in_place_and_grades_the_rest(client, auth):
    items = [{"text": TEXT}, {"text": ""}, {"txt": "wrong field"}, "not an object",
             {"text": "手机信号差，经常打不通电话"}]
    response = client.post("/v1/classify/batch", json={"items": items}, headers=auth["intake"])
    assert response.status_code == 200, response.text
    body = response.json()
    assert [r["index"] for r in body["results"]] == list(range(5))
    assert (body["graded"], body["failed"]) == (2, 3)
    assert body["results"][0]["result"]["level"] == 3
    assert body["results"][1]["error"]["code"] == "empty_text"
    assert body["results"][2]["error"]["code"] == "validation_error"
    assert body["results"][3]["error"]["code"] == "validation_error"
    assert body["results"][4]["result"]["category"] == "网络问题"
    single = client.post("/v1/classify", json={"text": TEXT}, headers=auth["intake"]).json()
    assert single["category_scores"] == body["results"][0]["result"]["category_scores"]


def test_batch_limits(client, auth, settings):
    too_many = [{"text": TEXT}] * (settings.max_batch + 1)
    response = client.post("/v1/classify/batch", json={"items": too_many}, headers=auth["intake"])
    assert response.status_code == 422 and response.json()["error"]["code"] == "batch_too_large"
    response = client.post("/v1/classify/batch", json={"items": []}, headers=auth["intake"])
    assert response.json()["error"]["code"] == "empty_batch"


def test_classify_needs_a_key(client, auth):
    response = client.post("/v1/classify", json={"text": TEXT})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "unauthorized"
    bad = client.post("/v1/classify", json={"text": TEXT}, headers={"Authorization": "Bearer tsk_nope_nope"})
    assert bad.status_code == 401



def test_grading_runs_off_the_event_loop(client, auth, monkeypatch):
    """Grading is CPU-bound: it runs in the grading pool, where no event loop runs, so a
    large batch never holds the worker's loop (health checks, other requests)."""
    import asyncio

    from serving.classify import service

    seen: list[bool] = []

    def spy(original):
        def run(**kwargs):
            try:
                asyncio.get_running_loop()
                seen.append(True)  # called on the event loop
            except RuntimeError:
                seen.append(False)
            return original(**kwargs)
        return run

    monkeypatch.setattr(service, "classify_one", spy(service.classify_one))
    monkeypatch.setattr(service, "classify_batch", spy(service.classify_batch))
    assert client.post("/v1/classify", json={"text": "宽带断网"}, headers=auth["intake"]).status_code == 200
    batch = client.post("/v1/classify/batch", json={"items": [{"text": "宽带断网"}] * 3}, headers=auth["intake"])
    assert batch.status_code == 200 and seen == [False, False]
