"""The monthly supervision report over a million complaints in PostgreSQL (issue 17: ≤ 30 s).

Fills a throw-away database on the loopback server with benchmarks/gen_store.py, then
times the report of the last full month: the figures (`tousu report monthly`'s build,
people included) and the three files (HTML, PDF, XLSX). Two shapes: the million spread
over --months months (a store of three years by default), and the worst case where the
whole million was received in the month reported (--months 1).

    .venv/bin/python benchmarks/bench_monthly.py [--complaints 1000000] [--months 36]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import throwaway_postgres  # noqa: E402
from benchmarks.bench_worker import SERVER  # noqa: E402
from benchmarks.gen_store import generate  # noqa: E402
from pipeline.policy import load_policy  # noqa: E402
from serving.database.core import make_engine, make_sessionmaker  # noqa: E402
from serving.reports import monthly, monthly_files  # noqa: E402

TARGET_S = 30.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--complaints", type=int, default=1_000_000)
    ap.add_argument("--months", type=int, default=36)
    args = ap.parse_args()
    policy = load_policy()
    # the store ends at the first of this month: the last full month is the newest one generated
    today = dt.datetime.now(policy.zone)
    end = today.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(dt.UTC)
    month = (end - dt.timedelta(days=1)).astimezone(policy.zone).strftime("%Y-%m")
    with throwaway_postgres(SERVER) as url:
        started = time.perf_counter()
        counts = generate(url, args.complaints, args.months, end=end)
        fill_s = time.perf_counter() - started
        sessions = make_sessionmaker(make_engine(url))
        started = time.perf_counter()
        with sessions() as session:
            report = monthly.build(session=session, policy=policy, month=month, with_people=True)
        build_s = time.perf_counter() - started
        started = time.perf_counter()
        sizes = {"html": len(monthly_files.to_html(report)), "pdf": len(monthly_files.to_pdf(report)),
                 "xlsx": len(monthly_files.to_xlsx(report))}
        files_s = time.perf_counter() - started
    total = build_s + files_s
    print(json.dumps({
        "complaints": args.complaints, "months": args.months, "month": month,
        "complaints_in_month": report.summary.total, "rows": counts, "fill_s": round(fill_s, 1),
        "figures_s": round(build_s, 2), "files_s": round(files_s, 2), "report_s": round(total, 2),
        "file_bytes": sizes, "target_s": TARGET_S, "met": total <= TARGET_S}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
