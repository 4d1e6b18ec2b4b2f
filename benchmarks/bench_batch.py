"""Batch grading: the local engine against Spark local[1] and local[2] on the same texts.

    PYSPARK_PYTHON=.venv/bin/python .venv/bin/python benchmarks/bench_batch.py [--n 200000]

Texts are the starter data's, repeated to N (the shared COCC texts when present), written
as Parquet in 8 partitions; each engine grades them all; prints rows per second, the
speed-up from 1 to 2 Spark cores and whether the decisions match the local engine's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._shared import COCC  # noqa: E402
from models.grader import Grader  # noqa: E402
from pipeline.policy import load_policy  # noqa: E402
from tousu.batch import run_local, run_spark  # noqa: E402


def texts() -> list[str]:
    source = COCC / "train.jsonl" if (COCC / "train.jsonl").is_file() else ROOT / "training" / "data" / "starter.jsonl"
    return [json.loads(line)["text"] for line in source.read_text(encoding="utf-8").splitlines()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--model", type=Path, default=ROOT / "var" / "models" / "default")
    args = ap.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    pool = texts()
    work = Path(tempfile.mkdtemp(prefix="tousu-batch-"))
    frame = pd.DataFrame({"id": [f"t{i}" for i in range(args.n)], "text": [pool[i % len(pool)] for i in range(args.n)],
                          "received_at": "2026-11-02T10:00:00+08:00"})
    (work / "in").mkdir()
    for part in range(8):
        frame.iloc[part::8].to_parquet(work / "in" / f"part-{part}.parquet", index=False)
    figures: dict[str, float] = {}
    started = time.perf_counter()
    run_local(work / "in", work / "local.parquet", Grader.from_path(args.model), load_policy())
    figures["local"] = args.n / (time.perf_counter() - started)
    for cores in (1, 2):
        started = time.perf_counter()
        run_spark(work / "in", work / f"spark{cores}", args.model, None, master=f"local[{cores}]", partitions=8)
        figures[f"spark_local_{cores}"] = args.n / (time.perf_counter() - started)
    local = pd.read_parquet(work / "local.parquet").sort_values("id").reset_index(drop=True)
    spark = pd.read_parquet(work / "spark2").sort_values("id").reset_index(drop=True)
    same = local.drop(columns=["model_version"]).astype(str).equals(spark.drop(columns=["model_version"]).astype(str))
    print(json.dumps({"texts": args.n, "rows_per_second": {k: round(v, 1) for k, v in figures.items()},
                      "speedup_1_to_2_cores": round(figures["spark_local_2"] / figures["spark_local_1"], 2),
                      "spark2_vs_local": round(figures["spark_local_2"] / figures["local"], 2),
                      "decisions_identical": same}, indent=2))


if __name__ == "__main__":
    main()
