"""Every code a page shows has a Chinese label in the one catalogue (serving/labels.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from pipeline.cues import CUE_NAMES, default_extractor
from pipeline.decision import DeadlineKind
from pipeline.policy import decide
from pipeline.policy.decide import decide_by_agent
from serving import labels
from serving.clocks.clock import ClockKind, ClockState
from serving.complaints.models import Channel, SurveyMethod
from serving.complaints.workflow import Status
from serving.web.views import _highlight
from tests.conftest import SHANGHAI
from tests.factories import make_prediction

ROOT = Path(__file__).resolve().parents[2]


def test_every_enum_value_has_a_label():
    for catalogue, enum in ((labels.STATUS, Status), (labels.DEADLINE, DeadlineKind), (labels.DEADLINE, ClockKind),
                            (labels.CLOCK_STATE, ClockState), (labels.CHANNEL, Channel),
                            (labels.SURVEY_METHOD, SurveyMethod)):
        missing = [e.value for e in enum if e.value not in catalogue]
        assert not missing, f"{enum.__name__}: no label for {missing}"


def test_every_review_reason_and_audit_kind_the_code_writes_has_a_label():
    decide = (ROOT / "pipeline" / "policy" / "decide.py").read_text(encoding="utf-8")
    reasons = set(re.findall(r'reasons\.append\("([a-z_0-9]+)"\)', decide)) | {"possible_level_3"}
    assert reasons and not reasons - set(labels.REVIEW_REASON), reasons - set(labels.REVIEW_REASON)
    kinds: set[str] = set()
    for path in (ROOT / "serving").rglob("*.py"):
        kinds |= set(re.findall(r'_audit\([^"]*?"([a-z_]+)",', path.read_text(encoding="utf-8")))
    assert {"intake", "breach", "escalation", "extension"} <= kinds
    assert not kinds - set(labels.AUDIT_KIND), kinds - set(labels.AUDIT_KIND)


def test_every_cue_the_extractor_can_name_has_a_label():
    assert not set(CUE_NAMES) - set(labels.CUE), set(CUE_NAMES) - set(labels.CUE)
    # each of the lexicon's own terms, found alone, carries a listed cue name
    lexicon = default_extractor().lexicon
    terms = [*lexicon.emotion.agitated, *lexicon.impact.interrupted, *lexicon.impact.minor, *lexicon.escalation.media,
             *(lexicon.slow_network.words if lexicon.slow_network else ()),
             *(lexicon.product.fixed_line if lexicon.product else ()), "客服热线打不进", "非常不满", "照片全没了"]
    named = {s.cue for t in terms for s in default_extractor()(t).spans}
    assert {"network.slow", "product.fixed_line", "service.unreachable", "emotion.degree"} <= named
    assert not named - set(CUE_NAMES), named - set(CUE_NAMES)


def test_an_unknown_code_shows_as_itself():
    assert labels.label(labels.STATUS, Status.in_progress) == "处理中"
    assert labels.label(labels.STATUS, "something_new") == "something_new"


def test_every_effect_a_decision_names_shows_in_chinese(policy):
    # the complaint page shows what each fired rule did; the decision keeps the code-like text
    at = dt.datetime(2026, 11, 2, 10, tzinfo=SHANGHAI)
    effects = []
    for text, scores in (("你们乱扣费，我要去法院起诉，要求赔偿五千元", {"费用问题": 0.9, "服务问题": 0.1}),
                         ("家里宽带一到晚上就特别卡", {"网络问题": 0.6, "业务使用问题": 0.4}),
                         ("手机上网特别慢，刷视频一直转圈", {"业务使用问题": 0.6, "网络问题": 0.4})):
        cues = default_extractor()(text)
        best = max(scores, key=scores.__getitem__)
        prediction = dataclasses.replace(make_prediction(category=best, category_proba=scores[best], cues=cues),
                                         category_scores=scores)
        suggested = decide(prediction, cues, policy, at)
        effects += [r.effect for r in suggested.rules]
        for category, level in ((suggested.category, suggested.level), ("服务问题", 1)):
            effects += [r.effect for r in decide_by_agent(suggested, category=category, level=level, reason="核实",
                                                          policy=policy).rules]
    parts = {p.strip() for e in effects for p in e.split(";")}
    # every shape decide writes: a floor, a copy, a category moved, an agent's confirmation and change
    for shape in (r"level >= \d", r"cc .+", r"category \S+ → \S+", "suggestion confirmed", r"level \d -> 1",
                  r"category \S+ -> 服务问题"):
        assert any(re.fullmatch(shape, p) for p in parts), (shape, parts)
    for e in effects:
        shown = labels.effect(e)
        assert shown and not re.search(r"[A-Za-z]", shown), (e, shown)
    assert labels.effect("level >= 3; cc 财务部门、法务部门") == "等级不低于3级；抄送财务部门、法务部门"
    assert labels.effect("category 网络问题 → 业务使用问题") == "类别 网络问题 → 业务使用问题"
    assert labels.effect("category 费用问题 -> 服务问题; level 3 -> 1") == "类别 费用问题 → 服务问题；等级 3 → 1"
    assert labels.effect("something new") == "something new"  # an unknown shape shows as itself
    # what the precedents did (pipeline/policy/decide.py)
    assert labels.effect("review first (possible_level_3); nobody alerted") == "优先复核（疑似三级）；不通知领导小组"
    assert labels.effect("no alert until a person confirms level 3") == "人工确认三级后再通知领导小组"


def test_a_typo_or_a_dialect_word_is_highlighted_as_the_user_typed_it():
    text = "我嘅号码俾人补咗卡，再唔解决我就去工信布投述你哋"
    page = str(_highlight(text, [s.model_dump() for s in default_extractor()(text).spans]))
    # 号码俾人补咗卡: the number taken, 俾 read as 被 (`passive_taken.taken_after_bei`), on the characters typed
    assert re.search(r'<mark class="cue cue-impact" title="impact.security">号码俾人补咗卡<sup>', page)
    assert re.search(r'title="escalation.regulator">工信布<sup>', page)
    assert re.sub(r"<sup>.*?</sup>|<[^>]+>", "", page) == text   # every character the user typed, once
