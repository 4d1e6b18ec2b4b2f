"""Where a cue is found on the shared work orders, by level and by category.

    .venv/bin/python benchmarks/cue_counts.py [--json OUT]

The counts the lexicon's and the policy's comments quote (README, "The policy layer"): for
each flag of the shipped lexicon (``slow_network``, ``fixed_line``, ``area_wide`` …), how
many of ``../shared/data/cocc/train.jsonl``'s work orders carry it, split by their labelled
level and category; e.g. no work order with ``slow_network`` is level 1, and none with
``fixed_line`` is 网络问题. ``slow_network_not_fixed_line`` counts the work orders the policy's
MOBILE-NETWORK rule reads (a slow network, no fixed line named): nearly all 网络问题. The
extractor reads the work orders' text as published (already masked), without the grading
path's normalisation.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import cocc_train_or_exit, publish  # noqa: E402
from pipeline.cues import default_extractor  # noqa: E402

FLAGS = ("slow_network", "fixed_line", "app", "area_wide", "service_unreachable", "security_incident",
         "public_apology", "high_compensation")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rows = [json.loads(line) for line in cocc_train_or_exit().read_text(encoding="utf-8").splitlines() if line]
    extract = default_extractor()
    found = [(row, extract(row["text"])) for row in rows]
    report: dict[str, Any] = {"n": len(rows), "lexicon": extract.lexicon.version}
    selections = {flag: (lambda cues, flag=flag: getattr(cues, flag)) for flag in FLAGS}
    selections["slow_network_not_fixed_line"] = lambda cues: cues.slow_network and not cues.fixed_line
    for name, selected in selections.items():
        hits = [row for row, cues in found if selected(cues)]
        report[name] = {"n": len(hits),
                        "by_level": dict(sorted(Counter(int(r["severity"]) for r in hits).items())),
                        "by_category": dict(Counter(r["category"] for r in hits).most_common())}
    publish(report, args.json)


if __name__ == "__main__":
    main()
