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
from pipeline.cues import IMPACTS, Cues
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
    """Returns every metric of ``tousu evaluate`` for decisions aligned with records.

    Besides accuracy, the figures of selective grading: how right the grades applied
    without review are (``auto_*``), how many are flagged (``review_rate``), how many
    level-3 complaints are neither graded 3 nor flagged (``level3_silent_miss_rate``), and
    how many leadership alerts are real level 3 (``alert_precision``).
    """
    if len(records) != len(decisions):
        raise ValueError(f"{len(records)} records but {len(decisions)} decisions")
    out: dict[str, Any] = {"n": len(records)}
    if not records:
        return out
    cat_true = np.array([r["category"] for r in records])
    cat_pred = np.array([d.category for d in decisions])
    categories = sorted(set(cat_true.tolist()) | set(cat_pred.tolist()))
    out["category_macro_f1"] = _round(f1_score(cat_true, cat_pred, labels=categories, average="macro", zero_division=0))
    out["category_accuracy"] = _round(np.mean(cat_true == cat_pred))
    sev_true = np.array([int(r["severity"]) for r in records])
    sev_pred = np.array([d.level for d in decisions])
    sev_model = np.array([d.model_level for d in decisions])
    out.update(_severity_figures(sev_true, sev_pred, ""))
    out["severity_accuracy"] = _round(np.mean(sev_true == sev_pred))
    out.update(_severity_figures(sev_true, sev_model, "model_"))
    review = np.array([d.needs_review for d in decisions])
    auto = ~review
    out["needs_review_rate"] = out["review_rate"] = _round(review.mean())
    out["severity_accuracy_unreviewed"] = out["auto_severity_accuracy"] = (
        _round(np.mean(sev_true[auto] == sev_pred[auto])) if auto.any() else None)
    out["category_accuracy_unreviewed"] = out["auto_category_accuracy"] = (
        _round(np.mean(cat_true[auto] == cat_pred[auto])) if auto.any() else None)
    out["level3_silent_miss_rate"] = _round(np.mean((sev_true == 3) & (sev_pred < 3) & auto))
    # the other side of the same thresholds: below level 3, applied as 3 without review
    out["level3_unreviewed_false_rate"] = _round(np.mean((sev_true < 3) & (sev_pred == 3) & auto))
    alerts = np.array([d.notify_leadership for d in decisions])
    out["alerts"] = int(alerts.sum())
    out["alert_precision"] = _round(np.mean(sev_true[alerts] == 3)) if alerts.any() else None
    out.update(_cue_figures(records, [d.cues for d in decisions]))
    out["per_class"] = {
        "category": _per_class(cat_true.tolist(), cat_pred.tolist(), categories),
        "severity": _per_class(sev_true.tolist(), sev_pred.tolist(), [1, 2, 3]),
        "model_severity": _per_class(sev_true.tolist(), sev_model.tolist(), [1, 2, 3]),
    }
    if "impact_macro_f1" in out:
        out["per_class"]["impact"] = _per_class([r["impact"] for r in records],
                                                [d.cues.judged_impact for d in decisions], IMPACTS)
    return out


def _cue_figures(records: Sequence[dict[str, Any]], cues: Sequence[Cues]) -> dict[str, float]:
    """Cue figures against the records' cue labels, where every record has them."""
    out = {}
    if all("emotion" in r for r in records):
        out["emotion_macro_f1"] = _round(f1_score([r["emotion"] for r in records], [c.judged_emotion for c in cues],
                                                  labels=[0, 1, 2], average="macro", zero_division=0))
    for field in ("escalation", "compensation"):
        if all(field in r for r in records):
            out[f"{field}_f1"] = _round(f1_score([int(r[field]) for r in records],
                                                 [int(getattr(c, field)) for c in cues], zero_division=0))
    if all("impact" in r for r in records):
        present = [i for i in IMPACTS if any(r["impact"] == i for r in records)]
        out["impact_macro_f1"] = _round(f1_score([r["impact"] for r in records], [c.judged_impact for c in cues],
                                                 labels=present, average="macro", zero_division=0))
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
