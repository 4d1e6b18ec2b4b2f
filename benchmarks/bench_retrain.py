"""Time of ``tousu retrain`` on the 1,854 shared tickets, with tracking on.

    .venv/bin/python benchmarks/bench_retrain.py

Builds a fresh data directory: a champion trained (and tracked) on the starter data, the
shared COCC tickets stored through the service layer and labelled as an agent would
(the corpus' labels as the agent's grade), then runs the retrain loop: export, checks,
time split, training, scoring both models, logging, registration, gate. Prints the
figures of each stage; the tracking overhead is the logging and registration time
(``tracking_s``) over the total. Skips with a message when the shared data is absent.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

from benchmarks._shared import cocc_train_or_exit  # noqa: E402


def main() -> None:
    cocc = cocc_train_or_exit()
    work = Path(tempfile.mkdtemp(prefix="tousu-retrain-"))
    os.environ["TOUSU_DATA_DIR"] = str(work)
    os.environ.pop("MLFLOW_TRACKING_URI", None)
    from pipeline.policy import load_policy
    from serving.auth.models import Principal, Role
    from serving.complaints import service
    from serving.complaints.models import ComplaintCreate, ReviewCreate
    from serving.database.labels import export_labels
    from serving.database.migrate import upgrade
    from serving.runtime import Runtime
    from tousu.cli import main as tousu
    from tousu.settings import Settings
    from training.config import TrainConfig
    from training.data import load_labelled, read_labels
    from training.gate import load_gate
    from training.retrain import retrain
    from training.tracking import TrackingStore

    starter = ROOT / "training" / "data" / "starter.jsonl"
    t = time.perf_counter()
    assert tousu(["train", "--data", str(starter), "--out", str(work / "models" / "starter"), "--quiet"]) == 0
    champion_s = time.perf_counter() - t
    database_url = f"sqlite:///{work / 'tousu.db'}"
    upgrade(database_url)
    runtime = Runtime.start(Settings(env="test", data_dir=work, database_url=database_url, _env_file=None))
    intake, agent = Principal("bench-intake", Role.intake), Principal("bench-agent", Role.agent)
    records = load_labelled(cocc).records
    t = time.perf_counter()
    for record in records:
        with runtime.sessions() as session:
            row, _ = service.intake(session=session, grader=runtime.grader, policy=runtime.policy,
                                    notifier=runtime.notifier,
                                    complaint_in=ComplaintCreate(text=record["text"], channel="hotline"),
                                    principal=intake, idempotency_key=None)
            service.review(session=session, policy=runtime.policy, notifier=runtime.notifier, complaint_id=row.id,
                           principal=agent,
                           review_in=ReviewCreate(category=record["category"], level=record["severity"],
                                                  reason="标注"))
    store_s = time.perf_counter() - t
    runtime.close()
    t = time.perf_counter()
    exported = export_labels(database_url, work / "exports" / "labels.jsonl")  # what `tousu retrain` does first
    labels = read_labels(exported.path)
    export_s = time.perf_counter() - t
    settings = Settings(env="test", data_dir=work, database_url=database_url, _env_file=None)
    result = retrain(store=TrackingStore(uri=settings.tracking_uri, artifact_root=settings.artifact_root),
                     labels=labels, review_conflicts=len(exported.conflicts), base=starter, config=TrainConfig(),
                     gate=load_gate(), policy=load_policy(), out_dir=work / "models")
    seconds = {"export_s": round(export_s, 2), **result.seconds}
    print(json.dumps({
        "tickets": len(records), "train_records": result.data["train_records"],
        "holdout_records": result.data["holdout_records"], "champion_train_s": round(champion_s, 1),
        "store_and_label_s": round(store_s, 1), "retrain": seconds,
        "tracking_overhead_share": round(seconds["tracking_s"] / seconds["total_s"], 3),
        "target_total_s": 120, "ratio_total_vs_target": round(seconds["total_s"] / 120, 2),
        "promoted": result.promoted, "gate": result.gate["reasons"],
        "holdout_challenger": {k: result.challenger.get(k) for k in ("category_macro_f1", "severity_macro_f1",
                                                                    "severity_recall_3")},
        "holdout_champion": {k: (result.champion or {}).get(k) for k in ("category_macro_f1", "severity_macro_f1",
                                                                        "severity_recall_3")},
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
