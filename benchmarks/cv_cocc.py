"""5-fold cross-validation of the full grading path on the shared COCC data.

    .venv/bin/python benchmarks/cv_cocc.py [--folds 5] [--json OUT]

Prints every metric of ``tousu evaluate`` (final and model-only severity, cues, review
rate) pooled over the out-of-fold decisions, per class too, beside a plain TF-IDF +
logistic regression baseline on the same folds.
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
    args = ap.parse_args()
    data = load_labelled(cocc_train_or_exit())
    records = data.records
    config = TrainConfig.from_file(args.config) if args.config else TrainConfig()
    policy = load_policy()
    strata = [f"{r['category']}|{r['severity']}" for r in records]
    folds = list(StratifiedKFold(args.folds, shuffle=True, random_state=0).split(records, strata))
    decisions: list[Any] = [None] * len(records)
    received = dt.datetime(2026, 11, 2, 10, 0, tzinfo=policy.zone)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for k, (tr, te) in enumerate(folds):
            bundle, _ = train([records[i] for i in tr], Path(tmp) / f"fold{k}", config=config,
                              data_sha256=data.sha256)
            results = classify_texts(Grader(bundle), policy, [records[i]["text"] for i in te], received_at=received)
            for i, res in zip(te, results, strict=True):
                decisions[i] = res
            print(f"fold {k + 1}/{args.folds} done", file=sys.stderr)
    seconds = time.perf_counter() - t0
    if os.environ.get("TOUSU_CV_DUMP"):
        dump = [d.model_dump(mode="json") for d in decisions]
        Path(os.environ["TOUSU_CV_DUMP"]).write_text(json.dumps(dump, ensure_ascii=False), encoding="utf-8")
    figures = score(records, decisions)
    figures["seconds_total"] = round(seconds, 1)
    figures["baseline_tfidf_lr"] = baseline(records, folds)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
