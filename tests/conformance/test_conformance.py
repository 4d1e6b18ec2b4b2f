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

    Every complaint graded right since the suite and the base data follow the operator's own
    use of the categories (2026-12-01): a fixed line that fails (home broadband, 专线) is
    业务使用问题, 网络问题 the mobile network. Before, the base data called broadband 网络问题
    and the work orders never did, and this model got three categories wrong.
    """
    from models.grader import Grader
    from training.config import TrainConfig
    from training.data import load_labelled as load
    from training.train import train

    records = load(cocc_train).records + starter_records
    bundle, _ = train(records, tmp_path / "b", config=TrainConfig(), data_sha256="conformance")
    wrong = _wrong(Grader(bundle), policy)
    assert wrong == []


WORDING = Path(__file__).with_name("user_wording.jsonl")


def test_user_wording_the_default_model_against_complaints_written_as_users_write(grader, policy):
    """The regulation's examples of each level in a user's words (README, "The policy layer").

    Changes were chosen after seeing how the rows `used_for_the_change` were graded: the
    first 39 (user-a…e) for lexicon cues-2026.11.3, the 30 user-h rows (written 2026-11-30 as
    held_out_2) for cues-2026.12.1 and the starter data of 2026-12-01. No change was chosen on
    the `held_out` rows, on `held_out_3` (user-i, written 2026-12-01 before the change) or on
    `held_out_4` (user-j, written after held_out_3's grades were read, graded only after the
    change). `held_out_5` (user-k) was written before the base data moved fixed-line faults to
    业务使用问题. Its polite questions graded level 2 (k18, k22, k27) led to cues-2026.12.2's
    question words and four starter descriptions; `held_out_6` (user-l), written before that
    change and graded once with its first version, shaped the final one through l2, l15 and
    l21. Those six rows are now `used_for_the_change`. `held_out_7` (user-m) was written
    before the final version and graded only after it: the clean measure of that change
    (levels 12 → 14 of 16). Its m5 (a question that also reports a slow broadband) led to
    cues-2026.12.3's network.slow and the rule SLOW-NETWORK and is now `used_for_the_change`;
    `held_out_8` (user-n) was written before that change and graded only after it (levels 20
    → 22 of 22). `held_out_9` (user-p) was written before the FIXED-LINE rule (cues-2026.12.4,
    policy 2026.12.2) and graded after it (categories 12 → 15 of 16); three of its rows (p2,
    p7, p8: an outage said apart, a line that often fails) then led to the lexicon's
    `line_down` and are `used_for_the_change`. `held_out_10` (user-q) was written after that and
    graded with it (levels 7 → 11 of 12); its q1 (宽带昨天晚上突然断了, a silent level-3 miss) led
    to cues-2026.12.5's clause window and is `used_for_the_change`. `held_out_11` (user-r) was
    written after cues-2026.12.5 and first graded with it (levels 21 of 24): its r17 (宽带一断网就
    要重启光猫, level 3 with an alert) and r6 (座机打不出去也接不进来, level 2) led to cues-2026.12.6
    (intermittent; no call in either direction) and are `used_for_the_change`; the other 22 grade
    the same before and after it. `held_out_12` (user-s) was written after that and before
    policy 2026.12.4's MOBILE-NETWORK rule (a slow network with no fixed line named is not
    业务使用问题), which i1, n2 and r14 (手机上网…慢 graded 业务使用问题) had suggested; its s17
    (家里的WiFi信号弱 graded 网络问题) led to WiFi and WLAN joining the fixed-line words
    (cues-2026.12.7). Those four rows are `used_for_the_change`; the other 17 of held_out_12
    grade the same before and after (17 levels, 15 categories). `held_out_13` (user-t) was
    written after policy 2026.12.5; its t5 (打了二十几次电话…你们还想不想干了, a level-3 complaint
    graded 2 without review) led to cues-2026.12.10 and is `used_for_the_change`; the other 22
    grade the same before and after. `held_out_14` (user-u) was written after that; its u4
    (法院旁边那个营业厅, graded 3 from 法院) and u12 (客服把我的身份证号和住址告诉了别人, graded 2)
    led to cues-2026.12.11 and are `used_for_the_change`; the other 16 grade the same before
    and after. `held_out_15` (user-v) was written after that; its v3 (微博上看到…活动, graded 3 with
    an alert), v9 (欠费停机…交多少钱能开机, graded 3 with an alert) and v14 (投诉到你们总部, a level-3
    complaint graded 2 without review) led to cues-2026.12.12 and are `used_for_the_change`; the
    other 13 grade the same before and after (9 levels, 7 categories). `held_out_16` (user-w) was
    written after that; its w11 (防止电信诈骗, a question that alerted) and w7, w17, w19 (偷拿, 差点
    着火, 气得: level-3 complaints graded 2, two of them silent) led to cues-2026.12.13 and are
    `used_for_the_change`; the other 8 grade the same before and after. p12 of held_out_9
    (路由器…卧室里连不上, level 3 with an alert since it was written) led to cues-2026.12.14 and is
    `used_for_the_change`. `held_out_17` (user-x) was written after that; its x32 (新闻上说有人冒充
    …诈骗, a question) and x33 (看到你们在抖音上的宣传) alerted the leadership group and x18 (受够了)
    and x28 (投诉…快两年了) were level-3 complaints graded 2 without review: they led to
    cues-2026.12.15 (media_post, hearsay, lasting_complaint, 受够) and are `used_for_the_change`;
    the other 30 grade the same before and after. Measured: 97 of 101, 9 of
    10, 25 of 29 (i2 right since cues-2026.12.6), 18 of 20, 27 of 27, 21 of 21, 14 of 15, 21 of
    21, 12 of 12, 11 of 11, 20 of 21, 17 of 17, 18 of 22, 16 of 16, 9 of 13, 6 of 8 and 25 of 30
    levels right; 25 of 29, 14 of 20, 23 of 27, 17 of 21, 11 of 15, 17 of 21, 12 of 12, 9 of 11,
    19 of 21, 15 of 17, 17 of 22, 11 of 16, 7 of 13, 4 of 8 and 23 of 30 categories of held_out_3
    … 17. No
    level-3 complaint is graded lower without review (e10, 整栋楼的手机都没信号了, was until
    cues-2026.12.2; p7, 小区里手机信号突然全没了, until line_down; q1 until cues-2026.12.5; t5 until
    cues-2026.12.10; v14 until cues-2026.12.12; w7 and w17 until cues-2026.12.13; x18 and x28 until
    cues-2026.12.15).
    """
    variant = {row["id"]: row["variant"] for row in map(json.loads, WORDING.read_text(encoding="utf-8").splitlines())}
    records, graded, failures = grade_records(grader, policy, load_labelled(WORDING).records)
    assert failures == []
    size = {"used_for_the_change": 101, "held_out": 10, "held_out_3": 29, "held_out_4": 20, "held_out_5": 27,
            "held_out_6": 21, "held_out_7": 15, "held_out_8": 21, "held_out_9": 12, "held_out_10": 11,
            "held_out_11": 21, "held_out_12": 17, "held_out_13": 22,
            "held_out_14": 16, "held_out_15": 13, "held_out_16": 8, "held_out_17": 30}
    right: dict[str, list[bool]] = {v: [] for v in size}
    category_right: dict[str, list[bool]] = {v: [] for v in size}
    for r, g in zip(records, graded, strict=True):
        right[variant[r["id"]]].append(g.level == r["severity"])
        category_right[variant[r["id"]]].append(g.category == r["category"])
    assert {v: len(rows) for v, rows in right.items()} == size
    assert sum(right["used_for_the_change"]) >= 97 and sum(right["held_out"]) >= 9
    assert sum(right["held_out_3"]) >= 25 and sum(category_right["held_out_3"]) >= 25
    assert sum(right["held_out_4"]) >= 18 and sum(category_right["held_out_4"]) >= 14
    assert sum(right["held_out_5"]) >= 27 and sum(category_right["held_out_5"]) >= 23
    assert sum(right["held_out_6"]) >= 21 and sum(category_right["held_out_6"]) >= 17
    assert sum(right["held_out_7"]) >= 14 and sum(category_right["held_out_7"]) >= 11
    assert sum(right["held_out_8"]) >= 21 and sum(category_right["held_out_8"]) >= 17
    assert sum(right["held_out_9"]) >= 12 and sum(category_right["held_out_9"]) >= 12
    assert sum(right["held_out_10"]) >= 11 and sum(category_right["held_out_10"]) >= 9
    assert sum(right["held_out_11"]) >= 20 and sum(category_right["held_out_11"]) >= 19
    assert sum(right["held_out_12"]) >= 17 and sum(category_right["held_out_12"]) >= 15
    assert sum(right["held_out_13"]) >= 18 and sum(category_right["held_out_13"]) >= 17
    assert sum(right["held_out_14"]) >= 16 and sum(category_right["held_out_14"]) >= 11
    assert sum(right["held_out_15"]) >= 9 and sum(category_right["held_out_15"]) >= 7
    assert sum(right["held_out_16"]) >= 6 and sum(category_right["held_out_16"]) >= 4
    assert sum(right["held_out_17"]) >= 25 and sum(category_right["held_out_17"]) >= 23
    silent_level3 = [r["id"] for r, g in zip(records, graded, strict=True)
                     if r["severity"] == 3 and g.level < 3 and not g.needs_review]
    assert silent_level3 == []
