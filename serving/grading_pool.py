"""Batch grading in child processes (``TOUSU_GRADING_PROCESSES``), each with its own copy of
the model, so a few large batches never hold the serving process's GIL: its event loop
(health checks, every other request) only parses the request and sends the bytes the
child rendered.

A child loads the bundle and the policy once (``spawn``: no state inherited from the
server's threads) and grades through the same function as the grading threads
(:func:`serving.classify.service.classify_batch`). When the champion changes, a new pool
starts on the new bundle and the old one finishes the batches it holds.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from serving.errors import Overloaded

log = logging.getLogger("tousu.serving")
_CHILD: dict[str, Any] = {}


def _load(bundle: str, policy: str | None) -> None:
    from pipeline.policy import load_policy
    from serving.runtime import WARM_UP_TEXT, load_grader

    grader = load_grader(Path(bundle), quantize=False)
    grader.grade([WARM_UP_TEXT])
    _CHILD.update(grader=grader, policy=load_policy(Path(policy) if policy else None))


def _grade(items: list[Any], max_batch: int) -> tuple[list[tuple[int, bool]], bytes]:
    """In the child: the batch graded and rendered; (level, needs_review) of each result for
    the parent's metrics."""
    from serving.classify.service import classify_batch

    body = classify_batch(grader=_CHILD["grader"], policy=_CHILD["policy"], items=items, max_batch=max_batch)
    graded = [(r.result.level, r.result.needs_review) for r in body.results if r.result is not None]
    return graded, body.model_dump_json().encode()


class GradingPool:
    """A bounded pool of grading processes: beyond ``processes + queue`` batches in flight,
    a request is refused at once (503 with Retry-After) rather than queued without end."""

    def __init__(self, bundle: Path, policy: Path | None, *, processes: int, queue: int) -> None:
        self.bundle, self.processes, self.limit = bundle, processes, processes + queue
        self.in_flight = 0
        self._executor = ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_load, initargs=(str(bundle), str(policy) if policy else None))
        started = [self._executor.submit(_ready) for _ in range(processes)]  # load the children now
        for future in started:
            future.result(timeout=300)
        log.info("grading in %d processes (bundle %s)", processes, bundle)

    async def grade_batch(self, items: list[Any], max_batch: int) -> tuple[list[tuple[int, bool]], bytes]:
        if self.in_flight >= self.limit:
            raise Overloaded("The service is grading as much as it can; try again in a moment.",
                             headers={"Retry-After": "1"})
        self.in_flight += 1
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(self._executor, _grade, items, max_batch)
        finally:
            self.in_flight -= 1

    def close(self, *, wait: bool = True) -> None:
        """Stops the children once the batches they hold are done (``wait``: block until then)."""
        self._executor.shutdown(wait=wait)


def _ready() -> bool:
    return "grader" in _CHILD
