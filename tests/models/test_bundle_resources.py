"""A bundle carries everything a prediction reads: editing the shipped resources after
training changes no grade of the bundle's model."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml

from models.grader import Grader
from pipeline import complaint, cues, packaged
from tests.conftest import SHANGHAI
from tousu.grading import classify_texts

TEXTS = [
    "投诉内容：宽带从昨天开始断网，打了客服电话也没人管，非常愤怒，要向工信部投诉",
    "用户反映：话费被多扣了30元，要求退还",
    "手机营业厅界面显示异常，提示看不清楚",
    "联系电话：<PHONE> 家里网速很慢，看视频卡顿",
]
WHEN = dt.datetime(2026, 11, 2, 10, tzinfo=SHANGHAI)


def _grades(grader, policy):
    return [r.model_dump(mode="json", exclude={"timing_ms"}) for r in classify_texts(grader, policy, TEXTS,
                                                                                     received_at=WHEN)]


@pytest.fixture
def edited_resources(tmp_path, monkeypatch):
    """The package's resources as a later code change might leave them: every file edited."""
    edited = tmp_path / "resources"
    shutil.copytree(packaged.RESOURCES, edited)
    lexicon = yaml.safe_load((edited / "cues.yaml").read_text(encoding="utf-8"))
    lexicon["emotion"]["agitated"] = ["忍无可忍"]            # 非常愤怒 no longer agitated
    lexicon["escalation"]["regulator"] = ["消协"]            # 工信部 no longer a regulator
    lexicon["impact"]["interrupted"] = ["彻底瘫痪"]          # 断网 no longer an interruption
    (edited / "cues.yaml").write_text(yaml.safe_dump(lexicon, allow_unicode=True), encoding="utf-8")
    with (edited / "template_fields.txt").open("a", encoding="utf-8") as f:
        f.write("\n话费\n家里\n")                            # words of the texts become form labels
    with (edited / "user_dict.txt").open("a", encoding="utf-8") as f:
        f.write("\n宽带从昨天 5000 n\n看视频卡顿 5000 n\n")
    monkeypatch.setattr(packaged, "RESOURCES", edited)
    for cached in (cues.default_extractor, complaint._default_template, complaint._default_segmenter):
        cached.cache_clear()
    yield edited
    for cached in (cues.default_extractor, complaint._default_template, complaint._default_segmenter):
        cached.cache_clear()


def test_grades_ignore_shipped_resources_changed_after_training(starter_bundle, policy, request):
    before = _grades(Grader(starter_bundle), policy)
    shipped_view = complaint.prepare(TEXTS[0])
    request.getfixturevalue("edited_resources")
    # the edit has teeth: the shipped stages now read the text differently ...
    edited_view = complaint.prepare(TEXTS[0])
    assert (edited_view.cues, edited_view.tokens) != (shipped_view.cues, shipped_view.tokens)
    assert complaint.prepare(TEXTS[1]).text_features != shipped_view.text_features
    # ... and a grader over the bundle, loaded after the edit, grades exactly as before
    after = _grades(Grader.from_path(starter_bundle.path), policy)
    assert after == before


def test_a_bundle_records_the_hash_of_every_resource_it_carries(starter_bundle, tmp_path):
    from models.bundle import load_bundle
    from models.errors import BundleError

    copy = tmp_path / "bundle"
    shutil.copytree(starter_bundle.path, copy)
    assert load_bundle(copy).template_fields == copy / "template_fields.txt"
    with (copy / "template_fields.txt").open("a", encoding="utf-8") as f:
        f.write("\n新字段\n")
    with pytest.raises(BundleError, match="template_fields.txt does not match"):
        load_bundle(copy)
