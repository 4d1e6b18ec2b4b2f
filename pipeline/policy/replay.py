"""Replay: re-decide stored decisions under another policy and count what would change.

Reads the JSONL that ``tousu classify --output`` writes (or bare suggestion objects, one a
line). Each suggestion carries what ``decide()`` needs: the model's category, level and
confidences, the evidence, the cues and the receipt time, so no model is needed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.decision import PolicyDecision, Suggestion
from pipeline.errors import TousuError
from pipeline.policy.decide import decide
from pipeline.policy.schema import Policy
from pipeline.prediction import Prediction


def prediction_of(stored: Suggestion) -> Prediction:
    """Returns the prediction a stored suggestion was decided from."""
    return Prediction(
        category=stored.category, category_proba=stored.category_proba, category_scores=dict(stored.category_scores),
        level=stored.model_level, level_proba=stored.level_proba, level_scores=dict(stored.level_scores),
        cues=stored.cues, evidence=stored.evidence, bundle_id=stored.model_version,
        precedents=tuple(stored.precedents),
    )


def redecide(stored: Suggestion, policy: Policy) -> PolicyDecision:
    """Returns the decision ``policy`` would make for a stored suggestion."""
    prediction = prediction_of(stored)
    return decide(prediction, prediction.cues, policy, stored.received_at)


def replay(path: Path, policy: Policy) -> dict[str, Any]:
    """Returns counts of level moves, route and deadline changes, and unreadable lines."""
    moves: Counter[str] = Counter()
    lead_changes: Counter[str] = Counter()
    review_changes: Counter[str] = Counter()
    deadline_changed = level_changed = 0
    shifts: list[float] = []
    problems: list[dict[str, Any]] = []
    n = 0
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TousuError(f"Cannot read decisions file {path}: {exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if isinstance(row, dict) and "error" in row and "decision" not in row:
                continue  # a line that was never graded has nothing to replay
            stored = Suggestion.model_validate(row.get("decision", row) if isinstance(row, dict) else row)
            new = redecide(stored, policy)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(line)"
            problems.append({"line": number, "code": "malformed_line",
                             "message": f"cannot replay: {where}: {first['msg']}"})
            continue
        except ValueError as exc:
            problems.append({"line": number, "code": "malformed_line", "message": f"cannot replay: {exc}"})
            continue
        except TousuError as exc:
            problems.append({"line": number, "code": exc.code, "message": exc.message})
            continue
        n += 1
        moves[f"{stored.level}->{new.level}"] += 1
        level_changed += stored.level != new.level
        if stored.lead_department != new.lead_department:
            lead_changes[f"{stored.lead_department}->{new.lead_department}"] += 1
        if stored.needs_review != new.needs_review:
            review_changes[f"{stored.needs_review}->{new.needs_review}"] += 1
        old_due, new_due = stored.deadline("resolve"), new.deadline("resolve")
        if old_due != new_due:
            deadline_changed += 1
            if old_due and new_due:
                shifts.append((new_due - old_due).total_seconds() / 3600)
    return {
        "policy_version": policy.version,
        "n": n,
        "level_changed": level_changed,
        "level_moves": dict(sorted(moves.items())),
        "lead_changed": sum(lead_changes.values()),
        "lead_moves": dict(lead_changes.most_common()),
        "resolve_deadline_changed": deadline_changed,
        "resolve_deadline_shift_hours": {
            "min": round(min(shifts), 1), "max": round(max(shifts), 1),
            "mean": round(sum(shifts) / len(shifts), 1)} if shifts else None,
        "needs_review_changes": dict(review_changes),
        "problems": problems,
    }
