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
    """Who is calling: the key, its role and, for a person's key, the person."""

    key_id: str
    role: Role
    person_id: str | None = None
    person_role: str | None = None  # staff | head | leader (the directory's role)
    department: str | None = None

    @property
    def actor(self) -> str:
        """Whom the audit trail names: the person, or the service key of an intake system."""
        return f"person:{self.person_id}" if self.person_id else f"key:{self.key_id}"

    @property
    def sees_personal_data(self) -> bool:
        return self.role in PERSONAL_DATA_ROLES


class ApiKeyRead(BaseModel):
    id: str
    role: Role
    label: str | None
    person_id: str | None = None
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class ApiKeyCreated(ApiKeyRead):
    key: str  # shown once, never stored
