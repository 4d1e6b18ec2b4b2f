"""Every code a page shows has a Chinese label in the one catalogue (serving/labels.py)."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.cues import CUE_NAMES, default_extractor
from pipeline.decision import DeadlineKind
from serving import labels
from serving.clocks.clock import ClockKind, ClockState
from serving.complaints.models import Channel, SurveyMethod
from serving.complaints.workflow import Status

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
