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
from typing import Any, TypeVar

from fastapi.concurrency import run_in_threadpool

from sqlalchemy import Engine, text
from sqlalchemy.orm import sessionmaker

from models.grader import Grader
from pipeline.policy import Policy, load_policy
from serving.config import Settings
from serving.database.core import make_engine, make_sessionmaker

log = logging.getLogger("tousu.serving")
T = TypeVar("T")


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Any]
    grader: Grader
    policy: Policy
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    key_cache: dict[str, tuple[float, Any]] = field(default_factory=dict)

    @classmethod
    def start(cls, settings: Settings, *, grader: Grader | None = None) -> Runtime:
        """Loads the policy, the bundle (unless ``grader`` is given) and connects the store."""
        started = time.perf_counter()
        policy = load_policy(str(settings.policy) if settings.policy else None)
        grader = grader or Grader.from_path(settings.resolved_model_dir)
        engine = make_engine(settings.resolved_database_url, pool_size=settings.db_pool_size)
        runtime = cls(settings=settings, engine=engine, sessions=make_sessionmaker(engine),
                      grader=grader, policy=policy)
        grader.grade(["服务启动预热：宽带无法上网"])  # warm the segmenter and caches before traffic
        gc.collect()
        gc.freeze()  # the model's objects live as long as the process: keep them out of GC passes
        log.info("tousu ready in %.2f s: model %s, policy %s, store %s", time.perf_counter() - started,
                 grader.bundle_id, policy.version, engine.url.render_as_string(hide_password=True))
        return runtime

    async def in_session(self, fn: Callable[..., T], /, **kwargs: Any) -> T:
        """Runs ``fn(session=..., **kwargs)`` in one worker thread with its own session.

        One thread hop per request: a sync session dependency would cost three (open,
        route, close), each a wake-up of the event loop and a fight for the GIL.
        """
        def run() -> T:
            with self.sessions() as session:
                return fn(session=session, **kwargs)

        return await run_in_threadpool(run)

    def swap_grader(self, grader: Grader) -> None:
        self.grader = grader

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
        self.engine.dispose()
