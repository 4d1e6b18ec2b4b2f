"""`tousu export decisions` and `tousu batch replay`: the export streams the store by month;
the replay gives `tousu replay`'s counts, locally and on Spark (`local[2]`), with a table
per category and month and the moved rows; a bad row is counted, never fatal."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from tests.conftest import STARTER
from tests.spark_helpers import need_spark

COMPARED = ("n", "level_changed", "level_moves", "lead_changed", "lead_moves", "resolve_deadline_changed",
            "resolve_deadline_shift_hours", "needs_review_changes")


@pytest.fixture
def exported(client, auth, tmp_path):
    """30 complaints over October and November, exported in small chunks, plus one bad row."""
    from serving.database.tables import ComplaintRow
    from tousu.replay_batch import export_decisions

    texts = [json.loads(line)["text"] for line in STARTER.read_text(encoding="utf-8").splitlines()][:30]
    for i, text in enumerate(texts):
        # 1 Nov 07:00 in Beijing is still October in UTC: months are the policy's
        received = "2026-10-15T10:00:00+08:00" if i % 3 == 0 else "2026-11-01T07:00:00+08:00"
        answer = client.post("/v1/complaints", headers=auth["intake"],
                             json={"text": text, "channel": "hotline", "received_at": received})
        assert answer.status_code == 201, answer.text
    with client.app.state.runtime.sessions() as session:
        counts = export_decisions(session, tmp_path / "export", zone=client.app.state.runtime.policy.zone, chunk=7)
        stored = [(c.suggestion, c.category) for c in session.query(ComplaintRow)]
    assert counts["rows"] == 30 and counts["months"] == 2 and counts["files"] >= 5  # 7 rows a part at most
    assert sorted(p.name for p in (tmp_path / "export").iterdir()) == ["month=2026-10", "month=2026-11"]
    bad = pd.DataFrame([{"id": "broken", "received_at": "2026-11-03T10:00:00+08:00", "category": "网络问题",
                         "level": 2, "suggestion": "{\"level\": 9}"}])
    bad.to_parquet(tmp_path / "export" / "month=2026-11" / "part-99999.parquet", index=False)
    return tmp_path / "export", stored


@pytest.fixture
def new_policy(tmp_path) -> Path:
    """The shipped policy with fee disputes (费用问题) led by 财务部门 instead of 业务部门."""
    from pipeline.policy import loader

    shipped = Path(loader.__file__).with_name("policy.yaml")
    data = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    data["version"] = "2026.12.0-test"
    data["routing"]["费用问题"] = {"lead": "财务部门", "cc": ["业务部门"]}
    path = tmp_path / "new-policy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _tousu_replay(stored, policy_path: Path, tmp_path: Path) -> dict:
    from pipeline.policy import load_policy
    from pipeline.policy.replay import replay

    lines = tmp_path / "decisions.jsonl"
    lines.write_text("".join(json.dumps({"decision": s}, ensure_ascii=False) + "\n" for s, _ in stored),
                     encoding="utf-8")
    return replay(lines, load_policy(policy_path))


def test_the_local_replay_gives_tousu_replays_counts_by_category_and_month(exported, new_policy, tmp_path):
    from pipeline.policy import load_policy
    from tousu.replay_batch import replay_local

    source, stored = exported
    report = replay_local(source, tmp_path / "out", load_policy(new_policy))
    expected = _tousu_replay(stored, new_policy, tmp_path)
    assert {k: report[k] for k in COMPARED} == {k: expected[k] for k in COMPARED}
    fee_led = sum(1 for s, _ in stored if s["category"] == "费用问题" and s["lead_department"] == "业务部门")
    assert fee_led > 0, "the starter texts include level-2 fee disputes"
    assert report["lead_moves"] == {"业务部门->财务部门": fee_led}
    assert report["errors"] == {"malformed_decision": 1}  # the bad row, counted; the others replayed
    table = report["by_category_month"]
    assert sum(cell["n"] for months in table.values() for cell in months.values()) == 30
    assert set().union(*(months.keys() for months in table.values())) == {"2026-10", "2026-11"}
    assert sum(cell["lead_changed"] for cell in table["费用问题"].values()) == fee_led
    moved = pd.read_parquet(tmp_path / "out" / "moved.parquet")
    assert len(moved) >= fee_led and "财务部门" in set(moved["new_lead"])


def test_the_cli_exports_and_replays(exported, new_policy, tmp_path, settings):
    import subprocess

    source, _ = exported
    env = {"TOUSU_DATABASE_URL": settings.resolved_database_url, "TOUSU_DATA_DIR": str(tmp_path / "var"),
           "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "tousu.cli", "export", "decisions", "--out", str(tmp_path / "e2")],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr and json.loads(done.stdout)["rows"] == 30
    done = subprocess.run([sys.executable, "-m", "tousu.cli", "batch", "replay", "--input", str(tmp_path / "e2"),
                           "--output", str(tmp_path / "r2"), "--policy", str(new_policy)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads((tmp_path / "r2" / "report.json").read_text(encoding="utf-8"))["n"] == 30


@pytest.mark.slow
def test_spark_replays_like_the_local_engine(exported, new_policy, tmp_path, monkeypatch):
    need_spark(monkeypatch)
    from pipeline.policy import load_policy
    from tousu.replay_batch import replay_local, replay_spark

    source, _ = exported
    local = replay_local(source, tmp_path / "local", load_policy(new_policy))
    spark = replay_spark(source, tmp_path / "spark", new_policy, master="local[2]")
    assert spark == local
    local_moved = pd.read_parquet(tmp_path / "local" / "moved.parquet").sort_values("id")
    spark_moved = pd.read_parquet(tmp_path / "spark" / "moved").sort_values("id")
    assert list(local_moved["id"]) == list(spark_moved["id"])
    assert list(local_moved["new_lead"]) == list(spark_moved["new_lead"])
