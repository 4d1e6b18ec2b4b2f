"""MLflow tracking of training runs: parameters, data, figures, plots, the bundle.

Where runs go is a :class:`TrackingStore` the caller builds from its settings (the
embedded default: ``DATA_DIR/mlflow.db`` with artifacts in ``DATA_DIR/mlartifacts``; or a
tracking server). Nothing here reads the environment. Telemetry is off (no network).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.decision import Suggestion
from training import plots

EXPERIMENT = "tousu"


@dataclass(frozen=True)
class TrackingStore:
    """An MLflow tracking and registry store, and where an embedded one keeps artifacts."""

    uri: str
    artifact_root: Path

    @property
    def embedded(self) -> bool:
        return self.uri.startswith("sqlite:")


def configure(store: TrackingStore, experiment: str = EXPERIMENT) -> str:
    """Points MLflow at the tracking store and selects the experiment; returns the URI."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    import mlflow

    mlflow.set_tracking_uri(store.uri)
    mlflow.set_registry_uri(store.uri)
    if mlflow.get_experiment_by_name(experiment) is None:
        location = None
        if store.embedded:
            store.artifact_root.mkdir(parents=True, exist_ok=True)
            location = store.artifact_root.as_uri()
        mlflow.create_experiment(experiment, artifact_location=location)
    mlflow.set_experiment(experiment)
    return store.uri


@contextmanager
def training_run(store: TrackingStore, *, run_name: str, tags: dict[str, str] | None = None) -> Iterator[Any]:
    """Starts an MLflow run in the training experiment of ``store``."""
    configure(store)
    import mlflow

    with mlflow.start_run(run_name=run_name, tags=tags or {}) as run:
        yield run


def _flat(prefix: str, value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flat(f"{prefix}.{k}" if prefix else str(k), v))
        return out
    return {prefix: value}


def label_distribution(records: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    return {field: dict(sorted(Counter(str(r[field]) for r in records if r.get(field) is not None).items()))
            for field in ("category", "severity", "impact", "emotion")}


def log_params(config: dict[str, Any], *, data_sha256: str, n_records: int, policy_version: str,
               extra: dict[str, Any] | None = None) -> None:
    import mlflow

    params = {f"train.{k}": (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list, tuple)) else v)
              for k, v in config.items()}
    params.update({"data.sha256": data_sha256, "data.n": n_records, "policy.version": policy_version})
    params.update(extra or {})
    mlflow.log_params(params)


def log_figures(figures: dict[str, Any], *, prefix: str = "") -> None:
    """Logs every numeric figure, per-class ones included (``per_class.category.网络问题.f1``)."""
    import mlflow

    metrics = {f"{prefix}{k}": float(v) for k, v in _flat("", figures).items()
               if isinstance(v, (int, float)) and not isinstance(v, bool)}
    mlflow.log_metrics(metrics)


def log_evaluation_artifacts(records: Sequence[dict[str, Any]], decisions: Sequence[Suggestion],
                             figures: dict[str, Any], *, categories: Sequence[str],
                             prefix: str = "eval") -> None:
    """Logs confusion matrices, the calibration plot and the figures as JSON."""
    import mlflow

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cat = plots.confusion([r["category"] for r in records], [d.category for d in decisions], categories)
        sev = plots.confusion([int(r["severity"]) for r in records], [d.level for d in decisions], [1, 2, 3])
        plots.plot_confusion(cat, categories, "category", out / "confusion_category.png")
        plots.plot_confusion(sev, [1, 2, 3], "level (final)", out / "confusion_level.png")
        curves = {
            "category": plots.reliability([d.category_proba for d in decisions],
                                          [d.category == r["category"] for r, d in zip(records, decisions,
                                                                                       strict=True)]),
            "model level": plots.reliability([d.level_proba for d in decisions],
                                             [d.model_level == int(r["severity"])
                                              for r, d in zip(records, decisions, strict=True)]),
        }
        plots.plot_reliability(curves, out / "calibration.png")
        (out / "figures.json").write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
        (out / "calibration.json").write_text(json.dumps(curves, indent=2), encoding="utf-8")
        (out / "labels.json").write_text(json.dumps({"category": list(categories)}, ensure_ascii=False),
                                         encoding="utf-8")
        (out / "confusion.json").write_text(json.dumps({"category": cat.tolist(), "level": sev.tolist()}),
                                            encoding="utf-8")
        mlflow.log_artifacts(str(out), artifact_path=prefix)
    mlflow.log_metric(f"{prefix}.category_ece", plots.expected_calibration_error(curves["category"]))


def log_json(name: str, data: Any) -> None:
    import mlflow

    mlflow.log_text(json.dumps(data, ensure_ascii=False, indent=2), name)
