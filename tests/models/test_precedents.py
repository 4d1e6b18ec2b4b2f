"""Precedents: the confirmed complaints a bundle looks up when it grades (models.precedents)."""

from __future__ import annotations

import json
import shutil

import pytest

from models.bundle import PRECEDENTS_FILE, load_bundle
from models.errors import BundleError
from models.grader import Grader
from models.precedents import PrecedentIndex
from tests.conftest import STARTER
from tests.test_cli import tousu
from training.config import TrainConfig
from training.train import train

CONFIRMED = [
    {"id": "T-1", "text": "我打了十几次电话都没人管，问题拖了一个多月还没解决", "category": "服务问题", "severity": 3},
    {"id": "T-2", "text": "请问怎么查询本月的话费账单", "category": "费用问题", "severity": 1},
    {"id": "T-3", "text": "宽带晚上网速很慢，看视频老是缓冲", "category": "业务使用问题", "severity": 2},
    {"id": "T-4", "text": "打了好多次电话，每次都说马上处理，一个月了还没解决，我真的很生气", "category": "服务问题",
     "severity": 3},
]


def test_the_nearest_precedents_come_most_alike_first_with_their_levels():
    index = PrecedentIndex(k=2).fit([r["text"] for r in CONFIRMED], [r["severity"] for r in CONFIRMED],
                                    [r["id"] for r in CONFIRMED])
    [near], [none] = index.nearest(["打了七次电话了，每次都说马上处理，一个月过去了还没有消息"]), index.nearest(["ABC"])
    assert [p.id for p in near] == ["T-4", "T-1"] and [p.level for p in near] == [3, 3]
    assert 1.0 >= near[0].similarity > near[1].similarity > 0
    assert none == ()  # nothing in common: no precedent at all


def test_an_index_needs_matching_columns_and_at_least_one_complaint():
    with pytest.raises(ValueError, match="same length"):
        PrecedentIndex().fit(["a", "b"], [1], ["x", "y"])
    with pytest.raises(ValueError, match="no precedents"):
        PrecedentIndex().fit([], [], [])
    with pytest.raises(ValueError, match="at least 1"):
        PrecedentIndex(k=0)


@pytest.fixture(scope="module")
def starter_records_labelled():
    from training.data import load_labelled

    return load_labelled(STARTER).records


def test_a_bundle_carries_its_precedents_and_grading_hands_them_to_the_policy(starter_records_labelled, tmp_path,
                                                                                policy):
    from tousu.grading import classify_texts

    bundle, problems = train(starter_records_labelled, tmp_path / "b", config=TrainConfig(), data_sha256="t",
                             precedent_records=CONFIRMED)
    assert problems == [] and len(bundle.precedents) == 4
    assert bundle.meta["precedents"] == {"n": 4, "k": 5} and bundle.meta["metrics"]["precedents"] == {"n": 4}
    grader = Grader(load_bundle(tmp_path / "b"))
    text = "电话打了好多回，每次都说马上处理，一个月了还没解决"  # no lexicon word for it
    [graded] = grader.grade([text])
    assert graded.prediction.precedents[0].id == "T-4"
    [decision] = classify_texts(grader, policy, [text])
    # the starter model alone grades it 2 without a doubt; its precedents flag it for review first,
    # and alert nobody
    assert decision.level == 2 and not decision.notify_leadership
    assert "possible_level_3" in decision.review_reasons
    assert any(r.id == "PRECEDENTS-LEVEL-3" and "T-4" in r.reason for r in decision.rules)
    [plain] = classify_texts(Grader(bundle_without_precedents(starter_records_labelled, tmp_path)), policy, [text])
    assert plain.level == 2 and not plain.needs_review


def bundle_without_precedents(records, tmp_path):
    bundle, _ = train(records, tmp_path / "plain", config=TrainConfig(), data_sha256="t")
    return bundle


def test_a_bundle_without_precedents_grades_with_none(starter_bundle):
    [graded] = Grader(starter_bundle).grade(["宽带晚上网速很慢"])
    assert starter_bundle.precedents is None and graded.prediction.precedents == ()


def test_precedents_edited_after_the_build_stop_the_bundle_loading(starter_records_labelled, tmp_path):
    train(starter_records_labelled, tmp_path / "b", config=TrainConfig(), data_sha256="t",
          precedent_records=CONFIRMED)
    other = tmp_path / "other"
    train(starter_records_labelled, other, config=TrainConfig(), data_sha256="t", precedent_records=CONFIRMED[:2])
    shutil.copyfile(other / PRECEDENTS_FILE, tmp_path / "b" / PRECEDENTS_FILE)
    with pytest.raises(BundleError, match="does not match"):
        load_bundle(tmp_path / "b")
    (tmp_path / "b" / PRECEDENTS_FILE).unlink()
    with pytest.raises(BundleError, match="missing"):
        load_bundle(tmp_path / "b")


def test_cli_train_precedents_reports_bad_lines_and_keeps_the_rest(tmp_path):
    precedents = tmp_path / "confirmed.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in CONFIRMED] + ["{not json", json.dumps(
        {"id": "T-9", "text": "   ", "category": "服务问题", "severity": 2}, ensure_ascii=False)]
    precedents.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = tousu("train", "--data", STARTER, "--out", tmp_path / "b", "--quiet", "--no-track",
                 "--precedents", precedents, data_dir=tmp_path / "var")
    assert json.loads(proc.stdout)["skipped_lines"] == 2
    assert "(precedents)" in proc.stderr and "error[empty_text]" in proc.stderr
    assert json.loads((tmp_path / "b" / "meta.json").read_text(encoding="utf-8"))["precedents"]["n"] == 4
    missing = tousu("train", "--data", STARTER, "--out", tmp_path / "c", "--quiet", "--no-track",
                    "--precedents", tmp_path / "nowhere.jsonl", check=False, data_dir=tmp_path / "var")
    assert missing.returncode == 2 and "data_invalid" in missing.stderr and not (tmp_path / "c").exists()


def test_the_similarities_are_scikit_learns_char_tfidf_cosines():
    """Written without scikit-learn (grading never imports it), measured against it."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [r["text"] for r in CONFIRMED] + ["Wi-Fi  经常 断网", "宽带  WiFi 又断了"]
    queries = ["打了七次电话 还没解决", "wifi 断网了", "宽带网速慢"]
    index = PrecedentIndex(k=len(texts)).fit(texts, [2] * len(texts), [str(i) for i in range(len(texts))])
    ours = np.zeros((len(queries), len(texts)))
    for q, found in enumerate(index.nearest(queries)):
        for p in found:
            ours[q, int(p.id)] = p.similarity
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True).fit(texts)
    theirs = (vectorizer.transform(queries) @ vectorizer.transform(texts).T).toarray()
    np.testing.assert_allclose(ours, theirs, atol=1e-4)


def test_a_bundle_with_precedents_grades_without_importing_scikit_learn(starter_records_labelled, tmp_path):
    import subprocess
    import sys

    train(starter_records_labelled, tmp_path / "b", config=TrainConfig(), data_sha256="t",
          precedent_records=CONFIRMED)
    code = ("import sys; from models.grader import Grader; "
            f"g = Grader.from_path({str(tmp_path / 'b')!r}); [r] = g.grade(['打了七次电话还没解决']); "
            "assert r.prediction.precedents; print(sorted(m for m in sys.modules if m.startswith('sklearn')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_precedents_of_another_layout_are_refused_with_a_reason(starter_records_labelled, tmp_path):
    """An index pickled by another version of the class fails on loading, not in the middle of grading."""
    import hashlib

    import joblib

    train(starter_records_labelled, tmp_path / "b", config=TrainConfig(), data_sha256="t",
          precedent_records=CONFIRMED)
    file = tmp_path / "b" / PRECEDENTS_FILE
    index = joblib.load(file)
    index.format_ = 0
    joblib.dump(index, file, compress=3)
    meta_path = tmp_path / "b" / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["precedents_sha256"] = hashlib.sha256(file.read_bytes()).hexdigest()  # as that version recorded it
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(BundleError, match="another version of tousu"):
        load_bundle(tmp_path / "b")
