"""Training runs that end in the registry: ``tousu train`` (tracked) and ``tousu retrain``.

``retrain`` learns from agents' confirmed tickets and promotes only a better model:

1. Read the agents' labels the store exported (the latest review of each ticket).
2. Hold out the newest confirmed tickets (by review time, never shuffled).
3. Merge the rest with the base data; newer human labels win on duplicate texts; drop
   any training text that is also held out; check the data (see ``checks``).
4. Train a challenger, its precedents the older confirmed tickets (``models.precedents``);
   score challenger and champion on the same held-out set.
5. Register the challenger, and let the gate (``promotion.yaml``) decide.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.bundle import Bundle
from models.grader import Grader
from models.registry import CHALLENGER, champion
from pipeline.packaged import resource_path
from pipeline.policy import Policy
from training import checks, tracking
from training.config import TrainConfig
from training.data import DataError, LineProblem, load_labelled
from training.evaluate import grade_records, score
from training.gate import GateConfig, judge
from training.registry import move_champion, register_bundle, set_alias
from training.tracking import TrackingStore
from training.train import train

#: the most confirmed tickets a retrained bundle carries as precedents, the newest first kept:
#: 20,000 cost 29 MB in the bundle, 50 MB in each worker and 1.2–1.6 ms a graded text
#: (benchmarks/bench_precedents.py)
PRECEDENTS_MAX = 20_000


@dataclass
class RetrainResult:
    version: str
    promoted: bool
    gate: dict[str, Any]
    challenger: dict[str, Any]
    champion: dict[str, Any] | None
    champion_version: str | None
    data: dict[str, Any]
    seconds: dict[str, float] = field(default_factory=dict)
    run_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "promoted": self.promoted, "gate": self.gate,
                "champion_version": self.champion_version, "challenger": self.challenger,
                "champion": self.champion, "data": self.data, "seconds": self.seconds, "run_id": self.run_id}


def _headline(figures: dict[str, Any] | None) -> dict[str, Any] | None:
    if figures is None:
        return None
    return {k: v for k, v in figures.items() if k != "per_class"}


def _sha(records: list[dict[str, Any]]) -> str:
    body = json.dumps([[r["text"], r["category"], r["severity"]] for r in records], ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def split_by_time(confirmed: list[dict[str, Any]], fraction: float) -> tuple[list[dict[str, Any]],
                                                                              list[dict[str, Any]]]:
    """Returns (older, newest): the newest ``fraction`` of confirmed tickets is held out."""
    ordered = sorted(confirmed, key=lambda r: (r["reviewed_at"], r["id"]))
    n_hold = math.ceil(len(ordered) * fraction) if ordered else 0
    return ordered[:len(ordered) - n_hold], ordered[len(ordered) - n_hold:]


def _evaluate(grader: Grader, policy: Policy, records: Sequence[dict[str, Any]], *, prefix: str,
              categories: Sequence[str], artifact_path: str | None) -> dict[str, Any]:
    """Scores a grader on labelled records and logs the figures (plots under ``artifact_path``)."""
    kept, decisions, _ = grade_records(grader, policy, records)
    figures = score(kept, decisions)
    tracking.log_figures(figures, prefix=prefix)
    if artifact_path and kept:
        tracking.log_evaluation_artifacts(kept, decisions, figures, categories=categories, prefix=artifact_path)
    return figures


def _register_challenger(store: TrackingStore, bundle: Bundle) -> str:
    version = register_bundle(bundle.path)
    set_alias(store.uri, CHALLENGER, version)
    return version


def train_tracked(*, store: TrackingStore, records: Sequence[dict[str, Any]], out: Path, config: TrainConfig,
                  policy: Policy, data_sha256: str, data_name: str, evaluation: Sequence[dict[str, Any]] = (),
                  progress: bool = False, weigh_records: Sequence[dict[str, Any]] = (),
                  precedent_records: Sequence[dict[str, Any]] = ()
                  ) -> tuple[Bundle, list[LineProblem], dict[str, Any]]:
    """Trains inside an MLflow run and registers the bundle; the first one becomes the champion."""
    with tracking.training_run(store, run_name=f"train {data_name}", tags={"kind": "train"}) as run:
        extra = {"data.path": data_name, **({"weights_data.n": str(len(weigh_records))} if weigh_records else {}),
                 **({"precedents.n": str(len(precedent_records))} if precedent_records else {})}
        tracking.log_params(config.to_dict(), data_sha256=data_sha256, n_records=len(records),
                            policy_version=policy.version, extra=extra)
        tracking.log_json("label_distribution.json", tracking.label_distribution(records))
        bundle, problems = train(records, out, config=config, data_sha256=data_sha256, progress=progress,
                                 weigh_records=weigh_records, precedent_records=precedent_records)
        if evaluation:
            _evaluate(Grader(bundle), policy, evaluation, prefix="", categories=sorted(policy.categories),
                      artifact_path="eval")
        version = _register_challenger(store, bundle)
        run_id = run.info.run_id
    summary: dict[str, Any] = {"run_id": run_id, "registered_version": version}
    if champion(store.uri) is None:
        move_champion(store, version, action="promote", reason="first model: no champion yet")
        summary["champion"] = version
    return bundle, problems, summary


def retrain(*, store: TrackingStore, labels: Sequence[dict[str, Any]], review_conflicts: int = 0,
            base: Path | None, config: TrainConfig, gate: GateConfig, policy: Policy, out_dir: Path,
            progress: bool = False) -> RetrainResult:
    """Trains a challenger on the base data and the agents' labels; the gate decides promotion.

    ``labels`` are what the store exported (``serving.database.labels``), oldest first.
    """
    started = time.perf_counter()
    clock: dict[str, float] = {}
    confirmed = list(labels)
    lexicon = resource_path("cues.yaml")  # the lexicon the challenger is trained with
    older, holdout = split_by_time(confirmed, gate.holdout.fraction)
    base_records = []
    if base is not None:
        loaded = load_labelled(base)
        base_records = [{**r, "source": "base"} for r in loaded.records]
    merged, dup_report = checks.dedupe(base_records + older)  # store labels come last: they win
    merged, overlap = checks.drop_overlap(merged, holdout)
    if len(merged) < 10:
        raise DataError(f"Only {len(merged)} training records after merging; at least 10 are needed.")
    data_report = {
        "confirmed_tickets": len(confirmed), "base_records": len(base_records), "train_records": len(merged),
        "holdout_records": len(holdout),
        "holdout_from": holdout[0]["reviewed_at"] if holdout else None,
        "review_conflicts": review_conflicts, **dup_report,
        "train_eval_overlap_removed": overlap,
        "train_distribution": checks.distribution(merged), "holdout_distribution": checks.distribution(holdout),
        "holdout_classes_unseen_in_training": checks.unseen_classes(merged, holdout),
        "below_cue_floor": checks.below_cue_floor(confirmed, policy, lexicon=lexicon),
        "corrections": sum(1 for r in confirmed if r["action"] == "correct"),
    }
    clock["data_s"] = round(time.perf_counter() - started, 2)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    sha = _sha(merged)
    live = champion(store.uri)
    categories = sorted(policy.categories)
    with tracking.training_run(store, run_name=f"retrain {stamp}", tags={"kind": "retrain"}) as run:
        t = time.perf_counter()
        # the confirmed tickets it learns from are also what it looks up (never the held-out ones)
        bundle, problems = train(merged, out_dir / f"challenger-{stamp}", config=config, data_sha256=sha,
                                 lexicon_path=lexicon, progress=progress,
                                 precedent_records=older[-PRECEDENTS_MAX:])
        clock["train_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        tracking.log_params(config.to_dict(), data_sha256=sha, n_records=len(merged), policy_version=policy.version,
                            extra={"gate.version": gate.version, "holdout.n": len(holdout),
                                   "champion.version": live.version if live else "none",
                                   "data.skipped_texts": len(problems)})
        challenger_figures = _evaluate(Grader(bundle), policy, holdout, prefix="holdout.challenger.",
                                       categories=categories, artifact_path="holdout")
        champion_figures = None
        if live is not None:
            champion_figures = _evaluate(Grader.from_path(live.path), policy, holdout, prefix="holdout.champion.",
                                         categories=categories, artifact_path=None)
        decision = judge(gate, challenger=challenger_figures, champion=champion_figures,
                         holdout_size=len(holdout))
        clock["evaluate_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        tracking.log_json("data_report.json", data_report)
        tracking.log_json("gate.json", decision.to_dict())
        tracking.log_json("label_distribution.json", tracking.label_distribution(merged))
        version = _register_challenger(store, bundle)
        clock["tracking_s"] = round(time.perf_counter() - t, 2)
        run_id = run.info.run_id
    if decision.promote:
        move_champion(store, version, action="promote", reason="; ".join(decision.reasons),
                      figures=decision.to_dict())
    clock["total_s"] = round(time.perf_counter() - started, 2)
    return RetrainResult(version=version, promoted=decision.promote, gate=decision.to_dict(),
                         challenger=_headline(challenger_figures) or {}, champion=_headline(champion_figures),
                         champion_version=live.version if live else None, data=data_report, seconds=clock,
                         run_id=run_id)
