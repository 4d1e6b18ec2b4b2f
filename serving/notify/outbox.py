"""Writing notifications into the outbox, in the caller's transaction.

A notification is rendered from a Chinese template (``templates/EVENT.txt``: the first line
is the subject) and written once per person and channel: the in-app list always, e-mail
when the person has an address and SMTP is configured, the webhook (an SMS gateway) when
they have a phone and a webhook is configured. The worker delivers what is pending.
An audience nobody in the directory belongs to is written as a failed notification, so the
gap shows in the admins' dead-letter list instead of passing in silence.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.orm import Session

from pipeline.policy import Policy
from serving.database.core import now
from serving.database.tables import ComplainantRow, ComplaintRow, NotificationRow, PersonRow
from serving.people.models import PersonRole
from serving.people.service import members

TEMPLATES = Path(__file__).with_name("templates")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 -]{4,30}$")


class Channel(StrEnum):
    email = "email"
    webhook = "webhook"
    inapp = "inapp"
    none = "none"  # an audience with nobody in it: recorded, never delivered


class State(StrEnum):
    pending = "pending"
    sending = "sending"  # claimed by a worker until its lease ends
    sent = "sent"
    failed = "failed"    # the dead letter: retried no more until an admin retries it


def new_id() -> str:
    """A notification's stable id: its Message-ID and webhook delivery id."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


@dataclass(frozen=True)
class Notifier:
    """Knows which channels are configured and renders the templates; holds no connection."""

    email: bool
    webhook: bool
    public_url: str
    policy: Policy
    environment: Environment

    @classmethod
    def create(cls, *, policy: Policy, email: bool, webhook: bool, public_url: str) -> Notifier:
        environment = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                                  autoescape=False, keep_trailing_newline=False)
        return cls(email=email, webhook=webhook, public_url=public_url.rstrip("/"), policy=policy,
                   environment=environment)

    def render(self, event: str, context: dict[str, Any]) -> Message:
        text = self.environment.get_template(f"{event}.txt").render(**context)
        subject, _, body = text.partition("\n")
        return Message(subject=subject.strip(), body=body.strip() + "\n")

    def local(self, when: dt.datetime | None) -> str | None:
        """A time as the people of the policy's zone read it."""
        return when.astimezone(self.policy.zone).strftime("%Y-%m-%d %H:%M") if when else None

    def link(self, path: str) -> str:
        return f"{self.public_url}{path}"

    def audience(self, session: Session, complaint: ComplaintRow, audience: str,
                 cc_departments: tuple[str, ...] = (),
                 cache: dict[tuple[str, ...], tuple[list[PersonRow], str]] | None = None
                 ) -> tuple[list[PersonRow], str]:
        """The people an audience of the policy names for one complaint, and how to say who.

        ``cache`` keeps the answers for one sweep: the directory does not change within it.
        """
        key = (audience, complaint.lead_department, *cc_departments)
        if cache is not None and key in cache:
            return cache[key]
        with session.no_autoflush:  # a lookup must not write the pending notifications one by one
            found = self._audience(session, complaint, audience, cc_departments)
        if cache is not None:
            cache[key] = found
        return found

    def _audience(self, session: Session, complaint: ComplaintRow, audience: str,
                  cc_departments: tuple[str, ...]) -> tuple[list[PersonRow], str]:
        policy = self.policy
        heads = (PersonRole.head,)
        if audience == "leadership":
            return members(session, [policy.leadership_department]), f"{policy.leadership_department}成员"
        if audience == "lead_head":
            return members(session, [complaint.lead_department], heads), f"{complaint.lead_department}负责人"
        if audience == "cc_heads":
            return members(session, list(cc_departments), heads), f"{'、'.join(cc_departments) or '协办部门'}负责人"
        if audience == "lead_department":
            return members(session, [complaint.lead_department]), f"{complaint.lead_department}全体"
        if audience == "intake_head":
            return members(session, [policy.intake_department], heads), f"{policy.intake_department}负责人"
        raise ValueError(f"unknown audience {audience!r}")

    def to_people(self, session: Session, complaint: ComplaintRow | None, event: str, people: list[PersonRow],
                  message: Message, *, nobody: str, once: str | None = None) -> list[str]:
        """Writes ``message`` to each person on each channel they can be reached on; returns
        the ids of the people told. Nobody to tell: one failed row saying whom it wanted.

        ``once`` names the occasion (``long_below_target:2026-11``): the ids are derived from
        it, so a second writer of the same notice fails on the key instead of sending twice.
        """
        complaint_id = complaint.id if complaint is not None else None
        if not people:
            _write(session, complaint_id, event, Channel.none, None, "-", message, state=State.failed,
                   error=f"nobody to tell: the directory has no active {nobody} (`tousu people add`)",
                   key=f"{once}:nobody" if once else None)
            return []
        for person in people:
            for channel, address in ((Channel.inapp, person.id), (Channel.email, person.email),
                                     (Channel.webhook, person.phone)):
                if not address or (channel is Channel.email and not self.email) or (
                        channel is Channel.webhook and not self.webhook):
                    continue
                _write(session, complaint_id, event, channel, person.id, address, message,
                       state=State.sent if channel is Channel.inapp else State.pending,
                       key=f"{once}:{person.id}:{channel.value}" if once else None)
        return [p.id for p in people]

    def to_complainant(self, session: Session, complaint: ComplaintRow, event: str, message: Message) -> str | None:
        """Writes ``message`` to the complainant on the channel their contact allows: e-mail,
        or SMS through the webhook. Returns the channel, or None when they cannot be reached."""
        user = session.get(ComplainantRow, complaint.id)
        contact = (user.contact or "").strip() if user is not None else ""
        if self.email and EMAIL.match(contact):
            _write(session, complaint.id, event, Channel.email, None, contact, message)
            return Channel.email.value
        if self.webhook and PHONE.match(contact):
            _write(session, complaint.id, event, Channel.webhook, None, contact, message)
            return Channel.webhook.value
        return None


def _write(session: Session, complaint_id: str | None, event: str, channel: Channel, person_id: str | None,
           recipient: str, message: Message, *, state: State = State.pending, error: str | None = None,
           key: str | None = None) -> None:
    at = now()
    session.add(NotificationRow(
        id=uuid.uuid5(uuid.NAMESPACE_URL, f"tousu:{key}").hex if key else new_id(), created_at=at,
        complaint_id=complaint_id, event=event, channel=channel.value,
        person_id=person_id, recipient=recipient[:254], subject=message.subject, body=message.body,
        state=state.value, attempts=0, next_attempt_at=at, last_error=error,
        sent_at=at if state is State.sent else None))
