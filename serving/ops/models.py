from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    ready: bool
    checks: dict[str, str]
    warnings: list[str] = Field(default_factory=list, description="ready, but someone should act (a calendar)")


class ModelInfo(BaseModel):
    """Which model and policy answer now."""

    model_version: str = Field(description="the bundle id")
    model_source: str = Field(description="registry (the MLflow champion) or path")
    registry_version: str | None = Field(description="the registered version, when from the registry")
    model_format: int
    trained_at: str | None
    data_sha256: str | None
    categories: list[str]
    policy_version: str
    started_at: dt.datetime
