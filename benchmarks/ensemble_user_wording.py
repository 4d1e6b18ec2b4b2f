"""Does a model of meaning grade users' own words better? The encoder beside the default model.

    .venv/bin/tousu encoder build --out var/encoders/e5-small-zh --prune-vocab
    .venv/bin/python benchmarks/ensemble_user_wording.py --base-model var/encoders/e5-small-zh [--json OUT]

Trains, on the project's starter data alone (as the bundled default model is trained), an
ensemble of the linear model and the pretrained encoder fine-tuned (``tousu train
--model-type ensemble``), its members' weights chosen with ``--weights-data`` on the
user-written complaints of ``tests/conformance/user_wording.jsonl`` written first (ids
user-a … user-q, up to 2026-12-01 morning), and grades the ones written after them (user-r …
user-z) with it and with the linear model alone: levels and categories right, reviews,
level-3 complaints graded lower without review, complaints below level 3 that alert the
leadership group. The later rows played no part in the weights. About 5 minutes on 2 CPU
cores. Needs the transformer extra (torch, transformers); no shared data.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import publish  # noqa: E402
from benchmarks.user_wording import STARTER, WORDING  # noqa: E402
from models.grader import Grader  # noqa: E402
from pipeline.policy import load_policy  # noqa: E402
from training.config import TrainConfig  # noqa: E402
from training.data import load_labelled  # noqa: E402
from training.evaluate import grade_records  # noqa: E402
from training.train import train  # noqa: E402

FIRST_WRITTEN = "q"  # user-a … user-q choose the weights; user-r … user-z are graded


def written_later(record: dict[str, Any]) -> bool:
    match = re.match(r"user-([a-z])", record["id"])
    return match is not None and match.group(1) > FIRST_WRITTEN


def figures(grader: Grader, records: list[dict[str, Any]]) -> dict[str, Any]:
    kept, graded, failures = grade_records(grader, load_policy(), records)
    if failures:
        raise SystemExit(f"could not grade: {failures}")
    pairs = list(zip(kept, graded, strict=True))
    return {
        "n": len(pairs),
        "level_right": sum(g.level == r["severity"] for r, g in pairs),
        "category_right": sum(g.category == r["category"] for r, g in pairs),
        "reviewed": sum(g.needs_review for _, g in pairs),
        "level3_silent": [r["id"] for r, g in pairs if r["severity"] == 3 and g.level < 3 and not g.needs_review],
        "false_alerts": [r["id"] for r, g in pairs if r["severity"] < 3 and g.notify_leadership],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base-model", type=Path, required=True, help="the encoder folder (tousu encoder build)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    wording = load_labelled(WORDING).records
    first = [r for r in wording if not written_later(r)]
    later = [r for r in wording if written_later(r)]
    starter = load_labelled(STARTER).records
    config = TrainConfig(model="ensemble", base_model=str(args.base_model.resolve()), device="cpu")
    with tempfile.TemporaryDirectory() as tmp:
        bundle, _ = train(starter, Path(tmp) / "ensemble", config=config, data_sha256="ensemble_user_wording",
                          weigh_records=first)
        # the ensemble's linear member alone, learnt from all the starter data: the default model
        linear = Grader(dataclasses.replace(bundle, model=bundle.model.members_[0]))
        ensemble = Grader(bundle)
        report: dict[str, Any] = {
            "weights": {head: bundle.model.weights_for(head) for head in ("category", "severity")},
            "weights_chosen_on": len(first),
            "linear": {"first_written": figures(linear, first), "written_later": figures(linear, later)},
            "ensemble": {"first_written": figures(ensemble, first), "written_later": figures(ensemble, later)},
        }
    publish(report, args.json)


if __name__ == "__main__":
    main()
