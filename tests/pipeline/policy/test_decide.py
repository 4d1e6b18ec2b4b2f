import datetime as dt
import json

import pytest

from pipeline.errors import PolicyError
from pipeline.policy import PolicyDecision, Suggestion, decide, decide_by_agent, suggest
from pipeline.prediction import Prediction
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
    ("security incident", 2, dict(impact="security", security_incident=True), 3, ["IMPACT-SECURITY"]),
    ("harassment", 1, dict(impact="security"), 2, ["HARASSMENT"]),  # a security impact, no incident
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
    decision = decide(make_prediction(level=model_level, cues=cues), cues, policy, MONDAY)
    assert decision.level == level
    assert decision.model_level == model_level
    assert [r.id for r in decision.rules] == rule_ids
    assert all(r.reason and r.effect for r in decision.rules)
    assert decision.policy_version == policy.version


def test_decide_routes_level_1_to_customer_service_alone(policy):
    cues = make_cues(impact="minor")
    d = decide(make_prediction(category="网络问题", level=1, cues=cues), cues, policy, MONDAY)
    assert (d.lead_department, d.cc_departments, d.notify_leadership) == ("客户服务部门", (), False)
    assert list(d.deadlines) == ["resolve"]


def test_decide_routes_level_2_to_the_category_department(policy):
    cues = make_cues(compensation=True)
    d = decide(make_prediction(category="费用问题", level=2, cues=cues), cues, policy, MONDAY)
    assert d.lead_department == "业务部门"
    assert d.cc_departments == ("客户服务部门", "财务部门")
    assert list(d.deadlines) == ["plan", "resolve", "department_assist"]


def test_decide_level_3_notifies_leadership_and_copies_legal_on_escalation(policy):
    cues = make_cues(escalation_kinds=("regulator",))
    d = decide(make_prediction(category="网络问题", level=2, cues=cues), cues, policy, MONDAY)
    assert d.lead_department == "投诉处理领导小组"
    assert d.notify_leadership
    assert d.cc_departments == ("客户服务部门", "技术部门", "法务部门")
    assert d.deadline("respond") == MONDAY + dt.timedelta(hours=2)
    assert d.deadline("resolve") == dt.datetime(2026, 11, 5, 18, tzinfo=SHANGHAI)


@pytest.mark.parametrize(("kwargs", "reasons"), [
    (dict(category_proba=0.2), ["low_category_confidence"]),
    (dict(level_proba=0.3), ["low_level_confidence", "possible_level_3"]),  # P(3) = 0.35
    (dict(evidence=0.1), ["no_evidence"]),
    (dict(), []),
])
def test_decide_needs_review_reasons(strict_policy, kwargs, reasons):
    d = decide(make_prediction(**kwargs), make_cues(), strict_policy, MONDAY)
    assert list(d.review_reasons) == reasons
    assert d.needs_review == bool(reasons)


def test_decide_reviews_by_the_probability_of_the_level_applied(strict_policy):
    cues = make_cues(impact="interrupted")
    doubtful = decide(make_prediction(level=2, level_proba=0.9, cues=cues), cues, strict_policy, MONDAY)
    assert doubtful.level == 3 and "low_level_confidence" in doubtful.review_reasons  # P(3) = 0.05
    # the model's own level 2 is under the bar, but it gives the applied level 3 enough
    bar = strict_policy.thresholds.level_min_confidence
    backed = Prediction(**{**_fields(make_prediction(level=2, level_proba=bar - 0.1, cues=cues)),
                           "level_scores": {1: 0.0, 2: bar - 0.1, 3: bar + 0.1}})
    decision = decide(backed, cues, strict_policy, MONDAY)
    assert decision.level == 3 and decision.review_reasons == ()


def test_level_confidence_without_scores_falls_back_to_the_models_own(policy):
    from pipeline.policy.decide import level_confidence

    bare = Prediction(**{**_fields(make_prediction(level=2, level_proba=0.8)), "level_scores": {}})
    assert level_confidence(bare, 3) == 0.8 and level_confidence(bare, 2) == 0.8
    assert level_confidence(make_prediction(level=2, level_proba=0.8), 3) == pytest.approx(0.1)


@pytest.fixture(scope="module")
def strict_policy(tmp_path_factory):
    """The shipped policy with every review and alert threshold set: tests of the mechanics
    must not depend on the values calibration ships."""
    from pipeline.policy import load_policy
    from tests.factories import policy_dict, write_policy

    data = policy_dict()
    data["thresholds"] = {"category_min_confidence": 0.45, "level_min_confidence": 0.35, "min_evidence": 0.5,
                          "level3_watch": 0.25, "level3_alert": 0.70, "level3_corroborate": 0.40}
    return load_policy(write_policy(tmp_path_factory.mktemp("strict"), data))


def _fields(prediction):
    return {f: getattr(prediction, f) for f in prediction.__slots__}


def test_decide_flags_a_policy_overruling_the_model_by_two_levels(policy):
    cues = make_cues(impact="security", security_incident=True)
    d = decide(make_prediction(level=1, cues=cues), cues, policy, MONDAY)
    assert d.level == 3
    assert "policy_overrules_model" in d.review_reasons


def test_decide_is_pure(policy):
    cues = make_cues(emotion=1)
    first = decide(make_prediction(cues=cues), cues, policy, MONDAY).model_dump(mode="json")
    assert decide(make_prediction(cues=cues), cues, policy, MONDAY).model_dump(mode="json") == first


def test_decide_refuses_naive_time_and_unknown_category(policy):
    with pytest.raises(ValueError, match="timezone-aware"):
        decide(make_prediction(), make_cues(), policy, dt.datetime(2026, 11, 2, 10))
    with pytest.raises(PolicyError, match="未知类"):
        decide(make_prediction(category="未知类"), make_cues(), policy, MONDAY)


def test_decision_round_trips_through_its_json(policy):
    cues = make_cues(escalation_kinds=("regulator",), compensation=True)
    decision = decide(make_prediction(level=1, cues=cues), cues, policy, MONDAY)
    assert PolicyDecision.model_validate_json(decision.model_dump_json()) == decision
    suggestion = suggest(make_prediction(level=1, cues=cues), policy, MONDAY)
    again = Suggestion.model_validate_json(suggestion.model_dump_json())
    assert again.cues == cues and again.decision() == decision


def test_decision_json_is_the_documented_shape(policy):
    data = json.loads(suggest(make_prediction(), policy, MONDAY).model_dump_json())
    assert set(data["deadlines"]) == {"plan", "resolve", "department_assist"}
    assert data["deadlines"]["resolve"]["kind"] == "resolve"
    assert set(data["level_scores"]) == {"1", "2", "3"} and data["level_proba"] == 0.9
    assert {"spans", "impact", "emotion"} <= set(data["cues"])


def test_agent_correction_reroutes_and_recomputes_deadlines(policy):
    cues = make_cues(escalation_kinds=("regulator",))
    suggested = decide(make_prediction(category="费用问题", level=1, cues=cues), cues, policy, MONDAY)
    assert suggested.level == 3 and suggested.lead_department == "投诉处理领导小组"

    corrected = decide_by_agent(suggested, category="网络问题", level=2, reason="用户只是咨询", policy=policy)
    assert (corrected.category, corrected.level) == ("网络问题", 2)
    assert corrected.lead_department == "技术部门"          # level 2: the category's department
    assert "法务部门" in corrected.cc_departments          # the regulator rule's copy stays
    assert corrected.deadline("respond") is None            # level 2 has no 2-hour response
    assert corrected.deadline("plan") > suggested.deadline("plan")
    assert corrected.rules[-1].id == "AGENT-CORRECTED"
    assert "level 3 -> 2" in corrected.rules[-1].effect and corrected.rules[-1].reason == "用户只是咨询"
    assert not corrected.needs_review and not corrected.notify_leadership
    assert corrected.received_at == suggested.received_at


def test_agent_confirmation_keeps_the_grade(policy):
    cues = make_cues()
    suggested = decide(make_prediction(level=2, cues=cues, category_proba=0.2), cues, policy, MONDAY)
    assert suggested.needs_review
    confirmed = decide_by_agent(suggested, category=suggested.category, level=suggested.level,
                                reason="confirmed", policy=policy)
    assert confirmed.rules[-1].id == "AGENT-CONFIRMED"
    assert confirmed.deadlines == suggested.deadlines and not confirmed.needs_review


def test_agent_grade_outside_the_taxonomy_is_refused(policy):
    cues = make_cues()
    suggested = decide(make_prediction(cues=cues), cues, policy, MONDAY)
    with pytest.raises(PolicyError, match="taxonomy"):
        decide_by_agent(suggested, category="天气问题", level=2, reason="x", policy=policy)
    with pytest.raises(PolicyError, match="levels"):
        decide_by_agent(suggested, category="费用问题", level=4, reason="x", policy=policy)


def _with_p3(level, p3, *, cues=None):
    rest = (1.0 - p3) / 2
    scores = {1: rest, 2: rest, 3: p3}
    base = make_prediction(level=level, level_proba=scores[level], cues=cues)
    return Prediction(**{**_fields(base), "level_scores": scores})


def test_decide__level3_risk_band_flags_without_alerting(strict_policy):
    """P(3) high enough to worry, too low to act on: graded by evidence, reviewed first."""
    watch = strict_policy.thresholds.level3_watch
    d = decide(_with_p3(2, watch + 0.05), make_cues(), strict_policy, MONDAY)
    assert d.level == 2 and "possible_level_3" in d.review_reasons and not d.notify_leadership
    calm = decide(_with_p3(2, watch - 0.05), make_cues(), strict_policy, MONDAY)
    assert "possible_level_3" not in calm.review_reasons


def test_decide__a_text_the_model_cannot_read_is_reviewed_but_not_as_a_possible_level_3(strict_policy):
    """Its P(3) is the uniform share the probabilities were shrunk towards, not a worry."""
    watch = strict_policy.thresholds.level3_watch
    unread = Prediction(**{**_fields(_with_p3(2, watch + 0.05)), "evidence": strict_policy.thresholds.min_evidence / 2})
    d = decide(unread, make_cues(), strict_policy, MONDAY)
    assert d.level == 2 and d.needs_review and list(d.review_reasons) == ["no_evidence"]


def test_decide__only_a_confident_model_or_a_named_rule_alerts(strict_policy):
    alert = strict_policy.thresholds.level3_alert
    unsure = decide(_with_p3(3, alert - 0.05), make_cues(), strict_policy, MONDAY)
    assert unsure.level == 3 and not unsure.notify_leadership
    sure = decide(_with_p3(3, alert + 0.05), make_cues(), strict_policy, MONDAY)
    assert sure.level == 3 and sure.notify_leadership
    regulator = make_cues(escalation_kinds=("regulator",))
    named = decide(_with_p3(2, 0.05, cues=regulator), regulator, strict_policy, MONDAY)
    assert named.level == 3 and named.notify_leadership  # ESC-REGULATOR: notify


def test_decide__an_unnamed_level3_floor_asks_a_person_before_anyone_is_alerted(strict_policy):
    agitated = make_cues(emotion=2)
    d = decide(_with_p3(2, 0.05, cues=agitated), agitated, strict_policy, MONDAY)
    assert d.level == 3 and d.lead_department == "投诉处理领导小组"
    assert not d.notify_leadership and "low_level_confidence" in d.review_reasons
    confirmed = decide_by_agent(d, category=d.category, level=3, reason="确认", policy=strict_policy)
    assert confirmed.notify_leadership  # a person confirmed level 3


def test_decide__a_policy_without_the_risk_band_alerts_on_every_level_3(tmp_path, policy):
    from pipeline.policy import load_policy
    from tests.factories import policy_dict, write_policy

    data = policy_dict()
    data["thresholds"] = {k: v for k, v in data["thresholds"].items() if not k.startswith("level3_")}
    plain = load_policy(write_policy(tmp_path, data))
    agitated = make_cues(emotion=2)
    d = decide(_with_p3(2, 0.30, cues=agitated), agitated, plain, MONDAY)
    assert d.level == 3 and d.notify_leadership and "possible_level_3" not in d.review_reasons


def test_decide__an_outage_alerts_only_when_the_model_corroborates_it(strict_policy):
    """Outage words are ambiguous (部分功能无法使用 is level 2): they floor to 3, alert with the model."""
    outage = make_cues(impact="interrupted")
    bar = strict_policy.thresholds.level3_corroborate
    doubtful = decide(_with_p3(2, bar - 0.1, cues=outage), outage, strict_policy, MONDAY)
    assert doubtful.level == 3 and not doubtful.notify_leadership
    backed = decide(_with_p3(2, bar + 0.05, cues=outage), outage, strict_policy, MONDAY)
    assert backed.level == 3 and backed.notify_leadership


def _with_precedents(level, levels_sims, *, cues=None, p3=0.05):
    from pipeline.prediction import Precedent

    precedents = tuple(Precedent(id=f"T-{i}", similarity=s, level=lv) for i, (lv, s) in enumerate(levels_sims))
    return Prediction(**{**_fields(_with_p3(level, p3, cues=cues)), "precedents": precedents})


def test_decide__precedents_mostly_level_3_flag_a_lower_grade_for_review_first(policy):
    """The nearest confirmed complaints were level 3: reviewed first, graded by the evidence, nobody alerted."""
    share = policy.thresholds.precedent_level3_share
    d = decide(_with_precedents(2, [(3, 0.4), (3, 0.3), (2, 0.2)]), make_cues(), policy, MONDAY)
    assert d.level == 2 and not d.notify_leadership
    assert "possible_level_3" in d.review_reasons
    rule = next(r for r in d.rules if r.id == "PRECEDENTS-LEVEL-3")
    assert "T-0（3级，相似度0.40）" in rule.reason and "T-2（2级" in rule.reason  # the decision names them
    assert share <= 0.7 / 0.9


def test_decide__precedents_weigh_by_similarity_and_act_only_below_level_3(policy):
    share = policy.thresholds.precedent_level3_share
    # two level-3 precedents, but the most alike one is level 2 and outweighs them
    below = decide(_with_precedents(2, [(2, 0.9), (3, 0.2), (3, 0.2)]), make_cues(), policy, MONDAY)
    assert share > 0.4 / 1.3 and not any(r.id == "PRECEDENTS-LEVEL-3" for r in below.rules)
    assert "possible_level_3" not in below.review_reasons
    agitated = make_cues(emotion=2)
    already = decide(_with_precedents(2, [(3, 0.9)], cues=agitated), agitated, policy, MONDAY)
    assert already.level == 3 and not any(r.id == "PRECEDENTS-LEVEL-3" for r in already.rules)
    alone = decide(_with_precedents(2, []), make_cues(), policy, MONDAY)
    assert "possible_level_3" not in alone.review_reasons  # a bundle without precedents


def test_decide__a_policy_without_the_precedent_share_shows_precedents_but_never_acts(tmp_path):
    from pipeline.policy import load_policy
    from tests.factories import policy_dict, write_policy

    data = policy_dict()
    data["thresholds"].pop("precedent_level3_share")
    data["thresholds"].pop("precedent_alert_share")
    plain = load_policy(write_policy(tmp_path, data))
    d = decide(_with_precedents(2, [(3, 0.9), (3, 0.8)]), make_cues(), plain, MONDAY)
    assert "possible_level_3" not in d.review_reasons and not any(r.id == "PRECEDENTS-LEVEL-3" for r in d.rules)


def test_decide__an_outage_the_precedents_call_lower_waits_for_a_person_before_anyone_is_alerted(policy):
    """"连不上，中午又好了" is said like complaints people graded 2: the words floor it to 3, the model
    corroborates, the precedents do not; the grade stays 3 and a person confirms it first."""
    outage = make_cues(impact="interrupted")
    bar = policy.thresholds.precedent_alert_share
    doubted = decide(_with_precedents(2, [(2, 0.5), (2, 0.3), (3, 0.1)], cues=outage, p3=0.9), outage, policy, MONDAY)
    assert bar > 0.1 / 0.9
    assert doubted.level == 3 and not doubted.notify_leadership and "precedents_disagree" in doubted.review_reasons
    rule = next(r for r in doubted.rules if r.id == "PRECEDENTS-NOT-LEVEL-3")
    assert "T-0（2级，相似度0.50）" in rule.reason
    backed = decide(_with_precedents(2, [(3, 0.5), (2, 0.3)], cues=outage, p3=0.9), outage, policy, MONDAY)
    assert backed.notify_leadership and "precedents_disagree" not in backed.review_reasons
    alone = decide(_with_precedents(2, [], cues=outage, p3=0.9), outage, policy, MONDAY)
    assert alone.notify_leadership  # a bundle without precedents: the model's word is enough
    # a rule the regulation names alerts whatever the precedents say
    regulator = make_cues(escalation_kinds=("regulator",))
    named = decide(_with_precedents(2, [(1, 0.9)], cues=regulator, p3=0.9), regulator, policy, MONDAY)
    assert named.notify_leadership
