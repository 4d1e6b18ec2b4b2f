"""``tousu batch classify``: grade a file, or a directory of partitions, into Parquet.

``--engine local`` grades in this process; ``--engine spark`` grades on Apache Spark with
``mapInPandas`` over Arrow batches. Both call :func:`grade_frame`, which goes through the
one grading path (:func:`tousu.grading.classify`), so their decisions are the same row for
row. On Spark the bundle and the policy file are shipped to the executors once
(``SparkContext.addFile``) and each Python worker loads the bundle once. A bad line is a
row with its ``error`` (a stable code and message) and never stops the job.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from models.grader import Grader
from pipeline.errors import TousuError
from pipeline.policy import Policy, load_policy
from tousu.grading import Item, classify

FORMATS = {".parquet": "parquet", ".jsonl": "json", ".json": "json", ".csv": "csv"}
#: the output's columns and their Arrow/Spark types (strings hold ISO times and JSON lists)
COLUMNS: dict[str, str] = {
    "id": "string", "category": "string", "coarse_class": "string", "level": "int", "model_level": "int",
    "level_proba": "double", "score_1": "double", "score_2": "double", "score_3": "double",
    "category_proba": "double", "needs_review": "boolean", "review_reasons": "string", "rules": "string",
    "lead_department": "string", "cc_departments": "string", "notify_leadership": "boolean",
    "received_at": "string", "respond_due": "string", "plan_due": "string", "resolve_due": "string",
    "cues": "string", "model_version": "string", "policy_version": "string", "error": "string",
}
SPARK_SCHEMA = ", ".join(f"{name} {kind}" for name, kind in COLUMNS.items())


def input_format(path: Path) -> str:
    """The format of a file, or of the files of a directory of partitions."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in FORMATS)
    kinds = {FORMATS.get(p.suffix) for p in files}
    if not files or len(kinds) != 1 or None in kinds:
        raise TousuError(f"{path}: give a .parquet, .jsonl or .csv file, or a folder of one kind of them.",
                         code="data_invalid")
    return str(kinds.pop())


def read_local(path: Path) -> pd.DataFrame:
    kind = input_format(path)
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in FORMATS)
    def read(file: Path) -> pd.DataFrame:
        if kind == "parquet":
            return pd.read_parquet(file)
        if kind == "json":
            return pd.read_json(file, lines=True, dtype=False)
        return pd.read_csv(file, dtype=str, keep_default_na=False)

    frame = pd.concat([read(p) for p in files], ignore_index=True)
    if "text" not in frame.columns:
        raise TousuError(f"{path}: no `text` column.", code="missing_column")
    return frame


def _row(row_id: Any, result: Any) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(COLUMNS)
    out["id"] = None if row_id is None or (isinstance(row_id, float) and pd.isna(row_id)) else str(row_id)
    if isinstance(result, TousuError):
        out["error"] = json.dumps({"code": result.code, "message": result.message}, ensure_ascii=False)
        return out
    scores = result.level_scores
    out.update(
        category=result.category, coarse_class=result.coarse_class, level=result.level,
        model_level=result.model_level, level_proba=result.level_proba, category_proba=result.category_proba,
        score_1=scores.get(1), score_2=scores.get(2), score_3=scores.get(3), needs_review=result.needs_review,
        review_reasons=json.dumps(list(result.review_reasons)), rules=json.dumps([r.id for r in result.rules]),
        lead_department=result.lead_department, cc_departments=json.dumps(list(result.cc_departments),
                                                                          ensure_ascii=False),
        notify_leadership=result.notify_leadership, received_at=result.received_at.isoformat(),
        cues=json.dumps(result.cues.model_dump(mode="json", exclude={"spans"}), ensure_ascii=False,
                        sort_keys=True),
        model_version=result.model_version, policy_version=result.policy_version)
    for kind in ("respond", "plan", "resolve"):
        due = result.deadline(kind)
        out[f"{kind}_due"] = due.isoformat() if due else None
    return out


def grade_frame(frame: pd.DataFrame, grader: Grader, policy: Policy) -> pd.DataFrame:
    """The decision columns of each row of ``frame`` (``id``, ``text``, optional ``received_at``)."""
    ids = frame["id"].tolist() if "id" in frame.columns else [None] * len(frame)
    stamps = frame["received_at"].tolist() if "received_at" in frame.columns else [None] * len(frame)
    items = []
    for text, stamp in zip(frame["text"].tolist(), stamps, strict=True):
        text = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
        stamp = None if stamp is None or (isinstance(stamp, float) and pd.isna(stamp)) or stamp == "" else stamp
        items.append(Item(text, stamp if stamp is None else str(stamp)))
    results = classify(grader, policy, items)
    return pd.DataFrame([_row(i, r) for i, r in zip(ids, results, strict=True)], columns=list(COLUMNS))


def run_local(source: Path, target: Path, grader: Grader, policy: Policy, *, chunk: int = 2000) -> dict[str, int]:
    frame = read_local(source)
    parts = [grade_frame(frame.iloc[i:i + chunk], grader, policy) for i in range(0, len(frame), chunk)]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(COLUMNS))
    target.parent.mkdir(parents=True, exist_ok=True)
    out.to_parquet(target, index=False)
    return {"rows": len(out), "errors": int(out["error"].notna().sum())}


_WORKER_GRADERS: dict[str, Grader] = {}


def _shipped(name: str) -> str:
    from pyspark import SparkFiles

    return SparkFiles.get(name)


def _grade_partitions(bundle: str, policy_file: str | None) -> Any:
    """The function mapInPandas runs on the executors: it loads the shipped bundle once per
    Python worker and grades each Arrow batch."""
    def grade(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        path = _shipped(bundle)
        grader = _WORKER_GRADERS.get(path)
        if grader is None:
            grader = _WORKER_GRADERS[path] = Grader.from_path(Path(path))
        policy = load_policy(_shipped(policy_file) if policy_file else None)
        for batch in batches:
            yield grade_frame(batch, grader, policy)

    return grade


def run_spark(source: Path, target: Path, bundle: Path, policy_file: Path | None, *, master: str,
              partitions: int | None = None) -> dict[str, int]:
    """Grades on Spark: ``source`` read by Spark, the output written as Parquet (a folder)."""
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F  # noqa: N812

    kind = input_format(source)
    spark = (SparkSession.builder.master(master).appName("tousu batch classify")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .config("spark.ui.enabled", "false").getOrCreate())
    try:
        spark.sparkContext.addFile(str(bundle.resolve()), recursive=True)
        if policy_file is not None:
            spark.sparkContext.addFile(str(policy_file.resolve()))
        reader = spark.read
        if kind == "csv":
            reader = reader.option("header", "true")
        frame = reader.format(kind).load(str(source))
        if "text" not in frame.columns:
            raise TousuError(f"{source}: no `text` column.", code="missing_column")
        for column in ("id", "received_at"):
            frame = frame.withColumn(column, F.col(column).cast("string")) if column in frame.columns \
                else frame.withColumn(column, F.lit(None).cast("string"))
        frame = frame.select("id", F.col("text").cast("string").alias("text"), "received_at")
        if partitions:
            frame = frame.repartition(partitions)
        graded = frame.mapInPandas(_grade_partitions(bundle.resolve().name,
                                                     policy_file.name if policy_file else None), SPARK_SCHEMA)
        graded.write.mode("overwrite").parquet(str(target))
        written = spark.read.parquet(str(target))
        return {"rows": written.count(), "errors": written.where(F.col("error").isNotNull()).count()}
    finally:
        spark.stop()
