"""The pretrained encoder beside the linear model, on one fixed split of the shared data.

    .venv/bin/tousu encoder build --out var/encoders/e5-small \
        [--prune-vocab --vocab-texts ../shared/data/cocc/train.jsonl]
    .venv/bin/python benchmarks/encoder_split.py --base-model var/encoders/e5-small [--json OUT]
        [--learning-rate 8e-5] [--layer-decay 1.0] [--epochs 5] [--max-length 128] [--truncation head]

One stratified 80/20 split of ``../shared/data/cocc`` (``random_state`` 0, the split of
``tests/test_shared_cocc.py``). An ensemble fits its two members, the linear model and
the encoder fine-tuned (issue 13's settings by default: 5 epochs, learning rate 8e-5, batch
16, max length 128, level-3 weight 1, no layer-wise decay), on 85% of the training part and
picks their weights, per head, on the other 15%; then the linear model, the encoder and
the ensemble are graded, through the whole path under the shipped policy, on the held-out
20% and on the regulation conformance suite. The shipped review and alert thresholds were
calibrated for the linear model, so each model also gets its own (``tousu calibrate`` on
the 15%, within the policy's review budget), applied to the same held-out 20%. About 45
minutes on 2 CPU cores with the full vocabulary, 25 with ``--prune-vocab`` (one fit); where
a GPU is lent, all five folds belong there (``benchmarks/bench_transformer.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

from benchmarks._shared import cocc_train_or_exit, publish  # noqa: E402
from models.bundle import save_bundle  # noqa: E402
from models.ensemble import EnsembleGrader  # noqa: E402
from models.grader import Grader  # noqa: E402
from models.linear import LinearGrader  # noqa: E402
from models.transformer import TransformerGrader  # noqa: E402
from pipeline.packaged import resource_path  # noqa: E402
from pipeline.policy import load_policy  # noqa: E402
from training.calibrate import GRID, calibrate, columns, outcomes  # noqa: E402
from training.calibrate import figures as selective_figures  # noqa: E402
from training.config import TrainConfig  # noqa: E402
from training.data import load_labelled  # noqa: E402
from training.evaluate import grade_records, score  # noqa: E402
from training.train import labels_of, prepare_records  # noqa: E402

SUITE = Path(__file__).resolve().parent.parent / "tests" / "conformance" / "regulation.jsonl"
HEADLINE = ("category_macro_f1", "category_accuracy", "severity_macro_f1", "severity_recall_3", "review_rate",
            "auto_severity_accuracy", "auto_category_accuracy", "level3_silent_miss_rate", "alert_precision")


def split(records: list[dict[str, Any]], config: TrainConfig) -> tuple[list[Any], list[dict[str, Any]], list[int],
                                                                       list[int], list[dict[str, Any]]]:
    """The fixed split: (prepared complaints, their records, fit indices, validation indices, test records)."""
    strata = [f"{r['category']}|{r['severity']}" for r in records]
    train_part, test = train_test_split(records, test_size=0.2, random_state=0, stratify=strata)
    complaints, kept, _ = prepare_records(train_part, config=config, user_dict=resource_path("user_dict.txt"),
                                          lexicon_path=resource_path("cues.yaml"))
    # EnsembleGrader.fit's own split: members learn from 85%, the weights and the thresholds come from 15%
    order = np.random.default_rng(0).permutation(len(kept))
    n_val = int(round(len(kept) * 0.15))
    return complaints, kept, order[n_val:].tolist(), order[:n_val].tolist(), test


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-model", type=Path, required=True, help="the encoder folder (tousu encoder build)")
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--learning-rate", type=float, default=8e-5, help="the encoder's top layer")
    ap.add_argument("--layer-decay", type=float, default=1.0, help="each layer below learns at this times the rate")
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--truncation", choices=["head", "head_tail"], default="head",
                    help="what of a longer text is read (head_tail: its first quarter and last three quarters)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--keep", type=Path, help="save the three bundles here (for more analysis without a refit)")
    args = ap.parse_args()
    data = load_labelled(cocc_train_or_exit())
    config = TrainConfig()
    complaints, kept, fit, val, test = split(data.records, config)
    fit_labels = labels_of([kept[i] for i in fit])
    fit_complaints = [complaints[i] for i in fit]
    transformer = TransformerGrader(str(args.base_model), epochs=args.epochs, learning_rate=args.learning_rate,
                                    layer_decay=args.layer_decay, batch_size=16, max_length=args.max_length,
                                    truncation=args.truncation, level3_weight=1.0, device="cpu", progress=True)
    started = time.perf_counter()
    linear = LinearGrader(**config.model_params()).fit(fit_complaints, fit_labels)
    transformer.fit(fit_complaints, fit_labels)
    val_records = [kept[i] for i in val]
    ensemble = EnsembleGrader().fit_weights([linear, transformer], [complaints[i] for i in val],
                                            labels_of(val_records))
    fit_s = time.perf_counter() - started
    policy = load_policy()
    suite = load_labelled(SUITE).records
    report: dict[str, Any] = {"split": "cocc 80/20, random_state 0", "n_train": len(fit), "n_validation": len(val),
                              "n_test": len(test), "fit_seconds": round(fit_s), "ensemble_weights": ensemble.weights_,
                              "settings": {"epochs": args.epochs, "learning_rate": args.learning_rate,
                                           "layer_decay": args.layer_decay, "max_length": args.max_length,
                                           "truncation": args.truncation,
                                           "encoder": json.loads((args.base_model / "tousu_encoder.json").read_text())
                                           if (args.base_model / "tousu_encoder.json").is_file() else None}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        for name, model in (("linear", linear), ("encoder", transformer), ("ensemble", ensemble)):
            bundle = save_bundle(folder / name, model=model, config=config.to_dict(),
                                 user_dict=resource_path("user_dict.txt"), lexicon=resource_path("cues.yaml"),
                                 lexicon_version="split", data_sha256=data.sha256, n_train=len(fit))
            grader = Grader(bundle)
            kept_test, graded, _ = grade_records(grader, policy, test)
            figures = score(kept_test, graded)
            kept_suite, graded_suite, _ = grade_records(grader, policy, suite)
            right = sum((g.level, g.category) == (r["severity"], r["category"])
                        for r, g in zip(kept_suite, graded_suite, strict=True))
            # this model's own review and alert thresholds, from the validation part (tousu calibrate)
            kept_val, graded_val, _ = grade_records(grader, policy, val_records)
            proposed = calibrate(kept_val, graded_val, policy)["proposed"]
            own = {k: proposed[k] for k in GRID}
            cols = columns(kept_test, graded, policy)
            own_figures = selective_figures(cols, **outcomes(cols, **own))
            report[name] = {**{k: figures.get(k) for k in HEADLINE},
                            "conformance_right": f"{right}/{len(suite)}",
                            "conformance_levels_right": sum(g.level == r["severity"]
                                                            for r, g in zip(kept_suite, graded_suite, strict=True)),
                            "own_thresholds": own, "with_own_thresholds": own_figures}
            print(f"{name} done", file=sys.stderr)
    publish(report, args.json)


if __name__ == "__main__":
    main()
