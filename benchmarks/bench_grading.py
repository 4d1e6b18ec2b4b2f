"""Speed and size of the grading path, beside a plain TF-IDF + logistic regression.

    .venv/bin/python benchmarks/bench_grading.py [--model DIR]

Runs on one core (BLAS threads pinned to 1). Uses the shared COCC texts when present
(about 145 characters on average), the project's starter texts otherwise, and prints
one JSON object of figures and ratios: batch throughput, single-text p50/p99, the cold
start of ``tousu classify TEXT``, ``decide()`` overhead, segmenter speeds, bundle size.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._shared import COCC  # noqa: E402


def _texts_and_labels() -> tuple[list[dict], str]:
    src = COCC / "train.jsonl"
    name = "cocc"
    if not src.is_file():
        src, name = ROOT / "training" / "data" / "starter.jsonl", "starter"
    return [json.loads(x) for x in src.read_text(encoding="utf-8").splitlines()], name


def _timeit(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, help="bundle to time (default: train one on the texts)")
    args = ap.parse_args()
    with contextlib.suppress(AttributeError, OSError):  # pin to one core where the platform can
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from models.grader import Grader
    from pipeline.policy import decide, load_policy
    from pipeline.segment import Segmenter
    from tousu.grading import classify_texts
    from training.config import TrainConfig
    from training.train import train

    records, source = _texts_and_labels()
    texts = [r["text"] for r in records]
    chars = sum(map(len, texts))
    policy = load_policy()
    now = dt.datetime(2026, 11, 2, 10, tzinfo=policy.zone)
    tmp = tempfile.mkdtemp()
    bundle_dir = args.model
    figures: dict[str, object] = {"texts": source, "n": len(texts), "mean_chars": round(chars / len(texts), 1)}
    if bundle_dir is None:
        bundle_dir = Path(tmp) / "bundle"
        t = time.perf_counter()
        train(records, bundle_dir, config=TrainConfig(), data_sha256="bench")
        figures["train_seconds"] = round(time.perf_counter() - t, 1)
    grader = Grader.from_path(bundle_dir)
    classify_texts(grader, policy, texts[:50], received_at=now)  # warm up

    batch = min(_timeit(lambda: classify_texts(grader, policy, texts, received_at=now), 3))
    figures["batch_per_s"] = round(len(texts) / batch)
    singles = []
    for text in texts[:500]:
        t = time.perf_counter()
        classify_texts(grader, policy, [text], received_at=now)
        singles.append((time.perf_counter() - t) * 1000)
    singles.sort()
    figures["single_p50_ms"] = round(statistics.median(singles), 3)
    figures["single_p99_ms"] = round(singles[int(len(singles) * 0.99) - 1], 3)

    # the featuriser alone (word and character n-grams, cues), in batches of 64 and one by one
    prepared = [grader.prepare(x) for x in texts[:1000]]
    featurizer = grader.model.featurizer_ if hasattr(grader.model, "featurizer_") else None
    if featurizer is not None:
        for label, size in (("batch64", 64), ("single", 1)):
            secs = min(_timeit(lambda size=size: [featurizer.transform(prepared[i:i + size])
                                                  for i in range(0, len(prepared), size)], 3))
            figures[f"featurize_{label}_us"] = round(secs / len(prepared) * 1e6, 1)

    graded = [g for g in grader.grade(texts[:1000])]
    t = time.perf_counter()
    for g in graded:
        decide(g.prediction, g.prediction.cues, policy, now)
    figures["decide_us"] = round((time.perf_counter() - t) / len(graded) * 1e6, 1)

    for backend in ("rjieba", "jieba"):
        seg = Segmenter(backend=backend)
        seg(texts[0])
        secs = min(_timeit(lambda seg=seg: [seg(x) for x in texts], 2))
        figures[f"segment_{backend}_mchars_per_s"] = round(chars / secs / 1e6, 2)

    size = sum(f.stat().st_size for f in Path(bundle_dir).iterdir())
    figures["bundle_mb"] = round(size / 1e6, 2)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    colds = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "tousu.cli", "classify", "--model", str(bundle_dir), texts[0]],
                       check=True, capture_output=True, env=env, cwd=ROOT)
        colds.append(time.perf_counter() - t)
    figures["cold_start_s"] = round(min(colds), 2)

    # the plain baseline, timed in the same run on the same texts
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    base = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2),
                         LogisticRegression(C=10, max_iter=2000))
    t = time.perf_counter()
    base.fit(texts, [r["category"] for r in records])
    figures["baseline_train_seconds"] = round(time.perf_counter() - t, 1)
    bsecs = min(_timeit(lambda: base.predict_proba(texts), 3))
    figures["baseline_batch_per_s"] = round(len(texts) / bsecs)
    bs = []
    for text in texts[:500]:
        t = time.perf_counter()
        base.predict_proba([text])
        bs.append((time.perf_counter() - t) * 1000)
    figures["baseline_single_p50_ms"] = round(statistics.median(bs), 3)
    figures["ratio_batch_vs_baseline"] = round(figures["batch_per_s"] / figures["baseline_batch_per_s"], 2)  # type: ignore[operator]
    figures["ratio_p50_vs_baseline"] = round(figures["single_p50_ms"] / figures["baseline_single_p50_ms"], 2)  # type: ignore[operator]
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
