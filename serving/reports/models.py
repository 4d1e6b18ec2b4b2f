from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class Rate(BaseModel):
    on_time: int
    late: int
    rate: float | None = Field(description="on_time / (on_time + late); null when nothing was due")


class Overrule(BaseModel):
    reviews: int
    corrections: int
    rate: float


class Summary(BaseModel):
    """The leadership report for complaints received in [start, end)."""

    start: dt.date
    end: dt.date
    total: int
    by_level: dict[str, int]
    by_category: dict[str, int]
    by_department: dict[str, int]
    on_time_by_level: dict[str, Rate] = Field(description="resolved by the original resolve deadline")
    on_time_by_department: dict[str, Rate]
    on_time_after_extension_by_level: dict[str, Rate] = Field(
        description="resolved by the resolve deadline in force (an agreed extension counts)")
    on_time_after_extension_by_department: dict[str, Rate]
    extended: int = Field(description="complaints whose resolve deadline was extended")
    satisfaction: dict[str, int]
    satisfaction_by_week: dict[str, dict[str, int]]
    overrule_by_category: dict[str, Overrule]
