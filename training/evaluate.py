"""Scores decisions against labelled records: the figures of ``tousu evaluate``.

Figures are computed on the full grading path (text stages → model → policy), the same
one ``tousu classify`` uses; ``model_*`` figures give the model's own severity beside the
policy's final one, so the policy's contribution is visible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import f1_score, precision_recall_fscore_support, recall_score

from models.grader import Grader
from pipeline.cues import IMPACTS
from pipeline.decision import Classification, Suggestion
from pipeline.errors import TousuError
from pipeline.policy import Policy
from tousu.grading import Item, classify


def _per_class(y_true: Sequence[Any], y_pred: Sequence[Any], labels: Sequence[Any]) -> dict[str, dict[str, float]]:
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=list(labels), zero_division=0)
    return {str(lb): {"precision": round(float(pi), 4), "recall": round(float(ri), 4), "f1": round(float(fi), 4),
                      "support": int(si)} for lb, pi, ri, fi, si in zip(labels, p, r, f, s, strict=True)}


def _round(value: Any) -> float:
    return round(float(value), 4)


def _severity_figures(truth: np.ndarray, pred: np.ndarray, prefix: str) -> dict[str, Any]:
    return {
        f"{prefix}severity_macro_f1": _round(f1_score(truth, pred, labels=[1, 2, 3], average="macro", zero_division=0)),
        f"{prefix}severity_recall_3": _round(recall_score(truth, pred, labels=[3], average="macro", zero_division=0)),
        f"{prefix}undergrade_rate": round(float(np.mean(pred < truth)), 4) if len(truth) else 0.0,
    }


def score(records: Sequence[dict[str, Any]], decisions: Sequence[Suggestion]) -> dict[str, Any]:
    """Returns every metric of ``tousu evaluate`` for decisions aligned with records."""
    if len(records) != len(decisions):
        raise ValueError(f"{len(records)} records but {len(decisions)} decisions")
    out: dict[str, Any] = {"n": len(records)}
    if not records:
        return out
    cat_true = [r["category"] for r in records]
    cat_pred = [d.category for d in decisions]
    categories = sorted(set(cat_true) | set(cat_pred))
    out["category_macro_f1"] = _round(f1_score(cat_true, cat_pred, labels=categories, average="macro", zero_division=0))
    out["category_accuracy"] = round(float(np.mean(np.array(cat_true) == np.array(cat_pred))), 4)
    sev_true = np.array([int(r["severity"]) for r in records])
    sev_pred = np.array([d.level for d in decisions])
    sev_model = np.array([d.model_level for d in decisions])
    out.update(_severity_figures(sev_true, sev_pred, ""))
    out["severity_accuracy"] = round(float(np.mean(sev_true == sev_pred)), 4)
    out.update(_severity_figures(sev_true, sev_model, "model_"))
    review = np.array([d.needs_review for d in decisions])
    out["needs_review_rate"] = round(float(review.mean()), 4)
    rest = ~review
    out["severity_accuracy_unreviewed"] = _round(np.mean(sev_true[rest] == sev_pred[rest])) if rest.any() else None
    out["category_accuracy_unreviewed"] = (
        round(float(np.mean(np.array(cat_true)[rest] == np.array(cat_pred)[rest])), 4) if rest.any() else None)
    cues = [d.cues for d in decisions]
    if all("emotion" in r for r in records):
        out["emotion_macro_f1"] = round(float(f1_score([r["emotion"] for r in records], [c.emotion for c in cues],
                                                       labels=[0, 1, 2], average="macro", zero_division=0)), 4)
    for field in ("escalation", "compensation"):
        if all(field in r for r in records):
            out[f"{field}_f1"] = round(float(f1_score([int(r[field]) for r in records],
                                                      [int(getattr(c, field)) for c in cues],
                                                      zero_division=0)), 4)
    if all("impact" in r for r in records):
        present = [i for i in IMPACTS if any(r["impact"] == i for r in records)]
        out["impact_macro_f1"] = round(float(f1_score([r["impact"] for r in records], [c.impact for c in cues],
                                                      labels=present, average="macro", zero_division=0)), 4)
    out["per_class"] = {
        "category": _per_class(cat_true, cat_pred, categories),
        "severity": _per_class(sev_true.tolist(), sev_pred.tolist(), [1, 2, 3]),
        "model_severity": _per_class(sev_true.tolist(), sev_model.tolist(), [1, 2, 3]),
    }
    if "impact_macro_f1" in out:
        out["per_class"]["impact"] = _per_class([r["impact"] for r in records], [c.impact for c in cues], IMPACTS)
    return out


def grade_records(grader: Grader, policy: Policy, records: Sequence[dict[str, Any]], *, batch: int = 256
                  ) -> tuple[list[dict[str, Any]], list[Classification], list[tuple[dict[str, Any], TousuError]]]:
    """Grades labelled records on the full path; returns (records, their grades, failures).

    Every complaint is graded as if it arrived now; figures do not depend on time.
    """
    now = dt.datetime.now(policy.zone)
    kept, graded, failures = [], [], []
    for start in range(0, len(records), batch):
        chunk = records[start:start + batch]
        for record, result in zip(chunk, classify(grader, policy, [Item(r["text"]) for r in chunk], now=now),
                                  strict=True):
            if isinstance(result, TousuError):
                failures.append((record, result))
            else:
                kept.append(record)
                graded.append(result)
    return kept, graded, failures
