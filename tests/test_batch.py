"""`tousu batch classify`: the local engine and Spark (`local[2]`) give the same decisions,
row for row; bad lines are rows with their error and never stop the job."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.conftest import STARTER
from tests.spark_helpers import need_spark


def _write_input(folder, n=40):
    rows = [json.loads(line) for line in STARTER.read_text(encoding="utf-8").splitlines()][:n]
    records = [{"id": f"r{i}", "text": r["text"], "received_at": "2026-11-02T10:00:00+08:00"}
               for i, r in enumerate(rows)]
    records += [{"id": "bad-text", "text": "hello world", "received_at": None},
                {"id": "bad-time", "text": "宽带断网两天", "received_at": "2099-01-01T00:00:00"},
                {"id": "no-time", "text": "话费多扣了二十元", "received_at": None}]
    folder.mkdir()
    # two partitions, as a directory of files
    for part, chunk in enumerate((records[: len(records) // 2], records[len(records) // 2:])):
        with open(folder / f"part-{part}.jsonl", "w", encoding="utf-8") as out:
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in chunk)
    return records


def test_local_engine_grades_every_row_and_reports_bad_ones(tmp_path, starter_bundle, policy):
    from models.grader import Grader
    from tousu.batch import run_local

    records = _write_input(tmp_path / "in")
    counts = run_local(tmp_path / "in", tmp_path / "out.parquet", Grader(starter_bundle), policy)
    out = pd.read_parquet(tmp_path / "out.parquet").set_index("id")
    assert counts == {"rows": len(records), "errors": 2}
    assert json.loads(out.loc["bad-text", "error"])["code"] == "not_chinese"
    assert json.loads(out.loc["bad-time", "error"])["code"] == "received_at_in_future"
    assert pd.isna(out.loc["no-time", "error"]) and out.loc["no-time", "level"] in (1, 2, 3)
    graded = out[out["error"].isna()]
    assert graded["resolve_due"].notna().all() and set(graded["level"]) <= {1, 2, 3}
    assert (graded["score_1"] + graded["score_2"] + graded["score_3"]).round(3).eq(1.0).all()


@pytest.mark.slow
def test_spark_gives_the_local_engines_decisions_row_for_row(tmp_path, starter_bundle, policy, monkeypatch):
    need_spark(monkeypatch)
    from models.grader import Grader
    from tousu.batch import run_local, run_spark

    _write_input(tmp_path / "in")
    run_local(tmp_path / "in", tmp_path / "local.parquet", Grader(starter_bundle), policy)
    counts = run_spark(tmp_path / "in", tmp_path / "spark", starter_bundle.path, None, master="local[2]",
                       partitions=2)
    local = pd.read_parquet(tmp_path / "local.parquet").sort_values("id").reset_index(drop=True)
    spark = pd.read_parquet(tmp_path / "spark").sort_values("id").reset_index(drop=True)
    assert counts == {"rows": len(local), "errors": 2}
    # received_at defaults to "now" for a row without one: the two runs grade at different times
    moving = ["received_at", "respond_due", "plan_due", "resolve_due"]
    fixed = local["id"] != "no-time"
    pd.testing.assert_frame_equal(local[fixed].reset_index(drop=True), spark[fixed].reset_index(drop=True),
                                  check_dtype=False)
    pd.testing.assert_frame_equal(local.drop(columns=moving), spark.drop(columns=moving), check_dtype=False)
