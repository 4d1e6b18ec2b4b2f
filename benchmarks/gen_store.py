"""Fills a PostgreSQL store with N generated complaints over M months, through COPY.

The distributions follow what a complaint centre sees (stated here so that a reader can
judge the figures measured on it):

- receipt times spread evenly over the months up to now, on working hours mostly;
- levels 1 / 2 / 3 at 62 / 33 / 5 %; categories weighted (网络问题 30 %, 费用问题 20 %,
  服务问题 15 %, 业务办理问题 12 %, 业务使用问题 10 %, 营销活动问题 6 %, 不知情定制问题 5 %,
  信息安全问题 2 %); lead and copied departments by the shipped policy's routing;
- complaints older than 30 days are closed or surveyed (95 %) with the rest stuck in
  result_sent; newer ones spread over every state; 60 % held by a person of the lead
  department (20 people a department);
- deadlines by level (1: resolve, survey; 2: plan, department_assist, resolve, survey;
  3: respond, plan, resolve, survey), met on time 90 % of the time;
- 30 % reviewed, one review in six a correction; 2 % reopened, a quarter of those raised
  a level afterwards; 70 % of results surveyed (非常满意 45 %, 满意 35 %, 一般 12 %,
  不满意 5 %, 非常不满意 3 %); 3 % suggest an improvement, a third of those adopted;
- a complainant's phone drawn from 0.7 N numbers, so about 30 % of complaints repeat one;
- the audit trail holds the intake of every complaint and the reopen and review events
  the figures read (a real trail holds more events per complaint; they only add rows
  that no report scans);
- one supervision report per thousand complaints.

    .venv/bin/python benchmarks/gen_store.py --url postgresql+psycopg://…/db --complaints 1000000 --months 36
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.policy import Policy, load_policy  # noqa: E402

UTC = dt.UTC
LEVELS = ((1, 0.62), (2, 0.33), (3, 0.05))
CATEGORIES = (("网络问题", 30), ("费用问题", 20), ("服务问题", 15), ("业务办理问题", 12), ("业务使用问题", 10),
              ("营销活动问题", 6), ("不知情定制问题", 5), ("信息安全问题", 2))
GRADES = (("非常满意", 45), ("满意", 35), ("一般", 12), ("不满意", 5), ("非常不满意", 3))
KINDS = {1: ("resolve", "survey"), 2: ("plan", "department_assist", "resolve", "survey"),
         3: ("respond", "plan", "resolve", "survey")}
RESOLVE_DAYS = {1: 3, 2: 5, 3: 3}
CHANNELS = ("hotline", "hotline", "hotline", "online_chat", "online_chat", "email", "forum")
PEOPLE_PER_DEPARTMENT = 20


def _route(policy: Policy, category: str, level: int) -> tuple[str, list[str]]:
    route = policy.routing[category]
    if level == 1:
        return policy.intake_department, []
    if level == 3:
        return policy.leadership_department, [route.lead, policy.intake_department]
    return route.lead, [policy.intake_department, *route.cc]


def _decision(policy: Policy, category: str, level: int, at: dt.datetime) -> tuple[str, str]:
    """A stored suggestion and decision as intake writes them (one per category and level,
    shared by rows)."""
    from pipeline.cues import Cues
    from pipeline.decision import Deadline, DeadlineKind, PolicyDecision, Suggestion

    lead, cc = _route(policy, category, level)
    decision = PolicyDecision(
        category=category, coarse_class=policy.coarse_class(category), category_proba=0.9, level=level,
        level_name=policy.levels[level].name, model_level=level, level_proba=0.9, rules=(), lead_department=lead,
        cc_departments=tuple(cc), notify_leadership=level == 3, received_at=at, clock_starts=at.date(),
        deadlines={DeadlineKind.resolve: Deadline(kind=DeadlineKind.resolve, due=at, provisional=False)},
        survey_after_result_working_days=3, needs_review=False, review_reasons=(),
        policy_version=policy.version)
    cues = Cues(emotion=1, escalation=level == 3, compensation=False,
                impact=("interrupted", "degraded", "minor")[3 - level])
    suggestion = Suggestion(**decision.model_dump(), category_scores={category: 0.9},
                            level_scores={lv: 0.9 if lv == level else 0.05 for lv in (1, 2, 3)}, evidence=0.8,
                            cues=cues, model_version="gen")
    return suggestion.model_dump_json(), decision.model_dump_json()


def _ts(value: dt.datetime | None) -> str:
    return "\\N" if value is None else value.strftime("%Y-%m-%d %H:%M:%S+00")


def _text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        return _ts(value)
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


class _Copy:
    """Buffers rows of one table and writes them with COPY when flushed (parents first)."""

    def __init__(self, cursor: Any, table: str, columns: tuple[str, ...]) -> None:
        self.cursor, self.table, self.columns = cursor, table, columns
        self.lines: list[str] = []
        self.rows = 0

    def add(self, *values: Any) -> None:
        self.lines.append("\t".join(_text(v) for v in values))

    def flush(self) -> None:
        if not self.lines:
            return
        with self.cursor.copy(f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN") as copy:
            copy.write("\n".join(self.lines) + "\n")
        self.rows += len(self.lines)
        self.lines = []


def _pick(rng: random.Random, weighted: tuple[tuple[Any, float], ...]) -> Callable[[], Any]:
    values = [v for v, _ in weighted]
    weights = [w for _, w in weighted]
    return lambda: rng.choices(values, weights)[0]


def generate(url: str, complaints: int, months: int, *, seed: int = 0, end: dt.datetime | None = None,
             progress: bool = True) -> dict[str, int]:
    """Writes the complaints and everything around them; returns the rows per table."""
    import psycopg

    policy = load_policy()
    rng = random.Random(seed)
    end = end or dt.datetime.now(UTC)
    start = end - dt.timedelta(days=30.4 * months)
    span = (end - start).total_seconds()
    level_of, category_of, grade_of = _pick(rng, LEVELS), _pick(rng, CATEGORIES), _pick(rng, GRADES)
    decisions = {(c, lv): _decision(policy, c, lv, end) for c, _ in CATEGORIES for lv in (1, 2, 3)}
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    started = time.perf_counter()
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        people = _Copy(cur, "people", ("id", "name", "email", "department", "role", "active", "created_at"))
        staff: dict[str, list[str]] = {}
        for d_index, department in enumerate(policy.departments):
            staff[department] = []
            for i in range(PEOPLE_PER_DEPARTMENT):
                pid = f"p{d_index:02d}{i:03d}"
                staff[department].append(pid)
                people.add(pid, f"员工{d_index}-{i}", f"{pid}@corp.example", department,
                           "head" if i == 0 else ("leader" if department == policy.leadership_department else "staff"),
                           True, start)
        people.flush()
        tables = {
            "complaints": _Copy(cur, "complaints", (
                "id", "created_at", "updated_at", "received_at", "channel", "text_masked", "status", "category",
                "level", "lead_department", "needs_review", "possible_level_3", "reviewed", "resolve_due",
                "resolved_at", "result_sent_at", "survey_due", "satisfaction", "model_version", "policy_version",
                "suggestion", "decision", "version", "ticket_no", "survey_method", "result_text", "assignee_id",
                "next_due", "improvement", "improvement_by", "improvement_adopted_at", "repeat_of")),
            "complainants": _Copy(cur, "complainants", ("complaint_id", "name", "contact", "account")),
            "assists_owed": _Copy(cur, "assists_owed", ("department", "complaint_id")),
            "deadlines": _Copy(cur, "deadlines", (
                "complaint_id", "kind", "department", "due_at", "original_due_at", "state", "met_at", "breached_at",
                "extensions", "provisional", "steps_done", "next_check_at")),
            "reviews": _Copy(cur, "reviews", (
                "complaint_id", "action", "suggested_category", "suggested_level", "category", "level", "reason",
                "reviewer", "reviewed_at", "model_version", "policy_version")),
            "audit_events": _Copy(cur, "audit_events", ("complaint_id", "at", "actor", "kind", "data")),
            "supervision_reports": _Copy(cur, "supervision_reports", (
                "id", "reference_no", "created_at", "source", "category", "text_masked", "anonymous",
                "reporter_contact", "ticket_no", "subject_person_id", "subject_department", "status", "notes",
                "conclusion", "concluded_at", "feedback_due")),
        }
        t = tables
        phones = int(complaints * 0.7) or 1
        last_by_phone: dict[int, str] = {}
        for n in range(1, complaints + 1):
            cid = f"{n:022x}"
            received = start + dt.timedelta(seconds=span * (n - 0.5) / complaints)
            received = received.replace(hour=rng.choice((1, 2, 3, 5, 6, 7, 8)), minute=rng.randrange(60))
            age = (end - received).days
            level, category = level_of(), category_of()
            lead, cc = _route(policy, category, level)
            resolve_due = received + dt.timedelta(days=RESOLVE_DAYS[level] * 1.4)
            on_time = rng.random() < 0.9
            done = age > 30 or rng.random() < min(age / 30, 0.9)
            resolved = (received + dt.timedelta(hours=rng.uniform(2, 24 * RESOLVE_DAYS[level]) if on_time
                                                else 24 * RESOLVE_DAYS[level] * 1.4 + rng.uniform(1, 96))) \
                if done else None
            if resolved is not None and resolved > end:
                resolved = None
            result_sent = resolved + dt.timedelta(hours=1) if resolved else None
            surveyed = result_sent is not None and rng.random() < 0.7
            grade = grade_of() if surveyed else None
            if resolved is None:
                status = rng.choice(("received", "routed", "in_progress"))
            elif surveyed:
                status = "closed" if age > 30 and rng.random() < 0.5 else "surveyed"
            else:
                status = "closed" if age > 30 and rng.random() < 0.95 else "result_sent"
            reviewed = rng.random() < 0.3
            corrected = reviewed and rng.random() < 1 / 6
            assignee = rng.choice(staff[lead]) if rng.random() < 0.6 else None
            improvement = rng.random() < 0.03
            adopted = improvement and rng.random() < 1 / 3
            next_due = None if resolved else resolve_due
            decision = decisions[category, level]
            phone = rng.randrange(phones)
            repeat_of = last_by_phone.get(phone)  # rows are generated in receipt order
            last_by_phone[phone] = cid
            t["complaints"].add(
                cid, received, received, received, rng.choice(CHANNELS), "宽带晚上经常断网，影响在家办公", status,
                category, level, lead, reviewed, False, reviewed, resolve_due, resolved, result_sent,
                result_sent + dt.timedelta(days=3) if result_sent else None, grade, "gen", policy.version,
                *decision, 1, f"{n:014d}", "phone" if surveyed else None, "已处理" if resolved else None,
                assignee, next_due, "建议夜间扩容前短信告知" if improvement else None, "gen" if improvement else None,
                result_sent if adopted else None, repeat_of)
            t["complainants"].add(cid, f"用户{phone % 400_000}", f"138{phone:08d}", f"BB-{phone}")
            for kind in KINDS[level]:
                days = {"respond": 0.1, "plan": 1.4, "department_assist": 1.4, "survey": RESOLVE_DAYS[level] * 1.4 + 4.2
                        }.get(kind, RESOLVE_DAYS[level] * 1.4)
                due = received + dt.timedelta(days=days)
                if kind == "survey":
                    met = result_sent + dt.timedelta(days=1) if surveyed and result_sent else None
                elif kind == "resolve":
                    met = resolved
                else:
                    met = received + dt.timedelta(days=days * (0.5 if rng.random() < 0.92 else 1.5)) \
                        if resolved or rng.random() < 0.5 else None
                    met = met if met is None or met <= end else None
                breached = due < end and (met is None or met > due)
                state = "breached" if breached else ("met" if met else "pending")
                t["deadlines"].add(cid, kind, None, due, due, state, met, due if breached else None, 0, False, "[]",
                                   None if met or breached else due)
                if kind == "department_assist" and met is None:  # owed by every copied department
                    for department in sorted(set(cc)):
                        t["assists_owed"].add(department, cid)
            t["audit_events"].add(cid, received, "key:gen", "intake", '{"channel": "hotline"}')
            if reviewed:
                level_after = level if not corrected else max(1, min(3, level + rng.choice((-1, 1))))
                t["reviews"].add(cid, "correct" if corrected else "confirm", category, level, category, level_after,
                                 "改判" if corrected else "确认建议", "key:gen", received + dt.timedelta(minutes=30),
                                 "gen", policy.version)
            if resolved is not None and rng.random() < 0.02:
                reopen_at = resolved + dt.timedelta(hours=3)
                t["audit_events"].add(cid, reopen_at, "key:gen", "reopen",
                                      json.dumps({"from": "resolved", "to": "in_progress"}))
                if rng.random() < 0.25 and level < 3:
                    t["audit_events"].add(cid, reopen_at + dt.timedelta(minutes=10), "key:gen", "review", json.dumps(
                        {"before": {"level": level, "lead_department": lead},
                         "after": {"level": level + 1, "lead_department": lead}}))
            if n % 1000 == 0:
                concluded = received + dt.timedelta(days=5) if age > 20 else None
                t["supervision_reports"].add(
                    f"s{n:031x}"[-32:], f"9{n:013d}", received, "web", rng.choice(("推诿", "拖延", "敷衍")),
                    "客服推诿，不给处理", True, None, f"{n:014d}", None, lead,
                    "concluded" if concluded else "received",
                    json.dumps([{"note": "查实"}] if concluded and rng.random() < 0.4 else []),
                    "已核实处理" if concluded else None, concluded, received + dt.timedelta(days=14))
            if n % 20_000 == 0:  # in the order of the foreign keys
                for table in t.values():
                    table.flush()
            if progress and n % 200_000 == 0:
                print(f"  {n:,} complaints in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        for table in t.values():
            table.flush()
        conn.commit()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return {"people": people.rows, **{name: table.rows for name, table in t.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True, help="a migrated PostgreSQL store (tousu db upgrade)")
    ap.add_argument("--complaints", type=int, default=1_000_000)
    ap.add_argument("--months", type=int, default=36)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    started = time.perf_counter()
    counts = generate(args.url, args.complaints, args.months, seed=args.seed)
    print(json.dumps({"rows": counts, "seconds": round(time.perf_counter() - started, 1)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
