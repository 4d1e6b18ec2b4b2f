"""What one deadline's clock is and when the worker must look at it next (no store access)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pipeline.policy.decide import span_end
from pipeline.policy.schema import EscalationStep, Policy
from serving.database.tables import ComplaintRow, DeadlineRow

#: the step id recorded once the survey's link went out
SURVEY_INVITE = "SURVEY-INVITE"


class ClockKind(StrEnum):
    respond = "respond"
    plan = "plan"
    department_assist = "department_assist"
    resolve = "resolve"
    survey = "survey"


class ClockState(StrEnum):
    pending = "pending"      # running
    extended = "extended"    # running, on a due time an extension moved
    met = "met"              # done in time (or done late: breached_at stays set, state breached)
    breached = "breached"    # the due time passed first
    waived = "waived"        # no longer applies (a level without it, a survey closed without one)


RUNNING = frozenset({ClockState.pending, ClockState.extended})


def is_open(clock: DeadlineRow) -> bool:
    """Whether the work this deadline asks for is still to be done (late or not)."""
    return clock.met_at is None and clock.state != ClockState.waived


def steps_for(policy: Policy, kind: str, level: int) -> list[EscalationStep]:
    return [s for s in policy.process_rules.escalation if s.deadline == kind and level in s.levels]


def trigger_at(step: EscalationStep, clock: DeadlineRow) -> dt.datetime:
    """When a ladder step applies to a clock: at the due time, or ``hours`` before it."""
    if step.when == "breached":
        return clock.due_at
    return clock.due_at - dt.timedelta(hours=step.hours or 0)


def survey_invite_at(complaint: ComplaintRow, policy: Policy) -> dt.datetime | None:
    if complaint.result_sent_at is None:
        return None
    return span_end(policy.process_rules.survey.invite_after, complaint.result_sent_at, policy)[0]


def next_check(clock: DeadlineRow, complaint: ComplaintRow, policy: Policy) -> dt.datetime | None:
    """The earliest time something is due for this clock (breach, a ladder step, the survey's
    link); None when nothing ever is."""
    if not is_open(clock):
        return None
    times = [trigger_at(s, clock) for s in steps_for(policy, clock.kind, complaint.level)
             if s.id not in clock.steps_done]
    if clock.state in RUNNING:
        times.append(clock.due_at)
    if clock.kind == ClockKind.survey and SURVEY_INVITE not in clock.steps_done:
        invite = survey_invite_at(complaint, policy)
        if invite is not None:
            times.append(invite)
    return min(times, default=None)
