"""A cascade: the linear model grades every complaint, the encoder only those it is unsure of.

The encoder is far slower than the linear model (a fine-tuned transformer against word and
character n-grams), so consulting it on every complaint would cut batch throughput many
times over. The cascade asks it only where the linear model's category or level is least
sure, for at most a declared share of complaints (``max_share``, 25% by default), and
there averages the two members' probabilities with the ensemble's weights, each head its
own. Where the linear model is sure, its answer stands. The same estimator interface as its members:
bundles, the registry, retraining and serving use it unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from models.ensemble import SHARED_HEADS, EnsembleGrader
from pipeline.complaint import Complaint


class CascadeGrader(EnsembleGrader):
    """An ensemble that consults its second member only below a confidence threshold.

    Parameters
    ----------
    members : the fast model first, the slow one second.
    max_share : the largest share of complaints the second member may see; the threshold
        is the linear model's confidence at that quantile of the validation part.

    Attributes
    ----------
    threshold_ : below this confidence (the smaller of the category's and the level's top
        probability) the second member is consulted.
    consulted_share_ : the share of the validation part that consulted it.
    """

    name = "complaints.cascade.v1"

    def __init__(self, members: Sequence[Any] = (), *, max_share: float = 0.25, validation_fraction: float = 0.15,
                 grid: int = 11, random_state: int = 0) -> None:
        super().__init__(members, validation_fraction=validation_fraction, grid=grid, random_state=random_state)
        self.max_share = max_share

    def fit_weights(self, fitted: Sequence[Any], complaints: Sequence[Complaint],
                    labels: Mapping[str, Sequence[object]]) -> CascadeGrader:
        """Chooses the ensemble's weights, then the confidence below which the encoder is asked."""
        if not 0.0 <= self.max_share <= 1.0:
            raise ValueError(f"max_share must lie in [0, 1], got {self.max_share}")
        super().fit_weights(fitted, complaints, labels)
        confidence = _confidence(self.members_[0].predict_proba(complaints))
        # the max_share quantile: complaints strictly below it consult the encoder
        # "lower": the k-th smallest confidence, k = floor(max_share * (n - 1)); at most k lie below it
        self.threshold_ = float(np.quantile(confidence, self.max_share, method="lower")) if len(confidence) else 0.0
        self.consulted_share_ = float(np.mean(confidence < self.threshold_)) if len(confidence) else 0.0
        return self

    def predict_scores(self, complaints: Sequence[Complaint]) -> tuple[dict[str, np.ndarray], np.ndarray]:
        self._check_fitted()
        fast, slow = self.members_
        proba, evidence = fast.predict_scores(complaints)
        unsure = np.flatnonzero(_confidence(proba) < self.threshold_)
        if len(unsure):
            second, _ = slow.predict_scores([complaints[i] for i in unsure.tolist()])
            proba = {head: values.copy() for head, values in proba.items()}
            for head in SHARED_HEADS:
                w_fast, w_slow = self.weights_for(head)
                proba[head][unsure] = w_fast * proba[head][unsure] + w_slow * second[head]
        return proba, evidence


def _confidence(proba: Mapping[str, np.ndarray]) -> np.ndarray:
    """How sure the model is of a complaint: the smaller of its category's and level's top probability."""
    return np.minimum(proba["category"].max(axis=1), proba["severity"].max(axis=1))
