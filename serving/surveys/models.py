"""Schemas of the survey campaigns."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, model_validator

from serving.validation import StorableText


class CampaignCreate(BaseModel):
    """A campaign over the complainants of [start, end): per_stratum drawn per level and lead department."""

    model_config = ConfigDict(extra="forbid")

    name: StorableText = Field(min_length=1, max_length=128)
    start: dt.date
    end: dt.date = Field(description="the day after the period")
    per_stratum: int = Field(default=20, ge=1, le=10_000, description="complainants per level and department")

    @model_validator(mode="after")
    def _period(self) -> CampaignCreate:
        if self.start >= self.end or (self.end - self.start).days > 400:
            raise ValueError("a campaign's period starts before it ends and covers at most 400 days")
        return self


class Stratum(BaseModel):
    level: int
    department: str
    complaints: int = Field(description="complaints of the stratum in the period (the population)")
    invited: int
    unreachable: int = Field(description="drawn but without an e-mail or a phone the outbox can reach")
    answered: int
    satisfaction_rate: float | None = Field(description="非常满意 + 满意 over the answered")
    grades: dict[str, int]


class CampaignRead(BaseModel):
    id: str
    name: str
    start: dt.date
    end: dt.date
    per_stratum: int
    created_by: str
    created_at: dt.datetime
    invited: int
    answered: int
    response_rate: float | None
    satisfaction_rate: float | None = Field(description="weighted by each stratum's share of the population")
    strata: list[Stratum]
