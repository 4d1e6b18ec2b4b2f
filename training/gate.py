"""The promotion gate: declared in ``training/promotion.yaml``, validated on load, pure."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from training.data import DataError

DEFAULT_GATE = Path(__file__).with_name("promotion.yaml")
GATED_METRICS = ("category_macro_f1", "severity_macro_f1", "severity_recall_3", "model_severity_macro_f1",
                 "undergrade_rate", "category_accuracy", "severity_accuracy")
LOWER_IS_BETTER = frozenset({"undergrade_rate"})


class MetricRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_drop: float = Field(ge=0.0, le=1.0)


class Holdout(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fraction: float = Field(gt=0.0, lt=1.0)
    min_size: int = Field(ge=1)


class GateConfig(BaseModel):
    """How a challenger earns promotion."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    holdout: Holdout
    metrics: dict[str, MetricRule]
    require_improvement: bool = True

    @model_validator(mode="after")
    def _known_metrics(self) -> GateConfig:
        unknown = sorted(set(self.metrics) - set(GATED_METRICS))
        if unknown:
            raise ValueError(f"metrics: unknown metric(s) {unknown}; known: {list(GATED_METRICS)}")
        if not self.metrics:
            raise ValueError("metrics: name at least one metric to gate on")
        return self


def load_gate(path: Path | None = None) -> GateConfig:
    path = path or DEFAULT_GATE
    try:
        return GateConfig.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise DataError(f"Promotion gate {path} is invalid: {exc}") from None


@dataclass(frozen=True)
class GateDecision:
    promote: bool
    reasons: tuple[str, ...]
    comparison: dict[str, dict[str, float | None]]

    def to_dict(self) -> dict[str, Any]:
        return {"promote": self.promote, "reasons": list(self.reasons), "comparison": self.comparison}


def judge(gate: GateConfig, *, challenger: dict[str, Any], champion: dict[str, Any] | None,
          holdout_size: int) -> GateDecision:
    """Decides whether the challenger replaces the champion; every reason is spelled out."""
    comparison: dict[str, dict[str, float | None]] = {}
    reasons: list[str] = []
    if holdout_size < gate.holdout.min_size:
        reasons.append(f"held-out set has {holdout_size} tickets, fewer than min_size {gate.holdout.min_size}")
    if champion is None:
        for name in gate.metrics:
            comparison[name] = {"challenger": challenger.get(name), "champion": None, "delta": None}
        if reasons:
            return GateDecision(False, tuple(reasons), comparison)
        return GateDecision(True, ("no champion yet: the first model becomes champion",), comparison)
    improved = False
    for name, rule in gate.metrics.items():
        new, old = float(challenger.get(name) or 0.0), float(champion.get(name) or 0.0)
        gain = (old - new) if name in LOWER_IS_BETTER else (new - old)
        comparison[name] = {"challenger": new, "champion": old, "delta": round(gain, 4)}
        if gain < -rule.max_drop - 1e-12:
            reasons.append(f"{name} drops by {-gain:.4f} ({old:.4f} -> {new:.4f}), more than {rule.max_drop}")
        if gain > 1e-12:
            improved = True
    if gate.require_improvement and not improved:
        reasons.append("the challenger improves none of the gated metrics")
    if reasons:
        return GateDecision(False, tuple(reasons), comparison)
    return GateDecision(True, ("every gated metric within tolerance, at least one improved",), comparison)
