"""The linear grader: calibrated linear SVM heads over shared n-gram + cue features.

``complaints.linear.v1``. One :class:`~models.features.ComplaintFeaturizer` feeds a head
per label (``category``, ``severity`` and, when the training data has them, ``impact``
and ``emotion``). Probabilities are calibrated (Platt scaling, cross-fitted) and shrunk
towards uniform when a text carries no evidence the model knows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sparse

from models.errors import NotFittedError
from models.features import ComplaintFeaturizer
from pipeline.complaint import Complaint

REQUIRED_HEADS = ("category", "severity")
OPTIONAL_HEADS = ("impact", "emotion")
#: Heads that read the cue block; category reads n-grams only (cues are about severity,
#: and measured on the shared data they cost category macro-F1 about 0.01).
CUE_HEADS = frozenset({"severity", "impact", "emotion"})


class CalibratedLinearHead:
    """A fitted ``CalibratedClassifierCV`` over linear SVMs, flattened for fast prediction.

    scikit-learn's calibrated predict runs input validation once per class and fold, about
    6 ms per call for an 8-class head; this holds the same numbers (per-fold weights,
    intercepts and Platt parameters) and computes the same probabilities in one pass.
    """

    def __init__(self, calibrated: Any, *, n_features: int) -> None:
        self.classes_ = calibrated.classes_
        folds = calibrated.calibrated_classifiers_
        coef = np.stack([f.estimator.coef_ for f in folds])                      # (F, K', d)
        # a head trained on the leading d columns gets zero weights for the rest, so every
        # head reads the same full matrix and prediction never slices it
        coef = np.pad(coef, ((0, 0), (0, 0), (0, n_features - coef.shape[2])))
        # stored (F, D, K') C-contiguous: sparse X @ W then needs no per-call copy of W
        self.coef_ = np.ascontiguousarray(coef.transpose(0, 2, 1), dtype=np.float64)
        self.intercept_ = np.stack([f.estimator.intercept_ for f in folds]).astype(np.float64)  # (F, K')
        self.a_ = np.array([[c.a_ for c in f.calibrators] for f in folds], dtype=np.float64)   # (F, K')
        self.b_ = np.array([[c.b_ for c in f.calibrators] for f in folds], dtype=np.float64)

    def predict_proba(self, X: sparse.csr_matrix) -> np.ndarray:
        n, k = X.shape[0], len(self.classes_)
        total = np.zeros((n, k))
        for coef, intercept, a, b in zip(self.coef_, self.intercept_, self.a_, self.b_, strict=True):
            decision = np.asarray(X @ coef) + intercept                        # (n, K')
            calibrated = 1.0 / (1.0 + np.exp(a * decision + b))                # Platt: expit(-(aT+b))
            if k == 2:
                proba = np.column_stack([1.0 - calibrated[:, 0], calibrated[:, 0]])
            else:
                proba = calibrated
                sums = proba.sum(axis=1, keepdims=True)
                proba = np.where(sums > 0, proba / np.where(sums > 0, sums, 1.0), 1.0 / k)
            total += proba
        return total / len(self.coef_)


class LinearGrader:
    """Predicts category, severity (and impact, emotion) of prepared complaints.

    Parameters
    ----------
    C : inverse regularisation strength of every head's linear SVM.
    calibration_folds : folds of the cross-fitted Platt calibration.
    min_df, max_features, char_ngram_range, cue_weight : see ``ComplaintFeaturizer``.
    evidence_full : share of a text's words (of two or more characters) the model knows
        from training at and above which its probabilities stand as they are; below it they
        are shrunk linearly towards uniform, reaching uniform when no word is known.
    random_state : seed of the calibration folds.

    Attributes
    ----------
    classes_ : dict head → list of labels, the column order of ``predict_proba``.
    featurizer_ : fitted featuriser.
    heads_ : dict head → fitted calibrated classifier.
    dropped_classes_ : dict head → classes of an optional head with too few examples to
        learn (the lexicon still reports them as cues).
    """

    name = "complaints.linear.v1"

    def __init__(self, *, C: float = 1.0, calibration_folds: int = 3, min_df: int = 2,
                 max_features: int = 60_000, char_ngram_range: tuple[int, int] = (1, 3),
                 cue_weight: float = 2.0, evidence_full: float = 0.5,
                 random_state: int = 0) -> None:
        self.C = C
        self.calibration_folds = calibration_folds
        self.min_df = min_df
        self.max_features = max_features
        self.char_ngram_range = char_ngram_range
        self.cue_weight = cue_weight
        self.evidence_full = evidence_full
        self.random_state = random_state

    def fit(self, complaints: Sequence[Complaint], labels: Mapping[str, Sequence[object]]) -> LinearGrader:
        """Fits every head present in ``labels`` (category and severity required)."""
        # imported here: a fitted grader predicts with numpy alone, which keeps the
        # command line's cold start free of scikit-learn
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.svm import LinearSVC

        missing = [h for h in REQUIRED_HEADS if h not in labels]
        if missing:
            raise ValueError(f"labels must include {list(REQUIRED_HEADS)}; missing {missing}")
        n = len(complaints)
        for head, values in labels.items():
            if len(values) != n:
                raise ValueError(f"labels[{head!r}] has {len(values)} values for {n} complaints")
        self.featurizer_ = ComplaintFeaturizer(
            min_df=self.min_df, max_features=self.max_features,
            char_ngram_range=self.char_ngram_range, cue_weight=self.cue_weight,
        ).fit(complaints)
        X = self.featurizer_.transform(complaints)
        self._n_text_cols = X.shape[1] - self.featurizer_.n_cue_features
        self.heads_: dict[str, CalibratedLinearHead] = {}
        self.classes_: dict[str, list[Any]] = {}
        self.dropped_classes_: dict[str, list[Any]] = {}
        for head in (*REQUIRED_HEADS, *OPTIONAL_HEADS):
            if head not in labels:
                continue
            raw = list(labels[head])
            present = np.array([v is not None for v in raw])  # optional heads may miss labels
            if head in REQUIRED_HEADS and not present.all():
                raise ValueError(f"labels[{head!r}] has missing values; every complaint needs one")
            y = np.empty(len(raw), dtype=object)
            y[:] = raw
            rows = present.copy()
            classes, counts = np.unique(y[present].tolist(), return_counts=True)
            rare = classes[counts < self.calibration_folds]
            if len(rare) and head in REQUIRED_HEADS:
                raise ValueError(
                    f"head {head!r}: every class needs at least {self.calibration_folds} "
                    f"examples for calibration; {rare.tolist()} have fewer"
                )
            if len(rare):  # optional heads learn without classes too rare to calibrate
                rows &= ~np.isin(y, rare)
                self.dropped_classes_[head] = rare.tolist()
            if len(set(y[rows].tolist())) < 2:
                raise ValueError(f"head {head!r} needs at least 2 classes, got {classes.tolist()}")
            y = np.asarray(y[rows].tolist())
            base = LinearSVC(C=self.C, class_weight=None if head == "category" else "balanced",
                             random_state=self.random_state)
            clf = CalibratedClassifierCV(base, method="sigmoid", cv=self.calibration_folds)
            clf.fit(self._columns(X[rows], head), y)
            self.heads_[head] = CalibratedLinearHead(clf, n_features=X.shape[1])
            self.classes_[head] = [c.item() if hasattr(c, "item") else c for c in clf.classes_]
        return self

    def _columns(self, X: sparse.csr_matrix, head: str) -> sparse.csr_matrix:
        return X if head in CUE_HEADS else X[:, : self._n_text_cols]

    def _check_fitted(self) -> None:
        if not hasattr(self, "heads_"):
            raise NotFittedError("This LinearGrader is not fitted yet; call fit() first.")

    def evidence(self, complaints: Sequence[Complaint]) -> np.ndarray:
        """Returns each text's evidence in [0, 1]: the share of its words the model knows.

        Words of one character (的, 了, 在 …) are left out: they are known to every model
        and say nothing about a complaint. A text with no longer word counts as unknown.
        """
        self._check_fitted()
        vocab = self.featurizer_.word_index_
        out = np.zeros(len(complaints))
        for i, c in enumerate(complaints):
            words = [t for t in c.tokens if len(t) > 1]
            if words:
                out[i] = sum(t in vocab for t in words) / len(words)
        return out

    def predict_proba(self, complaints: Sequence[Complaint]) -> dict[str, np.ndarray]:
        """Returns per head an (n, n_classes) array of probabilities in ``classes_`` order."""
        return self.predict_scores(complaints)[0]

    def predict_scores(self, complaints: Sequence[Complaint]) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """Returns ``predict_proba`` and ``evidence`` together, computing evidence once."""
        self._check_fitted()
        X = self.featurizer_.transform(complaints)
        evidence = self.evidence(complaints)
        weight = np.clip(evidence / self.evidence_full, 0.0, 1.0)[:, None]
        out: dict[str, np.ndarray] = {}
        for head, clf in self.heads_.items():
            proba = clf.predict_proba(X)
            uniform = np.full_like(proba, 1.0 / proba.shape[1])
            out[head] = weight * proba + (1.0 - weight) * uniform
        return out, evidence
