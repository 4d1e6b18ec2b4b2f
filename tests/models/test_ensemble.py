"""The ensemble's weights are chosen per head, on complaints its members did not learn from."""

from __future__ import annotations

import numpy as np
import pytest

from models.bundle import load_bundle, save_bundle
from models.ensemble import EnsembleGrader, _macro_f1
from models.linear import LinearGrader
from pipeline.complaint import prepare
from pipeline.packaged import resource_path


def _fit(complaints, categories, levels):
    return LinearGrader(calibration_folds=2).fit(complaints, {"category": categories, "severity": levels})


def test_each_head_takes_the_weights_of_the_member_that_knows_it(starter_records):
    """One member learnt the categories and shuffled levels, the other the reverse."""
    rng = np.random.default_rng(0)
    train, held_out = starter_records[::2], starter_records[1::2]
    complaints = [prepare(r["text"]) for r in train]
    categories, levels = [r["category"] for r in train], [r["severity"] for r in train]
    knows_category = _fit(complaints, categories, list(rng.permutation(levels)))
    knows_level = _fit(complaints, list(rng.permutation(categories)), levels)
    ensemble = EnsembleGrader().fit_weights(
        [knows_category, knows_level], [prepare(r["text"]) for r in held_out],
        {"category": [r["category"] for r in held_out], "severity": [r["severity"] for r in held_out]})
    category, severity = ensemble.weights_for("category"), ensemble.weights_for("severity")
    assert category[0] >= 0.7 and severity[1] > 0 and category[0] - severity[0] >= 0.4
    # the severity mix is as good as the member that knows the level: the grid keeps the first member's weight on a
    # tie (w from 1 down), so the knowing member gets just what its argmax needs (0.4 on the starter data of
    # cues-2026.12.61, 0.5 before), never less than it takes to grade as it does
    held_levels = [r["severity"] for r in held_out]
    held_complaints = [prepare(r["text"]) for r in held_out]

    def severity_f1(model):
        proba, classes = model.predict_proba(held_complaints)["severity"], model.classes_["severity"]
        return _macro_f1(held_levels, [classes[j] for j in proba.argmax(1)])

    assert severity_f1(ensemble) >= severity_f1(knows_level) > severity_f1(knows_category) + 0.5
    for head in ("category", "severity"):
        assert abs(sum(ensemble.weights_for(head)) - 1.0) < 1e-9
    probe = [prepare("宽带从昨天开始完全上不了网，非常影响工作")]
    mixed = ensemble.predict_proba(probe)
    own = [member.predict_proba(probe) for member in (knows_category, knows_level)]
    for head in ("category", "severity"):
        w_first, w_second = ensemble.weights_for(head)
        np.testing.assert_allclose(mixed[head], w_first * own[0][head] + w_second * own[1][head])


def test_a_bundle_from_before_the_heads_had_their_own_weights_still_predicts(starter_records, tmp_path):
    complaints = [prepare(r["text"]) for r in starter_records[::4]]
    labels = {"category": [r["category"] for r in starter_records[::4]],
              "severity": [r["severity"] for r in starter_records[::4]]}
    first = _fit(complaints, labels["category"], labels["severity"])
    second = _fit(complaints[::-1], labels["category"][::-1], labels["severity"][::-1])
    ensemble = EnsembleGrader().fit_weights([first, second], complaints, labels)
    ensemble.weights_ = (0.6, 0.4)  # as pickled then: one pair for both heads
    bundle = save_bundle(tmp_path / "old", model=ensemble, config={}, user_dict=resource_path("user_dict.txt"),
                         lexicon=resource_path("cues.yaml"), lexicon_version="test", data_sha256="0" * 64,
                         n_train=len(complaints))
    mixed = load_bundle(bundle.path).model.predict_proba(complaints[:3])
    np.testing.assert_allclose(mixed["severity"], 0.6 * first.predict_proba(complaints[:3])["severity"]
                               + 0.4 * second.predict_proba(complaints[:3])["severity"])


class _Confidences:
    """A fitted member whose top probabilities are given: enough for the cascade's threshold."""

    def __init__(self, top):
        self.top = np.asarray(top, dtype=float)
        self.classes_ = {"category": ["a", "b"], "severity": [1, 2]}

    def predict_proba(self, complaints):
        p = self.top[: len(complaints)]
        both = np.column_stack([p, 1.0 - p])
        return {"category": both, "severity": both}


@pytest.mark.parametrize("n", [7, 13, 59, 118, 222])
@pytest.mark.parametrize("share", [0.1, 0.25, 0.5])
def test_the_cascade_never_consults_more_than_its_share(n, share):
    from models.cascade import CascadeGrader

    member = _Confidences(np.random.default_rng(n).uniform(0.5, 1.0, n))
    labels = {"category": ["a"] * n, "severity": [1] * n}
    cascade = CascadeGrader([member, member], max_share=share).fit_weights([member, member], list(range(n)), labels)
    assert cascade.consulted_share_ <= share
    assert cascade.consulted_share_ >= share - 1.0 / n - 1e-9  # and about as many as it may


def test_weights_chosen_on_data_held_apart_and_members_learn_from_every_complaint(starter_records):
    """`tousu train --weights-data`: nothing of the training data is held out for the weights."""
    train, apart = starter_records[::2], starter_records[1::2][:150]
    complaints = [prepare(r["text"]) for r in train]
    labels = {"category": [r["category"] for r in train], "severity": [r["severity"] for r in train]}
    apart_complaints = [prepare(r["text"]) for r in apart]
    apart_labels = {"category": [r["category"] for r in apart], "severity": [r["severity"] for r in apart]}
    members = [LinearGrader(calibration_folds=2), LinearGrader(calibration_folds=2, char_ngram_range=(1, 1))]
    ensemble = EnsembleGrader(members).fit(complaints, labels, weigh_on=(apart_complaints, apart_labels))
    alone = LinearGrader(calibration_folds=2).fit(complaints, labels)
    probe = apart_complaints[:5]
    np.testing.assert_allclose(ensemble.members_[0].predict_proba(probe)["category"],
                               alone.predict_proba(probe)["category"])
    again = EnsembleGrader().fit_weights(ensemble.members_, apart_complaints, apart_labels)
    assert ensemble.weights_ == again.weights_
