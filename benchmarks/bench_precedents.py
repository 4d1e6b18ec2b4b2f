"""What a bundle's precedents cost: indexing time, size, and the lookup per graded text.

    .venv/bin/python benchmarks/bench_precedents.py [--sizes 2000,20000,100000] [--json OUT]

Precedents are the prepared texts of the shared COCC work orders when present (the starter
data otherwise), repeated with a number appended until each size is reached (real tickets
repeat themselves less, so the vocabulary here is smaller than a centre's). For each size:
seconds to index, the bytes of ``precedents.joblib`` as a bundle stores it, the index's
sparse matrix in memory, and the lookup's time per text in batches of 64 and one at a time,
beside the whole grading path's per-text time of a bundle without precedents.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import COCC, ROOT, publish  # noqa: E402
from models.precedents import PrecedentIndex  # noqa: E402
from pipeline.complaint import prepare  # noqa: E402


def _records() -> tuple[list[dict], str]:
    src, name = COCC / "train.jsonl", "cocc"
    if not src.is_file():
        src, name = ROOT / "training" / "data" / "starter.jsonl", "starter"
    return [json.loads(x) for x in src.read_text(encoding="utf-8").splitlines()], name


def _per_text_ms(fn, texts: list[str], batch: int, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for i in range(0, len(texts), batch):
            fn(texts[i:i + batch])
        best = min(best, time.perf_counter() - start)
    return round(best * 1000 / len(texts), 3)


def main() -> None:
    import joblib

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="2000,20000,100000")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    records, source = _records()
    prepared = [prepare(r["text"]).text_features for r in records]
    queries = prepared[:256]
    report: dict = {"source": source, "queries": len(queries), "sizes": {}}
    for size in (int(s) for s in args.sizes.split(",")):
        texts = [prepared[i % len(prepared)] + (f" {i // len(prepared)}" if i >= len(prepared) else "")
                 for i in range(size)]
        levels = [int(records[i % len(records)]["severity"]) for i in range(size)]
        start = time.perf_counter()
        index = PrecedentIndex().fit(texts, levels, [str(i) for i in range(size)])
        fit_s = time.perf_counter() - start
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "precedents.joblib"
            joblib.dump(index, path, compress=3)
            stored = path.stat().st_size
        m = index.postings_
        report["sizes"][size] = {
            "index_seconds": round(fit_s, 2),
            "stored_mb": round(stored / 1e6, 2),
            "matrix_mb": round((m.data.nbytes + m.indices.nbytes + m.indptr.nbytes) / 1e6, 2),
            "lookup_ms_per_text_batch64": _per_text_ms(index.nearest, queries, 64),
            "lookup_ms_per_text_single": _per_text_ms(index.nearest, queries[:64], 1),
        }
        print(size, report["sizes"][size], file=sys.stderr, flush=True)
    publish(report, args.json)


if __name__ == "__main__":
    main()
