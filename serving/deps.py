"""Dependencies routes declare: the runtime's parts (grader, policy) and the caller's role.

Database work goes through ``Runtime.in_session``: one worker thread per request."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from models.grader import Grader
from pipeline.policy import Policy
from serving.auth import service as keys
from serving.auth.models import Principal, Role
from serving.errors import Forbidden, Unauthorized
from serving.runtime import Runtime

# trivial dependencies are ``async``: FastAPI would run a plain ``def`` in a worker thread


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_grader(runtime: RuntimeDep) -> Grader:
    return runtime.grader  # read once per request: a swap never changes it mid-request


async def get_policy(runtime: RuntimeDep) -> Policy:
    return runtime.policy


GraderDep = Annotated[Grader, Depends(get_grader)]
PolicyDep = Annotated[Policy, Depends(get_policy)]

bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer tsk_...`")


def _lookup(runtime: Runtime, token: str) -> Principal | None:
    with runtime.sessions() as session:
        return keys.authenticate(session=session, secret_key=runtime.settings.secret_key, token=token)


async def _principal(runtime: Runtime, token: str) -> Principal | None:
    digest = hashlib.sha256(token.encode()).hexdigest()
    hit = runtime.key_cache.get(digest)
    clock = time.monotonic()
    if hit is not None and clock - hit[0] < runtime.settings.key_cache_seconds:
        return hit[1]
    principal = await run_in_threadpool(_lookup, runtime, token)
    if len(runtime.key_cache) > 10_000:
        runtime.key_cache.clear()
    runtime.key_cache[digest] = (clock, principal)
    return principal


def require(*roles: Role) -> Callable[..., Any]:
    """Returns a dependency admitting callers whose key has one of ``roles`` (admin always)."""
    allowed = frozenset(roles) | {Role.admin}
    names = ", ".join(sorted(r.value for r in allowed))

    async def dependency(runtime: RuntimeDep, request: Request,
                         credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
                         ) -> Principal:
        challenge = {"WWW-Authenticate": "Bearer"}
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise Unauthorized("Send an API key as `Authorization: Bearer KEY` (`tousu keys create`).",
                               headers=challenge)
        principal = await _principal(runtime, credentials.credentials)
        if principal is None:
            raise Unauthorized("The API key is unknown, malformed or revoked.", headers=challenge)
        request.state.key_id = principal.key_id  # for the access log
        runtime.admit(principal.key_id)
        if principal.role not in allowed:
            raise Forbidden(f"Role {principal.role.value!r} may not do this; allowed roles: {names}.",
                            details={"role": principal.role.value, "allowed": sorted(r.value for r in allowed)})
        return principal

    return dependency
