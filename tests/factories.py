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
                                  repetition=False, spans=())
    values.update(overrides)
    if values["escalation_kinds"]:
        values["escalation"] = True
    return Cues(**values)


def make_prediction(*, category: str = "费用问题", level: int = 2, category_proba: float = 0.9,
                    level_proba: float = 0.9, evidence: float = 1.0, cues: Cues | None = None) -> Prediction:
    cues = cues or make_cues()
    # the other levels share what the model's own level leaves, as a calibrated model's would
    scores = {lv: level_proba if lv == level else (1.0 - level_proba) / 2 for lv in (1, 2, 3)}
    return Prediction(category=category, category_proba=category_proba, category_scores={category: category_proba},
                      level=level, level_proba=level_proba, level_scores=scores,
                      cues=cues, evidence=evidence, bundle_id="test-bundle")


def policy_dict() -> dict[str, Any]:
    return yaml.safe_load(default_policy_path().read_text(encoding="utf-8"))


def write_policy(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path
