"""Locates the licensed shared data (never copied into this repository); prints a benchmark's report."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COCC = Path(os.environ.get("TOUSU_COCC_DIR", ROOT.parent / "shared" / "data" / "cocc"))


def cocc_train_or_exit() -> Path:
    """Returns the shared COCC training file, or exits 0 with a clear message when absent."""
    path = COCC / "train.jsonl"
    if not path.is_file():
        print(f"SKIP: {path} is absent. The COCC corpus is licensed for research use only and is "
              "never copied into this repository; put it at ../shared/data/cocc/ (or set "
              "TOUSU_COCC_DIR) to run this benchmark.")
        sys.exit(0)
    return path


def publish(report: dict[str, Any], json_path: Path | None, *, echo: bool = True) -> None:
    """Dates the report, prints it as JSON (unless ``echo`` is false) and writes it to ``json_path`` when given."""
    report["measured"] = dt.date.today().isoformat()
    text = json.dumps(report, ensure_ascii=False, indent=2)
    if echo:
        print(text)
    if json_path is not None:
        json_path.write_text(text, encoding="utf-8")


@contextmanager
def throwaway_postgres(server_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database on the server of ``server_url``, migrated, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from serving.database.migrate import upgrade

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"tousu_bench_{secrets.token_hex(4)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def lexicon_at(rev: str, out: Path) -> Path:
    """Writes the cue lexicon of git commit ``rev`` to ``out`` and returns it; raises
    ``subprocess.CalledProcessError`` where the commit or the file is not there."""
    text = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:pipeline/resources/cues.yaml"],
                          capture_output=True, check=True).stdout
    out.write_bytes(text)
    return out
