"""The whole loop on real files: champion → tickets through the API → agents' labels →
``tousu retrain`` → the gate promotes a better challenger, refuses a worse one → the
running service answers with the new champion, without a restart.
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import STARTER
from tousu.cli import main

pytestmark = pytest.mark.slow


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _wait_for_version(client, headers, version: str, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = client.get("/v1/model", headers=headers).json()
        if body["registry_version"] == version or time.monotonic() > deadline:
            return body
        time.sleep(0.2)


def test_retrain_promotes_a_better_model_and_refuses_a_worse_one(tmp_path, capsys, grader, monkeypatch):
    from fastapi.testclient import TestClient

    from serving.auth import service as keys
    from serving.auth.models import Role
    from serving.database.migrate import upgrade
    from serving.main import create_app
    from tousu.settings import Settings

    records = [json.loads(line) for line in STARTER.read_text(encoding="utf-8").splitlines()]
    random.Random(7).shuffle(records)
    per_category: dict[str, int] = {}
    base, rest = [], []
    for record in records:  # a weak champion: 6 examples per category; 200 tickets arrive later
        seen = per_category.setdefault(record["category"], 0)
        (base if seen < 6 else rest).append(record)
        per_category[record["category"]] = seen + 1
    tickets = rest[:200]
    base_file = _write_jsonl(tmp_path / "base.jsonl", base)
    data_dir = Path(os.environ["TOUSU_DATA_DIR"])
    gate = yaml.safe_load((Path(__file__).parents[2] / "training" / "promotion.yaml").read_text(encoding="utf-8"))
    gate["holdout"]["min_size"] = 20
    gate_file = tmp_path / "gate.yaml"
    gate_file.write_text(yaml.safe_dump(gate), encoding="utf-8")

    # 1. a champion, trained on little data
    assert main(["train", "--data", str(base_file), "--out", str(data_dir / "models" / "champion"), "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["champion"] == "1"

    # 2. the service follows the registry; intake systems store tickets, agents label them
    database_url = f"sqlite:///{data_dir / 'tousu.db'}"
    monkeypatch.setenv("TOUSU_DATABASE_URL", database_url)
    upgrade(database_url)
    settings = Settings(env="test", data_dir=data_dir, database_url=database_url, model_source="registry",
                        model_poll_seconds=0.3, secret_key="loop-secret-0123456789", key_cache_seconds=0,
                        _env_file=None)
    with TestClient(create_app(settings)) as client:
        runtime = client.app.state.runtime
        with runtime.sessions() as session:
            intake = {"Authorization": "Bearer " + keys.create(session=session, secret_key=settings.secret_key,
                                                                role=Role.intake).key}
            agent = {"Authorization": "Bearer " + keys.create(session=session, secret_key=settings.secret_key,
                                                               role=Role.agent).key}
        assert client.get("/v1/model", headers=agent).json()["registry_version"] == "1"
        corrected = 0
        reviewed_ids = []
        for record in tickets:
            created = client.post("/v1/complaints", json={"text": record["text"], "channel": "hotline"},
                                  headers=intake).json()
            reviewed_ids.append(str(created["id"]))
            decision = created["decision"]
            review = {}
            if (decision["category"], decision["level"]) != (record["category"], record["severity"]):
                review = {"category": record["category"], "level": record["severity"], "reason": "人工核实"}
                corrected += 1
            response = client.post(f"/v1/complaints/{created['id']}/review", json=review, headers=agent)
            assert response.status_code == 200, response.text
        assert corrected > 0  # the weak champion got some wrong

        # 3. retrain: the challenger learns from the labels and beats the champion; it carries the
        # newest 150 of the 160 older tickets as precedents (the cap, lowered here from 20,000)
        monkeypatch.setattr("training.retrain.PRECEDENTS_MAX", 150)
        assert main(["retrain", "--base", str(base_file), "--gate", str(gate_file), "--quiet"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["data"]["confirmed_tickets"] == 200 and result["data"]["holdout_records"] == 40
        assert result["data"]["train_eval_overlap_removed"] == 0
        assert result["promoted"], result["gate"]
        assert result["version"] == "2" and result["champion_version"] == "1"
        better = result["challenger"]["category_macro_f1"]
        assert better >= result["champion"]["category_macro_f1"]

        # 4. the running service picks it up without a restart
        assert _wait_for_version(client, agent, "2")["registry_version"] == "2"
        graded = client.post("/v1/classify", json={"text": tickets[0]["text"]}, headers=intake).json()
        assert graded["model_version"] == runtime.grader.bundle_id
        # it looks up the confirmed tickets it learnt from, never the held-out newest ones
        precedents = runtime.grader.bundle.precedents
        assert len(precedents) == 150 == runtime.grader.bundle.meta["precedents"]["n"]
        assert sorted(precedents.ids_) == sorted(reviewed_ids[10:160])

        # 5. a worse challenger, on purpose: regularised until it barely learns
        worse = tmp_path / "worse.json"
        worse.write_text(json.dumps({"C": 0.0001, "cue_weight": 0.0}), encoding="utf-8")
        assert main(["retrain", "--base", str(base_file), "--gate", str(gate_file), "--config", str(worse),
                     "--quiet"]) == 0
        refused = json.loads(capsys.readouterr().out)
        assert not refused["promoted"] and refused["version"] == "3"
        assert any("drops" in r for r in refused["gate"]["reasons"]), refused["gate"]
        time.sleep(1.0)
        assert client.get("/v1/model", headers=agent).json()["registry_version"] == "2"
