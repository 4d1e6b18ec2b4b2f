"""Checks on retraining data: duplicates, conflicting labels, label distribution,
train/evaluation overlap, and labels that contradict the regulation's cue floors.

Each check returns what it found (ids and counts, never texts: they are complaints)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.cues import CueExtractor, load_lexicon
from pipeline.errors import InvalidTextError
from pipeline.mask import mask_pii
from pipeline.normalise import normalise
from pipeline.policy import Policy
from pipeline.policy.decide import cue_floor


def text_key(text: str) -> str:
    """The identity of a text for duplicate checks: normalised, masked, without spaces."""
    try:
        masked = mask_pii(normalise(text))[0]
    except InvalidTextError:
        masked = text
    return "".join(masked.split())


def _label(record: dict[str, Any]) -> tuple[str, int]:
    return record["category"], int(record["severity"])


def dedupe(records: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Keeps one record per text: the later one in ``records`` (newer human labels last)."""
    kept: dict[str, dict[str, Any]] = {}
    duplicates, conflicts = 0, []
    for record in records:
        key = text_key(record["text"])
        if key in kept:
            duplicates += 1
            if _label(kept[key]) != _label(record):
                conflicts.append({"kept": record.get("id", record.get("line")),
                                  "dropped": kept[key].get("id", kept[key].get("line")),
                                  "kept_label": list(_label(record)), "dropped_label": list(_label(kept[key]))})
        kept[key] = record
    return list(kept.values()), {"duplicates": duplicates, "conflicting_labels": len(conflicts),
                                 "conflicts": conflicts[:50]}


def drop_overlap(train: Sequence[dict[str, Any]], evaluation: Sequence[dict[str, Any]]
                 ) -> tuple[list[dict[str, Any]], int]:
    """Removes from ``train`` every text that is also in the evaluation set."""
    held = {text_key(r["text"]) for r in evaluation}
    kept = [r for r in train if text_key(r["text"]) not in held]
    return kept, len(train) - len(kept)


def distribution(records: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    return {"category": dict(sorted(Counter(r["category"] for r in records).items())),
            "severity": dict(sorted(Counter(str(r["severity"]) for r in records).items()))}


def unseen_classes(train: Sequence[dict[str, Any]], evaluation: Sequence[dict[str, Any]]) -> dict[str, list[str]]:
    """Classes the evaluation set has and the training data lacks."""
    return {field: sorted({str(r[field]) for r in evaluation} - {str(r[field]) for r in train})
            for field in ("category", "severity")}


def below_cue_floor(records: Sequence[dict[str, Any]], policy: Policy, *, lexicon: Path) -> list[dict[str, Any]]:
    """Labels below the level the policy's cue rules require: worth a second look.

    ``lexicon`` is the cue lexicon the model being trained reads (it travels in its bundle).
    """
    extractor = CueExtractor(load_lexicon(lexicon))
    found = []
    for record in records:
        try:
            text = mask_pii(normalise(record["text"]))[0]
        except InvalidTextError:
            continue
        floor, rules = cue_floor(extractor(text), record["category"], policy)
        if int(record["severity"]) < floor:
            found.append({"id": record.get("id", record.get("line")), "level": int(record["severity"]),
                          "floor": floor, "rules": list(rules)})
    return found
