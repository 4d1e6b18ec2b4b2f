"""Web sign-in on the service's own API keys: a signed, expiring session cookie.

The cookie holds ``key_id.expiry.signature`` (HMAC-SHA256 with the service secret),
never the key itself; every request re-checks that the key still exists and is not
revoked. Forms carry a CSRF token derived from the cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import time

COOKIE = "tousu_session"
TTL_SECONDS = 8 * 3600


def _sign(secret: str, payload: str) -> str:
    return hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()


def issue(secret: str, key_id: str, *, now: float | None = None) -> str:
    payload = f"{key_id}.{int((now or time.time()) + TTL_SECONDS)}"
    return f"{payload}.{_sign(secret, payload)}"


def verify(secret: str, value: str | None, *, now: float | None = None) -> str | None:
    """Returns the key id of a valid, unexpired cookie, else None."""
    if not value or value.count(".") != 2:
        return None
    key_id, expires, signature = value.split(".")
    if not hmac.compare_digest(signature, _sign(secret, f"{key_id}.{expires}")):
        return None
    if not expires.isdigit() or int(expires) < (now or time.time()):
        return None
    return key_id


def csrf_token(secret: str, cookie: str) -> str:
    return _sign(secret, f"csrf:{cookie}")[:32]


def csrf_ok(secret: str, cookie: str | None, token: str | None) -> bool:
    return bool(cookie and token) and hmac.compare_digest(csrf_token(secret, cookie or ""), token or "")
