"""The decision types: what the policy decided about one complaint, and why.

One typed model, owned by the pipeline and serialised by pydantic, is what every part
reads and writes: ``decide()`` returns it, the store keeps its JSON, the API answers with
it (``response_model``), replay and evaluation read it back. Nobody writes its shape by
hand.

- :class:`PolicyDecision`: the grade in force, its route, deadlines and review flag.
- :class:`Suggestion`: the policy's decision on the model's prediction, with the scores
  and cues it came from (what intake stores for an agent to confirm).
- :class:`Classification`: a suggestion with the masked text and the time it took (what
  ``tousu classify`` and ``POST /v1/classify`` answer).

The grade is called **level** everywhere (docs/glossary.md). Decisions stored before
that name was settled say ``severity``; they are read through validation aliases.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AliasChoices,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
)

from pipeline.cues import Cues
from pipeline.prediction import Precedent

#: A grade of the regulation: 1 轻微, 2 中度, 3 严重.
Level = Annotated[int, Field(ge=1, le=3)]
#: A probability; written with four decimals.
Probability = Annotated[float, Field(ge=0.0, le=1.0), PlainSerializer(lambda v: round(v, 4), return_type=float)]


class DeadlineKind(StrEnum):
    respond = "respond"
    plan = "plan"
    resolve = "resolve"
    department_assist = "department_assist"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class FiredRule(_Frozen):
    """A rule that applied: its id, the regulation's reason and what it did."""

    id: str
    reason: str
    effect: str


class Deadline(_Frozen):
    """When one kind of deadline falls due."""

    kind: DeadlineKind
    due: AwareDatetime
    provisional: bool = Field(description="true when the calendar of that year is not yet official")


def _old(name: str, old: str) -> Any:
    """A field read under its name or the name stored before the glossary settled it."""
    return AliasChoices(name, old)


class PolicyDecision(_Frozen):
    """The policy's grade, route and deadlines for one complaint."""

    category: str
    coarse_class: str
    category_proba: Probability
    level: Level = Field(validation_alias=_old("level", "severity"),
                         description="the level applied: 1 轻微, 2 中度, 3 严重")
    level_name: str
    model_level: Level = Field(validation_alias=_old("model_level", "model_severity"),
                               description="the level the model picked")
    level_proba: Probability = Field(validation_alias=_old("level_proba", "severity_proba"),
                                     description="the model's probability for the level it picked")
    rules: tuple[FiredRule, ...]
    lead_department: str
    cc_departments: tuple[str, ...]
    notify_leadership: bool
    received_at: AwareDatetime
    clock_starts: dt.date
    deadlines: dict[DeadlineKind, Deadline] = Field(description="respond, plan, resolve, department_assist")
    survey_after_result_working_days: int = Field(ge=0)
    needs_review: bool
    review_reasons: tuple[str, ...]
    policy_version: str

    @property
    def calendar_provisional(self) -> bool:
        """Whether any deadline lies in a year whose official calendar is not known yet."""
        return any(d.provisional for d in self.deadlines.values())

    def deadline(self, kind: DeadlineKind | str) -> dt.datetime | None:
        """Returns the due time of a deadline kind, or None when the level has none."""
        found = self.deadlines.get(DeadlineKind(kind))
        return found.due if found else None

    def decision(self) -> PolicyDecision:
        """Returns the decision alone (a suggestion's scores and cues left out)."""
        if type(self) is PolicyDecision:
            return self
        return PolicyDecision.model_construct(**{k: getattr(self, k) for k in PolicyDecision.model_fields})


class Suggestion(PolicyDecision):
    """The policy's decision on a model's prediction, with the scores and cues behind it."""

    category_scores: dict[str, Probability]
    level_scores: dict[Level, Probability] = Field(
        default_factory=dict, validation_alias=_old("level_scores", "severity_scores"),
        description="the model's probability for every level (empty in suggestions stored before they were kept)")
    evidence: Probability
    cues: Cues
    model_version: str
    precedents: tuple[Precedent, ...] = Field(
        default=(), description="the confirmed complaints most like this one, most alike first (a bundle's "
                                "precedents: id, similarity 0–1, the level a person gave); empty without any")


class Classification(Suggestion):
    """A suggestion with the masked text it was made from and the time it took."""

    text_masked: str = Field(description="the text after normalising and masking personal data")
    timing_ms: float = Field(description="grading time per text, in milliseconds")


__all__ = ["Classification", "Deadline", "DeadlineKind", "FiredRule", "Level", "PolicyDecision", "Probability",
           "Suggestion"]
