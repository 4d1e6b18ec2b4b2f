"""The contract every grader model keeps, named once: what bundles hold and graders call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from pipeline.complaint import Complaint


class Estimator(Protocol):
    """The contract every grader model keeps (linear, transformer, ensemble).

    ``classes_`` names each head's columns; ``predict_scores`` returns one probability
    array per head (rows are complaints, columns in ``classes_[head]`` order) and the
    evidence of each complaint (how much of its text the model recognised, in [0, 1]).
    """

    name: str
    classes_: dict[str, list[Any]]
    dropped_classes_: dict[str, list[Any]]

    def fit(self, complaints: Sequence[Complaint], labels: dict[str, list[Any]]) -> Estimator: ...

    def predict_proba(self, complaints: Sequence[Complaint]) -> dict[str, np.ndarray]: ...

    def predict_scores(self, complaints: Sequence[Complaint]) -> tuple[dict[str, np.ndarray], np.ndarray]: ...
