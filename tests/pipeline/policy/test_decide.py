import datetime as dt

import pytest

from pipeline.errors import PolicyError
from pipeline.policy import decide
from tests.conftest import SHANGHAI
from tests.factories import make_cues, make_prediction

MONDAY = dt.datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI)

# (case, model level, cues, final level, rule ids that fire)
RULE_CASES = [
    ("calm, minor", 1, dict(impact="minor"), 1, []),
    ("regulator", 1, dict(escalation_kinds=("regulator",)), 3, ["ESC-REGULATOR"]),
    ("media", 2, dict(escalation_kinds=("media",)), 3, ["ESC-MEDIA"]),
    ("court", 2, dict(escalation_kinds=("legal",)), 3, ["ESC-LEGAL"]),
    ("appeal", 2, dict(escalation_kinds=("appeal",)), 3, ["ESC-APPEAL"]),
    ("interrupted", 2, dict(impact="interrupted"), 3, ["IMPACT-INTERRUPTED"]),
    ("security", 2, dict(impact="security"), 3, ["IMPACT-SECURITY"]),
    ("data loss", 1, dict(impact="data_loss"), 3, ["IMPACT-DATA-LOSS"]),
    ("agitated", 2, dict(emotion=2), 3, ["EMOTION-AGITATED", "EMOTION-DISSATISFIED"]),
    ("high compensation", 2, dict(compensation=True, compensation_amount=5000.0), 3, ["COMP-HIGH", "COMP-DEMAND"]),
    ("small compensation", 1, dict(compensation=True, compensation_amount=50.0), 2, ["COMP-DEMAND"]),
    ("dissatisfied", 1, dict(emotion=1), 2, ["EMOTION-DISSATISFIED"]),
    ("model says 3, no cue", 3, dict(), 3, []),          # floors only raise; the model's 3 stands
]


@pytest.mark.parametrize(("case", "model_level", "cue_values", "level", "rule_ids"), RULE_CASES,
                         ids=[c[0] for c in RULE_CASES])
def test_decide_rule_table(policy, case, model_level, cue_values, level, rule_ids):
    cues = make_cues(**cue_values)
    decision = decide(make_prediction(severity=model_level, cues=cues), cues, policy, MONDAY)
    assert decision.severity == level
    assert decision.model_severity == model_level
    assert [r.id for r in decision.rules] == rule_ids
    assert all(r.reason and r.effect for r in decision.rules)
    assert decision.policy_version == policy.version


def test_decide_routes_level_1_to_customer_service_alone(policy):
    cues = make_cues(impact="minor")
    d = decide(make_prediction(category="网络问题", severity=1, cues=cues), cues, policy, MONDAY)
    assert (d.lead_department, d.cc_departments, d.notify_leadership) == ("客户服务部门", (), False)
    assert [x.kind for x in d.deadlines] == ["resolve"]


def test_decide_routes_level_2_to_the_category_department(policy):
    cues = make_cues(compensation=True)
    d = decide(make_prediction(category="费用问题", severity=2, cues=cues), cues, policy, MONDAY)
    assert d.lead_department == "业务部门"
    assert d.cc_departments == ("客户服务部门", "财务部门")
    assert [x.kind for x in d.deadlines] == ["plan", "resolve", "department_assist"]


def test_decide_level_3_notifies_leadership_and_copies_legal_on_escalation(policy):
    cues = make_cues(escalation_kinds=("regulator",))
    d = decide(make_prediction(category="网络问题", severity=2, cues=cues), cues, policy, MONDAY)
    assert d.lead_department == "投诉处理领导小组"
    assert d.notify_leadership
    assert d.cc_departments == ("客户服务部门", "技术部门", "法务部门")
    assert d.deadline("respond") == MONDAY + dt.timedelta(hours=2)
    assert d.deadline("resolve") == dt.datetime(2026, 11, 5, 18, tzinfo=SHANGHAI)


@pytest.mark.parametrize(("kwargs", "reasons"), [
    (dict(category_proba=0.2), ["low_category_confidence"]),
    (dict(severity_proba=0.3), ["low_severity_confidence"]),
    (dict(evidence=0.1), ["no_evidence"]),
    (dict(), []),
])
def test_decide_needs_review_reasons(policy, kwargs, reasons):
    d = decide(make_prediction(**kwargs), make_cues(), policy, MONDAY)
    assert list(d.review_reasons) == reasons
    assert d.needs_review == bool(reasons)


def test_decide_flags_a_policy_overruling_the_model_by_two_levels(policy):
    cues = make_cues(impact="security")
    d = decide(make_prediction(severity=1, cues=cues), cues, policy, MONDAY)
    assert d.severity == 3
    assert "policy_overrules_model" in d.review_reasons


def test_decide_is_pure(policy):
    cues = make_cues(emotion=1)
    first = decide(make_prediction(cues=cues), cues, policy, MONDAY).to_dict()
    assert decide(make_prediction(cues=cues), cues, policy, MONDAY).to_dict() == first


def test_decide_refuses_naive_time_and_unknown_category(policy):
    with pytest.raises(ValueError, match="timezone-aware"):
        decide(make_prediction(), make_cues(), policy, dt.datetime(2026, 11, 2, 10))
    with pytest.raises(PolicyError, match="未知类"):
        decide(make_prediction(category="未知类"), make_cues(), policy, MONDAY)
