import pytest

from pipeline.errors import PolicyError
from pipeline.policy import load_policy
from tests.factories import policy_dict, write_policy


def test_shipped_policy_loads(policy):
    assert policy.version
    assert set(policy.categories) == {"业务使用问题", "业务办理问题", "信息安全问题", "网络问题", "费用问题",
                                      "营销活动问题", "不知情定制问题", "服务问题"}
    assert policy.coarse_class("信息安全问题") == "信息安全类"
    assert "分类错误" in policy.correction_reasons


def _rule(data, rule_id):
    return next(r for r in data["rules"] if r["id"] == rule_id)


def _broken(mutate):
    data = policy_dict()
    mutate(data)
    return data


@pytest.mark.parametrize(("mutate", "match"), [
    (lambda d: d.update(surprise=1), "surprise"),
    (lambda d: d["routing"].pop("网络问题"), "routing: category '网络问题' has no route"),
    (lambda d: d["deadlines"]["levels"].pop(2), "level 2 has no deadline"),
    (lambda d: d["thresholds"].update(category_min_confidence=1.5), "thresholds.category_min_confidence"),
    (lambda d: d["routing"]["网络问题"].update(lead="运维部"), "unknown department '运维部'"),
    (lambda d: d["rules"][0].update(cc=["公关部"]), "unknown department '公关部'"),
    (lambda d: d.update(timezone="Mars/Olympus"), "unknown time zone"),
    (lambda d: d.update(intake_cutoff="25:00"), "intake_cutoff"),
    (lambda d: d["process"]["escalation"][0].update(hours=4), "hours` goes with when: due_within"),
    (lambda d: d["process"]["escalation"][3].pop("hours"), "hours` goes with when: due_within"),
    (lambda d: d["process"]["escalation"][0].update(notify=["everyone"]), "notify"),
    (lambda d: d["process"]["escalation"].append(dict(d["process"]["escalation"][0])), "duplicate ids"),
    (lambda d: d["process"]["extensions"]["levels"][2].update(approved_by=["janitor"]), "approved_by"),
    (lambda d: d["process"]["survey"].update(close_without_survey_reasons=[]), "close_without_survey_reasons"),
    (lambda d: d["calendar"]["years"].update({2031: {"holidays": ["2030-12-31"]}}), "days of another year"),
    (lambda d: d["deadlines"]["levels"][3]["resolve"].update(working_days=9), "gives level 3 more time than level 2"),
    (lambda d: d["rules"][0]["when"].update(impact=["broken"]), "rules.0.when.impact"),
    (lambda d: d["calendar"]["extra_holidays"].append("2027-01-04")
     or d["calendar"]["extra_workdays"].append("2027-01-04"), "both as holiday and as working day"),
    (lambda d: d.pop("correction_reasons"), "correction_reasons"),
    (lambda d: d.update(correction_reasons=[]), "correction_reasons"),
    (lambda d: d["correction_reasons"].append("重复投诉"), "correction_reasons: listed more than once: .'重复投诉'"),
    (lambda d: _rule(d, "FIXED-LINE").update(exclude_category=["移动网络"]),
     "rules.FIXED-LINE.exclude_category: unknown category '移动网络'"),
    (lambda d: _rule(d, "FIXED-LINE").update(exclude_category=[c for cs in d["taxonomy"].values() for c in cs]),
     "excludes every category"),
    (lambda d: _rule(d, "FIXED-LINE").update(cc=["法务部门"]), "a category rule .* goes alone"),
    (lambda d: _rule(d, "MOBILE-NETWORK").update(set_category="移动网络"),
     "rules.MOBILE-NETWORK.set_category: unknown category '移动网络'"),
    (lambda d: _rule(d, "MOBILE-NETWORK").update(min_level=2), "a category rule .* goes alone"),
    (lambda d: _rule(d, "MOBILE-NETWORK").update(exclude_category=["业务使用问题"]),
     "exclude_category or set_category, not both"),
])
def test_policy_refuses_bad_file_naming_the_field(tmp_path, mutate, match):
    path = write_policy(tmp_path, _broken(mutate))
    with pytest.raises(PolicyError, match=match):
        load_policy(path)


def test_policy_is_frozen(policy):
    with pytest.raises(Exception, match="frozen"):
        policy.version = "x"


def test_policy_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(PolicyError, match="Cannot read policy file"):
        load_policy(tmp_path / "nope.yaml")


def test_a_policy_without_process_loads_with_no_escalation(tmp_path):
    data = policy_dict()
    data.pop("process")
    policy = load_policy(write_policy(tmp_path, data))
    assert policy.process is None and policy.process_rules.escalation == ()
    assert policy.process_rules.survey.close_without_survey_reasons


def test_a_declared_year_schedule_outranks_the_fallback(tmp_path):
    import datetime as dt

    from pipeline.policy.calendar import day_source

    data = policy_dict()
    data["calendar"]["years"] = {2031: {"holidays": ["2031-10-01", "2031-10-02"], "workdays": ["2031-09-28"]}}
    policy = load_policy(write_policy(tmp_path, data))
    assert day_source(policy.calendar, dt.date(2031, 10, 2)) == (False, "policy-year")
    assert day_source(policy.calendar, dt.date(2031, 9, 28)) == (True, "policy-year")  # a Sunday made a workday
    assert policy.work_calendar.is_workday(dt.date(2031, 9, 28)) == (True, False)
    assert day_source(policy.calendar, dt.date(2032, 10, 1))[1] == "provisional"
