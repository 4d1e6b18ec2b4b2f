"""Web sign-in on the service's own API keys: a signed, expiring session cookie.

The cookie holds the key's id signed with the service secret (itsdangerous, timestamped),
never the key itself; every request re-checks that the key still exists and is not
revoked. Forms carry a CSRF token: a signature of the cookie under another salt.
"""

from __future__ import annotations

from itsdangerous import BadSignature, Signer, URLSafeTimedSerializer

COOKIE = "tousu_session"
TTL_SECONDS = 8 * 3600
_SESSION_SALT = "tousu.web.session"
_CSRF_SALT = "tousu.web.csrf"


def issue(secret: str, key_id: str) -> str:
    """Returns the cookie value for a signed-in key."""
    return URLSafeTimedSerializer(secret, salt=_SESSION_SALT).dumps(key_id)


def verify(secret: str, value: str | None) -> str | None:
    """Returns the key id of a valid cookie younger than the session's lifetime, else None."""
    if not value:
        return None
    try:
        key_id = URLSafeTimedSerializer(secret, salt=_SESSION_SALT).loads(value, max_age=TTL_SECONDS)
    except BadSignature:  # also SignatureExpired
        return None
    return key_id if isinstance(key_id, str) else None


def csrf_token(secret: str, cookie: str) -> str:
    """Returns the CSRF token forms of this session carry."""
    return Signer(secret, salt=_CSRF_SALT).get_signature(cookie).decode()


def csrf_ok(secret: str, cookie: str | None, token: str | None) -> bool:
    return bool(cookie and token) and Signer(secret, salt=_CSRF_SALT).verify_signature(cookie or "", token or "")
