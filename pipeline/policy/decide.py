"""``decide()``: the deterministic policy layer after the model.

A pure function of (prediction, cues, policy, receipt time): it never reads the clock and
never calls the model, so the same inputs and policy version always give the same
decision, and ``rules`` say why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from pipeline.cues import Cues
from pipeline.errors import PolicyError
from pipeline.policy.calendar import WorkCalendar
from pipeline.policy.schema import Condition, Policy, Span
from pipeline.prediction import Prediction


@dataclass(frozen=True, slots=True)
class FiredRule:
    """A rule that applied: its id, the regulation's reason and what it did."""

    id: str
    reason: str
    effect: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "reason": self.reason, "effect": self.effect}


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: str  # respond | plan | resolve | department_assist
    due: dt.datetime
    provisional: bool

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "due": self.due.isoformat(), "provisional": self.provisional}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deadline:
        return cls(str(data["kind"]), dt.datetime.fromisoformat(data["due"]), bool(data["provisional"]))


@dataclass(frozen=True, slots=True)
class PolicyDecision:
    """The policy's final grade, route and deadlines for one complaint."""

    category: str
    coarse_class: str
    category_proba: float
    severity: int
    level_name: str
    model_severity: int
    severity_proba: float
    rules: tuple[FiredRule, ...]
    lead_department: str
    cc_departments: tuple[str, ...]
    notify_leadership: bool
    received_at: dt.datetime
    clock_starts: dt.date
    deadlines: tuple[Deadline, ...]
    survey_after_result_working_days: int
    needs_review: bool
    review_reasons: tuple[str, ...]
    policy_version: str
    calendar_provisional: bool = field(default=False)

    def deadline(self, kind: str) -> dt.datetime | None:
        """Returns the due time of a deadline kind, or None when the level has none."""
        return next((d.due for d in self.deadlines if d.kind == kind), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "coarse_class": self.coarse_class,
            "category_proba": round(self.category_proba, 4),
            "severity": self.severity,
            "level_name": self.level_name,
            "model_severity": self.model_severity,
            "severity_proba": round(self.severity_proba, 4),
            "rules": [r.to_dict() for r in self.rules],
            "lead_department": self.lead_department,
            "cc_departments": list(self.cc_departments),
            "notify_leadership": self.notify_leadership,
            "received_at": self.received_at.isoformat(),
            "clock_starts": self.clock_starts.isoformat(),
            "deadlines": {d.kind: d.to_dict() for d in self.deadlines},
            "survey_after_result_working_days": self.survey_after_result_working_days,
            "needs_review": self.needs_review,
            "review_reasons": list(self.review_reasons),
            "policy_version": self.policy_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PolicyDecision:
        """Rebuilds a decision from :meth:`to_dict`'s output (a stored decision)."""
        deadlines = tuple(Deadline.from_dict(d) for d in data["deadlines"].values())
        return cls(
            category=str(data["category"]),
            coarse_class=str(data["coarse_class"]),
            category_proba=float(data["category_proba"]),
            severity=int(data["severity"]),
            level_name=str(data["level_name"]),
            model_severity=int(data["model_severity"]),
            severity_proba=float(data["severity_proba"]),
            rules=tuple(FiredRule(str(r["id"]), str(r["reason"]), str(r["effect"])) for r in data["rules"]),
            lead_department=str(data["lead_department"]),
            cc_departments=tuple(data["cc_departments"]),
            notify_leadership=bool(data["notify_leadership"]),
            received_at=dt.datetime.fromisoformat(data["received_at"]),
            clock_starts=dt.date.fromisoformat(data["clock_starts"]),
            deadlines=deadlines,
            survey_after_result_working_days=int(data["survey_after_result_working_days"]),
            needs_review=bool(data["needs_review"]),
            review_reasons=tuple(data["review_reasons"]),
            policy_version=str(data["policy_version"]),
            calendar_provisional=any(d.provisional for d in deadlines),
        )


def _holds(when: Condition, cues: Cues, category: str) -> bool:
    checks = []
    if when.escalation_kind is not None:
        checks.append(any(k in cues.escalation_kinds for k in when.escalation_kind))
    if when.impact is not None:
        checks.append(cues.impact in when.impact)
    if when.emotion_at_least is not None:
        checks.append(cues.emotion >= when.emotion_at_least)
    if when.compensation is not None:
        checks.append(cues.compensation == when.compensation)
    if when.compensation_amount_at_least is not None:
        checks.append((cues.compensation_amount or 0) >= when.compensation_amount_at_least)
    if when.apology is not None:
        checks.append(cues.apology == when.apology)
    if when.repetition is not None:
        checks.append(cues.repetition == when.repetition)
    if when.category is not None:
        checks.append(category in when.category)
    return all(checks)


def level_confidence(prediction: Prediction, level: int) -> float:
    """Returns the model's probability for the level the policy applies.

    When a rule raised the level, the model's probability for that level (not for the one
    it picked) says how sure the grade is: on the shared data, flagging by it instead keeps
    the review share under 20% and leaves fewer wrong grades unreviewed (README, Figures).
    Predictions without per-level scores (older stored decisions) fall back to the model's
    own level.
    """
    if level == prediction.severity or not prediction.severity_scores:
        return prediction.severity_proba
    return prediction.severity_scores.get(level, 0.0)


def cue_floor(cues: Cues, category: str, policy: Policy) -> tuple[int, tuple[str, ...]]:
    """Returns the lowest level the policy's rules allow for these cues, and the rules that set it."""
    floor, ids = 1, []
    for rule in policy.rules:
        if rule.min_level is not None and rule.min_level > 1 and _holds(rule.when, cues, category):
            floor = max(floor, rule.min_level)
            ids.append(rule.id)
    return floor, tuple(ids)


def _calendar(policy: Policy) -> WorkCalendar:
    return policy.work_calendar  # type: ignore[no-any-return]


@lru_cache(maxsize=64)
def _time(hhmm: str) -> dt.time:
    h, m = hhmm.split(":")
    return dt.time(int(h), int(m))


def clock_start(received_at: dt.datetime, policy: Policy) -> tuple[dt.date, bool]:
    """Returns the working day deadlines count from, and whether it is provisional.

    A complaint received on a working day before the cut-off counts from that day;
    otherwise from the next working day.
    """
    cal = _calendar(policy)
    local = received_at.astimezone(policy.zone)
    ok, provisional = cal.is_workday(local.date())
    if ok and local.time() < _time(policy.intake_cutoff):
        return local.date(), provisional
    day, prov = cal.next_workday(local.date())
    return day, provisional or prov


def due(span: Span, *, received_at: dt.datetime, start: dt.date, policy: Policy) -> tuple[dt.datetime, bool]:
    """Returns when a span ends: hours run on the wall clock, working days on the calendar."""
    if span.hours is not None:
        return received_at.astimezone(policy.zone) + dt.timedelta(hours=span.hours), False
    day, provisional = _calendar(policy).add_workdays(start, span.working_days or 0)
    return dt.datetime.combine(day, _time(policy.working_day_end), tzinfo=policy.zone), provisional


def _route(category: str, level: int, extra_cc: list[str], received_at: dt.datetime,
           policy: Policy) -> tuple[str, tuple[str, ...], dt.date, list[Deadline]]:
    """Returns the lead department, copied departments, clock start and deadlines of a grade."""
    route = policy.routing[category]
    spec = policy.levels[level]  # type: ignore[index]
    if spec.handled_by == "responsible_department":
        lead = route.lead
        cc = [policy.intake_department, *route.cc]
    elif spec.handled_by == policy.leadership_department:
        lead = spec.handled_by
        cc = [policy.intake_department, route.lead, *route.cc]
    else:
        lead = spec.handled_by
        cc = []
    cc.extend(extra_cc)
    cc_departments = tuple(dict.fromkeys(d for d in cc if d != lead))

    start, provisional = clock_start(received_at, policy)
    deadlines = []
    level_deadlines = policy.deadlines.levels[level]  # type: ignore[index]
    for kind in ("respond", "plan", "resolve"):
        span = getattr(level_deadlines, kind)
        if span is not None:
            when, prov = due(span, received_at=received_at, start=start, policy=policy)
            deadlines.append(Deadline(kind, when, prov or (provisional and span.hours is None)))
    if cc_departments and level >= 2:
        when, prov = due(policy.deadlines.department_assist, received_at=received_at, start=start, policy=policy)
        deadlines.append(Deadline("department_assist", when, prov or provisional))
    return lead, cc_departments, start, deadlines


def decide(prediction: Prediction, cues: Cues, policy: Policy, received_at: dt.datetime) -> PolicyDecision:
    """Returns the policy decision for one model prediction; pure and deterministic."""
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware")
    category = prediction.category
    if category not in policy.routing:
        raise PolicyError(
            f"The model predicted category {category!r}, which policy {policy.version} does not "
            f"route. Known categories: {list(policy.categories)}. Retrain with this policy's taxonomy.",
            details={"category": category},
        )
    model_level = prediction.severity
    fired: list[FiredRule] = []
    floor, ceiling = 1, 3
    extra_cc: list[str] = []
    for rule in policy.rules:
        if not _holds(rule.when, cues, category):
            continue
        effects = []
        if rule.min_level is not None:
            floor = max(floor, rule.min_level)
            effects.append(f"level >= {rule.min_level}")
        if rule.max_level is not None:
            ceiling = min(ceiling, rule.max_level)
            effects.append(f"level <= {rule.max_level}")
        if rule.cc:
            extra_cc.extend(rule.cc)
            effects.append("cc " + "、".join(rule.cc))
        fired.append(FiredRule(rule.id, rule.why, "; ".join(effects)))
    level = max(min(model_level, ceiling), floor)  # floors win over ceilings: safety first

    lead, cc_departments, start, deadlines = _route(category, level, extra_cc, received_at, policy)
    spec = policy.levels[level]  # type: ignore[index]

    reasons = []
    th = policy.thresholds
    if prediction.category_proba < th.category_min_confidence:
        reasons.append("low_category_confidence")
    if level_confidence(prediction, level) < th.severity_min_confidence:
        reasons.append("low_severity_confidence")
    if prediction.evidence < th.min_evidence:
        reasons.append("no_evidence")
    if abs(level - model_level) > 1:
        reasons.append("policy_overrules_model")

    survey = policy.deadlines.survey_after_result
    return PolicyDecision(
        category=category,
        coarse_class=policy.coarse_class(category),
        category_proba=prediction.category_proba,
        severity=level,
        level_name=spec.name,
        model_severity=model_level,
        severity_proba=prediction.severity_proba,
        rules=tuple(fired),
        lead_department=lead,
        cc_departments=cc_departments,
        notify_leadership=spec.notify_leadership,
        received_at=received_at,
        clock_starts=start,
        deadlines=tuple(deadlines),
        survey_after_result_working_days=survey.working_days or 0,
        needs_review=bool(reasons),
        review_reasons=tuple(reasons),
        policy_version=policy.version,
        calendar_provisional=any(d.provisional for d in deadlines),
    )


def decide_by_agent(suggested: PolicyDecision, *, category: str, level: int, reason: str,
                    policy: Policy) -> PolicyDecision:
    """Returns the decision for an agent's grade: the human's category and level stand.

    An agent overrules the model and the cue floors alike (the regulation gives the final
    grade to people); routing and deadlines are recomputed from the original receipt time,
    and the copies the suggestion's cue rules asked for (法务部门 on a regulator threat) stay.
    """
    if category not in policy.routing:
        raise PolicyError(
            f"Category {category!r} is not in policy {policy.version}'s taxonomy. "
            f"Known categories: {list(policy.categories)}.", details={"category": category})
    if level not in policy.levels:
        raise PolicyError(f"Level {level} is not one of policy {policy.version}'s levels "
                          f"{sorted(policy.levels)}.", details={"level": level})
    kept_cc = [d for r in suggested.rules for d in _rule_cc(r.id, policy)]
    lead, cc_departments, start, deadlines = _route(category, level, kept_cc, suggested.received_at, policy)
    spec = policy.levels[level]  # type: ignore[index]
    changes = []
    if category != suggested.category:
        changes.append(f"category {suggested.category} -> {category}")
    if level != suggested.severity:
        changes.append(f"level {suggested.severity} -> {level}")
    rule = FiredRule("AGENT-CONFIRMED" if not changes else "AGENT-CORRECTED", reason,
                     "; ".join(changes) or "suggestion confirmed")
    return replace(
        suggested,
        category=category,
        coarse_class=policy.coarse_class(category),
        category_proba=1.0,
        severity=level,
        level_name=spec.name,
        severity_proba=1.0,
        rules=(*suggested.rules, rule),
        lead_department=lead,
        cc_departments=cc_departments,
        notify_leadership=spec.notify_leadership,
        clock_starts=start,
        deadlines=tuple(deadlines),
        needs_review=False,
        review_reasons=(),
        policy_version=policy.version,
        calendar_provisional=any(d.provisional for d in deadlines),
    )


def _rule_cc(rule_id: str, policy: Policy) -> tuple[str, ...]:
    return next((tuple(r.cc) for r in policy.rules if r.id == rule_id and r.cc), ())


def survey_due(result_sent_at: dt.datetime, policy: Policy) -> tuple[dt.datetime, bool]:
    """Returns when the satisfaction survey is due after the result was sent to the user."""
    start, provisional = clock_start(result_sent_at, policy)
    when, prov = due(policy.deadlines.survey_after_result, received_at=result_sent_at, start=start, policy=policy)
    return when, provisional or prov
