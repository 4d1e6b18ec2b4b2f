"""Web sign-in on the service's own API keys: a server-side session behind a signed cookie.

The cookie holds a random session token signed with the service secret (itsdangerous,
timestamped), never the key; the store keeps a hash of the token with the key's id and
the session's end (``web_sessions``), so logging out ends the session for every copy of
the cookie, and every request re-checks that the key still exists and is not revoked.
Forms carry a CSRF token: a signature of the cookie under another salt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from itsdangerous import BadSignature, Signer, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from serving.database.core import now, write_gate
from serving.database.tables import WebSessionRow

COOKIE = "tousu_session"
TTL_SECONDS = 8 * 3600
_SESSION_SALT = "tousu.web.session"
_CSRF_SALT = "tousu.web.csrf"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, secret: str, key_id: str) -> str:
    """Starts a session for a signed-in key; returns the cookie value."""
    token = secrets.token_urlsafe(32)
    at = now()
    session.add(WebSessionRow(token_hash=_hash(token), key_id=key_id, created_at=at,
                              expires_at=at + dt.timedelta(seconds=TTL_SECONDS)))
    with write_gate(session):
        session.commit()
    return URLSafeTimedSerializer(secret, salt=_SESSION_SALT).dumps(token)


def token_of(secret: str, value: str | None) -> str | None:
    """Returns the session token of a well-signed cookie younger than a session's lifetime."""
    if not value:
        return None
    try:
        token = URLSafeTimedSerializer(secret, salt=_SESSION_SALT).loads(value, max_age=TTL_SECONDS)
    except BadSignature:  # also SignatureExpired
        return None
    return token if isinstance(token, str) else None


def key_of(session: Session, secret: str, value: str | None) -> str | None:
    """Returns the key id of a live session (signed, not ended, not expired), else None."""
    token = token_of(secret, value)
    if token is None:
        return None
    row = session.get(WebSessionRow, _hash(token))
    if row is None or row.ended_at is not None or row.expires_at <= now():
        return None
    return row.key_id


def end_session(session: Session, secret: str, value: str | None) -> None:
    """Ends the session: the cookie, and every copy of it, stops working."""
    token = token_of(secret, value)
    row = session.get(WebSessionRow, _hash(token)) if token else None
    if row is not None and row.ended_at is None:
        row.ended_at = now()
        with write_gate(session):
            session.commit()


def csrf_token(secret: str, cookie: str) -> str:
    """Returns the CSRF token forms of this session carry."""
    return Signer(secret, salt=_CSRF_SALT).get_signature(cookie).decode()


def csrf_ok(secret: str, cookie: str | None, token: str | None) -> bool:
    return bool(cookie and token) and Signer(secret, salt=_CSRF_SALT).verify_signature(cookie or "", token or "")
