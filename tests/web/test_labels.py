"""Every code a page shows has a Chinese label in the one catalogue (serving/labels.py)."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_an_unknown_code_shows_as_itself():
    assert labels.label(labels.STATUS, Status.in_progress) == "处理中"
    assert labels.label(labels.STATUS, "something_new") == "something_new"
