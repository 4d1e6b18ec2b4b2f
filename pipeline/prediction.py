"""What a model says about one complaint: the input of the policy layer.

Defined here, not in ``models``, so the policy layer depends on data, never on a model.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.cues import Cues


@dataclass(frozen=True, slots=True)
class Precedent:
    """A confirmed complaint like this one: its id, how alike the two texts are (cosine of
    their character n-grams, 0–1) and the level a person gave it."""

    id: str
    similarity: float
    level: int


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the model says about one complaint, before the policy layer.

    ``level`` is the model's own pick; ``level_scores`` holds its calibrated probability
    for every level, so the policy can judge a level that a rule applied instead.
    """

    category: str
    category_proba: float
    category_scores: dict[str, float]
    level: int
    level_proba: float
    level_scores: dict[int, float]
    cues: Cues
    evidence: float
    bundle_id: str
    # the bundle's precedents most like this complaint, most alike first (none when the bundle
    # carries no precedents: see models.precedents)
    precedents: tuple[Precedent, ...] = ()
