"""Roles, the caller's identity, and key schemas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel


class Role(StrEnum):
    intake = "intake"      # intake systems: submit and classify complaints, record surveys
    agent = "agent"        # agents: read the queue, review, move tickets, see personal data
    analyst = "analyst"    # data scientists and leadership: read complaints, no personal data
    admin = "admin"        # everything


PERSONAL_DATA_ROLES = frozenset({Role.agent, Role.admin})


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the key id (recorded as the actor) and its role."""

    key_id: str
    role: Role

    @property
    def actor(self) -> str:
        return f"key:{self.key_id}"

    @property
    def sees_personal_data(self) -> bool:
        return self.role in PERSONAL_DATA_ROLES


class ApiKeyRead(BaseModel):
    id: str
    role: Role
    label: str | None
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class ApiKeyCreated(ApiKeyRead):
    key: str  # shown once, never stored
