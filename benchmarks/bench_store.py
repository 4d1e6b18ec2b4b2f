"""The store's queries at scale (issue 18: interactive p95 ≤ 100 ms, a month's summary ≤ 2 s,
intake unchanged from an empty store), with the plans PostgreSQL chose.

Fills a throw-away database with benchmarks/gen_store.py (or measures one given with
--url, filled before), then times, each over --runs runs: the queue's first page for an
agent (open work, level then deadline), for a department (led and copied) and for the
person holding the complaints (``mine``), the queue
page's counts (open by level, overdue, due today, to review), search by
ticket number and by phone, a complaint page, the leadership summary of a month and of a
year, the monthly report's figures, the worker's sweep of due clocks; and intake through
the API (the bundled model) on this store against an empty one.

    .venv/bin/python benchmarks/bench_store.py --complaints 10000000 [--runs 40]
    .venv/bin/python benchmarks/bench_store.py --url postgresql+psycopg://…/filled_db
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from benchmarks._shared import throwaway_postgres  # noqa: E402
from benchmarks.bench_worker import SERVER  # noqa: E402
from benchmarks.gen_store import generate  # noqa: E402
from pipeline.policy import load_policy  # noqa: E402
from serving.auth.models import Principal, Role  # noqa: E402
from serving.complaints import service as complaints  # noqa: E402
from serving.complaints.workflow import OPEN  # noqa: E402
from serving.database.core import make_engine, make_sessionmaker, now  # noqa: E402

INTERACTIVE_MS = 100.0
SUMMARY_S = 2.0


def _timed(fn: Callable[[], Any], runs: int) -> dict[str, float]:
    fn()  # warm the plan and the cache once, as a serving process is
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"ms_p50": round(statistics.median(times), 2), "ms_p95": round(times[int(0.95 * (len(times) - 1))], 2),
            "ms_max": round(times[-1], 2)}


def _plan(session: Any, statement: Any) -> list[str]:
    compiled = statement.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    # a long literal (the copied queue's array of ids) is cut: the plan's shape is what matters
    return [row[0] if len(row[0]) <= 240 else row[0][:240] + " …"
            for row in session.execute(text(f"EXPLAIN {compiled}"))]


def _intake_per_second(url: str, n: int) -> float:
    """Complaints per second through POST /v1/complaints (the bundled model) on ``url``."""
    from fastapi.testclient import TestClient

    from serving.auth import service as keys
    from serving.main import create_app
    from tousu.settings import Settings

    settings = Settings(env="test", database_url=url, secret_key="bench-secret-key-0123456789",
                        rate_limit_per_minute=1_000_000, _env_file=None)
    with TestClient(create_app(settings)) as client:
        with client.app.state.runtime.sessions() as session:
            key = keys.create(session=session, secret_key=settings.secret_key, role=Role.intake).key
        headers = {"Authorization": f"Bearer {key}"}
        texts = ["家里宽带晚上经常断网，打客服电话也没人解决", "这个月话费无缘无故多扣了三十元，要求退还",
                 "营业厅工作人员态度很差，办理业务推三阻四"]
        client.post("/v1/complaints", headers=headers, json={"text": texts[0], "channel": "hotline"})
        started = time.perf_counter()
        for i in range(n):
            answer = client.post("/v1/complaints", headers=headers, json={"text": texts[i % 3], "channel": "hotline"})
            assert answer.status_code == 201, answer.text
        return n / (time.perf_counter() - started)


@contextlib.contextmanager
def _store(args: argparse.Namespace) -> Iterator[tuple[str, dict[str, int] | None, float | None]]:
    if args.url:
        yield args.url, None, None
        return
    with throwaway_postgres(SERVER) as url:
        started = time.perf_counter()
        counts = generate(url, args.complaints, args.months)
        yield url, counts, time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--complaints", type=int, default=10_000_000)
    ap.add_argument("--months", type=int, default=36)
    ap.add_argument("--url", help="measure this filled store instead of generating one")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--intake", type=int, default=200, help="complaints to post for the intake figure")
    args = ap.parse_args()
    policy = load_policy()
    agent = Principal(key_id="bench", role=Role.agent)
    rng = random.Random(0)
    with _store(args) as (url, counts, fill_s):
        sessions = make_sessionmaker(make_engine(url))
        figures: dict[str, Any] = {}
        plans: dict[str, list[str]] = {}
        with sessions() as session:
            total = session.scalar(text("SELECT count(*) FROM complaints")) or 0
            some = [session.scalar(text("SELECT id FROM complaints OFFSET :o LIMIT 1"), {"o": rng.randrange(total)})
                    for _ in range(20)]
            tickets = [session.scalar(text("SELECT ticket_no FROM complaints WHERE id = :i"), {"i": i}) for i in some]
            phones = [session.scalar(text("SELECT contact FROM complainants WHERE complaint_id = :i"), {"i": i})
                      for i in some]
            at = now()
            open_work = sorted(OPEN, key=str)
            figures["queue_agent"] = _timed(lambda: complaints.queue(session=session, statuses=open_work, at=at),
                                            args.runs)
            figures["queue_department"] = _timed(lambda: complaints.queue(
                session=session, statuses=open_work, department="技术部门", at=at), args.runs)
            holder = session.scalar(text("SELECT assignee_id FROM complaints WHERE status = 'in_progress' "
                                         "AND assignee_id IS NOT NULL LIMIT 1"))
            figures["queue_mine"] = _timed(lambda: complaints.queue(
                session=session, statuses=open_work, assignee=holder, at=at), args.runs)
            figures["queue_department_with_copied"] = _timed(lambda: complaints.queue(
                session=session, statuses=open_work, department="财务部门", copied=True, at=at), args.runs)
            day_end = at + dt.timedelta(hours=8)
            figures["queue_counts"] = _timed(lambda: complaints.queue_counts(session=session, at=at, day_end=day_end),
                                             args.runs)
            pick = iter(range(10**9))
            figures["search_ticket"] = _timed(lambda: complaints.queue(
                session=session, q=tickets[next(pick) % 20], at=at), args.runs)
            figures["search_phone"] = _timed(lambda: complaints.queue(
                session=session, q=phones[next(pick) % 20], at=at), args.runs)
            figures["complaint_page"] = _timed(lambda: complaints.get(
                session=session, complaint_id=some[next(pick) % 20], principal=agent), args.runs)
            from serving.reports.service import summary

            today = dt.datetime.now(policy.zone).date()
            first = today.replace(day=1)
            last_month = (first - dt.timedelta(days=1)).replace(day=1)
            summary_runs = max(3, args.runs // 10)
            figures["summary_month"] = _timed(lambda: summary(session=session, policy=policy, start=last_month,
                                                              end=first), summary_runs)
            figures["summary_year"] = _timed(lambda: summary(session=session, policy=policy,
                                                             start=first.replace(year=first.year - 1), end=first), 3)
            from serving.reports import monthly

            figures["monthly_report_figures"] = _timed(lambda: monthly.build(
                session=session, policy=policy, month=last_month.strftime("%Y-%m"), with_people=True), 1)
            from sqlalchemy import or_, select

            from serving.complaints.service import matching
            from serving.database.tables import ComplaintRow, DeadlineRow

            plans["search_phone"] = _plan(session, select(ComplaintRow.id).where(matching(phones[0])))
            plans["queue_agent"] = _plan(session, select(ComplaintRow.id).where(
                ComplaintRow.status.in_([s.value for s in open_work])).order_by(
                ComplaintRow.level.desc(), ComplaintRow.possible_level_3.desc(),
                ComplaintRow.next_due.asc().nulls_last(), ComplaintRow.id).limit(50))
            open_ = ComplaintRow.status.in_([s.value for s in open_work])
            queue_order = (ComplaintRow.level.desc(), ComplaintRow.possible_level_3.desc(),
                           ComplaintRow.next_due.asc().nulls_last(), ComplaintRow.id)
            plans["queue_department_with_copied"] = _plan(session, select(ComplaintRow.id).where(
                open_, or_(ComplaintRow.lead_department == "财务部门", complaints.owes_answer("财务部门")))
                .order_by(*queue_order).limit(50))
            plans["queue_mine"] = _plan(session, select(ComplaintRow.id).where(
                open_, ComplaintRow.assignee_id == holder).order_by(*queue_order).limit(50))
            from serving.reports.service import grouped

            month_start, month_end = (dt.datetime.combine(day, dt.time(), tzinfo=policy.zone)
                                      for day in (last_month, first))
            plans["summary_month"] = _plan(session, grouped(month_start, month_end, at))
            plans["sweep"] = _plan(session, select(DeadlineRow.id).where(DeadlineRow.next_check_at <= at)
                                   .order_by(DeadlineRow.next_check_at, DeadlineRow.id).limit(200))
        from serving.clocks.sweep import sweep
        from serving.worker import notifier_for
        from tousu.settings import Settings

        settings = Settings(env="test", database_url=url, smtp_url="smtp://127.0.0.1:9", _env_file=None)
        notifier = notifier_for(settings, policy)
        figures["worker_sweep"] = _timed(lambda: sweep(sessions, policy=policy, notifier=notifier,
                                                       secret_key=settings.secret_key, at=now()), 5)
        intake_full = _intake_per_second(url, args.intake)
    with throwaway_postgres(SERVER) as empty:
        intake_empty = _intake_per_second(empty, args.intake)
    interactive = ["queue_agent", "queue_department", "queue_mine", "queue_department_with_copied", "queue_counts",
                   "search_ticket", "search_phone", "complaint_page"]
    print(json.dumps({
        "complaints": total, "rows": counts, "fill_s": round(fill_s, 1) if fill_s else None, "figures": figures,
        "intake_per_s": {"this_store": round(intake_full, 1), "empty_store": round(intake_empty, 1),
                         "ratio": round(intake_full / intake_empty, 2)},
        "targets": {"interactive_p95_ms": INTERACTIVE_MS, "summary_month_s": SUMMARY_S},
        "met": {"interactive": all(figures[k]["ms_p95"] <= INTERACTIVE_MS for k in interactive),
                "summary_month": figures["summary_month"]["ms_p95"] <= SUMMARY_S * 1000},
        "plans": plans}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
