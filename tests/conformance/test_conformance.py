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


WORDING = Path(__file__).with_name("level1_wording.jsonl")


def test_level1_wording_display_and_prompt_complaints_in_a_users_words(grader, policy):
    """The regulation's level-1 examples (界面显示问题, 操作提示不清晰) as users write them.

    The rows written with the lexicon change must all get their level; the rows written
    after it are a held-out look (README, "The policy layer"): 8 of 10 measured.
    """
    variant = {row["id"]: row["variant"] for row in map(json.loads, WORDING.read_text(encoding="utf-8").splitlines())}
    records, graded, failures = grade_records(grader, policy, load_labelled(WORDING).records)
    assert failures == []
    right: dict[str, list[bool]] = {"written_with_the_change": [], "written_after": []}
    for r, g in zip(records, graded, strict=True):
        right[variant[r["id"]]].append(g.level == r["severity"])
    assert all(right["written_with_the_change"]) and len(right["written_with_the_change"]) == 15
    assert sum(right["written_after"]) >= 8 and len(right["written_after"]) == 10
