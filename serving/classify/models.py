"""Schemas of a grade: what the model suggested, what the policy decided, and why."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pipeline.normalise import MAX_TEXT_CHARS


class RuleRead(BaseModel):
    id: str
    reason: str
    effect: str


class DeadlineRead(BaseModel):
    kind: str = Field(description="respond | plan | resolve | department_assist")
    due: dt.datetime
    provisional: bool = Field(description="true when the calendar of that year is not yet official")


class CueSpanRead(BaseModel):
    cue: str
    term: str
    start: int
    end: int


class CuesRead(BaseModel):
    emotion: int = Field(ge=0, le=2)
    escalation: bool
    escalation_kinds: list[str]
    compensation: bool
    compensation_amount: float | None
    apology: bool
    impact: str
    repetition: bool
    spans: list[CueSpanRead]


class DecisionRead(BaseModel):
    """The policy's decision: grade, route, deadlines, review flag and the rules applied."""

    category: str
    coarse_class: str
    category_proba: float
    severity: int = Field(ge=1, le=3, description="the level: 1 轻微, 2 中度, 3 严重")
    level_name: str
    model_severity: int = Field(ge=1, le=3)
    severity_proba: float
    rules: list[RuleRead]
    lead_department: str
    cc_departments: list[str]
    notify_leadership: bool
    received_at: dt.datetime
    clock_starts: dt.date
    deadlines: dict[str, DeadlineRead]
    survey_after_result_working_days: int
    needs_review: bool
    review_reasons: list[str]
    policy_version: str


class SuggestionRead(DecisionRead):
    """The model's scores and cues with the policy's decision on them."""

    category_scores: dict[str, float]
    severity_scores: dict[str, float]
    evidence: float
    cues: CuesRead
    model_version: str


class ClassifyResult(SuggestionRead):
    text_masked: str
    timing_ms: float


class ClassifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description=f"the complaint text, up to {MAX_TEXT_CHARS} characters")
    received_at: dt.datetime | None = Field(
        default=None, description="when the complaint was received (default: now; no zone = the policy's)")


class BatchItemResult(BaseModel):
    index: int
    result: ClassifyResult | None = None
    error: dict[str, Any] | None = Field(default=None, description="{code, message, details} for this item")


class ClassifyBatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[Any] = Field(
        description="objects shaped like the single classify request; each is checked on its own, "
                    "so one bad item is reported and the others are graded",
        json_schema_extra={"items": {"description": "a ClassifyRequest object; anything else is "
                                                    "reported as that item's validation_error"}})


class ClassifyBatchResponse(BaseModel):
    results: list[BatchItemResult]
    graded: int
    failed: int
