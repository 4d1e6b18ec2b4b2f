"""Sentiment and risk cues: named, explainable, with the spans that triggered them.

The extractor reads the domain lexicon (``pipeline/resources/cues.yaml``) and returns,
for a masked complaint text, the emotion intensity (0 calm, 1 dissatisfied, 2 agitated),
escalation (regulator / media / legal / appeal), a compensation demand with its amount
in yuan, and the impact class (minor, degraded, interrupted, security, data_loss).
Every value is backed by :class:`CueSpan` spans into the text it was given.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pipeline.errors import ResourceError
from pipeline.mask import MASK_TOKENS
from pipeline.numerals import AMOUNT, DIGIT, LARGE_UNITS, parse_amount
from pipeline.packaged import resource_path

Impact = Literal["minor", "degraded", "interrupted", "security", "data_loss"]
EscalationKind = Literal["regulator", "media", "legal", "appeal"]
IMPACTS: tuple[Impact, ...] = get_args(Impact)
ESCALATION_KINDS: tuple[EscalationKind, ...] = get_args(EscalationKind)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _Terms(_Strict):
    @field_validator("*", mode="after")
    @classmethod
    def _non_empty(cls, value: object) -> object:
        if isinstance(value, tuple) and (not value or any(not str(v).strip() for v in value)):
            raise ValueError("a term list must be non-empty and hold no blank term")
        return value


class _Negation(_Terms):
    window: int = Field(ge=1, le=20)
    words: tuple[str, ...]
    # a negation, then one of these and the thing moved before the verb, within ``fronted_window`` characters of the
    # same clause ("我不会把这件事发到网上")
    fronted: tuple[str, ...] = ()
    fronted_window: int = Field(default=10, ge=0, le=20)


class _Emotion(_Terms):
    agitated: tuple[str, ...]
    dissatisfied: tuple[str, ...]
    degree: tuple[str, ...]
    repetition: tuple[str, ...]
    # a complaint about the same problem for a long time or again and again, unresolved
    repeated_complaint: tuple[str, ...] = ()


class _Escalation(_Terms):
    regulator: tuple[str, ...]
    media: tuple[str, ...]
    legal: tuple[str, ...]
    appeal: tuple[str, ...]


class _Compensation(_Terms):
    terms: tuple[str, ...]
    apology: tuple[str, ...]
    public_apology: tuple[str, ...] = ()
    high_demand: tuple[str, ...] = ()


class _Impact(_Terms):
    order: tuple[str, ...]
    security: tuple[str, ...]
    # harassment counts as a security impact, but is no security incident (no level-3 floor)
    harassment: tuple[str, ...] = ()
    data_loss: tuple[str, ...]
    interrupted: tuple[str, ...]
    degraded: tuple[str, ...]
    minor: tuple[str, ...]
    # a text that ends in one of these, closing punctuation after it allowed, asks a question (…能在电视上用吗？)
    minor_at_end: tuple[str, ...] = ()
    # unless its last sentence holds one of these: a rhetorical question, a reproach (这不是骗人吗, 凭什么？)
    rhetorical: tuple[str, ...] = ()
    # a rhetorical word inside one of these is none ("能不能" holds 不能)
    rhetorical_not_in: tuple[str, ...] = ()
    # or whose last clause asks with one of these, no question mark written (…会不会多收钱)
    minor_last_clause: tuple[str, ...] = ()
    # in a text of at most this many clauses: a longer one that ends asking tells a complaint first (none: any length)
    minor_last_clause_at_most: int | None = Field(default=None, ge=1)

    @field_validator("order")
    @classmethod
    def _order_names_every_impact(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if sorted(value) != sorted(IMPACTS):
            raise ValueError(f"order must list each of {list(IMPACTS)} once, got {list(value)}")
        return value


class _Amount(_Terms):
    window: int = Field(ge=1, le=60)
    units: tuple[str, ...]
    # the demands an amount is read after (words of ``compensation.terms``); empty: every demand.
    # A refund of the user's own money, however large, is no compensation ("要求退回两千块预存款")
    after: tuple[str, ...] = ()
    # units of size that say money without a unit of money, at an amount's end ("要求赔偿五万")
    bare: tuple[str, ...] = ()
    # right after such a bare amount: it counts something else ("补偿我一万积分")
    not_money: tuple[str, ...] = ()
    # within ``settled_reach`` characters after the amount, in the same clause: the money has come, no demand
    # ("赔付的钱1500元已经收到了")
    settled: tuple[str, ...] = ()
    settled_reach: int = Field(default=6, ge=0, le=20)

    @field_validator("bare")
    @classmethod
    def _units_of_size(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - LARGE_UNITS)
        if unknown:
            known = ", ".join(sorted(LARGE_UNITS))
            raise ValueError(f"amount.bare names {', '.join(unknown)}; an amount may end in {known}")
        return value


class _ServiceContact(_Terms):
    """A call that does not get through to customer service is not a service outage."""

    window: int = Field(ge=1, le=20)
    contact: tuple[str, ...]
    unreachable: tuple[str, ...]


class _Scope(_Terms):
    area_wide: tuple[str, ...]
    # no signal said of a whole area, within ``window`` characters after an area word in the same clause
    # ("全小区手机没信号"): everyone's line is down, an outage, where one user's 没信号 is a weak signal
    window: int = Field(default=8, ge=0, le=30)
    none_there: tuple[str, ...] = ()


class _Product(_Terms):
    fixed_line: tuple[str, ...]
    app: tuple[str, ...] = ()  # an app or a content service named (cues-2026.12.9)


class _DataGone(_Terms):
    """Stored data a user says is gone: a stored-data word, then a loss word in the same sentence; not where one
    of ``feared`` stands before the loss word in its clause ("怕丢了": a loss supposed), and no loss but a function
    unusable where one of ``recovered`` follows in the same sentence ("照片不见了，今天又出来了")."""

    window: int = Field(ge=0, le=30)
    stored: tuple[str, ...]
    gone: tuple[str, ...]
    feared: tuple[str, ...] = ()
    recovered: tuple[str, ...] = ()


class _DataLeak(_Terms):
    """Personal data a user says was given away: a personal-data word, then a disclosure word; not where one of
    ``own`` stands right before the personal-data word ("我把身份证号告诉了别人": the user's own act)."""

    window: int = Field(ge=0, le=30)
    personal: tuple[str, ...]
    disclosed: tuple[str, ...]
    own: tuple[str, ...] = ()


class _MediaPost(_Terms):
    """A threat to go public on a platform: a posting word and a platform's name in one clause,
    either order ("发到微博上", "在抖音上曝光"). A platform named alone is where a user saw
    something or bought something ("看到你们在抖音上的宣传"), not a threat."""

    window: int = Field(ge=0, le=30)
    platform: tuple[str, ...]
    post: tuple[str, ...]
    # after the match, within ``reach`` characters of the same clause: the post did not go up ("抖音上传视频一直失败")
    # or it praises ("在小红书上发了一篇笔记夸你们的师傅"): a use of the platform, no threat
    failed: tuple[str, ...] = ()
    praised: tuple[str, ...] = ()
    reach: int = Field(default=12, ge=0, le=30)


class _LastingComplaint(_Terms):
    """A complaint kept up for a long time: a complaining word, then a span of months or years
    in the same clause ("我投诉这个信号问题快两年了", "报修了三个月了"), or a count of years before
    it ("这已经是我第三年投诉同一个问题了")."""

    window: int = Field(ge=0, le=30)
    complained: tuple[str, ...]
    duration: tuple[str, ...]
    since: tuple[str, ...] = ()
    # not where the complaining word stands right before one of these ("找你们办宽带都十年了": a customer's years), nor
    # where one of ``resolved`` stands between it and the span ("报修以后好了三个月了": the time it has worked since)
    not_before: tuple[str, ...] = ()
    resolved: tuple[str, ...] = ()


class _CountedComplaint(_Terms):
    """A complaint counted, in a user's words: an ordinal, then in the same clause a word of
    complaining ("这是我第三次投诉这个问题") or, from a higher count, of calling or visiting
    ("这已经是第五次打电话说这个问题了")."""

    window: int = Field(ge=0, le=30)
    ordinal: tuple[str, ...]
    contact: tuple[str, ...]  # counted from `ordinal` (in cues-2026.12.21 calls and visits too)
    ordinal_calls: tuple[str, ...] = ()
    called: tuple[str, ...] = ()  # counted from `ordinal_calls` (cues-2026.12.22)
    # characters a word of complaining may stand before its ordinal ("跟你们反映第五次了",
    # cues-2026.12.33); None: only the ordinal first is read
    contact_before: int | None = Field(default=None, ge=0, le=4)


class _Arrears(_Terms):
    """A number suspended for arrears, in a user's words ("手机欠了二十块钱就停机了"): a word of
    owing, then within ``window`` characters of the same clause a word of suspension, which is
    then no outage (a fee matter of the user's own doing)."""

    window: int = Field(ge=0, le=30)
    owed: tuple[str, ...]
    denied: tuple[str, ...] = ()  # right before a word of owing: "没欠费却被停机了" is a suspension in error
    suspended: tuple[str, ...]
    # the user's own omission (没交话费, 话费没交 …), which reaches into the next clause of the sentence
    # ("上个月话费没交，号码被停了"); a status such as 提示欠费 does not ("主叫提示欠费，呼叫其他号码情况(停机)")
    omitted: tuple[str, ...] = ()


class _NotTheLine(_Terms):
    """A connection word said of a game, a device or a person, not of the line ("联机游戏连不上好友",
    "蓝牙耳机连不上手机"): one of ``terms`` with a word of ``before`` within ``window`` characters before it
    in the same clause, or a word of ``after`` right after it, tells a function unusable."""

    terms: tuple[str, ...]
    window: int = Field(ge=0, le=20)
    before: tuple[str, ...]
    after: tuple[str, ...]


class _OneDevice(_Terms):
    """A fault that follows one phone or one card: another card or phone tried and working, within
    ``reach`` characters of an outage word in the same sentence ("插上你们的卡就显示无服务，换了别的卡就
    正常"), a word of the swap then within ``window`` characters of the same clause a word of it
    working. The outage word then tells a function unusable (impact degraded), not an outage: the
    line is up, the terminal or the card fails."""

    window: int = Field(ge=0, le=30)
    reach: int = Field(ge=1, le=40)
    swapped: tuple[str, ...]
    works: tuple[str, ...]


class _Requested(_Terms):
    """An outage the user asks for is a request, not an outage: an outage term with one of these
    words within ``window`` characters before it in the same clause ("我想把家里的宽带停了",
    "帮我把手机号停了")."""

    window: int = Field(ge=0, le=30)
    words: tuple[str, ...]
    # right before the outage term only: "想办理停机", "手机丢了怎么办停机", "我想申请停机" ("刚办理的宽带就
    # 断了" is no request)
    adjacent: tuple[str, ...] = ()


class _Partial(_Terms):
    """A mobile number that works in part: an outage term with, within ``reach`` characters in the
    same sentence, a word of another function of it working ("只能打电话发短信，上不了网"), and no
    fixed line named in that sentence ("宽带断了，手机上网正常" leaves the broadband down)."""

    reach: int = Field(ge=1, le=40)
    works: tuple[str, ...]


class _TakenOver(_Terms):
    """A number or an account used by someone else: a word of someone else, then within
    ``window`` characters of the same clause a word of using it ("微信被人登录了",
    "手机号被人拿去注册了网贷"): a security incident. Not where the word of someone stands right before one
    of ``not_before`` ("有人能教我怎么登录", "有人工客服") or right after one of ``not_after``
    ("家里有人用我的手机登录了"), nor where one of ``undone`` follows in the same sentence
    ("提示有人在别的设备登录，其实就是我自己")."""

    window: int = Field(ge=0, le=30)
    someone: tuple[str, ...]
    used: tuple[str, ...]
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    undone: tuple[str, ...] = ()


class _IdentityMisused(_Terms):
    """Someone's identity used without their consent: a word of no consent, then within ``window``
    characters of the same clause a word of using the user's ID ("营业员没经过我同意就用我的身份证办了
    一张副卡", "私自用我的身份证"): a security incident. A service opened without consent is not one
    ("没经过我同意就给我开通了会员" is an unwanted subscription)."""

    window: int = Field(ge=0, le=30)
    unasked: tuple[str, ...]
    identity: tuple[str, ...]
    # or a word of misuse after the identity word ("拿我们的身份证多办了好几张卡", "拿我的身份证复印件给他亲戚办了宽带")
    misused_after: tuple[str, ...] = ()


class _DataKnown(_Terms):
    """Personal data a stranger could recite: a word of reciting, not the user's own (我报出), then
    within ``window`` characters of the same clause a personal-data word ("装修公司打电话来叫得出我的
    名字", "能准确报出我的身份证号"): the data has leaked, a security incident."""

    window: int = Field(ge=0, le=30)
    recite: tuple[str, ...]
    personal: tuple[str, ...]
    # not where one of these (the operator's own staff, a courier) stands before the word of reciting in its clause:
    # "客服一接电话就叫得出我的名字" is service, "客服报出了我的身份证后四位让我核对" a check; unless one of
    # ``before_others`` is in its sentence ("营业员当着其他顾客的面大声念出我的身份证号")
    staff: tuple[str, ...] = ()
    before_others: tuple[str, ...] = ()


class _PassiveTaken(_Terms):
    """An ID or a number taken by someone, the passive said with 让 or 叫 instead of 被, as older
    users speak ("俺的身份证让营业厅的人拿去办了好几张卡"): a word of what the user owns, a marker of
    the passive not followed by one of ``not_agent`` (the user in "身份证让我拿去复印" is no thief; "号码让给
    别人" is a transfer), then within ``window`` characters of the same clause a word of taking it."""

    window: int = Field(ge=0, le=30)
    owned: tuple[str, ...]
    marker: tuple[str, ...]
    not_agent: tuple[str, ...] = ()
    taken: tuple[str, ...]
    # not where one of these follows the word of taking right away: the user let someone take it for a service
    # ("手机卡让师傅拿去检测了", "身份证让营业员拿去复印了")
    for_a_service: tuple[str, ...] = ()
    # with 被 as the marker, the words of taking read after it, words between
    # ("我的号码被别人拿身份证复印件过户走了"); the lexicon's 被-phrases list the forms said side by side
    taken_after_bei: tuple[str, ...] = ()


class _Bridged(_Terms):
    """Two words in one clause, or across a bridge: one character that may stand right after the first word,
    ending its clause, while the next clause says what became of it ("用的是你们的网络，昨晚断了")."""

    bridge: tuple[str, ...] = ()

    @field_validator("bridge")
    @classmethod
    def _one_character_each(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """Each bridge is one character: the pattern allows one of them, once, right after the first word."""
        longer = [b for b in value if len(b) != 1]
        if longer:
            raise ValueError(f"bridge holds {longer}: each entry must be one character")
        return value


class _EmergencyCall(_Bridged):
    """An emergency number that could not be called ("打110一直打不出去"): the regulation's 安全隐患."""

    window: int = Field(ge=0, le=30)
    number: tuple[str, ...]
    failed: tuple[str, ...]


class _Resold(_Terms):
    """A number closed or reclaimed, then given to someone else ("手机号被你们回收以后卖给了别人"):
    the guideline's 二次放号, a security incident."""

    window: int = Field(ge=0, le=30)
    reclaimed: tuple[str, ...]
    given: tuple[str, ...]
    # not where one of these stands between the two words: what will become of a number is asked
    # ("号码销户以后会回收给别人吗")
    asked: tuple[str, ...] = ()


class _Quoted(_Terms):
    """A message the user received, quoted ("收到短信“您的号码已欠费，将于三日后停机”"): no cue of
    the user's own complaint. A quotation in one of ``pairs`` (an opening and a closing mark) with a
    word of ``before`` within ``window`` characters before it, or a word of ``after`` right after it:
    hits wholly inside it do not count. The user's own words around it still do."""

    pairs: tuple[str, ...]
    window: int = Field(ge=0, le=20)
    before: tuple[str, ...]
    after: tuple[str, ...] = ()
    longest: int = Field(default=120, ge=1, le=500)

    @field_validator("pairs")
    @classmethod
    def _two_marks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(len(p) != 2 for p in value):
            raise ValueError("each pair is an opening and a closing mark")
        return value


class _Disowned(_Terms):
    """The operator's message of a card re-issued or changed, then the user saying they never did it
    ("收到短信“您的号码已于今日完成补卡”，可我根本没去补过卡"): the SIM swap of a fraud, a security incident."""

    window: int = Field(ge=0, le=40)
    done: tuple[str, ...]
    denied: tuple[str, ...]
    # the other order: the denial first, then one of these, a notice of the swap done ("我没有换过卡，为什么收到了换卡
    # 成功的短信"); never a bare 换卡 or 补卡 after a denial ("我没补过卡，想问问怎么补卡" asks)
    told: tuple[str, ...] = ()


class _NamedOnly(_Terms):
    """A regulator's or the press's name in another sense ("我朋友在通信管理局上班", "工信部的网站上查了一下",
    "我女儿是记者"): a word within ``window`` characters before it, or after it, in the same clause, says the user
    is not going there; no escalation, unless the clause holds a word of ``unless`` (a complaint made or a body
    acting: "在通信管理局的网站上提交了投诉")."""

    window: int = Field(ge=1, le=12)
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _names_a_word(self) -> _NamedOnly:
        if not self.before and not self.after:
            raise ValueError("named_only names no word: give `before`, `after` or both")
        return self


class _Hearsay(_Terms):
    """What a user heard or read about others ("新闻上说有人冒充你们客服诈骗") is no cue of their own
    complaint: hits in the rest of the clause after a marker do not count."""

    markers: tuple[str, ...]
    # words that turn from what was heard to the user's own matter and end its reach before the
    # clause does ("我朋友说…然后我的号码被别人补办了": a call transcribed without punctuation)
    turns: tuple[str, ...] = ()


class _PoliceForLoss(_Terms):
    """A phone lost or stolen: a legal word (报警, 报案) within ``window`` characters after one of
    these markers, in the same sentence, is the police for the loss, no threat to the company
    ("手机被偷了，已经报警了")."""

    window: int = Field(ge=1, le=30)
    markers: tuple[str, ...]


class _Doubt(_Terms):
    """Whether something happened is a question or a worry, not an incident: a security word
    within ``window`` characters after one of these words, in the same clause, does not count
    ("我想问问我的信息有没有被泄露", "我担心别人会盗用我的身份证")."""

    window: int = Field(ge=0, le=30)
    words: tuple[str, ...]
    # the words that make an outage supposed or not yet come ("如果宽带断了", "号码要被停机"); an
    # outage is asked about in other words than a security incident ("宽带是不是断了" tells one)
    outage: tuple[str, ...] = ()
    # right before the outage term only: not come yet ("号码要被停机", "明天就要停网了")
    not_yet: tuple[str, ...] = ()
    # right after the outage term only: supposed ("宽带断网的话一般多久能修好")
    supposed_after: tuple[str, ...] = ()
    # after the outage term, within ``window`` characters of the same clause: whether it is a rule
    # is asked ("校园网晚上11点以后断网是学校规定的吗"), a schedule, not an outage come
    ruled_after: tuple[str, ...] = ()
    # a security incident told as the user's past, the background of something else: a word of a time gone before the
    # term, within ``window`` characters of the same clause, and one of ``past_after`` within two characters after it
    # ("去年我的号被盗用过一次，你们处理得很好，这次想问问…")
    past_before: tuple[str, ...] = ()
    past_after: tuple[str, ...] = ()
    # right before a security or outage term, and none of ``denied_unless`` after the term in its clause: the
    # incident denied ("账号没有被盗，是我自己改了密码", "没有断网，就是网速慢一点"); never where the text before the
    # term ends with one of ``denied_not_in`` (an A-not-A question: "宽带是不是断网了")
    denied: tuple[str, ...] = ()
    denied_not_in: tuple[str, ...] = ()
    # as bundles of cues-2026.12.139 … .142 declare it: no denial right after one of these ("是" of 是不是, which read
    # "倒是没断网" as no denial too); kept so that those bundles load and grade as they were trained
    denied_not_after: tuple[str, ...] = ()
    denied_unless: tuple[str, ...] = ()
    # what may stand between the denial and the term: the passive's agent ("号码没有被人盗用")
    denied_through: tuple[str, ...] = ()
    # an outage told as past: one of these before the term, within ``window`` characters of its clause
    # ("上个月宽带断了两天，你们已经补偿了"), not right after a character of ``outage_past_since``
    # ("从上周五断到现在" goes on), and unless the rest of its sentence holds one of ``outage_past_unless``
    # ("…这个月又断了")
    outage_past: tuple[str, ...] = ()
    outage_past_since: tuple[str, ...] = ()
    outage_past_unless: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _past_told_both_ways(self) -> _Doubt:
        if bool(self.past_before) != bool(self.past_after):
            raise ValueError("doubt.past_before and doubt.past_after go together: a time gone before, 过 after")
        return self


class _LineDown(_Bridged):
    """An outage said apart: a line or signal word, then a word of it being gone in the same clause (or across a
    bridge after the line word)."""

    window: int = Field(ge=0, le=30)
    line: tuple[str, ...]
    down: tuple[str, ...]
    # the line words a bridge may follow; empty: every one ("就没信号，打着电话就断了" is a call dropped, not the
    # signal)
    bridge_lines: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _bridged_lines_are_lines(self) -> _LineDown:
        unknown = sorted(set(self.bridge_lines) - set(self.line))
        if unknown:
            raise ValueError(f"line_down.bridge_lines names {', '.join(unknown)}, which line_down.line does not list")
        return self


class _Repaired(_Terms):
    """An outage told as repaired since ("宽带断了两天，你们的师傅来修好了"): a word of the repair done
    within ``window`` characters after the outage word, in the same sentence, not right after one of
    ``not_after`` ("没修好", "五天才修好": a repair late or not done), and no word of ``again`` in the rest
    of the sentence ("修好了，结果第二天又断了"): the service is back, the outage tells of a degraded service."""

    window: int = Field(ge=1, le=40)
    words: tuple[str, ...]
    not_after: tuple[str, ...]
    again: tuple[str, ...] = ()
    # right after the word of the repair: it is asked about, not told ("现在好了吗")
    not_before: tuple[str, ...] = ()


class _BriefOutage(_Terms):
    """An outage of a home line said to have lasted a short while ("宽带暂停了一个下午"): a word of ``lines``
    and one of ``lasting`` in the sentence of the outage term, and there no word of ``longer``
    ("说两小时内恢复，到现在两天了还是上不了网" is down for days) but one right before a word of
    ``not_a_time`` ("断了半天，应该补偿三天月租": an amount), and none of ``unless`` nor of a whole area
    (``scope.area_wide``): a leased line or a business stopped ("公司专线断了一上午") is the regulation's
    business interruption whatever its length, and a phone that cannot call is not a home line. The
    regulation's short disruption, impact degraded (level 2)."""

    lines: tuple[str, ...] = Field(min_length=1)
    lasting: tuple[str, ...] = Field(min_length=1)
    longer: tuple[str, ...] = ()
    not_a_time: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()


class _OwnDoing(_Terms):
    """An outage the user's own act or a third party's at home caused ("我自己改了WiFi密码，现在电视连不上了",
    "装修工人把入户的光纤弄断了"): a word of ``who`` then, within ``window`` characters of the same sentence, a
    word of ``did``, before the outage term or around it, and none of ``unless`` in the sentence (a repair not
    come, days gone: "我把光猫摔坏了，报修三天没人来" stays an outage). A troubleshooting step is no cause
    ("我自己重启了好几次还是上不了网"): only ``did`` words. Impact degraded: the operator's line is not what
    failed."""

    window: int = Field(ge=1, le=20)
    who: tuple[str, ...] = Field(min_length=1)
    did: tuple[str, ...] = Field(min_length=1)
    unless: tuple[str, ...] = ()


class _Intermittent(_Terms):
    """A line that often fails: an outage word with a word of recurrence in the same clause."""

    window: int = Field(ge=0, le=30)
    before: tuple[str, ...]
    after: tuple[str, ...]
    each_time: tuple[str, str] | None = None  # the term between these two: "一断网就"
    # the term right after a condition framed by these two, `whenever_window` characters at
    # most between them: "一下雨就断网", "一到晚上家里宽带就上不了网"
    whenever: tuple[str, str] | None = None
    whenever_window: int = Field(default=4, ge=1, le=30)
    whenever_not: tuple[str, ...] = ()  # frames that are no condition: 一直, 一下子 …
    # a word of the line coming back by itself, within `recovers_window` characters after the
    # term in the same sentence: "每天早上都连不上，中午又好了"
    recovers: tuple[str, ...] = ()
    recovers_window: int = Field(default=12, ge=1, le=30)
    # a crowd in one place, within `crowd_window` characters before the term in the same clause:
    # congestion that passes ("演唱会现场人太多了手机上不了网")
    crowd: tuple[str, ...] = ()
    crowd_window: int = Field(default=10, ge=1, le=30)
    # the outage words of a line or a call that can drop and come back (a line_down match
    # always can); not 停机 or 瘫痪. Left out (as in cues-2026.12.6 and .7): every outage word
    words: tuple[str, ...] | None = None


class _SlowNetwork(_Terms):
    """A slow, lagging or unstable network: its words, or a service word then a slowness word."""

    words: tuple[str, ...]
    window: int = Field(ge=0, le=30)
    service: tuple[str, ...]
    slow: tuple[str, ...]


class Lexicon(_Strict):
    """The cue lexicon file, validated: unknown keys or empty lists stop loading."""

    version: str = Field(min_length=1)
    typos: dict[str, str] = Field(default_factory=dict)
    dialect: dict[str, str] = Field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    negation: _Negation
    emotion: _Emotion
    escalation: _Escalation
    compensation: _Compensation
    impact: _Impact
    amount: _Amount
    service_contact: _ServiceContact | None = None
    scope: _Scope | None = None
    product: _Product | None = None
    data_gone: _DataGone | None = None
    data_leak: _DataLeak | None = None
    media_post: _MediaPost | None = None
    lasting_complaint: _LastingComplaint | None = None
    counted_complaint: _CountedComplaint | None = None
    arrears: _Arrears | None = None
    one_device: _OneDevice | None = None
    requested: _Requested | None = None
    partial: _Partial | None = None
    taken_over: _TakenOver | None = None
    identity_misused: _IdentityMisused | None = None
    data_known: _DataKnown | None = None
    resold: _Resold | None = None
    passive_taken: _PassiveTaken | None = None
    emergency_call: _EmergencyCall | None = None
    hearsay: _Hearsay | None = None
    named_only: _NamedOnly | None = None
    quoted: _Quoted | None = None
    disowned: _Disowned | None = None
    police_for_loss: _PoliceForLoss | None = None
    doubt: _Doubt | None = None
    slow_network: _SlowNetwork | None = None
    line_down: _LineDown | None = None
    intermittent: _Intermittent | None = None
    repaired: _Repaired | None = None
    brief_outage: _BriefOutage | None = None
    own_doing: _OwnDoing | None = None
    not_the_line: _NotTheLine | None = None
    public_network: tuple[str, ...] = ()

    @field_validator("typos", "dialect")
    @classmethod
    def _same_length(cls, value: dict[str, str]) -> dict[str, str]:
        """A form is read as the word meant, character for character, so every span found in
        the text so read stands where the user's own characters stand."""
        for written, meant in value.items():
            if not written.strip() or len(written) != len(meant) or written == meant:
                raise ValueError(f"{written!r} -> {meant!r}: both non-blank, different, of the same length")
        return value

    @model_validator(mode="after")
    def _read_one_way(self) -> Lexicon:
        both = sorted(set(self.typos) & set(self.dialect))
        if both:
            raise ValueError(f"typos and dialect both read {', '.join(both)}")
        return self

    @model_validator(mode="after")
    def _amount_after_a_demand(self) -> Lexicon:
        unknown = sorted(set(self.amount.after) - set(self.compensation.terms))
        if unknown:
            raise ValueError(f"amount.after names {', '.join(unknown)}, which compensation.terms does not list")
        return self

    @property
    def read_as(self) -> dict[str, str]:
        """Every form the lexicon reads as another (``dialect`` and ``typos``), before any cue is looked for."""
        return {**self.dialect, **self.typos}


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Returns the validated lexicon at ``path`` (the shipped one by default)."""
    path = path or resource_path("cues.yaml")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError(f"Cannot read cue lexicon {path}: {exc}") from None
    try:
        return Lexicon.model_validate(_tuples(raw), strict=False)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ResourceError(f"Cue lexicon {path}: field '{field}': {first['msg']}") from None


def _tuples(node: object) -> object:
    """The raw lexicon with every list a tuple and every listed term folded as the text is (``_folded``); the maps
    (``typos``, ``dialect``) stay as written: they are read on the user's own characters, before folding."""
    if isinstance(node, dict):
        return {k: _tuples(v) for k, v in node.items()}
    if isinstance(node, list):
        return tuple(_folded(str(v)) for v in node)
    return node


class CueSpan(BaseModel):
    """One lexicon match: the cue it supports, the matched term and its span in the masked text."""

    model_config = ConfigDict(frozen=True)

    cue: str = Field(description='e.g. "emotion.agitated", "escalation.regulator", "impact.security"')
    term: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Cues(BaseModel):
    """The cues of one complaint.

    The lexicon's values (``emotion``, ``impact``, ``escalation_kinds`` …) are explained by
    ``spans``: words in the text. The policy's rules read only these, so a floor always
    points at words. A model with emotion and impact heads adds its own reading
    (``model_emotion``, ``model_impact``) beside them; the decision shows both.
    """

    model_config = ConfigDict(frozen=True)

    emotion: int = Field(ge=0, le=2, description="from the lexicon: 0 calm, 1 dissatisfied, 2 agitated")
    escalation: bool
    escalation_kinds: tuple[EscalationKind, ...] = ()
    compensation: bool
    compensation_amount: float | None = Field(
        default=None, description="the largest amount named after compensation proper (赔偿, 补偿): the rules'")
    amount_demanded: float | None = Field(
        default=None, description="the largest amount named after any demand, a refund too (退还两千块): the model's")
    apology: bool = False
    public_apology: bool = Field(default=False, description="a public apology is demanded (公开道歉, 登报道歉)")
    high_compensation: bool = Field(default=False, description="a high compensation is demanded in words (高额赔偿)")
    impact: Impact = Field(description="from the lexicon; degraded when no impact word is found")
    security_incident: bool = Field(default=False, description="fraud, theft, a leak, a re-issued number …")
    service_unreachable: bool = Field(default=False, description="customer service cannot be reached by phone")
    slow_network: bool = Field(default=False, description="the network is slow, lags or is unstable (网速慢, 卡顿)")
    area_wide: bool = Field(default=False, description="the problem hits a whole area (整个小区, 周围用户都…)")
    fixed_line: bool = Field(default=False, description="a fixed line is named (宽带, 专线, 光猫, 座机 …)")
    app: bool = Field(default=False, description="an app or a content service is named (APP, 客户端, 咪咕 …)")
    repetition: bool = False
    spans: tuple[CueSpan, ...] = ()
    model_emotion: int | None = Field(default=None, ge=0, le=2, description="the model's emotion head, if any")
    model_impact: Impact | None = Field(default=None, description="the model's impact head, if any")

    @property
    def judged_emotion(self) -> int:
        """The lexicon's emotion where it found words, else the model's reading."""
        return self.emotion if self.emotion or self.model_emotion is None else self.model_emotion

    @property
    def judged_impact(self) -> Impact:
        """The lexicon's impact where it names a serious one (an outage, a security problem,
        data loss: words a rule acts on), else the model's reading: what tousu reports."""
        serious = self.impact in ("interrupted", "security", "data_loss")
        return self.impact if serious or self.model_impact is None else self.model_impact


#: Names of the numeric features :func:`cue_features` returns, in order.
CUE_FEATURE_NAMES = (
    "emotion_1", "emotion_2", "degree", "repetition", "n_dissatisfied",
    *(f"escalation_{k}" for k in ESCALATION_KINDS),
    "compensation", "apology", "amount_log10",
    *(f"impact_{k}" for k in IMPACTS),
)


#: Every cue name a span may carry (``CueSpan.cue``); pages show them by their Chinese label.
CUE_NAMES = (
    "emotion.agitated", "emotion.dissatisfied", "emotion.degree", "emotion.repetition", "emotion.repeated_complaint",
    *(f"escalation.{k}" for k in ESCALATION_KINDS),
    "compensation.demand", "compensation.public_apology", "compensation.high_demand",
    *(f"impact.{k}" for k in IMPACTS), "impact.harassment",
    "network.slow", "service.unreachable", "scope.area_wide", "product.fixed_line", "product.app",
)

#: Cues that are an impact of the guideline's list under another name.
_IMPACT_OF = {"network.slow": "degraded"}
_IMPACT_CUES = ("impact.", *_IMPACT_OF)


def cue_features(cues: Cues) -> list[float]:
    """Returns the cues as a fixed-length numeric vector (see ``CUE_FEATURE_NAMES``)."""
    kinds = set(cues.escalation_kinds)
    impacts_hit = {_IMPACT_OF.get(h.cue, h.cue.split(".", 1)[1]) for h in cues.spans if h.cue.startswith(_IMPACT_CUES)}
    n_dis = sum(1 for h in cues.spans if h.cue == "emotion.dissatisfied")
    return [
        float(cues.emotion >= 1), float(cues.emotion >= 2),
        float(any(h.cue == "emotion.degree" for h in cues.spans)), float(cues.repetition),
        min(n_dis, 3) / 3.0,
        *(float(k in kinds) for k in ESCALATION_KINDS),
        float(cues.compensation), float(cues.apology),
        math.log10(1 + cues.amount_demanded) / 5.0 if cues.amount_demanded else 0.0,
        *(float(k in impacts_hit) for k in IMPACTS),
    ]


def _inside(match: re.Match[str], spans: Iterable[tuple[int, int]]) -> bool:
    """Whether ``match`` lies within one of ``spans`` (the lexicon's ignored phrases)."""
    return any(a <= match.start() and match.end() <= b for a, b in spans)


def _ends_in(match: re.Match[str], spans: Iterable[tuple[int, int]]) -> bool:
    """Whether ``match`` ends inside one of ``spans``: its last word is one of theirs."""
    return any(a < match.end() <= b for a, b in spans)


def _alternation(terms: Iterable[str], *, whole_numbers: bool = True) -> re.Pattern[str]:
    ordered = sorted(set(terms), key=len, reverse=True)  # longest match first
    return re.compile("|".join(_whole_term(t) if whole_numbers else re.escape(t) for t in ordered))


#: English letters in lower case, the only change: the text a cue is looked for in and every listed term are read so
#: (``_tuples``), so that an English word matches in any case ("Media", "MEDIA") while every offset stays where the
#: user wrote it
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _folded(term: str) -> str:
    """``term`` with its English letters in lower case (nothing else changes)."""
    return term.translate(_ASCII_LOWER)


def _whole_term(term: str) -> str:
    """A term, escaped; a number at either end of it never matches inside a longer number ("12345", the
    government hotline, is not in the order number "2026120512345"), nor an English word inside a longer word
    ("down" is not in "download")."""
    def unlike(char: str) -> str:
        return "[0-9]" if char.isdigit() else "[a-z]" if char.isascii() and char.isalpha() else ""
    before, after = unlike(term[:1]), unlike(term[-1:])
    # the check of the character before stands after the term's first one, so that every branch of an alternation
    # still starts with a literal (a branch that starts with a look-behind slows the whole alternation down 2-3×)
    head = re.escape(term[:1]) + (f"(?<!{before}.)" if before else "")
    return head + re.escape(term[1:]) + (f"(?!{after})" if after else "")


_SENTENCE_ENDS = "。！？!?；;\n"
_CLAUSE_ENDS = _SENTENCE_ENDS + "，,、"
#: an intake line: a short label and the masked value ("联系电话<PHONE>", "身份证号：<IDCARD>")
_MASKED = re.compile("|".join(map(re.escape, MASK_TOKENS)), re.IGNORECASE)  # the text is read folded: "<phone>"
_LABEL_ONLY = re.compile(_MASKED.pattern + r"|[\s:：]", re.IGNORECASE)
_LABEL_CHARS = 6
#: What may close a text after its last word: marks, emoticons' tildes, ellipses.
_CLOSING = "。！？!?.~～…"


def _not_before(terms: Iterable[str]) -> str:
    """A lookahead that fails where one of ``terms`` starts (the empty string when there are none)."""
    terms = tuple(terms)
    return f"(?!{_alternation(terms).pattern})" if terms else ""


def _near(first: Iterable[str], then: Iterable[str], window: int, *, within: str = _SENTENCE_ENDS,
          not_after: str = "", not_before: Iterable[str] = (), bridge: str = "") -> re.Pattern[str]:
    """A word of ``first`` (not right after ``not_after``, not right before a word of
    ``not_before``), at most ``window`` characters without one of ``within`` (the same sentence by
    default), a word of ``then`` (the shortest stretch): "通讯录同步以后全没了", "网速这几天有点慢". One of
    ``bridge`` may stand right after the first word: the first word ends its clause and the next one
    says what became of it ("用的是你们的网络，昨晚断了")."""
    behind = f"(?<!{re.escape(not_after)})" if not_after else ""
    bridged = f"[{re.escape(bridge)}]?" if bridge else ""
    return re.compile(f"{behind}(?:{_alternation(first).pattern}){_not_before(not_before)}{bridged}"
                      f"[^{within}]{{0,{window}}}?(?:{_alternation(then).pattern})")


class CueExtractor:
    """Finds cues in masked complaint text with the domain lexicon (``complaints.cues.v1``).

    Requires ``text_masked``; assigns ``cues``. Stateless after construction and safe to
    share between threads.
    """

    name = "complaints.cues.v1"

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        lx = self.lexicon
        read_as = lx.read_as
        # "30蚊": a form read as another may end a longer number
        self._read_as = (_alternation(read_as, whole_numbers=False), read_as) if read_as else None
        self._quotes = (re.compile("|".join(f"{re.escape(p[0])}[^{re.escape(p[1])}]{{1,{lx.quoted.longest}}}"
                                            f"{re.escape(p[1])}" for p in lx.quoted.pairs))
                        if lx.quoted else None)
        self._negation = _alternation(lx.negation.words)
        # "我不会把这件事发到网上": the negation, 把 and what it moves, up to the hit
        fronted, reach = lx.negation.fronted, lx.negation.fronted_window
        self._negated_fronted = (re.compile(f"(?:{self._negation.pattern})(?:{_alternation(fronted).pattern})"
                                            f"[^{_CLAUSE_ENDS}]{{0,{reach}}}$") if fronted else None)
        self._fronted_reach = reach + max(map(len, lx.negation.words), default=0) + max(map(len, fronted), default=0)
        self._ignore = _alternation(lx.ignore) if lx.ignore else None
        self._public_network = _alternation(lx.public_network) if lx.public_network else None
        self._hearsay = (re.compile(f"(?:{_alternation(lx.hearsay.markers).pattern})"
                                    f"(?:{_not_before(lx.hearsay.turns)}[^{_CLAUSE_ENDS}])*")
                         if lx.hearsay else None)
        named = lx.named_only
        self._named = ((_alternation(named.before) if named.before else None,
                        _alternation(named.after) if named.after else None, named.window,
                        _alternation(named.unless) if named.unless else None) if named else None)
        self._doubt = _alternation(lx.doubt.words) if lx.doubt else None
        self._doubt_window = lx.doubt.window if lx.doubt else 0
        self._doubt_outage = _alternation(lx.doubt.outage) if lx.doubt and lx.doubt.outage else None
        self._doubt_not_yet = lx.doubt.not_yet if lx.doubt else ()
        self._doubt_after = lx.doubt.supposed_after if lx.doubt else ()
        self._doubt_ruled = _alternation(lx.doubt.ruled_after) if lx.doubt and lx.doubt.ruled_after else None
        since = "".join(f"(?<!{re.escape(c)})" for c in lx.doubt.outage_past_since) if lx.doubt else ""
        self._outage_past = ((re.compile(since + f"(?:{_alternation(lx.doubt.outage_past).pattern})"),
                              _alternation(lx.doubt.outage_past_unless) if lx.doubt.outage_past_unless else None)
                             if lx.doubt and lx.doubt.outage_past else None)
        self._denied_not_after = lx.doubt.denied_not_after if lx.doubt else ()
        self._denied = ((tuple(sorted(lx.doubt.denied, key=len, reverse=True)), lx.doubt.denied_not_in,
                         _alternation(lx.doubt.denied_unless) if lx.doubt.denied_unless else None,
                         tuple(sorted(lx.doubt.denied_through, key=len, reverse=True)))
                        if lx.doubt and lx.doubt.denied else None)
        self._past = ((_alternation(lx.doubt.past_before), _alternation(lx.doubt.past_after))
                      if lx.doubt and lx.doubt.past_before and lx.doubt.past_after else None)
        # "手机被偷了，已经报警了": the police for a loss, no threat to the company
        loss = lx.police_for_loss
        self._police_for_loss = (re.compile(f"(?:{_alternation(loss.markers).pattern})"
                                            f"[^{_SENTENCE_ENDS}]{{0,{loss.window}}}") if loss else None)
        optional = [("emotion.repeated_complaint", lx.emotion.repeated_complaint),
                    ("compensation.public_apology", lx.compensation.public_apology),
                    ("compensation.high_demand", lx.compensation.high_demand),
                    ("scope.area_wide", lx.scope.area_wide if lx.scope else ()),
                    ("product.fixed_line", lx.product.fixed_line if lx.product else ()),
                    ("product.app", lx.product.app if lx.product else ()),
                    ("impact.harassment", lx.impact.harassment)]
        self._groups: list[tuple[str, re.Pattern[str]]] = [
            *((cue, _alternation(terms)) for cue, terms in optional if terms),
            ("emotion.agitated", _alternation(lx.emotion.agitated)),
            ("emotion.dissatisfied", _alternation(lx.emotion.dissatisfied)),
            ("emotion.repetition", _alternation(lx.emotion.repetition)),
            *((f"escalation.{k}", _alternation(getattr(lx.escalation, k))) for k in ESCALATION_KINDS),
            ("compensation.demand", _alternation(lx.compensation.terms)),
            *((f"impact.{k}", _alternation(getattr(lx.impact, k))) for k in IMPACTS),
        ]
        self._asks_at_end = (re.compile(f"(?:{_alternation(lx.impact.minor_at_end).pattern})+(?=[{_CLOSING}\\s]*$)")
                             if lx.impact.minor_at_end else None)
        self._rhetorical = _alternation(lx.impact.rhetorical) if lx.impact.rhetorical else None
        self._not_rhetorical = _alternation(lx.impact.rhetorical_not_in) if lx.impact.rhetorical_not_in else None
        self._asks_in_last_clause = (re.compile(f"(?:{_alternation(lx.impact.minor_last_clause).pattern})"
                                                f"[^{_CLAUSE_ENDS}]*[{_CLOSING}\\s]*$")
                                     if lx.impact.minor_last_clause else None)
        self._degree = tuple(sorted(lx.emotion.degree, key=len, reverse=True))
        contact = lx.service_contact
        self._contact = _alternation(contact.contact) if contact else None
        self._unreachable = frozenset(contact.unreachable) if contact else frozenset()
        self._contact_window = contact.window if contact else 0
        self._apology = frozenset(lx.compensation.apology)
        gone, leak, slow, down = lx.data_gone, lx.data_leak, lx.slow_network, lx.line_down
        self._leak = _near(leak.personal, leak.disclosed, leak.window) if leak else None
        self._leak_own = leak.own if leak else ()
        self._loss_feared = _alternation(gone.feared) if gone and gone.feared else None
        self._loss_recovered = _alternation(gone.recovered) if gone and gone.recovered else None
        self._loss_window = gone.window if gone else 0
        post, lasting, counted, taken = lx.media_post, lx.lasting_complaint, lx.counted_complaint, lx.taken_over
        self._posted = ((_near(post.post, post.platform, post.window, within=_CLAUSE_ENDS),
                         _near(post.platform, post.post, post.window, within=_CLAUSE_ENDS)) if post else ())
        self._post_undone = ((_alternation([*post.failed, *post.praised]), post.reach)
                             if post and (post.failed or post.praised) else None)
        self._taken = (_near(taken.someone, taken.used, taken.window, within=_CLAUSE_ENDS, not_before=taken.not_before)
                       if taken else None)
        self._taken_not_after = taken.not_after if taken else ()
        self._taken_undone = _alternation(taken.undone) if taken and taken.undone else None
        self._lasting = (_near(lasting.complained, lasting.duration, lasting.window, within=_CLAUSE_ENDS,
                               not_before=lasting.not_before) if lasting else None)
        self._lasting_resolved = lasting.resolved if lasting else ()
        resold, passive, known = lx.resold, lx.passive_taken, lx.data_known
        self._resold = _near(resold.reclaimed, resold.given, resold.window) if resold else None
        self._resold_asked = resold.asked if resold else ()
        self._passive_bei = (_near([o + "被" for o in passive.owned], passive.taken_after_bei, passive.window,
                                   within=_CLAUSE_ENDS, not_before=passive.not_agent)
                             if passive and passive.taken_after_bei else None)
        self._passive = (_near([o + m for o in passive.owned for m in passive.marker], passive.taken, passive.window,
                               within=_CLAUSE_ENDS, not_before=passive.not_agent) if passive else None)
        self._passive_for_a_service = passive.for_a_service if passive else ()
        self._known = (_near(known.recite, known.personal, known.window, within=_CLAUSE_ENDS, not_after="我")
                       if known else None)
        self._known_staff = _alternation(known.staff) if known and known.staff else None
        self._known_before_others = _alternation(known.before_others) if known and known.before_others else None
        if slow:
            self._groups.append(("network.slow", _alternation(slow.words)))
        self._windowed: list[tuple[str, re.Pattern[str]]] = [
            *([("impact.data_loss", _near(gone.stored, gone.gone, gone.window))] if gone else []),
            *([("impact.security", self._leak)] if self._leak is not None else []),
            *([("network.slow", _near(slow.service, slow.slow, slow.window))] if slow else []),
            *(("escalation.media", p) for p in self._posted),
            *([("emotion.repeated_complaint", self._lasting)] if self._lasting is not None else []),
            *([("emotion.repeated_complaint",
                _near(lasting.since, lasting.complained, lasting.window, within=_CLAUSE_ENDS))]
              if lasting and lasting.since else []),
            *([("emotion.repeated_complaint",
                _near(counted.ordinal, counted.contact, counted.window, within=_CLAUSE_ENDS))]
              if counted else []),
            *([("emotion.repeated_complaint",
                _near(counted.ordinal_calls, counted.called, counted.window, within=_CLAUSE_ENDS))]
              if counted and counted.ordinal_calls and counted.called else []),
            *([("emotion.repeated_complaint",
                _near(counted.contact, counted.ordinal, counted.contact_before, within=_CLAUSE_ENDS))]
              if counted and counted.contact_before is not None else []),
            *([("impact.security", self._taken)] if self._taken is not None else []),
            *([("impact.security", self._resold)] if self._resold is not None else []),
            *([("impact.security", _near(lx.identity_misused.unasked, lx.identity_misused.identity,
                                         lx.identity_misused.window, within=_CLAUSE_ENDS))]
              if lx.identity_misused else []),
            *([("impact.security", _near(lx.identity_misused.identity, lx.identity_misused.misused_after,
                                         lx.identity_misused.window, within=_CLAUSE_ENDS))]
              if lx.identity_misused and lx.identity_misused.misused_after else []),
            *([("impact.security", self._passive)] if self._passive is not None else []),
            *([("impact.security", self._passive_bei)] if self._passive_bei is not None else []),
            *([("impact.interrupted", _near(lx.scope.area_wide, lx.scope.none_there, lx.scope.window,
                                            within=_CLAUSE_ENDS))]
              if lx.scope and lx.scope.none_there else []),
            *([("impact.security", _near(lx.disowned.done, lx.disowned.denied, lx.disowned.window))]
              if lx.disowned else []),
            *([("impact.security", _near(lx.disowned.denied, lx.disowned.told, lx.disowned.window))]
              if lx.disowned and lx.disowned.told else []),
            *([("impact.security", _near(lx.emergency_call.number, lx.emergency_call.failed,
                                         lx.emergency_call.window, within=_CLAUSE_ENDS,
                                         bridge="".join(lx.emergency_call.bridge)))]
              if lx.emergency_call else []),
            *([("impact.security", self._known)] if self._known is not None else []),
            # the same clause: "信号不好，流量都没了" is no outage
            *([("impact.interrupted", _near(down.line, down.down, down.window, within=_CLAUSE_ENDS,
                                               bridge="" if down.bridge_lines else "".join(down.bridge)))]
              if down else []),
            *([("impact.interrupted", _near(down.bridge_lines, down.down, down.window, within=_CLAUSE_ENDS,
                                               bridge="".join(down.bridge)))]
              if down and down.bridge and down.bridge_lines else []),
        ]
        often = lx.intermittent
        self._often: tuple[re.Pattern[str], re.Pattern[str], int, tuple[str, str] | None] | None = (
            (_alternation(often.before), _alternation(often.after), often.window, often.each_time) if often else None)
        self._can_recur = frozenset(often.words) if often and often.words is not None else None
        reach = often.whenever_window if often else 0
        self._whenever = (re.compile(f"{re.escape(often.whenever[0])}[^{_CLAUSE_ENDS}]{{1,{reach}}}"
                                     f"{re.escape(often.whenever[1])}$") if often and often.whenever else None)
        self._whenever_not = often.whenever_not if often else ()
        self._whenever_reach = reach + sum(map(len, often.whenever)) if often and often.whenever else 0
        self._recovers = (_alternation(often.recovers), often.recovers_window) if often and often.recovers else None
        self._crowd = (_alternation(often.crowd), often.crowd_window) if often and often.crowd else None
        fixed = lx.repaired
        self._repaired = ((re.compile("".join(f"(?<!{re.escape(w)})" for w in fixed.not_after)
                                      + f"(?:{_alternation(fixed.words).pattern}){_not_before(fixed.not_before)}"),
                           _alternation(fixed.again) if fixed.again else None, fixed.window) if fixed else None)
        brief = lx.brief_outage
        against = [*brief.unless, *(lx.scope.area_wide if lx.scope else ())] if brief else []
        self._brief = ((_alternation(brief.lines), _alternation(brief.lasting),
                        re.compile(f"(?:{_alternation(brief.longer).pattern}){_not_before(brief.not_a_time)}")
                        if brief and brief.longer else None,
                        _alternation(against) if against else None) if brief else None)
        own = lx.own_doing
        self._own_doing = ((_near(own.who, own.did, own.window), _alternation(own.unless) if own.unless else None)
                           if own else None)
        owed = lx.arrears
        self._arrears: list[re.Pattern[str]] = []
        if owed:
            denied = "".join(f"(?<!{re.escape(d)})" for d in owed.denied)  # "没欠费却被停机了"
            suspended = f"(?P<suspended>{_alternation(owed.suspended).pattern})"
            self._arrears.append(re.compile(f"{denied}(?:{_alternation(owed.owed).pattern})"
                                            f"[^{_CLAUSE_ENDS}]{{0,{owed.window}}}?{suspended}"))
            if owed.omitted:  # "话费没交，号码被停了": the next clause too
                self._arrears.append(re.compile(f"(?:{_alternation(owed.omitted).pattern})"
                                                f"[^{_SENTENCE_ENDS}]{{0,{owed.window}}}?{suspended}"))
        one = lx.one_device
        self._one_device = ((_near(one.swapped, one.works, one.window, within=_CLAUSE_ENDS), one.reach)
                            if one else None)
        self._requested = (_alternation(lx.requested.words), lx.requested.window) if lx.requested else None
        self._requested_adjacent = lx.requested.adjacent if lx.requested else ()
        self._partial = (_alternation(lx.partial.works), lx.partial.reach) if lx.partial else None
        self._fixed_line = _alternation(lx.product.fixed_line) if lx.product else None
        units = "|".join(re.escape(u) for u in sorted(lx.amount.units, key=len, reverse=True))
        bare = "".join(lx.amount.bare)
        # a number and a unit of money; or, where the lexicon lists units of size, a number that ends in one with no
        # numeral after it ("赔偿五万"; never "万一", "五万五" unread)
        not_money = "".join(f"|{re.escape(w)}" for w in lx.amount.not_money)  # "一万积分"
        self._amount = re.compile(rf"({AMOUNT})\s*(?:{units})" + (
            rf"|(?={DIGIT})({AMOUNT})(?<=[{bare}])(?!{DIGIT}|[万亿]{not_money})" if bare else ""))
        self._settled = _alternation(lx.amount.settled) if lx.amount.settled else None

    def read_as_meant(self, text: str) -> str:
        """Returns ``text`` with the lexicon's dialect words and input-method typos read as the words
        meant ("去工信布投述你们" → "去工信部投诉你们", "宽带断咗" → "宽带断了"), character for character:
        every offset stays where it was."""
        if self._read_as is None:
            return text
        written, meant = self._read_as
        return written.sub(lambda m: meant[m.group()], text)

    def _messages_quoted(self, text: str) -> list[tuple[int, int]]:
        """The spans of the messages a user quotes as received ("收到“…将于三日后停机”的短信")."""
        quoted = self.lexicon.quoted
        if quoted is None or self._quotes is None:
            return []
        spans = []
        for m in self._quotes.finditer(text):
            ahead = text[max(0, m.start() - quoted.window):m.start()]
            if any(w in ahead for w in quoted.before) or text.startswith(quoted.after, m.end()):
                spans.append(m.span())
        return spans

    def _named_only(self, text: str, m: re.Match[str]) -> bool:
        """Whether a regulator's or the press's name stands in another sense (``named_only``)."""
        if self._named is None:
            return False
        before, after, window, unless = self._named
        named = ((before is not None and _preceded(before, text, m.start(), window, clause=True))
                 or (after is not None and _followed(after, text, m.end(), window)))
        if not named or unless is None:
            return named
        return unless.search(text, *_bounds(text, m.start(), m.end(), _CLAUSE_ENDS)) is None

    def _post_failed_or_praised(self, text: str, m: re.Match[str]) -> bool:
        """Whether the clause after a platform and a posting word says the post failed or praises."""
        if self._post_undone is None:
            return False
        words, reach = self._post_undone
        return _followed(words, text, m.end(), reach)

    def _negated(self, text: str, start: int) -> bool:
        if _preceded(self._negation, text, start, self.lexicon.negation.window):
            return True
        return self._negated_fronted is not None and _preceded(self._negated_fronted, text, start,
                                                              self._fronted_reach, clause=True)

    def _doubted(self, text: str, span: CueSpan) -> bool:
        """Whether a security hit is asked about or feared rather than told ("有没有被泄露") or told as the past
        ("去年被盗用过"), or an outage supposed or not yet come ("万一手机停机了怎么办", "我的号码要被停机"); or either
        denied ("账号没有被盗", "没有断网，就是网速慢")."""
        if span.cue in ("impact.security", "impact.interrupted") and self._was_denied(text, span):
            return True
        if span.cue == "impact.security" and self._past is not None:
            before, after = self._past
            if _followed(after, text, span.end, 2) and _preceded(before, text, span.start, self._doubt_window,
                                                                 clause=True):
                return True  # "去年我的号被盗用过一次": the past, told as background
        if span.cue == "impact.security" and self._doubt is not None:
            return _preceded(self._doubt, text, span.start, self._doubt_window, clause=True)
        if span.cue == "impact.interrupted" and self._doubt_outage is not None:
            if text[:span.start].endswith(self._doubt_not_yet) or text.startswith(self._doubt_after, span.end):
                return True
            if self._doubt_ruled is not None and _followed(self._doubt_ruled, text, span.end, self._doubt_window):
                return True
            if self._told_as_past(text, span):
                return True  # "上个月宽带断了两天，你们已经补偿了"
            # before the term or inside a windowed one ("专线如果完全断了")
            return _preceded(self._doubt_outage, text, span.end, self._doubt_window + len(span.term), clause=True)
        return False

    def _told_as_past(self, text: str, span: CueSpan) -> bool:
        """Whether an outage is told as past: a word of a time gone before it in its clause, and nothing in the rest of
        its sentence that says it goes on ("…这个月又断了", "…至今没恢复")."""
        if self._outage_past is None:
            return False
        past, going_on = self._outage_past
        if not _preceded(past, text, span.end, self._doubt_window + len(span.term), clause=True):
            return False
        rest = re.split(f"[{_SENTENCE_ENDS}]", text[span.end:])[0]
        return going_on is None or going_on.search(rest) is None

    def _was_denied(self, text: str, span: CueSpan) -> bool:
        """Whether a denial stands right before the term and nothing after it in its clause takes the denial back."""
        if self._denied is None:
            return False
        denied, not_in, unless, through = self._denied
        before = text[:span.start]
        agent = next((a for a in through if before.endswith(a)), "")  # "没有被人盗用": the agent between
        before = before[:len(before) - len(agent)]
        word = next((d for d in denied if before.endswith(d)), None)  # longest first
        if word is None or before.endswith(not_in) or before[:-len(word)].endswith(self._denied_not_after):
            return False  # "宽带是不是断网了"
        return unless is None or not _followed(unless, text, span.end, len(text))

    def _asked_at_end(self, text: str) -> CueSpan | None:
        """A question the text ends in ("…能在电视上用吗？"), not a rhetorical one ("这不是骗人吗"): impact minor
        where no other impact word is found."""
        m = self._asks_at_end.search(text) if self._asks_at_end is not None else None
        if m is None and self._asks_in_last_clause is not None:
            m = self._asks_in_last_clause.search(text)
            at_most = self.lexicon.impact.minor_last_clause_at_most
            if m is not None and at_most is not None and len(_clauses(text)) > at_most:
                return None  # "…结果一分没到，问了三次都说在走流程，要等多久": a complaint that ends asking
        if m is None:
            return None
        last, _ = _bounds(text, m.start(), m.end(), _SENTENCE_ENDS)
        if self._reproaches(text, last, m.end()):
            return None  # the words before the question and, in a last clause that asks, its own ("怎么还另外收费")
        return CueSpan(cue="impact.minor", term=m.group(), start=m.start(), end=m.end())

    def _reproaches(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` holds a word of reproach that no neutral phrase holds ("能不能" holds 不能)."""
        if self._rhetorical is None:
            return False
        neutral = ([m.span() for m in self._not_rhetorical.finditer(text, start, end)]
                   if self._not_rhetorical is not None else [])
        return any(not _inside(m, neutral) for m in self._rhetorical.finditer(text, start, end))

    def __call__(self, text: str) -> Cues:
        """Returns the cues found in ``text`` (already normalised and masked)."""
        text = _folded(self.read_as_meant(text))
        hits: list[CueSpan] = []
        ignored = [m.span() for m in self._ignore.finditer(text)] if self._ignore else []
        if self._hearsay is not None:
            ignored += [m.span() for m in self._hearsay.finditer(text)]
        # a message quoted as received: its risk words are the operator's; what it names is the user's
        quoted = self._messages_quoted(text)
        lost = [m.span() for m in self._police_for_loss.finditer(text)] if self._police_for_loss else []
        # "欠了二十块钱就停机了": the suspension is the user's arrears, no outage
        owed = [m.span("suspended") for arrears in self._arrears for m in arrears.finditer(text)]
        for cue, pattern in self._groups:
            for m in pattern.finditer(text):
                if cue.startswith(("compensation", "escalation")) and self._negated(text, m.start()):
                    continue
                if cue in ("escalation.regulator", "escalation.media") and self._named_only(text, m):
                    continue  # "我朋友在通信管理局上班"
                if _inside(m, ignored) or (cue == "impact.interrupted" and _ends_in(m, owed)):
                    continue
                if not cue.startswith("product.") and _inside(m, quoted):
                    continue
                if cue == "escalation.legal" and _inside(m, lost):
                    continue  # "手机被偷了，已经报警了"
                name = self._read_outage(text, m) if cue == "impact.interrupted" else self._read_loss(text, m, cue)
                if name is None:
                    continue  # "我想把宽带停了": a request; "怕丢了": a loss feared
                span = CueSpan(cue=name, term=m.group(), start=m.start(), end=m.end())
                if not self._doubted(text, span):
                    hits.append(span)
        for cue, pattern in self._windowed:
            for m in pattern.finditer(text):
                if cue.startswith("escalation") and self._negated(text, m.start()):
                    continue  # "我不会发到微博上"
                if cue == "impact.interrupted" and _ends_in(m, owed):
                    continue  # "宽带欠了钱就停了"
                if pattern is self._leak and text.endswith(self._leak_own, 0, m.start()):
                    continue  # "我把身份证号告诉了别人": the user's own act
                if pattern is self._taken and (text.endswith(self._taken_not_after, 0, m.start())
                                               or self._undone_after(text, m)):
                    continue  # "家里有人用我的手机登录了", "…有人在别的设备登录，其实就是我自己"
                if pattern is self._lasting and any(w in m.group() for w in self._lasting_resolved):
                    continue  # "报修以后好了三个月了"
                if pattern is self._resold and any(w in m.group() for w in self._resold_asked):
                    continue  # "号码销户以后会回收给别人吗"
                if pattern in (self._passive, self._passive_bei) and text.startswith(self._passive_for_a_service,
                                                                                      m.end()):
                    continue  # "手机卡让师傅拿去检测了"
                if pattern is self._known and self._recited_by_staff(text, m):
                    continue  # "客服一接电话就叫得出我的名字"
                if pattern in self._posted and self._post_failed_or_praised(text, m):
                    continue  # "抖音上传视频一直失败"
                if not _inside(m, ignored) and not _inside(m, quoted):
                    name = (self._read_outage(text, m, windowed=True) if cue == "impact.interrupted"
                            else self._read_loss(text, m, cue))
                    if name is None:
                        continue  # "帮我把宽带停了", "换手机以后怎么把照片导过去，怕丢了"
                    span = CueSpan(cue=name, term=m.group(), start=m.start(), end=m.end())
                    if span not in hits and not self._doubted(text, span):  # "宽带断了": a word and a line_down match
                        hits.append(span)
        asked = self._asked_at_end(text)
        if asked is not None:
            hits.append(asked)
        emotion = 0
        for h in hits:
            if h.cue in ("emotion.agitated", "emotion.repeated_complaint"):
                emotion = 2
            elif h.cue == "emotion.dissatisfied":
                emotion = max(emotion, 1)
                before = text[max(0, h.start - 2):h.start]
                degree = next((d for d in self._degree if before.endswith(d)), None)
                if degree:
                    emotion = 2
                    hits.append(CueSpan(cue="emotion.degree", term=degree, start=h.start - len(degree), end=h.start))
        found = {h.cue for h in hits}
        repetition = "emotion.repetition" in found
        kinds = tuple(k for k in ESCALATION_KINDS if f"escalation.{k}" in found)
        demands = [h for h in hits if h.cue == "compensation.demand"]
        amounts = self._amounts_after(text, demands)
        after = self.lexicon.amount.after  # the rules' amount: after compensation proper only, where listed
        amount = max((v for term, v in amounts if not after or term in after), default=None)
        demanded = max((v for _, v in amounts), default=None)
        for named in ("compensation.public_apology", "compensation.high_demand"):
            if named in found:
                demands.append(next(h for h in hits if h.cue == named))
        if "impact.harassment" in found:
            found.add("impact.security")  # the guideline's impact label; no incident
        found.update(f"impact.{_IMPACT_OF[c]}" for c in found & _IMPACT_OF.keys())
        impact = next((k for k in self.lexicon.impact.order if f"impact.{k}" in found), "degraded")
        hits.sort(key=lambda h: (h.start, h.cue))
        return Cues(
            emotion=emotion,
            escalation=bool(kinds),
            escalation_kinds=kinds,
            compensation=bool(demands),
            compensation_amount=amount,
            amount_demanded=demanded,
            apology=any(h.term in self._apology for h in demands) or "compensation.public_apology" in found,
            public_apology="compensation.public_apology" in found,
            high_compensation="compensation.high_demand" in found,
            impact=impact,
            area_wide="scope.area_wide" in found,
            fixed_line="product.fixed_line" in found,
            app="product.app" in found,
            security_incident=any(h.cue == "impact.security" for h in hits),
            service_unreachable="service.unreachable" in found,
            slow_network="network.slow" in found,
            repetition=repetition,
            spans=tuple(hits),
        )

    def _calls_customer_service(self, text: str, match: re.Match[str]) -> bool:
        """Whether an 'cannot get through' term follows a customer-service number or line."""
        if self._contact is None or match.group() not in self._unreachable:
            return False
        window = text[max(0, match.start() - self._contact_window):match.start()]
        return self._contact.search(window) is not None

    def _not_the_line(self, text: str, match: re.Match[str]) -> bool:
        """Whether a connection word is said of a game, a device or a person ("联机游戏连不上好友")."""
        other = self.lexicon.not_the_line
        if other is None or match.group() not in other.terms:
            return False
        ahead = re.split(f"[{_CLAUSE_ENDS}]", text[max(0, match.start() - other.window):match.start()])[-1]
        return any(w in ahead for w in other.before) or text.startswith(other.after, match.end())

    def _recited_by_staff(self, text: str, match: re.Match[str]) -> bool:
        """Whether personal data is recited by the operator's own staff or a courier, named before it in its clause,
        and no word of others hearing it stands in its sentence ("客服一接电话就叫得出我的名字")."""
        if self._known_staff is None:
            return False
        clause_start, _ = _bounds(text, match.start(), match.end(), _CLAUSE_ENDS)
        if self._known_staff.search(text, clause_start, match.start()) is None:
            return False
        start, end = _bounds(text, match.start(), match.end(), _SENTENCE_ENDS)
        return self._known_before_others is None or self._known_before_others.search(text, start, end) is None

    def _undone_after(self, text: str, match: re.Match[str]) -> bool:
        """Whether the sentence of a hit of someone using the user's account says, after it, that it was the user
        ("其实就是我自己")."""
        if self._taken_undone is None:
            return False
        _, end = _bounds(text, match.start(), match.end(), _SENTENCE_ENDS)
        return self._taken_undone.search(text, match.end(), end) is not None

    def _read_loss(self, text: str, match: re.Match[str], cue: str) -> str | None:
        """The cue a data-loss hit supports where it stands: none where the loss is feared or supposed ("怕丢了",
        before its last characters in its clause), a function unusable where the data came back in the same sentence
        ("照片不见了，今天又出来了"), else the loss. Any other cue is returned as it is."""
        if cue != "impact.data_loss":
            return cue
        if self._loss_feared is not None and _preceded(self._loss_feared, text, match.end(),
                                                       self._loss_window + len(match.group()), clause=True):
            return None
        if self._loss_recovered is not None:
            _, end = _bounds(text, match.start(), match.end(), _SENTENCE_ENDS)
            if self._loss_recovered.search(text, match.end(), end) is not None:
                return "impact.degraded"
        return cue

    def _on_a_public_network(self, text: str, match: re.Match[str]) -> bool:
        """Whether a network the user does not subscribe to is named before an outage term in its clause
        ("地铁WiFi连上以后根本上不了网"): a venue's hotspot failing, not the user's line down."""
        if self._public_network is None:
            return False
        before, _ = _bounds(text, match.start(), match.end(), _CLAUSE_ENDS)
        return self._public_network.search(text, before, match.start()) is not None

    def _follows_one_device(self, text: str, match: re.Match[str]) -> bool:
        """Whether another card or phone is said to work, within reach of an outage term in the
        same sentence ("显示无服务，换了别的卡就正常", "别的手机都正常，就我这部没信号")."""
        if self._one_device is None:
            return False
        swapped, reach = self._one_device
        return any(swapped.search(side) for side in _sentence_around(text, match, reach))

    def _works_in_part(self, text: str, match: re.Match[str]) -> bool:
        """Whether another function of a mobile number is said to work beside an outage term in
        the same sentence, no fixed line named there ("只能打电话发短信，上不了网")."""
        if self._partial is None:
            return False
        works, reach = self._partial
        before, after = _sentence_around(text, match, len(text))
        if self._fixed_line is not None and self._fixed_line.search(before + match.group() + after):
            return False
        return any(works.search(side) for side in _sentence_around(text, match, reach))

    def _asked_for(self, text: str, match: re.Match[str]) -> bool:
        """Whether an outage term is what the user asks for ("我想把宽带停了")."""
        if self._requested is None:
            return False
        words, window = self._requested
        if text[:match.start()].endswith(self._requested_adjacent):
            return True
        return _preceded(words, text, match.start(), window, clause=True)

    def _read_outage(self, text: str, match: re.Match[str], *, windowed: bool = False) -> str | None:
        """The cue an outage term supports where it stands, or None where it tells nothing:
        a request ("我想把宽带停了"); a function unusable ("换了别的卡就正常", "只能打电话，上不了网", a metro's WiFi);
        a customer-service line not reached ("客服热线打不进", a single term only); a line that often
        fails ("经常断网", "断了好几次"); an outage repaired since ("断了两天，师傅来修好了"); else an outage."""
        if self._asked_for(text, match):
            return None
        if (self._follows_one_device(text, match) or self._works_in_part(text, match)
                or self._not_the_line(text, match) or self._on_a_public_network(text, match)):
            return "impact.degraded"
        if not windowed and self._calls_customer_service(text, match):
            return "service.unreachable"
        if self._recurs(text, match, windowed=windowed):
            return "network.slow"
        if self._repaired_since(text, match) or self._brief_outage(text, match) or self._caused_by_user(text, match):
            return "impact.degraded"
        return "impact.interrupted"

    def _caused_by_user(self, text: str, match: re.Match[str]) -> bool:
        """Whether the sentence of an outage term tells the user's own act or a third party's as its cause, before the
        term or around it, and nothing there keeps it an outage (``own_doing``)."""
        if self._own_doing is None:
            return False
        done, unless = self._own_doing
        before, after = _bounds(text, match.start(), match.end(), _SENTENCE_ENDS)
        cause = done.search(text, before, after)
        return (cause is not None and cause.start() < match.end()
                and (unless is None or unless.search(text, before, after) is None))

    def _brief_outage(self, text: str, match: re.Match[str]) -> bool:
        """Whether the sentence of an outage term says it lasted a short while, and nothing there makes it longer, a
        leased line or a business, or a whole area (``brief_outage``)."""
        if self._brief is None:
            return False
        lines, lasting, longer, against = self._brief
        before, after = _bounds(text, match.start(), match.end(), _SENTENCE_ENDS)
        sentence = text[before:after]
        return (lasting.search(sentence) is not None and lines.search(sentence) is not None
                and (against is None or against.search(sentence) is None)
                and (longer is None or longer.search(sentence) is None))

    def _repaired_since(self, text: str, match: re.Match[str]) -> bool:
        """Whether the repair is told done after an outage term, in the same sentence, and nothing
        there says it failed again ("宽带断了两天，你们的师傅来修好了": back since)."""
        if self._repaired is None:
            return False
        repaired, again, reach = self._repaired
        sentence = text[match.end():_bounds(text, match.start(), match.end(), _SENTENCE_ENDS)[1]]
        done = repaired.search(sentence[:reach])
        return done is not None and not (again is not None and again.search(sentence, done.end()))

    def _recurs(self, text: str, match: re.Match[str], *, windowed: bool = False) -> bool:
        """Whether an outage term is said as recurring: a word of recurrence within the window
        before it or after it, in the same clause ("经常断网", "动不动就连不上", "断了好几次"), or
        the term framed as each time ("一断网就") or after a condition ("一下雨就断网"), or the line
        said to come back by itself after it ("连不上，中午又好了"). In a
        windowed match the word before is looked for between its two words ("宽带经常断了"), not
        before them ("反复报修宽带断了" is down)."""
        if self._often is None:
            return False
        before, after, window, each_time = self._often
        if not windowed and self._can_recur is not None and match.group() not in self._can_recur:
            return False  # "经常被停机" is a number suspended, not a line that drops
        start, end = match.span()
        if each_time and text[:start].endswith(each_time[0]) and text[end:].startswith(each_time[1]):
            return True
        if self._whenever is not None:
            condition = self._whenever.search(text, max(0, start - self._whenever_reach), start)
            if condition and not condition.group().startswith(self._whenever_not):
                return True
        if self._recovers is not None:
            recovers, reach = self._recovers
            later = re.split(f"[{_SENTENCE_ENDS}]", text[end:end + reach])[0]
            if recovers.search(later):
                return True  # "每天早上都连不上，中午又好了": it comes back by itself
        if self._crowd is not None:
            crowd, reach = self._crowd
            if crowd.search(re.split(f"[{_CLAUSE_ENDS}]", text[max(0, start - reach):start])[-1]):
                return True  # "人太多了手机上不了网": congestion
        ahead = match.group() if windowed else text[max(0, start - window):start]
        ahead = re.split(f"[{_CLAUSE_ENDS}]", ahead)[-1]
        behind = re.split(f"[{_CLAUSE_ENDS}]", text[end:end + window])[0]
        return before.search(ahead) is not None or after.search(behind) is not None

    def _amounts_after(self, text: str, demands: list[CueSpan]) -> list[tuple[str, float]]:
        """Each demand's word with the amount named within the lexicon's window after it ("要求赔偿两千元",
        "要求退回两千块预存款": a refund, which ``amount.after`` keeps from the rules' amount)."""
        amounts = []
        for h in demands:
            m = self._amount.search(text, h.end, h.end + self.lexicon.amount.window)
            if m and self._settled is not None and _followed(self._settled, text, m.end(),
                                                             self.lexicon.amount.settled_reach):
                continue  # "赔付的钱1500元已经收到了"
            value = parse_amount(m.group(1) or m.group(2)) if m else None
            if value is not None:
                amounts.append((h.term, value))
        return amounts


def _clauses(text: str) -> list[str]:
    """The clauses of ``text`` that say something; not an intake line, a label and a masked value ("电话<PHONE>")."""
    return [c for c in re.split(f"[{_CLAUSE_ENDS}]", text)
            if c.strip() and not (_MASKED.search(c) and len(_LABEL_ONLY.sub("", c)) <= _LABEL_CHARS)]


def _sentence_around(text: str, match: re.Match[str], reach: int) -> tuple[str, str]:
    """The text within ``reach`` characters before and after ``match``, cut at its sentence's ends."""
    start, end = match.span()
    return (re.split(f"[{_SENTENCE_ENDS}]", text[max(0, start - reach):start])[-1],
            re.split(f"[{_SENTENCE_ENDS}]", text[end:end + reach])[0])


def _preceded(words: re.Pattern[str], text: str, start: int, window: int, *, clause: bool = False) -> bool:
    """Whether one of ``words`` stands within ``window`` characters before ``start`` (and, with
    ``clause``, in the same clause): a negation before a demand, a doubt before an incident."""
    before = text[max(0, start - window):start]
    if clause:
        before = re.split(f"[{_CLAUSE_ENDS}]", before)[-1]
    return words.search(before) is not None


def _bounds(text: str, start: int, end: int, ends: str) -> tuple[int, int]:
    """The start and end of the stretch around ``text[start:end]`` that none of ``ends`` breaks (its clause or
    sentence)."""
    before = max((text.rfind(c, 0, start) for c in ends), default=-1) + 1
    after = min((i for i in (text.find(c, end) for c in ends) if i >= 0), default=len(text))
    return before, after


def _followed(words: re.Pattern[str], text: str, end: int, window: int) -> bool:
    """Whether one of ``words`` stands within ``window`` characters after ``end``, in the same clause:
    a rule asked about after an outage ("断网是学校规定的吗")."""
    after = re.split(f"[{_CLAUSE_ENDS}]", text[end:end + window])[0]
    return words.search(after) is not None


@lru_cache(maxsize=1)
def default_extractor() -> CueExtractor:
    """Returns the process-wide extractor over the shipped lexicon."""
    return CueExtractor()
