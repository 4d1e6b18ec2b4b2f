"""Key creation, revocation and authentication.

A key reads ``tsk_<id>_<secret>``. Only ``HMAC-SHA256(secret_key, id:secret)`` is stored;
the comparison runs in constant time. Keys carry 256 bits of randomness, so a keyed fast
hash is the right tool (a password hash would add milliseconds to every request).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from serving.auth.models import ApiKeyCreated, ApiKeyRead, Principal, Role
from serving.database.core import now
from serving.database.tables import ApiKeyRow, PersonRow
from serving.errors import NotFound

PREFIX = "tsk"


def _hash(secret_key: str, key_id: str, secret: str) -> str:
    return hmac.new(secret_key.encode(), f"{key_id}:{secret}".encode(), hashlib.sha256).hexdigest()


def _read(row: ApiKeyRow) -> ApiKeyRead:
    return ApiKeyRead(id=row.id, role=Role(row.role), label=row.label, person_id=row.person_id,
                      created_at=row.created_at, revoked_at=row.revoked_at)


def create(*, session: Session, secret_key: str, role: Role, label: str | None = None,
           person_id: str | None = None) -> ApiKeyCreated:
    """Creates a key; the returned ``key`` is the only time its secret exists outside the caller.

    A key with ``person_id`` acts as that person (the audit trail names them); one without
    is a service key (an intake system).
    """
    if person_id is not None:
        person = session.get(PersonRow, person_id)
        if person is None or not person.active:
            raise NotFound(f"No active person with id {person_id!r}; `tousu people list` shows them.")
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    row = ApiKeyRow(id=key_id, role=role.value, secret_hash=_hash(secret_key, key_id, secret), label=label,
                    person_id=person_id)
    session.add(row)
    session.commit()
    return ApiKeyCreated(**_read(row).model_dump(), key=f"{PREFIX}_{key_id}_{secret}")


def revoke(*, session: Session, key_id: str) -> ApiKeyRead:
    """Revokes a key at once; revoking twice keeps the first time."""
    row = session.get(ApiKeyRow, key_id)
    if row is None:
        raise NotFound(f"No API key with id {key_id!r}; `tousu keys list` shows the ids.")
    if row.revoked_at is None:
        row.revoked_at = now()
        session.commit()
    return _read(row)


def list_keys(*, session: Session) -> list[ApiKeyRead]:
    return [_read(r) for r in session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.created_at))]


def authenticate(*, session: Session, secret_key: str, token: str) -> Principal | None:
    """Returns who holds ``token``, or None for a malformed, unknown or revoked key."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        return None
    key_id, secret = parts[1], parts[2]
    row = session.get(ApiKeyRow, key_id)
    expected = row.secret_hash if row is not None else _hash(secret_key, "-", "-")
    ok = hmac.compare_digest(expected, _hash(secret_key, key_id, secret))
    if row is None or not ok or row.revoked_at is not None:
        return None
    return _principal(session, row)


def _principal(session: Session, row: ApiKeyRow) -> Principal | None:
    """The key's holder; a key of a deactivated person is refused like a revoked one."""
    if row.person_id is None:
        return Principal(key_id=row.id, role=Role(row.role))
    person = session.get(PersonRow, row.person_id)
    if person is None or not person.active:
        return None
    return Principal(key_id=row.id, role=Role(row.role), person_id=person.id, person_role=person.role,
                     department=person.department)


def principal_by_id(*, session: Session, key_id: str) -> Principal | None:
    """Returns the holder of a key id (web sessions), or None when unknown or revoked."""
    row = session.get(ApiKeyRow, key_id)
    if row is None or row.revoked_at is not None:
        return None
    return _principal(session, row)
