"""Complaints as users write them, graded: the figures of README "The policy layer".

    .venv/bin/python benchmarks/user_wording.py [--model DIR] [--shared] [--json OUT]

Grades ``tests/conformance/user_wording.jsonl`` with a bundle (default: the bundled
model, ``make model``) and prints, for each group of rows (``used_for_the_change``,
``held_out``, ``held_out_3`` …), how many levels and categories are right, which level-3
complaints get a lower level without review (``level3_silent``) and which complaints below
level 3 alert the leadership group (``false_alerts``); then (``bundled_level_1``) how many of the
file's level-1 rows are graded higher, as 2, and without review. With ``--shared`` it also trains a model as
``tousu retrain`` would (the shared COCC work orders plus the project's base data) and
grades the file with it; that part skips with a message where the shared data is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import ROOT, cocc_train_or_exit, publish  # noqa: E402
from models.bundle import load_bundle  # noqa: E402
from models.grader import Grader  # noqa: E402
from pipeline.policy import load_policy  # noqa: E402
from training.config import TrainConfig  # noqa: E402
from training.data import load_labelled  # noqa: E402
from training.evaluate import grade_records  # noqa: E402
from training.train import train  # noqa: E402

WORDING = ROOT / "tests" / "conformance" / "user_wording.jsonl"
STARTER = ROOT / "training" / "data" / "starter.jsonl"


def by_group(grader: Grader) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    """Levels and categories right per group of rows, the silent level-3 misses and the false alerts;
    and the level-1 rows of the whole file graded higher (README, "Known and not mended"), how many as 2
    and how many of them without review."""
    group = {row["id"]: row["variant"] for row in map(json.loads, WORDING.read_text(encoding="utf-8").splitlines())}
    records, graded, failures = grade_records(grader, load_policy(), load_labelled(WORDING).records)
    if failures:
        raise SystemExit(f"could not grade: {failures}")
    out: dict[str, dict[str, Any]] = {}
    level_1 = {"n": 0, "graded_higher": 0, "graded_2": 0, "higher_without_review": 0}
    for r, g in zip(records, graded, strict=True):
        figures = out.setdefault(group[r["id"]], {"n": 0, "level_right": 0, "category_right": 0,
                                                  "level3_silent": [], "false_alerts": []})
        figures["n"] += 1
        figures["level_right"] += g.level == r["severity"]
        figures["category_right"] += g.category == r["category"]
        if r["severity"] == 3 and g.level < 3 and not g.needs_review:
            figures["level3_silent"].append(r["id"])
        if r["severity"] < 3 and g.notify_leadership:
            figures["false_alerts"].append(r["id"])
        if r["severity"] == 1:
            level_1["n"] += 1
            level_1["graded_higher"] += g.level > 1
            level_1["graded_2"] += g.level == 2
            level_1["higher_without_review"] += g.level > 1 and not g.needs_review
    return out, level_1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=ROOT / "var" / "models" / "default")
    ap.add_argument("--shared", action="store_true", help="also a model trained on the shared data + base data")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    report: dict[str, Any] = {"model": str(args.model)}
    report["bundled"], report["bundled_level_1"] = by_group(Grader(load_bundle(args.model)))
    if args.shared:
        records = load_labelled(cocc_train_or_exit()).records + load_labelled(STARTER).records
        with tempfile.TemporaryDirectory() as tmp:
            bundle, _ = train(records, Path(tmp) / "shared", config=TrainConfig(), data_sha256="user_wording")
            report["shared_plus_base"], report["shared_plus_base_level_1"] = by_group(Grader(bundle))
    publish(report, args.json)


if __name__ == "__main__":
    main()
