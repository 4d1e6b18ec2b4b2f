"""The complaint's life cycle as a guarded state machine.

received → routed → in_progress → resolved → result_sent → surveyed → closed; a resolved,
result_sent, surveyed or closed complaint can be reopened (back to in_progress).
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType


class Status(StrEnum):
    received = "received"
    routed = "routed"
    in_progress = "in_progress"
    resolved = "resolved"
    result_sent = "result_sent"
    surveyed = "surveyed"
    closed = "closed"


MOVES: MappingProxyType[Status, frozenset[Status]] = MappingProxyType({
    Status.received: frozenset({Status.routed}),
    Status.routed: frozenset({Status.in_progress, Status.resolved}),
    Status.in_progress: frozenset({Status.resolved}),
    Status.resolved: frozenset({Status.result_sent, Status.in_progress}),
    Status.result_sent: frozenset({Status.surveyed, Status.closed, Status.in_progress}),
    Status.surveyed: frozenset({Status.closed, Status.in_progress}),
    Status.closed: frozenset({Status.in_progress}),
})

OPEN = frozenset({Status.received, Status.routed, Status.in_progress})
REOPENABLE = frozenset({Status.resolved, Status.result_sent, Status.surveyed, Status.closed})


def allowed_moves(status: Status) -> list[Status]:
    """Returns the states ``status`` may move to, in the life cycle's order."""
    order = list(Status)
    return sorted(MOVES[status], key=order.index)


def is_reopen(current: Status, target: Status) -> bool:
    return current in REOPENABLE and target is Status.in_progress
