"""Linear, transformer and ensemble side by side: the same 5-fold split of the shared data.

    .venv/bin/python benchmarks/bench_transformer.py --encoder DIR [--folds 5] [--epochs 4]
        [--learning-rate 5e-5] [--layer-decay 1.0] [--level3-weight 2.0] [--batch-size 16] [--device auto]

On a GPU, issue 13's comparison (the pretrained encoder, all five folds):

    .venv/bin/tousu encoder build --out var/encoders/e5-small-zh --prune-vocab \
        --vocab-texts ../shared/data/cocc/train.jsonl
    .venv/bin/python benchmarks/bench_transformer.py --encoder var/encoders/e5-small-zh --epochs 5 \
        --learning-rate 8e-5 --level3-weight 1 --batch-size 16 --device cuda --json var/bench/e5.json

``DIR`` is a local encoder, e.g. from ``tousu pretrain --data ../shared/data/cocc/train.jsonl``
(a domain encoder pretrained on these texts without their labels). Per fold, the training
part is split 85/15: the linear and the transformer model train on the 85%, the ensemble's
weights are chosen on the 15%, and all three grade the test fold through the full path.
Out-of-fold decisions are pooled and scored with every ``tousu evaluate`` metric (with
``--json``, after each fold too, over the folds done: ``folds_done``); training time and
inference speed (batch throughput, single-text p50; the transformer also
dynamically quantised) are printed beside them.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from benchmarks._shared import cocc_train_or_exit, publish  # noqa: E402
from models.bundle import save_bundle  # noqa: E402
from models.ensemble import EnsembleGrader  # noqa: E402
from models.grader import Grader  # noqa: E402
from pipeline.packaged import resource_path  # noqa: E402
from pipeline.policy import load_policy  # noqa: E402
from tousu.grading import classify_texts  # noqa: E402
from training.config import TrainConfig  # noqa: E402
from training.data import load_labelled  # noqa: E402
from training.evaluate import score  # noqa: E402
from training.train import train  # noqa: E402

HEADLINE = ("category_macro_f1", "severity_macro_f1", "severity_recall_3", "undergrade_rate",
            "model_severity_macro_f1", "review_rate", "auto_severity_accuracy", "auto_category_accuracy",
            "level3_silent_miss_rate", "alert_precision")


def speed(grader: Grader, policy, texts: list[str]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    when = dt.datetime(2026, 11, 2, 10, tzinfo=policy.zone)
    t = time.perf_counter()
    for start in range(0, len(texts), 64):
        classify_texts(grader, policy, texts[start:start + 64], received_at=when)
    batch = len(texts) / (time.perf_counter() - t)
    singles = []
    for text in texts[:100]:
        t = time.perf_counter()
        classify_texts(grader, policy, [text], received_at=when)
        singles.append((time.perf_counter() - t) * 1000)
    return {"batch_per_s": round(batch, 1), "single_p50_ms": round(statistics.median(singles), 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--encoder", type=Path, required=True)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--learning-rate", type=float, default=5e-5)
    ap.add_argument("--level3-weight", type=float, default=2.0)
    ap.add_argument("--layer-decay", type=float, default=1.0, help="each layer: this times the rate above")
    ap.add_argument("--batch-size", type=int, default=16, help="128 suits a GPU")
    ap.add_argument("--device", default="auto", help="auto, cpu or cuda")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    data = load_labelled(cocc_train_or_exit())
    records = data.records
    policy = load_policy()
    linear_config = TrainConfig()
    transformer_config = dataclasses.replace(TrainConfig(), model="transformer", base_model=str(args.encoder),
                                             epochs=args.epochs, max_length=args.max_length,
                                             batch_size=args.batch_size, learning_rate=args.learning_rate,
                                             level3_weight=args.level3_weight, layer_decay=args.layer_decay,
                                             device=args.device)
    strata = [f"{r['category']}|{r['severity']}" for r in records]
    folds = list(StratifiedKFold(args.folds, shuffle=True, random_state=0).split(records, strata))
    received = dt.datetime(2026, 11, 2, 10, 0, tzinfo=policy.zone)
    names = ("linear", "transformer", "ensemble")
    decisions: dict[str, list[Any]] = {n: [None] * len(records) for n in names}
    seconds = {n: 0.0 for n in names}
    speeds: dict[str, list[dict[str, float]]] = {n: [] for n in (*names, "transformer_int8")}
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        for k, (tr, te) in enumerate(folds):
            tr = rng.permutation(tr)
            n_val = int(round(len(tr) * 0.15))
            val, fit = tr[:n_val], tr[n_val:]
            fit_records = [records[i] for i in fit]
            t = time.perf_counter()
            linear, _ = train(fit_records, Path(tmp) / f"linear{k}", config=linear_config, data_sha256=data.sha256)
            seconds["linear"] += time.perf_counter() - t
            t = time.perf_counter()
            transformer, _ = train(fit_records, Path(tmp) / f"transformer{k}", config=transformer_config,
                                   data_sha256=data.sha256, progress=True)
            seconds["transformer"] += time.perf_counter() - t
            t = time.perf_counter()
            lin, trf = Grader(linear), Grader(transformer)
            val_complaints = [lin.prepare(records[i]["text"]) for i in val]
            ensemble_model = EnsembleGrader([linear.model, transformer.model]).fit_weights(
                [linear.model, transformer.model], val_complaints,
                {h: [records[i][h] for i in val] for h in ("category", "severity")})
            ensemble = save_bundle(Path(tmp) / f"ensemble{k}", model=ensemble_model, config=linear_config.to_dict(),
                                   user_dict=resource_path("user_dict.txt"), lexicon=resource_path("cues.yaml"),
                                   lexicon_version="bench", data_sha256=data.sha256, n_train=len(fit))
            seconds["ensemble"] += time.perf_counter() - t  # choosing weights only: its members are the two above
            graders = {"linear": lin, "transformer": trf, "ensemble": Grader(ensemble)}
            test_texts = [records[i]["text"] for i in te]
            for name, grader in graders.items():
                for i, result in zip(te, classify_texts(grader, policy, test_texts, received_at=received), strict=True):
                    decisions[name][i] = result
            if k == 0:
                for name, grader in graders.items():
                    speeds[name].append(speed(grader, policy, test_texts))
                trf.model.quantize()
                speeds["transformer_int8"].append(speed(trf, policy, test_texts))
                int8 = [getattr(r, "category", None)
                        for r in classify_texts(trf, policy, test_texts, received_at=received)]
                same = np.mean([a == d.category for a, d in zip(int8, [decisions["transformer"][i] for i in te],
                                                                    strict=True)])
                speeds["transformer_int8"][-1]["same_category_as_fp32"] = round(float(same), 3)
            print(f"fold {k + 1}/{args.folds}: ensemble weights {ensemble_model.weights_}", file=sys.stderr)
            if args.json and k + 1 < args.folds:  # a long CPU run keeps what it has measured so far
                publish(summary(args, records, decisions, seconds, speeds, folds_done=k + 1), args.json, echo=False)
    publish(summary(args, records, decisions, seconds, speeds, folds_done=args.folds), args.json)


def summary(args: argparse.Namespace, records: list[dict[str, Any]], decisions: dict[str, list[Any]],
            seconds: dict[str, float], speeds: dict[str, list[dict[str, float]]], *, folds_done: int
            ) -> dict[str, object]:
    """The figures pooled over the test folds graded so far (all of them at the end)."""
    done = [i for i, d in enumerate(decisions["linear"]) if d is not None]
    report: dict[str, object] = {"folds": args.folds, "folds_done": folds_done, "n": len(done),
                                 "encoder": str(args.encoder), "epochs": args.epochs, "max_length": args.max_length,
                                 "learning_rate": args.learning_rate, "level3_weight": args.level3_weight,
                                 "layer_decay": args.layer_decay, "batch_size": args.batch_size,
                                 "device": args.device}
    for name, graded in decisions.items():
        figures = score([records[i] for i in done], [graded[i] for i in done])
        report[name] = {k: figures[k] for k in HEADLINE if k in figures}
        report[name]["train_seconds_total"] = round(seconds[name], 1)  # type: ignore[index]
    report["speed_fold1"] = {n: s[0] for n, s in speeds.items() if s}
    return report


if __name__ == "__main__":
    main()
