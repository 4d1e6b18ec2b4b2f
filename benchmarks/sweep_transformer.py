"""The pretrained encoder over all five folds with a search chosen inside each fold (nested).

    .venv/bin/python benchmarks/sweep_transformer.py --encoder DIR [--folds 5] [--workers 5]
        [--device cuda] [--deadline-s 420] [--json FILE]

Issue 13 asks for the encoder tuned properly (learning rate, epochs, layer-wise decay, the
severity loss, text length) and reported beside the linear model on the same folds. Each
fold (the ``StratifiedKFold`` of ``make cv`` and ``bench_transformer.py``) runs in its
own process: its training part is split 85/15; the linear model and every configuration
of ``GRID`` train on the 85%; the configuration whose own grades on the 15% score best
(category macro-F1 + final severity macro-F1) is the fold's encoder, and the ensemble's
and the cascade's weights are chosen on the same 15%. Nothing is chosen on a test fold.

Printed, pooled over the test folds: every configuration of the grid (how a fixed choice
does: choosing the best of these rows after the fact would be optimistic), and the nested
rows ``encoder (chosen per fold)``, ``ensemble`` and ``cascade`` (every ``tousu
evaluate`` figure of issue 13). The first fold's four bundles are then timed alone (batch
throughput and single-text p50 through the full path) with the encoder on the CPU and, where
one is present, on the GPU. ``--deadline-s`` bounds a remote run: a fold stops starting new
configurations once it has run that long, and the report says which it skipped.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402

from benchmarks._shared import cocc_train_or_exit, publish  # noqa: E402

#: name -> TrainConfig fields of the transformer; the first is the CPU run's configuration (README)
GRID: dict[str, dict[str, Any]] = {
    "lr8e-5_ep5_len128": dict(learning_rate=8e-5, epochs=5, max_length=128, batch_size=16, layer_decay=1.0,
                              level3_weight=1.0, patience=1),
    "lr8e-5_ep5_len128_headtail": dict(learning_rate=8e-5, epochs=5, max_length=128, batch_size=16,
                                       layer_decay=1.0, level3_weight=1.0, patience=1, truncation="head_tail"),
    "lr1e-4_ep8_len256_ld0.9": dict(learning_rate=1e-4, epochs=8, max_length=256, batch_size=32, layer_decay=0.9,
                                    level3_weight=1.0, patience=2),
    "lr1e-4_ep8_len256_ld0.9_headtail": dict(learning_rate=1e-4, epochs=8, max_length=256, batch_size=32,
                                             layer_decay=0.9, level3_weight=1.0, patience=2, truncation="head_tail"),
    "lr5e-5_ep8_len256": dict(learning_rate=5e-5, epochs=8, max_length=256, batch_size=32, layer_decay=1.0,
                              level3_weight=1.0, patience=2),
    "lr2e-4_ep8_len256_ld0.8": dict(learning_rate=2e-4, epochs=8, max_length=256, batch_size=32, layer_decay=0.8,
                                    level3_weight=1.0, patience=2),
    "lr1e-4_ep8_len256_ld0.9_l3w1.5": dict(learning_rate=1e-4, epochs=8, max_length=256, batch_size=32,
                                           layer_decay=0.9, level3_weight=1.5, patience=2),
    "lr3e-5_ep12_len256": dict(learning_rate=3e-5, epochs=12, max_length=256, batch_size=32, layer_decay=1.0,
                               level3_weight=1.0, patience=3),
}
HEADLINE = ("category_macro_f1", "severity_macro_f1", "severity_recall_3", "model_severity_macro_f1",
            "review_rate", "auto_severity_accuracy", "auto_category_accuracy", "level3_silent_miss_rate",
            "level3_unreviewed_false_rate", "alert_precision")


def _grade(grader: Any, policy: Any, texts: list[str]) -> list[Any]:
    from tousu.grading import classify_texts

    return classify_texts(grader, policy, texts, received_at=dt.datetime(2026, 11, 2, 10, tzinfo=policy.zone))


def run_fold(k: int, data_path: str, folds: int, encoder: str, device: str, grid: dict[str, dict[str, Any]],
             deadline_s: float, keep: str | None, limit: int | None) -> dict[str, Any]:
    """Trains and grades one fold; returns its test decisions per model and what was chosen."""
    from models.bundle import save_bundle
    from models.cascade import CascadeGrader
    from models.ensemble import EnsembleGrader
    from models.grader import Grader
    from pipeline.packaged import resource_path
    from pipeline.policy import load_policy
    from training.config import TrainConfig
    from training.data import load_labelled
    from training.evaluate import score
    from training.train import train

    started = time.perf_counter()
    data = load_labelled(Path(data_path))
    records = data.records[:limit] if limit else data.records
    policy = load_policy()
    strata = [f"{r['category']}|{r['severity']}" for r in records]
    tr, te = list(StratifiedKFold(folds, shuffle=True, random_state=0).split(records, strata))[k]
    tr = np.random.default_rng(k).permutation(tr)
    n_val = int(round(len(tr) * 0.15))
    val, fit = tr[:n_val], tr[n_val:]
    fit_records = [records[i] for i in fit]
    val_records = [records[i] for i in val]
    val_texts = [r["text"] for r in val_records]
    test_texts = [records[i]["text"] for i in te]
    out_dir = Path(keep) / f"fold{k}" if keep else Path(tempfile.mkdtemp(prefix=f"sweep{k}."))
    linear_config = TrainConfig()
    t = time.perf_counter()
    linear, _ = train(fit_records, out_dir / "linear", config=linear_config, data_sha256=data.sha256)
    seconds: dict[str, float] = {"linear": round(time.perf_counter() - t, 1)}
    lin = Grader(linear)
    result: dict[str, Any] = {"fold": k, "test": te.tolist(), "decisions": {"linear": _grade(lin, policy, test_texts)},
                              "val_score": {}, "skipped": [], "seconds": seconds}
    trained: dict[str, Any] = {}
    for name, params in grid.items():
        if time.perf_counter() - started > deadline_s:
            result["skipped"].append(name)
            continue
        config = dataclasses.replace(TrainConfig(), model="transformer", base_model=encoder, device=device, **params)
        t = time.perf_counter()
        try:  # one configuration that fails (memory, a numeric blow-up) costs its row, not the fold
            bundle, _ = train(fit_records, out_dir / f"transformer-{name}", config=config, data_sha256=data.sha256)
            if device != "cpu":
                bundle.model.to(device)  # type: ignore[attr-defined]  # a TransformerGrader
            grader = Grader(bundle)
            figures = score(val_records, _grade(grader, policy, val_texts))
            result["decisions"][name] = _grade(grader, policy, test_texts)
        except Exception as exc:  # noqa: BLE001 - reported with the fold, the run goes on
            result.setdefault("errors", {})[name] = f"{type(exc).__name__}: {exc}"
            print(f"fold {k + 1}: {name} failed: {exc}", file=sys.stderr, flush=True)
            continue
        seconds[name] = round(time.perf_counter() - t, 1)
        result["val_score"][name] = round(figures["category_macro_f1"] + figures["severity_macro_f1"], 4)
        trained[name] = bundle
        print(f"[{time.perf_counter() - started:6.0f}s] fold {k + 1}: {name} trained in {seconds[name]}s, "
              f"validation {result['val_score'][name]}", file=sys.stderr, flush=True)
    if not trained:
        return result
    chosen = max(result["val_score"], key=lambda n: result["val_score"][n])
    result["chosen"] = chosen
    result["decisions"]["encoder (chosen per fold)"] = result["decisions"][chosen]
    members = [linear.model, trained[chosen].model]
    val_complaints = [lin.prepare(text) for text in val_texts]
    val_labels = {h: [r[h] for r in val_records] for h in ("category", "severity")}
    for kind, combined in (("ensemble", EnsembleGrader(members)), ("cascade", CascadeGrader(members))):
        combined.fit_weights(members, val_complaints, val_labels)
        bundle = save_bundle(out_dir / kind, model=combined, config=linear_config.to_dict(),
                             user_dict=resource_path("user_dict.txt"), lexicon=resource_path("cues.yaml"),
                             lexicon_version="sweep", data_sha256=data.sha256, n_train=len(fit))
        result["decisions"][kind] = _grade(Grader(bundle), policy, test_texts)
        result[f"{kind}_weights"] = str(combined.weights_)
    result["bundles"] = {"linear": str(out_dir / "linear"), "encoder": str(out_dir / f"transformer-{chosen}"),
                         "ensemble": str(out_dir / "ensemble"), "cascade": str(out_dir / "cascade")}
    print(f"[{time.perf_counter() - started:6.0f}s] fold {k + 1}: chose {chosen}; "
          f"ensemble {result['ensemble_weights']}", file=sys.stderr, flush=True)
    return result


def speed(bundle_path: str, texts: list[str], device: str | None) -> dict[str, float]:
    """``bench_transformer.py``'s timing (batches of 64, single-text p50), encoder members on ``device``."""
    import torch

    from benchmarks.bench_transformer import speed as timed
    from models.bundle import load_bundle
    from models.grader import Grader
    from pipeline.policy import load_policy

    torch.set_num_threads(os.cpu_count() or 1)  # the folds are done: every core (OMP_NUM_THREADS was theirs)
    grader = Grader(load_bundle(Path(bundle_path)))
    if device:
        for member in getattr(grader.model, "members_", [grader.model]):
            if hasattr(member, "to"):
                member.to(device)
    policy = load_policy()
    _grade(grader, policy, texts[:8])  # warm-up: tokenizers, kernels
    return timed(grader, policy, texts)


def report(args: argparse.Namespace, records: list[dict[str, Any]], results: list[dict[str, Any]],
           grid: dict[str, dict[str, Any]]) -> dict[str, Any]:
    from training.evaluate import score

    out: dict[str, Any] = {"folds": args.folds, "folds_done": len(results), "encoder": str(args.encoder),
                           "device": args.device, "grid": grid, "models": {}}
    names = ["linear", *grid, "encoder (chosen per fold)", "ensemble", "cascade"]
    for name in names:
        pooled = [(i, d) for r in results if name in r["decisions"] for i, d in zip(r["test"], r["decisions"][name],
                                                                                     strict=True)]
        if not pooled:
            continue
        figures = score([records[i] for i, _ in pooled], [d for _, d in pooled])
        row: dict[str, Any] = {k: figures[k] for k in HEADLINE if k in figures}
        row["n"] = len(pooled)
        row["folds"] = sum(1 for r in results if name in r["decisions"])
        row["train_seconds_total"] = round(sum(r["seconds"].get(name, 0.0) for r in results), 1)
        out["models"][name] = row
    out["per_fold"] = [{k: r.get(k) for k in ("fold", "chosen", "val_score", "skipped", "errors", "seconds",
                                               "ensemble_weights", "cascade_weights")}
                       for r in sorted(results, key=lambda r: r["fold"])]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--encoder", type=Path, required=True)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--workers", type=int, default=1, help="folds run at once (5 on a GPU machine)")
    ap.add_argument("--device", default="auto", help="auto, cpu or cuda")
    ap.add_argument("--deadline-s", type=float, default=float("inf"),
                    help="a fold starts no new configuration after this many seconds")
    ap.add_argument("--grid", default="", help="comma-separated names of GRID to run (default: all)")
    ap.add_argument("--limit", type=int, help="only the first N records (a smoke run)")
    ap.add_argument("--keep", type=Path, help="keep every fold's bundles here")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from training.data import load_labelled

    data_path = cocc_train_or_exit()
    records = load_labelled(data_path).records
    records = records[:args.limit] if args.limit else records
    unknown = [n for n in args.grid.split(",") if n and n not in GRID]
    if unknown:
        ap.error(f"--grid: unknown configuration(s) {unknown}; GRID has {list(GRID)}")
    grid = {n: GRID[n] for n in args.grid.split(",") if n} if args.grid else GRID
    device = args.device
    if device == "auto":
        import torch

        device = "cuda" if torch.cuda.is_available() else "cpu"
    keep = args.keep or Path(tempfile.mkdtemp(prefix="sweep."))
    threads = max(1, (os.cpu_count() or 1) // args.workers)
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))  # folds share the cores instead of fighting over them
    results: list[dict[str, Any]] = []
    failed: list[str] = []
    context = get_context("spawn")  # CUDA does not survive a fork
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        futures = [pool.submit(run_fold, k, str(data_path), args.folds, str(args.encoder), device, grid,
                               args.deadline_s, str(keep), args.limit) for k in range(args.folds)]
        for future in as_completed(futures):
            try:
                results.append(future.result())
            except Exception as exc:  # noqa: BLE001 - a fold that died is reported; the others still count
                print(f"a fold failed: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
                failed.append(f"{type(exc).__name__}: {exc}")
                continue
            publish(report(args, records, results, grid), args.json, echo=False)
    summary = report(args, records, results, grid)
    summary["folds_failed"] = failed
    first = next((r for r in results if r["fold"] == 0 and "bundles" in r), None)
    if first is not None and not args.no_speed:
        texts = [records[i]["text"] for i in first["test"]]
        summary["speed_fold1"] = {"cpu_threads": os.cpu_count()}
        for name, path in first["bundles"].items():
            summary["speed_fold1"][name] = speed(path, texts, None)
            if device != "cpu" and name != "linear":
                summary["speed_fold1"][f"{name} ({device})"] = speed(path, texts, device)
    publish(summary, args.json)


if __name__ == "__main__":
    main()
