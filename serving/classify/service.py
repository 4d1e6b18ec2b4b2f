"""Grading for the HTTP API: one result or coded error per item, through ``tousu.grading``."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from models.grader import Grader
from pipeline.decision import Classification
from pipeline.errors import TousuError
from pipeline.policy import Policy
from serving.classify.models import BatchItemResult, ClassifyBatchResponse, ClassifyRequest, ItemError
from serving.errors import Unprocessable
from tousu.grading import Item, classify


def classify_one(*, grader: Grader, policy: Policy, request_in: ClassifyRequest) -> Classification:
    """Returns the graded, explained decision for one text; raises its coded error."""
    result = classify(grader, policy, [Item(request_in.text, request_in.received_at)])[0]
    if isinstance(result, TousuError):
        raise result
    return result


def _item(raw: Any) -> Item | TousuError:
    try:
        request_in = ClassifyRequest.model_validate(raw)
    except ValidationError as exc:
        details = [{"loc": [str(p) for p in e["loc"]], "type": e["type"], "message": e["msg"]} for e in exc.errors()]
        return TousuError("The item does not match the classify request schema.", details=details,
                          code="validation_error")
    return Item(request_in.text, request_in.received_at)


def check_batch_size(items: list[Any], max_batch: int) -> None:
    if not items:
        raise Unprocessable(f"items is empty; send between 1 and {max_batch} items.", code="empty_batch")
    if len(items) > max_batch:
        raise Unprocessable(f"A batch holds at most {max_batch} items; got {len(items)}. Split it.",
                            code="batch_too_large", details={"max": max_batch, "got": len(items)})


def classify_batch(*, grader: Grader, policy: Policy, items: list[Any], max_batch: int) -> ClassifyBatchResponse:
    """Grades a batch; each item gets a result or an error, in the input's order."""
    check_batch_size(items, max_batch)
    results = []
    for i, outcome in enumerate(classify(grader, policy, [_item(raw) for raw in items])):
        if isinstance(outcome, TousuError):
            results.append(BatchItemResult(index=i, error=ItemError(code=outcome.code, message=outcome.message,
                                                                    details=outcome.details)))
        else:
            results.append(BatchItemResult(index=i, result=outcome))
    failed = sum(r.error is not None for r in results)
    return ClassifyBatchResponse(results=results, graded=len(results) - failed, failed=failed)
