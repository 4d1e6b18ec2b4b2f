"""Writes ``training/data/starter.jsonl``: the project's own starter training set.

Every sentence fragment below was written for tousu from scratch, in the style of
telecom work orders; none is taken or paraphrased from a licensed corpus. The set is
small and regular: it lets a fresh clone run a working default model, not a good one.
Real deployments retrain on their own resolved tickets (``tousu train`` / ``retrain``).

Labels follow the grading guideline: level 3 when the service is interrupted, security
is at stake, data is lost, the user is agitated or the complaint is escalating; level 1
when the impact is minor, the user calm and nothing is demanded; level 2 otherwise.

Run ``python -m training.make_starter`` to regenerate (deterministic).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

# (category, impact, problem description); {n} is replaced by a number, {m} by a month
PROBLEMS: list[tuple[str, str, str]] = [
    # 网络问题 is the mobile network (signal, coverage, calls, mobile data); a fixed line
    # (home broadband, 专线, 光猫, 座机) that fails is 业务使用问题 and a change to it is
    # 业务办理问题, as in the operator's own work orders (README, "The policy layer")
    ("业务使用问题", "interrupted", "家里的宽带从前天晚上开始完全上不了网，光猫红灯一直闪"),
    ("网络问题", "interrupted", "所在小区手机突然没有信号，无法拨打和接听电话已经{n}个小时"),
    ("业务使用问题", "interrupted", "公司的集团专线中断，收银系统整个瘫痪，门店无法营业"),
    ("业务使用问题", "degraded", "晚上八点以后宽带网速特别慢，看视频一直卡顿"),
    ("网络问题", "degraded", "在地下车库信号很弱，通话经常断断续续"),
    ("网络问题", "degraded", "4G网络时好时坏，微信语音经常掉线"),
    ("网络问题", "minor", "想了解家附近的5G基站什么时候开通"),
    ("业务使用问题", "minor", "询问宽带测速网站显示的速率和签约速率为什么略有差别"),
    # 费用问题
    ("费用问题", "degraded", "本月话费比平时多扣了{n}元，详单里有看不懂的流量费"),
    ("费用问题", "degraded", "已经取消的彩铃功能费这个月还在扣"),
    ("费用问题", "degraded", "套餐外通话费按每分钟三毛收取，和办理时说的不一样"),
    ("费用问题", "interrupted", "预存的话费莫名其妙被扣光，号码因欠费停机，现在打不出电话"),
    ("费用问题", "minor", "想知道{m}月账单里的月租费是怎么计算的"),
    ("费用问题", "minor", "申请开具电子发票，但不清楚在哪里下载"),
    ("费用问题", "degraded", "充值{n}元后到账金额少了一部分，查不到原因"),
    # 不知情定制问题
    ("不知情定制问题", "degraded", "手机里被开通了视频会员包，自己从来没有订购过，每月扣费{n}元"),
    ("不知情定制问题", "degraded", "查询发现名下有一个手机报业务，自己并不知情"),
    ("不知情定制问题", "degraded", "莫名其妙多了一个流量包，没有收到任何确认短信"),
    ("不知情定制问题", "minor", "看到短信说开通了一个免费体验业务，想确认到期后会不会收费"),
    ("不知情定制问题", "degraded", "老人的手机被定制了游戏点播业务，老人根本不会玩游戏"),
    # 营销活动问题
    ("营销活动问题", "degraded", "参加存费送手机活动，说好的每月返还话费一直没有到账"),
    ("营销活动问题", "degraded", "办理宽带送电视活动时承诺免费安装机顶盒，现在却要收安装费"),
    ("营销活动问题", "minor", "想问一下合约期内能不能把套餐改成更便宜的档位"),
    ("营销活动问题", "degraded", "营业员推荐的优惠活动到期后自动续约，事先没有提醒"),
    ("营销活动问题", "minor", "咨询积分兑换流量的活动还有没有名额"),
    # 业务办理问题
    ("业务办理问题", "degraded", "去营业厅办理携号转网，工作人员一直说系统不支持，跑了三趟都办不了"),
    ("业务办理问题", "degraded", "申请销户被要求先交清违约金，但合约早就到期了"),
    ("业务办理问题", "minor", "想把套餐里的副卡换成另一个家人的号码，不知道需要带什么材料"),
    ("业务办理问题", "minor", "补办发票时营业厅说要服务密码，问能不能用身份证代替"),
    ("业务办理问题", "degraded", "宽带移机申请提交{n}天了还没有人上门，流程太繁琐"),
    ("业务办理问题", "interrupted", "办理过户后号码被错误停机，已经{n}天无法使用"),
    # 业务使用问题
    ("业务使用问题", "degraded", "手机营业厅APP登录后总是提示系统繁忙，查不了余额"),
    ("业务使用问题", "minor", "APP里的流量显示和短信提醒的数字对不上，想了解以哪个为准"),
    ("业务使用问题", "interrupted", "开通的国际漫游在国外完全用不了，手机一直显示无服务"),
    ("业务使用问题", "degraded", "呼叫转移设置后有时候不生效，重要电话接不到"),
    ("业务使用问题", "data_loss", "更换新卡后云盘里存的通讯录和照片全部丢失了"),
    ("业务使用问题", "minor", "短信提示语里的业务名称看不明白，希望写清楚一点"),
    # 信息安全问题
    ("信息安全问题", "security", "号码被他人冒名补卡，银行卡里的钱被转走了{n}元"),
    ("信息安全问题", "security", "每天接到几十个骚扰电话，怀疑个人信息被泄露"),  # a leak: an incident
    ("信息安全问题", "harassment", "手机被人用呼死你软件连续呼叫，根本没法正常使用"),
    ("信息安全问题", "security", "收到冒充客服的诈骗短信，说积分可以兑换现金"),
    ("信息安全问题", "degraded", "经常收到推销贷款的垃圾短信，希望帮忙屏蔽"),
    ("信息安全问题", "minor", "想了解怎样开通防骚扰拦截功能"),
    # 服务问题
    ("服务问题", "degraded", "营业厅工作人员态度很差，办理业务时一直在玩手机"),
    ("服务问题", "degraded", "约好的装维师傅没有上门，也没有提前打电话通知"),
    ("服务问题", "degraded", "拨打客服热线排队{n}分钟都没有人接听"),
    ("服务问题", "minor", "营业厅的排队叫号屏显示的号码不准确"),
    ("服务问题", "degraded", "上次投诉后承诺三天内回电，到现在都没有人联系"),
    ("服务问题", "minor", "建议营业厅延长周末的营业时间"),
    # in the user's own words: the regulation's examples as a complainant writes them
    ("业务使用问题", "interrupted", "我家宽带这几天彻底断网了，报修好几次也没修好"),
    ("业务使用问题", "interrupted", "宽带已经停了好多天，家里一直没有网用"),
    ("网络问题", "degraded", "最近晚上上网特别卡，打游戏延迟很高"),
    ("业务办理问题", "minor", "想问问我家的宽带能不能升级到千兆"),
    ("业务使用问题", "minor", "手机营业厅的页面排版乱了，有些按钮显示不全"),
    ("业务使用问题", "minor", "APP里的操作说明看不明白，不知道下一步怎么设置"),
    ("业务使用问题", "data_loss", "手机备份到云端的数据突然全没了，联系人和照片都找不到"),
    ("业务使用问题", "degraded", "APP里好几个功能点了没反应，没法正常用"),
    ("信息安全问题", "security", "有人拿我的身份信息在营业厅冒名开了新号码"),
    ("信息安全问题", "security", "营业员私自把我的号码过户到别人名下"),
    ("信息安全问题", "security", "注销的号码被重新放号给别人用了，我的账号还绑在上面"),
    ("信息安全问题", "harassment", "最近总有陌生号码打电话骚扰我，一天好几个"),
    ("信息安全问题", "minor", "想知道手机怎么设置拦截陌生来电"),
    ("服务问题", "degraded", "打你们的客服电话总是占线，排了半天队也没人接"),
    ("服务问题", "degraded", "投诉以后一直没人回复，说好的时间也没联系我"),
    ("服务问题", "minor", "建议营业厅多开几个办理窗口"),
    ("费用问题", "degraded", "话费账单里多了几笔说不清的费用，要求说明并退还"),
    ("费用问题", "minor", "想问一下套餐里的流量是怎么计费的"),
    ("费用问题", "degraded", "这个月宽带费突然涨价，事先没有任何通知"),
    ("费用问题", "degraded", "话费连着几个月被乱扣，每次问都说不清楚"),
    ("业务使用问题", "minor", "APP里有个设置页面的提示写得不清楚，不知道该选哪一项"),
    ("业务办理问题", "degraded", "去营业厅改个套餐要排队两个小时，还要填一堆表，手续太麻烦"),
    ("业务办理问题", "minor", "想问问办理副卡需要带什么证件"),
    ("营销活动问题", "degraded", "办活动时说送的话费到现在也没到账"),
    ("不知情定制问题", "degraded", "手机里多了几个我没订过的收费业务，每个月都在扣钱"),
    # more of the user's own words (2026-12-01): what the default model confused on
    # held-out user complaints (user_wording.jsonl, held_out_2), written afresh, not copied
    ("业务使用问题", "interrupted", "我们店里的网从中午开始就断了，刷卡机和收银都用不了"),
    ("业务使用问题", "minor", "公众号里的菜单名字看不懂，找一个查话费的入口找了好久"),
    ("业务使用问题", "minor", "电视机顶盒的遥控器不会用，说明书写得太简单了"),
    ("业务使用问题", "minor", "提醒短信里写的日期好像不对，是不是系统写错了"),
    ("业务使用问题", "degraded", "登录的时候短信验证码老是收不到，要重发好几遍"),
    ("业务使用问题", "degraded", "手机上的来电显示功能突然没了，打进来的电话都不显示号码"),
    ("业务办理问题", "minor", "出国之前要怎么开通国际漫游，需要去营业厅吗"),
    ("业务办理问题", "data_loss", "营业厅给我换卡时操作错了，卡里存的联系人全部丢失"),
    ("业务办理问题", "degraded", "网上申请的停机保号一直显示审核中，打电话问也说不清楚"),
    ("费用问题", "minor", "开发票的时候公司名称要怎么填，能不能开专票"),
    ("费用问题", "degraded", "套餐里的流量明明还剩很多，却说我超出了，多收了钱"),
    ("费用问题", "interrupted", "我按时交了话费，号码还是被停了，现在电话打不出去"),
    ("营销活动问题", "minor", "参加活动送的流量什么时候过期，活动页面上没写"),
    ("营销活动问题", "degraded", "老用户每月减免的优惠说好了有，这几个月一分都没减"),
    ("营销活动问题", "minor", "想问问现在有没有宽带续费的优惠活动"),
    ("不知情定制问题", "degraded", "我从没开过彩铃，账单上却每个月都有彩铃功能费"),
    ("不知情定制问题", "degraded", "短信通知我开通了一个音乐包，我根本没有点过"),
    ("不知情定制问题", "minor", "收到短信说给我开了个免费试用的会员，我想现在就退掉"),
    ("服务问题", "minor", "营业厅实际开门的时间比门口写的晚了半个小时"),
    ("服务问题", "degraded", "上门装机的师傅把我家墙弄坏了，走的时候也没收拾"),
    ("服务问题", "degraded", "客服在电话里对我说话很冲，还先挂了我电话"),
    ("服务问题", "degraded", "我反映的问题到现在都没人给答复，一拖再拖"),
    ("服务问题", "minor", "希望客服的语音菜单能简单一点，按了好几层才转到人工"),
    ("信息安全问题", "security", "我从来没办过，名下却冒出来两张手机卡，还欠着费"),
    ("信息安全问题", "harassment", "一天能收到十几条推销短信，退订了也没用"),
    # the mobile network in the user's own words (2026-12-01), written when the fixed-line
    # descriptions above moved to 业务使用问题, so that 网络问题 keeps as many; the last one
    # after the default model called the conformance suite's area outage (reg-034) 业务使用问题
    ("网络问题", "degraded", "手机4G上网特别慢，网页半天打不开，换了地方也一样"),
    ("网络问题", "interrupted", "这两天整条街的手机都显示无服务，打不了电话也上不了网"),
    ("网络问题", "degraded", "家里手机信号只有一格，打电话对方总说听不清"),
    ("网络问题", "degraded", "坐地铁的时候手机经常没信号，微信消息发不出去"),
    ("网络问题", "minor", "想知道新开通的高铁线路上什么时候能有稳定的手机信号"),
    ("网络问题", "degraded", "一到下雨天手机信号就变差，通话老是自动挂断"),
    ("网络问题", "interrupted", "整个小区的手机都上不了网，电话也打不出去，周围的邻居都一样"),
    # polite questions in a user's words (2026-12-01, after the default model graded such
    # questions of the conformance file's held_out_5 rows level 2): a question is level 1
    # while the user is calm, and level 2 or 3 when the same words come with anger or a threat
    ("费用问题", "minor", "请问账单上的“其他费用”一栏指的是哪些钱，能帮我解释一下吗"),
    ("业务办理问题", "minor", "麻烦帮我查一下我的合约什么时候到期，到期以后套餐会不会变"),
    ("营销活动问题", "minor", "请问这个月的充值优惠我能不能参加，帮我确认一下"),
    ("业务使用问题", "minor", "请问APP里的剩余流量多久更新一次，和实际用的好像差一点"),
]

OPENINGS = ["客户来电反映", "用户致电称", "客户在线客服反映", "用户发邮件投诉", "客户在论坛发帖称",
            "用户到营业厅反映", "客户通过热线反映", "用户留言称",
            # complainants writing themselves (online form, e-mail, forum)
            "", "你好，", "我要投诉，", "麻烦处理一下，"]
CONTACTS = ["", "", "，联系电话{phone}", "，宽带账号：js{acct}", "，回访号码{phone}"]
EMOTION = {
    0: ["", "，客户语气平和", "，希望尽快处理"],
    1: ["，客户对此不满，要求给予合理解释", "，用户表示不认可之前的答复", "，客户对处理进度表示不满意"],
    2: ["，客户情绪激动，强烈不满", "，用户非常气愤，表示已经多次反映仍未解决", "，客户强烈要求马上解决"],
}
ESCALATION = ["，表示如果不解决就向工信部投诉", "，扬言要找媒体曝光", "，称已经打了12315",
              "，表示要通过律师起诉", "，此前已通过服务质量监督电话申诉"]
COMPENSATION = ["，要求退还多扣的费用", "，要求赔偿损失{n}元", "，要求工作人员当面道歉",
                "，要求补偿一个月的月租"]
CLOSINGS = ["，请处理。", "，请核实处理，谢谢。", "。", "，请尽快回复。"]


def severity(impact: str, emotion: int, escalation: int, compensation: int) -> int:
    """Grades a starter example by the guideline's rules.

    Harassment is a security impact for the guideline but none of its level-3 incidents:
    it is graded like any other flaw of the service.
    """
    if impact in ("interrupted", "security", "data_loss") or emotion == 2 or escalation:
        return 3
    if impact == "minor" and emotion == 0 and not compensation:
        return 1
    return 2


def generate(n_per_problem: int = 8, seed: int = 20261128) -> list[dict[str, object]]:
    """Returns the starter records, deterministic for a seed."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    for category, impact, problem in PROBLEMS:
        for k in range(n_per_problem):
            emotion = [0, 0, 1, 1, 2, 0, 1, 2][k] if impact != "minor" else [0, 0, 0, 0, 1, 0, 1, 2][k]
            escalation = int(k == 7 or (k == 5 and impact != "minor"))
            compensation = int(impact not in ("minor",) and k in (3, 6))
            text = rng.choice(OPENINGS) + problem.format(n=rng.randint(2, 300), m=rng.randint(1, 12))
            text += rng.choice(CONTACTS).format(phone=f"1{rng.randint(3, 9)}{rng.randint(0, 10**9 - 1):09d}",
                                                acct=rng.randint(10**7, 10**8 - 1))
            text += rng.choice(EMOTION[emotion])
            if compensation:
                text += rng.choice(COMPENSATION).format(n=rng.choice([50, 100, 200, 500, "三百"]))
            if escalation:
                text += rng.choice(ESCALATION)
            text += rng.choice(CLOSINGS)
            text = text.replace("，，", "，").replace("，。", "。")
            if text in seen:
                continue
            seen.add(text)
            rows.append({
                "id": f"starter-{len(rows) + 1}", "text": text, "category": category,
                "severity": severity(impact, emotion, escalation, compensation),
                "emotion": emotion, "escalation": escalation, "compensation": compensation,
                "impact": "security" if impact == "harassment" else impact,
            })
    rng.shuffle(rows)
    return rows


def main() -> None:
    out = Path(__file__).parent / "data" / "starter.jsonl"
    rows = generate()
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} records to {out}")


if __name__ == "__main__":
    main()
