"""Writing the MLflow model registry: register bundles, move the champion, record why.

One registered model (``tousu-grader``); the alias ``champion`` is the live model, and
``challenger`` the newest candidate. Every promotion or rollback is itself an MLflow
run in the ``tousu-promotions`` experiment (who, when, from, to, why), and the new
champion version carries the previous one in its ``previous_champion`` tag, so a
rollback knows where to go.
"""

from __future__ import annotations

import datetime as dt
import getpass
import warnings
from pathlib import Path
from typing import Any

from models.errors import RegistryError
from models.registry import CHALLENGER, CHAMPION, REGISTERED_NAME, client, version_by_alias
from training import tracking

PYFUNC_CODE = Path(__file__).resolve().parent.parent / "tousu" / "mlflow_model.py"
PROMOTIONS = "tousu-promotions"


def register_bundle(bundle_dir: Path, *, name: str = REGISTERED_NAME) -> str:
    """Logs the bundle as a pyfunc model in the active run and registers it; returns the version."""
    import mlflow
    from mlflow.models import ModelSignature
    from mlflow.types import ColSpec, Schema

    from tousu import __version__

    signature = ModelSignature(
        inputs=Schema([ColSpec("string", "text"), ColSpec("string", "received_at", required=False)]),
        outputs=Schema([ColSpec("string", "category"), ColSpec("long", "level"), ColSpec("long", "model_level"),
                        ColSpec("string", "lead_department"), ColSpec("boolean", "needs_review"),
                        ColSpec("string", "error")]),
    )
    with warnings.catch_warnings():  # the signature is explicit; MLflow still suggests type hints
        warnings.filterwarnings("ignore", message=".*(type hint|input example|Type hint).*")
        info = mlflow.pyfunc.log_model(
            name="model", python_model=str(PYFUNC_CODE), artifacts={"bundle": str(bundle_dir)},
            pip_requirements=[f"tousu=={__version__}"],  # explicit: inferring them costs seconds
            registered_model_name=name, signature=signature,
        )
    return str(info.registered_model_version)


def set_alias(uri: str, alias: str, version: str, *, name: str = REGISTERED_NAME) -> None:
    client(uri).set_registered_model_alias(name, alias, version)


def move_champion(store: tracking.TrackingStore, version: str, *, reason: str, action: str,
                  name: str = REGISTERED_NAME, figures: dict[str, Any] | None = None) -> dict[str, Any]:
    """Points ``champion`` at ``version`` and records the move as a run; returns the record."""
    import mlflow

    uri = tracking.configure(store, PROMOTIONS)
    mlflow_client = client(uri)
    try:
        mlflow_client.get_model_version(name, version)
    except mlflow.exceptions.MlflowException:
        raise RegistryError(f"Model {name} has no version {version!r}.") from None
    current = version_by_alias(uri, CHAMPION, name)
    previous = current.version if current else None
    record = {"action": action, "from": previous, "to": version, "reason": reason,
              "by": getpass.getuser(), "at": dt.datetime.now(dt.UTC).isoformat()}
    with mlflow.start_run(run_name=f"{action} v{previous} -> v{version}"):
        mlflow.log_params({k: v for k, v in record.items() if v is not None})
        if figures:
            tracking.log_json("gate.json", figures)
    if action == "promote" and previous and previous != version:  # a rollback keeps the history
        mlflow_client.set_model_version_tag(name, version, "previous_champion", previous)
    mlflow_client.set_model_version_tag(name, version, "promoted_at", record["at"])
    mlflow_client.set_registered_model_alias(name, CHAMPION, version)
    tracking.configure(store)  # back to the training experiment
    return record


def rollback(store: tracking.TrackingStore, *, reason: str, name: str = REGISTERED_NAME) -> dict[str, Any]:
    """Makes the champion before the current one live again."""
    uri = store.uri
    current = version_by_alias(uri, CHAMPION, name)
    if current is None:
        raise RegistryError("There is no champion to roll back from.")
    tags = client(uri).get_model_version(name, current.version).tags
    previous = tags.get("previous_champion")
    if not previous:
        raise RegistryError(f"Champion version {current.version} records no previous champion; "
                            "use `tousu promote VERSION` to choose one.")
    return move_champion(store, previous, reason=reason, action="rollback", name=name)


__all__ = ["CHALLENGER", "CHAMPION", "RegistryError", "move_champion", "register_bundle", "rollback", "set_alias"]
