"""The clocks of a complaint as the store holds them: opened at intake, met by the work,
moved by a regrade, a reopening or an extension.

Every function works inside the caller's transaction (it commits nothing), so a clock
always changes together with the complaint change that moves it. After any change the
complaint's ``next_due`` (the earliest due time of a deadline not yet met) is recomputed:
``overdue`` on the queue is ``next_due`` in the past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session, object_session

from pipeline.decision import PolicyDecision
from pipeline.policy.decide import span_end
from pipeline.policy.schema import Policy
from serving.clocks.clock import RUNNING, ClockKind, ClockState, is_open, next_check
from serving.database.tables import AssistOwedRow, ComplaintRow, DeadlineRow

WORK_KINDS = (ClockKind.respond, ClockKind.plan, ClockKind.department_assist, ClockKind.resolve)


def clocks_of(session: Session, complaint_id: str) -> list[DeadlineRow]:
    return list(session.scalars(select(DeadlineRow).where(DeadlineRow.complaint_id == complaint_id)
                                .order_by(DeadlineRow.due_at, DeadlineRow.id)))


def sync(complaint: ComplaintRow, clocks: Iterable[DeadlineRow], policy: Policy) -> None:
    """Recomputes when the worker looks at each clock next, the complaint's next due time,
    and which departments owe an answer on it (``assists_owed``)."""
    open_dues = []
    owed: set[str] = set()
    for clock in clocks:
        clock.next_check_at = next_check(clock, complaint, policy)
        if is_open(clock):
            open_dues.append(clock.due_at)
            if clock.kind == ClockKind.department_assist:
                owed |= {clock.department} if clock.department else set(complaint.decision["cc_departments"])
    complaint.next_due = min(open_dues, default=None)
    _keep_owed(complaint, owed)


def _keep_owed(complaint: ComplaintRow, owed: set[str]) -> None:
    """Makes the complaint's ``assists_owed`` rows the departments in ``owed``."""
    session = object_session(complaint)
    if session is None:
        return
    rows = [r for r in session.new if isinstance(r, AssistOwedRow) and r.complaint_id == complaint.id]
    if inspect(complaint).persistent:
        rows += session.scalars(select(AssistOwedRow).where(AssistOwedRow.complaint_id == complaint.id))
    held = set()
    for row in rows:
        if row.department in owed:
            held.add(row.department)
        elif row in session.new:
            session.expunge(row)
        else:
            session.delete(row)
    session.add_all(AssistOwedRow(department=d, complaint_id=complaint.id) for d in sorted(owed - held))


def _new_clock(complaint: ComplaintRow, kind: str, due: dt.datetime, provisional: bool) -> DeadlineRow:
    return DeadlineRow(complaint_id=complaint.id, kind=kind, due_at=due, original_due_at=due,
                       state=ClockState.pending.value, extensions=0, provisional=provisional, steps_done=[])


def _restart(clock: DeadlineRow, due: dt.datetime, provisional: bool) -> None:
    """Runs a clock again from scratch towards ``due`` (a reopening, a new survey, a new assist)."""
    clock.due_at = clock.original_due_at = due
    clock.state, clock.met_at, clock.breached_at = ClockState.pending.value, None, None
    clock.extensions, clock.provisional, clock.steps_done = 0, provisional, []


def _clock_of(session: Session, complaint: ComplaintRow, clocks: dict[str, DeadlineRow], kind: ClockKind,
              due: dt.datetime, provisional: bool) -> DeadlineRow:
    """The complaint's clock of ``kind``, restarted towards ``due`` (made when it has none)."""
    clock = clocks.get(kind.value)
    if clock is None:
        clocks[kind.value] = clock = _new_clock(complaint, kind.value, due, provisional)
        session.add(clock)
    _restart(clock, due, provisional)
    return clock


def open_clocks(session: Session, complaint: ComplaintRow, decision: PolicyDecision, policy: Policy) -> None:
    """Starts a clock for each deadline of a new complaint's decision."""
    clocks = [_new_clock(complaint, kind.value, d.due, d.provisional) for kind, d in decision.deadlines.items()]
    session.add_all(clocks)
    sync(complaint, clocks, policy)


def meet(session: Session, complaint: ComplaintRow, kinds: Iterable[str], policy: Policy,
         at: dt.datetime) -> list[str]:
    """Marks the work of ``kinds`` done at ``at``; returns the kinds that were still open.

    A deadline met after it was breached keeps the state ``breached`` (met late).
    """
    wanted = {str(k) for k in kinds}
    clocks = clocks_of(session, complaint.id)
    done = []
    for clock in clocks:
        if clock.kind in wanted and is_open(clock):
            clock.met_at = at
            if clock.state in RUNNING:
                clock.state = ClockState.met.value
            done.append(clock.kind)
    sync(complaint, clocks, policy)
    return done


def waive(session: Session, complaint: ComplaintRow, kinds: Iterable[str], policy: Policy) -> list[str]:
    """Ends open clocks of ``kinds`` that no longer apply; returns those it ended."""
    wanted = {str(k) for k in kinds}
    clocks = clocks_of(session, complaint.id)
    ended = []
    for clock in clocks:
        if clock.kind in wanted and is_open(clock):
            clock.state = ClockState.waived.value
            ended.append(clock.kind)
    sync(complaint, clocks, policy)
    return ended


def regrade(session: Session, complaint: ComplaintRow, decision: PolicyDecision, policy: Policy,
            at: dt.datetime) -> dict[str, str]:
    """Moves the clocks to a new grade's deadlines; returns what happened to each kind.

    A deadline already met or already passed keeps its clock; one still running takes the
    new grade's due time (counted from the review or the receipt, as ``decision`` was made:
    see ``process.regrade_clock``); a kind the new level lacks is waived; a new kind starts.
    """
    clocks = {c.kind: c for c in clocks_of(session, complaint.id)}
    changes: dict[str, str] = {}
    for kind in WORK_KINDS:
        clock, wanted = clocks.get(kind.value), decision.deadlines.get(kind)  # type: ignore[call-overload]
        if wanted is None:
            if clock is not None and is_open(clock) and clock.state in RUNNING:
                clock.state = ClockState.waived.value
                changes[kind.value] = "waived"
            continue
        if clock is None:
            clocks[kind.value] = clock = _new_clock(complaint, kind.value, wanted.due, wanted.provisional)
            session.add(clock)
            changes[kind.value] = f"started, due {wanted.due.isoformat()}"
        elif is_open(clock) and clock.state in RUNNING and clock.due_at > at and clock.due_at != wanted.due:
            clock.due_at = clock.original_due_at = wanted.due
            clock.provisional = wanted.provisional
            clock.steps_done = []
            changes[kind.value] = f"due {wanted.due.isoformat()}"
    sync(complaint, clocks.values(), policy)
    return changes


def reopen(session: Session, complaint: ComplaintRow, policy: Policy, at: dt.datetime) -> dt.datetime:
    """A reopened complaint gets a new resolve deadline counted from the reopening; the survey
    of the earlier result no longer applies. Returns the new due time."""
    due, provisional = span_end(policy.level_deadlines(complaint.level).resolve, at, policy)
    clocks = {c.kind: c for c in clocks_of(session, complaint.id)}
    survey = clocks.get(ClockKind.survey.value)
    if survey is not None and is_open(survey):
        survey.state = ClockState.waived.value
    _clock_of(session, complaint, clocks, ClockKind.resolve, due, provisional)
    sync(complaint, clocks.values(), policy)
    return due


def open_survey(session: Session, complaint: ComplaintRow, policy: Policy, due: dt.datetime,
                provisional: bool) -> None:
    """Starts (or restarts, after a reopening) the survey's clock once the result was sent."""
    clocks = {c.kind: c for c in clocks_of(session, complaint.id)}
    _clock_of(session, complaint, clocks, ClockKind.survey, due, provisional)
    sync(complaint, clocks.values(), policy)


def request_assist(session: Session, complaint: ComplaintRow, department: str, policy: Policy,
                   at: dt.datetime) -> DeadlineRow:
    """Starts a department_assist clock for ``department`` (customer service asking another
    department for help, at any level); the caller checked that none is open."""
    due, provisional = span_end(policy.deadlines.department_assist, at, policy)
    clocks = {c.kind: c for c in clocks_of(session, complaint.id)}
    clock = _clock_of(session, complaint, clocks, ClockKind.department_assist, due, provisional)
    clock.department = department
    sync(complaint, clocks.values(), policy)
    return clock


def extension_limit(clock: DeadlineRow, policy: Policy) -> dt.datetime:
    """The latest due time an extension may set: ``max_working_days`` after the current one."""
    local = clock.due_at.astimezone(policy.zone)
    day, _ = policy.work_calendar.add_workdays(local.date(), policy.process_rules.extensions.max_working_days)
    return dt.datetime.combine(day, local.timetz())
