"""Grading for the HTTP API: the grader and the policy, one result or coded error per item."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ValidationError

from models.grader import Grader, classify
from pipeline.errors import TousuError
from pipeline.policy import Policy
from serving.classify.models import ClassifyRequest
from serving.errors import Unprocessable

EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # older receipt times are typing errors


def received_time(value: dt.datetime | None, policy: Policy, *, now: dt.datetime | None = None) -> dt.datetime:
    """Returns the receipt time: given (a naive one read in the policy's zone) or now.

    A time more than five minutes ahead of the clock is refused (deadlines would start in
    the future), and so is one before 2000 (a typing error, outside any working calendar).
    """
    current = now or dt.datetime.now(policy.zone)
    if value is None:
        return current
    when = value if value.tzinfo else value.replace(tzinfo=policy.zone)
    if when < EARLIEST:
        raise Unprocessable(f"received_at must not be before {EARLIEST.date().isoformat()}.",
                            code="received_at_out_of_range", details={"received_at": when.isoformat()})
    if when - current > dt.timedelta(minutes=5):
        raise Unprocessable("received_at lies in the future.", code="received_at_in_future",
                            details={"received_at": when.isoformat(), "now": current.isoformat()})
    return when


def classify_one(*, grader: Grader, policy: Policy, request_in: ClassifyRequest) -> dict[str, Any]:
    """Returns the graded, explained decision for one text; raises its coded error."""
    when = received_time(request_in.received_at, policy)
    result = classify(grader, policy, [request_in.text], [when])[0]
    if isinstance(result, TousuError):
        raise result
    return result.to_dict()


def classify_batch(*, grader: Grader, policy: Policy, items: list[Any], max_batch: int) -> dict[str, Any]:
    """Grades a batch; each item gets a result or an error, in the input's order."""
    if not items:
        raise Unprocessable("items is empty; send between 1 and "
                            f"{max_batch} items.", code="empty_batch")
    if len(items) > max_batch:
        raise Unprocessable(f"A batch holds at most {max_batch} items; got {len(items)}. Split it.",
                            code="batch_too_large", details={"max": max_batch, "got": len(items)})
    results: list[dict[str, Any]] = [{"index": i} for i in range(len(items))]
    texts, stamps, where = [], [], []
    for i, raw in enumerate(items):
        try:
            item = ClassifyRequest.model_validate(raw)
            stamps.append(received_time(item.received_at, policy))
        except ValidationError as exc:
            details = [{"loc": [str(p) for p in e["loc"]], "type": e["type"], "message": e["msg"]}
                       for e in exc.errors()]
            results[i]["error"] = {"code": "validation_error", "message": "The item does not match "
                                   "the classify request schema.", "details": details}
            continue
        except Unprocessable as exc:
            results[i]["error"] = {"code": exc.code, "message": exc.message, "details": exc.details}
            continue
        texts.append(item.text)
        where.append(i)
    for i, outcome in zip(where, classify(grader, policy, texts, stamps), strict=True):
        if isinstance(outcome, TousuError):
            results[i]["error"] = outcome.to_dict()
        else:
            results[i]["result"] = outcome.to_dict()
    failed = sum("error" in r for r in results)
    return {"results": results, "graded": len(results) - failed, "failed": failed}
