"""The cascade on the fixed split of ``encoder_split.py``: how right, and how fast beside the linear model.

    .venv/bin/python benchmarks/encoder_split.py --base-model var/encoders/e5-small-zh --keep var/bench/split
    .venv/bin/python benchmarks/cascade_split.py --bundles var/bench/split [--share 0.25] [--quantize]

Takes the linear and encoder bundles ``encoder_split.py --keep`` saved, builds the cascade
from them (the ensemble's per-head weights and the confidence threshold chosen on the same
15% validation part), grades the held-out fifth through the whole path under the shipped
policy, and times batch grading (64 texts a call, the texts of the held-out fifth, best of
three) for the linear model, the cascade and the ensemble. Issue 13 asks the cascade to
stay within 2x of the linear model's batch throughput. ``--quantize`` grades with the
encoder's linear layers in int8, as the service does with ``TOUSU_QUANTIZE=true``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import cocc_train_or_exit, publish  # noqa: E402
from benchmarks.encoder_split import HEADLINE, split  # noqa: E402
from models.bundle import load_bundle, save_bundle  # noqa: E402
from models.cascade import CascadeGrader  # noqa: E402
from models.ensemble import EnsembleGrader  # noqa: E402
from models.grader import Grader  # noqa: E402
from pipeline.packaged import resource_path  # noqa: E402
from pipeline.policy import load_policy  # noqa: E402
from tousu.grading import classify_texts  # noqa: E402
from training.config import TrainConfig  # noqa: E402
from training.data import load_labelled  # noqa: E402
from training.evaluate import grade_records, score  # noqa: E402
from training.train import labels_of  # noqa: E402


def batch_rate(grader: Grader, texts: list[str]) -> float:
    """Texts a second, 64 a call, best of three passes."""
    policy = load_policy()
    when = dt.datetime(2026, 11, 2, 10, tzinfo=policy.zone)
    best = 0.0
    for _ in range(3):
        started = time.perf_counter()
        for start in range(0, len(texts), 64):
            classify_texts(grader, policy, texts[start:start + 64], received_at=when)
        best = max(best, len(texts) / (time.perf_counter() - started))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bundles", type=Path, required=True, help="the folder encoder_split.py --keep wrote")
    ap.add_argument("--share", type=float, default=0.25, help="the largest share the encoder sees")
    ap.add_argument("--quantize", action="store_true", help="the encoder in int8 (TOUSU_QUANTIZE)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    data = load_labelled(cocc_train_or_exit())
    config = TrainConfig()
    complaints, kept, _fit, val, test = split(data.records, config)
    linear, encoder = (load_bundle(args.bundles / name).model for name in ("linear", "encoder"))
    val_complaints, val_labels = [complaints[i] for i in val], labels_of([kept[i] for i in val])
    models: dict[str, Any] = {
        "linear": linear,
        "cascade": CascadeGrader(max_share=args.share).fit_weights([linear, encoder], val_complaints, val_labels),
        "ensemble": EnsembleGrader().fit_weights([linear, encoder], val_complaints, val_labels),
    }
    policy = load_policy()
    texts = [r["text"] for r in test]
    report: dict[str, Any] = {"split": "cocc 80/20, random_state 0", "n_test": len(test), "share": args.share,
                              "quantized": args.quantize,
                              "cascade_threshold": round(models["cascade"].threshold_, 4),
                              "consulted_share_validation": round(models["cascade"].consulted_share_, 4)}
    with tempfile.TemporaryDirectory() as tmp:
        for name, model in models.items():
            bundle = save_bundle(Path(tmp) / name, model=model, config=config.to_dict(),
                                 user_dict=resource_path("user_dict.txt"), lexicon=resource_path("cues.yaml"),
                                 lexicon_version="split", data_sha256=data.sha256, n_train=len(kept))
            grader = Grader(bundle)
            if args.quantize and name != "linear":
                grader.model.members_[1].quantize()
            kept_test, graded, _ = grade_records(grader, policy, test)
            figures = score(kept_test, graded)
            report[name] = {**{k: figures.get(k) for k in HEADLINE},
                            "texts_per_second": round(batch_rate(grader, texts))}
            print(f"{name} done", file=sys.stderr)
    for name in ("cascade", "ensemble"):
        report[name]["slowdown_vs_linear"] = round(report["linear"]["texts_per_second"]
                                                   / report[name]["texts_per_second"], 2)
    publish(report, args.json)


if __name__ == "__main__":
    main()
