"""Fixtures shared by every test package (defined once, here)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

pytest_plugins = ["tests.service_fixtures"]  # the service's store, app and key fixtures

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "training" / "data" / "starter.jsonl"
COCC_DIR = Path(os.environ.get("TOUSU_COCC_DIR", ROOT.parent / "shared" / "data" / "cocc"))
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Every test gets its own data directory and the embedded tracking store in it."""
    monkeypatch.setenv("TOUSU_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.delenv("TOUSU_DATABASE_URL", raising=False)
    monkeypatch.delenv("TOUSU_MODEL_DIR", raising=False)
    monkeypatch.setenv("MLFLOW_DISABLE_TELEMETRY", "true")


@pytest.fixture(scope="session")
def policy():
    from pipeline.policy import load_policy

    return load_policy()


@pytest.fixture(scope="session")
def starter_records():
    return [json.loads(line) for line in STARTER.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def starter_bundle(tmp_path_factory):
    """A bundle trained once per session on the project's own starter data."""
    from training.config import TrainConfig
    from training.data import load_labelled
    from training.train import train

    data = load_labelled(STARTER)
    bundle, problems = train(data.records, tmp_path_factory.mktemp("bundle") / "starter",
                             config=TrainConfig(), data_sha256=data.sha256)
    assert problems == []
    return bundle


@pytest.fixture(scope="session")
def grader(starter_bundle):
    from models.grader import Grader

    return Grader(starter_bundle)


@pytest.fixture(scope="session")
def cocc_train():
    """The licensed shared COCC data; tests using it skip with a clear message when absent."""
    path = COCC_DIR / "train.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is absent: the COCC corpus is research-only and never copied into this "
                    "repository; place it at ../shared/data/cocc to run this test")
    return path
