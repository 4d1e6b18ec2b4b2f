"""Precedents on complaints as users write them, graded in the order they were written.

    .venv/bin/python benchmarks/precedents_user_wording.py [--from user-r1] [--lexicon as-written|current] [--json OUT]

``tests/conformance/user_wording.jsonl`` was written in blocks (user-a…, user-b…, …, user-zx…),
each before any of its grades was read, and the lexicon was mended after most of them. This
replays what a complaint centre would have met: for every block from ``--from`` on, three
models grade it, all trained with the lexicon of the commit that added the block
(``--lexicon as-written``, read with ``git show``; ``current`` uses the tree's):

- ``starter``: the project's base data alone, as the bundled default model is trained;
- ``starter+own precedents``: the same, carrying the base data itself as precedents (why the
  bundled model carries none: agents' work-order style is not how users write);
- ``retrained``: the base data and every row written before the block, as ``tousu retrain``
  learns from a centre's confirmed tickets;
- ``retrained+precedents``: the same, and those rows as the bundle's precedents
  (``models.precedents``; the shipped policy's ``precedent_level3_share``).

For each: levels and categories right, complaints flagged for review, level-3 complaints
graded lower without review (``silent``) and complaints below level 3 that alert the
leadership group (``false_alerts``), with their ids, the alerts in all and the outages whose alert the
precedents held for a person (``held``). About 12 minutes on 2 cores for the 876 rows from user-r1 (2026-12-07).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import ROOT, lexicon_at, publish  # noqa: E402
from models.grader import Grader  # noqa: E402
from pipeline.packaged import resource_path  # noqa: E402
from pipeline.policy import load_policy  # noqa: E402
from pipeline.policy.decide import PRECEDENTS_DISAGREE  # noqa: E402
from training.config import TrainConfig  # noqa: E402
from training.data import load_labelled  # noqa: E402
from training.evaluate import grade_records  # noqa: E402
from training.train import train  # noqa: E402

WORDING = ROOT / "tests" / "conformance" / "user_wording.jsonl"
STARTER = ROOT / "training" / "data" / "starter.jsonl"
ARMS = ("starter", "starter+own precedents", "retrained", "retrained+precedents")


def blocks(records: list[dict[str, Any]]) -> list[tuple[str, list[int]]]:
    """Consecutive rows whose ids share a prefix (user-r1, user-r2 … → "r"), in file order."""
    out: list[tuple[str, list[int]]] = []
    for i, r in enumerate(records):
        prefix = str(r["id"]).removeprefix("user-").rstrip("0123456789")
        if out and out[-1][0] == prefix:
            out[-1][1].append(i)
        else:
            out.append((prefix, [i]))
    return out


def lexicon_as_written(first_id: str, tmp: Path) -> Path | None:
    """The lexicon of the commit that added the row ``first_id``; None without git history."""
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "log", "--reverse", "--format=%H", "-S",
                                 f'"id": "{first_id}"', "--", str(WORDING.relative_to(ROOT))],
                                capture_output=True, text=True, check=True).stdout.split()
        if not commit:
            return None
        return lexicon_at(commit[0], tmp / f"cues-{first_id}.yaml")
    except (OSError, subprocess.CalledProcessError):
        return None


def tally(figures: dict[str, Any], records: list[dict[str, Any]], graded: list[Any]) -> None:
    for r, g in zip(records, graded, strict=True):
        figures["n"] += 1
        figures["level_right"] += g.level == r["severity"]
        figures["category_right"] += g.category == r["category"]
        figures["reviewed"] += g.needs_review
        figures["alerts"] += g.notify_leadership
        if r["severity"] == 3 and g.level < 3 and not g.needs_review:
            figures["silent"].append(r["id"])
        if r["severity"] < 3 and g.notify_leadership:
            figures["false_alerts"].append(r["id"])
        if PRECEDENTS_DISAGREE in g.review_reasons:
            figures["held"].append(r["id"])  # an outage's alert the precedents held for a person


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from", dest="start", default="user-r1", help="the first row of the first block to grade")
    ap.add_argument("--lexicon", choices=["as-written", "current"], default="as-written")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    policy = load_policy()
    starter = load_labelled(STARTER).records
    user = load_labelled(WORDING).records
    ids = [str(r["id"]) for r in user]
    if args.start not in ids:
        raise SystemExit(f"{args.start} is not a row of {WORDING}")
    first = ids.index(args.start)
    totals = {arm: {"n": 0, "level_right": 0, "category_right": 0, "reviewed": 0, "alerts": 0, "silent": [],
                    "false_alerts": [], "held": []} for arm in ARMS}
    per_block: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        for prefix, rows in blocks(user):
            if rows[0] < first:
                continue
            lexicon = (lexicon_as_written(ids[rows[0]], tmp) if args.lexicon == "as-written" else None)
            earlier = user[:rows[0]]
            block = [user[i] for i in rows]
            per_block[prefix] = {"lexicon": "current" if lexicon is None else "as written", "n": len(rows)}
            for arm in ARMS:
                data = starter if arm.startswith("starter") else starter + earlier
                precedents = {"starter+own precedents": starter, "retrained+precedents": earlier}.get(arm, ())
                bundle, _ = train(data, tmp / f"{prefix}-{arm}", config=TrainConfig(), data_sha256=arm,
                                  lexicon_path=lexicon or resource_path("cues.yaml"), precedent_records=precedents)
                kept, graded, failures = grade_records(Grader(bundle), policy, block)
                if failures:
                    raise SystemExit(f"could not grade: {failures}")
                tally(totals[arm], kept, graded)
                per_block[prefix][arm] = {"silent": [r["id"] for r, g in zip(kept, graded, strict=True)
                                                     if r["severity"] == 3 and g.level < 3 and not g.needs_review]}
            print(prefix, {arm: (len(t["silent"]), len(t["false_alerts"]), t["reviewed"], t["n"])
                           for arm, t in totals.items()}, file=sys.stderr, flush=True)
    publish({"from": args.start, "lexicon": args.lexicon, "policy": policy.version, "totals": totals,
             "blocks": per_block}, args.json)


if __name__ == "__main__":
    main()
