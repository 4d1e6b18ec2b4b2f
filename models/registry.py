"""Reading the MLflow model registry: which bundle is the champion, and where it lies.

The bundle of a registered version is an artifact of its pyfunc model; the service
loads it with ``Grader.from_path`` like any bundle. Writing to the registry (register,
aliases, promotion) lives in ``training.registry``. MLflow is imported lazily: a service
that loads its bundle from a directory never pays for it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from models.errors import BundleError, RegistryError
from pipeline.errors import redact_url

REGISTERED_NAME = "tousu-grader"
CHAMPION = "champion"
CHALLENGER = "challenger"
BUNDLE_ARTIFACT = "bundle"


def client(tracking_uri: str) -> Any:
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=tracking_uri, registry_uri=tracking_uri)


def prepare_store(tracking_uri: str) -> None:
    """Creates the tracking store's tables if it has none; does nothing to a ready store.

    MLflow creates them on first use. Several service workers starting together on a new
    store would all try at once and race each other's ``CREATE TABLE``; ``tousu serve``
    calls this once, before it starts its workers. A store that cannot be reached or
    created is a ``RegistryError`` naming it, before any worker starts.
    """
    from mlflow.exceptions import MlflowException
    from sqlalchemy.exc import SQLAlchemyError

    try:
        client(tracking_uri).search_registered_models(max_results=1)
    except (MlflowException, SQLAlchemyError, OSError) as exc:
        raise RegistryError(f"The tracking store {redact_url(tracking_uri)} cannot be used: "
                            f"{redact_url(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)}") from exc


@dataclass(frozen=True)
class RegisteredBundle:
    """One registered model version and the local path of its bundle."""

    name: str
    version: str
    path: Path
    run_id: str | None
    aliases: tuple[str, ...]


def bundle_path(tracking_uri: str, name: str, version: str) -> Path:
    """Returns the local directory of a registered version's bundle (downloaded if remote)."""
    import mlflow

    # a models:/ URI resolves through the *registry* URI, which MLflow otherwise defaults
    # to ./mlflow.db: point both at the store we were given
    mlflow.set_tracking_uri(tracking_uri)
    mlflow.set_registry_uri(tracking_uri)
    local = Path(mlflow.artifacts.download_artifacts(artifact_uri=f"models:/{name}/{version}",
                                                     tracking_uri=tracking_uri))
    spec = yaml.safe_load((local / "MLmodel").read_text(encoding="utf-8"))
    try:
        relative = spec["flavors"]["python_function"]["artifacts"][BUNDLE_ARTIFACT]["path"]
    except (KeyError, TypeError):
        raise BundleError(f"Model {name} version {version} has no '{BUNDLE_ARTIFACT}' artifact; "
                          "it was not registered by tousu.") from None
    return local / relative


def version_by_alias(tracking_uri: str, alias: str, name: str = REGISTERED_NAME) -> RegisteredBundle | None:
    """Returns the version an alias points at, or None when there is none (or no registry)."""
    from mlflow.exceptions import MlflowException

    try:
        mv = client(tracking_uri).get_model_version_by_alias(name, alias)
    except MlflowException:
        return None
    return RegisteredBundle(name=name, version=str(mv.version), path=bundle_path(tracking_uri, name, mv.version),
                            run_id=mv.run_id, aliases=tuple(mv.aliases))


def champion(tracking_uri: str, name: str = REGISTERED_NAME) -> RegisteredBundle | None:
    """Returns the live model's version, or None when no champion is registered."""
    return version_by_alias(tracking_uri, CHAMPION, name)
