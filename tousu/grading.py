"""Grading, composed once: receipt time → text stages → model → policy → :class:`Classification`.

The command line, the HTTP service, evaluation and the MLflow model all grade through
``classify`` here, with the policy passed in, so one file gets the same grades and the
same deadlines by every entry point. Graders (``models``) only predict; the policy layer
(``pipeline.policy``) only decides; this module puts them together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from models.grader import Grader
from pipeline.decision import Classification
from pipeline.errors import ReceivedAtError, ReceivedAtInFuture, ReceivedAtOutOfRange, TousuError
from pipeline.policy import Policy
from pipeline.policy.decide import suggestion_fields

#: Receipt times before this are typing errors, outside any working calendar.
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
#: How far ahead of the clock a receipt time may lie (clocks of intake systems drift).
CLOCK_SKEW = dt.timedelta(minutes=5)


def received_time(value: dt.datetime | str | None, policy: Policy, *, now: dt.datetime) -> dt.datetime:
    """Returns the receipt time a complaint's deadlines count from.

    ``None`` (or an empty string) means now. A time without a zone is read in the policy's
    zone. A time before 2000 or more than five minutes ahead of ``now`` is refused with a
    coded error: deadlines would start in the future or outside any calendar.
    """
    if value is None or value == "":
        return now
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ReceivedAtError("received_at must be an ISO 8601 date and time, e.g. 2026-11-30T09:15:00+08:00.",
                                  details={"expected": "ISO 8601"}) from None
    when = value if value.tzinfo else value.replace(tzinfo=policy.zone)
    if when < EARLIEST:
        raise ReceivedAtOutOfRange(f"received_at must not be before {EARLIEST.date().isoformat()}.",
                                   details={"received_at": when.isoformat()})
    if when - now > CLOCK_SKEW:
        raise ReceivedAtInFuture("received_at lies in the future.",
                                 details={"received_at": when.isoformat(), "now": now.isoformat()})
    return when


@dataclass(frozen=True, slots=True)
class Item:
    """One complaint to grade: its text and, optionally, when it was received."""

    text: str
    received_at: dt.datetime | str | None = None


def classify(grader: Grader, policy: Policy, items: Sequence[Item | TousuError], *,
             now: dt.datetime | None = None) -> list[Classification | TousuError]:
    """Grades items in one batch; returns, in order, a classification or the coded error of each.

    An item may already be an error (a line that could not be read): it is passed through,
    so callers keep their positions. One bad item never stops the others.
    """
    now = now or dt.datetime.now(policy.zone)
    out: dict[int, Classification | TousuError] = {}
    texts, stamps, where = [], [], []
    for i, item in enumerate(items):
        if isinstance(item, TousuError):
            out[i] = item
            continue
        try:
            stamps.append(received_time(item.received_at, policy, now=now))
        except TousuError as exc:
            out[i] = exc
            continue
        texts.append(item.text)
        where.append(i)
    for i, graded, when in zip(where, grader.grade(texts), stamps, strict=True):
        if isinstance(graded, TousuError):
            out[i] = graded
            continue
        try:
            out[i] = Classification(**suggestion_fields(graded.prediction, policy, when),
                                    text_masked=graded.complaint.text_masked,
                                    timing_ms=round(graded.elapsed_ms, 3))
        except TousuError as exc:  # a category the policy does not route
            out[i] = exc
    return [out[i] for i in range(len(items))]  # every item has its result or its error


def classify_texts(grader: Grader, policy: Policy, texts: Sequence[str], *,
                   received_at: dt.datetime | None = None) -> list[Classification | TousuError]:
    """Grades plain texts, all received at ``received_at`` (default: now)."""
    return classify(grader, policy, [Item(t, received_at) for t in texts])
