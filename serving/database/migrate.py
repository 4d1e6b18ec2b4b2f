"""Runs the store's Alembic migrations (``tousu db upgrade``; ``tousu serve`` does it first)."""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Brings the database at ``url`` to ``revision`` (creating a SQLite file, private, first)."""
    if url.startswith("sqlite:///"):
        private_sqlite_file(Path(url.removeprefix("sqlite:///")))
    command.upgrade(alembic_config(url), revision)


def private_sqlite_file(path: Path) -> None:
    """Creates the store's file readable by its owner only (0600, its folder 0700 when new).

    SQLite gives its -wal and -shm files the database file's permissions, so they follow.
    """
    if str(path) in ("", ":memory:"):
        return
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    if path.exists():
        path.chmod(0o600)
    else:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
