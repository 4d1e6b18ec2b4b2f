"""The ways a notification leaves tousu: e-mail over SMTP and a signed webhook.

Each delivery carries the notification's stable id (``Message-ID`` / ``X-Tousu-Delivery``),
so a receiver can drop a duplicate: a worker killed between sending and recording the send
delivers that one notification again after its lease ends (at least once, never lost).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import parse_qs, unquote, urlsplit

import httpx

from serving.database.tables import NotificationRow

TIMEOUT_SECONDS = 10.0
SIGNATURE_HEADER = "X-Tousu-Signature"
DELIVERY_HEADER = "X-Tousu-Delivery"


class DeliveryError(Exception):
    """A channel refused or could not take a notification; it is retried with backoff."""


def message_id(row: NotificationRow) -> str:
    return f"<{row.id}@tousu>"


def send_email(row: NotificationRow, *, smtp_url: str, sender: str) -> None:
    """Sends one e-mail: ``smtp://[user:password@]host:port[?starttls=1]`` or ``smtps://…``."""
    url = urlsplit(smtp_url)
    if url.scheme not in ("smtp", "smtps") or not url.hostname:
        raise DeliveryError("TOUSU_SMTP_URL must read smtp://host:port or smtps://host:port")
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, row.recipient, row.subject
    mail["Message-ID"], mail["Date"] = message_id(row), formatdate(localtime=False)
    mail.set_content(row.body, charset="utf-8")
    port = url.port or (465 if url.scheme == "smtps" else 25)
    try:
        smtp: smtplib.SMTP
        if url.scheme == "smtps":
            smtp = smtplib.SMTP_SSL(url.hostname, port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(url.hostname, port, timeout=TIMEOUT_SECONDS)
        with smtp:
            if url.scheme == "smtp" and parse_qs(url.query).get("starttls") == ["1"]:
                smtp.starttls(context=ssl.create_default_context())
            if url.username:
                smtp.login(unquote(url.username), unquote(url.password or ""))
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"SMTP: {type(exc).__name__}: {str(exc)[:200]}") from None


def signature(secret: str, body: bytes) -> str:
    """``sha256=`` and the hex HMAC-SHA256 of the exact body bytes under the shared secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def webhook_body(row: NotificationRow) -> bytes:
    payload = {"id": row.id, "event": row.event, "channel": "sms" if row.person_id is None else "person",
               "to": row.recipient, "person_id": row.person_id, "complaint_id": row.complaint_id,
               "subject": row.subject, "text": row.body, "created_at": row.created_at.isoformat()}
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()


def send_webhook(row: NotificationRow, *, url: str, secret: str, client: httpx.Client) -> None:
    """POSTs the notification as JSON, signed; any answer but 2xx is a failed attempt."""
    body = webhook_body(row)
    headers = {"Content-Type": "application/json; charset=utf-8", DELIVERY_HEADER: row.id,
               SIGNATURE_HEADER: signature(secret, body)}
    try:
        answer = client.post(url, content=body, headers=headers, timeout=TIMEOUT_SECONDS)
    except httpx.HTTPError as exc:
        raise DeliveryError(f"webhook: {type(exc).__name__}") from None
    if not 200 <= answer.status_code < 300:
        raise DeliveryError(f"webhook answered {answer.status_code}")
