"""Schemas of the supervision channel."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from serving.validation import StorableText


class ReportCreate(BaseModel):
    """A report of misconduct: what happened, and optionally who, which complaint and how to answer."""

    model_config = ConfigDict(extra="forbid")

    category: StorableText = Field(max_length=32, description="one of the policy's supervision categories")
    text: StorableText = Field(min_length=5, max_length=5000, description="what happened (stored masked)")
    anonymous: bool = Field(default=False, description="no contact is kept; follow it with the reference number")
    contact: StorableText | None = Field(default=None, max_length=128, description="how to tell the outcome")
    ticket_no: StorableText | None = Field(default=None, max_length=16, pattern=r"^[0-9]{6,16}$")
    subject_person_id: StorableText | None = Field(default=None, max_length=16)
    subject_department: StorableText | None = Field(default=None, max_length=32)


class ReportReceipt(BaseModel):
    reference_no: str = Field(description="give it to the reporter: they follow the report with it")
    verification_code: str = Field(description="with the reference number, shows the outcome (never stored)")
    feedback_due: dt.datetime


class NoteCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: StorableText = Field(min_length=2, max_length=4000, description="a step of the investigation")


class ConclusionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conclusion: StorableText = Field(min_length=2, max_length=4000, description="what the reporter is told")
    substantiated: bool


class ReportRead(BaseModel):
    id: str
    reference_no: str
    created_at: dt.datetime
    source: Literal["web", "api"]
    category: str
    text_masked: str
    anonymous: bool
    reporter_contact: str | None
    ticket_no: str | None
    subject_person_id: str | None
    subject_department: str | None
    status: Literal["received", "investigating", "concluded"]
    notes: list[dict[str, Any]]
    conclusion: str | None
    concluded_at: dt.datetime | None
    feedback_due: dt.datetime
    overdue: bool
