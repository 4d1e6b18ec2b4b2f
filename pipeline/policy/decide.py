"""``decide()``: the deterministic policy layer after the model.

A pure function of (prediction, cues, policy, receipt time): it never reads the clock and
never calls the model, so the same inputs and policy version always give the same
decision, and ``rules`` say why.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from pipeline.cues import Cues
from pipeline.decision import Deadline, DeadlineKind, FiredRule, PolicyDecision, Suggestion
from pipeline.errors import PolicyError
from pipeline.policy.schema import Condition, Policy, Span
from pipeline.prediction import Precedent, Prediction


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
    if when.public_apology is not None:
        checks.append(cues.public_apology == when.public_apology)
    if when.high_compensation is not None:
        checks.append(cues.high_compensation == when.high_compensation)
    if when.area_wide is not None:
        checks.append(cues.area_wide == when.area_wide)
    if when.security_incident is not None:
        checks.append(cues.security_incident == when.security_incident)
    if when.service_unreachable is not None:
        checks.append(cues.service_unreachable == when.service_unreachable)
    if when.slow_network is not None:
        checks.append(cues.slow_network == when.slow_network)
    if when.fixed_line is not None:
        checks.append(cues.fixed_line == when.fixed_line)
    if when.app is not None:
        checks.append(cues.app == when.app)
    if when.repetition is not None:
        checks.append(cues.repetition == when.repetition)
    if when.category is not None:
        checks.append(category in when.category)
    return all(checks)


#: The review reason of a grade below 3 with a worrying probability of level 3.
POSSIBLE_LEVEL_3 = "possible_level_3"


#: The rule that says why precedents flagged a grade.
PRECEDENTS_LEVEL_3 = "PRECEDENTS-LEVEL-3"
#: The rule that says why precedents held back an outage's alert.
PRECEDENTS_NOT_LEVEL_3 = "PRECEDENTS-NOT-LEVEL-3"
#: The review reason of a level 3 whose alert the precedents held back.
PRECEDENTS_DISAGREE = "precedents_disagree"


def precedent_level3_share(precedents: tuple[Precedent, ...]) -> float:
    """The similarity-weighted share of level 3 among a complaint's precedents (0 without any)."""
    total = sum(p.similarity for p in precedents)
    if total <= 0:
        return 0.0
    return sum(p.similarity for p in precedents if p.level == 3) / total


def _named(precedents: tuple[Precedent, ...]) -> str:
    return "、".join(f"{p.id}（{p.level}级，相似度{p.similarity:.2f}）" for p in precedents)


def level3_probability(prediction: Prediction) -> float:
    """Returns the model's probability of level 3 (its own level's, for older stored
    predictions without per-level scores, when that level is 3)."""
    return prediction.level_scores.get(3, prediction.level_proba if prediction.level == 3 else 0.0)


def level_confidence(prediction: Prediction, level: int) -> float:
    """Returns the model's probability for the level the policy applies.

    When a rule raised the level, the model's probability for that level (not for the one
    it picked) says how sure the grade is: on the shared data, flagging by it instead keeps
    the review share under 20% and leaves fewer wrong grades unreviewed (README, Figures).
    Predictions without per-level scores (older stored decisions) fall back to the model's
    own level.
    """
    if level == prediction.level or not prediction.level_scores:
        return prediction.level_proba
    return prediction.level_scores.get(level, 0.0)


def category_applied(prediction: Prediction, cues: Cues, policy: Policy) -> tuple[str, float, list[FiredRule]]:
    """Returns the category the policy applies, its probability and the rules that moved it.

    The model's category stands unless a rule that holds names the category to apply
    (``set_category``: the first such rule) or excludes the model's (``exclude_category``:
    then the model's most probable category that no such rule excludes is applied). The
    applied category carries the model's own probability for it, so a category the model
    doubted goes to review. A prediction without per-category scores (an older stored one)
    keeps its category.
    """
    category = prediction.category
    scores = {c: p for c, p in prediction.category_scores.items() if c in policy.routing}
    if not scores:
        return category, prediction.category_proba, []
    for rule in policy.rules:
        target = rule.set_category
        if target is not None and target != category and _holds(rule.when, cues, category):
            return target, scores.get(target, 0.0), [FiredRule(id=rule.id, reason=rule.why,
                                                              effect=f"category {category} → {target}")]
    moving = [r for r in policy.rules
              if category in r.exclude_category and _holds(r.when, cues, category)]
    excluded = {c for r in moving for c in r.exclude_category}
    allowed = {c: p for c, p in scores.items() if c not in excluded}
    if not moving or not allowed:
        return category, prediction.category_proba, []
    best = max(allowed, key=allowed.__getitem__)
    return best, allowed[best], [FiredRule(id=r.id, reason=r.why, effect=f"category {category} → {best}")
                                 for r in moving]


def cue_floor(cues: Cues, category: str, policy: Policy) -> tuple[int, tuple[str, ...]]:
    """Returns the lowest level the policy's rules allow for these cues, and the rules that set it."""
    floor, ids = 1, []
    for rule in policy.rules:
        if rule.min_level is not None and rule.min_level > 1 and _holds(rule.when, cues, category):
            floor = max(floor, rule.min_level)
            ids.append(rule.id)
    return floor, tuple(ids)


@lru_cache(maxsize=64)
def _time(hhmm: str) -> dt.time:
    h, m = hhmm.split(":")
    return dt.time(int(h), int(m))


def clock_start(received_at: dt.datetime, policy: Policy) -> tuple[dt.date, bool]:
    """Returns the working day deadlines count from, and whether it is provisional.

    A complaint received on a working day before the cut-off counts from that day;
    otherwise from the next working day.
    """
    cal = policy.work_calendar
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
    day, provisional = policy.work_calendar.add_workdays(start, span.working_days or 0)
    return dt.datetime.combine(day, _time(policy.working_day_end), tzinfo=policy.zone), provisional


def _route(category: str, level: int, extra_cc: list[str], received_at: dt.datetime,
           policy: Policy) -> tuple[str, tuple[str, ...], dt.date, dict[DeadlineKind, Deadline]]:
    """Returns the lead department, copied departments, clock start and deadlines of a grade."""
    route = policy.routing[category]
    spec = policy.level(level)
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
    deadlines: dict[DeadlineKind, Deadline] = {}
    level_deadlines = policy.level_deadlines(level)
    for kind in (DeadlineKind.respond, DeadlineKind.plan, DeadlineKind.resolve):
        span = getattr(level_deadlines, kind.value)
        if span is not None:
            when, prov = due(span, received_at=received_at, start=start, policy=policy)
            deadlines[kind] = Deadline(kind=kind, due=when, provisional=prov or (provisional and span.hours is None))
    if cc_departments and level >= 2:
        when, prov = due(policy.deadlines.department_assist, received_at=received_at, start=start, policy=policy)
        kind = DeadlineKind.department_assist
        deadlines[kind] = Deadline(kind=kind, due=when, provisional=prov or provisional)
    return lead, cc_departments, start, deadlines


def decide(prediction: Prediction, cues: Cues, policy: Policy, received_at: dt.datetime) -> PolicyDecision:
    """Returns the policy decision for one model prediction; pure and deterministic."""
    return PolicyDecision(**_decision_fields(prediction, cues, policy, received_at))


def suggest(prediction: Prediction, policy: Policy, received_at: dt.datetime) -> Suggestion:
    """Returns the policy's decision on a prediction, with the scores and cues behind it."""
    return Suggestion(**suggestion_fields(prediction, policy, received_at))


def suggestion_fields(prediction: Prediction, policy: Policy, received_at: dt.datetime) -> dict[str, Any]:
    """Returns the fields of :func:`suggest`'s answer, for types that extend a suggestion."""
    return {
        **_decision_fields(prediction, prediction.cues, policy, received_at),
        "category_scores": prediction.category_scores,
        "level_scores": prediction.level_scores,
        "evidence": prediction.evidence,
        "cues": prediction.cues,
        "model_version": prediction.bundle_id,
        "precedents": prediction.precedents,
    }


def _decision_fields(prediction: Prediction, cues: Cues, policy: Policy, received_at: dt.datetime) -> dict[str, Any]:
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware")
    if prediction.category not in policy.routing:
        raise PolicyError(
            f"The model predicted category {prediction.category!r}, which policy {policy.version} does not "
            f"route. Known categories: {list(policy.categories)}. Retrain with this policy's taxonomy.",
            details={"category": prediction.category},
        )
    category, category_proba, fired = category_applied(prediction, cues, policy)
    model_level = prediction.level
    floor, ceiling = 1, 3
    extra_cc: list[str] = []
    p3 = level3_probability(prediction)
    th = policy.thresholds
    bar = th.level3_corroborate if th.level3_corroborate is not None else th.level3_watch
    corroborated = bar is None or p3 >= bar
    # the nearest confirmed complaints, where the bundle carries them and the policy weighs them
    share = precedent_level3_share(prediction.precedents)
    doubted = (th.precedent_alert_share is not None and bool(prediction.precedents)
               and share < th.precedent_alert_share)
    alerting = withheld = False
    for rule in policy.rules:
        if rule.exclude_category or not _holds(rule.when, cues, category):
            continue  # a category rule acted above, on the model's category
        if rule.min_level == 3 and rule.notify == "always":
            alerting = True
        elif rule.min_level == 3 and rule.notify == "with_model" and corroborated:
            # ambiguous words (an outage) need the precedents too: "连不上，中午又好了" is said like
            # complaints a person graded 2
            if doubted:
                withheld = True
            else:
                alerting = True
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
        fired.append(FiredRule(id=rule.id, reason=rule.why, effect="; ".join(effects)))
    level = max(min(model_level, ceiling), floor)  # floors win over ceilings: safety first

    lead, cc_departments, start, deadlines = _route(category, level, extra_cc, received_at, policy)
    spec = policy.level(level)

    reasons = []
    if category_proba < th.category_min_confidence:
        reasons.append("low_category_confidence")
    if level_confidence(prediction, level) < th.level_min_confidence:
        reasons.append("low_level_confidence")
    unreadable = prediction.evidence < th.min_evidence
    if unreadable:
        reasons.append("no_evidence")
    if abs(level - model_level) > 1:
        reasons.append("policy_overrules_model")
    # the risk band reads the model's worry; a text it cannot read has probabilities shrunk
    # towards uniform, a third on level 3 whatever it says: reviewed for no_evidence, not first
    if level < 3 and th.level3_watch is not None and p3 >= th.level3_watch and not unreadable:
        reasons.append(POSSIBLE_LEVEL_3)  # graded by the evidence, reviewed first, nobody alerted
    if level < 3 and th.precedent_level3_share is not None and prediction.precedents \
            and share >= th.precedent_level3_share:
        if POSSIBLE_LEVEL_3 not in reasons:
            reasons.append(POSSIBLE_LEVEL_3)
        fired.append(FiredRule(id=PRECEDENTS_LEVEL_3,
                               reason=f"最相似的已确认投诉按相似度加权{share:.0%}为三级：{_named(prediction.precedents)}",
                               effect="review first (possible_level_3); nobody alerted"))
    if withheld and not alerting:
        reasons.append(PRECEDENTS_DISAGREE)
        fired.append(FiredRule(id=PRECEDENTS_NOT_LEVEL_3,
                               reason=f"最相似的已确认投诉按相似度加权仅{share:.0%}为三级：{_named(prediction.precedents)}",
                               effect="no alert until a person confirms level 3"))
    confident = level == 3 and model_level == 3 and th.level3_alert is not None and p3 >= th.level3_alert
    if th.level3_alert is None and th.level3_watch is None:
        confident = level == 3  # a policy without the risk band keeps alerting on every level 3

    survey = policy.deadlines.survey_after_result
    return dict(
        category=category,
        coarse_class=policy.coarse_class(category),
        category_proba=category_proba,
        level=level,
        level_name=spec.name,
        model_level=model_level,
        level_proba=prediction.level_proba,
        rules=tuple(fired),
        lead_department=lead,
        cc_departments=cc_departments,
        notify_leadership=spec.notify_leadership and (level < 3 or alerting or confident),
        received_at=received_at,
        clock_starts=start,
        deadlines=deadlines,
        survey_after_result_working_days=survey.working_days or 0,
        needs_review=bool(reasons),
        review_reasons=tuple(reasons),
        policy_version=policy.version,
    )


def decide_by_agent(suggested: PolicyDecision, *, category: str, level: int, reason: str,
                    policy: Policy, clock_from: dt.datetime | None = None) -> PolicyDecision:
    """Returns the decision for an agent's grade: the human's category and level stand.

    An agent overrules the model and the cue floors alike (the regulation gives the final
    grade to people); routing and deadlines are recomputed from the original receipt time,
    and the copies the suggestion's cue rules asked for (法务部门 on a regulator threat) stay.
    ``clock_from`` counts the deadlines from another time (a regrade counted from the review).
    """
    if category not in policy.routing:
        raise PolicyError(
            f"Category {category!r} is not in policy {policy.version}'s taxonomy. "
            f"Known categories: {list(policy.categories)}.", details={"category": category})
    if level not in policy.levels:
        raise PolicyError(f"Level {level} is not one of policy {policy.version}'s levels "
                          f"{sorted(policy.levels)}.", details={"level": level})
    kept_cc = [d for r in suggested.rules for d in _rule_cc(r.id, policy)]
    lead, cc_departments, start, deadlines = _route(category, level, kept_cc, clock_from or suggested.received_at,
                                                    policy)
    spec = policy.level(level)
    changes = []
    if category != suggested.category:
        changes.append(f"category {suggested.category} -> {category}")
    if level != suggested.level:
        changes.append(f"level {suggested.level} -> {level}")
    rule = FiredRule(id="AGENT-CONFIRMED" if not changes else "AGENT-CORRECTED", reason=reason,
                     effect="; ".join(changes) or "suggestion confirmed")
    return suggested.decision().model_copy(update=dict(
        category=category,
        coarse_class=policy.coarse_class(category),
        category_proba=1.0,
        level=level,
        level_name=spec.name,
        level_proba=1.0,
        rules=(*suggested.rules, rule),
        lead_department=lead,
        cc_departments=cc_departments,
        notify_leadership=spec.notify_leadership,
        clock_starts=start,
        deadlines=deadlines,
        needs_review=False,
        review_reasons=(),
        policy_version=policy.version,
    ))


def _rule_cc(rule_id: str, policy: Policy) -> tuple[str, ...]:
    return next((tuple(r.cc) for r in policy.rules if r.id == rule_id and r.cc), ())


def survey_due(result_sent_at: dt.datetime, policy: Policy) -> tuple[dt.datetime, bool]:
    """Returns when the satisfaction survey is due after the result was sent to the user."""
    return span_end(policy.deadlines.survey_after_result, result_sent_at, policy)


def span_end(span: Span, at: dt.datetime, policy: Policy) -> tuple[dt.datetime, bool]:
    """Returns when ``span`` ends counted from ``at`` (working days from its clock start)."""
    start, provisional = clock_start(at, policy)
    when, prov = due(span, received_at=at, start=start, policy=policy)
    return when, provisional or prov
