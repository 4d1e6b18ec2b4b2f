"""Service settings, read from ``TOUSU_*`` environment variables or a ``.env`` file."""

from __future__ import annotations

import os
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "change-me-dev-only"


class Environment(StrEnum):
    dev = "dev"
    test = "test"
    prod = "prod"


class ModelSource(StrEnum):
    auto = "auto"
    registry = "registry"
    path = "path"


class Settings(BaseSettings):
    """Everything the service reads from its environment; validated once at start."""

    model_config = SettingsConfigDict(env_prefix="TOUSU_", env_file=".env", extra="ignore")

    env: Environment = Environment.dev
    data_dir: Path = Path("var")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: a SQLite file in the data directory")
    model_dir: Path | None = Field(default=None, description="bundle; default: DATA_DIR/models/default")
    model_source: ModelSource = Field(
        default=ModelSource.auto,
        description="registry: the MLflow champion; path: MODEL_DIR; auto: the champion when one is registered")
    quantize: bool = Field(default=False, description="int8-quantise a transformer bundle's linear layers on load")
    model_poll_seconds: float = Field(default=30.0, gt=0, description="how often a worker asks for a new champion")
    policy: Path | None = Field(default=None, description="policy file; default: the shipped one")
    secret_key: str = Field(default=DEFAULT_SECRET, min_length=16,
                            description="pepper of the API-key hashes; rotate = re-issue keys")
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    max_batch: int = Field(default=100, ge=1, le=1000)
    db_pool_size: int = Field(default=8, ge=1)
    worker_threads: int = Field(default=4, ge=1, le=200,
                                description="threads per worker for database-bound routes")
    key_cache_seconds: float = Field(default=5.0, ge=0,
                                     description="how long a worker trusts a key lookup (revocation delay)")

    @model_validator(mode="after")
    def _no_default_secret_outside_dev(self) -> Settings:
        if self.env is Environment.prod and self.secret_key == DEFAULT_SECRET:
            raise ValueError(
                "TOUSU_SECRET_KEY is the built-in development value; set a secret of your own "
                "(at least 16 characters, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`) "
                "or run with TOUSU_ENV=dev")
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'tousu.db').resolve()}"

    @property
    def resolved_model_dir(self) -> Path:
        return self.model_dir or self.data_dir / "models" / "default"

    @property
    def tracking_uri(self) -> str | None:
        """The MLflow store the registry lives in, or None when there is none to ask."""
        uri = os.environ.get("MLFLOW_TRACKING_URI")
        if uri:
            return uri
        local = self.data_dir / "mlflow.db"
        if local.is_file() or self.model_source is ModelSource.registry:
            return f"sqlite:///{local.resolve()}"
        return None


@lru_cache
def get_settings() -> Settings:
    """Returns the process's settings (cached; tests build their own ``Settings``)."""
    return Settings()
