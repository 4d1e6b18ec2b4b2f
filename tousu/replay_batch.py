"""``tousu export decisions`` and ``tousu batch replay``: a policy change replayed over every
stored decision before it goes live.

The export streams the store's suggestions (what the model and the policy proposed at
intake: everything :func:`pipeline.policy.replay.redecide` needs) into Parquet partitioned
by month, ``month=YYYY-MM/part-NNNNN.parquet``, a chunk at a time. The replay re-decides each
row under the new policy (:func:`outcomes`, the same function on both engines), groups the
outcomes by category, month and move, and reports the same counts as ``tousu replay`` plus
a table per category and month; the rows that move are written as Parquet.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.decision import Suggestion
from pipeline.errors import TousuError
from pipeline.policy import Policy, load_policy
from pipeline.policy.replay import redecide

#: the outcome of one stored decision replayed, and the Spark schema of those columns
OUTCOME_COLUMNS: dict[str, str] = {
    "id": "string", "month": "string", "category": "string", "old_level": "int", "new_level": "int",
    "old_lead": "string", "new_lead": "string", "old_review": "boolean", "new_review": "boolean",
    "old_resolve_due": "string", "new_resolve_due": "string", "shift_hours": "double", "moved": "boolean",
    "error": "string",
}
SPARK_OUTCOME_SCHEMA = ", ".join(f"{name} {kind}" for name, kind in OUTCOME_COLUMNS.items())
GROUP_KEYS = ["category", "month", "old_level", "new_level", "old_lead", "new_lead", "old_review", "new_review",
              "deadline_changed", "error"]


def export_decisions(session: Any, out_dir: Path, *, zone: dt.tzinfo, chunk: int = 5000) -> dict[str, int]:
    """Writes every stored suggestion, oldest first, one Parquet part per month (of the
    policy's time zone, as the reports count months) and chunk."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from sqlalchemy import select

    from serving.database.tables import ComplaintRow

    out_dir.mkdir(parents=True, exist_ok=True)
    query = (select(ComplaintRow.id, ComplaintRow.received_at, ComplaintRow.category, ComplaintRow.level,
                    ComplaintRow.suggestion).order_by(ComplaintRow.received_at, ComplaintRow.id)
             .execution_options(yield_per=chunk))
    rows: list[dict[str, Any]] = []
    parts: dict[str, int] = defaultdict(int)
    total = 0

    def flush() -> None:
        by_month: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_month[row.pop("month")].append(row)
        for month, found in by_month.items():
            folder = out_dir / f"month={month}"
            folder.mkdir(exist_ok=True)
            pq.write_table(pa.Table.from_pylist(found), folder / f"part-{parts[month]:05d}.parquet")
            parts[month] += 1
        rows.clear()

    for complaint_id, received_at, category, level, suggestion in session.execute(query):
        rows.append({"id": complaint_id, "month": received_at.astimezone(zone).strftime("%Y-%m"), "received_at":
                     received_at.isoformat(), "category": category, "level": level,
                     "suggestion": json.dumps(suggestion, ensure_ascii=False)})
        total += 1
        if len(rows) >= chunk:
            flush()
    flush()
    return {"rows": total, "months": len(parts), "files": sum(parts.values())}


def _due(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def outcomes(frame: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """One outcome row per stored decision: before and after, or the error that stopped it."""
    out = []
    for row in frame.itertuples(index=False):
        base: dict[str, Any] = dict.fromkeys(OUTCOME_COLUMNS)
        base.update(id=str(row.id), month=str(getattr(row, "month", "") or ""), category=str(row.category),
                    moved=False)
        try:
            stored = Suggestion.model_validate_json(str(row.suggestion))
            new = redecide(stored, policy)
        except (ValueError, TousuError) as exc:
            base["error"] = f"malformed_decision: {str(exc).splitlines()[0][:200]}"
            out.append(base)
            continue
        old_due, new_due = stored.deadline("resolve"), new.deadline("resolve")
        base.update(old_level=stored.level, new_level=new.level, old_lead=stored.lead_department,
                    new_lead=new.lead_department, old_review=stored.needs_review, new_review=new.needs_review,
                    old_resolve_due=_due(old_due), new_resolve_due=_due(new_due),
                    shift_hours=(new_due - old_due).total_seconds() / 3600 if old_due and new_due else None)
        base["moved"] = (stored.level != new.level or stored.lead_department != new.lead_department
                         or stored.needs_review != new.needs_review or old_due != new_due)
        out.append(base)
    result = pd.DataFrame(out, columns=list(OUTCOME_COLUMNS))
    for column in ("old_level", "new_level"):
        result[column] = result[column].astype("Int32")
    for column in ("old_review", "new_review", "moved"):
        result[column] = result[column].astype("boolean")
    result["shift_hours"] = result["shift_hours"].astype("float64")
    return result


def _grouped_local(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.assign(deadline_changed=frame["old_resolve_due"].fillna("") != frame["new_resolve_due"].fillna(""))
    keyed = frame[GROUP_KEYS].astype(object).where(frame[GROUP_KEYS].notna(), None)
    keyed["shift_hours"] = frame["shift_hours"]
    grouped = keyed.groupby(GROUP_KEYS, dropna=False).agg(
        n=("shift_hours", "size"), shift_sum=("shift_hours", "sum"), shift_n=("shift_hours", "count"),
        shift_min=("shift_hours", "min"), shift_max=("shift_hours", "max")).reset_index()
    return grouped


def summarise(grouped: pd.DataFrame, policy: Policy) -> dict[str, Any]:
    """The report from the grouped outcomes (a few hundred rows, whichever engine grouped them)."""
    moves: dict[str, int] = defaultdict(int)
    leads: dict[str, int] = defaultdict(int)
    reviews: dict[str, int] = defaultdict(int)
    table: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(
        lambda: {"n": 0, "level_changed": 0, "lead_changed": 0, "resolve_deadline_changed": 0,
                 "needs_review_changed": 0}))
    errors: dict[str, int] = defaultdict(int)
    n = level_changed = deadline_changed = 0
    shift_sum, shift_n = 0.0, 0
    shift_min: float | None = None
    shift_max: float | None = None
    for g in grouped.to_dict("records"):
        count = int(g["n"])
        if g["error"] is not None and not (isinstance(g["error"], float) and pd.isna(g["error"])):
            errors[str(g["error"]).split(":")[0]] += count
            continue
        n += count
        old_level, new_level = int(g["old_level"]), int(g["new_level"])
        moves[f"{old_level}->{new_level}"] += count
        cell = table[g["category"]][g["month"]]
        cell["n"] += count
        if old_level != new_level:
            level_changed += count
            cell["level_changed"] += count
        if g["old_lead"] != g["new_lead"]:
            leads[f"{g['old_lead']}->{g['new_lead']}"] += count
            cell["lead_changed"] += count
        if bool(g["old_review"]) != bool(g["new_review"]):
            reviews[f"{bool(g['old_review'])}->{bool(g['new_review'])}"] += count
            cell["needs_review_changed"] += count
        if bool(g["deadline_changed"]):
            deadline_changed += count
            cell["resolve_deadline_changed"] += count
            if int(g["shift_n"] or 0):
                shift_sum += float(g["shift_sum"])
                shift_n += int(g["shift_n"])
                low, high = float(g["shift_min"]), float(g["shift_max"])
                shift_min = low if shift_min is None else min(shift_min, low)
                shift_max = high if shift_max is None else max(shift_max, high)
    return {
        "policy_version": policy.version, "n": n, "level_changed": level_changed,
        "level_moves": dict(sorted(moves.items())), "lead_changed": sum(leads.values()),
        "lead_moves": dict(sorted(leads.items(), key=lambda kv: -kv[1])),
        "resolve_deadline_changed": deadline_changed,
        "resolve_deadline_shift_hours": {"min": round(shift_min, 1), "max": round(shift_max, 1),
                                         "mean": round(shift_sum / shift_n, 1)}
        if shift_n and shift_min is not None and shift_max is not None else None,
        "needs_review_changes": dict(reviews),
        "by_category_month": {c: dict(sorted(months.items())) for c, months in sorted(table.items())},
        "errors": dict(errors),
    }


def _read_exported(source: Path) -> pd.DataFrame:
    import pyarrow.dataset as ds

    if not source.exists():
        raise TousuError(f"{source}: no such export (tousu export decisions --out DIR).", code="data_invalid")
    table = ds.dataset(str(source), format="parquet", partitioning="hive").to_table()
    frame = table.to_pandas()
    missing = {"id", "category", "suggestion"} - set(frame.columns)
    if missing:
        raise TousuError(f"{source}: not an export of decisions (missing {', '.join(sorted(missing))}).",
                         code="missing_column")
    frame["month"] = frame["month"].astype(str) if "month" in frame.columns else ""
    return frame


def replay_local(source: Path, target: Path, policy: Policy) -> dict[str, Any]:
    """Replays in this process; the moved rows to ``target``/moved.parquet."""
    result = outcomes(_read_exported(source), policy)
    target.mkdir(parents=True, exist_ok=True)
    result[result["moved"].fillna(False)].to_parquet(target / "moved.parquet", index=False)
    return summarise(_grouped_local(result), policy)


def _replay_partitions(policy_file: str | None) -> Any:
    def replay(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        from pyspark import SparkFiles

        policy = load_policy(SparkFiles.get(policy_file) if policy_file else None)
        for batch in batches:
            yield outcomes(batch, policy)

    return replay


def replay_spark(source: Path, target: Path, policy_file: Path | None, *, master: str) -> dict[str, Any]:
    """Replays on Spark (mapInPandas); groups there; the moved rows as Parquet (a folder)."""
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F  # noqa: N812

    policy = load_policy(policy_file)
    spark = (SparkSession.builder.master(master).appName("tousu batch replay")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.ui.enabled", "false").getOrCreate())
    try:
        if policy_file is not None:
            spark.sparkContext.addFile(str(policy_file.resolve()))
        frame = spark.read.parquet(str(source))
        if "month" not in frame.columns:
            frame = frame.withColumn("month", F.lit(""))
        frame = frame.select(F.col("id").cast("string"), F.col("month").cast("string"), "category", "suggestion")
        result = frame.mapInPandas(_replay_partitions(policy_file.name if policy_file else None),
                                   SPARK_OUTCOME_SCHEMA).cache()
        result.where(F.col("moved")).write.mode("overwrite").parquet(str(target / "moved"))
        grouped = (result.withColumn("deadline_changed",
                                     ~F.col("old_resolve_due").eqNullSafe(F.col("new_resolve_due")))
                   .groupBy(*GROUP_KEYS)
                   .agg(F.count(F.lit(1)).alias("n"), F.sum("shift_hours").alias("shift_sum"),
                        F.count("shift_hours").alias("shift_n"), F.min("shift_hours").alias("shift_min"),
                        F.max("shift_hours").alias("shift_max"))).toPandas()
        grouped = grouped.astype(object).where(grouped.notna(), None)
        return summarise(grouped, policy)
    finally:
        spark.stop()
