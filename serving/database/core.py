"""Engine, sessions and the column types the tables share.

SQLite (the embedded default) runs in WAL mode with a busy timeout so two worker
processes can write one file; a committed transaction survives the crash of the process
that wrote it. PostgreSQL is the production store.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, DateTime, Engine, create_engine, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

UTC = dt.UTC


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime stored in UTC on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    pass


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across process crashes
    cur.execute("PRAGMA busy_timeout=15000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


class FileWriteGate:
    """Serialises SQLite writes across the threads and worker processes of one service.

    SQLite admits one writer at a time; a writer that finds the file locked sleeps in
    growing steps (its busy handler), which under load turns into second-long tails. A
    blocking ``flock`` on a lock file beside the database wakes the next writer as soon
    as the previous one commits. Other programs writing the file still meet the busy
    timeout, so correctness never depends on the gate.
    """

    def __init__(self, lock_path: Path) -> None:
        self.lock_path = lock_path
        self._thread_lock = threading.RLock()  # re-entrant: a transaction holding it may commit through it
        self._depth = 0
        self._fd: int | None = None

    @contextmanager
    def __call__(self) -> Iterator[None]:
        with self._thread_lock:
            if self._fd is None:
                self._fd = os.open(self.lock_path, os.O_CREAT | os.O_RDWR, 0o600)
            if self._depth == 0:
                fcntl.flock(self._fd, fcntl.LOCK_EX)
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)


_GATES: weakref.WeakKeyDictionary[Engine, FileWriteGate] = weakref.WeakKeyDictionary()


def write_gate(session: Session) -> AbstractContextManager[None]:
    """Returns the context to hold while a session commits writes (a no-op on PostgreSQL)."""
    bind = session.get_bind()
    gate = _GATES.get(bind) if isinstance(bind, Engine) else None
    return gate() if gate is not None else nullcontext()


_HELD = "tousu.write_gate"


def hold_write_gate(session: Session) -> None:
    """Takes the write gate for the rest of this session's transaction (released when it
    commits or rolls back). A transaction that will write calls this before its first write:
    a writer that held SQLite's lock while waiting for the gate, behind a gate holder
    waiting for SQLite's lock, would stall both for the busy timeout (15 s)."""
    if _HELD in session.info:
        return
    gate = write_gate(session)
    if isinstance(gate, nullcontext):
        return
    session.connection()  # the transaction begins first: its end is what releases the gate
    gate.__enter__()
    session.info[_HELD] = gate


@event.listens_for(Session, "after_transaction_end")
def _release_write_gate(session: Session, transaction: Any) -> None:
    if transaction.parent is None and _HELD in session.info:
        session.info.pop(_HELD).__exit__(None, None, None)


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    """Returns an engine for ``url`` with the store's connection settings applied."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15}, hide_parameters=True,
                               pool_size=pool_size, max_overflow=10)
        event.listen(engine, "connect", _sqlite_pragmas)
        database = engine.url.database
        if database and database != ":memory:":
            _GATES[engine] = FileWriteGate(Path(database).with_name(Path(database).name + ".writelock"))
        return engine
    # hide_parameters: a database error never carries the values (complainants' details) into a log
    return create_engine(url, pool_size=pool_size, max_overflow=10, pool_recycle=1800, hide_parameters=True)


def make_sessionmaker(engine: Engine) -> sessionmaker[Any]:
    return sessionmaker(engine, expire_on_commit=False)


def now() -> dt.datetime:
    return dt.datetime.now(UTC)
