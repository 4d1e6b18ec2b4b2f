"""Training gives the same model whatever the order of its records."""

from __future__ import annotations

import random

import numpy as np

from models.grader import Grader
from training.config import TrainConfig
from training.train import content_order, train

PROBES = ["宽带完全无法上网，要向工信部投诉", "这两天晚上家里宽带经常卡顿，看视频一直缓冲",
          "营业厅的叫号屏显示不对", "套餐费用多扣了二十元，请核实退还"]


def _records(starter_records):
    # every category and level of the starter data, enough of each for three calibration folds
    return [{"text": r["text"], "category": r["category"], "severity": r["severity"]} for r in starter_records[::3]]


def test_content_order_depends_on_the_records_not_on_their_order(starter_records):
    records = _records(starter_records)
    shuffled = random.Random(7).sample(records, len(records))
    heads = ["category", "severity"]
    assert [records[i] for i in content_order(records, heads)] == [shuffled[i] for i in content_order(shuffled, heads)]
    # a mix, not a sort by text: a sort would put the texts that begin alike side by side
    assert [records[i]["text"] for i in content_order(records, heads)] != sorted(r["text"] for r in records)


def test_content_order_tells_apart_records_that_differ_only_in_a_label():
    records = [{"text": "宽带断了", "category": "网络问题", "severity": s} for s in (1, 2, 3)]
    for permutation in ([0, 1, 2], [2, 0, 1], [1, 2, 0]):
        permuted = [records[i] for i in permutation]
        assert [permuted[i] for i in content_order(permuted, ["severity"])] == \
               [records[i] for i in content_order(records, ["severity"])]


def test_the_same_records_in_another_order_train_the_same_model(starter_records, tmp_path):
    records = _records(starter_records)
    predictions = []
    for name, ordered in (("given", records), ("reversed", records[::-1]),
                          ("shuffled", random.Random(3).sample(records, len(records)))):
        bundle, _ = train(ordered, tmp_path / name, config=TrainConfig(), data_sha256="order")
        grader = Grader(bundle)
        predictions.append(grader.predict([grader.prepare(t) for t in PROBES]))
    first = predictions[0]
    for other in predictions[1:]:
        for a, b in zip(first, other, strict=True):
            assert (a.category, a.level) == (b.category, b.level)
            for mine, theirs in ((a.category_scores, b.category_scores), (a.level_scores, b.level_scores)):
                assert mine.keys() == theirs.keys()
                np.testing.assert_allclose([mine[k] for k in mine], [theirs[k] for k in mine], rtol=0, atol=1e-12)


def test_weights_data_is_refused_for_a_model_without_weights(starter_records, tmp_path):
    import pytest

    from training.data import DataError

    records = _records(starter_records)
    with pytest.raises(DataError, match="ensemble's or a cascade's weights") as err:
        train(records, tmp_path / "b", config=TrainConfig(), data_sha256="0" * 64, weigh_records=records[:20])
    assert err.value.code == "data_invalid" and not (tmp_path / "b").exists()
