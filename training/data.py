"""Reads labelled complaints from JSONL or CSV, validating every line.

A bad line never stops a read: it is reported with its line number and a stable code,
and every good line is kept. The caller decides whether problems are fatal.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.cues import IMPACTS
from pipeline.errors import TousuError

REQUIRED_COLUMNS = ("text", "category", "severity")
OPTIONAL_LABELS: dict[str, tuple[object, ...]] = {
    "emotion": (0, 1, 2),
    "escalation": (0, 1),
    "compensation": (0, 1),
    "impact": IMPACTS,
}
SEVERITIES = (1, 2, 3)


class DataError(TousuError, ValueError):
    """A data file cannot be used (missing, unreadable, a required column absent)."""

    code = "data_invalid"


@dataclass(frozen=True, slots=True)
class LineProblem:
    """One bad line: where it is, a stable code and what is wrong."""

    line: int
    code: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": {"line": self.line}}


@dataclass
class Dataset:
    """Good records (dicts with ``text`` and labels), problems, and the file's hash."""

    records: list[dict[str, Any]] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)
    sha256: str = ""


def iter_rows(path: Path) -> Iterator[tuple[int, dict[str, Any] | LineProblem]]:
    """Yields (line number, row dict or problem) of a JSONL or CSV file."""
    raw = _read_bytes(path)
    if path.suffix.lower() == ".csv":
        yield from _csv_rows(raw)
    else:
        yield from _jsonl_rows(raw)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataError(f"Cannot read {path}: {exc.strerror or exc}", details={"path": str(path)}) from None


def _jsonl_rows(raw: bytes) -> Iterator[tuple[int, dict[str, Any] | LineProblem]]:
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield number, LineProblem(number, "invalid_utf8", f"not valid UTF-8 at byte {exc.start}")
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            yield number, LineProblem(number, "malformed_line", f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(row, dict):
            yield number, LineProblem(number, "malformed_line", f"expected a JSON object, got {type(row).__name__}")
            continue
        yield number, row


def _csv_rows(raw: bytes) -> Iterator[tuple[int, dict[str, Any] | LineProblem]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"CSV file is not valid UTF-8 (byte {exc.start}); save it as UTF-8.") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    for row in reader:
        number = reader.line_num
        if None in row:
            yield number, LineProblem(number, "malformed_line", "more fields than the header names")
            continue
        yield number, dict(row)


def read_texts(path: Path) -> list[str]:
    """The texts of a file: the string ``text`` of each JSONL or CSV row (other rows are skipped),
    or, for any other suffix, one text a non-empty line."""
    if path.suffix.lower() in (".jsonl", ".csv"):
        return [row["text"] for _, row in iter_rows(path) if isinstance(row, dict) and isinstance(row.get("text"), str)]
    try:
        return [line.strip() for line in _read_bytes(path).decode("utf-8").splitlines() if line.strip()]
    except UnicodeDecodeError as exc:
        raise DataError(f"{path} is not valid UTF-8 (byte {exc.start}); save it as UTF-8.") from None


def file_sha256(path: Path) -> str:
    """Returns the SHA-256 of a file's bytes (the training data snapshot hash)."""
    return hashlib.sha256(_read_bytes(path)).hexdigest()


def load_labelled(path: Path) -> Dataset:
    """Reads and validates a training or evaluation file.

    Raises ``DataError`` when the file cannot be read or a required column is absent
    from the whole file; a bad line becomes a :class:`LineProblem` and is skipped.
    """
    data = Dataset(sha256=file_sha256(path))
    seen_columns: set[str] = set()
    for number, row in iter_rows(path):
        if isinstance(row, LineProblem):
            data.problems.append(row)
            continue
        seen_columns.update(row)
        record, problem = _validate(number, row)
        if problem:
            data.problems.append(problem)
        else:
            data.records.append(record)
    missing = [c for c in REQUIRED_COLUMNS if c not in seen_columns]
    if missing:
        raise DataError(
            f"{path}: missing column(s) {missing}; a training file needs {list(REQUIRED_COLUMNS)} "
            f"(optional: {list(OPTIONAL_LABELS)}). Found: {sorted(seen_columns)}",
            details={"missing": missing, "found": sorted(seen_columns)},
        )
    return data


def _validate(number: int, row: dict[str, Any]) -> tuple[dict[str, Any], LineProblem | None]:
    for column in REQUIRED_COLUMNS:
        if row.get(column) in (None, ""):
            return {}, LineProblem(number, "missing_column", f"column {column!r} is missing or empty")
    text = row["text"]
    if not isinstance(text, str):
        return {}, LineProblem(number, "malformed_line", f"text must be a string, got {type(text).__name__}")
    record: dict[str, Any] = {"line": number, "text": text, "category": str(row["category"]).strip()}
    if "id" in row:
        record["id"] = str(row["id"])
    try:
        severity = int(str(row["severity"]).strip())
    except ValueError:
        severity = None
    if severity not in SEVERITIES:
        return {}, LineProblem(number, "unknown_label",
                               f"severity must be one of {list(SEVERITIES)}, got {row['severity']!r}")
    record["severity"] = severity
    for column, allowed in OPTIONAL_LABELS.items():
        value = row.get(column)
        if value in (None, ""):
            continue
        if isinstance(allowed[0], int):
            with contextlib.suppress(ValueError):  # left as it is: reported as not allowed below
                value = int(str(value).strip())
        if value not in allowed:
            return {}, LineProblem(number, "unknown_label",
                                   f"{column} must be one of {list(allowed)}, got {row[column]!r}")
        record[column] = value
    return record, None


def read_labels(path: Path) -> list[dict[str, Any]]:
    """Returns the agents' labels a store export wrote (``.jsonl`` or ``.parquet``), by review time."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        records = pq.read_table(path).to_pylist()
    else:
        records = []
        for number, row in iter_rows(path):
            if isinstance(row, LineProblem):
                raise DataError(f"{path}:{number}: {row.message}")
            records.append(row)
    missing = [c for c in ("id", "text", "category", "severity", "reviewed_at") if records and c not in records[0]]
    if missing:
        raise DataError(f"{path} is not a labels export (`tousu export labels`): missing {missing}.")
    return sorted(records, key=lambda r: (r["reviewed_at"], r["id"]))
