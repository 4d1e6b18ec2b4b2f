"""One error envelope for every failure: ``{"error": {"code", "message", "details"}}``.

Domain errors (``TousuError`` and its subclasses) and the service's own ``ApiError``s are
turned into HTTP responses here, once; routes never catch them. Codes are a public
contract listed in the README.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from models.errors import BundleError
from pipeline.errors import TousuError
from serving.validation import TEXT_ERROR_CODES


class ErrorBody(BaseModel):
    code: str
    message: str
    details: dict[str, Any] | list[Any] | None = None


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorBody


class ApiError(Exception):
    """An error the service answers with ``status``, a stable ``code`` and a message."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, details: Any = None, headers: dict[str, str] | None = None,
                 code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        self.headers = headers
        if code:
            self.code = code


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class NotFound(ApiError):
    status, code = 404, "not_found"


class Conflict(ApiError):
    status, code = 409, "conflict"


class RateLimited(ApiError):
    status, code = 429, "rate_limited"


class Overloaded(ApiError):
    status, code = 503, "overloaded"


class Unprocessable(ApiError):
    status, code = 422, "validation_error"


def envelope(status: int, code: str, message: str, details: Any = None,
             headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": {"code": code, "message": message, "details": details}}
    return JSONResponse(body, status_code=status, headers=headers)


# the statuses a route may answer with an error, for the OpenAPI schema
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in [(400, "Malformed request (invalid JSON or UTF-8)"),
                         (401, "No valid API key"), (403, "The key's role may not do this"),
                         (413, "Body too large"), (415, "Content type is not application/json"),
                         (422, "Invalid input"), (429, "Too many requests for this key (Retry-After)"),
                         (503, "Overloaded or no model (Retry-After when overloaded)")]
}


@lru_cache(maxsize=1)
def _path_patterns(app: FastAPI) -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    patterns = []
    for template, operations in app.openapi()["paths"].items():
        regex = re.sub(r"\\{[^/]+\\}", "[^/]+", re.escape(template))
        patterns.append((re.compile(f"^{regex}$"), tuple(sorted(m.upper() for m in operations))))
    return tuple(patterns)


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """Returns the methods the OpenAPI schema documents for ``path`` (for ``Allow``)."""
    return next((list(methods) for pattern, methods in _path_patterns(app) if pattern.match(path)), [])


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    # never echo the input back: it may hold personal data
    return [{"loc": [str(p) for p in e.get("loc", ())], "type": e.get("type"), "message": e.get("msg")}
            for e in exc.errors()]


ErrorPage = Callable[[Request, int, str], Awaitable[Response]]


def _error_page(request: Request) -> ErrorPage | None:
    """The web pages' error page (``serving.web``) for a request to a page, else None."""
    if not request.url.path.startswith("/web/"):
        return None
    return getattr(request.app.state, "error_page", None)


def install(app: FastAPI) -> None:
    """Registers the handlers that turn every failure into the envelope."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        if (page := _error_page(request)) is not None:
            return await page(request, exc.status, exc.message)
        return envelope(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return envelope(400, "invalid_json", "The body is not valid JSON.", _validation_details(exc))
        types = {e.get("type") for e in errors}
        if len(types) == 1 and (only := types.pop()) in TEXT_ERROR_CODES:
            return envelope(422, str(only), str(errors[0].get("msg")), _validation_details(exc))
        return envelope(422, "validation_error", "The request does not match the schema; see details.",
                        _validation_details(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}.get(exc.status_code,
                                                                                      f"http_{exc.status_code}")
        message = exc.detail if isinstance(exc.detail, str) else "HTTP error"
        if exc.status_code == 400 and "parsing the body" in message:
            code, message = "invalid_body", "The body could not be read as UTF-8 JSON."
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:
            allowed = allowed_methods(request.app, request.url.path)
            headers = {**(headers or {}), "Allow": ", ".join(allowed)}
            message = f"{request.method} is not allowed here; allowed: {', '.join(allowed)}."
        return envelope(exc.status_code, code, message, {"allowed": allowed} if exc.status_code == 405 else None,
                        headers)

    @app.exception_handler(TousuError)
    async def _tousu(request: Request, exc: TousuError) -> Response:
        # a bad text or an agent's grade outside the policy is the caller's (422); a model
        # that cannot load is the service's (503)
        status = 503 if isinstance(exc, BundleError) else 422
        if (page := _error_page(request)) is not None:
            return await page(request, status, exc.message)
        return envelope(status, exc.code, exc.message, exc.details)

    # unexpected errors are logged and answered once, by the request guard (serving.middleware):
    # an exception handler here would be re-raised by Starlette and logged a second time
