"""Every ``tousu train`` is an MLflow run; bundles are registered pyfunc models with aliases."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import STARTER
from tousu.cli import main

pytestmark = pytest.mark.slow


def _train(tmp_path, capsys, name="b1", *extra):
    assert main(["train", "--data", str(STARTER), "--out", str(tmp_path / name), "--quiet", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_train_is_a_tracked_registered_run(tmp_path, capsys):
    import mlflow
    from mlflow.tracking import MlflowClient

    from models.registry import champion

    summary = _train(tmp_path, capsys, "b1", "--eval-data", str(STARTER))
    data_dir = Path(os.environ["TOUSU_DATA_DIR"])
    uri = f"sqlite:///{(data_dir / 'mlflow.db').resolve()}"
    client = MlflowClient(tracking_uri=uri)
    run = client.get_run(summary["run_id"])
    params, metrics = run.data.params, run.data.metrics
    n_starter = len(STARTER.read_text(encoding="utf-8").splitlines())
    assert params["train.C"] == "1.0" and params["data.n"] == str(n_starter) and len(params["data.sha256"]) == 64
    assert params["policy.version"]
    assert metrics["category_macro_f1"] > 0.9 and "severity_recall_3" in metrics
    assert "per_class.category.网络问题.f1" in metrics
    artifacts = {a.path for a in client.list_artifacts(run.info.run_id, "eval")}
    assert {"eval/confusion_category.png", "eval/confusion_level.png", "eval/calibration.png"} <= artifacts
    assert summary["registered_version"] == "1" and summary["champion"] == "1"   # the first model is champion
    live = champion(uri)
    assert live is not None and live.version == "1" and (live.path / "meta.json").is_file()

    mlflow.set_tracking_uri(uri)
    model = mlflow.pyfunc.load_model("models:/tousu-grader@champion")
    import pandas as pd

    out = model.predict(pd.DataFrame({"text": ["宽带完全无法上网，要向工信部投诉", "   "]}))
    assert out.loc[0, "level"] == 3 and out.loc[1, "error"] == "empty_text"

    second = _train(tmp_path, capsys, "b2")
    assert second["registered_version"] == "2" and "champion" not in second   # a candidate, not live
    assert str(client.get_model_version_by_alias("tousu-grader", "challenger").version) == "2"


def test_promote_and_rollback_are_recorded(tmp_path, capsys):
    from mlflow.tracking import MlflowClient

    _train(tmp_path, capsys, "b1", "--no-track")
    _train(tmp_path, capsys, "b2")
    _train(tmp_path, capsys, "b3")
    uri = f"sqlite:///{(Path(os.environ['TOUSU_DATA_DIR']) / 'mlflow.db').resolve()}"
    client = MlflowClient(tracking_uri=uri)
    assert str(client.get_model_version_by_alias("tousu-grader", "champion").version) == "1"

    assert main(["promote", "2", "--reason", "better on last week's tickets"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["from"], record["to"], record["action"]) == ("1", "2", "promote")
    assert str(client.get_model_version_by_alias("tousu-grader", "champion").version) == "2"
    assert main(["rollback", "--reason", "complaints from agents"]) == 0
    assert json.loads(capsys.readouterr().out)["to"] == "1"
    assert str(client.get_model_version_by_alias("tousu-grader", "champion").version) == "1"
    runs = client.search_runs([client.get_experiment_by_name("tousu-promotions").experiment_id])
    assert sorted(r.data.params["action"] for r in runs) == ["promote", "promote", "rollback"]
    assert main(["promote", "99", "--reason", "x"]) == 2
    assert "error[registry_invalid]" in capsys.readouterr().err


def test_a_fresh_service_process_serves_the_registered_champion(tmp_path, capsys):
    """What `make run` does: train (tracked, registered), then `tousu serve` in its own processes."""
    import urllib.request

    from tests.live_server import live_server

    data_dir = Path(os.environ["TOUSU_DATA_DIR"])
    _train(tmp_path, capsys, "b1")
    elsewhere = tmp_path / "elsewhere"  # the service's working directory is not the data directory
    elsewhere.mkdir()
    with live_server(data_dir=data_dir, model_dir=None, workers=2, cwd=elsewhere) as server:
        key = server.create_key("analyst")
        request = urllib.request.Request(server.url + "/v1/model", headers={"Authorization": f"Bearer {key}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = json.loads(response.read())
    assert body["model_source"] == "registry" and body["registry_version"] == "1"
    assert not (elsewhere / "mlflow.db").exists()  # no stray store where the service happened to start
