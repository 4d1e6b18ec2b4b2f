"""Cues that mean what they say (issue 13): each case the regulation and the guideline name,
and the words that used to fire a cue they do not mean."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pipeline.cues import CueExtractor, default_extractor, load_lexicon
from pipeline.normalise import normalise
from pipeline.packaged import resource_path
from pipeline.policy import decide
from tests.conftest import SHANGHAI
from tests.factories import make_prediction

MONDAY = dt.datetime(2026, 11, 2, 10, tzinfo=SHANGHAI)


def cues(text):
    return default_extractor()(text)


def rules(policy, text, *, level=2):
    c = cues(text)
    return {r.id for r in decide(make_prediction(level=level, cues=c), c, policy, MONDAY).rules}


@pytest.mark.parametrize("text", [
    "联系电话<PHONE>，身份证号<IDCARD>，家里宽带网速很慢",
    "客户姓名：<MASKED> 宽带账号：<ACCOUNT> 联系方式：<PHONE>，网速慢",
    "请核实个人信息后回电，用户要求查询话费",
])
def test_contact_details_and_id_numbers_are_never_an_impact(policy, text):
    found = cues(text)
    assert found.impact != "security" and not any(s.cue == "impact.security" for s in found.spans)
    assert "IMPACT-SECURITY" not in rules(policy, text)


@pytest.mark.parametrize(("text", "term"), [
    ("我的手机卡被他人补卡，钱被转走了", "被他人补卡"),
    ("号码销号后被他人使用，我完全不知情", "销号后被"),
    ("我的个人信息被泄露，天天接到诈骗电话", "个人信息被"),
    ("银行卡被盗刷了两千元", "被盗"),
    ("有人冒名用我的身份证开了卡", "冒名"),
    ("有人用我的身份证在营业厅办了三张卡，我完全不知道", "有人用我的身份证"),
])
def test_security_means_a_real_incident(policy, text, term):
    found = cues(text)
    assert found.impact == "security" and term in {s.term for s in found.spans}
    assert "IMPACT-SECURITY" in rules(policy, text)


@pytest.mark.parametrize("text", ["我要把这件事发到抖音和小红书上，让大家评评理", "再不解决就发微博曝光"])
def test_posting_on_social_media_is_a_media_escalation(policy, text):
    assert cues(text).escalation_kinds == ("media",) and "ESC-MEDIA" in rules(policy, text)


@pytest.mark.parametrize("text", ["客服热线一直打不进去", "10086怎么都打不通，人工服务无法接通"])
def test_cannot_reach_customer_service_is_not_an_outage(policy, text):
    found = cues(text)
    assert found.impact != "interrupted" and any(s.cue == "service.unreachable" for s in found.spans)
    assert "IMPACT-INTERRUPTED" not in rules(policy, text)


@pytest.mark.parametrize("text", ["手机打不出去也打不进来", "宽带停了一个星期", "家里没网三天了",
                                  "公司专线中断，业务全部停了", "专线断了三个小时，订单系统全部停摆"])
def test_a_real_outage_is_interrupted(policy, text):
    assert cues(text).impact == "interrupted" and "IMPACT-INTERRUPTED" in rules(policy, text)


@pytest.mark.parametrize("text", [
    "客户要求办理停机保号，已建议到营业厅办理",            # a product, chosen by the user
    "故障现象为网速慢；是否曾欠费停机（故障时间3天内）为否",   # a form's question
    "是否发生SIM卡被盗补和资金损失：未发生SIM卡被盗补和资金损失，已转接防诈骗专席",
])
def test_product_names_and_form_questions_are_no_incident(policy, text):
    found = cues(text)
    assert found.impact not in ("interrupted", "security") and not found.security_incident
    assert not {"IMPACT-INTERRUPTED", "IMPACT-SECURITY"} & rules(policy, text)


@pytest.mark.parametrize("text", ["信号不好，通话中断断续续的", "主叫：打不出，被叫：接不到，室内信号弱",
                                  "打电话第一次打不出去，第二次就可以"])
def test_calls_that_drop_or_sometimes_fail_are_degraded(policy, text):
    assert cues(text).impact == "degraded" and "IMPACT-INTERRUPTED" not in rules(policy, text)


def test_staff_that_cannot_be_reached_is_a_service_problem(policy):
    found = cues("路由器装得不好，拨打安装人员电话无法接通")
    assert found.service_unreachable and found.impact != "interrupted"


@pytest.mark.parametrize(("text", "emotion"), [
    ("流程太繁琐了，很不满意", 1),         # the regulation's 一定的不满情绪: level 2
    ("对处理结果不满", 1),
    ("客户非常不满，情绪激动", 2),
    ("我非常愤怒，你们必须给我一个说法", 2),
    ("真是忍无可忍", 2),
    ("这个问题我投诉很多年了，天天来电投诉都没人解决", 2),  # the guideline: unresolved repeats
    ("同一个问题我已经投诉了五次，每次都说处理，到现在都没解决", 2),
    ("我真的气死了，从来没见过这么差的服务", 2),
    ("上次投诉了一次，这次想再问问进度", 0),          # one earlier complaint is no pattern
    ("客户对多收的费用反映强烈，要求核实", 2),        # an agent's note of a strong reaction
    ("客户在电话里一直哭，情绪很不好", 2),
    ("跑了三个营业厅都办不了，用户快要崩溃", 2),
    ("APP一打开就崩溃，闪退", 0),                     # an app's crash is no emotion
    # cues-2026.12.10, user-t5 (a level-3 complaint graded 2 without review before)
    ("我已经打了二十几次电话了，每次都说会处理，到现在都没人管", 2),  # calls from ten up
    ("到现在都没人来修，你们还想不想干了", 2),            # an angry rhetorical question
    ("打了三次客服，每次都让我等回复", 0),                # i16: three calls are level 2, not agitation
])
def test_emotion_levels_follow_the_regulation(policy, text, emotion):
    assert cues(text).emotion == emotion
    fired = rules(policy, text)
    assert ("EMOTION-AGITATED" in fired) is (emotion == 2)


def test_a_lexicon_hit_fires_its_rule_whatever_the_learned_head_says(policy):
    text = "我非常愤怒，你们必须给我一个说法"
    c = cues(text).model_copy(update={"model_emotion": 0})  # a head that reads the text as calm
    decision = decide(make_prediction(level=2, cues=c), c, policy, MONDAY)
    assert "EMOTION-AGITATED" in {r.id for r in decision.rules} and decision.level == 3
    assert c.emotion == 2 and c.model_emotion == 0  # the decision keeps both readings


def test_a_learned_head_alone_fires_no_rule(policy):
    text = "联系电话<PHONE>，家里宽带网速很慢"
    c = cues(text).model_copy(update={"model_impact": "security", "model_emotion": 2})
    decision = decide(make_prediction(level=2, cues=c), c, policy, MONDAY)
    # the words' own rule (a slow network: level 2) and none from the heads' reading
    assert [r.id for r in decision.rules] == ["SLOW-NETWORK"]
    assert decision.level == 2 and not decision.notify_leadership
    assert c.judged_impact == "security"  # shown as the model's reading, but no floor without words


def test_public_apology_is_level_3_and_alerts(policy):
    text = "要求你们公开道歉"
    c = cues(text)
    assert c.public_apology and c.apology and c.compensation
    decision = decide(make_prediction(level=2, level_proba=0.9, cues=c), c, policy, MONDAY)
    assert decision.level == 3 and "DEMAND-PUBLIC-APOLOGY" in {r.id for r in decision.rules}
    assert decision.notify_leadership


@pytest.mark.parametrize("text", ["客户要求高额赔偿，代理商无法满足", "我要求你们给我高额的赔偿"])
def test_high_compensation_in_words_is_level_3_and_alerts(policy, text):
    """三.2 names 高额赔偿 itself: no amount needs to be given."""
    c = cues(text)
    assert c.high_compensation and c.compensation and c.compensation_amount is None
    decision = decide(make_prediction(level=2, level_proba=0.9, cues=c), c, policy, MONDAY)
    assert decision.level == 3 and "COMP-HIGH-WORDS" in {r.id for r in decision.rules}
    assert decision.notify_leadership


def test_an_ordinary_compensation_demand_is_no_high_one(policy):
    c = cues("要求赔偿损失三百元")
    assert c.compensation and not c.high_compensation
    assert "COMP-HIGH-WORDS" not in rules(policy, "要求赔偿损失三百元")


@pytest.mark.parametrize(("text", "kind"), [
    ("客户要求改回原资费，要不就报警", "legal"),
    ("如果还没有处理结果将通过其他途径投诉", "appeal"),
])
def test_police_and_other_channels_are_escalation(policy, text, kind):
    assert kind in cues(text).escalation_kinds


@pytest.mark.parametrize("text", ["车载设备的报警功能和报警灯都没反应", "建议客户通过其他途径缴费"])
def test_a_device_alarm_or_another_way_to_pay_is_no_escalation(text):
    assert not cues(text).escalation


@pytest.mark.parametrize("text", ["本机号码为强关状态，要求尽快恢复", "室内信号很弱，无法打接电话", "手机无法主被叫"])
def test_no_call_either_way_is_an_outage(policy, text):
    assert cues(text).impact == "interrupted" and "IMPACT-INTERRUPTED" in rules(policy, text)


@pytest.mark.parametrize(("text", "level", "area_rule"), [
    ("整个小区都没网了，周围用户都一样", 3, True),
    ("整个小区网速都很慢，周围用户都一样", 2, False),  # on the shared data area-wide slowness is level 2
])
def test_area_wide_outage_is_level_3(policy, text, level, area_rule):
    c = cues(text)
    assert c.area_wide
    decision = decide(make_prediction(level=2, cues=c), c, policy, MONDAY)
    assert decision.level == level and ("AREA-OUTAGE" in {r.id for r in decision.rules}) is area_rule


@pytest.mark.parametrize("text", ["套餐资费不清楚，想咨询一下费用", "这个月扣费有点多，想了解一下流量用在哪里"])
def test_what_a_complaint_is_about_is_no_impact(text):
    assert not any(s.cue == "impact.degraded" and s.term in ("套餐", "资费", "费用", "扣费", "流量")
                   for s in cues(text).spans)


@pytest.mark.parametrize("text", ["云盘照片全部丢失", "手机里的通讯录同步到你们云服务以后全没了，几百个联系人",
                                  "换了新手机，相册里的照片都找不到了"])
def test_data_loss_in_plain_words(policy, text):
    assert cues(text).impact == "data_loss"
    assert "IMPACT-DATA-LOSS" in rules(policy, text)


@pytest.mark.parametrize("text", ["派发省联系人：<MASKED>，客户的流量全没了", "照片拍得很清楚。话费没了",
                                  "客户资料没了怎么补登记"])
def test_gone_without_stored_data_in_the_sentence_is_no_data_loss(policy, text):
    assert cues(text).impact != "data_loss" and "IMPACT-DATA-LOSS" not in rules(policy, text)


@pytest.mark.parametrize("text", ["天天接到骚扰电话", "收到大量垃圾短信"])
def test_harassment_is_a_security_impact_but_no_incident(policy, text):
    """The guideline counts harassment as security; its level-3 list names only incidents."""
    found = cues(text)
    assert found.impact == "security" and not found.security_incident
    fired = rules(policy, text, level=1)
    assert "HARASSMENT" in fired and "IMPACT-SECURITY" not in fired


@pytest.mark.parametrize("text", ["某些功能无法正常使用", "手机营业厅用不了"])
def test_some_functions_unusable_is_the_regulations_level_2(policy, text):
    assert cues(text).impact == "degraded" and "IMPACT-INTERRUPTED" not in rules(policy, text)


# cues-2026.12.1: three held-out user complaints (held_out_2) named level-3 incidents in words
# the lexicon did not know; each positive failed on cues-2026.11.5
@pytest.mark.parametrize("text, impact, rule", [
    ("换卡的时候你们工作人员操作失误，我手机里存了十几年的短信全部被删了", "data_loss", "IMPACT-DATA-LOSS"),
    ("我根本没去过营业厅，名下却多了两个手机号，还欠了几百块话费", "security", "IMPACT-SECURITY"),
    ("我们店里的宽带从昨天下午断到现在，收银机没法用", "interrupted", "IMPACT-INTERRUPTED"),
    ("公司网络出了故障，全公司都没法办公", "interrupted", "IMPACT-INTERRUPTED"),
    ("门店的专线坏了，今天一天都没法营业", "interrupted", "IMPACT-INTERRUPTED"),
])
def test_level_3_incidents_in_a_users_words(policy, text, impact, rule):
    assert cues(text).impact == impact
    assert rule in rules(policy, text)


@pytest.mark.parametrize("text", ["收到短信提醒说流量没了", "营业厅暂停业务办理"])
def test_messages_and_suspensions_that_are_no_incident(policy, text):
    found = cues(text)
    assert found.impact not in ("data_loss", "interrupted")
    fired = rules(policy, text)
    assert "IMPACT-DATA-LOSS" not in fired and "IMPACT-INTERRUPTED" not in fired


# cues-2026.12.2: polite questions as users write them are the regulation's level-1 咨询;
# each failed on cues-2026.12.1 (no impact word: degraded)
@pytest.mark.parametrize("text", [
    "请问我的话费账单里那个功能费是什么意思",
    "老用户回馈活动我能不能参加，能帮我查一下吗",
    "麻烦帮我确认一下到期会不会自动扣费",
    "我想查一下这个月还剩多少流量",
])
def test_a_polite_question_is_a_minor_impact(text):
    assert cues(text).impact == "minor"


@pytest.mark.parametrize("text, impact", [
    ("手机上网特别慢，希望你们查一下我们这边的基站", "degraded"),  # a fault to investigate, not a question
    ("请问你们到底管不管？宽带断了四天了", "interrupted"),  # the question words never hide an outage
])
def test_question_words_do_not_hide_a_fault(text, impact):
    assert cues(text).impact == impact


def test_a_whole_area_without_any_signal_is_an_area_outage(policy):
    text = "整个小区从昨天晚上开始手机都没信号，问了周围的邻居都一样"
    found = cues(text)
    assert found.impact == "interrupted" and found.area_wide
    assert {"AREA-OUTAGE", "IMPACT-INTERRUPTED"} <= rules(policy, text)


@pytest.mark.parametrize("text", [
    "客户反映家中无信号或信号较弱，周围客户都这样",  # the work orders' form: weak signal, level 2
    "地下车库没信号，打电话要跑到外面",
])
def test_no_signal_in_the_forms_words_stays_a_degraded_service(policy, text):
    assert cues(text).impact == "degraded"
    assert "AREA-OUTAGE" not in rules(policy, text)


# cues-2026.12.3: a slow or lagging network is 三.2's level-2 example (短时间的网络卡顿), and users
# say it apart ("网速这几天有点慢"); under cues-2026.12.2 no rule set level 2 for any of them,
# and the first three had no impact word of their own
@pytest.mark.parametrize("text, term", [
    ("请问宽带报修以后一般多久能上门？我家网速这几天有点慢", "网速这几天有点慢"),
    ("手机上网特别卡，视频老是转圈", "上网特别卡"),
    ("光猫的灯一直在闪，网络时有时无", "网络时有时无"),
    ("这两天晚上家里宽带经常卡顿，看视频一直缓冲", "卡顿"),
])
def test_a_slow_network_in_a_users_words_is_level_2(policy, text, term):
    found = cues(text)
    assert found.slow_network and found.impact == "degraded"
    assert term in {s.term for s in found.spans if s.cue == "network.slow"}
    fired = rules(policy, text, level=1)
    assert "SLOW-NETWORK" in fired and "IMPACT-INTERRUPTED" not in fired


@pytest.mark.parametrize("text", [
    "我的SIM卡补卡以后，银行卡扣费短信收不到",  # 卡 of a card, never a lag
    "想问一下网速测试在哪里测",  # a question about the network, no fault
    "营业员办理速度慢，态度也不好",  # slow staff, not a slow network
    "请问宽带到期以后会不会自动停",
])
def test_cards_questions_and_slow_staff_are_no_slow_network(policy, text):
    assert not cues(text).slow_network
    assert "SLOW-NETWORK" not in rules(policy, text, level=1)


def test_an_outage_stays_an_outage_when_the_text_also_says_slow(policy):
    text = "宽带先是网速很慢，后来完全上不了网，已经三天了"
    found = cues(text)
    assert found.slow_network and found.impact == "interrupted"
    assert "IMPACT-INTERRUPTED" in rules(policy, text)


# cues-2026.12.4 and policy 2026.12.2: a fixed line is never 网络问题 in the operator's work
# orders (none of the 329 naming one); the policy applies the model's next category
def _predicted(category_scores, cues_):
    best = max(category_scores, key=category_scores.__getitem__)
    return dataclasses.replace(make_prediction(category=best, category_proba=category_scores[best], cues=cues_),
                               category_scores=category_scores)


@pytest.mark.parametrize("text", ["家里宽带一到晚上就特别卡，打游戏延迟好几百", "公司专线断了，收银系统用不了",
                                  "光猫换了以后经常断网", "家里座机没有拨号音"])
def test_a_fixed_line_is_never_the_mobile_network(policy, text):
    c = cues(text)
    assert c.fixed_line
    decision = decide(_predicted({"网络问题": 0.55, "业务使用问题": 0.35, "服务问题": 0.10}, c), c, policy, MONDAY)
    assert decision.category == "业务使用问题" and decision.category_proba == 0.35
    moved = [r for r in decision.rules if r.id == "FIXED-LINE"]
    assert moved and moved[0].effect == "category 网络问题 → 业务使用问题"
    assert "low_category_confidence" in decision.review_reasons  # 0.35: the model doubted it


@pytest.mark.parametrize("text", ["家里的WiFi信号弱，卧室里上网很慢", "家里wifi隔一会儿就断一下",
                                  "学校的WLAN上网特别慢"])
def test_home_wifi_and_the_operators_wlan_are_filed_as_a_fixed_line(policy, text):
    # cues-2026.12.7: none of the 13 shared work orders naming them is 网络问题 (user-s17)
    c = cues(text)
    assert c.fixed_line
    decision = decide(_predicted({"网络问题": 0.5, "业务使用问题": 0.45, "服务问题": 0.05}, c), c, policy, MONDAY)
    assert decision.category == "业务使用问题" and "MOBILE-NETWORK" not in {r.id for r in decision.rules}


# policy 2026.12.4: the other side, a slow network with no fixed line named is the mobile
# network's (188 of 194 shared work orders); where the model says 业务使用问题, its next category
@pytest.mark.parametrize("text", ["手机上网这几天慢得不行，刷个视频一直在转圈", "手机上网看视频有点卡，不过还能用",
                                  "最近一个礼拜晚上八点以后手机上网特别慢"])
def test_a_slow_network_without_a_fixed_line_is_the_mobile_network(policy, text):
    c = cues(text)
    assert c.slow_network and not c.fixed_line
    decision = decide(_predicted({"业务使用问题": 0.6, "网络问题": 0.3, "费用问题": 0.1}, c), c, policy, MONDAY)
    assert decision.category == "网络问题" and decision.category_proba == 0.3
    moved = [r for r in decision.rules if r.id == "MOBILE-NETWORK"]
    assert moved and moved[0].effect == "category 业务使用问题 → 网络问题"
    assert "low_category_confidence" in decision.review_reasons  # 0.3: the model doubted it


def test_the_mobile_network_is_applied_whatever_the_model_ranks_second(policy):
    # set_category, not exclude_category: "网速太慢了" is not 业务办理问题 because the model
    # happened to rank that second
    c = cues("网速太慢了")
    decision = decide(_predicted({"业务使用问题": 0.6, "业务办理问题": 0.3, "网络问题": 0.1}, c), c, policy, MONDAY)
    assert decision.category == "网络问题" and decision.category_proba == 0.1 and decision.needs_review


def test_the_mobile_network_rule_leaves_fees_apps_and_fixed_lines_alone(policy):
    fee = cues("手机上网流量扣得特别快，网速还慢，这个月多扣了三十块流量费")
    kept = decide(_predicted({"费用问题": 0.7, "网络问题": 0.3}, fee), fee, policy, MONDAY)
    assert kept.category == "费用问题" and "MOBILE-NETWORK" not in {r.id for r in kept.rules}
    for text in ("咪咕视频APP看直播特别卡，别的APP都正常", "你们的视频彩铃播放很卡"):  # an app's own problem
        app = cues(text)
        assert app.slow_network and app.app
        stays_app = decide(_predicted({"业务使用问题": 0.7, "网络问题": 0.3}, app), app, policy, MONDAY)
        assert stays_app.category == "业务使用问题" and "MOBILE-NETWORK" not in {r.id for r in stays_app.rules}
    slow_app = cues("营业厅APP打开特别慢，查个话费要等一两分钟")  # no network word: no slow network
    assert not slow_app.slow_network
    broadband = cues("家里宽带看视频老是卡")
    stays = decide(_predicted({"业务使用问题": 0.7, "网络问题": 0.3}, broadband), broadband, policy, MONDAY)
    assert stays.category == "业务使用问题" and "MOBILE-NETWORK" not in {r.id for r in stays.rules}


def test_the_mobile_network_and_other_categories_of_a_fixed_line_stand(policy):
    phone = cues("手机在家里信号很差，经常只有一格")
    assert not phone.fixed_line
    kept = decide(_predicted({"网络问题": 0.8, "业务使用问题": 0.2}, phone), phone, policy, MONDAY)
    assert kept.category == "网络问题" and "FIXED-LINE" not in {r.id for r in kept.rules}
    broadband = cues("宽带装机师傅态度很差")
    scores = {"服务问题": 0.7, "网络问题": 0.2, "业务使用问题": 0.1}
    served = decide(_predicted(scores, broadband), broadband, policy, MONDAY)
    assert served.category == "服务问题" and "FIXED-LINE" not in {r.id for r in served.rules}


def test_a_stored_prediction_without_other_scores_keeps_its_category(policy):
    c = cues("宽带网速慢")
    decision = decide(make_prediction(category="网络问题", cues=c), c, policy, MONDAY)
    assert decision.category == "网络问题" and "FIXED-LINE" not in {r.id for r in decision.rules}


# cues-2026.12.4: an outage said apart (line_down), from held-out user complaints (p2, p7) that
# the lexicon missed, and a line that often fails (p8), which is unstable, not down
@pytest.mark.parametrize("text, term", [
    ("小区里手机信号突然全没了，周围的人都一样，已经半天了", "信号突然全没了"),
    ("我们公司的专线今天上午断了三个小时", "专线今天上午断了"),
    # q1, cues-2026.12.5: up to 8 characters of the same clause
    ("家里的宽带昨天晚上突然断了，到现在还没恢复", "宽带昨天晚上突然断了"),
    ("短信发不出去，信号都没了", "信号都没了"),  # no signal at all; no stored message is lost
])
def test_an_outage_said_apart_in_a_users_words(policy, text, term):
    found = cues(text)
    assert found.impact == "interrupted" and term in {s.term for s in found.spans if s.cue == "impact.interrupted"}
    assert "IMPACT-INTERRUPTED" in rules(policy, text) and "IMPACT-DATA-LOSS" not in rules(policy, text)


@pytest.mark.parametrize("text", ["我家光猫换了新的以后WiFi经常连不上", "宽带经常断网，一天好几次",
                                  "信号不好，流量都没了", "电话打着打着就断了"])
def test_a_line_that_often_fails_or_a_dropped_call_is_no_outage(policy, text):
    assert cues(text).impact != "interrupted"
    assert "IMPACT-INTERRUPTED" not in rules(policy, text)


# cues-2026.12.6 (intermittent): an outage word said as recurring reads as an unstable network,
# level 2 with a reason, not an outage that alerts the leadership group. r17 of held_out_11 was
# graded level 3 with an alert from "一断网就" before it
@pytest.mark.parametrize(("text", "term"), [
    ("宽带一断网就要重启光猫，断了好几次了，烦得很", "断网"),
    ("我家光猫换了新的以后WiFi经常连不上", "连不上"),
    ("宽带动不动就断网，看个电视都不安生", "断网"),
    ("家里宽带断了好几次，每次过一会又好了", "宽带断了"),  # line_down, then a word of recurrence
    ("宽带断了一下又好了", "宽带断了"),  # a blip
    ("小区的宽带经常断了又好", "宽带经常断了"),  # the recurrence word inside the windowed match
    ("手机三天两头上不了网", "上不了网"),
])
def test_an_outage_said_as_recurring_is_an_unstable_network(policy, text, term):
    found = cues(text)
    assert found.impact != "interrupted" and found.slow_network
    assert term in {s.term for s in found.spans if s.cue == "network.slow"}
    fired = rules(policy, text)
    assert "SLOW-NETWORK" in fired and "IMPACT-INTERRUPTED" not in fired


@pytest.mark.parametrize("text", [
    "一直断网，到现在都没修好",  # 一直: all the time, not each time
    "老人家里断网了，联系不上",  # 老 is no recurrence word (老人, 老用户)
    "宽带断了三天，打了五次客服都说在处理",  # the five are calls, in another clause
    "宽带经常卡，今天彻底断网了",  # the recurrence is in another clause
    "公司专线断了一下午，什么都干不了",  # a duration (cues-2026.12.8: 一下 read it as a blip)
    "宽带断网多次报修都没修好",  # the count may be of the repair calls: an outage stays
    "我反复报修宽带断了的问题",  # the recurrence is the reporting, before the line word
    "号码经常被停机，明明每个月都按时交费",  # a number suspended again and again is no unstable network
])
def test_an_outage_beside_words_of_time_or_count_stays_an_outage(policy, text):
    found = cues(text)
    assert found.impact == "interrupted"
    assert len({(s.cue, s.start, s.end) for s in found.spans}) == len(found.spans)  # each span shown once
    assert "IMPACT-INTERRUPTED" in rules(policy, text)


@pytest.mark.parametrize("text", ["家里的座机已经一个礼拜打不出去也接不进来了",
                                  "手机突然打不出去也接不到，什么都干不了", "电话打不了也接不了"])
def test_no_call_in_either_direction_is_an_outage(policy, text):
    # the lexicon's 无法主被叫 in a user's words (r6 of held_out_11); one direction alone
    # stays a weak-signal complaint ("信号差，打不出")
    assert cues(text).impact == "interrupted" and "IMPACT-INTERRUPTED" in rules(policy, text)
    assert cues("信号差，打不出").impact != "interrupted"


# cues-2026.12.11, from held_out_14: 法院 as a place is no legal threat (u4 was graded 3), and
# personal data given away in a user's words is a security incident (u12 was graded 2)
@pytest.mark.parametrize(("text", "legal"), [
    ("法院旁边那个营业厅的营业员办业务很慢", False),
    ("再不解决我就去法院告你们", True),
    ("不给说法的话我们法院见", True),
    ("客户对造成损失要求赔偿，有法院起诉倾向", True),  # the work orders' wording: 起诉
])
def test_a_court_is_a_threat_only_where_the_user_goes_there(policy, text, legal):
    assert ("legal" in cues(text).escalation_kinds) is legal
    assert ("ESC-LEGAL" in rules(policy, text)) is legal


@pytest.mark.parametrize(("text", "leaked"), [
    ("你们的客服把我的身份证号和住址告诉了别人", True),
    ("营业厅把我的通话详单给了别人看", True),
    ("我的个人信息被卖了，天天接到推销电话", True),
    ("客户要求核实身份证信息后告诉他办理进度", False),  # a check of the ID, nothing given away
    ("住址填错了，麻烦告诉我怎么改", False),
])
def test_personal_data_given_away_is_a_security_incident(policy, text, leaked):
    found = cues(text)
    assert found.security_incident is leaked
    assert ("IMPACT-SECURITY" in rules(policy, text)) is leaked


# cues-2026.12.12, from held_out_15: two questions alerted the leadership group (v3, v9) and an
# appeal over the desk's head was missed (v14)
@pytest.mark.parametrize(("text", "fires"), [
    ("微博上看到你们有个流量活动，我怎么参加？", set()),          # where the user saw it
    ("再不解决我就发到微博上", {"ESC-MEDIA"}),                    # where the user threatens to go
    ("手机欠费停机了，请问交多少钱能开机", set()),                  # the user's own arrears, a fee matter
    ("我交了钱还是停机状态，打不了电话", {"IMPACT-INTERRUPTED"}),   # suspended after paying: down
    ("这件事我要投诉到你们总部", {"ESC-APPEAL"}),
])
def test_harmless_words_alert_nobody_and_an_appeal_to_head_office_counts(policy, text, fires):
    level3 = {"ESC-MEDIA", "IMPACT-INTERRUPTED", "ESC-APPEAL"}
    assert rules(policy, text) & level3 == fires


# cues-2026.12.13, from held_out_16: a question about preventing fraud alerted the leadership
# group (w11); a fire hazard, a theft by staff and 气得 were silent level-3 misses (w17, w7, w19)
@pytest.mark.parametrize(("text", "rule", "fires"), [
    ("我想咨询一下怎么防止电信诈骗", "IMPACT-SECURITY", False),
    ("有人冒充客服诈骗我", "IMPACT-SECURITY", True),
    ("你们的师傅修宽带时把我家的电线弄坏了，差点着火", "IMPACT-SECURITY", True),
    ("你们的工作人员上门的时候偷拿了我家的东西", "IMPACT-SECURITY", True),
    ("手机被偷了，想先把卡挂失", "IMPACT-SECURITY", False),  # the user's own loss, a calm request
    ("气得我一晚上没睡着，你们这样扣费太过分了", "EMOTION-AGITATED", True),
])
def test_safety_theft_and_anger_in_a_users_words(policy, text, rule, fires):
    assert (rule in rules(policy, text)) is fires


# cues-2026.12.14: a failure in one spot only is coverage, not an outage (p12 alerted the
# leadership group); a line down in a named room stays down
@pytest.mark.parametrize(("text", "outage"), [
    ("路由器是你们装的，现在无线信号穿不过墙，卧室里连不上", False),
    ("电梯里打不进电话", False),
    ("房间里的宽带彻底断网了三天", True),
    ("整个小区都没网了", True),
])
def test_a_failure_in_one_spot_is_coverage(policy, text, outage):
    assert ("IMPACT-INTERRUPTED" in rules(policy, text)) is outage


# cues-2026.12.15, from held_out_17: a platform named as where the user saw something and news
# about others alerted the leadership group (x33, x32); a complaint kept up for two years and
# 受够了 were silent level-3 misses (x28, x18)
PLATFORMS_HEARSAY_LASTING = [
    ("看到你们在抖音上的宣传，想办个宽带，怎么预约", "ESC-MEDIA", False),
    ("我在快手直播间办的流量卡，怎么查剩余流量", "ESC-MEDIA", False),
    ("我已经在微博上发帖了，看你们管不管", "ESC-MEDIA", True),
    ("再这样我就发个抖音让大家看看", "ESC-MEDIA", True),
    ("新闻上说有人冒充你们客服诈骗，我想问问你们官方客服电话是多少", "IMPACT-SECURITY", False),
    ("听说最近很多人被冒名办卡，我的号码今天也被他人补卡了", "IMPACT-SECURITY", True),  # the next clause is the user's
    ("我投诉这个信号问题快两年了，每年都说要建基站", "EMOTION-AGITATED", True),
    ("这个问题我反映了半年了还没解决", "EMOTION-AGITATED", True),
    ("这个号码我用了好几年了，想问问有没有老用户优惠", "EMOTION-AGITATED", False),
    ("我已经连续三个月被多扣了月租，我真的受够了", "EMOTION-AGITATED", True),
]


# cues-2026.12.16, from held_out_18: a rumour and a question whether the user's data leaked
# alerted the leadership group (y7); complaints kept up for months or "until now" were silent
# level-3 misses (y10, y8)
RUMOURS_DOUBTS_KEPT_UP = [
    ("网上都在传你们泄露了用户信息，我想问问我的信息有没有被泄露", "IMPACT-SECURITY", False),
    ("我担心别人会盗用我的身份证办卡，怎么查名下有几张卡", "IMPACT-SECURITY", False),
    ("我的号码是不是被人盗用了？", "IMPACT-SECURITY", False),  # asked, not told: the milder option
    ("我的号码被人盗用了，有没有办法查是谁办的", "IMPACT-SECURITY", True),  # told, then asked
    ("报修了三个月了，座机还是有杂音", "EMOTION-AGITATED", True),
    ("宽带的问题我反映了两个多月了还没人来", "EMOTION-AGITATED", True),
    ("这个套餐我用了三个月了，想换个便宜点的", "EMOTION-AGITATED", False),
    ("信号差的问题我从去年夏天一直反映到现在", "EMOTION-AGITATED", True),
]


def test_a_doubt_word_in_another_clause_leaves_the_incident():
    found = cues("有没有人管？我的银行卡被盗刷了").spans
    assert any(s.cue == "impact.security" for s in found)
    assert any(s.cue == "emotion.agitated" and s.term == "有没有人管" for s in found)


# cues-2026.12.17, from held_out_19: a suspicion asked 7 characters before the leak word (z2)
# and a line that drops whenever it rains (z7) alerted the leadership group; 第三年投诉 (y9) was
# level 3 only from an outage misread in "一到晚上就上不了网"
SUSPICIONS_CONDITIONS_YEARS = [
    ("天天接到推销电话，是不是你们把我的号码泄露出去了", "IMPACT-SECURITY", False),
    ("我家宽带一下雨就断网，修了好几次还是这样", "IMPACT-INTERRUPTED", False),
    ("我家宽带一下雨就断网，修了好几次还是这样", "SLOW-NETWORK", True),
    ("家里宽带一到晚上就上不了网", "IMPACT-INTERRUPTED", False),
    ("宽带一大早就断网了，到现在都没好", "IMPACT-INTERRUPTED", True),  # since the morning: down
    ("宽带一下子就断网了", "IMPACT-INTERRUPTED", True),
    # cues-2026.12.19: the line's name inside the frame; a span is no condition
    ("一到晚上家里宽带就上不了网，已经一个星期了", "IMPACT-INTERRUPTED", False),
    ("一到晚上家里宽带就上不了网，已经一个星期了", "SLOW-NETWORK", True),
    ("才用了一个月宽带就断网了", "IMPACT-INTERRUPTED", True),
    # cues-2026.12.20: a card re-issued by someone else, feared loss after it
    ("手机卡被别人补办了，我担心钱会被转走", "IMPACT-SECURITY", True),
    ("不知道是不是你们泄露的，我的身份证号被人拿去办了贷款", "IMPACT-SECURITY", True),  # asked, then told
    ("这已经是我第三年投诉同一个问题了", "EMOTION-AGITATED", True),
]


# cues-2026.12.18: what the user says they will not do is no threat, in a windowed posting
# match as in a single word (the negation window used to be skipped for media_post)
WHAT_A_USER_WILL_NOT_DO = [
    ("放心，我不会发到微博上的，只是想快点解决", "ESC-MEDIA", False),
    ("我不会去工信部投诉的，只想把多扣的钱退回来", "ESC-REGULATOR", False),
    ("你们不会处理的话我就去工信部投诉", "ESC-REGULATOR", True),
    ("你们再不处理我就发到微博上", "ESC-MEDIA", True),
]


# cues-2026.12.21, from held_out_20 (graded once and recorded unmended in cues-2026.12.20): a
# line that fails every morning and comes back (zz1) and a suspension for arrears in other words
# (zz22) alerted the leadership group; a call counted the fifth (zz24) and accounts or a number
# used by someone else (zz16, zz6) were level-3 complaints graded 2 without review
RECOVERY_ARREARS_COUNTS_TAKEOVER = [
    ("我家的宽带每天早上都连不上，中午又好了", "IMPACT-INTERRUPTED", False),
    ("我家的宽带每天早上都连不上，中午又好了", "SLOW-NETWORK", True),
    ("手机信号突然全没了，过了半小时又有信号了", "IMPACT-INTERRUPTED", False),
    ("宽带断了两天，师傅来修了以后就好了", "IMPACT-INTERRUPTED", True),  # a repair, not a recurrence
    ("手机欠了二十块钱就停机了，能不能先开机我马上交", "IMPACT-INTERRUPTED", False),
    ("话费不够了被停机，怎么充值", "IMPACT-INTERRUPTED", False),
    ("宽带欠了一个月的钱就给我停了", "IMPACT-INTERRUPTED", False),
    ("我明明没欠费却被停机了，耽误了一天生意", "IMPACT-INTERRUPTED", True),  # a suspension in error
    ("这已经是第五次打电话说这个问题了，每次都说会有人联系我", "EMOTION-AGITATED", True),
    ("这是我第三次为了同一个问题投诉", "EMOTION-AGITATED", True),
    ("宽带又断了，这个月第四次了", "EMOTION-AGITATED", False),  # a count of faults
    ("第二次打电话问这个问题了", "EMOTION-AGITATED", False),
    ("我的微信和支付宝都被人登录了", "IMPACT-SECURITY", True),
    ("我的手机号被人拿去注册了网贷", "IMPACT-SECURITY", True),
    ("我的号码被别人拿去用了", "IMPACT-SECURITY", True),
    ("别人都能登录，就我登录不了", "IMPACT-SECURITY", False),
    ("我的账号有没有被人登录过？", "IMPACT-SECURITY", False),
    ("请问怎么防止被人登录我的账号", "IMPACT-SECURITY", False),
    ("万一被人盗用了怎么办", "IMPACT-SECURITY", False),
]


# cues-2026.12.22, from held_out_21: a line that came back by itself (zy2) alerted the leadership
# group; anger in other words (zy22, 太气人了), a number reclaimed and resold (zy25) and an ID
# copy left in view (zy11) were level-3 complaints graded lower without review
BY_ITSELF_ANGER_RESOLD_EXPOSED = [
    ("家里宽带昨晚十点断了，今天早上自己恢复了，想问问是什么原因", "IMPACT-INTERRUPTED", False),
    ("宽带断了两天，打了好几次电话才修好", "IMPACT-INTERRUPTED", True),
    ("太气人了！装个宽带拖了半个月还没装上", "EMOTION-AGITATED", True),
    ("说好的上门又没来，真是岂有此理", "EMOTION-AGITATED", True),
    ("手机号被你们回收以后卖给了别人", "IMPACT-SECURITY", True),
    ("号码注销以后又被你们放给了别人", "IMPACT-SECURITY", True),
    ("我之前把这个号码给了别人用，现在想要回来", "IMPACT-SECURITY", False),  # the user's own doing
    ("营业厅的人把我的身份证复印件随便放在柜台上，谁都能看到", "IMPACT-SECURITY", True),
    # calls and visits counted from the fifth, complaints from the third
    ("已经第三次来营业厅了，问题还是没解决", "EMOTION-AGITATED", False),
    ("这是我第六次来营业厅了，每次都说系统有问题", "EMOTION-AGITATED", True),
    ("这是我第三次投诉这个问题了", "EMOTION-AGITATED", True),
    # cues-2026.12.23, from held_out_22: a supposed case (zx23 alerted) and calls counted from the fifth (zx6)
    ("如果以后我的号码被别人盗用了，你们会负责吗？", "IMPACT-SECURITY", False),
    ("要是我的信息被泄露了怎么办", "IMPACT-SECURITY", False),
    ("我的号码被别人盗用了，如果你们不处理我就报警", "IMPACT-SECURITY", True),  # told, then a condition
    ("我打了七次电话了，每次都说三天内给答复，一个月过去了还没有消息", "EMOTION-AGITATED", True),
    ("打了三次客服电话才有人接", "EMOTION-AGITATED", False),
    # cues-2026.12.24, from held_out_23: a line back in the daytime (zw23 alerted), points cleared and
    # nobody dealing with it (zw18, zw2 silent)
    ("宽带已经连续三天晚上九点以后就上不了网，白天又正常", "IMPACT-INTERRUPTED", False),
    ("宽带断网了，又好几天没人管", "IMPACT-INTERRUPTED", True),  # 又好 is no recovery
    ("APP上的积分突然全部清零了，我攒了好几年", "IMPACT-DATA-LOSS", True),
    ("请问积分什么时候清零？我想先兑换点东西", "IMPACT-DATA-LOSS", False),
    ("已经跟你们说过好多遍了，你们到底有没有人在处理", "EMOTION-AGITATED", True),
    # cues-2026.12.25, from held_out_24 (zv9 silent)
    ("我都快被你们逼疯了，一个宽带问题折腾了两个月", "EMOTION-AGITATED", True),
    ("疯狂星期四的优惠怎么参加", "EMOTION-AGITATED", False),
]


# cues-2026.12.26, from held_out_24's zv10 (a fault that follows one phone or one card alerted the
# leadership group); a line down for the user stays down whatever a neighbour's does
ONE_PHONE_OR_CARD = [
    ("新买的手机插上你们的卡就显示无服务，换了别的卡就正常", "IMPACT-INTERRUPTED", False),
    ("其他手机都能用，就我这部手机信号全没了", "IMPACT-INTERRUPTED", False),
    ("手机突然打不了电话，卡插到旧手机上就能打", "IMPACT-INTERRUPTED", False),
    ("手机一直无服务，换了手机也不行", "IMPACT-INTERRUPTED", True),
    ("手机卡突然无服务了，换了别的卡还是没有信号", "IMPACT-INTERRUPTED", True),
    ("宽带断了三天，换了光猫就好了", "IMPACT-INTERRUPTED", True),  # a repair of the line
    ("我家宽带断了两天，邻居家都正常", "IMPACT-INTERRUPTED", True),  # the user's own line is down
    ("手机无服务，换了别的卡就正常。公司的专线也断了一上午", "IMPACT-INTERRUPTED", True),  # another sentence
]

# cues-2026.12.27: a suspension asked for is a request ("我想把家里的宽带停了" alerted the leadership
# group, read from tousu classify); held_out_25's zu19 (a number suspended without notice, graded 2
# without review) and zu18 (a new card that calls but has no data, alerted)
REQUESTS_SUSPENSIONS_PARTIAL = [
    ("我想把家里的宽带停了，怎么办理", "IMPACT-INTERRUPTED", False),
    ("帮我把手机号停了，出国一年用不上", "IMPACT-INTERRUPTED", False),
    ("为什么要把我的号停了，我一直按时交费", "IMPACT-INTERRUPTED", True),
    ("你们怎么把我的宽带停了", "IMPACT-INTERRUPTED", True),
    ("你们没有任何通知就把我的号停了，公司和客户的电话一个都接不到", "IMPACT-INTERRUPTED", True),
    ("上个月话费没交，号码被停了，交完钱两个小时还没开机", "IMPACT-INTERRUPTED", False),  # arrears
    # a status is no omission of the user's: it stays in its clause (a suspension after paying)
    ("充完话费后，主叫提示欠费，呼叫其他号码情况(停机)", "IMPACT-INTERRUPTED", True),
    ("新办的卡三天了，只能打电话发短信，上不了网", "IMPACT-INTERRUPTED", False),
    ("手机能打电话但是上不了网", "IMPACT-INTERRUPTED", False),
    ("手机不能打电话也上不了网", "IMPACT-INTERRUPTED", True),
    ("家里宽带断了，手机上网正常", "IMPACT-INTERRUPTED", True),  # the broadband is down
]

# cues-2026.12.28, each read from tousu classify as a user would write it (no user-written group):
# an outage supposed, announced or asked for, and the police for a lost phone
SUPPOSED_ANNOUNCED_ASKED = [
    ("如果宽带断了应该打哪个电话", "IMPACT-INTERRUPTED", False),
    ("万一手机停机了怎么办", "IMPACT-INTERRUPTED", False),
    ("我收到一条短信说我的号码要被停机，是真的吗", "IMPACT-INTERRUPTED", False),
    ("你们的通知说今晚12点到2点断网升级，会影响多久", "IMPACT-INTERRUPTED", False),
    ("手机丢了，想办理停机，需要带什么", "IMPACT-INTERRUPTED", False),
    ("手机丢了怎么办停机", "IMPACT-INTERRUPTED", False),
    ("宽带是不是断了？一直连不上", "IMPACT-INTERRUPTED", True),  # asked, but told
    ("刚办理的宽带就断了，三天了还没人来修", "IMPACT-INTERRUPTED", True),
    ("你们升级以后宽带就断了，到现在都没好", "IMPACT-INTERRUPTED", True),
    ("手机被偷了，已经报警了，想补办一张卡", "ESC-LEGAL", False),
    ("请问报警电话是多少", "ESC-LEGAL", False),
    ("你们再不处理我就要报警了", "ESC-LEGAL", True),
    ("手机丢了，补卡的时候营业员把我的号给了别人，我要报警", "ESC-LEGAL", True),
    # cues-2026.12.29, from held_out_26 (zt1, zt12 alerted; zt26 silent)
    ("请问宽带断网的话一般多久能修好", "IMPACT-INTERRUPTED", False),
    ("宽带断网的话我就没法上班了，现在宽带已经断了一上午", "IMPACT-INTERRUPTED", True),
    ("电视上说有人冒充运营商客服骗钱，你们的客服电话是多少", "IMPACT-SECURITY", False),
    ("电视上说有人冒充运营商客服骗钱，我刚才就被冒充你们客服的人骗了两千", "IMPACT-SECURITY", True),
    ("我的号码停用了两天，打电话过来都说是关机", "IMPACT-INTERRUPTED", True),
    # cues-2026.12.30, from held_out_27 (zs22, zs29 silent; zs24, zs26, zs28 reviewed lower)
    ("为什么我的号码被别人用身份证补办了？我根本不知道", "IMPACT-SECURITY", True),
    ("被别人偷了的手机怎么补办卡", "IMPACT-SECURITY", False),
    ("每次来都说系统故障办不了，我已经跑了六趟了，你们是在耍我吗", "EMOTION-AGITATED", True),
    ("跑了三趟都办不了，手续太麻烦了", "EMOTION-AGITATED", False),
    ("我的手机卡突然被注销了，号码用了十几年", "IMPACT-INTERRUPTED", True),
    ("我想注销一个不用的号码，要带什么", "IMPACT-INTERRUPTED", False),
    ("云盘里的工作文件全都打不开了，显示文件已损坏", "IMPACT-DATA-LOSS", True),
    ("你们的营业员把我的身份证复印件拿给别人看，这是侵犯隐私", "IMPACT-SECURITY", True),
    # cues-2026.12.31, read from tousu classify
    ("我是律师，想咨询一下企业专线的合同条款", "ESC-LEGAL", False),
    ("请问你们的工信部备案号是多少", "ESC-REGULATOR", False),
    ("我是律师，你们再不退钱我就起诉", "ESC-LEGAL", True),
    ("我要去工信部投诉，电话是多少", "ESC-REGULATOR", True),
    # cues-2026.12.32, from held_out_28 (zr9 silent)
    ("我们公司的专线，今天上午十点开始完全断了。公司三十多个人都没法工作", "IMPACT-INTERRUPTED", True),
    ("专线如果完全断了，你们多久能修好", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.33, from held_out_22 (zx15, reviewed for its category, its level 2 at P 0.88)
    ("我已经跟你们反映第五次了，信号问题还是老样子", "EMOTION-AGITATED", True),
    ("这是我投诉第三次了，还是没人管", "EMOTION-AGITATED", True),
    ("我反映这是第三次断网", "EMOTION-AGITATED", False),  # a count of faults
    ("我要反映宽带这个月第三次掉线", "EMOTION-AGITATED", False),
    ("我来反映第一次遇到的问题", "EMOTION-AGITATED", False),
    # cues-2026.12.34, from held_out_29 (zq29, reviewed as a 2): an ID used without consent
    ("营业员没经过我同意就用我的身份证办了一张副卡，现在欠费通知寄到我家", "IMPACT-SECURITY", True),
    ("营业员擅自拿我的身份证复印了好几份", "IMPACT-SECURITY", True),
    ("没经过我同意就给我开通了一个会员，每个月扣十块", "IMPACT-SECURITY", False),
    ("会不会有人私自用我的身份证办卡", "IMPACT-SECURITY", False),
    ("我用我的身份证给父亲办了一张卡", "IMPACT-SECURITY", False),
    # cues-2026.12.35, from held_out_30, hotline transcripts without punctuation (zp25, zp29 silent)
    ("你们是不是把我的信息卖给别人了我刚办完宽带就有好几个装修公司打电话来叫得出我的名字", "IMPACT-SECURITY", True),
    ("营业员当着其他顾客的面大声念出我的身份证号和住址", "IMPACT-SECURITY", True),
    ("客服让我报出身份证号核实一下", "IMPACT-SECURITY", False),
    ("会不会有人叫得出我的名字", "IMPACT-SECURITY", False),
    ("那个我手机里存的照片你们那个云盘同步了以后全部都没有了好几年的照片", "IMPACT-DATA-LOSS", True),
    ("流量没有了怎么办", "IMPACT-DATA-LOSS", False),
    # cues-2026.12.36, read from transcripts without punctuation: hearsay reaches no further than a turn
    ("那个我朋友说你们可以免费换卡然后我的号码被别人补办了银行卡里的钱都没了", "IMPACT-SECURITY", True),
    ("朋友说他的号码被别人补办了", "IMPACT-SECURITY", False),
    ("听说有人的号码被盗用了", "IMPACT-SECURITY", False),
    ("你好我想问一下如果宽带断了是打哪个电话就是我家宽带现在就是断的已经两天了", "IMPACT-INTERRUPTED", True),
    ("宽带一直断着，没人来修", "IMPACT-INTERRUPTED", True),
    ("如果宽带是断的怎么办", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.37, read from the same transcripts
    ("喂就是我家那个光猫一直亮红灯然后网就没有了已经一整天了", "IMPACT-INTERRUPTED", True),
    ("你好那个我想问一下就是我的号码为什么打不出去也接不了电话从早上开始的", "IMPACT-INTERRUPTED", True),
    ("网络经常一会儿网就没了一会儿又好了", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.38, from held_out_31 (zo28 silent)
    ("俺要告你们 俺的号让人给过户了 俺一点都不知道", "ESC-LEGAL", True),
    ("我不会告你们的，就是想问问", "ESC-LEGAL", False),
    ("我警告你们别再给我打推销电话", "ESC-LEGAL", False),
    # cues-2026.12.39, from held_out_31 (zo30 silent): a passive said with 让 or 叫 for 被
    ("俺的身份证让营业厅的人拿去办了好几张卡 现在天天有人催俺交钱", "IMPACT-SECURITY", True),
    ("我的手机号叫人拿去注册了网贷", "IMPACT-SECURITY", True),
    ("营业员把身份证让我拿去复印一份", "IMPACT-SECURITY", False),
    ("我想把号码让给我儿子，怎么过户", "IMPACT-SECURITY", False),
    ("俺的卡让你们给办了个啥套餐 每个月多扣二十", "IMPACT-SECURITY", False),
    ("这个APP老是让人重新登录，太麻烦了", "IMPACT-SECURITY", False),
    # cues-2026.12.40, from held_out_32 (zn23 silent): input-method typos of words a rule acts on
    ("信号问题反映了一个月都没解决，再不给我解决我就去工信布投述你们", "ESC-REGULATOR", True),
    ("我要在微薄上曝光你们，乱扣费扣了半年了", "ESC-MEDIA", True),
    ("我在微薄上看到你们有个流量活动", "ESC-MEDIA", False),
    ("给的补偿也太微薄了，我要暴光你们", "ESC-MEDIA", True),
    ("有人冒冲你们客服骗走了我两千块", "IMPACT-SECURITY", True),
    ("我的手机号被人到用了，还注册了好几个网贷平台", "IMPACT-SECURITY", True),
    ("等到用的时候再说吧", "IMPACT-SECURITY", False),
    # cues-2026.12.41, from held_out_34 and held_out_35: Cantonese typed in simplified characters
    ("我嘅号码俾人补咗卡，银行卡啲钱全部冇咗", "IMPACT-SECURITY", True),
    ("云盘同步之后，手机入面啲相全部冇晒", "IMPACT-DATA-LOSS", True),
    ("我啲通讯录同相片，升级之后全部唔见晒", "IMPACT-DATA-LOSS", True),
    ("屋企宽带断咗成个礼拜，我喺屋企返工完全做唔到嘢", "IMPACT-INTERRUPTED", True),
    ("公司专线由朝早断到而家，几十个人做唔到嘢", "IMPACT-INTERRUPTED", True),
    ("我部手机由琴日开始打唔出又接唔到电话", "IMPACT-INTERRUPTED", True),
    ("我要将呢件事放上微博，等大家睇下", "ESC-MEDIA", True),
    ("我唔会放上微博嘅，只系想问下", "ESC-MEDIA", False),
    ("我唔会去工信部投诉，只系想问下点样查话费", "ESC-REGULATOR", False),
    ("间铺头啲收银机用你哋专线，今日成日断线，生意做唔到", "IMPACT-INTERRUPTED", True),
    ("有人冒认我个名喺营业厅补咗我张卡", "IMPACT-SECURITY", True),
    ("我把照片晒到朋友圈了", "IMPACT-DATA-LOSS", False),
    # cues-2026.12.42, from held_out_36 (long letters: zj3, zj5 alerted, zj15 silent)
    ("上个月我的宽带断了两天，你们的师傅来修好了，服务也很好", "IMPACT-INTERRUPTED", False),
    ("宽带断了五天才修好，耽误了我好多事", "IMPACT-INTERRUPTED", True),
    ("宽带断了三天了，到现在还没修好", "IMPACT-INTERRUPTED", True),
    ("宽带断了两天，师傅来修好了，结果第二天又断了", "IMPACT-INTERRUPTED", True),
    ("我之前在新闻上看到有人的号码被别人补卡盗刷，挺吓人的", "IMPACT-SECURITY", False),
    ("我在网上看到我的身份证号被人公开了", "IMPACT-SECURITY", True),
    ("说是有人拿着我的身份证复印件补办了我的卡", "IMPACT-SECURITY", True),
    # cues-2026.12.43, from held_out_37 (zi16 alerted): a connection word said of a game or a device
    ("NAT类型一直是严格型，联机游戏连不上好友，客服说没法改", "IMPACT-INTERRUPTED", False),
    ("蓝牙耳机连不上手机", "IMPACT-INTERRUPTED", False),
    ("家里WiFi连不上，游戏也玩不了", "IMPACT-INTERRUPTED", True),
    ("打游戏的时候网断了，到现在还没好", "IMPACT-INTERRUPTED", True),
    ("电脑连不上网，宽带灯是红的", "IMPACT-INTERRUPTED", True),
    # cues-2026.12.44, from held_out_38 (zh21 silent): a punitive multiple; an apology published
    ("你们的营业员骗我签了合约，我要求退一赔三", "COMP-HIGH-WORDS", True),
    ("客服在电话里辱骂我，要求你们在官网上发道歉声明", "DEMAND-PUBLIC-APOLOGY", True),
    ("营业员态度恶劣，我要求她给我书面道歉", "DEMAND-PUBLIC-APOLOGY", False),
    ("我不要求三倍赔偿，退给我多收的钱就行", "COMP-HIGH-WORDS", False),
    # cues-2026.12.45, from held_out_39 (zg17 alerted, zg27 reviewed as a 2): a glitch a restart fixed; an
    # emergency number that could not be called
    ("从外地回来以后手机一直显示无服务，重启了好几次才好", "IMPACT-INTERRUPTED", False),
    ("手机一直显示无服务，已经三天了", "IMPACT-INTERRUPTED", True),
    ("高速上出了车祸，打110一直打不出去，你们的网络关键时候掉链子", "IMPACT-SECURITY", True),
    ("请问报警电话是多少", "IMPACT-SECURITY", False),
    ("如果打不通110怎么办", "IMPACT-SECURITY", False),
    ("120块钱的套餐打不了国际长途", "IMPACT-SECURITY", False),
    ("我在山区放羊，信号全无，上次摔伤了都没法打电话求救", "IMPACT-SECURITY", True),
    # cues-2026.12.46, from held_out_40 (zf3, zf6, zf8 alerted, zf22 silent): a message quoted as received is
    # the operator's; a card re-issue the user disowns is a SIM swap
    ("收到一条“谨防电信诈骗，不要向陌生人透露验证码”的提醒，想问下这是你们发的吗", "IMPACT-SECURITY", False),
    ("收到通知说“您所在区域将于本周六凌晨进行网络升级，届时可能短暂断网”，几点能恢复", "IMPACT-INTERRUPTED", False),
    ("收到“您的号码已欠费，将于三日后停机”的短信，我已经交了", "IMPACT-INTERRUPTED", False),
    ("我跟客服说“再不解决我就去工信部投诉”，他们还是不管", "ESC-REGULATOR", True),
    ("收到“您的号码已停机”的短信，现在打不出去也接不进来", "IMPACT-INTERRUPTED", True),
    ("收到短信“您的号码已于今日完成补卡”，可我根本没去补过卡，现在手机没信号了", "IMPACT-SECURITY", True),
    ("手机收到你们的短信“您的SIM卡已更换成功”，我根本没换过", "IMPACT-SECURITY", True),
    ("我没补过卡，想问问补卡要带什么", "IMPACT-SECURITY", False),
    # cues-2026.12.47, from held_out_41 (very short messages: ze27 silent, ze26 reviewed as a 1)
    ("全小区手机没信号", "AREA-OUTAGE", True),
    ("我们小区有几户人家手机没信号", "IMPACT-INTERRUPTED", False),
    ("周围客户情况（整个小区都不好））无信号或信号较弱", "IMPACT-INTERRUPTED", False),
        ("赔我一万块", "COMP-HIGH", True),
    # cues-2026.12.50, from held_out_44 (zb24 reviewed as a 2): a line fully unusable
    ("打扰了，我们公司的专线今天早上开始完全用不了，几十个人在等，麻烦优先处理", "IMPACT-INTERRUPTED", True),
        ("APP完全用不了，一打开就闪退", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.51, from held_out_46 (yz29 silent for the shared-data model; yz23, yz25, yz28, yz30 reviewed as 2)
    ("手机电池是在你们营业厅换的，用了两天就鼓包爆炸了", "IMPACT-SECURITY", True),
    ("你们施工挖断了我们小区的燃气管道，整栋楼都闻到煤气味", "IMPACT-SECURITY", True),
    ("光纤箱没有锁，小孩去玩被里面的设备划伤了手", "IMPACT-SECURITY", True),
        ("光猫摸起来有点烫，正常吗", "IMPACT-SECURITY", False),
    # cues-2026.12.52, from held_out_47 (yy22, yy23, yy27 silent): a person in danger; a protest threatened
    ("你们再这样我就从你们营业厅楼上跳下去", "IMPACT-SECURITY", True),
    ("你们把我逼得活不下去了，每个月乱扣钱，我一个低保户哪里扛得住", "IMPACT-SECURITY", True),
    ("再不解决，我就带着全家去你们营业厅门口拉横幅", "EMOTION-AGITATED", True),
    ("笑死，问APP里的智能客服怎么查话费，它给我推荐了一个套餐", "IMPACT-SECURITY", False),
    # cues-2026.12.53, from held_out_48 (yx27 silent for the shared-data model): a crime named
    ("上门的装维人员向我索要五百块好处费，不给就不给装，这是敲诈", "EMOTION-AGITATED", True),
    ("一个来电显示多收五块钱，你们这不是敲竹杠吗", "EMOTION-AGITATED", True),
        ("装维师傅上门收了五十块调试费，想问问这个钱该不该收", "EMOTION-AGITATED", False),
    # cues-2026.12.54, from held_out_49 (yw21 silent): a span said right after the word of complaining
    ("我这个问题投诉了整整两年，每个月都多扣钱，你们一直说查一直没结果", "EMOTION-AGITATED", True),
    ("宽带的问题我反映了两个月，一直没人处理", "EMOTION-AGITATED", True),
        ("报修了整整三天宽带还没修好", "EMOTION-AGITATED", False),
        ("我想投诉两年前办的那张副卡，一直在扣月租", "EMOTION-AGITATED", False),
    # cues-2026.12.55, from held_out_50 (yv10 alerted; yv28 silent for the shared-data model): a schedule asked
    # about; a number cancelled by the operator
    ("宿舍的校园网晚上11点以后断网是学校规定的吗，想了解一下", "IMPACT-INTERRUPTED", False),
    ("我们宿舍每天熄灯断网，想问问有没有别的办法上网", "IMPACT-INTERRUPTED", False),
        ("我的号码停机是按哪条规定，我一分钱都不欠", "IMPACT-INTERRUPTED", True),
        ("宽带断网三天了，你们说是统一检修，检修要这么久吗", "IMPACT-INTERRUPTED", True),
    ("我聋哑，手机号被你们无故注销了，银行验证码都收不到，工资卡的钱都取不出来", "IMPACT-INTERRUPTED", True),
        ("我想把不用的副卡注销了，要带什么", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.56, from held_out_51 (yu4 alerted; yu28 reviewed as a 2): a fraud feared; data sold
    ("客服回访电话一般是哪个号码打过来的，我怕接到诈骗电话", "IMPACT-SECURITY", False),
        ("可怕的是我的号码被别人盗用了", "IMPACT-SECURITY", True),
    ("我的手机号被你们卖给了贷款公司，每天几十个催收电话打到我单位", "IMPACT-SECURITY", True),
        ("营业员卖给我一个199的套餐，根本用不完", "IMPACT-SECURITY", False),
    # cues-2026.12.57, from held_out_52 (yt17, yt18 alerted): a suspension as the time a fee was charged in; a refund
    # of the user's own money, however large, is no high compensation
    ("停机期间还在扣月租，三个月一共150，这不合理", "IMPACT-INTERRUPTED", False),
        ("手机无故停机三天了，打不出去也接不了", "IMPACT-INTERRUPTED", True),
    ("营业员说充两千送手机，结果手机要另外交钱，我要求退回两千块预存款", "COMP-HIGH", False),
        ("师傅把我家地板砸坏了，要求赔偿两千块", "COMP-HIGH", True),
        ("宽带断了一个星期，赔我一千五百块", "COMP-HIGH", True),
    # cues-2026.12.58, from held_out_53 (ys2, ys3 alerted; ys29 silent): back now; a crowd; no call possible
    ("昨天下大雨家里网络断了一会儿，现在好了，问下是不是天气原因", "IMPACT-INTERRUPTED", False),
        ("宽带断了两天，你们说今天修，现在好了吗", "IMPACT-INTERRUPTED", True),
    ("演唱会现场人太多了手机上不了网，理解，就是提个建议以后多加点临时基站", "IMPACT-INTERRUPTED", False),
        ("我们村老人多，手机从昨天起就上不了网", "IMPACT-INTERRUPTED", True),
    ("高考考场附近的信号屏蔽器影响了我们整个小区，一个星期都打不了电话，你们一直不管", "AREA-OUTAGE", True),
        ("信号差打不了电话，希望送我一些通话分钟数作为补偿", "IMPACT-INTERRUPTED", False),
        ("到现在还是打不了电话，只能到阳台上打", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.59, from held_out_54 (yr11 alerted; yr22, yr26, yr29, yr30 reviewed as 2): a passport as an ID
    # card, a SIM change denied in plain words, calls only, the net all down
    ("有人用我的护照号码在你们这里办了手机卡，我没有办过", "IMPACT-SECURITY", True),
        ("我用护照办的卡，想问问护照换新了要不要去营业厅", "IMPACT-SECURITY", False),
    ("我的银行发短信说我的手机号换了新的SIM卡，可是我没有换，我的银行卡的钱少了一万", "IMPACT-SECURITY", True),
        ("营业厅给我换了新的SIM卡，现在信号好多了", "IMPACT-SECURITY", False),
    ("你们把我的护照复印件给了别人", "IMPACT-SECURITY", True),
    ("我的手机没有网，只有打电话可以，已经三天了", "IMPACT-INTERRUPTED", False),
    ("我们整个公寓楼的网都断了，三天了", "IMPACT-INTERRUPTED", True),
        ("网上都说你们的网都断了三天了，是真的吗", "AREA-OUTAGE", False),
    # cues-2026.12.60, from held_out_55 (yq11 alerted, yq30 silent): the phone's data standing in; an ID posted
    ("申请移机一个星期了还没人联系我，新家没网用，只能用手机流量", "IMPACT-INTERRUPTED", False),
        ("家里宽带断了三天了，只能用手机流量", "IMPACT-INTERRUPTED", True),
    ("移机的时候你们的人把我的户籍信息拍照发到了工作群里，我的身份证号都被别人看到了", "IMPACT-SECURITY", True),
        ("我把你们的活动海报发到了朋友圈，积分怎么没到账", "IMPACT-SECURITY", False),
    # cues-2026.12.62, from held_out_56 (yp17 graded 1 without review): a weak signal said with a degree
    ("请问手机信号为什么这么差，在家里打电话经常听不清，对方也听不清我", "SLOW-NETWORK", True),
        ("你们客服的态度为什么这么差，问两句就挂电话", "SLOW-NETWORK", False),
    # cues-2026.12.63, from held_out_57 (yo10 read as dissatisfied; yo30 reviewed as a 2; yo22, yo26 silent for the
    # shared-data model): a survey's question; a life put at risk; a complainant threatened or exposed
    ("回访的时候客服问我对处理结果满不满意，我说一般", "EMOTION-DISSATISFIED", False),
        ("对这次的处理结果很不满意", "EMOTION-DISSATISFIED", True),
    ("我家老人因为手机没信号耽误了急救，差点没命", "IMPACT-SECURITY", True),
    ("你们的工作人员为了让我撤销投诉，跑到我单位来找我，我觉得受到了威胁", "IMPACT-SECURITY", True),
        ("客服威胁我说不交钱就停机", "IMPACT-SECURITY", False),
    ("你们把我投诉的内容和我的电话号码告诉了被投诉的营业员，他现在打电话来骂我", "IMPACT-SECURITY", True),
    # cues-2026.12.64, from held_out_58 (yn27, yn29 silent; yn21, yn23 reviewed as 2): a camera broken into, footage
    # pushed or copied to others, every room without signal
    ("你们的家庭监控摄像头被人黑了，陌生人能看到我家里的画面", "IMPACT-SECURITY", True),
        ("充了一百块话费就用了两天，感觉被黑了", "IMPACT-SECURITY", False),
    ("你们的监控APP把我家的视频推送到了别人的手机上", "IMPACT-SECURITY", True),
    ("我家的监控录像被你们的维修人员拷走了", "IMPACT-SECURITY", True),
        ("想问一下监控录像能保存多久", "IMPACT-SECURITY", False),
    ("我们酒店两百间房的电视全部没信号了，客人都在投诉退房", "IMPACT-INTERRUPTED", True),
    ("智能摄像头的云存储到期了你们也不提醒，直接把我半年的录像全删了", "IMPACT-DATA-LOSS", True),
        ("我把手机里的缓存全删了，网速还是很慢", "IMPACT-DATA-LOSS", False),
    # cues-2026.12.65, from held_out_59 (ym23 read as an explosion; ym30 graded 3 for the police only)
    ("气到爆炸，扣了我三个月冤枉钱，客服还怼我", "IMPACT-SECURITY", False),
        ("充电宝是在你们营业厅买的，充着电突然爆炸了", "IMPACT-SECURITY", True),
    ("营业厅的人把我的自拍和身份证照片发到他们群里开玩笑", "IMPACT-SECURITY", True),
    # cues-2026.12.66, from held_out_60 (yl2 graded 3 without review): 恼火 is annoyance, or trouble in Sichuan speech
    ("你们那个APP好恼火哦，找个账单找半天", "EMOTION-AGITATED", False),
    ("你们那个APP好恼火哦，找个账单找半天", "EMOTION-DISSATISFIED", True),
        ("装个宽带拖了半个月还没装上，太气人了", "EMOTION-AGITATED", True),
    # cues-2026.12.67, from held_out_61 (yk21 read no media risk): the public asked to spread a post
    ("转发求扩散！@中国移动 宽带断了一个星期没人修，投诉无门，大家评评理", "ESC-MEDIA", True),
        ("客服说已经把我的问题转发给技术部门了，想问问要等多久", "ESC-MEDIA", False),
    # cues-2026.12.68, from held_out_62 (yj3, yj4, yj10, yj14 alerted; yj27 silent, yj23 reviewed as a 2): a filter
    # the user set, a number labelled a fraud, a scam asked about; an ID photographed in secret, an operation delayed
    ("想问一下怎么关闭陌生号码拦截，有时候快递电话打不进来", "IMPACT-INTERRUPTED", False),
    ("开了防骚扰服务，结果连快递和外卖电话都打不进来了，每月还扣3块", "IMPACT-INTERRUPTED", False),
        ("我的号码被拦截了一样，打不进来也打不出去，已经两天了", "IMPACT-INTERRUPTED", True),
    ("请问国际来电为什么都被标注成疑似诈骗了", "IMPACT-SECURITY", False),
    ("收到提醒说我的号码近期有异常登录，是系统提醒还是诈骗短信", "IMPACT-SECURITY", False),
        ("有人冒充反诈中心给我打电话，说我的号码涉案，骗走了我五万块", "IMPACT-SECURITY", True),
    ("实名认证的时候营业员偷拍了我的身份证，后来我收到了用我身份证办的网贷", "IMPACT-SECURITY", True),
    ("防诈骗拦截把医院打来的电话拦了，我家老人住院，差点耽误了手术", "IMPACT-SECURITY", True),
    # cues-2026.12.69, from held_out_64 (yg26 silent, yg27 reviewed as a 2): the line word ends its clause, the next
    # one says it went down (`line_down.bridge`)
    # (yg26 itself, "…有老人摔倒没人知道", reads as a danger to safety since cues-2026.12.93: 摔倒)
    ("养老院的紧急呼叫系统用的是你们的网络，昨晚断了，老人们都很着急", "IMPACT-INTERRUPTED", True),
    ("社区的防疫登记系统用的你们的专线，断了一天，居民排长队", "IMPACT-INTERRUPTED", True),
        ("我家用的是你们的宽带，网速一直很慢", "IMPACT-INTERRUPTED", False),
        ("宽带，手机，电视都是你们家的，想问有没有优惠", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.70, from held_out_66 (ye21, ye23 silent): a card re-issued with no agent named, money gone from a
    # bank card; an ID used for someone else
    ("今天去营业厅一查，说我的卡前天在外地被补办了，可我人一直在本地，现在银行卡里少了两万", "IMPACT-SECURITY", True),
        ("我的卡丢了，想问问补办了以后原来的卡还能用吗", "IMPACT-SECURITY", False),
    ("你们营业厅有个员工把我的身份证复印件和签名拿去给别人办了宽带", "IMPACT-SECURITY", True),
    # cues-2026.12.71, from held_out_67 (yd29 reviewed as a 2): sparks
    ("你们的施工把我家门口的电线弄断了，还冒火花", "IMPACT-SECURITY", True),
    # cues-2026.12.72, from held_out_68 (yc29 reviewed as a 2)
    ("你们装网的线掉在我们小区的路上，还有电，我同学差点被电到", "IMPACT-SECURITY", True),
    # cues-2026.12.73, from held_out_69 (yb21 reviewed as a 2): the regulator in pinyin initials
    ("再不解决我就去gxb投诉你们", "ESC-REGULATOR", True),
    # cues-2026.12.74, from held_out_70 (ya23 reviewed as a 2): the account closed by the operator
    ("我出国期间号码被你们销户了，银行、医保都绑的这个号，现在什么都办不了", "IMPACT-INTERRUPTED", True),
        ("请帮我把我的号码注销了，要带什么", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.75, from held_out_71 (xz23, xz24 silent; xz29 read a device's alarm as the police): people trapped,
    # a camera's picture seen by others, an alarm that did not go out, an amount in 万 with no unit of money
    ("电梯里的紧急呼叫电话用的是你们的卡，昨天有人被困按了没反应，太危险了", "IMPACT-SECURITY", True),
        ("老人机的紧急呼叫按钮按了没反应，老人摔倒了没人知道", "IMPACT-SECURITY", True),
        ("老人机的紧急呼叫按钮怎么设置号码", "IMPACT-SECURITY", False),
        ("这个问题被困扰了好几天，网速一直很慢", "IMPACT-SECURITY", False),
    ("家里的摄像头画面被别人看到了，还发到了网上", "IMPACT-SECURITY", True),
        ("摄像头画面有点模糊，看不清楚", "IMPACT-SECURITY", False),
    ("养殖场的温控报警用的是你们的卡，昨晚没信号报警没发出来", "ESC-LEGAL", False),
        ("再不给我解决我就报警", "ESC-LEGAL", True),
    ("死了一批鸡，要求赔偿五万", "COMP-HIGH", True),
        ("要求赔偿，万一再断网怎么办", "COMP-HIGH", False),
        ("要求赔偿五百", "COMP-HIGH", False),
    # cues-2026.12.76, from held_out_72 (xy12 alerted; xy25, xy26, xy30 reviewed as 2): stretches of a road with no
    # signal, a dashcam's cloud video deleted, an address told to a stranger, a fleet's cards stopped at once
    ("跑长途的路上好几段都没信号，导航用不了，希望你们在国道沿线加基站", "IMPACT-INTERRUPTED", False),
        ("整个镇都没信号了，已经两天", "IMPACT-INTERRUPTED", True),
    ("我的行车记录仪云端视频被删光了，出了事故正需要", "IMPACT-DATA-LOSS", True),
        ("我把手机里的缓存删光了，网速还是很慢", "IMPACT-DATA-LOSS", False),
    ("你们的客服把我的住址和车牌号告诉了一个自称是我朋友的人", "IMPACT-SECURITY", True),
        ("客服告诉了我一个新的套餐，我想了解一下", "IMPACT-SECURITY", False),
    ("我们车队三十台车的卡同时停了，所有车都联系不上", "IMPACT-INTERRUPTED", True),
        ("请问车队的卡能不能同时办理停机保号", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.77, from held_out_73 (xx12 alerted; xx26, xx29 reviewed as 2): a line down twice, a shop's
    # customer list sold, pictures gone
    ("店里的宽带这周断了两次，每次半个小时左右，影响顾客扫码付款", "IMPACT-INTERRUPTED", False),
        ("店里的宽带断了两天了，一直没人来修", "IMPACT-INTERRUPTED", True),
    ("你们的营业员把我们店的客户名单和电话卖给了竞争对手", "IMPACT-SECURITY", True),
        ("想把店里的客户名单导入到你们的企业通讯录里，怎么操作", "IMPACT-SECURITY", False),
    ("云盘里存的三年的商品图片和视频全没了，我的店没法开了", "IMPACT-DATA-LOSS", True),
        ("APP里的图片加载不出来，一直转圈", "IMPACT-DATA-LOSS", False),
    # cues-2026.12.78, from held_out_74 (xw24 silent): 上不去 for 上不了
    ("宽带从前天开始彻底上不去网了，报修三次都没人来", "IMPACT-INTERRUPTED", True),
        ("家里宽带经常上不去网了，过一会又好了", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.80, from held_out_75 (xv21, xv27 silent; xv22, xv23, xv30 reviewed as 2): money moved out, data
    # sold, a number that callers are told does not exist, a feature's line stopped, a platform broken into
    ("那个人用我的号码收了验证码，把我的支付宝钱转走了", "IMPACT-SECURITY", True),
        ("我想把我的话费余额转走，转到我老婆的号上", "IMPACT-SECURITY", False),
    ("现在天天收到借贷广告，我怀疑信息被他卖了", "IMPACT-SECURITY", True),
    ("换eSIM的时候你们把号码弄丢了，现在这个号打过去是空号", "IMPACT-INTERRUPTED", True),
        ("家庭网短号拨打766显示空号，长号可以打通", "IMPACT-INTERRUPTED", False),
    ("手表eSIM突然被停用，我女儿在外面走丢了联系不上", "IMPACT-INTERRUPTED", True),
        ("请问副卡停用了以后还能恢复吗", "IMPACT-INTERRUPTED", False),
    ("你们的云手机平台被人攻破了，我的账号里的聊天记录被人截图发到了网上", "IMPACT-SECURITY", True),
        ("你们再不处理，我就把聊天记录发到网上让大家看看", "IMPACT-SECURITY", False),
    # cues-2026.12.81, from held_out_76 (xu27 silent; xu22, xu24, xu29 reviewed as 2; xu2 graded 3): injuries, a
    # water main cut, power taken in secret; whether anyone deals with it asked calmly
    ("你们挖路的坑没有围栏也没有灯，我晚上掉进去把腿摔断了", "IMPACT-SECURITY", True),
    ("光缆垂在马路上，晚上一个骑摩托的人被绊倒摔成骨折", "IMPACT-SECURITY", True),
    ("施工挖断了小区的自来水管，整栋楼停水两天", "IMPACT-SECURITY", True),
    ("还偷偷接了我家的电，一年用了我几千块电费", "IMPACT-SECURITY", True),
        ("我想把家里的宽带移到隔壁房间，需要重新接线吗", "IMPACT-SECURITY", False),
    ("小区门口的光交箱门一直开着，不知道有没有人管，提醒一下", "EMOTION-AGITATED", False),
        ("宽带断了三天了，你们到底有没有人管", "EMOTION-AGITATED", True),
    # cues-2026.12.82, from held_out_78 (xs21, xs29 reviewed as 2): an ID used for more cards or for someone else,
    # said after the ID (`identity_misused.misused_after`)
    ("厂里统一办的卡，老板拿我们的身份证多办了好几张卡", "IMPACT-SECURITY", True),
    ("营业员拿我的身份证复印件给他亲戚办了宽带", "IMPACT-SECURITY", True),
        ("我拿着身份证想多办一张副卡，要交钱吗", "IMPACT-SECURITY", False),
    # cues-2026.12.84, from held_out_79 (xr20 alerted; xr22, xr23 reviewed as 2): a suspension asked for already, money
    # moved out of someone's card, a number transferred to a stranger
    ("申请了停机，你们的系统还在给我爸的号发欠费提醒", "IMPACT-INTERRUPTED", False),
        ("刚办了宽带就断了，三天没人修", "IMPACT-INTERRUPTED", True),
    ("有人拿着我死去父亲的身份证补了他的卡，把他银行卡里的钱转走了五万", "IMPACT-SECURITY", True),
    ("营业员私自把她的号码过户给了一个陌生人", "IMPACT-SECURITY", True),
        ("我想把手机号过户给我女儿，要带什么", "IMPACT-SECURITY", False),
    # cues-2026.12.85, from held_out_80 (xq18 alerted; xq23 silent; xq24, xq26 reviewed as 2): a home worker's day, a
    # landlord in the tenant's account, a line transferred to the tenant, residents' data sold
    ("宽带移机还没人来，房东家的网我用不了，在家没法办公", "IMPACT-INTERRUPTED", False),
        ("公司专线断了，三十多个人都没法办公", "IMPACT-INTERRUPTED", True),
    ("我退租以后，房东用我的宽带账号登录，把我留在账号里的照片和文件都看了", "IMPACT-SECURITY", True),
        ("房东让我登录APP查一下宽带到期时间", "IMPACT-SECURITY", False),
    ("租客把我房子里的宽带过户到了他自己名下", "IMPACT-SECURITY", True),
    ("房东和你们的营业员串通，把我们整栋楼租客的信息拿去卖给了装修公司", "IMPACT-SECURITY", True),
    # cues-2026.12.87, from held_out_81 (xp3 graded 1): the municipal hotline under its other name
    ("【市民热线】来电人询问宽带报装需要哪些材料，请予以答复", "ESC-REGULATOR", True),
    # cues-2026.12.88, from held_out_82 (xo2, xo6, xo9, xo10, xo12 alerted): an incident of the user's past told as
    # background, a product's or a banner's name, an outage repaired
    ("去年我的号被盗用过一次，你们处理得很好，这次想问问怎么开通账户安全提醒", "IMPACT-SECURITY", False),
    ("我的卡去年被盗用过，补了新卡以后每个月多出五块钱的安全服务费", "IMPACT-SECURITY", False),
        ("我的号码被盗用过两次，你们一直不处理", "IMPACT-SECURITY", True),
        ("我去年投诉过号码被盗用，结果这个月又被人用我的号码开了网贷", "IMPACT-SECURITY", True),
    ("请问“防泄露”的那个隐私号业务怎么开通", "IMPACT-SECURITY", False),
    ("你们营业厅挂的“谨防电信诈骗”的横幅挺好的", "IMPACT-SECURITY", False),
    ("之前停机的那张卡我已经交了费，现在能正常用了", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.89, from held_out_83 (xn1, xn14, xn19 alerted; xn22, xn29 reviewed as 2): a parent's setting, a
    # fee in a suspension, a call dropped after no signal (no bridge after 信号), a number closed and used by
    # another, no bar of signal and an emergency number not reached
    ("孩子晚上老玩手机，我想每天十点以后给他的卡断网，你们有这个功能吗", "IMPACT-INTERRUPTED", False),
    ("停机保号办好了，你们又每个月扣我五块钱的来电提醒费，停机了还收什么", "IMPACT-INTERRUPTED", False),
    ("地铁里一到那几站就没信号，打着电话就断了", "IMPACT-INTERRUPTED", False),
        ("养老院的紧急呼叫系统用的是你们的网络，昨晚断了", "IMPACT-INTERRUPTED", True),
    ("我申请的是停机保号，你们直接把我的号销了，现在号码已经被别人用了", "IMPACT-SECURITY", True),
    ("我在山上迷路了，手机一格信号都没有，打不了110", "IMPACT-SECURITY", True),
        ("我爸的老年机被你们停了上网功能，说是防诈骗", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.90, from held_out_84 (xm1, xm3, xm4, xm7, xm15, xm16, xm17 alerted; xm2, xm12 graded 3): escalation
    # words in another sense
    ("手机拍照曝光过度，是不是要更新系统", "ESC-MEDIA", False),
        ("再不退钱我就找媒体曝光你们", "ESC-MEDIA", True),
    ("你们的多媒体短信收费标准是多少", "ESC-MEDIA", False),
    ("我是做自媒体的，直播的时候上行速度总是不够", "ESC-MEDIA", False),
    ("电视台的节目在IPTV上回看不了，是版权问题吗", "ESC-MEDIA", False),
        ("我已经联系了电视台的记者，明天来拍你们营业厅", "ESC-MEDIA", True),
    ("工信部规定可以携号转网，我想问问具体流程", "ESC-REGULATOR", False),
        ("按工信部规定你们不能强制捆绑，再不改我就去工信部投诉", "ESC-REGULATOR", True),
    ("我要起诉那个骗我钱的人，法院让我提供通话记录", "ESC-LEGAL", False),
    ("去年的通话记录我要拿去法院作证", "ESC-LEGAL", False),
        ("我要去法院告你们，装维人员把我家的地板砸坏了", "ESC-LEGAL", True),
    # cues-2026.12.91, from held_out_85 (xl1, xl2, xl5, xl9, xl10 graded 2 on COMP-DEMAND): demand words in another
    # sense
    ("你们的“流量补偿包”是什么意思，是免费送的吗", "COMP-DEMAND", False),
    ("请问退款一般几天到账？我退订的那个会员已经申请了", "COMP-DEMAND", False),
    ("客服小姐姐一直跟我道歉，其实不是她的错", "COMP-DEMAND", False),
        ("营业员骂我，我要求他当面跟我道歉", "COMP-DEMAND", True),
        ("话费多扣了三十八块，请退回来", "COMP-DEMAND", True),
    # cues-2026.12.92, from held_out_86 (xk24 reviewed as a 2): recordings deleted by the operator's platform
    ("民宿的监控录像被你们的云平台删了，刚好那天有客人丢了东西", "IMPACT-DATA-LOSS", True),
        ("云平台的录像怎么设置保存时间，过期会自动删吗", "IMPACT-DATA-LOSS", False),
    # cues-2026.12.93, from held_out_87 (xj10, xj19 graded 3 as legal; xj21, xj23, xj25 reviewed as 2): a fall alarm's
    # name, a card stopped by the operator, health records shown, an operation put off, a person fallen
    ("跌倒报警手表的月租是多少，和普通手表卡一样吗", "ESC-LEGAL", False),
        ("营业员骂我，我已经报警了", "ESC-LEGAL", True),
    ("我爸的远程心电监测卡被你们停了也不通知", "IMPACT-INTERRUPTED", True),
    ("你们的营业员把我办卡时留的病历复印件拿给别人看了", "IMPACT-SECURITY", True),
    ("收不到医院的验证码已经五天了，我父亲的手术被推迟了", "IMPACT-SECURITY", True),
    ("跌倒报警手表的卡欠费停机没提醒，我妈摔倒了手表呼叫不出去", "IMPACT-SECURITY", True),
    # cues-2026.12.94, from held_out_89 … 91 (xh14 graded 1; xg27 graded 2 without review; xf22 reviewed as a 2): an
    # attitude with a degree word, personal data told to whoever came asking, records deleted by mistake
    ("营业厅的员工态度很差，问两句就不耐烦", "EMOTION-DISSATISFIED", True),
        ("营业厅的员工态度很好，问什么都耐心解答", "EMOTION-DISSATISFIED", False),
    ("营业员把我的身份证号和住址告诉了来打听的陌生人", "IMPACT-SECURITY", True),
        ("有陌生人来打听我的住址，营业员没有告诉他", "IMPACT-SECURITY", False),
    ("我们放在云主机上的数据库被误删了，一年的客户数据全没了", "IMPACT-DATA-LOSS", True),
        ("我自己误删了几张照片，云盘里还能找回来吗", "IMPACT-DATA-LOSS", False),
    # cues-2026.12.95, from held_out_92 and 93 (xe10, xd2 alerted; xd22 silent for the shared-data model): an explosion
    # of messages, a number on a poster that does not exist, platform data gone
    ("群里的消息多到爆炸，想问一下短信能不能设置免打扰", "IMPACT-SECURITY", False),
        ("手机充电的时候电池爆炸了，把我的手烧伤了", "IMPACT-SECURITY", True),
    ("海报上写的电话打过去是空号，是不是印错了", "IMPACT-INTERRUPTED", False),
        ("你们把号码弄丢了，现在这个号打过去是空号", "IMPACT-INTERRUPTED", True),
    ("物联网平台上的数据全没了，三年的记录一条都找不回来", "IMPACT-DATA-LOSS", True),
    # cues-2026.12.96, from held_out_92 (xe1 graded 3): a quoted name of an emoji
    ("输入法里“气死了”那个表情在彩信里显示成了方块", "EMOTION-AGITATED", False),
        ("我跟客服说“气死了，再不修我就投诉”，她直接挂了", "EMOTION-AGITATED", True),
    # cues-2026.12.97, from held_out_95 … 97 (xb3, xb14 alerted; xa21, xa26, wz24 silent; wz28 reviewed as a 2): a theft
    # believed and found untrue, a phone not down altogether, money spent by someone, a balance gone, an ID sent to a
    # friend of the staff's, call records told to a spouse
    ("我以为号码被盗用了，后来发现是我老婆用我的号登录了视频会员，没事了", "IMPACT-SECURITY", False),
        ("我以为是普通的骚扰电话，结果银行卡里的钱被转走了", "IMPACT-SECURITY", True),
    ("也不是完全打不了电话，就是在家里经常打着打着就断", "IMPACT-INTERRUPTED", False),
        ("家里的宽带完全断了，三天都上不了网", "IMPACT-INTERRUPTED", True),
    ("手机丢了一个小时，有人用话费支付把里面的三千块钱全花光了", "IMPACT-SECURITY", True),
        ("这个月的流量全花光了，想问问怎么加个流量包", "IMPACT-SECURITY", False),
    ("钱包里的两千块余额升级以后没了，交易记录也查不到", "IMPACT-DATA-LOSS", True),
        ("话费余额还有多少，在哪里查", "IMPACT-DATA-LOSS", False),
    ("营业员在我挂失的时候把我的身份证拍了照，发给了她朋友", "IMPACT-SECURITY", True),
    ("我的通话记录被你们的员工查了，还告诉了我老公", "IMPACT-SECURITY", True),
        ("我想把通话记录导出来，告诉我老公我那天在哪", "IMPACT-SECURITY", False),
    # cues-2026.12.98, from held_out_98 … 100 (ww26 silent; wy29, wx26, wx28, wx29, ww24, ww27 reviewed as 2): the
    # number stopped with the object between, files lost for no reason, indignation, a line 已中断 for all residents, a
    # code used by someone, customers' data sold, an emergency number and its failure across a comma
    ("真是大公司，停我的机连个通知都没有", "IMPACT-INTERRUPTED", True),
        ("我出国半年，想申请停我的机保号", "IMPACT-INTERRUPTED", False),
    ("本人存储于云盘之全部工作文件无故丢失", "IMPACT-DATA-LOSS", True),
    ("家中宽带同一故障迄今未予解决，本人对贵公司的处理极为愤慨", "EMOTION-AGITATED", True),
    ("本小区全体住户宽带已中断四日，恳请立即抢修", "AREA-OUTAGE", True),
    ("演唱会门票被人用我手机号的验证码抢走了", "IMPACT-SECURITY", True),
        ("抢票的时候票都被别人抢走了，你们的网太慢", "IMPACT-SECURITY", False),
    ("你们在展会上收集的客户信息被卖了", "IMPACT-SECURITY", True),
        ("营业厅登记的客户信息怎么修改", "IMPACT-SECURITY", False),
    ("马拉松跑到一半我晕倒了，队友用我的手机打120，一直打不出去", "IMPACT-SECURITY", True),
        ("打120叫了救护车，回来发现家里宽带一直打不开网页", "IMPACT-SECURITY", False),
    # cues-2026.12.99, from held_out_101 and 102 (wv10 alerted; wv22, wv24, wv28 silent; wu18 graded 1): a number's
    # lifecycle asked, a number taken by a re-issue, records printed for a previous owner, a phone's photos copied
    ("旧号码停用以后多久会被重新放出来，想了解一下", "IMPACT-INTERRUPTED", False),
        ("宽带断了以后多久会有人来修，已经两天了", "IMPACT-INTERRUPTED", True),
    ("前机主拿着旧身份证去营业厅把号码补办走了", "IMPACT-SECURITY", True),
    ("号码过户以后，我的通话记录被营业员打印给了前机主", "IMPACT-SECURITY", True),
        ("营业员把我的通话记录打印给了我，我想问问怎么看", "IMPACT-SECURITY", False),
    ("营业员把我回收的旧手机里的照片拷走了", "IMPACT-SECURITY", True),
        ("我把照片发到朋友圈以后画质变差了", "IMPACT-SECURITY", False),
    # cues-2026.12.100, from held_out_104 … 106 (eleven of held_out_104 alerted; wr21, wr22, wr25, wr27 reviewed as 2;
    # wq23 silent for the shared-data model): a regulator's or the press's name in another sense, Shanghainese typed in
    # characters, a base station without power
    ("我朋友在通信管理局上班，他说携号转网很方便，想问问怎么办", "ESC-REGULATOR", False),
        ("我已经在通信管理局投诉了你们，到现在没人理", "ESC-REGULATOR", True),
        ("通信管理局的工作人员已经给我回电了，你们还不处理", "ESC-REGULATOR", True),
    ("12315是你们的客服电话吗？我想问问话费的事", "ESC-REGULATOR", False),
        ("再不把钱退给我，我就打12315", "ESC-REGULATOR", True),
    ("我在市场监管局工作，单位的宽带这个月很慢", "ESC-REGULATOR", False),
    ("我女儿是记者，她让我问问你们的老年套餐", "ESC-MEDIA", False),
        ("我是记者，想采访一下你们的5G建设情况", "ESC-MEDIA", True),
    ("阿拉屋里额宽带断脱一个礼拜了", "IMPACT-INTERRUPTED", True),
    ("阿拉额号头拨人家补卡补脱了，银行卡里额钞票统统拨人家转走了", "IMPACT-SECURITY", True),
        ("我拨人家电话一直拨不通，想问问是不是我的号有问题", "IMPACT-SECURITY", False),
    ("山里起了火，护林员的电话全都打不通，你们的基站停电两天了", "IMPACT-INTERRUPTED", True),
    # cues-2026.12.101, from held_out_107 … 109 (wn24 silent for the shared-data model; wp22, wo23, wo24, wn25 reviewed
    # as 2): a number's service suspended, a line down from a time on, photos vanished, a building's calls failing,
    # records given to a former husband
    ("你们把我的号码暂停服务了一个星期，说是系统误判", "IMPACT-INTERRUPTED", True),
        ("App里“暂停服务”那个按钮是干什么用的", "IMPACT-INTERRUPTED", False),
    ("公司专线今早八点起中断，全部门店无法收银", "IMPACT-INTERRUPTED", True),
        ("路段信号中断无信号或信号较弱，请核实", "IMPACT-INTERRUPTED", False),
    ("云盘里五年的照片今天全部消失了", "IMPACT-DATA-LOSS", True),
    ("整栋楼的座机都打不出去了，已经两天", "AREA-OUTAGE", True),
    ("你们的人把我家座机的通话记录给了我前夫", "IMPACT-SECURITY", True),
    # cues-2026.12.102, from held_out_110 … 112 (wm6, wk11 alerted; wl27, wk28 silent; wm26 silent for the shared-data
    # model): a rule of compensation asked, a forced going without, a card number used by staff, data sent to another
    # customer, a child nearly hit
    ("宽带的“故障补偿”规则是什么，断网多久才会补偿", "IMPACT-INTERRUPTED", False),
        ("家里断网多久才能修好？已经两天了", "IMPACT-INTERRUPTED", True),
    ("流量被副卡一天用光了，我这个主卡月底只能停网", "IMPACT-INTERRUPTED", False),
    ("客服录音里我的银行卡号被你们的员工拿去用了", "IMPACT-SECURITY", True),
        ("营业员把我的手机拿去帮我设置了一下，很快就好了", "IMPACT-SECURITY", False),
    ("你们把我们全家人的身份证信息和住址发到了别的用户的邮箱里", "IMPACT-SECURITY", True),
    ("装维人员搬东西的时候把我家的电视砸坏了，还差点砸到我孩子", "IMPACT-SECURITY", True),
    # cues-2026.12.103, read from the rows left by name (xn11, xn13, wp13, wm13 alerted): a home line down a short while
    ("家里停电恢复以后宽带就一直连不上了，光猫是红灯，已经一个上午了", "IMPACT-INTERRUPTED", False),
    ("宽带断了半天，按你们的规则应该补偿三天月租，到现在没补", "IMPACT-INTERRUPTED", False),
        ("宽带说两小时内恢复，到现在两天了还是上不了网", "IMPACT-INTERRUPTED", True),
        ("公司专线断了一上午，订单系统全停了", "IMPACT-INTERRUPTED", True),
        ("宽带断了一个下午，整个小区都这样", "IMPACT-INTERRUPTED", True),
        ("我家附近手机突然没有信号，已经好几个小时无法拨打和接听电话", "IMPACT-INTERRUPTED", True),
        ("我家宽带不是断一个小时，是从前天断到现在，整整三天了", "IMPACT-INTERRUPTED", True),
    # cues-2026.12.104, from held_out_113 and 115 (wj11, wj12, wj13, wh8 alerted): hours in 钟头, a night, a whole
    # morning, a reminder of a suspension
    ("家里宽带从早上到现在一直连不上，已经三个钟头了", "IMPACT-INTERRUPTED", False),
    ("昨晚宽带断了一宿，早上才好", "IMPACT-INTERRUPTED", False),
    ("今天一整个上午家里都没网，打客服说在抢修", "IMPACT-INTERRUPTED", False),
        ("家里的手机一整个上午都没信号，打不了电话", "IMPACT-INTERRUPTED", True),
    ("昨天收到停机提醒短信，晚上我交了费，想确认一下会不会停", "IMPACT-INTERRUPTED", False),
        ("收到停机提醒短信，我交了费，结果第二天还是被停机了", "IMPACT-INTERRUPTED", True),
    # cues-2026.12.105, from held_out_117 (wf18 alerted; wf21 silent): a local card abroad works, a number closed
    ("国外的信号显示满格，但是你们的卡就是上不了网，换本地卡就可以", "IMPACT-INTERRUPTED", False),
    ("我在国外读书，国内号码突然被销户了，所有验证码都收不到", "IMPACT-INTERRUPTED", True),
        ("我想销户，请问要带什么材料", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.106, from held_out_119 (ten alerted; wd29 read as no escalation under .100 … .105) and held_out_121
    # (wb28 reviewed as a 2): a body's programme, poster, service or door; a complaint made keeps the escalation
    ("电视台的天气预报里说明天有台风，你们的基站会不会受影响", "ESC-MEDIA", False),
    ("12315的宣传海报贴在你们营业厅门口，是你们和他们合作的吗", "ESC-REGULATOR", False),
    ("工信部的“一号通查”怎么用，想查一下我名下有几张卡", "ESC-REGULATOR", False),
    ("我们报社的宽带这周老是掉线，稿子发不出去", "ESC-MEDIA", False),
        ("我在通信管理局的网站上提交了投诉，你们一直没人管", "ESC-REGULATOR", True),
        ("再不修我们就集体去通信管理局", "ESC-REGULATOR", True),
        ("我要去通信管理局门口拉横幅", "ESC-REGULATOR", True),
        ("我们要找媒体评评理", "ESC-MEDIA", True),
    ("家校通把全班学生的家庭住址和家长电话发到了别的学校的群里", "IMPACT-SECURITY", True),
    # cues-2026.12.107, from held_out_122 … 124 (wa21 silent; vy12 alerted; vy21, vy22 reviewed as 2; vz24 silent for
    # the shared-data model): hours with 多, a business run from home, a camera seen by a stranger, private photos sent
    ("今天下午家里宽带断了三个多小时，打游戏的时候一直掉线", "IMPACT-INTERRUPTED", False),
        ("我在家直播带货，宽带断了两个小时，直播间的人全跑了", "IMPACT-INTERRUPTED", True),
        ("我开网店的，家里宽带断了一下午，客户消息都回不了", "IMPACT-INTERRUPTED", True),
    ("宠物摄像头的画面被陌生人看到了", "IMPACT-SECURITY", True),
    ("你们的客服把我云盘里的私人照片截图发给了别人", "IMPACT-SECURITY", True),
    # cues-2026.12.108, from held_out_126 and 127 (vw2 alerted; vv24 silent): an outage found to be nothing, a base
    # station down
    ("孩子哭着说手表打不了电话了，我看了一下是没开机，没事了", "IMPACT-INTERRUPTED", False),
        ("宽带断了三天了，你们说没事了吗？", "IMPACT-INTERRUPTED", True),
    ("洪水过后我们镇的基站断了五天，到现在还没修好", "IMPACT-INTERRUPTED", True),
    # cues-2026.12.109, from held_out_128 … 130 and the rows left by name (xn10, xn17, vu2, vu4, vu11, vu12, vu17
    # alerted; vu26, vu27 silent; vt21 reviewed as a 2): the user's own doing, arrears forgotten, a number blocked,
    # data given to a sales company, a contact book deleted
    ("路由器我自己重置了，现在连不上网了", "IMPACT-INTERRUPTED", False),
    ("搬家的时候我把光猫摔了一下，现在上不了网", "IMPACT-INTERRUPTED", False),
    ("装修工人把入户的光纤弄断了，你们师傅来接一下线要收三百", "IMPACT-INTERRUPTED", False),
        ("我自己重启了好几次光猫，还是上不了网，已经断了四天了", "IMPACT-INTERRUPTED", True),
        ("我把光猫摔坏了，报修三天没人来，一直上不了网", "IMPACT-INTERRUPTED", True),
        ("你们把我的宽带关了，现在上不了网", "IMPACT-INTERRUPTED", True),
    ("我忘了交宽带费被停了，交完钱还没恢复", "IMPACT-INTERRUPTED", False),
        ("我忘了交费停机一天，你们就把我的号码销户了", "IMPACT-INTERRUPTED", True),
    ("我们公司的全部外呼号码被你们一刀切封停了，呼叫中心全停工了", "IMPACT-INTERRUPTED", True),
    ("你们却把我的号码信息给了推销公司，现在骚扰更多了", "IMPACT-SECURITY", True),
    ("营业员把我整个通讯录都删了", "IMPACT-DATA-LOSS", True),
    # cues-2026.12.110, from held_out_131 and 133 (vr8, vr14 alerted; vr29 silent; vp22 reviewed as a 2): a name changed
    # by the user, a neighbour's works, someone else logged in, a card re-issued by someone
    ("我自己把WiFi名字改成了中文，有的设备连不上", "IMPACT-INTERRUPTED", False),
    ("邻居装修把我家的网线剪断了，你们师傅来接线收了两百", "IMPACT-INTERRUPTED", False),
        ("施工队把整个小区的光缆挖断了，三天了全小区都没网", "IMPACT-INTERRUPTED", True),
    ("我的密码被你们的客服随便重置了，现在别人登录了我的账户", "IMPACT-SECURITY", True),
        ("别人都能登录，就我登录不了你们的App", "IMPACT-SECURITY", False),
    ("随身WiFi的卡被人补了，对方用我的号登录了我的网银", "IMPACT-SECURITY", True),
    # cues-2026.12.111, from held_out_136 (vm11 alerted; vm24 silent): no signal in one spot, data posted to a group
    ("我跑外卖的，地下车库里一点信号都没有，每次取餐都要跑出来给顾客打电话", "IMPACT-INTERRUPTED", False),
        ("手机一点信号都没有，三天了，打不了电话", "IMPACT-INTERRUPTED", True),
    ("你们的营业员把我的住址和电话发到了一个群里", "IMPACT-SECURITY", True),
        ("我把宽带的测速截图发到了一个群里，大家都说太慢了", "IMPACT-SECURITY", False),
    # cues-2026.12.112, from held_out_138 and 139 (vj24 silent; vk2 graded 3; vk27 reviewed as a 2; vj28 silent for the
    # shared-data model): a lawyer by trade, a legal process, many people's numbers and logins
    ("我是做律师的，想给律所办一条企业宽带", "ESC-LEGAL", False),
        ("我找了做律师的朋友，准备起诉你们", "ESC-LEGAL", True),
    ("号码被停了三天，如果明天还不恢复，我就走法律程序", "ESC-LEGAL", True),
        ("你们合同里写的法律责任那一条是什么意思", "ESC-LEGAL", False),
    ("我会把对话记录交给传媒", "ESC-MEDIA", True),
        ("我在一家传媒公司上班，公司的宽带很慢", "ESC-MEDIA", False),
    ("我们公司全体员工的手机号被你们的营业员卖给了贷款公司", "IMPACT-SECURITY", True),
        ("我们公司全体员工的手机号都是在你们这里办的", "IMPACT-SECURITY", False),
    ("业主群里有人把大家的宽带账号和密码都发出来了", "IMPACT-SECURITY", True),
        ("改宽带账号密码的短信一直没发出来", "IMPACT-SECURITY", False),
    # cues-2026.12.114, from held_out_143 and 145 (vf30, vd24 silent; vf21, vf22, vf24, vf25 reviewed as 2): down for
    # days with the duration right after 断, Minnan and Henan words
    ("宽带断三天了，报修没人来", "IMPACT-INTERRUPTED", True),
    ("公司的专线断两工矣，规间公司拢袂做代志", "IMPACT-INTERRUPTED", True),
        ("下个月宽带要停两天检修，想问问能不能补偿", "IMPACT-INTERRUPTED", False),
        ("明天宽带要断了，想问问要断多久", "IMPACT-INTERRUPTED", False),
        ("宽带断了三天了，你们还说要停到下周", "IMPACT-INTERRUPTED", True),
    ("阮的号码予人补卡去，银行内底的三万箍予人转走矣", "IMPACT-SECURITY", True),
    ("有人假恁的客服拍电话来，骗去我八千箍", "IMPACT-SECURITY", True),
    ("云盘内底的相片拢无去矣", "IMPACT-DATA-LOSS", True),
    ("云盘里的照片全木有了", "IMPACT-DATA-LOSS", True),
    # cues-2026.12.115, from held_out_146 … 148 (vc10, vc12, vc18, va14 alerted; vc21, vb23 silent): days after 坏了, a
    # repair told with 以后, the net named by its outage word, a suspension paid, what the user complained of told
    ("宽带坏了俩礼拜了，报修三回都说排队", "IMPACT-INTERRUPTED", True),
        ("上个月家里宽带坏了，你们的师傅来修了，修好了", "IMPACT-INTERRUPTED", False),
        ("宽带坏了两天，你们师傅修好以后一直挺好的", "IMPACT-INTERRUPTED", False),
    ("今天早上网断了俩钟头，耽误我上网课", "IMPACT-INTERRUPTED", False),
        ("店里断网一个小时，收银全停了", "IMPACT-INTERRUPTED", True),
    ("停机缴费以后等了一个多钟头才恢复", "IMPACT-INTERRUPTED", False),
        ("没欠费也被停机了三天，打不了电话", "IMPACT-INTERRUPTED", True),
    ("你们把我的投诉内容和电话告诉了被投诉的营业员", "IMPACT-SECURITY", True),
        ("我的电话一直打不通你们的客服", "IMPACT-SECURITY", False),
    # cues-2026.12.116, from held_out_150 (uy29 silent; uy23, uy24 silent for the shared-data model): the operator's
    # e-mail and cloud storage
    ("邮箱服务停了三天，公司所有的业务邮件都收不到", "IMPACT-INTERRUPTED", True),
    ("邮箱里十年的邮件一夜之间都没了", "IMPACT-DATA-LOSS", True),
        ("邮箱里的广告邮件太多了，退订了还在发", "IMPACT-DATA-LOSS", False),
    ("云盘里的合同文件被别人看到了", "IMPACT-SECURITY", True),
        ("我把文件发给了别人，对方说打不开", "IMPACT-SECURITY", False),
    # cues-2026.12.117, from held_out_153 (uv28 silent for the shared-data model): a home's account given to its
    # previous owner
    ("移机的时候你们把我家的宽带账号给了上一户业主", "IMPACT-SECURITY", True),
        ("宽带账号忘了，能帮我查一下吗", "IMPACT-SECURITY", False),
    # cues-2026.12.118, from held_out_155 … 157 (ut25, us22 silent; ut23 reviewed as a 1; ur25 silent for the
    # shared-data model): cards asked after, another's records in the bill, an old phone's photos put online, a platform
    ("账单显示我的号码名下有 5张副卡，我只办过 1张，另外 4张是谁办的", "IMPACT-SECURITY", True),
        ("这个视频会员是谁办的，我没订过", "IMPACT-SECURITY", False),
    ("账单明细里有别人的通话记录和号码", "IMPACT-SECURITY", True),
    ("营业员把我的旧手机回收以后，里面的照片被传到了网上", "IMPACT-SECURITY", True),
        ("我把手机里面的照片传到了网上相册，怎么设置成私密", "IMPACT-SECURITY", False),
    ("我是二十年的老用户，我要在微博上公开这件事", "ESC-MEDIA", True),
        ("要求赔偿并登报和微博公开道歉", "ESC-MEDIA", False),
    # cues-2026.12.119, from held_out_159 (uo23, uo26, uo27, uo29 silent): calls that cannot come in, another's codes
    # sent by the system, codes received by someone else, a code read out
    ("手机卡突然没信号了，验证码、电话全都收不到，已经一个星期了", "IMPACT-INTERRUPTED", True),
        ("这里信号弱，基本接不到电话，多是短信提醒", "IMPACT-INTERRUPTED", False),
    ("你们的系统把别人的验证码发到了我的手机上", "IMPACT-SECURITY", True),
        ("总是收到别人的验证码，是不是别人填错了号码", "IMPACT-SECURITY", False),
    ("有人用我的号码接收验证码，注册了十几个网络账号", "IMPACT-SECURITY", True),
    ("客服在电话里把我的验证码念给了旁边的人听", "IMPACT-SECURITY", True),
        ("我把我的验证码念给了客服，她帮我重置了密码", "IMPACT-SECURITY", False),
    # cues-2026.12.120, from held_out_161 and 163 (ul21, ul30 silent; uj24 silent for the shared-data model): the
    # north-east's passive and its words of pretending and cheating, a group of theirs
    ("俺的卡让人给补了，银行卡里三万块钱让人转走了", "IMPACT-SECURITY", True),
        ("俺的卡丢了，让营业厅给补了一张", "IMPACT-SECURITY", False),
    ("有人装你们客服给俺打电话，说俺卡要升级，忽悠走俺八千块", "IMPACT-SECURITY", True),
        ("营业员忽悠我办了一个贵的套餐，请给我换回来", "IMPACT-SECURITY", False),
    ("你们的营业员把我的身份证信息发到了他们的群里拜年", "IMPACT-SECURITY", True),
    # cues-2026.12.122, from held_out_164 and 166 (ug22 … ug25 silent; ui21, ui24, ug21 reviewed as 2): Sichuan's
    # passive and 莫得, call forwarding set by someone else, voice messages lost, call alerts sent to someone else
    ("我的卡遭人补了，银行卡头的三万块钱遭人转走了", "IMPACT-SECURITY", True),
    ("云盘头的照片全部莫得了", "IMPACT-DATA-LOSS", True),
    ("你们的客服帮别人把我的号码设置了呼叫转移", "IMPACT-SECURITY", True),
    ("我的手机被人偷偷设置了呼叫转移，卡里的五万块没了", "IMPACT-SECURITY", True),
        ("我自己设置了呼叫转移，想问问怎么取消", "IMPACT-SECURITY", False),
    ("语音信箱里存了我父亲最后的留言，你们系统升级以后全没了", "IMPACT-DATA-LOSS", True),
        ("我在APP上给客服留言了，到现在没人回", "IMPACT-DATA-LOSS", False),
    ("来电提醒的短信发到了我前夫的手机上", "IMPACT-SECURITY", True),
    ("公司的客户电话转到了别人的手机上", "IMPACT-SECURITY", True),
    # cues-2026.12.123, from held_out_168 and 169 (ue23, ue24, ue26, ud25 silent; ue22, ue27, ue30 reviewed as 2):
    # Hunan and Hubei's particle 哒, 冇得 and 别个, complaints counted in 回, 鬼火冒, an address and a number sold
    ("手机里头的照片全部冇得哒，你们升级搞的", "IMPACT-DATA-LOSS", True),
        ("密码忘记哒，么样重置咯", "IMPACT-DATA-LOSS", False),
        ("么么哒，谢谢客服小姐姐", "EMOTION-DISSATISFIED", False),
    ("你们员工把我的身份证号码和住址港给了别个，现在天天有人上门", "IMPACT-SECURITY", True),
        ("别个营业厅说可以办，你们这里怎么不行", "IMPACT-SECURITY", False),
    ("公司的专线断哒一上午", "IMPACT-INTERRUPTED", True),
    ("我已经投诉了五回哒，你们一直冇得人管", "EMOTION-AGITATED", True),
        ("宽带一天断好几回，每回几分钟", "EMOTION-AGITATED", False),
    ("我鬼火冒", "EMOTION-AGITATED", True),
    ("买卡的时候留的地址电话被卖了，天天有人打电话骚扰我", "IMPACT-SECURITY", True),
        ("我的地址电话写错了，快递送不到，帮我改一下", "IMPACT-SECURITY", False),
    # cues-2026.12.124, from held_out_170 … 172 (uc23, uc26, uc30, ub30, ua22 silent; uc28 reviewed as a 2): homophones
    # voice input writes, complaints counted with 好多次, data shown to the other party or thrown away whole
    ("我要去公信部投诉你们，乱扣费扣了一年了", "ESC-REGULATOR", True),
    ("要求你们公开到欠，你们的员工在营业厅骂人", "DEMAND-PUBLIC-APOLOGY", True),
        ("收到欠费短信了，怎么交费", "DEMAND-PUBLIC-APOLOGY", False),
    ("我的银行卡被倒刷了两万块", "IMPACT-SECURITY", True),
    ("我已经投诉了好多次了，到现在还是没人管", "EMOTION-AGITATED", True),
        ("客服电话转人工要按好多次", "EMOTION-AGITATED", False),
    ("你们的充值系统还把我的号码信息显示给了对方", "IMPACT-SECURITY", True),
        ("我的手机号码打出去会显示给对方吗", "IMPACT-SECURITY", False),
    ("营业厅的人把我的身份证复印件扔在垃圾桶里，被人捡走了", "IMPACT-SECURITY", True),
        ("我把旧手机扔到垃圾桶了，里面的卡要注销吗", "IMPACT-SECURITY", False),
    # cues-2026.12.125, from held_out_173 and 175 (tz23, tz26, tz27 silent; tx11 alerted; tz21, tz22, tz24, tz28, tz30
    # reviewed as 2; tx24 silent for the shared-data model): Yunnan and Guizhou's 喽, 没得 and 着人, a village,
    # a venue's free WiFi, what the user browsed
    ("我的卡着人补喽，银行卡头的钱着转走两万多", "IMPACT-SECURITY", True),
    ("手机头的照片全部没得喽，你们升级整的", "IMPACT-DATA-LOSS", True),
        ("问题一直没得到解决，我很不满", "IMPACT-DATA-LOSS", False),
    ("整个寨子的手机都没得信号三天喽", "AREA-OUTAGE", True),
    ("你们员工把我的身份证号和住址讲给别个喽", "IMPACT-SECURITY", True),
        ("我把套餐的情况讲给别人听了，他们也想办", "IMPACT-SECURITY", False),
    ("我都投诉五回喽，一直没得人管", "EMOTION-AGITATED", True),
    ("地铁WiFi连上以后根本上不了网，认证页面一直打不开", "IMPACT-INTERRUPTED", False),
        ("商场的免费WiFi连不上，家里宽带也断了三天", "IMPACT-INTERRUPTED", True),
        ("家里的WiFi连上以后根本上不了网，已经三天了", "IMPACT-INTERRUPTED", True),
        ("我们酒店的WiFi连上以后根本上不了网，客人全部退房", "IMPACT-INTERRUPTED", True),
    ("公共WiFi的认证系统把我的手机号和上网记录卖给了广告公司", "IMPACT-SECURITY", True),
        ("怎么查我的上网记录", "IMPACT-SECURITY", False),
    # cues-2026.12.126, from held_out_178 (tu27 silent): data read out to bystanders
    ("你们的客服在电话里把我的套餐信息和身份证号报给了旁边的人", "IMPACT-SECURITY", True),
        ("客服让我把身份证号报给她核实一下", "IMPACT-SECURITY", False),
    # cues-2026.12.127, from held_out_179 … 181 (tt1, tt9 alerted; tt24, tt26, ts23, ts30 silent; ts22, tr23,
    # tr26 reviewed as 2; tr4 graded 3): the user's own disclosure, a leak asked about, a bank password asked for,
    # Shaanxi's 咧, escalation inside the company
    ("我把身份证号告诉了别人，会不会有风险", "IMPACT-SECURITY", False),
        ("营业员把我的身份证号告诉了别人，那个人用它在网上借了钱", "IMPACT-SECURITY", True),
        ("我把验证码告诉了一个冒充客服的人，银行卡里的三万块被转走了", "IMPACT-SECURITY", True),
    ("我把家庭住址发到了业主群里，想撤回来已经来不及了，这算泄露吗", "IMPACT-SECURITY", False),
        ("这算是泄露了我的隐私吧，你们的营业员把我的住址告诉了别人", "IMPACT-SECURITY", True),
    ("我把旧手机交给你们营业厅回收，结果里面的照片被人发到了网上", "IMPACT-SECURITY", True),
    ("你们的客服让我把银行卡号和密码报给她，说是核实身份，后来钱没了", "IMPACT-SECURITY", True),
        ("客服会问我要银行卡密码吗", "IMPACT-SECURITY", False),
    ("手机里的照片全没咧，你们升级弄的", "IMPACT-DATA-LOSS", True),
    ("公司的专线断咧一早上，几十个人没法上班", "IMPACT-INTERRUPTED", True),
    ("你们的服务质量监督电话是多少，我想提个建议", "ESC-APPEAL", False),
        ("我已经向你们的服务质量监督电话申诉了", "ESC-APPEAL", True),
    ("这个事我要投诉到你们集团总部", "ESC-APPEAL", True),
    ("我要给你们董事长写信，把你们员工骗老人办卡的事说清楚", "ESC-APPEAL", True),
        ("我想给你们总经理写封表扬信，寄到哪里", "ESC-APPEAL", False),
    # cues-2026.12.128, from held_out_182 … 184 (tp5, tp9, tp13 alerted; tp22, to24 silent; tq26 reviewed as a 2):
    # a loss feared or undone, contacts without their numbers, an ID's data taken, a disclosure to outsiders
    ("换手机以后怎么把照片导过去，怕丢了", "IMPACT-DATA-LOSS", False),
        ("可怕的是照片全没了", "IMPACT-DATA-LOSS", True),
        ("我担心的事发生了，照片全没了", "IMPACT-DATA-LOSS", True),
    ("昨天照片突然不见了，今天又出来了，没事了，就是想问问什么原因", "IMPACT-DATA-LOSS", False),
    ("照片在云盘里丢了十几张，客服帮我找回来了", "IMPACT-DATA-LOSS", False),
        ("照片全没了，客服说找不回来了", "IMPACT-DATA-LOSS", True),
        ("照片全没了，恢复了出厂设置也没用", "IMPACT-DATA-LOSS", True),
    ("备份的时候显示成功，恢复的时候一半的联系人都没有电话号码了", "IMPACT-DATA-LOSS", True),
    ("装宽带登记的身份证信息被你们的代办点拿去办了别的卡", "IMPACT-SECURITY", True),
    ("你们员工把我的身份证号和住址告诉外人了", "IMPACT-SECURITY", True),
    ("公司放在你们云主机上的客户资料全丢了", "IMPACT-DATA-LOSS", True),
    ("我的语音留言箱里父亲的最后一段留言被系统自动删了", "IMPACT-DATA-LOSS", True),
    # cues-2026.12.129, from held_out_185 … 187, two of them written to probe taken_over and lasting_complaint
    # (tn1 … tn17: ten alerted; tn28, tl29 silent; tm1, tm3, tm12 graded 3 without review; tm26, tl23, tl24
    # reviewed as 2)
    ("有人能教我怎么登录你们的APP吗，我是第一次用", "IMPACT-SECURITY", False),
    ("请问有人工客服能帮我绑定一下银行卡吗", "IMPACT-SECURITY", False),
    ("群里有人说注册你们的APP送十个G流量，是真的吗", "IMPACT-SECURITY", False),
        ("有人说我的微信被人登录了，是不是真的", "IMPACT-SECURITY", True),
    ("家里有人用我的手机登录了视频会员，怎么退出他的账号", "IMPACT-SECURITY", False),
        ("家里有人偷偷用我的身份证办了网贷", "IMPACT-SECURITY", True),
    ("APP老是提示有人在别的设备登录，其实就是我自己，每次都要重新验证", "IMPACT-SECURITY", False),
        ("有人用我的手机号注册了好几个网贷平台，借了三万块钱", "IMPACT-SECURITY", True),
        ("陌生人登录了我的APP，把我的积分全部换走了", "IMPACT-SECURITY", True),
    ("陌生人用我的号码接收了验证码，登录了我的网银", "IMPACT-SECURITY", True),
    ("我找你们办宽带都十年了，想问问有没有老用户优惠", "EMOTION-AGITATED", False),
        ("找你们找了三个月了，多扣的八百块一分没退", "EMOTION-AGITATED", True),
    ("上次报修以后好了三个月了，想问问下次光猫坏了还是打这个电话吗", "EMOTION-AGITATED", False),
        ("报修了三个月了，座机还是有杂音", "EMOTION-AGITATED", True),
    ("报修了五次，修了五次，宽带还是三天两头断", "EMOTION-AGITATED", True),
    ("通话被串到了陌生人的电话上，我说的家庭住址和身份证号全被对方听到了", "IMPACT-SECURITY", True),
    ("我的通话录音被你们的客服放给了别人听", "IMPACT-SECURITY", True),
        ("能不能开通通话录音功能", "IMPACT-SECURITY", False),
    ("座机完全打不出去了，一个星期了", "IMPACT-INTERRUPTED", True),
        ("信号不好，在地下室完全打不出去", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.130, from held_out_188 … 190, the first written to probe passive_taken, resold and data_known (tk1 …
    # tk19: eleven alerted; tk30, ti23, ti24 silent; tk28, ti21, ti26 and the notes of held_out_189 reviewed)
    ("手机卡让师傅拿去检测了，大概多久能好", "IMPACT-SECURITY", False),
    ("身份证让营业员拿去复印了，会不会有问题", "IMPACT-SECURITY", False),
    ("宽带账号让房东登录一下交个费可以吗", "IMPACT-SECURITY", False),
        ("我的身份证让营业员拿去给别人办了卡", "IMPACT-SECURITY", True),
        ("我的手机号叫别人拿去注册了网贷，催收电话天天打", "IMPACT-SECURITY", True),
    ("客服一接电话就叫得出我的名字，服务真好，表扬一下", "IMPACT-SECURITY", False),
    ("客服报出了我的身份证后四位让我核对，我觉得不太安全", "IMPACT-SECURITY", False),
        ("营业员当着其他顾客的面大声念出我的身份证号和住址", "IMPACT-SECURITY", True),
        ("推销电话一打过来就叫得出我的名字和住址，肯定是你们泄露的", "IMPACT-SECURITY", True),
    ("号码销户以后会回收给别人吗，想了解一下", "IMPACT-SECURITY", False),
        ("号码被你们回收以后卖给了别人，我的微信还绑着它", "IMPACT-SECURITY", True),
    ("客服电话里报出了我的银行卡号和余额，旁边的同事都听到了", "IMPACT-SECURITY", True),
    ("手机里个相片全部冇忒了，你兜升级搞个", "IMPACT-DATA-LOSS", True),
    ("𠊎个卡分人补了，银行卡里个钱分人转走两万几", "IMPACT-SECURITY", True),
    ("𠊎投诉了五摆，一直冇人管", "EMOTION-AGITATED", True),
    ("你兜个员工将𠊎个身份证号同住址讲分别人知", "IMPACT-SECURITY", True),
    ("家里信号差，屋里打不了电话", "IMPACT-INTERRUPTED", False),
        ("我的手机三天打不了电话了", "IMPACT-INTERRUPTED", True),
    # cues-2026.12.131, from held_out_191 … 193, the first written to probe repaired, the third identity_misused,
    # disowned, police_for_loss and arrears (th3, th5, th6, th9, tf20 alerted; tg24, tf24 silent; tg21, tg22, tg30,
    # tf21 reviewed)
    ("宽带断了，师傅来了一趟就弄好了，服务很好，表扬一下", "IMPACT-INTERRUPTED", False),
    ("家里的网断了，后来发现是路由器插头松了，插上就好了", "IMPACT-INTERRUPTED", False),
    ("上周小区断网的问题已经解决了，谢谢你们的师傅连夜抢修", "IMPACT-INTERRUPTED", False),
        ("要是能早点修好就好了，宽带断了三天了", "IMPACT-INTERRUPTED", True),
        ("宽带断网的问题一直没解决，已经三天了", "IMPACT-INTERRUPTED", True),
    ("号码被停了，我交完费马上就能打了，想问问停机前会不会发短信提醒", "IMPACT-INTERRUPTED", False),
    ("上个月忘交宽带费被停了，交了钱又等了两天才恢复", "IMPACT-INTERRUPTED", False),
    ("我都投诉五趟了，一直没得人问", "EMOTION-AGITATED", True),
    ("手机丢了我报了警，结果补卡的时候你们把卡补给了捡到手机的人", "IMPACT-SECURITY", True),
    ("我的卡被人补掉了，银行卡里的钱被转掉了两万多", "IMPACT-SECURITY", True),
    ("家里宽带断掉一个礼拜了，没得人来修", "IMPACT-INTERRUPTED", True),
    ("我没有换过卡，为什么收到了换卡成功的短信？", "IMPACT-SECURITY", True),
        ("我没补过卡，想问问怎么补卡", "IMPACT-SECURITY", False),
    # cues-2026.12.132, from held_out_194 … 197 (te1, te10, te18 alerted; tb26 silent; te23, tc21, tc26, tb25 reviewed)
    ("能不能给孩子的卡设置每天晚上十点以后不能上网", "IMPACT-INTERRUPTED", False),
        ("宽带每天晚上十点以后都上不了网，已经一个星期了", "IMPACT-INTERRUPTED", True),
    ("孩子说同学的卡晚上会自动断网，是你们有这个服务吗", "IMPACT-INTERRUPTED", False),
    ("学生卡屏蔽了陌生号码，结果老师的电话也打不进来", "IMPACT-INTERRUPTED", False),
    ("你们的系统把我的动账短信发到了别人的手机上", "IMPACT-SECURITY", True),
    ("孩子手表的定位信息被别人查到了，有人跟到学校门口", "IMPACT-SECURITY", True),
        ("孩子手表的定位信息怎么查", "IMPACT-SECURITY", False),
    ("我个卡乞人补了，银行卡个钱乞人转走两万外", "IMPACT-SECURITY", True),
    ("汝块个员工将我个身份证号和地址呾乞别人知", "IMPACT-SECURITY", True),
    ("有人拿着假身份证在你们营业厅把我的号补了卡", "IMPACT-SECURITY", True),
    # cues-2026.12.133, from held_out_198 … 200, the first written to probe near misses (ta7, ta11, ta18 alerted;
    # ta25, sy22, sy28 silent; sz22, sz30, sy21 reviewed as 2)
    ("差一点就被停机了，我赶在最后一天交上了，想问问宽限期是几天", "IMPACT-INTERRUPTED", False),
    ("差点被停机，你们的欠费提醒晚了三天才发", "IMPACT-INTERRUPTED", False),
        ("我妈差点急死，手机停机三天了", "IMPACT-INTERRUPTED", True),
    ("差点把旧号码的积分弄没了，你们的转移规则说不清楚", "IMPACT-DATA-LOSS", False),
    ("如果不是我发现得早，号码就被别人过户走了", "IMPACT-SECURITY", True),
    ("APP里显示的是别人的账单和身份证号，你们的系统串号了", "IMPACT-SECURITY", True),
        ("手机串号在哪里看", "IMPACT-SECURITY", False),
    ("APP客服的聊天记录里有我发的身份证照片，被截图发到了网上", "IMPACT-SECURITY", True),
    ("你们的APP把我的通讯录上传了，我的联系人都接到了你们的推销电话", "IMPACT-SECURITY", True),
    ("屋里宽带拐了一个礼拜，冇得人来修", "IMPACT-INTERRUPTED", True),
        ("孩子被拐了，我要报警", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.134, from held_out_201 and 203, written to probe the words of fraud and theft in another sense and
    # service_contact (fourteen and one alerted)
    ("孩子想要一个木马玩具，你们积分商城里有吗", "IMPACT-SECURITY", False),
    ("我们公司做网络安全的，想跟你们谈谈防木马的合作", "IMPACT-SECURITY", False),
        ("孩子的手表被装了木马，能被陌生人远程听到家里说话", "IMPACT-SECURITY", True),
    ("钓鱼的地方信号太差，打个电话要走到坝上", "IMPACT-SECURITY", False),
        ("我点了你们短信里的链接，结果是个钓鱼网站，银行卡被刷了五千", "IMPACT-SECURITY", True),
    ("我的电动车被盗了，车上的定位器用的是你们的卡，能帮我查一下定位吗", "IMPACT-SECURITY", False),
        ("我的账号被盗了，绑定的银行卡被刷走了两万", "IMPACT-SECURITY", True),
    ("家里燃气泄露报警器是不是要插你们的卡才能用", "IMPACT-SECURITY", False),
        ("个人信息被你们泄露给了贷款公司，我要起诉你们", "IMPACT-SECURITY", True),
    ("怎么识别冒充你们客服的电话，想学一下", "IMPACT-SECURITY", False),
    ("看了个防诈骗的宣传片，里面说的钓鱼网站长什么样", "IMPACT-SECURITY", False),
    ("手机里装了个流氓软件，老是弹广告，怎么卸载", "EMOTION-AGITATED", False),
    ("骗子用你们的号段给我打了好几次电话，你们能不能管一管", "EMOTION-AGITATED", False),
        ("你们的营业员就是骗子，把老人骗去办了三个套餐", "EMOTION-AGITATED", True),
    ("客服电话晚上几点以后打不进去，想知道人工服务时间", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.135, from held_out_204 and 205, the first written to probe the other bare words of security in
    # another sense (sixteen alerted; st22 reviewed as a 2)
    ("我名下多少张卡怎么查，想注销不用的", "IMPACT-SECURITY", False),
        ("我名下多出来三张卡，都不是我办的，其中一张欠了两千块", "IMPACT-SECURITY", True),
    ("身份证被我弄丢了，补卡的时候能用临时身份证吗", "IMPACT-SECURITY", False),
    ("营业员说我的身份证被系统锁了，要我跑三趟派出所开证明", "IMPACT-SECURITY", False),
        ("我的身份证被人冒用办了宽带，欠费催收打到我单位", "IMPACT-SECURITY", True),
    ("我的个人信息被更新了吗，上周在营业厅改的地址", "IMPACT-SECURITY", False),
        ("个人信息被你们的营业员拍照发给了别人", "IMPACT-SECURITY", True),
    ("你们的海报盗用了我拍的风景照，能不能注明一下作者", "IMPACT-SECURITY", False),
    ("号码被他人标记为诈骗电话，朋友都不接我电话了", "IMPACT-SECURITY", False),
    ("我的号码被他人举报成了骚扰电话，其实我是做保险的，怎么申诉", "ESC-APPEAL", False),
    ("亲情网的话费被转走到副卡上了，是我自己设置的吗，怎么查", "IMPACT-SECURITY", False),
        ("话费余额被转走了八百块，转到了一个我不认识的号码上", "IMPACT-SECURITY", True),
    ("孩子看了个恐吓的短视频吓哭了，你们的儿童手表能不能屏蔽这类内容", "IMPACT-SECURITY", False),
        ("我收到恐吓短信，对方知道我的住址和孩子学校", "IMPACT-SECURITY", True),
    ("隐私被保护得挺好，骚扰电话少多了，谢谢你们的拦截服务", "IMPACT-SECURITY", False),
    ("诈骗电话拦截服务开了以后，快递电话也被拦了", "IMPACT-SECURITY", False),
    ("盗刷险买了以后才发现要另外付费，当时说是免费送的", "IMPACT-SECURITY", False),
        ("银行卡被盗刷了三万，就是在你们营业厅补卡之后", "IMPACT-SECURITY", True),
    ("营业员把我的退役军人证复印件和身份证信息发到了他们的销售群里", "IMPACT-SECURITY", True),
    # cues-2026.12.136, from held_out_206 and 207, the first written to probe anger's words in another sense (ss1 … ss17
    # graded 3; sr25, sr26 silent; sr22 reviewed as a 2)
    ("孩子想在手机上玩愤怒的小鸟，你们的游戏包里有吗", "EMOTION-AGITATED", False),
        ("我非常愤怒，宽带断了五天了没有任何人管", "EMOTION-AGITATED", True),
    ("中了你们的抽奖，我高兴得要疯了，奖品怎么领", "EMOTION-AGITATED", False),
    ("你们送的电饭煲火大不大，能煮粥吗", "EMOTION-AGITATED", False),
    ("我在看一部讲敲诈勒索的电视剧，用你们的电视盒子老是卡一下", "EMOTION-AGITATED", False),
        ("你们的人上门装机的时候敲诈我，不给两百块就不装", "EMOTION-AGITATED", True),
    ("新闻里在说霸王条款的事，想问问你们的合约里有没有违约金", "EMOTION-AGITATED", False),
        ("你们这是霸王条款，改套餐要收五百块违约金", "EMOTION-AGITATED", True),
    ("手机中了勒索病毒，里面的照片全被加密了", "IMPACT-SECURITY", True),
    ("营业员私下把我的靓号卖给了别人", "IMPACT-SECURITY", True),
    ("号码过户的时候你们把我的身份证复印件给了买家", "IMPACT-SECURITY", True),
    ("买的靓号过户以后，原机主用补卡把号码又补回去了", "IMPACT-SECURITY", True),
        ("原机主去世了，没有密码，要求办过户", "IMPACT-SECURITY", False),
    # cues-2026.12.137, from held_out_208, written to probe the bare words of an outage or a loss in another sense
    # (fifteen alerted)
    ("机场的停机坪附近信号特别好，想问问你们那边的基站是不是5G的", "IMPACT-INTERRUPTED", False),
    ("我爸那种不能上网的老人机，能办你们的亲情套餐吗", "IMPACT-INTERRUPTED", False),
    ("孩子今天上不了网课，是老师请假了，不是网络问题", "IMPACT-INTERRUPTED", False),
        ("家里断网三天了，孩子上不了网课，你们一直说在排队", "IMPACT-INTERRUPTED", True),
    ("游戏里有个断网模式，开了以后会不会还扣流量", "IMPACT-INTERRUPTED", False),
    ("飞机上要开飞行模式，那时候算不算停机，月租照扣吗", "IMPACT-INTERRUPTED", False),
        ("号码被停机了，我没欠费，打不了电话也收不到短信，已经两天", "IMPACT-INTERRUPTED", True),
    ("宽带连不上电视盒子，师傅说是盒子太旧了", "IMPACT-INTERRUPTED", False),
        ("宽带无法连接一个星期了，报修了四次没人来", "IMPACT-INTERRUPTED", True),
    ("手机里的照片丢失的话能不能从云盘找回来，想先了解一下", "IMPACT-DATA-LOSS", False),
    ("我想把云盘里的文件全删了，有没有一键清空的功能", "IMPACT-DATA-LOSS", False),
    ("积分清零的规则改了也不通知，我的积分少了一半", "IMPACT-DATA-LOSS", False),
    ("文件丢失了一部分，大部分还在，云盘同步的时候出了错", "IMPACT-DATA-LOSS", False),
        ("云盘里的照片丢失了，一千多张，客服说找不回来", "IMPACT-DATA-LOSS", True),
    # cues-2026.12.138, from held_out_209, written to probe the outage words in questions, rules and notices (twelve
    # alerted)
    ("被停机的号码还能收短信吗", "IMPACT-INTERRUPTED", False),
    ("服务中断的通知一般是短信发还是打电话", "IMPACT-INTERRUPTED", False),
    ("业务中断险是你们卖的吗，怎么买", "IMPACT-INTERRUPTED", False),
    ("网络中断的补偿规则写得太模糊了，我看不懂", "IMPACT-INTERRUPTED", False),
    ("网络中断补偿申请了三次都没批，每次都让重新提交", "IMPACT-INTERRUPTED", False),
        ("宽带中断四天了，一直说在抢修，我在家办公全耽误了", "IMPACT-INTERRUPTED", True),
        ("断网的问题三天了还没解决", "IMPACT-INTERRUPTED", True),
    # cues-2026.12.139, from held_out_210, written to probe the platforms' words (seven alerted): a post that failed or
    # praises is a use of the platform; a post said in the shortest words, or the trending list, is a threat
    ("快手上传视频总是失败，换了WiFi也一样", "ESC-MEDIA", False),
    ("微博发帖一直发不出去，是不是你们的网络有问题", "ESC-MEDIA", False),
    ("在小红书上发了一篇好评表扬你们的装维师傅", "ESC-MEDIA", False),
        ("明天就发快手让大家看看你们营业员的态度", "ESC-MEDIA", True),
        ("我已经发了抖音，好多人在评论", "ESC-MEDIA", True),
        ("再不解决我就上热搜", "ESC-MEDIA", True),
        ("视频发到抖音上了，评论区都在骂你们", "ESC-MEDIA", True),
    # cues-2026.12.139, from held_out_211, written to probe the amounts (seven alerted): compensation asked of the user,
    # a contract's penalty, an insurance's cap, points counted, money come
    ("提前解约要我赔偿两千元违约金", "COMP-HIGH", False),
    ("合约写着违约需赔偿剩余月租共计1500元", "COMP-HIGH", False),
    ("这个险种最高赔付5000元，我想问问怎么买", "COMP-HIGH", False),
    ("补偿我两万积分到现在还没到", "COMP-HIGH", False),
    ("赔偿的3000元已经到账了，谢谢", "COMP-HIGH", False),
        ("要求赔偿两万，你们的施工把我家的墙打穿了", "COMP-HIGH", True),
        ("答应赔偿我的1500元到现在还没到账", "COMP-HIGH", True),
        ("赔我两千块钱", "COMP-HIGH", True),
    # cues-2026.12.139, from held_out_212, written to probe denials (five alerted): an incident denied right before its
    # term, who the user is not, a negation before 把
    ("我的号码没有被盗，是家里人用了", "IMPACT-SECURITY", False),
    ("不是诈骗短信，是你们发的活动通知，我想确认一下", "IMPACT-SECURITY", False),
    ("并没有停机，只是打电话的时候有杂音", "IMPACT-INTERRUPTED", False),
    ("我不是记者，只是想问问为什么你们不给解决", "ESC-MEDIA", False),
    ("我不会把录音发到网上，但你们要给个说法", "ESC-MEDIA", False),
        ("宽带是不是断网了，一直连不上", "IMPACT-INTERRUPTED", True),
        ("不是断网就是卡顿，天天这样", "IMPACT-INTERRUPTED", True),
        ("这不是诈骗是什么，扣了我三百块", "IMPACT-SECURITY", True),
        ("你们不解决我就把录音发到网上", "ESC-MEDIA", True),
    # cues-2026.12.141, user-sk26 (silent): a number taken with words between 被 and the taking; never 拿走 after 被
    # (cocc-392, annotated degraded)
    ("我的号码被别人拿身份证复印件过户走了", "IMPACT-SECURITY", True),
    ("我的身份证被营业员拿去偷偷办了贷款", "IMPACT-SECURITY", True),
        ("单位倒闭了，号码被别人拿走了，以后的费用还算我的", "IMPACT-SECURITY", False),
        ("手机卡被师傅拿去检测了", "IMPACT-SECURITY", False),
    # cues-2026.12.142, from held_out_215 (sj13 alerted, sj15 reviewed as a 3): a denial in Sichuan speech, the
    # passive's agent between a denial and the term, 没想 as a negation
    ("号码没得被人盗用，是屋头娃儿拿去充了游戏", "IMPACT-SECURITY", False),
    ("号码没有被人盗用，是家里人用的", "IMPACT-SECURITY", False),
    ("俺没想去告你们，就想把多扣的钱要回来", "ESC-LEGAL", False),
        ("号码没有被人盗用吗，怎么多了好几条我没发过的短信", "IMPACT-SECURITY", True),
        ("我的号码被人盗用了", "IMPACT-SECURITY", True),
    # cues-2026.12.143, read while reviewing .139's denials: 倒是 before 没 is no A-not-A question (是不是 is, above)
    ("宽带倒是没断网，就是卡得不行", "IMPACT-INTERRUPTED", False),
    # cues-2026.12.145, user-sh12 (silent): a loss told as the system's message of damage
    ("云盘里的几百张照片突然都打不开了，显示文件损坏", "IMPACT-DATA-LOSS", True),
        ("手机屏幕损坏了能保修吗", "IMPACT-DATA-LOSS", False),
    # cues-2026.12.146, from held_out_218, written to probe the words of apology and high compensation (nine alerted)
    ("你们官网上挂的那个道歉声明是针对什么事的", "DEMAND-PUBLIC-APOLOGY", False),
    ("我不需要你们公开道歉，把多收的钱退给我就行", "DEMAND-PUBLIC-APOLOGY", False),
    ("我看到网上有人说你们赔了别人高额赔偿，我的情况差不多", "COMP-HIGH-WORDS", False),
    ("我不要什么高额赔偿，只想要个正常能用的网络", "COMP-HIGH-WORDS", False),
    ("孩子演讲讲到公开道歉的例子，想问问你们的客服电话", "DEMAND-PUBLIC-APOLOGY", False),
    ("赔偿方案里写的“高额补偿”到底是多少钱", "COMP-HIGH-WORDS", False),
        ("我要求你们在官网发道歉声明", "DEMAND-PUBLIC-APOLOGY", True),
        ("营业员当众骂我，我要求她公开向我道歉", "DEMAND-PUBLIC-APOLOGY", True),
        ("要求高额赔偿，少于五万我不接受", "COMP-HIGH-WORDS", True),
    # cues-2026.12.147, from held_out_219, written to probe the English terms (four alerted, two reviewed as 3)
    ("我同事 Sue 让我问一下漫游包怎么买", "ESC-LEGAL", False),
    ("刚看了个 lawyer 题材的美剧，流量用了好多", "ESC-LEGAL", False),
    ("我们公司的 social media 经理想办个企业套餐", "ESC-MEDIA", False),
    ("公司 VPN 连不上，IT 说是你们宽带的问题", "IMPACT-INTERRUPTED", False),
    ("我女儿在学 scam 这个英文单词", "IMPACT-SECURITY", False),
        ("再不退钱我就sue你们", "ESC-LEGAL", True),
        ("我的 lawyer 会联系你们", "ESC-LEGAL", True),
        ("我要把这事发到 social media 上", "ESC-MEDIA", True),
    # cues-2026.12.148, from held_out_220, written to probe regulator, media and legal words in other senses (seven
    # alerted)
    ("你们的流媒体会员怎么开，看电影要不要另外收费", "ESC-MEDIA", False),
    ("新买的手机有没有工信部入网许可", "ESC-REGULATOR", False),
    ("我们是消协推荐的诚信商户，想问问企业宽带", "ESC-REGULATOR", False),
    ("起诉离婚需要打印通话记录，营业厅能打印吗", "ESC-LEGAL", False),
    ("营业厅墙上贴着“欢迎媒体监督”，我排队一个小时了", "ESC-MEDIA", False),
        ("这个合约陷阱我要发到流媒体平台上让大家评评理", "ESC-MEDIA", True),
        ("再不解决我就去消协投诉", "ESC-REGULATOR", True),
    # cues-2026.12.149, from held_out_221, written to probe security words (three alerted, three silent)
    ("女儿玩cosplay冒充动漫人物拍照，用了很多流量", "IMPACT-SECURITY", False),
    ("我在网上看到一个钓鱼网站的教程，想问问你们有没有防护功能", "IMPACT-SECURITY", False),
        ("有黑客登录了我的账号，把积分全部兑换走了", "IMPACT-SECURITY", True),
        ("家里的摄像头被人远程控制了，画面在网上被别人看到", "IMPACT-SECURITY", True),
    # cues-2026.12.150, user-sc13 (silent): personal data known by the caller
    ("每天接到十几个推销电话，对方知道我的名字和住址", "IMPACT-SECURITY", True),
        ("我想知道我的身份证还能办几张卡", "IMPACT-SECURITY", False),
    # cues-2026.12.151, from held_out_223, written to probe outages told as past (fourteen alerted)
    ("上个月宽带断了两天，你们已经补偿了一个月月租，挺满意的，这次想问问提速的事", "IMPACT-INTERRUPTED", False),
    ("前阵子断网的事已经处理好了，谢谢你们的师傅", "IMPACT-INTERRUPTED", False),
    ("之前断网那三天的补偿到现在还没到账", "IMPACT-INTERRUPTED", False),
    ("去年专线中断过一次，你们处理得很及时，今年想续签合同", "IMPACT-INTERRUPTED", False),
        ("宽带从上周五断到现在，报修了三次没人来", "IMPACT-INTERRUPTED", True),
        ("以前断网都是师傅第二天就来修，这次等了三天还没人来", "IMPACT-INTERRUPTED", True),
        ("上个月宽带断了一次，这个月又断了，已经两天了", "IMPACT-INTERRUPTED", True),
    # cues-2026.12.152, from held_out_224, written to probe outages that come and go (two alerted) and sb26
    ("宽带断了又好好了又断，重启光猫也没用", "IMPACT-INTERRUPTED", False),
    ("宽带断了又好，好了又断，这一周断了五六次了", "IMPACT-INTERRUPTED", False),
    ("看直播的时候网断了一下，几秒钟就好了", "IMPACT-INTERRUPTED", False),
        ("宽带断了又好几天了，一直没人来修", "IMPACT-INTERRUPTED", True),
    # cues-2026.12.153, from held_out_225, written to probe outages of the last days told as over (seven alerted, one
    # silent)
    ("前天晚上整个小区断网，第二天早上就好了，物业让我来问问原因", "IMPACT-INTERRUPTED", False),
    ("断网的问题昨天已经处理了，但是师傅把我家门口弄得很脏", "IMPACT-INTERRUPTED", False),
    ("前几天网络中断过，现在已经正常了，请问有没有补偿", "IMPACT-INTERRUPTED", False),
        ("昨天说好今天来修的师傅没来，网还是断的", "IMPACT-INTERRUPTED", True),
        ("停机的事每次都说处理好了，今天又被停了", "IMPACT-INTERRUPTED", True),
    # cues-2026.12.154, from held_out_226, written to probe outages that are not the operator's (eight alerted)
    ("今天支付宝瘫痪了半小时，是你们网络的问题还是支付宝的问题", "IMPACT-INTERRUPTED", False),
    ("医院的挂号系统瘫痪了，不知道是不是你们的专线", "IMPACT-INTERRUPTED", False),
    ("电视台信号中断了，看不了春晚直播", "ESC-MEDIA", False),
    ("地铁上信号中断了好几站，是地铁的问题还是你们的", "IMPACT-INTERRUPTED", False),
        ("公司专线中断，收银系统全部瘫痪，门店已经没法营业了", "IMPACT-INTERRUPTED", True),
]


@pytest.mark.parametrize(("text", "rule", "fires"), [*PLATFORMS_HEARSAY_LASTING, *RUMOURS_DOUBTS_KEPT_UP,
                                                     *SUSPICIONS_CONDITIONS_YEARS, *WHAT_A_USER_WILL_NOT_DO,
                                                     *RECOVERY_ARREARS_COUNTS_TAKEOVER,
                                                     *BY_ITSELF_ANGER_RESOLD_EXPOSED, *ONE_PHONE_OR_CARD,
                                                     *REQUESTS_SUSPENSIONS_PARTIAL, *SUPPOSED_ANNOUNCED_ASKED])
def test_the_mechanisms_mended_on_user_written_groups(policy, text, rule, fires):
    """cues-2026.12.15 … .143: each case list above names the rows or the reading it came from."""
    assert (rule in rules(policy, text)) is fires


@pytest.mark.parametrize(("text", "term"), [("新买的手机插上你们的卡就显示无服务，换了别的卡就正常", "无服务"),
                                           ("其他手机都能用，就我这部手机信号全没了", "信号全没了"),
                                           ("新办的卡三天了，只能打电话发短信，上不了网", "上不了网")])
def test_a_fault_of_one_phone_card_or_function_is_a_function_unusable(text, term):
    found = cues(text)
    assert found.impact == "degraded"
    assert any(s.cue == "impact.degraded" and s.term == term for s in found.spans)


def test_a_text_typed_with_a_space_between_every_character_is_read_once_normalised(policy):
    """held_out_69 (yb22, yb26 and others reviewed as 2 or 1): the normaliser drops those spaces."""
    assert "IMPACT-INTERRUPTED" in rules(policy, normalise("宽 带 断 了 一 个 星 期 了 ， 没 人 管"))
    assert "ESC-MEDIA" in rules(policy, normalise("我要找 媒 体 曝 光 你们"))
    assert "IMPACT-INTERRUPTED" not in rules(policy, "宽 带 断 了 一 个 星 期 了")  # what the lexicon alone reads


def test_a_note_typed_word_by_word_is_read_once_normalised(policy):
    """held_out_189 (tj21, tj22, tj26, tj30 reviewed as 2 or 1): a space between words of a few characters is
    dropped as a space between characters is (cues-2026.12.130); a space between phrases stays."""
    assert "IMPACT-INTERRUPTED" in rules(policy, normalise("宽带 断 一周 没人修 做生意"))
    assert "IMPACT-SECURITY" in rules(policy, normalise("卡 被 补 银行 钱 没了 两万"))
    assert "IMPACT-SECURITY" in rules(policy, normalise("身份证 住址 员工 告诉 别人"))
    assert "IMPACT-INTERRUPTED" in rules(policy, normalise("公司 专线 断 一上午 几十人 不能 上班"))
    assert "IMPACT-INTERRUPTED" not in rules(policy, normalise("信号 差 屋里 打不了 电话"))


def test_a_suspension_asked_for_leaves_no_outage_span():
    assert not any(s.term == "宽带停了" for s in cues("我想把家里的宽带停了，怎么办理").spans)


def test_a_typo_is_read_as_the_word_meant_where_the_user_wrote_it():
    text = "再不解决就去工信布投述"
    span = next(s for s in cues(text).spans if s.cue == "escalation.regulator")
    assert (span.term, text[span.start:span.end]) == ("工信部", "工信布")


def test_a_quoted_message_still_names_the_users_product():
    found = cues("收到“您的宽带将于明日到期”的通知，可我上个月刚续了一年")
    assert found.fixed_line and not any(s.cue.startswith("impact.") and s.cue != "impact.minor" for s in found.spans)


def test_taiwans_and_hong_kongs_words_are_read_as_the_mainlands(policy):
    """cues-2026.12.111, held_out_134 (vo30 silent for the shared-data model): the conversion to simplified characters
    turns characters, not words; 網路 stays 网路 until the lexicon reads it as 网络, where the user wrote it."""
    text = normalise("整棟大樓的網路都斷了三天")
    span = next(s for s in cues(text).spans if s.cue == "impact.interrupted")
    assert (span.term, text[span.start:span.end]) == ("网络都断了", "网路都断了")
    assert "IMPACT-SECURITY" in rules(policy, normalise("你們把我的個資外洩給了推銷公司"))
    assert "IMPACT-INTERRUPTED" not in rules(policy, normalise("寬頻的路由器指示燈一直閃黃色，但是上網正常"))


def test_cantonese_typed_in_traditional_characters_is_read_as_once_converted(policy):
    """cues-2026.12.112, held_out_137 (vl30 silent, vl29 reviewed as a 2): the conversion writes 嗰 as 𠮶 and leaves the
    Cantonese words of cheating (呃咗) and calling (打唔到) to the dialect table; 呃 alone is an interjection."""
    assert "IMPACT-SECURITY" in rules(policy, normalise("有人扮你哋客服打電話嚟，話我張卡要升級，呃咗我八千蚊"))
    assert "IMPACT-INTERRUPTED" in rules(policy, normalise("三日都打唔到電話，工作全部受影響"))
    assert normalise("嗰間營業廳") == "𠮶间营业厅" and cues(normalise("嗰間營業廳")).spans == ()
    assert "IMPACT-SECURITY" not in rules(policy, normalise("呃，我想問下寬頻點樣續費"))


def test_is_this_fair_asked_of_a_charge_is_a_reproach_not_a_question():
    """cues-2026.12.111, user-vn18 graded 1 without review; 明明 is no reproach of its own (user-wa6 asks)."""
    assert cues("流量明明还剩10个G，突然提示超出套餐扣了我二十块，这合理吗？").impact != "minor"
    assert cues("定位项圈的App显示狗狗在家里，可它明明在院子里，差了十几米，正常吗").impact == "minor"


@pytest.mark.parametrize(("text", "rule", "fires"), [
    # cues-2026.12.113, from held_out_140 (vi28 silent; vi22 … vi25, vi27 reviewed as 2): English words an office
    # worker mixes in, read whole and in any case
    ("你们的 promotion 根本是 scam，我已经联系了 Media", "ESC-MEDIA", True),
        ("我在 social media 上看到你们的活动，想问问怎么参加", "ESC-MEDIA", False),
    ("公司的 leased line down 了两天，整个 office 都没法 work", "IMPACT-INTERRUPTED", True),
        ("我想把 plan 从 199 的 downgrade 到 129 的", "IMPACT-INTERRUPTED", False),
        ("APP 的 download 了两次都失败", "IMPACT-INTERRUPTED", False),
    ("再不退钱我就 sue 你们", "ESC-LEGAL", True),
        ("这个 billing issue 什么时候能解决", "ESC-LEGAL", False),
    ("营业员当众骂我，我要求 public apology", "DEMAND-PUBLIC-APOLOGY", True),
    ("家里 broadband 断了整整一个 week，I'm SO ANGRY", "EMOTION-AGITATED", True),
    ("你们 leak 了我的 personal data", "IMPACT-SECURITY", True),
        ("厨房水管 leakage，跟你们没关系，想问问宽带怎么移机", "IMPACT-SECURITY", False),
])
def test_english_words_mixed_into_a_complaint_are_read_whole_and_in_any_case(policy, text, rule, fires):
    assert (rule in rules(policy, text)) is fires


@pytest.mark.parametrize(("text", "asks"), [
    # cues-2026.12.140, read from forty level-1 rows the default model graded 2 and measured on held_out_213, written
    # blind for it: a last clause that asks with a question word is a question, no question mark written
    ("宽带能不能提速到千兆，大概多少钱", True),
    ("手机停机保号最长能保多久", True),
    ("国际漫游的时候接国内电话怎么收费", True),
    ("出国去泰国，流量包哪个划算", True),
    ("我爸的话费每个月是怎么扣的", True),
        # a question word in a reproach or in another sense
        ("漫游包明明是包天的，怎么还另外收费", False),
        ("我在国外根本没怎么用", False),
        ("我一个月才用了两个G，怎么扣了我八十多块流量费", False),
        ("每个月多扣十块钱，这笔钱你们打算怎么退", False),
        ("宽带为什么又断了，什么时候能修好", False),
    # cues-2026.12.141, read from forty more level-1 rows graded 2 and measured on held_out_214, written blind for it
    ("月底流量快用完了，有没有临时加速包", True),
    ("营业厅几点关门", True),
    ("套餐里的免费分钟数每个月几号清零", True),
        ("宽带报修三天了没人来，你们有没有人管", False),
        ("营业员把我的套餐办错了，有没有搞错", False),
        ("这个服务费我从来没开过，有没有问过我", False),
    # cues-2026.12.142, from held_out_215, written to probe these readings in regional speech
    ("宽带密码忘记了，哪儿能查到", True),
    ("这个流量包啥子时候到期嘛", True),
    ("积分几时到期", True),
])
def test_a_last_clause_that_asks_with_a_question_word_is_a_question(text, asks):
    assert any(s.term != "为什么" and s.cue == "impact.minor" for s in cues(text).spans) is asks


def test_a_complaint_that_ends_asking_is_no_question_past_three_clauses():
    """cues-2026.12.144, from held_out_216: a last clause that asks reads as a question in a text of at most three
    clauses; an intake line (a label and a masked value) is no clause."""
    assert any(s.cue == "impact.minor" for s in cues("办了副卡以后，副卡的月租是多少").spans)
    long = "营业员说送一百块话费，结果一分没到，问了三次都说在走流程，要等多久"
    assert not any(s.cue == "impact.minor" for s in cues(long).spans)
    with_contact = "联系电话<PHONE>，身份证号<IDCARD>，APP里的提示写得不太清楚，我不知道下一步该点哪里"
    assert any(s.cue == "impact.minor" for s in cues(with_contact).spans)


def test_a_bundle_of_cues_139_to_142_keeps_the_denial_it_was_trained_with(tmp_path):
    """Those bundles declare `doubt.denied_not_after` ([是]), renamed in `.143`: they load and read as before."""
    shipped = resource_path("cues.yaml").read_text(encoding="utf-8")
    declared = "  denied_not_in: [是不是, 有没有]\n"
    assert declared in shipped
    old = tmp_path / "cues.yaml"
    old.write_text(shipped.replace(declared, "  denied_not_after: [是]\n"), encoding="utf-8")
    text = "宽带倒是没断网，就是卡得不行"
    assert CueExtractor(load_lexicon(old))(text).impact == "interrupted"
    assert cues(text).impact != "interrupted"
