"""What a data scientist asks of an evaluation: the worst confusions, which rules move
grades, and how agents' corrections drift over time. Used by ``notebooks/evaluation.ipynb``."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import create_engine, select


def worst_confusions(records: Sequence[dict[str, Any]], decisions: Sequence[dict[str, Any]], *,
                     field: str = "category", k: int = 5, examples: int = 2) -> list[dict[str, Any]]:
    """Returns the k most frequent (true, predicted) mistakes with indices of examples."""
    pred_field = "severity" if field == "severity" else field
    mistakes: dict[tuple[Any, Any], list[int]] = defaultdict(list)
    for i, (r, d) in enumerate(zip(records, decisions, strict=True)):
        if r[field] != d[pred_field]:
            mistakes[(r[field], d[pred_field])].append(i)
    ranked = sorted(mistakes.items(), key=lambda kv: (-len(kv[1]), str(kv[0])))[:k]
    return [{"true": t, "predicted": p, "count": len(ix), "examples": ix[:examples]} for (t, p), ix in ranked]


def rule_effects(decisions: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per rule: how often it fired, and how often the final level exceeds the model's then."""
    fired: Counter[str] = Counter()
    raised: Counter[str] = Counter()
    for d in decisions:
        moved = int(d["severity"]) > int(d["model_severity"])
        for rule in d["rules"]:
            fired[rule["id"]] += 1
            raised[rule["id"]] += int(moved)
    return [{"rule": rid, "fired": n, "raised_level": raised[rid], "share_raised": round(raised[rid] / n, 3)}
            for rid, n in fired.most_common()]


def level_moves(decisions: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Counts of model level → final level."""
    return dict(sorted(Counter(f"{d['model_severity']}->{d['severity']}" for d in decisions).items()))


def correction_drift(database_url: str, *, period: str = "week") -> list[dict[str, Any]]:
    """Per period (ISO week or day): reviews, corrections, the correction rate, the top corrected category."""
    from serving.database.tables import ReviewRow

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(ReviewRow.reviewed_at, ReviewRow.action, ReviewRow.suggested_category,
                                       ReviewRow.category)).all()
    finally:
        engine.dispose()
    buckets: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        if period == "day":
            key = row.reviewed_at.date().isoformat()
        else:
            year, week, _ = row.reviewed_at.isocalendar()
            key = f"{year}-W{week:02d}"
        buckets[key].append(row)
    out = []
    for key in sorted(buckets):
        items = buckets[key]
        corrections = [r for r in items if r.action == "correct"]
        top = Counter(r.suggested_category for r in corrections).most_common(1)
        out.append({"period": key, "reviews": len(items), "corrections": len(corrections),
                    "correction_rate": round(len(corrections) / len(items), 3),
                    "most_corrected_category": top[0][0] if top else None})
    return out
