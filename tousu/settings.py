"""tousu's settings, read once from ``TOUSU_*`` environment variables or a ``.env`` file.

One :class:`Settings` object is built at the entry point (``tousu`` command, service,
MLflow model) and passed down; nothing else reads the environment. It says where the
data directory, the store, the bundle, the policy and the MLflow tracking store are.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipeline.policy import Policy, load_policy

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
    """Everything tousu reads from its environment; validated once at start."""

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
    mlflow_tracking_uri: str | None = Field(
        default=None, validation_alias=AliasChoices("TOUSU_TRACKING_URI", "MLFLOW_TRACKING_URI"),
        description="MLflow tracking and registry store; default: a SQLite file in the data directory")
    secret_key: str = Field(default=DEFAULT_SECRET, min_length=16,
                            description="pepper of the API-key hashes; rotate = re-issue keys")
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    max_batch: int = Field(default=100, ge=1, le=1000)
    db_pool_size: int = Field(default=8, ge=1)
    # grading is bound by the GIL: a second thread adds no throughput on two cores and doubles
    # the wait of everything else in the worker (benchmarks/bench_health.py)
    grading_threads: int = Field(default=1, ge=1, le=64,
                                 description="threads per worker that grade classify requests, off the event loop")
    # a batch graded in the worker's own threads holds its GIL: health checks waited up to
    # 20 ms behind four large batches; in a child process they wait 4 ms (bench_health.py)
    grading_processes: int = Field(default=1, ge=0, le=64,
                                   description="batch grading in this many child processes per worker, each with "
                                               "its own model copy (0: in the grading threads)")
    grading_queue: int = Field(default=32, ge=0, le=10_000,
                               description="classify requests a worker lets wait for a grading thread; more: 503")
    rate_limit_per_minute: int = Field(default=1200, ge=1,
                                       description="requests one API key may make per minute and worker; more: 429")
    worker_threads: int = Field(default=4, ge=1, le=200,
                                description="threads per worker for database-bound routes")
    key_cache_seconds: float = Field(default=5.0, ge=0,
                                     description="how long a worker trusts a key lookup (revocation delay)")
    # the process that runs the clocks and delivers notifications (`tousu worker`)
    worker_poll_seconds: float = Field(default=15.0, gt=0, le=3600,
                                       description="how often the worker sweeps clocks and the outbox")
    delivery_lease_seconds: float = Field(default=120.0, gt=0, le=3600,
                                          description="a claimed notification another worker may retry after this")
    public_url: str = Field(default="http://127.0.0.1:8000",
                            description="the service's address as complainants reach it (links in messages)")
    public_rate_limit_per_minute: int = Field(default=20, ge=1,
                                              description="tries per minute and client on the complainant's pages")
    smtp_url: str | None = Field(default=None, description="e-mail: smtp://[user:password@]host:port[?starttls=1]"
                                                           " or smtps://…; unset: no e-mail")
    smtp_from: str = Field(default="tousu@localhost", description="the sender of tousu's e-mail")
    webhook_url: str | None = Field(default=None, description="SMS gateways and other systems: a POST per message")
    webhook_secret: str | None = Field(default=None, min_length=16,
                                       description="HMAC-SHA256 key of the webhook's X-Tousu-Signature")

    @model_validator(mode="after")
    def _no_default_secret_outside_dev(self) -> Settings:
        if self.env is Environment.prod and self.secret_key == DEFAULT_SECRET:
            raise ValueError(
                "TOUSU_SECRET_KEY is the built-in development value; set a secret of your own "
                "(at least 16 characters, e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`) "
                "or run with TOUSU_ENV=dev")
        return self

    @model_validator(mode="after")
    def _webhook_signed(self) -> Settings:
        if self.webhook_url and not self.webhook_secret:
            raise ValueError("TOUSU_WEBHOOK_URL is set without TOUSU_WEBHOOK_SECRET: every webhook is signed; "
                             "set a secret of at least 16 characters")
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
    def tracking_uri(self) -> str:
        """The MLflow tracking and registry store: the configured one, else DATA_DIR/mlflow.db."""
        if self.mlflow_tracking_uri:
            return self.mlflow_tracking_uri
        return f"sqlite:///{(self.data_dir / 'mlflow.db').resolve()}"

    @property
    def artifact_root(self) -> Path:
        """Where the embedded tracking store keeps run artifacts (bundles, plots)."""
        return (self.data_dir / "mlartifacts").resolve()

    @property
    def registry_to_follow(self) -> str | None:
        """The tracking store a service asks for its champion, or None when there is none.

        A service never creates an embedded store by asking: with no configured store and no
        DATA_DIR/mlflow.db, there is no registry (unless the registry is required).
        """
        if self.mlflow_tracking_uri or self.model_source is ModelSource.registry:
            return self.tracking_uri
        return self.tracking_uri if (self.data_dir / "mlflow.db").is_file() else None

    @property
    def policy_path(self) -> str | None:
        return str(self.policy) if self.policy else None

    def load_policy(self) -> Policy:
        """Returns the policy these settings name (the shipped one by default), validated."""
        return load_policy(self.policy_path)


@lru_cache
def get_settings() -> Settings:
    """Returns the process's settings, built once (tests build their own ``Settings``)."""
    return Settings()
