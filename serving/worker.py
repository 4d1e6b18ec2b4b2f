"""``tousu worker``: the process that runs the clocks and delivers the outbox.

Each tick sweeps the clocks (breaches, the escalation ladder, survey links) and then
delivers due notifications. The ticks are scheduled with APScheduler: an interval job
that never overlaps itself (``max_instances=1``), folds ticks missed while the machine
slept into one (``coalesce``), and stops cleanly on SIGINT/SIGTERM. Everything durable
(due times, attempts, leases) lives in the database, not in the scheduler, which is why
any number of workers may run on PostgreSQL and a killed one loses nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from pipeline.policy import Policy
from serving.clocks.sweep import SweepReport, sweep
from serving.database.core import make_engine, make_sessionmaker, now
from serving.notify.delivery import DeliveryReport, Transport, deliver_due
from serving.notify.outbox import Notifier
from serving.performance.notices import last_full_month, notify_long_below_target
from serving.reports.monthly_job import due_month, send_monthly_report
from serving.supervision.service import remind_overdue
from tousu.settings import Settings

log = logging.getLogger("tousu.worker")


def notifier_for(settings: Settings, policy: Policy) -> Notifier:
    return Notifier.create(policy=policy, email=settings.smtp_url is not None,
                           webhook=settings.webhook_url is not None, public_url=settings.public_url)


def transport_for(settings: Settings) -> Transport:
    return Transport(smtp_url=settings.smtp_url, smtp_from=settings.smtp_from, webhook_url=settings.webhook_url,
                     webhook_secret=settings.webhook_secret)


@dataclass
class Worker:
    settings: Settings
    policy: Policy
    sessions: sessionmaker[Session]
    notifier: Notifier
    transport: Transport
    targets_checked: tuple[int, int] | None = None  # the last month whose 长期不达标 notice this worker wrote
    report_checked: str | None = None  # the last month whose monthly report this worker saw to

    @classmethod
    def create(cls, settings: Settings, *, sessions: sessionmaker[Session] | None = None,
               transport: Transport | None = None) -> Worker:
        policy = settings.load_policy()
        if sessions is None:
            sessions = make_sessionmaker(make_engine(settings.resolved_database_url, pool_size=2))
        return cls(settings=settings, policy=policy, sessions=sessions, notifier=notifier_for(settings, policy),
                   transport=transport or transport_for(settings))

    def tick(self, at: dt.datetime | None = None) -> tuple[SweepReport, DeliveryReport]:
        """One round: the clocks up to ``at`` (default now), then the deliveries due."""
        at = at or now()
        swept = sweep(self.sessions, policy=self.policy, notifier=self.notifier,
                      secret_key=self.settings.secret_key, at=at)
        remind_overdue(self.sessions, policy=self.policy, notifier=self.notifier, at=at)
        month = last_full_month(at, self.policy)
        if month != self.targets_checked:  # once a month per worker; the notice's ids keep it once in all
            notify_long_below_target(self.sessions, policy=self.policy, notifier=self.notifier, at=at)
            self.targets_checked = month
        report_month = due_month(at, self.policy)
        if report_month is not None and report_month != self.report_checked:  # the outbox keeps it once in all
            send_monthly_report(self.sessions, policy=self.policy, notifier=self.notifier, at=at,
                                out_dir=self.settings.data_dir / "reports")
            self.report_checked = report_month
        delivered = DeliveryReport()
        lease = dt.timedelta(seconds=self.settings.delivery_lease_seconds)
        at = max(at, now())  # what the sweep just wrote is due at once
        while True:  # until nothing more is due now
            batch = deliver_due(self.sessions, self.transport, at=at, lease=lease,
                                max_attempts=self.policy.process_rules.delivery_attempts)
            delivered.sent += batch.sent
            delivered.retried += batch.retried
            delivered.failed += batch.failed
            delivered.errors += batch.errors
            if batch.sent + batch.retried + batch.failed == 0:
                break
        if swept.clocks or delivered.sent or delivered.retried or delivered.failed:
            log.info("worker tick: %d clocks (%d breaches, %d escalations, %d surveys); %d sent, %d retried, "
                     "%d failed", swept.clocks, swept.breaches, swept.escalations, swept.surveys, delivered.sent,
                     delivered.retried, delivered.failed)
        return swept, delivered

    def safe_tick(self) -> None:
        try:
            self.tick()
        except Exception:  # noqa: BLE001  (one failed tick must not stop the clocks)
            log.exception("worker tick failed; the next one retries")


def _job_options(settings: Settings) -> dict[str, Any]:
    return {"trigger": "interval", "seconds": settings.worker_poll_seconds, "max_instances": 1,
            "coalesce": True, "next_run_time": dt.datetime.now(dt.UTC)}


def run_forever(settings: Settings) -> None:
    """Runs the worker in the foreground until SIGINT or SIGTERM."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    worker = Worker.create(settings)
    scheduler = BlockingScheduler(timezone="UTC")
    scheduler.add_job(worker.safe_tick, id="tousu-worker", **_job_options(settings))

    def stop(signum: int, _frame: Any) -> None:
        log.info("worker stopping (signal %d): finishing the tick in progress", signum)
        scheduler.shutdown(wait=True)  # a delivery in flight is recorded before the process ends

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("tousu worker: every %.0f s, store %s", settings.worker_poll_seconds,
             worker.sessions.kw["bind"].url.render_as_string(hide_password=True))
    scheduler.start()


def start_in_background(settings: Settings) -> Any:
    """Starts the worker in a thread of this process (``tousu serve`` on the embedded default)."""
    from apscheduler.schedulers.background import BackgroundScheduler

    worker = Worker.create(settings)
    scheduler = BackgroundScheduler(timezone="UTC", daemon=True)
    scheduler.add_job(worker.safe_tick, id="tousu-worker", **_job_options(settings))
    scheduler.start()
    return scheduler
