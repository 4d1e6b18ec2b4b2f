"""Everyday texts a centre hears, graded one by one: the reading behind cues-2026.12.27 … .31.

Questions, requests, thanks and announcements that hold an outage, security or escalation
word, as intake systems send them (README, "The policy layer"). Unlabelled on purpose: none
of them is a complaint of level 3, so every leadership alert and every level 3 among them is
worth a person's reading. Prints each decision (level, review, alert, rules) and the counts.

    .venv/bin/python benchmarks/everyday_texts.py                 # the shipped lexicon
    .venv/bin/python benchmarks/everyday_texts.py --lexicon 1559ca4   # the lexicon of a commit

With ``--lexicon REV`` a starter-data bundle is trained with that commit's cues.yaml (the
code is today's: what the lexicon file says, read by today's matcher). Ten seconds on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._shared import ROOT, lexicon_at, publish  # noqa: E402
from models.grader import Grader  # noqa: E402
from pipeline.errors import TousuError  # noqa: E402
from pipeline.policy import load_policy  # noqa: E402
from tousu.grading import classify_texts  # noqa: E402
from training.config import TrainConfig  # noqa: E402
from training.data import load_labelled  # noqa: E402
from training.train import train  # noqa: E402

STARTER = ROOT / "training" / "data" / "starter.jsonl"
MONDAY = dt.datetime(2026, 11, 30, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))

# None of these is a level-3 complaint: questions, requests, a lost phone, praise, announcements
TEXTS = (
    # questions and requests that name an outage or a suspension
    "我想把家里的宽带停了，怎么办理", "我想注销家里的宽带，怎么办理", "如果宽带断了应该打哪个电话",
    "万一手机停机了怎么办", "我收到一条短信说我的号码要被停机，是真的吗", "听说明天小区要停网维修，是几点到几点",
    "你们的通知说今晚12点到2点断网升级，会影响多久", "手机丢了，想办理停机，需要带什么", "手机丢了怎么办停机",
    "我想申请停机，出国半年", "出国半年，想暂停宽带服务", "帮我停一下宽带，我要搬家了", "请问宽带暂停以后还收月租吗",
    "宽带到期了会自动停吗", "请问多久没交话费会停机", "请问欠费多少会停机", "停机以后还能收到短信吗",
    "我想问问停机保号一个月多少钱",
    # questions that name security, the police, the media or a regulator
    "我想了解一下你们的隐私政策，我的信息会不会被泄露", "怎样才能知道我的身份证下有几张卡",
    "我想查一下我名下有没有别人办的卡", "请问怎么修改宽带密码，怕被别人蹭网", "手机被偷了，已经报警了，想补办一张卡",
    "请问报警电话是多少", "我是记者，想采访一下你们的5G建设情况", "我在抖音上看到你们的优惠活动，怎么参加",
    "我老公用我的身份证办了一张卡，我想注销", "孩子把我的手机号绑定了游戏账号，怎么解绑",
    "我想要一份通话详单，怎么打印", "我想问问你们的隐私条款里写的个人信息会给第三方吗",
    "请问如何设置才能不被别人查到我的位置", "请问欠费停机后号码会被回收吗", "号码注销多久会被重新放出来",
    "我是律师，想咨询一下企业专线的合同条款", "请问你们的工信部备案号是多少",
    "我想了解一下12315和你们的投诉渠道有什么区别", "请问可以公开查询你们的服务质量报告吗",
    # thanks, praise and matters settled
    "你们的客服小王服务非常好，我要表扬她", "非常感谢你们的师傅，大晚上还来帮我修宽带", "我对这次的处理结果非常满意",
    "我上次投诉的问题已经解决了，谢谢", "之前的费用问题已经退款了，不用再处理了", "我没有要求赔偿，只是希望以后注意",
    "我本来很生气，但是你们的师傅解释得很清楚，现在没事了", "宽带以前经常断，现在换了光猫已经好了，谢谢",
    "想给你们提个建议，APP的字体能不能调大一点", "我不会去投诉的，只是想问问这个月账单的问题",
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lexicon", metavar="REV", help="grade with the cues.yaml of this git commit")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        try:
            lexicon = lexicon_at(args.lexicon, tmp / "cues.yaml") if args.lexicon else None
        except (OSError, subprocess.CalledProcessError):
            raise SystemExit(f"no cues.yaml at git commit {args.lexicon!r}") from None
        data = load_labelled(STARTER)
        bundle, _ = train(data.records, tmp / "bundle", config=TrainConfig(), data_sha256=data.sha256,
                          lexicon_path=lexicon)
        results = classify_texts(Grader(bundle), load_policy(), TEXTS, received_at=MONDAY)
    rows = []
    for text, r in zip(TEXTS, results, strict=True):
        if isinstance(r, TousuError):
            raise SystemExit(f"could not grade {text!r}: {r}")
        rows.append({"text": text, "level": r.level, "needs_review": r.needs_review,
                     "notify_leadership": r.notify_leadership, "rules": [x.id for x in r.rules]})
        print(r.level, "R" if r.needs_review else " ", "A" if r.notify_leadership else " ",
              ",".join(x.id for x in r.rules) or "-", text, file=sys.stderr)
    publish({"lexicon": args.lexicon or "shipped", "n": len(rows),
             "alerts": [r["text"] for r in rows if r["notify_leadership"]],
             "level_3": [r["text"] for r in rows if r["level"] == 3],
             "rows": rows}, args.json, echo=False)
    print({"n": len(rows), "alerts": sum(r["notify_leadership"] for r in rows),
           "level_3": sum(r["level"] == 3 for r in rows)})


if __name__ == "__main__":
    main()
