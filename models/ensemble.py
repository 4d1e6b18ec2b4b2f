"""``complaints.ensemble.v1``: averaged probabilities of several graders (linear + transformer),
with the weights chosen on a validation split. Same interface as its members."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from models.errors import NotFittedError
from pipeline.complaint import Complaint

SHARED_HEADS = ("category", "severity")


def _macro_f1(y: Sequence[object], pred: Sequence[object]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(list(map(str, y)), list(map(str, pred)), average="macro", zero_division=0))


class EnsembleGrader:
    """Averages the members' category and severity probabilities; other heads come from the
    first member that has them (the linear model's impact and emotion)."""

    name = "complaints.ensemble.v1"

    def __init__(self, members: Sequence[Any] = (), *, validation_fraction: float = 0.15, grid: int = 11,
                 random_state: int = 0) -> None:
        self.members = members
        self.validation_fraction = validation_fraction
        self.grid = grid
        self.random_state = random_state

    def fit(self, complaints: Sequence[Complaint], labels: Mapping[str, Sequence[object]], *,
            weigh_on: tuple[Sequence[Complaint], Mapping[str, Sequence[object]]] | None = None) -> EnsembleGrader:
        """Fits every member, then picks the weights.

        By default the members learn from part of ``complaints`` and the weights are chosen on the
        rest (``validation_fraction``). Given ``weigh_on`` (complaints and their labels, written like
        the ones the model will grade, e.g. a centre's recent confirmed tickets), the members learn
        from all of ``complaints`` and the weights are chosen on those: a validation part of
        regular training data that the linear model already grades perfectly ties every weight and
        keeps the linear model alone."""
        if len(self.members) != 2:
            raise ValueError(f"an ensemble takes exactly 2 members, got {len(self.members)}")
        if weigh_on is not None:
            return self.fit_weights([m.fit(complaints, labels) for m in self.members], *weigh_on)
        rng = np.random.default_rng(self.random_state)
        order = rng.permutation(len(complaints))
        n_val = max(1, int(round(len(complaints) * self.validation_fraction)))
        val, train = order[:n_val], order[n_val:]
        pick = lambda idx, seq: [seq[i] for i in idx]  # noqa: E731
        fitted = [m.fit(pick(train, complaints), {h: pick(train, y) for h, y in labels.items()})
                  for m in self.members]
        return self.fit_weights(fitted, pick(val, complaints), {h: pick(val, y) for h, y in labels.items()})

    def fit_weights(self, fitted: Sequence[Any], complaints: Sequence[Complaint],
                    labels: Mapping[str, Sequence[object]]) -> EnsembleGrader:
        """Takes already fitted members and chooses their weights on held-out ``complaints``."""
        self.members_ = list(fitted)
        first = self.members_[0].classes_
        for other in self.members_[1:]:
            for head in SHARED_HEADS:
                if [str(c) for c in other.classes_[head]] != [str(c) for c in first[head]]:
                    raise ValueError(f"members disagree on the {head} classes: {first[head]} vs {other.classes_[head]}")
        self.classes_ = dict(first)
        self.dropped_classes_ = dict(getattr(self.members_[0], "dropped_classes_", {}))
        probas = [m.predict_proba(complaints) for m in self.members_]
        # each head its own weights: the encoder may help the category and not the level
        weights: dict[str, tuple[float, float]] = {}
        scores = []
        for head in SHARED_HEADS:
            classes = self.classes_[head]
            best, best_w = -1.0, 1.0
            # from the first member alone downwards: a tie keeps more of the first (the linear model,
            # whose confidences the policy's thresholds were calibrated on)
            for w in np.linspace(1.0, 0.0, self.grid):
                mixed = w * probas[0][head] + (1 - w) * probas[1][head]
                score = _macro_f1(labels[head], [classes[j] for j in mixed.argmax(1)])
                if score > best + 1e-9:
                    best, best_w = score, float(w)
            weights[head] = (best_w, 1.0 - best_w)
            scores.append(best)
        self.weights_: dict[str, tuple[float, float]] | tuple[float, float] = weights
        self.validation_score_ = float(np.mean(scores))
        return self

    def weights_for(self, head: str) -> tuple[float, float]:
        """The members' weights for ``head`` (a bundle saved before each head had its own: one pair for all)."""
        self._check_fitted()
        if isinstance(self.weights_, tuple):
            return self.weights_
        return self.weights_[head]

    def _check_fitted(self) -> None:
        if not hasattr(self, "weights_"):
            raise NotFittedError("This EnsembleGrader is not fitted yet; call fit() first.")

    def evidence(self, complaints: Sequence[Complaint]) -> np.ndarray:
        self._check_fitted()
        return self.members_[0].evidence(complaints)

    def predict_proba(self, complaints: Sequence[Complaint]) -> dict[str, np.ndarray]:
        return self.predict_scores(complaints)[0]

    def predict_scores(self, complaints: Sequence[Complaint]) -> tuple[dict[str, np.ndarray], np.ndarray]:
        self._check_fitted()
        scored = [m.predict_scores(complaints) for m in self.members_]
        out: dict[str, np.ndarray] = {}
        for head in SHARED_HEADS:
            weights = self.weights_for(head)
            out[head] = sum(w * proba[head] for w, (proba, _) in zip(weights, scored, strict=True))
        for proba, _ in scored:
            for head, values in proba.items():
                out.setdefault(head, values)
        return out, scored[0][1]
