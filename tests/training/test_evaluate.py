"""The selective-grading figures of ``tousu evaluate`` count what they say."""

from __future__ import annotations

from training.evaluate import grade_records, score


def test_silent_misses_and_unreviewed_false_level_3_are_the_two_sides(grader, policy):
    records, graded, failures = grade_records(grader, policy, [
        {"text": "家里宽带网速有点慢", "category": "网络问题", "severity": 2}])
    assert failures == []
    one = graded[0]
    decisions = [
        one.model_copy(update={"level": 3, "needs_review": False}),   # level 2 applied as 3 unreviewed
        one.model_copy(update={"level": 3, "needs_review": True}),    # the same, but a person looks
        one.model_copy(update={"level": 3, "needs_review": False}),   # a real level 3
        one.model_copy(update={"level": 2, "needs_review": False}),   # a level 3 nobody sees
    ]
    labels = [{**records[0], "severity": s} for s in (2, 2, 3, 3)]
    figures = score(labels, decisions)
    assert figures["level3_unreviewed_false_rate"] == 0.25
    assert figures["level3_silent_miss_rate"] == 0.25
    assert figures["review_rate"] == 0.25
