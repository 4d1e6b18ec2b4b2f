"""The policy file's schema: strict, frozen pydantic models with cross-field checks.

Unknown keys, a category without a route, a level without a deadline, a threshold
outside [0, 1], an unknown department or a deadline that would give a higher level more
time all stop loading with a :class:`~pipeline.errors.PolicyError` naming the field.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

from pipeline.cues import ESCALATION_KINDS, IMPACTS
from pipeline.errors import PolicyError
from pipeline.policy.calendar import CalendarSpec, WorkCalendar

Level = Literal[1, 2, 3]
LEVELS: tuple[int, ...] = (1, 2, 3)
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LevelSpec(_Strict):
    name: str = Field(min_length=1)
    handled_by: str = Field(min_length=1)  # a department, or "responsible_department"
    notify_leadership: bool


class Route(_Strict):
    lead: str
    cc: tuple[str, ...] = ()


class Thresholds(_Strict):
    category_min_confidence: float = Field(ge=0.0, le=1.0)
    # policy files written before the glossary settled on "level" say severity_min_confidence
    level_min_confidence: float = Field(ge=0.0, le=1.0,
                                        validation_alias=AliasChoices("level_min_confidence",
                                                                      "severity_min_confidence"))
    min_evidence: float = Field(ge=0.0, le=1.0)
    # the level-3 risk band: a grade below 3 whose P(level 3) reaches level3_watch is flagged
    # possible_level_3 (reviewed first, nobody alerted); the model alone alerts the leadership
    # group only from level3_alert up. Left out, neither applies.
    level3_watch: float | None = Field(default=None, ge=0.0, le=1.0)
    level3_alert: float | None = Field(default=None, ge=0.0, le=1.0)
    # a rule that alerts `with_model` (an outage: ambiguous words) alerts from this P(level 3)
    # up; flagging for review and alerting the leadership group cost differently. Left out:
    # level3_watch
    level3_corroborate: float | None = Field(default=None, ge=0.0, le=1.0)
    # a grade below 3 whose precedents (the nearest confirmed complaints a bundle carries) are
    # level 3 by at least this similarity-weighted share is flagged possible_level_3 too (reviewed
    # first, nobody alerted). Left out: precedents are shown, never acted on
    precedent_level3_share: float | None = Field(default=None, gt=0.0, le=1.0)
    # a `with_model` rule (an outage) alerts only when the precedents, where a bundle carries
    # them, are level 3 by at least this share too; below it the grade stays 3, flagged
    # precedents_disagree, and a person confirms before anyone is alerted. Left out: not weighed
    precedent_alert_share: float | None = Field(default=None, gt=0.0, le=1.0)

    @model_validator(mode="after")
    def _watch_below_alert(self) -> Thresholds:
        if self.level3_watch is not None and self.level3_alert is not None and self.level3_watch > self.level3_alert:
            raise ValueError("level3_watch must not be above level3_alert")
        return self


class Costs(_Strict):
    """What one outcome costs, in any one unit: what `tousu calibrate` weighs thresholds by."""

    missed_level_3: float = Field(gt=0, description="a level-3 complaint neither graded 3 nor flagged")
    false_alarm: float = Field(ge=0, description="the leadership group alerted for a complaint below level 3")
    review: float = Field(ge=0, description="one complaint an agent has to review")
    wrong_grade: float = Field(ge=0, description="a wrong level or category applied without review")
    review_budget: float | None = Field(default=None, gt=0, le=1,
                                        description="the largest share of complaints agents can review")


class Condition(_Strict):
    """Conditions of a rule; all that are given must hold."""

    escalation_kind: tuple[Literal["regulator", "media", "legal", "appeal"], ...] | None = None
    impact: tuple[Literal["minor", "degraded", "interrupted", "security", "data_loss"], ...] | None = None
    emotion_at_least: int | None = Field(default=None, ge=1, le=2)
    compensation: bool | None = None
    compensation_amount_at_least: float | None = Field(default=None, gt=0)
    apology: bool | None = None
    public_apology: bool | None = None
    high_compensation: bool | None = None
    area_wide: bool | None = None
    security_incident: bool | None = None
    service_unreachable: bool | None = None
    slow_network: bool | None = None
    fixed_line: bool | None = None
    app: bool | None = None
    repetition: bool | None = None
    category: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Condition:
        if all(v is None for v in self.__dict__.values()):
            raise ValueError("a rule needs at least one condition")
        return self


class Rule(_Strict):
    id: str = Field(pattern=r"^[A-Z][A-Z0-9-]*$")
    when: Condition
    min_level: Level | None = None
    max_level: Level | None = None
    cc: tuple[str, ...] = ()
    # whether a level 3 from this rule alerts the leadership group at once, for the triggers
    # the regulation names (regulator, media, high compensation, public apology, data loss,
    # security incident, business interruption): `always`, or `with_model` when the words
    # alone are ambiguous (an outage): only if the model's P(level 3) reaches level3_watch
    notify: Literal["always", "with_model"] | None = None
    # categories the grade may not take when the rule holds: the model's most probable other
    # category is applied instead (a fixed line is never 网络问题 in the operator's use)
    exclude_category: tuple[str, ...] = ()
    # the category the grade takes when the rule holds (a slow network with no fixed line or
    # app named is the mobile network's): applied with the model's own probability for it
    set_category: str | None = None
    why: str = Field(min_length=1)

    @model_validator(mode="after")
    def _has_effect(self) -> Rule:
        moves = bool(self.exclude_category) or self.set_category is not None
        if self.min_level is None and self.max_level is None and not self.cc and not moves:
            raise ValueError(f"rule {self.id} has no effect: give min_level, max_level, cc, exclude_category "
                             "or set_category")
        if self.exclude_category and self.set_category is not None:
            raise ValueError(f"rule {self.id}: exclude_category or set_category, not both")
        if moves and (self.min_level or self.max_level or self.cc or self.notify):
            # it acts on the model's category before the level rules: a rule of its own
            raise ValueError(f"rule {self.id}: a category rule (exclude_category, set_category) goes alone, "
                             "without min_level, max_level, cc or notify; write the other effects as a second rule")
        return self


class Span(_Strict):
    working_days: int | None = Field(default=None, ge=0, le=60)
    hours: int | None = Field(default=None, ge=1, le=72)

    @model_validator(mode="after")
    def _exactly_one(self) -> Span:
        if (self.working_days is None) == (self.hours is None):
            raise ValueError("give exactly one of working_days or hours")
        return self


class LevelDeadlines(_Strict):
    respond: Span | None = None
    plan: Span | None = None
    resolve: Span


class Deadlines(_Strict):
    levels: dict[Annotated[int, Field(ge=1, le=3)], LevelDeadlines]
    department_assist: Span
    survey_after_result: Span


ClockKind = Literal["respond", "plan", "department_assist", "resolve", "survey"]
#: whom an escalation step or a notification reaches: the leadership group's members, the
#: heads of the lead (or copied) departments, every member of the lead department, the user
Audience = Literal["leadership", "lead_head", "cc_heads", "lead_department", "intake_head", "complainant"]
PersonRole = Literal["staff", "head", "leader"]


class EscalationStep(_Strict):
    """One rung of the escalation ladder: when a deadline reaches a point, someone is told."""

    id: str = Field(pattern=r"^[A-Z][A-Z0-9-]*$")
    deadline: ClockKind
    levels: tuple[Level, ...] = LEVELS  # type: ignore[assignment]
    when: Literal["breached", "due_within"]  # (not `on`: YAML reads that as true)
    hours: int | None = Field(default=None, ge=1, le=240, description="for due_within: hours before the due time")
    notify: tuple[Audience, ...] = Field(min_length=1)
    why: str = Field(min_length=1)

    @model_validator(mode="after")
    def _hours_for_due_within(self) -> EscalationStep:
        if (self.when == "due_within") != (self.hours is not None):
            raise ValueError(f"escalation step {self.id}: `hours` goes with when: due_within, and only there")
        return self


class ExtensionRule(_Strict):
    max_per_deadline: int = Field(ge=1, le=10)
    approved_by: tuple[PersonRole, ...] = Field(min_length=1)


class Extensions(_Strict):
    """Which deadlines may be extended, at which levels, how often and on whose approval."""

    deadlines: tuple[ClockKind, ...] = ("plan", "resolve")
    levels: dict[Annotated[int, Field(ge=1, le=3)], ExtensionRule] = {}
    max_working_days: int = Field(default=10, ge=1, le=60, description="an extension adds at most this many")


class SurveyProcess(_Strict):
    invite_after: Span = Field(description="the online questionnaire's link goes out this long after the result")
    close_without_survey_reasons: tuple[Annotated[str, Field(min_length=1)], ...] = Field(min_length=1)


class Supervision(_Strict):
    """The supervision channel (五: 内部监督热线与邮箱): what may be reported and how soon the
    reporter hears the outcome."""

    categories: tuple[Annotated[str, Field(min_length=1)], ...] = ("推诿", "拖延", "敷衍", "态度恶劣", "其他")
    feedback: Span = Field(default_factory=lambda: Span(working_days=10),
                           description="the reporter hears the conclusion within this")


class Targets(_Strict):
    """What the leadership group holds departments to (五: 指标长期不达标), and what "long" is."""

    on_time: dict[ClockKind, Annotated[float, Field(ge=0, le=1)]] = Field(
        default_factory=dict, description="on-time rate by the original due time, per deadline kind")
    satisfaction: float | None = Field(default=None, ge=0, le=1, description="满意率")
    long_below_months: int = Field(default=3, ge=1, le=24, description="consecutive months below: 长期不达标")


class Process(_Strict):
    """What happens around the deadlines: escalation, extensions, the survey, regrading."""

    escalation: tuple[EscalationStep, ...] = ()
    extensions: Extensions = Extensions()
    survey: SurveyProcess
    # when a review changes the level, deadlines not yet passed count again from the review
    # (review_time) or keep counting from the receipt (receipt_time)
    regrade_clock: Literal["review_time", "receipt_time"] = "review_time"
    # a notification a channel keeps refusing is retried this often, then dead-lettered
    delivery_attempts: int = Field(default=6, ge=1, le=50)
    supervision: Supervision = Supervision()
    targets: Targets = Targets()

    @model_validator(mode="after")
    def _unique_steps(self) -> Process:
        ids = [s.id for s in self.escalation]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"process.escalation: duplicate ids {repeated}")
        return self


class Policy(_Strict):
    """The whole policy file, validated."""

    version: str = Field(min_length=1)
    timezone: str
    intake_cutoff: str
    working_day_end: str
    levels: dict[Annotated[int, Field(ge=1, le=3)], LevelSpec]
    departments: dict[str, str]
    intake_department: str
    leadership_department: str
    taxonomy: dict[str, tuple[str, ...]]
    routing: dict[str, Route]
    thresholds: Thresholds
    costs: Costs | None = None
    rules: tuple[Rule, ...]
    deadlines: Deadlines
    calendar: CalendarSpec
    correction_reasons: tuple[Annotated[str, Field(min_length=1)], ...] = Field(min_length=1)
    process: Process | None = None  # left out: deadlines are shown but nothing escalates

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("intake_cutoff", "working_day_end")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        if not _HHMM.match(value):
            raise ValueError(f"must be a time as HH:MM, got {value!r}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        errors: list[str] = []
        if self.intake_cutoff > self.working_day_end:
            errors.append("intake_cutoff: must not be later than working_day_end")
        depts = set(self.departments)
        for name in (self.intake_department, self.leadership_department):
            if name not in depts:
                errors.append(f"department {name!r} is not declared under departments")
        missing_levels = [lv for lv in LEVELS if lv not in self.levels]
        if missing_levels:
            errors.append(f"levels: missing level(s) {missing_levels}")
        for lv, spec in self.levels.items():
            if spec.handled_by != "responsible_department" and spec.handled_by not in depts:
                errors.append(f"levels.{lv}.handled_by: unknown department {spec.handled_by!r}")
        categories = [c for cats in self.taxonomy.values() for c in cats]
        dupes = sorted({c for c in categories if categories.count(c) > 1})
        if dupes:
            errors.append(f"taxonomy: categories under more than one class: {dupes}")
        for category in categories:
            if category not in self.routing:
                errors.append(f"routing: category {category!r} has no route")
        for category, route in self.routing.items():
            if category not in categories:
                errors.append(f"routing.{category}: not a category of the taxonomy")
            for dept in (route.lead, *route.cc):
                if dept not in depts:
                    errors.append(f"routing.{category}: unknown department {dept!r}")
        repeated = sorted(r for r, n in Counter(self.correction_reasons).items() if n > 1)
        if repeated:
            errors.append(f"correction_reasons: listed more than once: {repeated}")
        ids = [r.id for r in self.rules]
        for rule in self.rules:
            if ids.count(rule.id) > 1:
                errors.append(f"rules: duplicate id {rule.id}")
            for dept in rule.cc:
                if dept not in depts:
                    errors.append(f"rules.{rule.id}.cc: unknown department {dept!r}")
            for category in rule.when.category or ():
                if category not in categories:
                    errors.append(f"rules.{rule.id}.when.category: unknown category {category!r}")
            for category in rule.exclude_category:
                if category not in categories:
                    errors.append(f"rules.{rule.id}.exclude_category: unknown category {category!r}")
            if rule.exclude_category and set(categories) <= set(rule.exclude_category):
                errors.append(f"rules.{rule.id}.exclude_category: excludes every category")
            if rule.set_category is not None and rule.set_category not in categories:
                errors.append(f"rules.{rule.id}.set_category: unknown category {rule.set_category!r}")
            if rule.min_level and rule.max_level and rule.min_level > rule.max_level:
                errors.append(f"rules.{rule.id}: min_level above max_level")
        levels = self.deadlines.levels
        for lv in LEVELS:
            if lv not in levels:
                errors.append(f"deadlines.levels: level {lv} has no deadline")
        if not errors:
            errors.extend(_monotonic(levels))
        if self.process is not None:
            for lv in self.process.extensions.levels:
                if lv not in LEVELS:
                    errors.append(f"process.extensions.levels: unknown level {lv}")
        if errors:
            raise ValueError("; ".join(sorted(set(errors))))
        return self

    @property
    def process_rules(self) -> Process:
        """The declared process, or the built-in one (no escalation, no extension) when left out."""
        return self.process or DEFAULT_PROCESS

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def work_calendar(self) -> WorkCalendar:
        """The working-day calendar of this policy, built once."""
        return WorkCalendar(self.calendar)

    def level(self, level: int) -> LevelSpec:
        """Returns how a level is named and handled; a level the policy lacks is a PolicyError."""
        spec = self.levels.get(level)
        if spec is None:
            raise PolicyError(f"Level {level} is not one of policy {self.version}'s levels {sorted(self.levels)}.",
                              details={"level": level})
        return spec

    def level_deadlines(self, level: int) -> LevelDeadlines:
        """Returns the deadlines of a level (every level has them: checked on load)."""
        self.level(level)
        return self.deadlines.levels[level]

    def coarse_class(self, category: str) -> str:
        """Returns the regulation's coarse class of a fine category."""
        for coarse, cats in self.taxonomy.items():
            if category in cats:
                return coarse
        raise KeyError(category)

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(c for cats in self.taxonomy.values() for c in cats)


DEFAULT_PROCESS = Process(survey=SurveyProcess(invite_after=Span(working_days=1),
                                              close_without_survey_reasons=("多次联系用户未果",)))


def _span_key(span: Span | None) -> tuple[int, float]:
    if span is None:
        return (1, float("inf"))
    if span.hours is not None:
        return (0, span.hours)
    return (1, float(span.working_days or 0))


def _monotonic(levels: dict[int, LevelDeadlines]) -> list[str]:
    """A higher level must never get more time than a lower one, for any deadline kind."""
    errors = []
    for kind in ("respond", "plan", "resolve"):
        for lower, higher in ((1, 2), (2, 3)):
            lo, hi = getattr(levels[lower], kind), getattr(levels[higher], kind)
            if hi is None and lo is not None:
                errors.append(f"deadlines.levels.{higher}.{kind}: missing while level {lower} has one")
            elif hi is not None and lo is not None and _span_key(hi) > _span_key(lo):
                errors.append(f"deadlines.levels.{higher}.{kind}: gives level {higher} more time than level {lower}")
    return errors


__all__ = ["ESCALATION_KINDS", "IMPACTS", "LEVELS", "Policy", "Rule", "Span"]
