"""The grading path on the licensed shared COCC data (read from ../shared, never copied).

One stratified 80/20 split, trained and graded through ``tousu.grading``: the floors below
are well under the cross-validated figures in the README (one split of 371 complaints
moves them by a point or two), so they catch regressions rather than noise.
"""

import datetime as dt

import pytest
from sklearn.model_selection import train_test_split

pytestmark = [pytest.mark.slow, pytest.mark.shared_data]


@pytest.fixture(scope="module")
def holdout_figures(cocc_train, tmp_path_factory, policy):
    from models.grader import Grader
    from tousu.grading import classify_texts
    from training.config import TrainConfig
    from training.data import load_labelled
    from training.evaluate import score
    from training.train import train

    data = load_labelled(cocc_train)
    assert data.problems == []
    strata = [f"{r['category']}|{r['severity']}" for r in data.records]
    tr, te = train_test_split(data.records, test_size=0.2, random_state=0, stratify=strata)
    bundle, _ = train(tr, tmp_path_factory.mktemp("cocc") / "b", config=TrainConfig(), data_sha256=data.sha256)
    grader, when = Grader(bundle), dt.datetime(2026, 11, 2, 10, tzinfo=policy.zone)
    results = classify_texts(grader, policy, [r["text"] for r in te], received_at=when)
    figures = score(te, results)
    with_contact = classify_texts(grader, policy, [CONTACT_LINE + r["text"] for r in te], received_at=when)
    moved = sum((a.level, a.category) != (b.level, b.category) for a, b in zip(results, with_contact, strict=True))
    figures["contact_line_changed"] = moved / len(te)
    return figures


CONTACT_LINE = "联系电话13812345678，身份证号110101199003071234，"


def test_cocc_category_and_severity(holdout_figures):
    f = holdout_figures
    assert f["category_macro_f1"] >= 0.84
    assert f["severity_macro_f1"] >= 0.60  # the calibrated arg-max: no class weights towards level 3


def test_cocc_selective_grading(holdout_figures):
    """What the policy promises: level 3 is rarely missed unflagged, alerts are mostly real."""
    f = holdout_figures
    assert f["review_rate"] <= 0.25
    assert f["level3_silent_miss_rate"] <= 0.05
    assert f["alert_precision"] >= 0.75
    assert f["contact_line_changed"] <= 0.03


def test_cocc_cues(holdout_figures):
    f = holdout_figures
    assert f["escalation_f1"] >= 0.9
    assert f["compensation_f1"] >= 0.88
    assert f["emotion_macro_f1"] >= 0.8


def test_cocc_review_share(holdout_figures):
    assert holdout_figures["needs_review_rate"] <= 0.25
