"""/healthz while the service grades large batches (issue 14: p99 ≤ 20 ms).

Starts `tousu serve --workers 1` (every batch lands on the one worker: the worst case) with
the bundled model, then for DURATION seconds keeps 4 batches of 65 texts × 5,000
characters in flight (4 threads, each sending the next batch when its answer comes) while
another thread asks /healthz every 20 ms. Prints one JSON object: /healthz latency
percentiles, batches graded, 503s (the grading queue's back pressure) and the target.

    .venv/bin/python benchmarks/bench_health.py [--duration 30]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live_server import live_server  # noqa: E402

BATCHES, ITEMS, CHARS = 4, 65, 5000


def texts() -> list[str]:
    lines = [json.loads(line)["text"] for line in (ROOT / "training" / "data" / "starter.jsonl").read_text(
        encoding="utf-8").splitlines()]
    out = []
    for i in range(ITEMS):
        text, j = "", i
        while len(text) < CHARS:
            text += lines[j % len(lines)] + "。"
            j += 7
        out.append(text[:CHARS])
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=float, default=30.0)
    ap.add_argument("--model", type=Path, default=ROOT / "var" / "models" / "default")
    ap.add_argument("--processes", type=int, default=1,
                    help="TOUSU_GRADING_PROCESSES (the service's default 1; 0: the grading threads)")
    args = ap.parse_args()
    if not (args.model / "meta.json").is_file():
        sys.exit(f"no bundle at {args.model}: run `make model` first")
    body = json.dumps({"items": [{"text": t} for t in texts()]}, ensure_ascii=False).encode()
    with live_server(data_dir=Path(tempfile.mkdtemp(prefix="tousu-health-")), model_dir=args.model.resolve(),
                     workers=1, extra_env={"TOUSU_GRADING_PROCESSES": str(args.processes)}) as server:
        key = server.create_key("intake")
        stop = time.monotonic() + args.duration
        outcomes: dict[str, int] = {"200": 0, "503": 0, "other": 0}
        batch_s: list[float] = []
        lock = threading.Lock()

        def grade() -> None:
            while time.monotonic() < stop:
                request = urllib.request.Request(server.url + "/v1/classify/batch", data=body, method="POST",
                                                 headers={"Authorization": f"Bearer {key}",
                                                          "Content-Type": "application/json"})
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=120) as answer:
                        answer.read()
                        status = str(answer.status)
                except urllib.error.HTTPError as exc:
                    status = str(exc.code)
                    if exc.code == 503:
                        time.sleep(float(exc.headers.get("Retry-After", "1")))
                with lock:
                    outcomes[status if status in outcomes else "other"] += 1
                    if status == "200":
                        batch_s.append(time.perf_counter() - started)

        health_ms: list[float] = []

        def probe() -> None:
            while time.monotonic() < stop:
                started = time.perf_counter()
                with urllib.request.urlopen(server.url + "/healthz", timeout=10) as answer:
                    answer.read()
                health_ms.append((time.perf_counter() - started) * 1000)
                time.sleep(0.02)

        idle = []
        for _ in range(50):
            started = time.perf_counter()
            with urllib.request.urlopen(server.url + "/healthz", timeout=10) as answer:
                answer.read()
            idle.append((time.perf_counter() - started) * 1000)
        threads = [threading.Thread(target=grade) for _ in range(BATCHES)] + [threading.Thread(target=probe)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    p99 = percentile(health_ms, 0.99)
    print(json.dumps({
        "batches_in_flight": BATCHES, "items_per_batch": ITEMS, "chars_per_item": CHARS,
        "batch_bytes": len(body), "duration_s": args.duration, "grading_processes": args.processes,
        "batches": outcomes, "batch_s_median": round(percentile(batch_s, 0.5), 2) if batch_s else None,
        "healthz_idle_ms_p50": round(percentile(idle, 0.5), 2),
        "healthz_ms_p50": round(percentile(health_ms, 0.5), 2), "healthz_ms_p99": round(p99, 2),
        "healthz_ms_max": round(max(health_ms), 2), "probes": len(health_ms),
        "target_p99_ms": 20.0, "met": p99 <= 20.0,
    }, indent=2))


if __name__ == "__main__":
    main()
