import json
import shutil

import numpy as np
import pytest

from models.bundle import META_FILE, load_bundle, save_bundle
from models.errors import BundleError, NotFittedError
from models.linear import LinearGrader
from pipeline.complaint import prepare
from pipeline.errors import EmptyTextError, NotChineseError
from pipeline.packaged import resource_path

TEN = [
    ("宽带完全无法上网，光猫红灯", "网络问题", 3), ("手机信号很弱，通话断断续续", "网络问题", 2),
    ("本月多扣了话费，要求退还", "费用问题", 2), ("咨询月租费怎么计算", "费用问题", 1),
    ("号码被冒名补卡，钱被转走", "信息安全问题", 3), ("每天收到骚扰电话", "信息安全问题", 3),
    ("营业员态度很差", "服务问题", 2), ("装维师傅没有上门", "服务问题", 2),
    ("宽带完全无法上网，光猫坏了", "网络问题", 3), ("咨询账单里的费用", "费用问题", 1),
]


def test_linear_overfit_save_reload_compare(tmp_path):
    complaints = [prepare(t) for t, _, _ in TEN]
    labels = {"category": [c for _, c, _ in TEN], "severity": [s for _, _, s in TEN]}
    model = LinearGrader(min_df=1, calibration_folds=2).fit(complaints * 2, {k: v * 2 for k, v in labels.items()})
    pred = model.predict_proba(complaints)
    cats = [model.classes_["category"][i] for i in pred["category"].argmax(1)]
    assert cats == labels["category"]
    bundle = save_bundle(tmp_path / "b", model=model, config={}, user_dict=resource_path("user_dict.txt"),
                         lexicon=resource_path("cues.yaml"), lexicon_version="test", data_sha256="0" * 64, n_train=20)
    again = load_bundle(bundle.path).model.predict_proba(complaints)
    for head in pred:
        np.testing.assert_allclose(again[head], pred[head])


def test_linear_unfitted_says_so():
    with pytest.raises(NotFittedError, match="not fitted"):
        LinearGrader().predict_proba([prepare("宽带断了")])


def test_grader_decision_is_explained(grader):
    (result,) = grader.grade(["用户称宽带三天无法上网，非常气愤，要求赔偿500元，联系电话13812345678"])
    p = result.prediction
    assert p.category in grader.model.classes_["category"]
    assert abs(sum(p.category_scores.values()) - 1) < 1e-6
    assert p.level == 3
    assert "<PHONE>" in result.complaint.text_masked and "13812345678" not in result.complaint.text_masked
    assert p.cues.compensation and p.cues.compensation_amount == 500.0
    assert p.bundle_id == grader.bundle_id


def test_grader_is_honest_about_no_evidence(grader):
    known, unknown = grader.grade(["客户来电反映宽带无法上网，要求尽快处理", "鲸鱼在深海里唱歌给月亮听"])
    assert known.prediction.evidence >= 0.5  # at or above evidence_full: probabilities stand
    assert unknown.prediction.evidence < 0.2
    # shrunk towards uniform: no class gets the confidence of a real answer
    assert unknown.prediction.category_proba < 0.3
    assert unknown.prediction.category_proba < known.prediction.category_proba


def test_grader_batch_keeps_good_items_and_reports_bad_ones(grader):
    results = grader.grade(["宽带断了", "", "only english", "话费多扣了"])
    assert isinstance(results[1], EmptyTextError) and isinstance(results[2], NotChineseError)
    assert results[0].prediction and results[3].prediction


def test_bundle_refuses_incompatible_or_tampered(tmp_path, starter_bundle):
    copy = tmp_path / "copy"
    shutil.copytree(starter_bundle.path, copy)
    meta = json.loads((copy / META_FILE).read_text(encoding="utf-8"))
    meta["libraries"]["scikit-learn"] = "0.24.2"
    (copy / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(BundleError, match="scikit-learn 0.24.2"):
        load_bundle(copy)
    meta["libraries"] = starter_bundle.meta["libraries"]
    meta["format"] = 99
    (copy / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(BundleError, match="format 99"):
        load_bundle(copy)
    meta["format"] = starter_bundle.meta["format"]
    (copy / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    (copy / "cues.yaml").write_text("version: x\n", encoding="utf-8")
    with pytest.raises(BundleError, match="modified after it was built"):
        load_bundle(copy)
    with pytest.raises(BundleError, match="No model bundle"):
        load_bundle(tmp_path / "missing")


def test_bundle_meta_records_provenance(starter_bundle):
    meta = starter_bundle.meta
    for key in ("bundle_id", "classes", "libraries", "lexicon_version", "user_dict_sha256", "data_sha256", "n_train"):
        assert meta[key]
    assert meta["classes"]["severity"] == [1, 2, 3]


@pytest.mark.parametrize("head", ["category", "escalation"])
def test_calibrated_linear_head_matches_scikit_learn(starter_records, head):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import LinearSVC

    from models.features import ComplaintFeaturizer
    from models.linear import CalibratedLinearHead

    complaints = [prepare(r["text"]) for r in starter_records]
    X = ComplaintFeaturizer().fit(complaints).transform(complaints)
    y = np.array([r[head] for r in starter_records])
    calibrated = CalibratedClassifierCV(LinearSVC(), method="sigmoid", cv=3).fit(X, y)
    fast = CalibratedLinearHead(calibrated, n_features=X.shape[1])
    np.testing.assert_allclose(fast.predict_proba(X), calibrated.predict_proba(X), atol=1e-9)


def test_featurizer_transform_matches_scikit_learn(starter_records):
    import scipy.sparse as sp

    from models.features import ComplaintFeaturizer
    from pipeline.cues import cue_features

    complaints = [prepare(r["text"]) for r in starter_records]
    # characters beyond the basic plane, in training (𠮷) and only in use (😡)
    complaints[0] = prepare(complaints[0].text + "𠮷𠮷家宽带断了")
    featurizer = ComplaintFeaturizer(cue_weight=2.0).fit(complaints[:250])
    word, char = featurizer.vectorizers()
    word.fit([c.tokens for c in complaints[:250]])
    char.fit([c.text_features for c in complaints[:250]])
    unseen = complaints[250:] + [prepare("鲸鱼在深海里  唱歌 ABC"),   # unknown words, spaces, case
                                 prepare("𠮷家宽带断了😡，气死了😡😡")]
    expected = sp.hstack([
        word.transform([c.tokens for c in unseen]),
        char.transform([c.text_features for c in unseen]),
        sp.csr_matrix(np.asarray([cue_features(c.cues) for c in unseen]) * 2.0),
    ]).toarray()
    np.testing.assert_allclose(featurizer.transform(unseen).toarray(), expected, atol=1e-6)
    # one text at a time gives the same rows as the batch
    np.testing.assert_allclose(featurizer.transform(unseen[-1:]).toarray(), expected[-1:], atol=1e-6)
    assert featurizer.transform([]).shape == (0, expected.shape[1])


def test_packed_ngram_keys_count_what_strings_count(starter_records):
    from models.features import ComplaintFeaturizer

    complaints = [prepare(r["text"]) for r in starter_records]
    featurizer = ComplaintFeaturizer(char_ngram_range=(1, 4)).fit(complaints)
    packed = featurizer.transform(complaints).toarray()
    chars, words = featurizer._char_grams, featurizer._word_grams
    assert chars.usable and words.usable and chars.bits * 4 <= 62
    # an alphabet too large to pack, or words of another shape, fall back to one string per n-gram
    chars.usable = words.usable = False
    np.testing.assert_allclose(featurizer.transform(complaints).toarray(), packed, atol=1e-6)
    # the indexes are rebuilt after loading, never pickled into a bundle
    assert {"_char_grams", "_word_grams"} <= featurizer.__dict__.keys()
    assert not featurizer.__getstate__().keys() & {"_char_grams", "_word_grams"}


def test_bundle_predicts_without_importing_scikit_learn(starter_bundle):
    import subprocess
    import sys

    code = ("import sys; from models.grader import Grader; "
            f"g = Grader.from_path({str(starter_bundle.path)!r}); g.grade(['宽带无法上网']); "
            "print(sorted(m for m in sys.modules if m.startswith('sklearn')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_optional_heads_learn_from_the_records_that_carry_them():
    complaints = [prepare(t) for t, _, _ in TEN] * 2
    impacts = ["interrupted", "degraded", "minor", "minor", "security", "security", "minor", "degraded",
               "interrupted", "minor"] * 2
    labels = {"category": [c for _, c, _ in TEN] * 2, "severity": [s for _, _, s in TEN] * 2,
              "impact": [imp if i % 3 else None for i, imp in enumerate(impacts)]}  # a third unlabelled
    model = LinearGrader(min_df=1, calibration_folds=2).fit(complaints, labels)
    assert set(model.classes_["impact"]) <= {"interrupted", "degraded", "minor", "security"}
    assert model.predict_proba(complaints[:3])["impact"].shape == (3, len(model.classes_["impact"]))
    with pytest.raises(ValueError, match="missing values"):
        LinearGrader(min_df=1, calibration_folds=2).fit(
            complaints, {**labels, "severity": [None] + labels["severity"][1:]})
