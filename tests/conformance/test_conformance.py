"""The regulation's own definitions, graded: the shipped default model gets every one right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.data import load_labelled
from training.evaluate import grade_records

SUITE = Path(__file__).with_name("regulation.jsonl")


def _wrong(grader, policy):
    records, graded, failures = grade_records(grader, policy, load_labelled(SUITE).records)
    assert failures == []
    return [(r["id"], r["text"], (r["severity"], r["category"]), (g.level, g.category))
            for r, g in zip(records, graded, strict=True) if (g.level, g.category) != (r["severity"], r["category"])]


def test_conformance_suite_is_the_documented_size_and_mix():
    rows = [json.loads(line) for line in SUITE.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 60
    assert {r["variant"] for r in rows} == {"simplified", "traditional", "contact_line"}
    assert {r["severity"] for r in rows} == {1, 2, 3}


def test_conformance_the_default_model_grades_every_complaint_as_the_regulation_does(grader, policy):
    assert _wrong(grader, policy) == []


@pytest.mark.slow
@pytest.mark.shared_data
def test_conformance_a_model_trained_on_the_shared_data(cocc_train, starter_records, tmp_path, policy):
    """Trained as `tousu retrain` trains: the agents' work orders plus the project's base data.

    Every level is right; categories are not all right yet (README, "Targets"): work orders
    written by agents teach little about complaints written by users.
    """
    from models.grader import Grader
    from training.config import TrainConfig
    from training.data import load_labelled as load
    from training.train import train

    records = load(cocc_train).records + starter_records
    bundle, _ = train(records, tmp_path / "b", config=TrainConfig(), data_sha256="conformance")
    wrong = _wrong(Grader(bundle), policy)
    assert [w for w in wrong if w[2][0] != w[3][0]] == []          # every level right
    assert len(wrong) <= 3, wrong                                  # 71 of 74, in any order


WORDING = Path(__file__).with_name("user_wording.jsonl")


def test_user_wording_the_default_model_against_complaints_written_as_users_write(grader, policy):
    """The regulation's examples of each level in a user's words (README, "The policy layer").

    The lexicon was extended after seeing how the rows `used_for_the_change` were graded;
    the `held_out` rows were never used to choose a change. `held_out_2` (30 rows) was
    written on 2026-11-30 before any of its grades was read, and no change was chosen on it.
    Measured: 35 of 39, 8 of 10 and 23 of 30 levels right; 14 of the 30 categories right.
    The level-3 complaints graded lower without review: 整整五天用不了 (e5), 短信全部被删了
    (h21: 短信 alone is no stored-data word) and 名下却多了两个手机号 (h28: the lexicon has 名下多).
    """
    variant = {row["id"]: row["variant"] for row in map(json.loads, WORDING.read_text(encoding="utf-8").splitlines())}
    records, graded, failures = grade_records(grader, policy, load_labelled(WORDING).records)
    assert failures == []
    right: dict[str, list[bool]] = {"used_for_the_change": [], "held_out": [], "held_out_2": []}
    category_right: dict[str, list[bool]] = {v: [] for v in right}
    for r, g in zip(records, graded, strict=True):
        right[variant[r["id"]]].append(g.level == r["severity"])
        category_right[variant[r["id"]]].append(g.category == r["category"])
    assert {v: len(rows) for v, rows in right.items()} == {"used_for_the_change": 39, "held_out": 10, "held_out_2": 30}
    assert sum(right["used_for_the_change"]) >= 35 and sum(right["held_out"]) >= 8
    assert sum(right["held_out_2"]) >= 23 and sum(category_right["held_out_2"]) >= 14
    silent_level3 = [r["id"] for r, g in zip(records, graded, strict=True)
                     if r["severity"] == 3 and g.level < 3 and not g.needs_review]
    assert silent_level3 == ["user-e5", "user-h21", "user-h28"]
