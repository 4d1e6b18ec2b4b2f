"""Schemas of the outbox as admins and people read it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class NotificationRead(BaseModel):
    id: str = Field(description="the stable delivery id (Message-ID, X-Tousu-Delivery)")
    created_at: dt.datetime
    complaint_id: str | None
    event: str
    channel: Literal["email", "webhook", "inapp", "none"]
    person_id: str | None
    recipient: str
    subject: str
    body: str
    state: Literal["pending", "sending", "sent", "failed"]
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    sent_at: dt.datetime | None
    read_at: dt.datetime | None


class NotificationPage(BaseModel):
    items: list[NotificationRead]
    total: int
