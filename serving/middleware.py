"""A pure ASGI guard in front of every route: body limits, content type, metrics, request
ids and the access log, and the one place an unexpected error is logged and answered.

Pure ASGI (not ``BaseHTTPMiddleware``) so it adds microseconds, not a task per request.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from typing import Any

from serving.errors import envelope
from serving.logs import log_error, log_request, request_id
from serving.metrics import record_request

Scope = dict[str, Any]
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def route_template(scope: Scope) -> str:
    """Returns the matched route's path with its parameters named (``/v1/complaints/{complaint_id}``).

    Built from the path and its parameters, so metric labels never hold an id.
    """
    if "route" not in scope:
        return "unmatched"
    names = {str(v): k for k, v in scope.get("path_params", {}).items()}
    return "/".join(f"{{{names[s]}}}" if s in names else s for s in scope["path"].split("/"))


# pages may run their own scripts and styles only; nothing frames them (clickjacking)
PAGE_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
# Swagger UI (served from local files) starts itself with one inline script
DOCS_POLICY = PAGE_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
STATIC_PREFIXES = ("/web/static/", "/docs/static/")


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    """Headers every answer carries: no sniffing, no framing, no referrer, and no caching of
    anything but static files (pages and API answers may hold personal data)."""
    headers = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
               (b"referrer-policy", b"no-referrer"),
               (b"content-security-policy", (DOCS_POLICY if path == "/docs" else PAGE_POLICY).encode())]
    if not path.startswith(STATIC_PREFIXES):
        headers.append((b"cache-control", b"no-store"))
    return headers


class RequestGuard:
    def __init__(self, app: Any, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        # every body has a size limit; the JSON API (/v1) also needs JSON in UTF-8 (web pages post forms)
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]
        started_response = [False]
        rid = request_id(scope.get("headers", []))
        state = scope.setdefault("state", {})
        state["request_id"] = rid

        async def send_counted(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                started_response[0] = True
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in security_headers(scope["path"]) if n not in present]
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", rid.encode()), *extra]}
            await send(message)

        try:
            refusal = None
            if scope["method"] in BODY_METHODS:
                refusal, receive = await self._check_body(scope, receive, json_only=scope["path"].startswith("/v1/"))
            if refusal is not None:
                await refusal(scope, receive, send_counted)
            else:
                await self.app(scope, receive, send_counted)
        except Exception as exc:  # noqa: BLE001  (a bug: logged once here, answered with its id, not re-raised)
            error_id = log_error(exc, rid=rid, route=route_template(scope))
            if not started_response[0]:
                await envelope(500, "internal_error", "An unexpected error occurred; it has been logged.",
                               {"error_id": error_id})(scope, receive, send_counted)
        finally:
            route = route_template(scope)
            record_request(scope["method"], route, status[0], time.perf_counter() - started)
            log_request(rid=rid, method=scope["method"], route=route, status=status[0], started=started,
                        key_id=state.get("key_id"))

    async def _check_body(self, scope: Scope, receive: Any, *, json_only: bool) -> tuple[Any, Any]:
        headers = dict(scope["headers"])
        ctype = headers.get(b"content-type", b"").decode("latin-1").lower()
        media, _, params = ctype.partition(";")
        length = headers.get(b"content-length")
        if length is not None:
            try:
                size = int(length)
            except ValueError:
                return envelope(400, "bad_request", "Content-Length is not a number."), receive
            if size > self.max_body_bytes:
                return self._too_large(size), receive
        if json_only and (length is None or int(length) > 0):
            if media.strip() != "application/json":
                return envelope(415, "unsupported_media_type",
                                "Send the body as JSON with `Content-Type: application/json`.",
                                {"content_type": ctype or None}), receive
            charset = params.partition("charset=")[2].strip().strip('"')
            if charset and charset not in ("utf-8", "utf8"):
                return envelope(415, "unsupported_media_type", "Send the JSON body in UTF-8.",
                                {"charset": charset}), receive
        if length is not None:
            return None, receive
        # no Content-Length (chunked): read the body here, under the limit, and replay it
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_body_bytes:
                return self._too_large(size), receive
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return None, replay

    def _too_large(self, size: int) -> Any:
        return envelope(413, "payload_too_large",
                        f"The body is larger than {self.max_body_bytes} bytes; send less (split a batch).",
                        {"max_bytes": self.max_body_bytes, "got_bytes": size})
