"""Training configuration: one object per run, defaults declared here, validated on creation.

The same object is written into the bundle (``train_config.json``) and logged as run
parameters, so a bundle always says how it was made.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.segment import Backend


@dataclass(frozen=True)
class TrainConfig:
    """How to train a grader.

    The model delivers calibrated probabilities and picks the most probable level; it
    bends nothing towards level 3. How a grade is applied (automatically, flagged for
    review, or flagged as a possible level 3) is the policy's decision, from those
    probabilities (``pipeline/policy/policy.yaml``, thresholds; ``tousu calibrate``).
    """

    model: str = "linear"  # linear | transformer | ensemble (linear + transformer) | cascade
    C: float = 1.0
    calibration_folds: int = 3
    min_df: int = 2
    max_features: int = 60_000
    char_ngram_range: tuple[int, int] = (1, 3)
    cue_weight: float = 2.0
    evidence_full: float = 0.5
    segmenter: Backend = "rjieba"
    random_state: int = 0
    # cascade only: the largest share of complaints the encoder sees (the linear model's least sure)
    cascade_share: float = 0.25
    # transformer (and ensemble, cascade) only
    base_model: str = ""
    epochs: int = 4
    batch_size: int = 16
    learning_rate: float = 5e-5
    max_length: int = 160
    patience: int = 1
    level3_weight: float = 2.0
    layer_decay: float = 1.0  # each encoder layer learns at this times the rate of the one above
    validation_fraction: float = 0.1
    device: str = "auto"
    mixed_precision: bool = True
    truncation: str = "head"  # head | head_tail: what the transformer reads of a text longer than max_length

    def __post_init__(self) -> None:
        if self.model not in ("linear", "transformer", "ensemble", "cascade"):
            raise ValueError(f"model must be 'linear', 'transformer', 'ensemble' or 'cascade', got {self.model!r}")
        if not 0.0 <= self.cascade_share <= 1.0:
            raise ValueError(f"cascade_share must lie in [0, 1], got {self.cascade_share}")
        if self.model != "linear" and not self.base_model:
            raise ValueError(f"model {self.model!r} needs base_model: the path of a local pretrained encoder "
                             "(e.g. from `tousu pretrain`)")
        if self.epochs < 1 or self.batch_size < 1 or self.max_length < 8:
            raise ValueError("epochs and batch_size must be >= 1 and max_length >= 8")
        if not 0.0 < self.layer_decay <= 1.0:
            raise ValueError(f"layer_decay must lie in (0, 1], got {self.layer_decay}")
        if not 0.0 <= self.validation_fraction < 0.5:
            raise ValueError(f"validation_fraction must lie in [0, 0.5), got {self.validation_fraction}")
        if not self.C > 0:
            raise ValueError(f"C must be > 0, got {self.C}")
        if self.calibration_folds < 2:
            raise ValueError(f"calibration_folds must be >= 2, got {self.calibration_folds}")
        if self.min_df < 1:
            raise ValueError(f"min_df must be >= 1, got {self.min_df}")
        lo, hi = self.char_ngram_range
        if not 1 <= lo <= hi <= 6:
            raise ValueError(f"char_ngram_range must satisfy 1 <= lo <= hi <= 6, got {self.char_ngram_range}")
        if not 0.0 < self.evidence_full <= 1.0:
            raise ValueError(f"evidence_full must lie in (0, 1], got {self.evidence_full}")
        if self.truncation not in ("head", "head_tail"):
            raise ValueError(f"truncation must be 'head' or 'head_tail', got {self.truncation!r}")
        if self.segmenter not in ("rjieba", "jieba"):
            raise ValueError(f"segmenter must be 'rjieba' or 'jieba', got {self.segmenter!r}")

    def model_params(self) -> dict[str, Any]:
        """Returns the estimator's keyword parameters."""
        keys = ("C", "calibration_folds", "min_df", "max_features", "char_ngram_range",
                "cue_weight", "evidence_full", "random_state")
        return {k: getattr(self, k) for k in keys}

    def transformer_params(self) -> dict[str, Any]:
        """Returns the transformer estimator's keyword parameters."""
        keys = ("epochs", "batch_size", "learning_rate", "max_length", "patience", "level3_weight", "layer_decay",
                "validation_fraction", "device", "mixed_precision", "truncation", "random_state")
        return {"base_model": self.base_model, **{k: getattr(self, k) for k in keys}}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_file(cls, path: Path) -> TrainConfig:
        """Reads a JSON config; unknown keys are an error naming them."""
        raw = json.loads(path.read_text(encoding="utf-8"))
        unknown = sorted(set(raw) - set(cls.__dataclass_fields__))
        if unknown:
            raise ValueError(f"{path}: unknown training config key(s) {unknown}")
        if "char_ngram_range" in raw:
            raw["char_ngram_range"] = tuple(raw["char_ngram_range"])
        return cls(**raw)
