"""What a data scientist asks of an evaluation: the worst confusions, which rules move
grades, and how agents' corrections drift over time. Used by ``notebooks/evaluation.ipynb``."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from pipeline.decision import PolicyDecision


def worst_confusions(records: Sequence[dict[str, Any]], decisions: Sequence[PolicyDecision], *,
                     field: str = "category", k: int = 5, examples: int = 2) -> list[dict[str, Any]]:
    """Returns the k most frequent (true, predicted) mistakes with indices of examples.

    ``field`` is a label column of the records: ``category``, or ``severity`` (compared with
    the level decided).
    """
    mistakes: dict[tuple[Any, Any], list[int]] = defaultdict(list)
    for i, (r, d) in enumerate(zip(records, decisions, strict=True)):
        predicted = d.level if field == "severity" else getattr(d, field)
        if r[field] != predicted:
            mistakes[(r[field], predicted)].append(i)
    ranked = sorted(mistakes.items(), key=lambda kv: (-len(kv[1]), str(kv[0])))[:k]
    return [{"true": t, "predicted": p, "count": len(ix), "examples": ix[:examples]} for (t, p), ix in ranked]


def rule_effects(decisions: Sequence[PolicyDecision]) -> list[dict[str, Any]]:
    """Per rule: how often it fired, and how often the final level exceeds the model's then."""
    fired: Counter[str] = Counter()
    raised: Counter[str] = Counter()
    for d in decisions:
        moved = d.level > d.model_level
        for rule in d.rules:
            fired[rule.id] += 1
            raised[rule.id] += int(moved)
    return [{"rule": rid, "fired": n, "raised_level": raised[rid], "share_raised": round(raised[rid] / n, 3)}
            for rid, n in fired.most_common()]


def level_moves(decisions: Sequence[PolicyDecision]) -> dict[str, int]:
    """Counts of model level → final level."""
    return dict(sorted(Counter(f"{d.model_level}->{d.level}" for d in decisions).items()))


def correction_drift(labels: Sequence[dict[str, Any]], *, period: str = "week") -> list[dict[str, Any]]:
    """Per period (ISO week or day): reviews, corrections, the correction rate, the top corrected category.

    ``labels`` are the store's export (``tousu export labels``; ``serving.database.labels``).
    """
    buckets: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for label in labels:
        at = dt.datetime.fromisoformat(str(label["reviewed_at"]))
        if period == "day":
            key = at.date().isoformat()
        else:
            year, week, _ = at.isocalendar()
            key = f"{year}-W{week:02d}"
        buckets[key].append(label)
    out = []
    for key in sorted(buckets):
        items = buckets[key]
        corrections = [r for r in items if r["action"] == "correct"]
        top = Counter(r["suggested_category"] for r in corrections).most_common(1)
        out.append({"period": key, "reviews": len(items), "corrections": len(corrections),
                    "correction_rate": round(len(corrections) / len(items), 3),
                    "most_corrected_category": top[0][0] if top else None})
    return out
