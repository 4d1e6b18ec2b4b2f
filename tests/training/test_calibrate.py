"""``tousu calibrate``: the search scores thresholds as ``decide()`` applies them, and proposes
settings a policy file accepts."""

from __future__ import annotations

import numpy as np
import pytest

from models.grader import Grader
from pipeline.policy.schema import Thresholds
from tests.conformance.test_conformance import WORDING
from training.calibrate import _threshold, calibrate, columns, outcomes
from training.config import TrainConfig
from training.data import load_labelled
from training.evaluate import grade_records
from training.train import train

THRESHOLDS = ("category_min_confidence", "level_min_confidence", "level3_watch", "level3_alert",
              "level3_corroborate", "precedent_level3_share", "precedent_alert_share")


@pytest.fixture(scope="module")
def user_rows():
    return load_labelled(WORDING).records


@pytest.fixture(scope="module")
def with_precedents(starter_records, user_rows, tmp_path_factory):
    """The starter model carrying the first half of the user-written rows as precedents."""
    records = [{"text": r["text"], "category": r["category"], "severity": r["severity"]} for r in starter_records]
    bundle, _ = train(records, tmp_path_factory.mktemp("calibrate") / "b", config=TrainConfig(), data_sha256="c",
                      precedent_records=user_rows[: len(user_rows) // 2])
    return Grader(bundle)


@pytest.mark.parametrize("which", ["plain", "precedents"])
def test_the_search_scores_the_policys_own_thresholds_as_decide_applies_them(which, grader, with_precedents, policy,
                                                                             user_rows):
    """Every complaint: flagged and alerted under the policy's thresholds exactly as graded."""
    chosen = grader if which == "plain" else with_precedents
    kept, graded, _ = grade_records(chosen, policy, user_rows)
    cols = columns(kept, graded, policy)
    result = outcomes(cols, **{n: _threshold(policy, n) for n in THRESHOLDS})
    assert np.array_equal(result["flagged"], np.array([g.needs_review for g in graded]))
    assert np.array_equal(result["alerted"], np.array([g.notify_leadership for g in graded]))
    if which == "precedents":  # the shares are what moved these
        assert any("precedents_disagree" in g.review_reasons for g in graded) or \
            any(r.id == "PRECEDENTS-LEVEL-3" for g in graded for r in g.rules)


def test_the_precedent_shares_are_searched_only_where_grades_carry_precedents(grader, with_precedents, policy,
                                                                             user_rows):
    small = {"category_min_confidence": (0.0, 0.4), "level_min_confidence": (0.0, 0.35), "level3_watch": (0.1, 1.01),
             "level3_alert": (1.01,), "level3_corroborate": (0.6,)}
    # user-written rows are harder than work orders: about a fifth of them (short questions, Cantonese, words
    # the starter data never saw) are flagged whatever the thresholds, so the search gets a budget they fit
    assert policy.costs is not None
    policy = policy.model_copy(update={"costs": policy.costs.model_copy(update={"review_budget": 0.35})})
    kept, graded, _ = grade_records(grader, policy, user_rows)
    plain = calibrate(kept, graded, policy, grid=small)
    assert "precedent_level3_share" not in plain["proposed"]
    kept, graded, _ = grade_records(with_precedents, policy, user_rows)
    grid = {**small, "precedent_level3_share": (0.6, 1.01), "precedent_alert_share": (0.0, 0.3)}
    proposal = calibrate(kept, graded, policy, grid=grid)
    assert {"precedent_level3_share", "precedent_alert_share"} <= proposal["proposed"].keys()
    assert proposal["proposed"]["review_rate"] <= policy.costs.review_budget
    # the lines it proposes are thresholds a policy file accepts (an "off" setting is left out)
    lines = proposal["policy_lines"].splitlines()[1:]
    unsearched = {k: v for k, v in policy.thresholds.model_dump().items() if k not in grid}
    Thresholds.model_validate({**unsearched, **{k.strip(): float(v) for k, v in (line.split(":") for line in lines)}})
    assert all(not line.strip().startswith("precedent_alert_share: 0.0") for line in lines)
