"""Prometheus metrics: requests and latencies, grades by level, reviews.

With several worker processes, ``tousu serve`` points ``PROMETHEUS_MULTIPROC_DIR`` at a
fresh folder so ``/metrics`` sums every worker's counters.
"""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

REQUESTS = Counter("tousu_http_requests_total", "HTTP requests answered", ["method", "route", "status"])
LATENCY = Histogram("tousu_http_request_duration_seconds", "Time to answer a request", ["method", "route"],
                    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0))
DECISIONS = Counter("tousu_decisions_total", "Grades decided, by level and review flag",
                    ["level", "needs_review", "source"])
REVIEWS = Counter("tousu_reviews_total", "Agents' reviews: the suggestion confirmed or corrected", ["action"])


def record_request(method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(seconds)


def record_decision(level: int, needs_review: bool, *, source: str) -> None:
    DECISIONS.labels(str(level), "true" if needs_review else "false", source).inc()


def record_review(action: str) -> None:
    REVIEWS.labels(action).inc()


def exposition() -> tuple[bytes, str]:
    """Returns the metrics page and its content type (all workers' figures when multi-process)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
