"""Schemas of the performance figures."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from serving.reports.models import Rate


class Figures(BaseModel):
    """One department's or person's figures for a period; every rate carries its n."""

    key: str = Field(description="the department, or the person's id")
    handled: int = Field(description="complaints received in the period that it led (or held)")
    on_time: dict[str, Rate] = Field(description="per deadline kind, by the original due time")
    on_time_after_extension: dict[str, Rate] = Field(description="per deadline kind, by the due time in force")
    breaches: int = Field(description="deadlines met late or not at all, even by an extended due time")
    median_hours_to_respond: float | None = Field(description="receipt to the first response (level 3's respond)")
    median_hours_to_resolve: float | None
    satisfaction_rate: float | None = Field(description="满意率: 非常满意 + 满意 over the surveyed")
    surveyed: int
    satisfaction: dict[str, int]
    reopened: int
    corrections: int = Field(description="grades an agent corrected, of complaints it led")


class Performance(BaseModel):
    start: dt.date
    end: dt.date
    by: str
    rows: list[Figures]
