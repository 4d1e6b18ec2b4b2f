"""What a model says about one complaint: the input of the policy layer.

Defined here, not in ``models``, so the policy layer depends on data, never on a model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.cues import Cues


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the model says about one complaint, before the policy layer."""

    category: str
    category_proba: float
    category_scores: dict[str, float]
    severity: int
    severity_proba: float
    severity_scores: dict[int, float]
    cues: Cues
    evidence: float
    bundle_id: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "category_proba": round(self.category_proba, 4),
            "category_scores": {k: round(v, 4) for k, v in self.category_scores.items()},
            "severity": self.severity,
            "severity_proba": round(self.severity_proba, 4),
            "severity_scores": {str(k): round(v, 4) for k, v in self.severity_scores.items()},
            "evidence": round(self.evidence, 4),
            "bundle_id": self.bundle_id,
        }
