"""The store's export of the labels agents gave: the retraining data, as JSONL or Parquet.

Only reviewed tickets become labels, and the label is the agent's grade (the latest
review of a ticket); an unconfirmed suggestion never is. Texts are the stored, masked
texts. Training reads the exported file (``training.data.read_labels``) and never the
store's tables. Each record has the labelled-data columns (``text``, ``category``,
``severity``) and where it came from (``id``, ``reviewed_at``, ``action``,
``suggested_category``, ``suggested_level``, ``model_version``).
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select

from serving.database.tables import ComplaintRow, ReviewRow

FORMATS = (".jsonl", ".parquet")


@dataclass(frozen=True)
class LabelExport:
    """What an export wrote: where, how many labels, and tickets whose reviews disagree."""

    path: Path
    n: int
    conflicts: list[dict[str, Any]] = field(default_factory=list)


def export_labels(database_url: str, out: Path) -> LabelExport:
    """Writes the confirmed labels to ``out`` (``.jsonl`` or ``.parquet``), atomically."""
    if out.suffix not in FORMATS:
        raise ValueError(f"The labels file must end in {' or '.join(FORMATS)}; got {out.name!r}.")
    records, conflicts = confirmed_labels(database_url)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}")
    try:
        if out.suffix == ".jsonl":
            with tmp.open("w", encoding="utf-8") as f:
                for record in records:
                    f.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            pq.write_table(pa.Table.from_pylist(records, schema=_schema()), tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return LabelExport(path=out, n=len(records), conflicts=conflicts)


def _schema() -> Any:
    import pyarrow as pa

    text = pa.string()
    return pa.schema([("id", text), ("text", text), ("category", text), ("severity", pa.int64()),
                      ("reviewed_at", text), ("source", text), ("action", text), ("suggested_category", text),
                      ("suggested_level", pa.int64()), ("model_version", text)])


def confirmed_labels(database_url: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
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
