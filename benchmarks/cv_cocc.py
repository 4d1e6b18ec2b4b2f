"""5-fold cross-validation of the full grading path on the shared COCC data.

    .venv/bin/python benchmarks/cv_cocc.py [--folds 5] [--json OUT] [--policy P] [--config CFG] [--precedents]

Prints every metric of ``tousu evaluate`` (final and model-only severity, cues, review
rate, the selective-grading figures) pooled over the out-of-fold decisions, per class
too, beside a plain TF-IDF + logistic regression baseline on the same folds; then:

- ``calibrated_nested``: the thresholds ``tousu calibrate`` proposes, chosen on four folds'
  out-of-fold grades and applied to the fifth, pooled (no threshold is scored on the
  complaints it was chosen on); with ``proposed_all_folds``, what calibrating on all
  five proposes (the thresholds to ship), and ``shipped_all_folds``, the policy's own
  thresholds with their expected cost under the same cost table;
- ``contact_line``: the share of complaints whose level or category changes when a
  contact/ID line ("联系电话…，身份证号…") is inserted, graded by the same fold's model.

With ``--precedents`` each fold's bundle carries its training complaints as precedents, as a
bundle of ``tousu retrain`` carries the confirmed tickets it learnt from (``models.precedents``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from benchmarks._shared import cocc_train_or_exit  # noqa: E402
from models.grader import Grader  # noqa: E402
from pipeline.policy import load_policy  # noqa: E402
from tousu.grading import classify_texts  # noqa: E402
from training.calibrate import calibrate, columns, figures, outcomes, search  # noqa: E402
from training.config import TrainConfig  # noqa: E402
from training.data import load_labelled  # noqa: E402
from training.evaluate import score  # noqa: E402
from training.train import train  # noqa: E402


def baseline(records, folds):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score, recall_score
    from sklearn.pipeline import make_pipeline

    texts = np.array([r["text"] for r in records], dtype=object)
    out = {}
    for head in ("category", "severity"):
        y = np.array([r[head] for r in records])
        pred = np.empty_like(y)
        for tr, te in folds:
            m = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2),
                              LogisticRegression(C=10, max_iter=2000))
            pred[te] = m.fit(texts[tr], y[tr]).predict(texts[te])
        out[f"{head}_macro_f1"] = round(float(f1_score(y, pred, average="macro")), 4)
        if head == "severity":
            out["severity_recall_3"] = round(float(recall_score(y, pred, labels=[3], average="macro")), 4)
            out["undergrade_rate"] = round(float(np.mean(pred < y)), 4)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    ap.add_argument("--config", type=Path, help="training config JSON")
    ap.add_argument("--policy", type=Path, help="policy file (default: the shipped one)")
    ap.add_argument("--precedents", action="store_true", help="each fold's training complaints as its precedents")
    args = ap.parse_args()
    data = load_labelled(cocc_train_or_exit())
    records = data.records
    config = TrainConfig.from_file(args.config) if args.config else TrainConfig()
    policy = load_policy(args.policy)
    strata = [f"{r['category']}|{r['severity']}" for r in records]
    folds = list(StratifiedKFold(args.folds, shuffle=True, random_state=0).split(records, strata))
    decisions: list[Any] = [None] * len(records)
    with_contact: list[Any] = [None] * len(records)
    received = dt.datetime(2026, 11, 2, 10, 0, tzinfo=policy.zone)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for k, (tr, te) in enumerate(folds):
            bundle, _ = train([records[i] for i in tr], Path(tmp) / f"fold{k}", config=config,
                              data_sha256=data.sha256,
                              precedent_records=[records[i] for i in tr] if args.precedents else ())
            grader = Grader(bundle)
            texts = [records[i]["text"] for i in te]
            results = classify_texts(grader, policy, texts, received_at=received)
            for i, res in zip(te, results, strict=True):
                decisions[i] = res
            contact = classify_texts(grader, policy, [CONTACT_LINE + t for t in texts], received_at=received)
            for i, res in zip(te, contact, strict=True):
                with_contact[i] = res
            print(f"fold {k + 1}/{args.folds} done", file=sys.stderr)
    seconds = time.perf_counter() - t0
    if os.environ.get("TOUSU_CV_DUMP"):
        dump = [d.model_dump(mode="json") for d in decisions]
        Path(os.environ["TOUSU_CV_DUMP"]).write_text(json.dumps(dump, ensure_ascii=False), encoding="utf-8")
    report = score(records, decisions)
    report["seconds_total"] = round(seconds, 1)
    report["baseline_tfidf_lr"] = baseline(records, folds)
    moved = [(a.level, a.category) != (b.level, b.category) for a, b in zip(decisions, with_contact, strict=True)]
    report["contact_line"] = {"inserted": CONTACT_LINE, "grades_changed": round(float(np.mean(moved)), 4)}
    if policy.costs is not None:
        report["calibrated_nested"] = nested_calibration(records, decisions, folds, policy)
        calibrated = calibrate(records, decisions, policy)
        report["proposed_all_folds"] = calibrated["proposed"]
        report["shipped_all_folds"] = calibrated["current"]  # the policy's own thresholds, same cost table
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


CONTACT_LINE = "联系电话13812345678，身份证号110101199003071234，"


def nested_calibration(records: list[dict[str, Any]], decisions: list[Any], folds: list[Any], policy: Any
                       ) -> dict[str, Any]:
    """Thresholds chosen on the other folds' out-of-fold grades, applied to each fold, pooled."""
    cols = columns(records, decisions, policy)
    flagged = np.zeros(len(records), dtype=bool)
    alerted = np.zeros(len(records), dtype=bool)
    chosen = []
    for _, te in folds:
        rest = np.setdiff1d(np.arange(len(records)), te)
        _, setting, _ = search({k: v[rest] for k, v in cols.items()}, policy)[0]
        result = outcomes({k: v[te] for k, v in cols.items()}, **setting)
        flagged[te], alerted[te] = result["flagged"], result["alerted"]
        chosen.append(setting)
    return {**figures(cols, flagged, alerted), "thresholds_per_fold": chosen}


if __name__ == "__main__":
    main()
