import pytest
import yaml

from pipeline.complaint import prepare
from pipeline.cues import CUE_FEATURE_NAMES, CueExtractor, cue_features, default_extractor, load_lexicon
from pipeline.errors import ResourceError
from pipeline.numerals import parse_amount
from pipeline.packaged import resource_path


def cues(text):
    return default_extractor()(text)


@pytest.mark.parametrize(("text", "emotion"), [
    ("客户咨询宽带资费", 0),
    ("客户对此不满，要求合理解释", 1),
    ("用户不认可之前的答复", 1),
    ("客户情绪激动，要求马上处理", 2),
    ("客户对此强烈不满", 2),
    ("用户非常不满意", 2),          # degree adverb before a dissatisfied term
])
def test_cues_emotion_intensity(text, emotion):
    assert cues(text).emotion == emotion


def test_cues_spans_point_at_the_trigger():
    text = "用户情绪激动，要求赔偿五百元并道歉，否则向工信部投诉"
    c = cues(text)
    for hit in c.spans:
        assert text[hit.start:hit.end] == hit.term
    assert {h.cue for h in c.spans} >= {"emotion.agitated", "compensation.demand", "escalation.regulator"}


@pytest.mark.parametrize(("text", "kinds"), [
    ("表示要向工信部投诉", ("regulator",)),
    ("已经打了12315", ("regulator",)),
    ("扬言找媒体曝光", ("media",)),
    ("要找律师起诉", ("legal",)),
    ("客户通过服务质量监督电话申诉", ("appeal",)),
    ("客户要求升级投诉", ("appeal",)),
    ("客户咨询套餐", ()),
    ("张家港人民法院附近无信号", ()),    # a place name, not legal action
])
def test_cues_escalation_kinds(text, kinds):
    c = cues(text)
    assert c.escalation_kinds == kinds
    assert c.escalation == bool(kinds)


@pytest.mark.parametrize(("text", "demand", "amount", "apology"), [
    ("要求退还多扣的费用", True, None, False),
    ("要求赔偿损失2000元", True, 2000.0, False),
    ("要求赔偿一千五百元", True, 1500.0, False),
    ("要求补偿两千五块钱", True, 2500.0, False),
    ("要求工作人员当面道歉", True, None, True),
    ("客户表示不需要退费，只要恢复功能", False, None, False),   # negated
    ("客户的要求(如要求当事人致电道歉等)", False, None, False),  # form boilerplate
])
def test_cues_compensation(text, demand, amount, apology):
    c = cues(text)
    assert (c.compensation, c.compensation_amount, c.apology) == (demand, amount, apology)


@pytest.mark.parametrize(("text", "impact"), [
    # cues-2026.12.61: questions and suggestions in a user's words, with nothing else named, are minor
    ("朋友说你们下个月要涨价，是真的吗？我的套餐会不会变", "minor"),
    ("账单明细里的“语音通信费”和“国内通话费”有什么区别？麻烦解释一下", "minor"),
    ("营业厅的取号机提示文字太小了，老人看不清，建议改大一点", "minor"),
    # a fault named beside them still reads as one
    ("想问下为什么宽带断了三天还没修好", "interrupted"),
    ("建议你们查一下，为什么每个月多扣我10块", "degraded"),
    ("顺便问一下，光猫的灯一直闪红灯，上不了网", "interrupted"),
    # cues-2026.12.79: a text that ends in a question asks one; a rhetorical one does not
    ("咪咕视频的会员能在电视上用吗", "minor"),
    ("我想给我妈办一张卡，她身份证在我这，需要她本人去吗？", "minor"),
    ("营业员说这个套餐不限量，结果用到20G就限速了，这不是骗人吗", "degraded"),
    ("合约到期了想降套餐，营业员说要再签两年才能办，凭什么？", "degraded"),
    ("装宽带约了两次都没人来，就这服务？", "degraded"),
    ("宽带断了三天了，到底有没有人管？", "interrupted"),
    # cues-2026.12.83: a last clause that asks with an A-not-A word, no question mark
    ("过年回老家，号码要不要换成老家的，会不会多收钱", "minor"),
    ("宽带网速只有签约的一半，你们能不能派人来看看", "degraded"),
    ("天天有陌生号码打电话来推销保险，你们是不是把我的信息卖了", "degraded"),
    # cues-2026.12.86: praise and thanks as acts; a polite complaint that opens with a kind word is no praise
    ("上次来装宽带的师傅很负责，帮我们把线都理好了，特地来表扬一下", "minor"),
    ("营业厅的工作人员帮我们办我爸的销户，很耐心，谢谢她", "minor"),
    ("营业厅的工作人员很耐心，不过办个业务要填的表太多了", "degraded"),
    # cues-2026.12.99: a question that reproaches a delay
    ("说好的充值送话费怎么到现在还没到账？", "degraded"),
    ("请问充值送的话费一般多久到账？", "minor"),
])
def test_a_question_or_a_suggestion_alone_is_minor(text, impact):
    assert cues(text).impact == impact


def _shipped_lexicon():
    return yaml.safe_load(resource_path("cues.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("section", "key", "edit", "error"), [
    # a word would be read as a set of characters
    ("line_down", "bridge", lambda v: ["，", "然后"], "each entry must be one character"),
    ("emergency_call", "bridge", lambda v: ["，", "然后"], "each entry must be one character"),
    # a short outage needs a home line and a short time to read
    ("brief_outage", "lines", lambda v: [], "at least 1 item"),
    ("own_doing", "did", lambda v: [], "at least 1 item"),
    ("amount", "bare", lambda v: ["万", "千"], "amount.bare names 千"),
    ("doubt", "past_after", lambda v: None, "past_before and doubt.past_after go together"),
    ("line_down", "bridge_lines", lambda v: [*v, "电话"], "bridge_lines names 电话"),
    ("amount", "after", lambda v: [*v, "索赔"], "amount.after names 索赔"),
])
def test_a_lexicon_that_contradicts_itself_is_refused_on_load(tmp_path, section, key, edit, error):
    raw = _shipped_lexicon()
    changed = edit(raw[section][key])
    if changed is None:
        raw[section].pop(key)
    else:
        raw[section][key] = changed
    with pytest.raises(ResourceError, match=error):
        load_lexicon_from(raw, tmp_path / "cues.yaml")


def test_a_named_only_section_without_a_word_is_refused_on_load(tmp_path):
    raw = _shipped_lexicon()
    raw["named_only"] = {"window": 6}
    with pytest.raises(ResourceError, match="named_only names no word"):
        load_lexicon_from(raw, tmp_path / "cues.yaml")


def test_an_amount_refunded_is_demanded_but_no_compensation():
    """cues-2026.12.57: the rules' amount is read after compensation proper; the model still reads any amount asked."""
    refund = cues("我要求退回两千块预存款")
    assert (refund.compensation, refund.compensation_amount, refund.amount_demanded) == (True, None, 2000.0)
    both = cues("要求退还多扣的300元，再赔偿误工损失2000元")
    assert (both.compensation_amount, both.amount_demanded) == (2000.0, 2000.0)
    assert cues("要求退还多扣的300元").amount_demanded == 300.0


def test_an_amount_in_ten_thousands_needs_no_unit_of_money():
    """cues-2026.12.75 (held_out_71, xz29: "要求赔偿五万" read no amount): a unit of size the lexicon lists as bare."""
    texts = ("要求赔偿五万", "要求赔偿3.5万", "要求赔偿五万元", "要求赔偿，万一再断网怎么办", "要求赔偿五百")
    assert [cues(t).compensation_amount for t in texts] == [50000.0, 35000.0, 50000.0, None, None]


def test_a_last_clause_question_is_read_without_a_question_mark_word(tmp_path):
    raw = _shipped_lexicon()
    raw["impact"].pop("minor_at_end")
    only_clause = CueExtractor(load_lexicon_from(raw, tmp_path / "cues.yaml"))
    assert only_clause("过年回老家，号码要不要换成老家的，会不会多收钱").impact == "minor"
    assert only_clause("咪咕视频的会员能在电视上用吗").impact == "degraded"


def test_an_older_lexicon_reads_an_amount_after_every_demand(tmp_path):
    raw = _shipped_lexicon()
    raw["amount"].pop("after")  # optional: an older lexicon reads an amount after every demand
    older = CueExtractor(load_lexicon_from(raw, tmp_path / "cues.yaml"))
    assert older("我要求退回两千块预存款").compensation_amount == 2000.0


@pytest.mark.parametrize(("text", "impact"), [
    ("专线中断，门店无法营业", "interrupted"),
    ("号码被他人冒名补卡", "security"),
    ("更换新卡后通讯录丢失", "data_loss"),
    ("晚上网速慢", "degraded"),
    # the regulation's level-1 examples in a user's words: 界面显示问题, 操作提示不清晰
    ("账单页面的字体重叠了，看不太清楚", "minor"),
    ("套餐介绍页面排版错乱，文字挤在一起", "minor"),
    ("充值后的提示语写得模棱两可", "minor"),
    ("语音提示太快了，没听清要按哪个键", "minor"),
    ("手机信号不太好，在家里打电话偶尔听不清", "degraded"),  # call quality: the guideline's level 2
    # "显示" names a display only when nothing worse is said: SMS that cannot be sent is level 2
    ("短信一直发不出去，显示发送失败", "degraded"),
    ("APP的缴费页面打不开", "degraded"),
    # level-3 impacts as users write them (三.2: 数据丢失, 安全隐患, 业务中断)
    ("手机通讯录同步到云端以后全没了", "data_loss"),
    ("换了手机以后相册里的照片都不见了", "data_loss"),
    ("照片拍得很清楚。流量全没了", "degraded"),          # another sentence, and no stored data
    ("有人用我的身份证办了三张卡，我完全不知道", "security"),
    ("我用我的身份证给父亲办了一张卡", "degraded"),        # the user's own doing: no incident
    ("专线断了三个小时，订单系统全部停摆", "interrupted"),
])
def test_cues_impact(text, impact):
    assert cues(text).impact == impact


@pytest.mark.parametrize(("token", "value"), [
    ("一百二十", 120.0), ("两千五", 2500.0), ("3.5万", 35000.0), ("十", 10.0), ("一万二", 12000.0),
    ("一千零五", 1005.0), ("200", 200.0), ("五百元", None), ("", None),
])
def test_parse_amount(token, value):
    assert parse_amount(token) == value


def test_cue_features_match_their_names():
    assert len(cue_features(cues("客户强烈不满，要求赔偿500元"))) == len(CUE_FEATURE_NAMES)


def test_lexicon_rejects_unknown_keys_and_empty_lists(tmp_path):
    raw = yaml.safe_load(resource_path("cues.yaml").read_text(encoding="utf-8"))
    raw["surprise"] = ["x"]
    bad = tmp_path / "cues.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ResourceError, match="surprise"):
        load_lexicon(bad)
    raw.pop("surprise")
    raw["data_gone"]["gone"] = []
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ResourceError, match="data_gone.gone"):
        load_lexicon(bad)
    raw.pop("data_gone")  # optional: a lexicon without it loads
    assert load_lexicon_from(raw, bad).data_gone is None
    raw["slow_network"]["slow"] = []
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ResourceError, match="slow_network.slow"):
        load_lexicon(bad)
    raw.pop("slow_network")  # optional too: older bundles' lexicons have none
    without = CueExtractor(load_lexicon_from(raw, bad))
    assert without.lexicon.slow_network is None and not without("上网特别卡").slow_network
    raw["intermittent"]["each_time"] = ["一"]  # a frame has two ends
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ResourceError, match="intermittent.each_time"):
        load_lexicon(bad)
    raw["intermittent"]["each_time"] = ["一", "就"]
    raw["intermittent"].pop("words")  # the form of cues-2026.12.6 and .7: every outage word can recur
    assert CueExtractor(load_lexicon_from(raw, bad))("号码经常被停机").slow_network
    assert cues("号码经常被停机").impact == "interrupted" and not cues("号码经常被停机").slow_network
    raw.pop("intermittent")  # optional: without it an outage word said as recurring stays an outage
    without = CueExtractor(load_lexicon_from(raw, bad))
    assert without("宽带经常断网").impact == "interrupted" and cues("宽带经常断网").impact != "interrupted"
    raw["escalation"]["media"] = []
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ResourceError, match="escalation.media"):
        load_lexicon(bad)


def load_lexicon_from(raw, path):
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return load_lexicon(path)


def test_typos_are_read_character_for_character_and_optional(tmp_path):
    raw = yaml.safe_load(resource_path("cues.yaml").read_text(encoding="utf-8"))
    raw["typos"]["工信布"] = "工业和信息化部"  # a length changed would move every span after it
    bad = tmp_path / "cues.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ResourceError, match="same length"):
        load_lexicon(bad)
    raw.pop("typos")  # optional: older bundles' lexicons have none, and read the typo as written
    assert CueExtractor(load_lexicon_from(raw, bad))("我要去工信布投诉你们").escalation_kinds == ()
    assert cues("我要去工信布投诉你们").escalation_kinds == ("regulator",)
    raw["typos"] = {"而家": "现在"}  # read one way only: a form is a typo or a dialect word, never both
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ResourceError, match="both read 而家"):
        load_lexicon(bad)
    raw["dialect"]["咗"] = "了了"
    raw.pop("typos")
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ResourceError, match="same length"):
        load_lexicon(bad)


def test_the_model_reads_typos_and_dialect_as_the_cues_do_and_the_stored_text_keeps_them():
    prepared = prepare("宽代这几天晚上网速很慢，上个月还多扣咗话废")
    assert prepared.text_masked == "宽代这几天晚上网速很慢，上个月还多扣咗话废"
    assert prepared.text_features == "宽带这几天晚上网速很慢，上个月还多扣了话费"
    assert "宽带" in prepared.tokens and prepared.cues.fixed_line
    text = "我嘅号码俾人补咗卡"
    spans = [text[s.start:s.end] for s in cues(text).spans if s.cue == "impact.security"]
    # the user's own characters; 俾 is read as 被 (`taken_after_bei` too)
    assert "俾人补咗卡" in spans and "号码俾人补咗卡" in spans
    assert default_extractor().read_as_meant("上个月多扣咗我30蚊") == "上个月多扣了我30元"   # inside a number too


def test_a_number_in_the_lexicon_never_matches_inside_a_longer_number():
    assert cues("话费充值了200元只到账100元，订单号是2026120512345").escalation_kinds == ()
    assert cues("再不退钱我就打12345").escalation_kinds == ("regulator",)
    assert cues("我已经打了12315投诉").escalation_kinds == ("regulator",)


def test_extractor_uses_the_lexicon_it_is_given(tmp_path):
    raw = yaml.safe_load(resource_path("cues.yaml").read_text(encoding="utf-8"))
    raw["escalation"]["media"] = ["家族群"]
    path = tmp_path / "cues.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert CueExtractor(load_lexicon(path))("要发到家族群里").escalation_kinds == ("media",)
    assert cues("要发到家族群里").escalation_kinds == ()
