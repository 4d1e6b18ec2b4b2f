"""What the complainant holds: a ticket number to quote and a short code that proves it is theirs.

The code is a keyed MAC of the ticket number (six digits), so nothing about it is stored
and a retried intake returns the same one; rotating ``TOUSU_SECRET_KEY`` changes every code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

CODE_DIGITS = 6


def new_ticket_no(at: dt.datetime) -> str:
    """A number a user can read out over the phone: the local date (YYMMDD) and 8 random digits."""
    return f"{at:%y%m%d}{secrets.randbelow(10**8):08d}"


def verification_code(secret_key: str, ticket_no: str) -> str:
    mac = hmac.new(secret_key.encode(), f"verify:{ticket_no}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(mac[:8], 'big') % 10**CODE_DIGITS:0{CODE_DIGITS}d}"


def code_matches(secret_key: str, ticket_no: str, code: str) -> bool:
    return hmac.compare_digest(verification_code(secret_key, ticket_no), code.strip())
