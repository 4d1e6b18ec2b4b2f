"""Batch grading in child processes (TOUSU_GRADING_PROCESSES) answers exactly as the grading
threads do, reports bad items in place, and follows a swapped model."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.slow
BATCH = {"items": [{"text": "家里宽带这两天晚上经常卡顿"}, {"text": "hello"},
                   {"text": "本月话费多扣了三十元，要求退还", "received_at": "2026-11-02T10:00:00+08:00"},
                   {"text": "客户来电反映宽带完全无法上网，要求赔偿，并表示要向工信部投诉"}]}


def _answer(settings, grader, auth_key_role="intake"):
    from fastapi.testclient import TestClient

    from serving.auth import service as keys
    from serving.auth.models import Role
    from serving.main import create_app

    with TestClient(create_app(settings, grader=grader)) as client:
        runtime = client.app.state.runtime
        with runtime.sessions() as session:
            key = keys.create(session=session, secret_key=settings.secret_key, role=Role(auth_key_role)).key
        headers = {"Authorization": f"Bearer {key}"}
        first = client.post("/v1/classify/batch", headers=headers, json=BATCH)
        too_many = client.post("/v1/classify/batch", headers=headers,
                               json={"items": [{"text": "宽带断网"}] * (settings.max_batch + 1)})
        swapped = None
        if runtime.pool is not None:
            old = runtime.pool
            runtime.swap_grader(runtime.grader, runtime.origin)  # what a new champion does
            assert runtime.pool is not old
            swapped = client.post("/v1/classify/batch", headers=headers, json=BATCH)
        return first, too_many, swapped


def _comparable(body: dict) -> list:
    out = []
    for item in body["results"]:
        if item["result"] is None:
            out.append(item["error"]["code"])
            continue
        result = dict(item["result"])
        result.pop("timing_ms", None)
        if item["index"] != 2:  # no receipt time given: "now", which differs between the two calls
            for key in ("received_at", "deadlines", "clock_starts"):
                result.pop(key, None)
        out.append(json.dumps(result, sort_keys=True, ensure_ascii=False))
    return out


def test_processes_grade_exactly_as_threads(settings, grader):
    threads, threads_too_many, _ = _answer(settings, grader)
    processes, processes_too_many, swapped = _answer(settings.model_copy(update={"grading_processes": 1}), grader)
    assert threads.status_code == processes.status_code == 200
    assert _comparable(processes.json()) == _comparable(threads.json())
    assert processes.json()["failed"] == 1 and _comparable(processes.json())[1] == "not_chinese"
    assert processes_too_many.status_code == threads_too_many.status_code == 422
    assert processes_too_many.json()["error"]["code"] == "batch_too_large"
    assert swapped is not None and _comparable(swapped.json()) == _comparable(threads.json())
