"""Exports the labels agents gave in the service's store: the retraining data.

Only reviewed tickets become labels, and the label is the agent's grade (the latest
review of a ticket); an unconfirmed suggestion never is. Texts are the stored, masked
texts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, select

from serving.database.tables import ComplaintRow, ReviewRow


def export_confirmed(database_url: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Returns (records sorted by review time, conflicts between a ticket's reviews)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            reviews = conn.execute(select(ReviewRow.complaint_id, ReviewRow.category, ReviewRow.level,
                                          ReviewRow.reviewed_at, ReviewRow.action, ReviewRow.suggested_category,
                                          ReviewRow.suggested_level, ReviewRow.model_version)
                                   .order_by(ReviewRow.reviewed_at, ReviewRow.id)).all()
            ids = sorted({r.complaint_id for r in reviews})
            texts: dict[str, str] = {}
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                texts.update(conn.execute(select(ComplaintRow.id, ComplaintRow.text_masked)
                                          .where(ComplaintRow.id.in_(chunk))).tuples().all())
    finally:
        engine.dispose()
    latest: dict[str, Any] = {}
    conflicts = []
    for review in reviews:  # in time order: the last one wins
        before = latest.get(review.complaint_id)
        if before is not None and (before.category, before.level) != (review.category, review.level):
            conflicts.append({"id": review.complaint_id, "earlier": [before.category, before.level],
                              "later": [review.category, review.level]})
        latest[review.complaint_id] = review
    records = [{
        "id": cid, "text": texts[cid], "category": r.category, "severity": int(r.level),
        "reviewed_at": r.reviewed_at.isoformat(), "source": "store", "action": r.action,
        "suggested_category": r.suggested_category, "suggested_level": int(r.suggested_level),
        "model_version": r.model_version,
    } for cid, r in latest.items() if cid in texts]
    records.sort(key=lambda r: (r["reviewed_at"], r["id"]))
    return records, conflicts
