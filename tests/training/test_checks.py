"""Retraining data checks and the time split."""

from __future__ import annotations

import yaml

from pipeline.packaged import resource_path
from training import checks
from training.retrain import split_by_time


def rec(i, text, category="网络问题", severity=2, **extra):
    return {"id": str(i), "text": text, "category": category, "severity": severity, **extra}


def test_newer_labels_win_on_duplicates_and_conflicts_are_reported():
    records = [rec(1, "宽带断网了 13812345678", severity=2), rec(2, "手机没信号"),
               rec(3, "宽带断网了　13900001111", severity=3)]  # same text once masked and normalised
    kept, report = checks.dedupe(records)
    assert [r["id"] for r in kept] == ["3", "2"]
    assert report["duplicates"] == 1 and report["conflicting_labels"] == 1
    assert report["conflicts"][0] == {"kept": "3", "dropped": "1", "kept_label": ["网络问题", 3],
                                      "dropped_label": ["网络问题", 2]}


def test_training_never_sees_a_held_out_text():
    train, removed = checks.drop_overlap([rec(1, "宽带断网了"), rec(2, "话费多扣了")], [rec(9, "宽带 断网了")])
    assert [r["id"] for r in train] == ["2"] and removed == 1


def test_labels_below_the_cue_floor_are_flagged(policy):
    records = [rec(1, "我要向工信部投诉你们", severity=1), rec(2, "咨询一下套餐", severity=1)]
    found = checks.below_cue_floor(records, policy, lexicon=resource_path("cues.yaml"))
    assert [f["id"] for f in found] == ["1"] and found[0]["floor"] == 3 and "ESC-REGULATOR" in found[0]["rules"]


def test_the_cue_floor_check_reads_the_lexicon_it_is_given(policy, tmp_path):
    """The lexicon of the model being trained, not whatever the package ships."""
    raw = yaml.safe_load(resource_path("cues.yaml").read_text(encoding="utf-8"))
    raw["escalation"]["regulator"] = [t for t in raw["escalation"]["regulator"] if "工信部" not in t]
    lexicon = tmp_path / "cues.yaml"
    lexicon.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert checks.below_cue_floor([rec(1, "我要向工信部投诉你们", severity=1)], policy, lexicon=lexicon) == []


def test_unseen_classes_and_distribution():
    train = [rec(1, "a", "网络问题", 2), rec(2, "b", "费用问题", 1)]
    held = [rec(3, "c", "信息安全问题", 3)]
    assert checks.unseen_classes(train, held) == {"category": ["信息安全问题"], "severity": ["3"]}
    assert checks.distribution(train)["severity"] == {"1": 1, "2": 1}


def test_split_by_time_holds_out_the_newest():
    confirmed = [rec(i, f"t{i}", reviewed_at=f"2026-11-{i + 1:02d}T00:00:00+00:00") for i in (4, 0, 3, 1, 2)]
    older, newest = split_by_time(confirmed, 0.4)
    assert [r["id"] for r in older] == ["0", "1", "2"] and [r["id"] for r in newest] == ["3", "4"]
