"""The promotion gate: declared, validated, and strict about level-3 recall."""

from __future__ import annotations

import pytest
import yaml

from training.data import DataError
from training.gate import DEFAULT_GATE, judge, load_gate

CHAMPION = {"category_macro_f1": 0.80, "severity_macro_f1": 0.70, "severity_recall_3": 0.85}


@pytest.fixture
def gate():
    return load_gate()


def test_a_better_challenger_is_promoted(gate):
    better = {"category_macro_f1": 0.82, "severity_macro_f1": 0.70, "severity_recall_3": 0.85}
    decision = judge(gate, challenger=better, champion=CHAMPION, holdout_size=100)
    assert decision.promote and decision.comparison["category_macro_f1"]["delta"] == pytest.approx(0.02)


@pytest.mark.parametrize(("change", "reason"), [
    ({"severity_recall_3": 0.849}, "severity_recall_3 drops"),           # level-3 recall may never drop
    ({"category_macro_f1": 0.78, "severity_macro_f1": 0.75}, "category_macro_f1 drops"),
])
def test_a_drop_beyond_tolerance_is_refused(gate, change, reason):
    decision = judge(gate, challenger={**CHAMPION, "severity_macro_f1": 0.72, **change}, champion=CHAMPION,
                     holdout_size=100)
    assert not decision.promote and any(reason in r for r in decision.reasons)


def test_within_tolerance_but_no_better_is_refused(gate):
    same = {**CHAMPION, "category_macro_f1": 0.795}
    decision = judge(gate, challenger=same, champion=CHAMPION, holdout_size=100)
    assert not decision.promote and "improves none" in decision.reasons[-1]


def test_small_holdout_blocks_automatic_promotion(gate):
    decision = judge(gate, challenger={**CHAMPION, "category_macro_f1": 0.9}, champion=CHAMPION, holdout_size=3)
    assert not decision.promote and "min_size" in decision.reasons[0]


def test_first_model_becomes_champion(gate):
    decision = judge(gate, challenger=CHAMPION, champion=None, holdout_size=100)
    assert decision.promote


def test_gate_file_is_validated(tmp_path):
    data = yaml.safe_load(DEFAULT_GATE.read_text(encoding="utf-8"))
    data["metrics"]["accuracy_of_vibes"] = {"max_drop": 0.1}
    bad = tmp_path / "gate.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DataError, match="accuracy_of_vibes"):
        load_gate(bad)
    data = yaml.safe_load(DEFAULT_GATE.read_text(encoding="utf-8"))
    data["holdout"]["fraction"] = 1.5
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DataError, match="fraction"):
        load_gate(bad)
