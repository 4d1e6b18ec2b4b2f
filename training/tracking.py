"""MLflow tracking of training runs: parameters, data, figures, plots, the bundle.

The embedded default is a SQLite tracking store with artifacts in the data directory
(``DATA_DIR/mlflow.db``, ``DATA_DIR/mlartifacts``); ``MLFLOW_TRACKING_URI`` points it
at a tracking server instead. Telemetry is off (no network).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from models.registry import default_tracking_uri
from training import plots

EXPERIMENT = "tousu"


def tracking_uri(data_dir: Path) -> str:
    return os.environ.get("MLFLOW_TRACKING_URI") or default_tracking_uri(data_dir)


def configure(data_dir: Path, experiment: str = EXPERIMENT) -> str:
    """Points MLflow at the tracking store and selects the experiment; returns the URI."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    import mlflow

    uri = tracking_uri(data_dir)
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    if mlflow.get_experiment_by_name(experiment) is None:
        location = None
        if uri.startswith("sqlite:"):
            root = (Path(data_dir) / "mlartifacts").resolve()
            root.mkdir(parents=True, exist_ok=True)
            location = root.as_uri()
        mlflow.create_experiment(experiment, artifact_location=location)
    mlflow.set_experiment(experiment)
    return uri


@contextmanager
def training_run(data_dir: Path, *, run_name: str, tags: dict[str, str] | None = None) -> Iterator[Any]:
    configure(data_dir)
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


def log_evaluation_artifacts(records: Sequence[dict[str, Any]], decisions: Sequence[dict[str, Any]],
                             figures: dict[str, Any], *, categories: Sequence[str],
                             prefix: str = "eval") -> None:
    """Logs confusion matrices, the calibration plot and the figures as JSON."""
    import mlflow

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        cat = plots.confusion([r["category"] for r in records], [d["category"] for d in decisions], categories)
        sev = plots.confusion([int(r["severity"]) for r in records], [int(d["severity"]) for d in decisions],
                              [1, 2, 3])
        plots.plot_confusion(cat, categories, "category", out / "confusion_category.png")
        plots.plot_confusion(sev, [1, 2, 3], "level (final)", out / "confusion_level.png")
        curves = {
            "category": plots.reliability([d["category_proba"] for d in decisions],
                                          [d["category"] == r["category"] for r, d in zip(records, decisions,
                                                                                          strict=True)]),
            "model level": plots.reliability([d["severity_proba"] for d in decisions],
                                             [int(d["model_severity"]) == int(r["severity"])
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
