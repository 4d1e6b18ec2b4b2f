"""Finding a caller's complaints among a million in PostgreSQL (issue 16: p95 ≤ 100 ms).

Fills a throw-away database on the loopback server with N complaints and their
complainants (benchmarks/bench_worker.py's fill, plus a phone, an account and a name
each), then times the queue's search (`GET /v1/complaints?q=` minus HTTP) for random
phones, accounts, names and ticket numbers, and prints the percentiles and the plan.

    .venv/bin/python benchmarks/bench_search.py [--complaints 1000000] [--searches 400]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import throwaway_postgres  # noqa: E402
from benchmarks.bench_worker import SERVER, decision_json, fill  # noqa: E402
from serving.complaints.service import queue  # noqa: E402
from serving.database.core import make_engine, make_sessionmaker  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--complaints", type=int, default=1_000_000)
    ap.add_argument("--searches", type=int, default=400)
    args = ap.parse_args()
    with throwaway_postgres(SERVER) as url:
        fill(url, args.complaints, 0, decision_json())
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("""INSERT INTO complainants (complaint_id, name, contact, account)
                                 SELECT lpad(to_hex(g), 22, '0'), '用户' || (g % 400000),
                                        '138' || lpad(g::text, 8, '0'), 'BB-' || g
                                 FROM generate_series(1, :n) AS g"""), {"n": args.complaints})
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        engine.dispose()
        sessions = make_sessionmaker(make_engine(url))
        rng = random.Random(0)
        kinds = {"phone": lambda g: f"138{g:08d}", "account": lambda g: f"BB-{g}",
                 "name": lambda g: f"用户{g % 400000}", "ticket": lambda g: f"{g:014d}"}
        timings: dict[str, list[float]] = {k: [] for k in kinds}
        found = 0
        with sessions() as session:
            for i in range(args.searches):
                kind = list(kinds)[i % len(kinds)]
                term = kinds[kind](rng.randint(1, args.complaints))
                started = time.perf_counter()
                page = queue(session=session, q=term, limit=50)
                timings[kind].append((time.perf_counter() - started) * 1000)
                found += int(page.total > 0)
            from sqlalchemy import select

            from serving.complaints.service import matching
            from serving.database.tables import ComplaintRow

            statement = select(ComplaintRow.id).where(matching("13800000042"))
            compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
            plan = [row[0] for row in session.execute(text(f"EXPLAIN {compiled}"))]
        every = sorted(t for ts in timings.values() for t in ts)
        p95 = every[int(0.95 * (len(every) - 1))]
        print(json.dumps({
            "complaints": args.complaints, "searches": args.searches, "found": found,
            "ms_p50": round(every[len(every) // 2], 2), "ms_p95": round(p95, 2), "ms_max": round(every[-1], 2),
            "ms_p95_by_kind": {k: round(sorted(v)[int(0.95 * (len(v) - 1))], 2) for k, v in timings.items()},
            "target_p95_ms": 100.0, "met": p95 <= 100.0, "plan": plan}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
