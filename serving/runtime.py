"""What a running service holds: settings, the store, the grader and the policy.

Built once in the app's lifespan; the bundle and the policy load at start, so a bad file
stops the deploy, not a request. ``swap_grader`` replaces the model between requests
(a request in flight keeps the grader it started with).
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine, text
from sqlalchemy.orm import sessionmaker

from models.errors import BundleError
from models.grader import Grader
from pipeline.policy import Policy
from serving.auth.models import Principal
from serving.database.core import make_engine, make_sessionmaker
from serving.errors import Overloaded, RateLimited
from serving.notify.outbox import Notifier
from tousu.settings import ModelSource, Settings

log = logging.getLogger("tousu.serving")
WARM_UP_TEXT = "服务启动预热：宽带无法上网"
T = TypeVar("T")


def load_grader(path: Path, *, quantize: bool) -> Grader:
    """Loads a bundle; a transformer's linear layers are int8-quantised when asked."""
    grader = Grader.from_path(path)
    if quantize and hasattr(grader.model, "quantize"):
        grader.model.quantize()
    return grader


@dataclass(frozen=True)
class ModelOrigin:
    """Where the live bundle came from: a registry version, or a directory."""

    source: str  # registry | path
    path: Path
    version: str | None = None


def resolve_model(settings: Settings) -> ModelOrigin:
    """Returns the bundle to serve: the registry's champion, or the bundle directory.

    ``auto`` takes the champion when a tracking store exists, holds one, and no
    ``TOUSU_MODEL_DIR`` was set explicitly.
    """
    uri = settings.registry_to_follow
    wants_registry = settings.model_source is ModelSource.registry or (
        settings.model_source is ModelSource.auto and uri is not None and settings.model_dir is None)
    if wants_registry and uri is not None:
        from models.registry import champion

        live = champion(uri)
        if live is not None:
            return ModelOrigin("registry", live.path, live.version)
        if settings.model_source is ModelSource.registry:
            raise BundleError(f"No champion is registered in {uri}; train one (`tousu train`) or "
                              "set TOUSU_MODEL_SOURCE=path.")
    return ModelOrigin("path", settings.resolved_model_dir)


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Any]
    grader: Grader
    policy: Policy
    origin: ModelOrigin
    notifier: Notifier
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    key_cache: dict[str, tuple[float, Principal | None]] = field(default_factory=dict)
    _grading_limiter: Any = None  # made in the event loop's thread on first use
    buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # key id -> (tokens, when)
    pool: Any = None  # a GradingPool when TOUSU_GRADING_PROCESSES > 0

    @classmethod
    def start(cls, settings: Settings, *, grader: Grader | None = None) -> Runtime:
        """Loads the policy, the bundle (unless ``grader`` is given) and connects the store."""
        started = time.perf_counter()
        policy = settings.load_policy()
        if grader is None:
            origin = resolve_model(settings)
            grader = load_grader(origin.path, quantize=settings.quantize)
        else:
            origin = ModelOrigin("path", grader.bundle.path)
        engine = make_engine(settings.resolved_database_url, pool_size=settings.db_pool_size)
        from serving.worker import notifier_for

        runtime = cls(settings=settings, engine=engine, sessions=make_sessionmaker(engine),
                      grader=grader, policy=policy, origin=origin, notifier=notifier_for(settings, policy))
        grader.grade([WARM_UP_TEXT])  # warm the segmenter and caches before traffic
        if settings.grading_processes:
            from serving.grading_pool import GradingPool

            runtime.pool = GradingPool(origin.path, settings.policy, processes=settings.grading_processes,
                                       queue=settings.grading_queue)
        gc.collect()
        gc.freeze()  # the model's objects live as long as the process: keep them out of GC passes
        log.info("tousu ready in %.2f s: model %s, policy %s, store %s", time.perf_counter() - started,
                 grader.bundle_id, policy.version, engine.url.render_as_string(hide_password=True))
        return runtime

    async def grading(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """Runs CPU-bound grading in the bounded grading pool, never on the event loop.

        A few large batches would otherwise hold the loop for seconds: health checks and
        every other request of the worker would wait behind them.
        """
        from anyio import CapacityLimiter, to_thread

        if self._grading_limiter is None:
            self._grading_limiter = CapacityLimiter(self.settings.grading_threads)
        if self._grading_limiter.statistics().tasks_waiting >= self.settings.grading_queue:
            raise Overloaded("The service is grading as much as it can; try again in a moment.",
                             headers={"Retry-After": "1"})
        return await to_thread.run_sync(partial(fn, **kwargs), limiter=self._grading_limiter)

    def admit(self, key_id: str, *, now: float | None = None, per_minute: int | None = None,
              who: str = "This API key") -> None:
        """Counts a request of one caller against its per-minute budget (a token bucket)."""
        limit = per_minute or self.settings.rate_limit_per_minute
        rate = limit / 60.0
        clock = time.monotonic() if now is None else now
        tokens, last = self.buckets.get(key_id, (float(limit), clock))
        tokens = min(float(limit), tokens + (clock - last) * rate)
        if tokens < 1.0:
            wait = max(1, int((1.0 - tokens) / rate + 0.999))
            self.buckets[key_id] = (tokens, clock)
            raise RateLimited(f"{who} made more than {limit} requests a minute; retry in {wait} s.",
                              headers={"Retry-After": str(wait)})
        if len(self.buckets) > 100_000:  # bounded: many clients (the public pages) must not grow it forever
            self.buckets.clear()
        self.buckets[key_id] = (tokens - 1.0, clock)

    async def in_session(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """Runs ``fn(session=..., **kwargs)`` in one worker thread with its own session.

        One thread hop per request: a sync session dependency would cost three (open,
        route, close), each a wake-up of the event loop and a fight for the GIL.
        """
        def run() -> T:
            with self.sessions() as session:
                return fn(session=session, **kwargs)

        return await run_in_threadpool(run)

    def swap_grader(self, grader: Grader, origin: ModelOrigin) -> None:
        """Makes ``grader`` live; requests already running keep the one they started with."""
        if self.pool is not None:  # the children load the new bundle; the old pool finishes its batches
            from serving.grading_pool import GradingPool

            old, self.pool = self.pool, GradingPool(origin.path, self.settings.policy, processes=self.pool.processes,
                                                    queue=self.settings.grading_queue)
            old.close(wait=False)
        self.grader, self.origin = grader, origin

    def check_registry(self) -> bool:
        """Loads the registry's champion when it changed; returns whether it swapped."""
        uri = self.settings.registry_to_follow
        if self.origin.source != "registry" or uri is None:
            return False
        from models.registry import champion

        live = champion(uri)
        if live is None or live.version == self.origin.version:
            return False
        grader = load_grader(live.path, quantize=self.settings.quantize)
        grader.grade([WARM_UP_TEXT])
        previous = self.origin.version
        self.swap_grader(grader, ModelOrigin("registry", live.path, live.version))
        log.info("champion changed: version %s -> %s (%s)", previous, live.version, grader.bundle_id)
        return True

    async def follow_registry(self) -> None:
        """Polls the registry for a new champion until cancelled; a failure keeps the live model."""
        import asyncio

        while True:
            await asyncio.sleep(self.settings.model_poll_seconds)
            try:
                await run_in_threadpool(self.check_registry)
            except Exception:  # noqa: BLE001  (a broken candidate must not stop the service)
                log.exception("could not load the new champion; keeping version %s", self.origin.version)

    def database_ready(self) -> tuple[bool, str]:
        try:
            with self.engine.connect() as conn:
                version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception as exc:  # noqa: BLE001  (readiness reports any failure)
            return False, f"database unreachable or not migrated: {type(exc).__name__}"
        from serving.database.migrate import head_revision

        head = head_revision()
        if version != head:
            return False, f"database at revision {version}, code expects {head}: run `tousu db upgrade`"
        return True, f"revision {version}"

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
        self.engine.dispose()
