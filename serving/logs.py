"""Structured logs: one JSON object a line, never a complaint's text or personal data.

- every request: ``{"event": "request", "request_id", "method", "route", "status", "ms",
  "key_id"}``; the route is the template (``/v1/complaints/{complaint_id}``), never a path
  with ids or a query;
- every unexpected error: one line ``{"event": "error", "error_id", "request_id", "route",
  "error", "where"}``: the exception's type and the frames of tousu's own code, not its
  message (a database error's message may quote values); the 500 answer carries the same
  ``error_id`` so a report can be found;
- tousu's own events (start-up, a new champion) with their message.

``X-Request-ID`` from the caller is kept when it is a short token, otherwise one is made,
and it is sent back on the response.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
import traceback
from types import TracebackType
from typing import Any

LOGGER = "tousu"
_TOKEN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class JsonFormatter(logging.Formatter):
    """Formats a record as one JSON line: its ``fields`` (``extra={"fields": …}``) or its message."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {"ts": round(record.created, 3), "level": record.levelname.lower(),
                                "logger": record.name}
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        else:
            line["message"] = record.getMessage()
        return json.dumps(line, ensure_ascii=False)


def configure(level: int = logging.INFO) -> None:
    """Sends tousu's logs to stderr as JSON lines (once per process)."""
    logger = logging.getLogger(LOGGER)
    if any(getattr(h, "tousu_json", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.tousu_json = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = True  # test harnesses capture through the root logger


def request_id(headers: list[tuple[bytes, bytes]]) -> str:
    """Returns the caller's X-Request-ID when it is a plain short token, else a new one."""
    for name, value in headers:
        if name.lower() == b"x-request-id":
            given = value.decode("latin-1")
            if _TOKEN.match(given):
                return given
    return secrets.token_hex(8)


def log_request(*, rid: str, method: str, route: str, status: int, started: float, key_id: str | None) -> None:
    logging.getLogger(LOGGER + ".access").info("request", extra={"fields": {
        "event": "request", "request_id": rid, "method": method, "route": route, "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 2), "key_id": key_id}})


def log_error(exc: BaseException, *, rid: str | None, route: str) -> str:
    """Logs an unexpected error as one line; returns its id (given to the caller too)."""
    error_id = secrets.token_hex(6)
    logging.getLogger(LOGGER + ".error").error("error", extra={"fields": {
        "event": "error", "error_id": error_id, "request_id": rid, "route": route,
        "error": type(exc).__name__, "where": _where(exc.__traceback__)}})
    return error_id


def _where(tb: TracebackType | None) -> list[str]:
    """The frames of tousu's own code (file:line function), innermost last; no locals, no message."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "/site-packages/" not in f.filename and "/lib/python" not in f.filename]
    return [f"{f.filename.rsplit('/', 2)[-2]}/{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}"
            for f in (ours or frames)[-6:]]
