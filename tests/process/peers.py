"""Real peers on loopback: an SMTP server (aiosmtpd) and a webhook receiver (http.server)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import hashlib
import hmac
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.live_server import free_port


@dataclass
class Mailbox:
    """What the SMTP server received: one entry per DATA, duplicates included."""

    delay_seconds: float = 0.0
    messages: list[dict[str, Any]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        if self.delay_seconds:
            await asyncio.sleep(self.delay_seconds)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = parsed.get_body(preferencelist=("plain",))
        self.messages.append({"id": parsed["Message-ID"], "to": list(envelope.rcpt_tos),
                              "subject": str(parsed["Subject"]), "body": body.get_content() if body else ""})
        return "250 OK"

    def to(self, address: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if address in m["to"]]


@dataclass
class WebhookReceiver:
    """Answers 500 to the first ``fail_first`` requests, 200 after; checks every signature."""

    secret: str
    fail_first: int = 0
    requests: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def serve(self) -> tuple[ThreadingHTTPServer, str]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(receiver.secret.encode(), raw, hashlib.sha256).hexdigest()
                signed = hmac.compare_digest(expected, self.headers.get("X-Tousu-Signature", ""))
                with receiver.lock:
                    status = 500 if len(receiver.requests) < receiver.fail_first else (200 if signed else 401)
                    receiver.requests.append({"id": self.headers.get("X-Tousu-Delivery"), "signed": signed,
                                              "status": status, "body": json.loads(raw)})
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server, f"http://127.0.0.1:{server.server_address[1]}/hook"

    def accepted(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["status"] == 200]
