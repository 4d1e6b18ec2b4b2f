"""Speed of the agents' pages in headless Chromium, with 10,000 stored complaints.

    .venv/bin/python benchmarks/bench_web.py [--n 10000] [--screenshots docs/screenshots]

Stores N complaints (the project's own starter texts, receipt times spread over 60 days;
a share reviewed, resolved and surveyed so the leadership charts have data) through the
service layer, starts `tousu serve`, signs in as an agent in Debian's Chromium, then
measures: the queue page's first contentful paint (median of 10 loads), and a
correction round trip (submit the correction form → the next complaint's page loaded,
median of 10). Prints JSON with the targets' ratios; optionally saves screenshots of the
main pages (starter texts only: no licensed text ends up in a picture).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")

from tests.live_server import live_server  # noqa: E402
from tests.web.conftest import ARGS, CHROMIUM  # noqa: E402

BACKLOG: dict[str, float] = {}


def seed(data_dir: Path, model_dir: Path, n: int) -> None:
    from serving.auth.models import Principal, Role
    from serving.complaints import service
    from serving.complaints.models import ComplaintCreate, ReviewCreate, SatisfactionCreate, TransitionCreate
    from serving.complaints.workflow import Status
    from serving.database.migrate import upgrade
    from serving.runtime import Runtime
    from tousu.settings import Settings

    url = f"sqlite:///{data_dir / 'tousu.db'}"
    upgrade(url)
    runtime = Runtime.start(Settings(env="test", data_dir=data_dir, model_dir=model_dir, model_source="path",
                                     _env_file=None))
    texts = [json.loads(x)["text"] for x in (ROOT / "training" / "data" / "starter.jsonl").read_text(
        encoding="utf-8").splitlines()]
    rng = random.Random(0)
    intake, agent = Principal("seed-intake", Role.intake), Principal("seed-agent", Role.agent)
    now = dt.datetime.now(runtime.policy.zone)
    grades = ["非常满意", "满意", "满意", "一般", "不满意", "非常不满意"]
    for i in range(n):
        when = now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 60))
        with runtime.sessions() as session:
            row, _ = service.intake(session=session, grader=runtime.grader, policy=runtime.policy,
                                    notifier=runtime.notifier,
                                    complaint_in=ComplaintCreate(text=texts[i % len(texts)], channel="hotline",
                                                                 received_at=when,
                                                                 user={"name": "测试用户", "contact": "13800000000"}),
                                    principal=intake, idempotency_key=None)
            if rng.random() < 0.3:
                level = row.level if rng.random() < 0.8 else max(1, row.level - 1)
                service.review(session=session, policy=runtime.policy, notifier=runtime.notifier,
                               complaint_id=row.id, principal=agent,
                               review_in=ReviewCreate(level=level, reason="抽检改判" if level != row.level else ""))
                if rng.random() < 0.6:
                    for target in (Status.in_progress, Status.resolved, Status.result_sent):
                        service.transition(session=session, policy=runtime.policy, notifier=runtime.notifier,
                                           complaint_id=row.id, principal=agent,
                                           transition_in=TransitionCreate(to=target, note="已处理完毕"))
                    service.record_satisfaction(session=session, policy=runtime.policy, complaint_id=row.id,
                                                principal=agent,
                                                satisfaction_in=SatisfactionCreate(grade=rng.choice(grades)))
    # the clocks of 60 days of complaints, breached and escalated once, before the pages are
    # timed: the figures are the steady state, and the backlog's sweep is its own figure
    from serving.worker import Worker

    started = time.perf_counter()
    swept, _ = Worker.create(runtime.settings, sessions=runtime.sessions).tick()
    BACKLOG.update(clocks=swept.clocks, breaches=swept.breaches, seconds=round(time.perf_counter() - started, 1))
    runtime.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--model", type=Path, default=ROOT / "var" / "models" / "default")
    ap.add_argument("--screenshots", type=Path, help="folder to save page screenshots in")
    args = ap.parse_args()
    if not os.path.exists(CHROMIUM):
        print(f"SKIP: no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
        return
    if not (args.model / "meta.json").is_file():
        sys.exit(f"no bundle at {args.model}: run `make model` first")
    from playwright.sync_api import sync_playwright

    data_dir = Path(tempfile.mkdtemp(prefix="tousu-web-"))
    started = time.perf_counter()
    seed(data_dir, args.model.resolve(), args.n)
    seed_s = time.perf_counter() - started
    os.environ["TOUSU_MODEL_SOURCE"] = "path"
    with live_server(data_dir=data_dir, model_dir=args.model.resolve(), workers=1) as server, \
            sync_playwright() as playwright:
        agent, analyst = server.create_key("agent"), server.create_key("analyst")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.goto(server.url + "/web/login")
        page.fill("#key", agent)
        page.click("button[type=submit]")
        page.wait_for_url("**/web/queue")
        paints, server_ms, sources = [], [], set()
        for _ in range(10):
            page.goto(server.url + "/web/queue", wait_until="load")
            timing = page.evaluate("""() => new Promise(resolve => {
                const nav = performance.getEntriesByType('navigation')[0];
                const done = fcp => resolve({fcp, load: nav.loadEventEnd || performance.now(),
                                             ttfb: nav.responseStart - nav.requestStart});
                new PerformanceObserver(list => {
                    const e = list.getEntriesByName('first-contentful-paint')[0];
                    if (e) done(e.startTime);
                }).observe({type: 'paint', buffered: true});
                setTimeout(() => done(null), 3000);
            })""")
            paints.append(timing["fcp"] if timing["fcp"] is not None else timing["load"])
            sources.add("first-contentful-paint" if timing["fcp"] is not None else "load event (no paint entry)")
            server_ms.append(timing["ttfb"])
        if args.screenshots:
            args.screenshots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.screenshots / "queue.png"))
        page.click("table.queue tr.row >> nth=0")
        page.wait_for_load_state("load")
        if args.screenshots:
            page.screenshot(path=str(args.screenshots / "complaint.png"), full_page=True)
        round_trips = []
        for i in range(10):
            page.select_option("#correct-level", str(1 + i % 3))
            page.fill("#correct-reason-text", "基准测试改判")
            t = time.perf_counter()
            page.click("#correct")
            page.wait_for_url("**done=*", wait_until="load")
            round_trips.append((time.perf_counter() - t) * 1000)
        page.click("form.logout button")
        page.fill("#key", analyst)
        page.click("button[type=submit]")
        page.wait_for_url("**/web/leadership")
        t = time.perf_counter()
        page.goto(server.url + "/web/leadership?start=" + (dt.date.today() - dt.timedelta(days=60)).isoformat(),
                  wait_until="load")
        leadership_ms = (time.perf_counter() - t) * 1000
        if args.screenshots:
            page.screenshot(path=str(args.screenshots / "leadership.png"), full_page=True)
        browser.close()
    fcp = statistics.median(paints)
    rt = statistics.median(round_trips)
    print(json.dumps({
        "complaints": args.n, "seed_s": round(seed_s, 1), "backlog_sweep": BACKLOG,
        "queue_first_contentful_paint_ms_median": round(fcp, 1), "paint_measured_by": sorted(sources),
        "queue_server_response_ms_median": round(statistics.median(server_ms), 1),
        "correction_round_trip_ms_median": round(rt, 1), "correction_round_trip_ms_max": round(max(round_trips), 1),
        "leadership_60_days_load_ms": round(leadership_ms, 1),
        "ratio_queue_paint_vs_300ms": round(fcp / 300, 2), "ratio_correction_vs_200ms": round(rt / 200, 2),
    }, indent=2))


if __name__ == "__main__":
    main()
