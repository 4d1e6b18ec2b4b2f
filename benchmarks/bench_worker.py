"""One worker sweep over a million open complaints in PostgreSQL (issue 15: ≤ 2 s).

Builds a throw-away database on the loopback server, fills it with N open level-2
complaints (three clocks each: plan, department assist, resolve; due times spread over the
next 30 days) and a directory, then times:

- the steady-state sweep: nothing due (what the worker does every 15 s most of the time);
- a sweep with DUE clocks breached at once (each written, escalated, notified);
- the query plan of the sweep's claim, to show it reads the partial index.

    .venv/bin/python benchmarks/bench_worker.py [--complaints 1000000] [--due 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import throwaway_postgres
from pipeline.policy import load_policy
from serving.clocks.sweep import sweep
from serving.database.core import make_engine, make_sessionmaker, now
from serving.worker import notifier_for
from tousu.settings import Settings

SERVER = os.environ.get("TOUSU_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def fill(url: str, n: int, due: int, decision: str) -> None:
    """N complaints and 3 N clocks, written by the server itself (generate_series)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("""
            INSERT INTO complaints (id, created_at, updated_at, received_at, channel, text_masked, status, category,
                level, lead_department, needs_review, possible_level_3, reviewed, resolve_due, model_version,
                policy_version, suggestion, decision, version, ticket_no, next_due)
            SELECT lpad(to_hex(g), 22, '0'), now(), now(), now() - interval '1 day', 'hotline', '宽带网速慢', 'routed',
                '网络问题', 2, '技术部门', false, false, false, now() + (g % 30) * interval '1 day', 'bench', 'bench',
                CAST(:decision AS jsonb), CAST(:decision AS jsonb), 1, lpad(g::text, 14, '0'),
                now() + (g % 30) * interval '1 day'
            FROM generate_series(1, :n) AS g"""), {"n": n, "decision": decision})
        for kind, days in (("plan", 0), ("department_assist", 0), ("resolve", 3)):
            # the first DUE complaints' resolve clock falls due an hour ago: the sweep breaches them
            conn.execute(text("""
                INSERT INTO deadlines (complaint_id, kind, due_at, original_due_at, state, extensions, provisional,
                                       steps_done, next_check_at)
                SELECT lpad(to_hex(g), 22, '0'), :kind, d, d, 'pending', 0, false, '[]'::jsonb, d
                FROM (SELECT g, CASE WHEN :kind = 'resolve' AND g <= :due THEN now() - interval '1 hour'
                                     ELSE now() + (:days + g % 30) * interval '1 day' + interval '1 hour' END AS d
                      FROM generate_series(1, :n) AS g) AS s"""), {"n": n, "kind": kind, "days": days, "due": due})
        conn.execute(text("""INSERT INTO people (id, name, email, department, role, active, created_at) VALUES
                             ('head1', '王主任', 'head@corp.example', '技术部门', 'head', true, now()),
                             ('lead1', '刘组长', 'lead@corp.example', '投诉处理领导小组', 'leader', true, now())"""))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def decision_json() -> str:
    """A stored decision as intake writes it (level 2, 网络问题), for every generated complaint."""
    from pipeline.decision import Deadline, DeadlineKind, PolicyDecision

    at = now()
    return PolicyDecision(
        category="网络问题", coarse_class="产品功能类", category_proba=0.9, level=2, level_name="中度",
        model_level=2, level_proba=0.9, rules=(), lead_department="技术部门", cc_departments=("客户服务部门",),
        notify_leadership=False, received_at=at, clock_starts=at.date(),
        deadlines={DeadlineKind.resolve: Deadline(kind=DeadlineKind.resolve, due=at, provisional=False)},
        survey_after_result_working_days=3, needs_review=False, review_reasons=(),
        policy_version="bench").model_dump_json()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--complaints", type=int, default=1_000_000)
    ap.add_argument("--due", type=int, default=1_000)
    args = ap.parse_args()
    with throwaway_postgres(SERVER) as url:
        policy = load_policy()
        t = time.perf_counter()
        fill(url, args.complaints, args.due, decision_json())
        fill_s = time.perf_counter() - t
        settings = Settings(env="test", database_url=url, smtp_url="smtp://127.0.0.1:9", _env_file=None)
        sessions = make_sessionmaker(make_engine(url))
        notifier = notifier_for(settings, policy)

        def timed() -> tuple[float, object]:
            start = time.perf_counter()
            report = sweep(sessions, policy=policy, notifier=notifier, secret_key=settings.secret_key, at=now())
            return time.perf_counter() - start, report

        due_s, due_report = timed()
        idle = [timed()[0] for _ in range(5)]
        with sessions() as session:
            plan = [row[0] for row in session.execute(text(
                "EXPLAIN SELECT * FROM deadlines WHERE next_check_at <= now() ORDER BY next_check_at, id "
                "LIMIT 500 FOR UPDATE SKIP LOCKED"))]
            notes = session.scalar(text("SELECT count(*) FROM notifications"))
        print(json.dumps({
            "complaints": args.complaints, "clocks": 3 * args.complaints, "fill_s": round(fill_s, 1),
            "sweep_with_due_s": round(due_s, 3), "due_clocks": due_report.clocks,  # type: ignore[attr-defined]
            "breaches": due_report.breaches, "escalations": due_report.escalations,  # type: ignore[attr-defined]
            "notifications_written": notes,
            "sweep_idle_s_median": round(sorted(idle)[len(idle) // 2], 4), "sweep_idle_s_max": round(max(idle), 4),
            "target_s": 2.0, "plan": plan,
        }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
