"""Replay: re-decide stored decisions under another policy and count what would change.

Reads the JSONL that ``tousu classify --output`` writes (or bare decision objects, one a
line). Each decision carries what ``decide()`` needs: the model's category, level and
confidences, the evidence, the cues and the receipt time, so no model is needed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.cues import Cues
from pipeline.errors import TousuError
from pipeline.policy.decide import decide
from pipeline.policy.schema import Policy
from pipeline.prediction import Prediction


def redecide(stored: dict[str, Any], policy: Policy) -> dict[str, Any]:
    """Returns the decision ``policy`` would make for a stored decision."""
    cues = Cues.from_dict(stored["cues"])
    prediction = Prediction(
        category=stored["category"], category_proba=float(stored["category_proba"]), category_scores={},
        severity=int(stored["model_severity"]), severity_proba=float(stored["severity_proba"]),
        severity_scores={int(k): float(v) for k, v in stored.get("severity_scores", {}).items()},
        cues=cues, evidence=float(stored.get("evidence", 1.0)),
        bundle_id=str(stored.get("model_version", "")),
    )
    received = dt.datetime.fromisoformat(stored["received_at"])
    return decide(prediction, cues, policy, received).to_dict()


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
            stored = row.get("decision", row) if isinstance(row, dict) else None
            if not isinstance(stored, dict) or "cues" not in stored:
                if isinstance(row, dict) and "error" in row:
                    continue  # a line that was never graded has nothing to replay
                raise KeyError("cues")
            new = redecide(stored, policy)
        except (ValueError, KeyError, TypeError) as exc:
            problems.append({"line": number, "code": "malformed_line", "message": f"cannot replay: {exc!r}"})
            continue
        except TousuError as exc:
            problems.append({"line": number, "code": exc.code, "message": exc.message})
            continue
        n += 1
        moves[f"{stored['severity']}->{new['severity']}"] += 1
        level_changed += int(stored["severity"]) != new["severity"]
        if stored["lead_department"] != new["lead_department"]:
            lead_changes[f"{stored['lead_department']}->{new['lead_department']}"] += 1
        if stored.get("needs_review") != new["needs_review"]:
            review_changes[f"{stored.get('needs_review')}->{new['needs_review']}"] += 1
        old_due = stored.get("deadlines", {}).get("resolve", {}).get("due")
        new_due = new["deadlines"]["resolve"]["due"]
        if old_due != new_due:
            deadline_changed += 1
            if old_due:
                delta = dt.datetime.fromisoformat(new_due) - dt.datetime.fromisoformat(old_due)
                shifts.append(delta.total_seconds() / 3600)
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
