"""Settings come from TOUSU_* variables; a default secret is refused outside dev mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from tousu.settings import DEFAULT_SECRET, Settings


def test_settings_read_prefixed_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TOUSU_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("TOUSU_MAX_BATCH", "7")
    settings = Settings(_env_file=None)
    assert settings.data_dir == tmp_path and settings.max_batch == 7
    assert settings.resolved_database_url == f"sqlite:///{(tmp_path / 'tousu.db').resolve()}"
    assert settings.resolved_model_dir == tmp_path / "models" / "default"
    monkeypatch.setenv("TOUSU_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert Settings(_env_file=None).resolved_database_url == "postgresql+psycopg://u@h/db"


def test_settings_read_a_dotenv_file(monkeypatch, tmp_path):
    env = tmp_path / ".env"
    env.write_text("TOUSU_ENV=prod\nTOUSU_SECRET_KEY=a-real-secret-of-some-length\n", encoding="utf-8")
    settings = Settings(_env_file=env)
    assert settings.env == "prod" and settings.secret_key == "a-real-secret-of-some-length"


def test_default_secret_is_refused_in_production(monkeypatch):
    monkeypatch.delenv("TOUSU_SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="TOUSU_SECRET_KEY"):
        Settings(env="prod", _env_file=None)
    assert Settings(env="dev", _env_file=None).secret_key == DEFAULT_SECRET


def test_short_secret_and_bad_limits_are_refused():
    with pytest.raises(ValidationError):
        Settings(secret_key="short", _env_file=None)
    with pytest.raises(ValidationError):
        Settings(max_batch=0, _env_file=None)


def test_serve_refuses_to_start_with_the_default_secret_in_production(monkeypatch, tmp_path, capsys):
    from tousu.cli import main

    monkeypatch.setenv("TOUSU_ENV", "prod")
    monkeypatch.delenv("TOUSU_SECRET_KEY", raising=False)
    monkeypatch.setenv("TOUSU_DATA_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # no stray .env
    assert main(["serve", "--port", "1"]) == 2
    assert "error[settings_invalid]" in capsys.readouterr().err
    assert not Path(tmp_path / "tousu.db").exists()


@pytest.mark.slow
def test_train_retrain_and_serve_find_one_store_and_one_registry_from_a_dotenv(monkeypatch, tmp_path, capsys):
    """The settings are read once, from .env too: no command falls back to ./var on its own."""
    from models.registry import champion
    from serving.runtime import resolve_model
    from tests.conftest import STARTER
    from tousu.cli import main

    srv = tmp_path / "srv" / "tousu"
    workdir = tmp_path / "work"
    workdir.mkdir()
    (workdir / ".env").write_text(f"TOUSU_DATA_DIR={srv}\n", encoding="utf-8")
    monkeypatch.chdir(workdir)
    for name in ("TOUSU_DATA_DIR", "TOUSU_DATABASE_URL", "TOUSU_MODEL_DIR", "MLFLOW_TRACKING_URI"):
        monkeypatch.delenv(name, raising=False)

    assert main(["train", "--data", str(STARTER), "--out", str(srv / "models" / "first"), "--quiet"]) == 0
    assert json.loads(capsys.readouterr().out)["champion"] == "1"
    assert main(["retrain", "--base", str(STARTER), "--quiet"]) == 0
    retrained = json.loads(capsys.readouterr().out)
    assert retrained["version"] == "2" and retrained["champion_version"] == "1"

    assert not (workdir / "var").exists() and not (workdir / "mlflow.db").exists()
    assert (srv / "mlflow.db").is_file() and (srv / "tousu.db").is_file()
    assert list((srv / "exports").glob("labels-*.jsonl"))  # retrain read the store's export
    settings = Settings()  # what `tousu serve` and its workers build, in the same directory
    assert settings.tracking_uri == f"sqlite:///{(srv / 'mlflow.db').resolve()}"
    origin = resolve_model(settings)
    live = champion(settings.tracking_uri)
    assert origin.source == "registry" and live is not None and origin.version == live.version
    assert str(origin.path).startswith(str(srv))


def test_settings_errors_never_echo_a_secret(monkeypatch, tmp_path, capsys):
    from tousu.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOUSU_SECRET_KEY", "tooshort-Zq9")
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error[settings_invalid]: secret_key:") and "Zq9" not in err


def test_an_unreachable_store_is_one_coded_line_without_its_password(monkeypatch, tmp_path, capsys):
    from tousu.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOUSU_DATABASE_URL", "postgresql+psycopg://postgres:Sup3rSecretPw@127.0.0.1:1/nowhere")
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error[database_unavailable]:") and "Sup3rSecretPw" not in err and "Traceback" not in err


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql+psycopg://tousu:s3cret@db:5432/tousu", "postgresql+psycopg://tousu:***@db:5432/tousu"),
    ("sqlite:////srv/tousu/tousu.db", "sqlite:////srv/tousu/tousu.db"),
    ("http://mlflow:5000", "http://mlflow:5000"),
])
def test_redact_url_hides_passwords_only(url, shown):
    from pipeline.errors import redact_url

    assert redact_url(url) == shown
