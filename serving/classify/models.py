"""Schemas of the classify routes. A grade's own shape is the pipeline's (``pipeline.decision``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pipeline.decision import Classification
from pipeline.normalise import MAX_TEXT_CHARS


class ClassifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(description=f"the complaint text, up to {MAX_TEXT_CHARS} characters",
                      json_schema_extra={"minLength": 1, "maxLength": MAX_TEXT_CHARS})
    received_at: dt.datetime | None = Field(
        default=None, description="when the complaint was received (default: now; no zone = the policy's)")


class ItemError(BaseModel):
    """Why one item of a batch was not graded."""

    code: str
    message: str
    details: dict[str, Any] | list[Any] | None = None


class BatchItemResult(BaseModel):
    index: int
    result: Classification | None = None
    error: ItemError | None = Field(default=None, description="{code, message, details} for this item")


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
