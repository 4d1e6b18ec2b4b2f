"""Schemas of the directory."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from serving.validation import StorableText


class PersonRole(StrEnum):
    """A person's place in the process (not an API role): who is told and who approves."""

    staff = "staff"      # works complaints in a department
    head = "head"        # heads a department: told when its deadlines slip, approves extensions
    leader = "leader"    # a member of the complaint-handling leadership group


class PersonCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: StorableText = Field(min_length=1, max_length=64)
    email: StorableText | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: StorableText | None = Field(default=None, pattern=r"^\+?[0-9][0-9 -]{4,30}$")
    department: StorableText = Field(description="one of the policy's departments", max_length=32)
    role: PersonRole = PersonRole.staff


class PersonRead(BaseModel):
    id: str
    name: str
    email: str | None
    phone: str | None
    department: str
    role: PersonRole
    active: bool
    created_at: dt.datetime
