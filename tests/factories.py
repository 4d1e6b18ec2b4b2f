"""Factories for test objects: predictions, cues and policies with overrides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pipeline.cues import Cues
from pipeline.policy.loader import default_policy_path
from pipeline.prediction import Prediction


def make_cues(**overrides: Any) -> Cues:
    values: dict[str, Any] = dict(emotion=0, escalation=False, escalation_kinds=(), compensation=False,
                                  compensation_amount=None, apology=False, impact="degraded",
                                  repetition=False, hits=())
    values.update(overrides)
    if values["escalation_kinds"]:
        values["escalation"] = True
    return Cues(**values)


def make_prediction(*, category: str = "费用问题", severity: int = 2, category_proba: float = 0.9,
                    severity_proba: float = 0.9, evidence: float = 1.0, cues: Cues | None = None) -> Prediction:
    cues = cues or make_cues()
    # the other levels share what the model's own level leaves, as a calibrated model's would
    scores = {level: severity_proba if level == severity else (1.0 - severity_proba) / 2 for level in (1, 2, 3)}
    return Prediction(category=category, category_proba=category_proba, category_scores={category: category_proba},
                      severity=severity, severity_proba=severity_proba, severity_scores=scores,
                      cues=cues, evidence=evidence, bundle_id="test-bundle")


def policy_dict() -> dict[str, Any]:
    return yaml.safe_load(default_policy_path().read_text(encoding="utf-8"))


def write_policy(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path
