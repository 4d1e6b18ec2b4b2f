"""The FastAPI application: ``create_app()`` (uvicorn runs it as a factory)."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from models.grader import Grader
from serving import errors, logs
from serving.api import api_router, ops_router
from serving.middleware import RequestGuard
from serving.public.views import router as public_router
from serving.runtime import Runtime
from serving.web import views as web_views
from serving.web.views import router as web_router
from serving.web.work import router as work_router
from serving.web.work import supervision_router
from tousu.settings import Settings, get_settings

DESCRIPTION = """\
Grades Chinese telecom complaints (投诉) under the company's complaint-grading regulation:
a model suggests category and level from the text and its cues, a deterministic policy
enforces the regulation's floors, routes the complaint and sets its deadlines in Chinese
working days, and agents confirm or correct the grade.

Every request but `/healthz`, `/readyz` and `/metrics` needs `Authorization: Bearer KEY`
(`tousu keys create --role ROLE`). Every error has the body
`{"error": {"code", "message", "details"}}`; the codes are listed in the README.
"""


def tune_worker_threads(threads: int) -> None:
    """Sizes the thread pool that runs sync routes and shortens the GIL switch interval.

    Sync routes (database work) run in threads beside CPU-bound grading; with CPython's
    default 5 ms switch interval and 40 threads, a thread whose database answer arrived
    waits for the GIL behind the graders, once per round trip. Fewer threads and a 1 ms
    interval keep intake latency low (measured in benchmarks/bench_service.py).
    """
    import sys

    from anyio import to_thread

    to_thread.current_default_thread_limiter().total_tokens = threads
    sys.setswitchinterval(0.001)


def announce_ready(settings: Settings) -> None:
    """Prints one line when the first worker of `tousu serve` is ready, with what to do next."""
    url = os.environ.get("TOUSU_SERVE_URL")
    marker = settings.data_dir / "prometheus" / ".ready"
    if not url or not marker.parent.is_dir():
        return
    try:  # the first worker to get here prints; the others find the marker
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return
    tousu = Path(sys.executable).with_name("tousu")
    print(f"tousu ready: {url} — create a key with `{tousu} keys create --role admin`, "
          f"then open {url}/web (pages) or {url}/docs (API)", file=sys.stderr, flush=True)


def document_limits(app: FastAPI, settings: Settings) -> None:
    """Writes into the OpenAPI schema the limits that come from settings and policy, so
    clients and fuzzers know them: the batch size, and the categories a review may name."""
    plain = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = plain()
        parts = schema.get("components", {}).get("schemas", {})
        items = parts.get("ClassifyBatchRequest", {}).get("properties", {}).get("items")
        if items is not None:
            items.update(minItems=1, maxItems=settings.max_batch)
        policy = getattr(getattr(app.state, "runtime", None), "policy", None)  # known once started
        category = parts.get("ReviewCreate", {}).get("properties", {}).get("category")
        if policy is not None and category is not None:
            for branch in category.get("anyOf", [category]):
                if branch.get("type") == "string":
                    branch["enum"] = list(policy.categories)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def install_docs(app: FastAPI) -> None:
    """``/docs`` with Swagger UI from the files the swagger-ui-bundle package ships (it works
    offline; FastAPI's default loads them from a CDN), and ``GET /`` leading to the pages."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse, RedirectResponse
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs/static", StaticFiles(directory=str(swagger_ui_path)), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="tousu API",
                                   swagger_js_url="/docs/static/swagger-ui-bundle.js",
                                   swagger_css_url="/docs/static/swagger-ui.css",
                                   swagger_favicon_url="/web/static/favicon.svg")

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse("/web", status_code=303)


def create_app(settings: Settings | None = None, *, grader: Grader | None = None) -> FastAPI:
    """Returns the service; the model, policy and store load when it starts.

    ``grader`` replaces loading the bundle from settings (tests share one across apps).
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        tune_worker_threads(settings.worker_threads)
        if getattr(app.state, "runtime", None) is not None:  # installed by the caller (tests)
            yield
            return
        runtime = Runtime.start(settings, grader=grader)
        app.state.runtime = runtime
        announce_ready(settings)
        follower = asyncio.create_task(runtime.follow_registry()) if runtime.origin.source == "registry" else None
        try:
            yield
        finally:
            if follower is not None:
                follower.cancel()
            runtime.close()
            app.state.runtime = None

    app = FastAPI(title="tousu", version="0.1.0", description=DESCRIPTION, lifespan=lifespan, docs_url=None,
                  redoc_url=None)
    install_docs(app)
    document_limits(app, settings)
    errors.install(app)
    web_views.install_error_pages(app)
    app.include_router(ops_router)
    app.include_router(api_router)
    app.include_router(web_router)
    app.include_router(work_router)
    app.include_router(supervision_router)
    app.include_router(public_router)
    app.mount("/web/static", StaticFiles(directory=Path(web_views.__file__).with_name("static")), name="static")
    app.add_middleware(RequestGuard, max_body_bytes=settings.max_body_bytes)
    logs.configure()
    return app
