"""One grading path: the command line, the service and the MLflow model grade the same
file alike, receipt times included, under the policy the settings name."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pandas as pd
import pytest

from tests.factories import policy_dict, write_policy
from tousu.grading import EARLIEST, Item, classify, received_time

TEXT = "宽带完全无法上网，要向工信部投诉"
# received: yesterday, naive (read in the policy's zone), a year from now, before 2000, not a time
STAMPS = ["{yesterday}", "{naive}", "{next_year}", "1999-12-31T23:00:00+08:00", "not a time"]
EXPECTED_ERRORS = [None, None, "received_at_in_future", "received_at_out_of_range", "invalid_received_at"]


def _stamps(policy):
    now = dt.datetime.now(policy.zone)
    values = {"yesterday": (now - dt.timedelta(days=1)).isoformat(),
              "naive": (now - dt.timedelta(hours=2)).replace(tzinfo=None).isoformat(),
              "next_year": (now + dt.timedelta(days=365)).isoformat()}
    return [s.format(**values) for s in STAMPS]


def test_received_time_reads_naive_times_in_the_policy_zone(policy):
    now = dt.datetime(2026, 11, 30, 12, tzinfo=policy.zone)
    assert received_time(None, policy, now=now) == now
    assert received_time("2026-11-30T09:00:00", policy, now=now) == dt.datetime(2026, 11, 30, 9, tzinfo=policy.zone)
    assert received_time(EARLIEST, policy, now=now) == EARLIEST
    assert received_time(now + dt.timedelta(minutes=4), policy, now=now) > now  # clocks drift a little


def test_grading_module_gives_each_item_its_result_or_code(grader, policy):
    results = classify(grader, policy, [Item(TEXT, stamp) for stamp in _stamps(policy)])
    assert [getattr(r, "code", None) for r in results] == EXPECTED_ERRORS
    assert results[0].level == 3 and results[1].received_at.utcoffset() == dt.timedelta(hours=8)


def test_service_batch_reads_receipt_times_like_the_grading_module(client, auth, policy):
    items = [{"text": TEXT, "received_at": stamp} for stamp in _stamps(policy)]
    body = client.post("/v1/classify/batch", json={"items": items}, headers=auth["intake"]).json()
    codes = [r["error"]["code"] if r["error"] else None for r in body["results"]]
    # the HTTP schema refuses a string that is no date-time before grading: a validation error
    assert codes == [*EXPECTED_ERRORS[:4], "validation_error"]


def test_cli_file_reads_receipt_times_like_the_grading_module(starter_bundle, policy, tmp_path, capsys):
    from tousu.cli import main

    rows = tmp_path / "in.jsonl"
    rows.write_text("\n".join(json.dumps({"id": i, "text": TEXT, "received_at": s}, ensure_ascii=False)
                              for i, s in enumerate(_stamps(policy))), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["classify", "--model", str(starter_bundle.path), "--input", str(rows), "--output", str(out),
                 "--quiet"]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x.get("error", {}).get("code") for x in lines] == EXPECTED_ERRORS
    assert lines[0]["decision"]["level"] == 3 and [x["id"] for x in lines] == list(range(5))


def _mlflow_model(bundle):
    from tousu.mlflow_model import TousuGraderModel

    model = TousuGraderModel()
    model.load_context(SimpleNamespace(artifacts={"bundle": str(bundle.path)}))
    return model


def test_mlflow_model_reads_receipt_times_like_the_grading_module(starter_bundle, policy):
    frame = pd.DataFrame({"text": [TEXT] * 5, "received_at": _stamps(policy)})
    out = _mlflow_model(starter_bundle).predict(None, frame)
    assert [None if pd.isna(e) else e for e in out["error"]] == EXPECTED_ERRORS
    assert out.loc[0, "level"] == 3


def test_mlflow_model_grades_under_the_policy_the_settings_name(starter_bundle, tmp_path, monkeypatch):
    data = policy_dict()
    data["version"] = "test-leadership-elsewhere"
    data["levels"][3]["handled_by"] = "技术部门"
    monkeypatch.setenv("TOUSU_POLICY", str(write_policy(tmp_path, data)))
    frame = pd.DataFrame({"text": [TEXT]})
    assert _mlflow_model(starter_bundle).predict(None, frame).loc[0, "lead_department"] == "技术部门"
    monkeypatch.delenv("TOUSU_POLICY")
    assert _mlflow_model(starter_bundle).predict(None, frame).loc[0, "lead_department"] == "投诉处理领导小组"


@pytest.mark.parametrize("route", ["/v1/classify"])
def test_routes_answer_with_the_pipeline_decision_type(client, auth, route):
    """The response is the pipeline's Classification, validated by FastAPI's response_model."""
    from pipeline.decision import Classification

    body = client.post(route, json={"text": TEXT}, headers=auth["intake"]).json()
    assert Classification.model_validate(body).model_dump(mode="json") == body
