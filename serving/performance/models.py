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
    repeats: int = Field(default=0, description="complaints whose complainant (phone or account) complained before")
    escalations: int = Field(default=0, description="complaints raised to a higher level after a reopening "
                                                    "(escalations caused)")
    complex_resolved: int = Field(default=0, description="level-3 complaints resolved (the positive side)")
    praised: int = Field(default=0, description="surveys answered 非常满意")
    suggestions: int = Field(default=0, description="complaints with an improvement suggested")
    suggestions_adopted: int = Field(default=0, description="of those, improvements the leadership group adopted")


class Performance(BaseModel):
    start: dt.date
    end: dt.date
    by: str
    rows: list[Figures]


class BelowTarget(BaseModel):
    """A department below one of the policy's targets in the latest month, and for how long."""

    key: str
    measure: str = Field(description="on_time.<deadline kind> or satisfaction")
    target: float
    value: float = Field(description="the latest month's figure")
    n: int
    months_below: int = Field(description="consecutive months below, ending with the latest one")
    long: bool = Field(description="months_below reaches the policy's long_below_months: 长期不达标")


class TargetReport(BaseModel):
    month: str = Field(description="the latest month, YYYY-MM")
    long_below_months: int
    below: list[BelowTarget]
