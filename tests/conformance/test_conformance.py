"""The regulation's own definitions, graded: the shipped default model gets every one right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.data import load_labelled
from training.evaluate import grade_records

SUITE = Path(__file__).with_name("regulation.jsonl")


def _wrong(grader, policy):
    records, graded, failures = grade_records(grader, policy, load_labelled(SUITE).records)
    assert failures == []
    return [(r["id"], r["text"], (r["severity"], r["category"]), (g.level, g.category))
            for r, g in zip(records, graded, strict=True) if (g.level, g.category) != (r["severity"], r["category"])]


def test_conformance_suite_is_the_documented_size_and_mix():
    rows = [json.loads(line) for line in SUITE.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 60
    assert {r["variant"] for r in rows} == {"simplified", "traditional", "contact_line"}
    assert {r["severity"] for r in rows} == {1, 2, 3}


def test_conformance_the_default_model_grades_every_complaint_as_the_regulation_does(grader, policy):
    assert _wrong(grader, policy) == []


@pytest.mark.slow
@pytest.mark.shared_data
def test_conformance_a_model_trained_on_the_shared_data(cocc_train, starter_records, tmp_path, policy):
    """Trained as `tousu retrain` trains: the agents' work orders plus the project's base data.

    Every complaint graded right since the suite and the base data follow the operator's own
    use of the categories (2026-12-01): a fixed line that fails (home broadband, 专线) is
    业务使用问题, 网络问题 the mobile network. Before, the base data called broadband 网络问题
    and the work orders never did, and this model got three categories wrong.
    """
    from models.grader import Grader
    from training.config import TrainConfig
    from training.data import load_labelled as load
    from training.train import train

    records = load(cocc_train).records + starter_records
    bundle, _ = train(records, tmp_path / "b", config=TrainConfig(), data_sha256="conformance")
    wrong = _wrong(Grader(bundle), policy)
    assert wrong == []


WORDING = Path(__file__).with_name("user_wording.jsonl")


def test_user_wording_the_default_model_against_complaints_written_as_users_write(grader, policy):
    """The regulation's examples of each level in a user's words (README, "The policy layer").

    Each group of rows (`variant`) was written before any of its grades was read; rows whose
    first grade led to a change of the lexicon or the policy are `used_for_the_change`. Which
    row led to which change, and each group's first reading, are in tests/conformance/README.md.
    The thresholds are the measured figures: a change that loses a right grade fails here.
    No level-3 complaint may be graded lower without review, and no complaint below level 3 may
    alert the leadership group, but zy5 of `held_out_21`, whose label disagrees with v15's, us24 of `held_out_156`,
    uk29 of `held_out_162`, uf24 of `held_out_167`, ub27 of `held_out_171` and tl21 of `held_out_187` (a charge by
    malware the lexicon cannot tell from a subscription unwanted, a replacement asked with its price apart, a leak told
    only by what followed it, money taken by someone who vanished, a crossed line told by what was heard), and yu19 of
    `held_out_51`, xo17 of `held_out_82` and sx7 and sx15 of `held_out_201`, whose labels disagree with the shared work
    orders', and one each of `held_out_83`, `held_out_86`, `held_out_124`, `held_out_188`, `held_out_194` and
    `held_out_201` and two of `held_out_97` and `held_out_204` that the lexicon cannot tell (a parent's setting gone
    wrong, twice, a busy line, a theft supposed in a question of cover, a span of clock times, a card swapped by staff,
    a spot without coverage, a card opened by a husband, the user accused of a fraud, one computer's fault, in
    `held_out_208`, five outage words in questions, in `held_out_209`, a tip of impersonators seen and the company's
    own post, in `held_out_210`, an outage supposed after 比如, in `held_out_211`, the company's post and two
    outages told as past, in `held_out_218`, a case against someone else and the regulator's line, in
    `held_out_220`, a month named, in `held_out_223`, and a month named, two outages of the last days told as over
    and a line down labelled 2, in `held_out_225`, and a neighbour's line, a shop's system and an outage said not
    to matter, in `held_out_226`), and two of `held_out_191` and
    one each of `held_out_211`, `held_out_213`, `held_out_216` and `held_out_217` whose labels disagree with the
    lexicon's reading of an outage (and with the guideline's level 3 for a service fully unusable or a number
    suspended).
    """
    variant = {row["id"]: row["variant"] for row in map(json.loads, WORDING.read_text(encoding="utf-8").splitlines())}
    records, graded, failures = grade_records(grader, policy, load_labelled(WORDING).records)
    assert failures == []
    size = {"used_for_the_change": 930, "held_out": 9, "held_out_3": 24, "held_out_4": 16, "held_out_5": 24,
            "held_out_6": 21, "held_out_7": 14, "held_out_8": 21, "held_out_9": 12, "held_out_10": 11,
            "held_out_11": 20, "held_out_12": 17, "held_out_13": 19, "held_out_14": 16, "held_out_15": 12,
            "held_out_16": 7, "held_out_17": 24, "held_out_18": 25, "held_out_19": 26, "held_out_20": 25,
            "held_out_21": 25, "held_out_22": 27, "held_out_23": 27, "held_out_24": 25, "held_out_25": 27,
            "held_out_26": 22, "held_out_27": 23, "held_out_28": 18, "held_out_29": 28, "held_out_30": 26,
            "held_out_31": 25, "held_out_32": 19, "held_out_33": 27, "held_out_35": 25, "held_out_36": 17,
            "held_out_37": 26, "held_out_38": 24, "held_out_39": 26, "held_out_40": 23, "held_out_41": 27,
            "held_out_42": 29, "held_out_43": 28, "held_out_44": 28, "held_out_45": 28, "held_out_46": 23,
            "held_out_47": 21, "held_out_48": 28, "held_out_49": 29, "held_out_50": 27, "held_out_51": 26,
            "held_out_52": 28, "held_out_53": 25, "held_out_54": 25, "held_out_55": 26, "held_out_56": 27,
            "held_out_57": 24, "held_out_58": 25, "held_out_59": 27, "held_out_60": 26, "held_out_61": 25,
            "held_out_62": 23, "held_out_63": 29, "held_out_64": 28, "held_out_66": 28, "held_out_67": 28,
            "held_out_68": 26, "held_out_69": 20, "held_out_70": 28, "held_out_71": 26, "held_out_72": 25,
            "held_out_73": 25, "held_out_74": 28, "held_out_75": 24, "held_out_76": 24, "held_out_77": 30,
            "held_out_78": 25, "held_out_79": 26, "held_out_80": 24, "held_out_81": 29, "held_out_82": 24,
            "held_out_83": 25, "held_out_84": 21, "held_out_85": 24, "held_out_86": 28, "held_out_87": 22,
            "held_out_88": 29, "held_out_89": 28, "held_out_90": 29, "held_out_91": 28, "held_out_92": 26,
            "held_out_93": 28, "held_out_94": 29, "held_out_95": 27, "held_out_96": 28, "held_out_97": 28,
            "held_out_98": 29, "held_out_99": 27, "held_out_100": 26, "held_out_101": 26, "held_out_102": 28,
            "held_out_103": 30, "held_out_104": 19, "held_out_105": 26, "held_out_106": 29, "held_out_107": 29,
            "held_out_108": 27, "held_out_109": 27, "held_out_110": 28, "held_out_111": 29, "held_out_112": 27,
            "held_out_113": 26, "held_out_114": 29, "held_out_115": 29, "held_out_116": 30, "held_out_117": 28,
            "held_out_118": 30, "held_out_119": 19, "held_out_120": 29, "held_out_121": 29, "held_out_122": 29,
            "held_out_123": 27, "held_out_124": 27, "held_out_125": 29, "held_out_126": 29, "held_out_127": 28,
            "held_out_128": 23, "held_out_129": 28, "held_out_130": 29, "held_out_131": 26, "held_out_132": 30,
            "held_out_133": 29, "held_out_134": 28, "held_out_135": 29, "held_out_136": 28, "held_out_137": 27,
            "held_out_138": 28, "held_out_139": 27, "held_out_140": 24, "held_out_141": 28, "held_out_142": 30,
            "held_out_143": 24, "held_out_144": 28, "held_out_145": 29, "held_out_146": 24, "held_out_147": 28,
            "held_out_148": 29, "held_out_149": 29, "held_out_150": 25, "held_out_151": 30, "held_out_152": 30,
            "held_out_153": 28, "held_out_154": 30, "held_out_155": 27, "held_out_156": 29, "held_out_157": 28,
            "held_out_158": 29, "held_out_159": 24, "held_out_160": 29, "held_out_161": 26, "held_out_162": 29,
            "held_out_163": 27, "held_out_164": 26, "held_out_165": 29, "held_out_166": 25, "held_out_167": 29,
            "held_out_168": 22, "held_out_169": 29, "held_out_170": 25, "held_out_171": 29, "held_out_172": 27,
            "held_out_173": 22, "held_out_174": 30, "held_out_175": 26, "held_out_176": 29, "held_out_177": 30,
            "held_out_178": 29, "held_out_179": 25, "held_out_180": 24, "held_out_181": 27, "held_out_182": 28,
            "held_out_183": 24, "held_out_184": 29, "held_out_185": 19, "held_out_186": 26, "held_out_187": 26,
            "held_out_188": 19, "held_out_189": 22, "held_out_190": 26, "held_out_191": 25, "held_out_192": 25,
            "held_out_193": 26, "held_out_194": 26, "held_out_195": 30, "held_out_196": 27, "held_out_197": 26,
            "held_out_198": 25, "held_out_199": 25, "held_out_200": 26, "held_out_201": 14, "held_out_202": 30,
            "held_out_203": 29, "held_out_204": 15, "held_out_205": 27, "held_out_206": 20, "held_out_207": 26,
            "held_out_208": 16, "held_out_209": 22, "held_out_210": 22, "held_out_211": 24, "held_out_212": 25,
            "held_out_213": 28, "held_out_214": 27, "held_out_215": 24, "held_out_216": 27, "held_out_217": 29,
            "held_out_218": 24, "held_out_219": 16, "held_out_220": 22, "held_out_221": 26, "held_out_222": 29,
            "held_out_223": 17, "held_out_224": 28, "held_out_225": 26, "held_out_226": 25}
    right: dict[str, list[bool]] = {v: [] for v in size}
    category_right: dict[str, list[bool]] = {v: [] for v in size}
    for r, g in zip(records, graded, strict=True):
        right[variant[r["id"]]].append(g.level == r["severity"])
        category_right[variant[r["id"]]].append(g.category == r["category"])
    assert {v: len(rows) for v, rows in right.items()} == size
    # the least levels and categories right in each group: the measured figures
    least: dict[str, tuple[int, int | None]] = {
        "used_for_the_change": (777, None), "held_out": (9, None),
        "held_out_3": (22, 20), "held_out_4": (16, 12), "held_out_5": (24, 20), "held_out_6": (21, 17),
        "held_out_7": (14, 10), "held_out_8": (21, 17), "held_out_9": (12, 12), "held_out_10": (11, 9),
        "held_out_11": (20, 19), "held_out_12": (17, 15), "held_out_13": (18, 15), "held_out_14": (16, 11),
        "held_out_15": (11, 7), "held_out_16": (6, 4), "held_out_17": (22, 19), "held_out_18": (24, 19),
        "held_out_19": (21, 20), "held_out_20": (23, 17), "held_out_21": (21, 13), "held_out_22": (23, 18),
        "held_out_23": (25, 21), "held_out_24": (22, 19), "held_out_25": (23, 20), "held_out_26": (20, 16),
        "held_out_27": (19, 15), "held_out_28": (17, 14), "held_out_29": (26, 23), "held_out_30": (24, 23),
        "held_out_31": (16, 17), "held_out_32": (17, 15), "held_out_33": (25, 17), "held_out_35": (21, 19),
        "held_out_36": (16, 13), "held_out_37": (22, 17), "held_out_38": (17, 17), "held_out_39": (24, 18),
        "held_out_40": (22, 17), "held_out_41": (23, 13), "held_out_42": (24, 17), "held_out_43": (24, 21),
        "held_out_44": (28, 19), "held_out_45": (23, 11), "held_out_46": (22, 16), "held_out_47": (14, 14),
        "held_out_48": (23, 22), "held_out_49": (22, 18), "held_out_50": (24, 17), "held_out_51": (22, 9),
        "held_out_52": (25, 17), "held_out_53": (21, 18), "held_out_54": (23, 17), "held_out_55": (21, 12),
        "held_out_56": (21, 18), "held_out_57": (19, 9), "held_out_58": (21, 17), "held_out_59": (22, 18),
        "held_out_60": (19, 18), "held_out_61": (22, 20), "held_out_62": (21, 9), "held_out_63": (24, 18),
        "held_out_64": (25, 19), "held_out_66": (25, 22), "held_out_67": (23, 19), "held_out_68": (21, 17),
        "held_out_69": (19, 14), "held_out_70": (26, 16), "held_out_71": (24, 15), "held_out_72": (23, 15),
        "held_out_73": (25, 14), "held_out_74": (25, 15), "held_out_75": (22, 13), "held_out_76": (23, 11),
        "held_out_77": (28, 19), "held_out_78": (24, 12), "held_out_79": (23, 14), "held_out_80": (19, 13),
        "held_out_81": (29, 20), "held_out_82": (19, 10), "held_out_83": (22, 16), "held_out_84": (20, 12),
        "held_out_85": (22, 12), "held_out_86": (25, 13), "held_out_87": (22, 17), "held_out_88": (23, 18),
        "held_out_89": (25, 16), "held_out_90": (28, 18), "held_out_91": (24, 20), "held_out_92": (24, 21),
        "held_out_93": (26, 19), "held_out_94": (27, 19), "held_out_95": (25, 23), "held_out_96": (26, 17),
        "held_out_97": (23, 15), "held_out_98": (25, 22), "held_out_99": (24, 18), "held_out_100": (25, 13),
        "held_out_101": (23, 8), "held_out_102": (23, 21), "held_out_103": (26, 18), "held_out_104": (18, 13),
        "held_out_105": (21, 23), "held_out_106": (26, 20), "held_out_107": (24, 17), "held_out_108": (23, 19),
        "held_out_109": (24, 14), "held_out_110": (21, 11), "held_out_111": (22, 19), "held_out_112": (21, 13),
        "held_out_113": (23, 18), "held_out_114": (26, 17), "held_out_115": (27, 23), "held_out_116": (27, 18),
        "held_out_117": (24, 17), "held_out_118": (27, 17), "held_out_119": (16, 10), "held_out_120": (24, 20),
        "held_out_121": (25, 17), "held_out_122": (26, 19), "held_out_123": (22, 15), "held_out_124": (20, 16),
        "held_out_125": (25, 16), "held_out_126": (26, 21), "held_out_127": (21, 16), "held_out_128": (18, 16),
        "held_out_129": (24, 12), "held_out_130": (26, 13), "held_out_131": (22, 12), "held_out_132": (26, 23),
        "held_out_133": (25, 14), "held_out_134": (26, 21), "held_out_135": (25, 20), "held_out_136": (25, 20),
        "held_out_137": (23, 17), "held_out_138": (26, 12), "held_out_139": (25, 18), "held_out_140": (21, 12),
        "held_out_141": (26, 17), "held_out_142": (28, 15), "held_out_143": (18, 14), "held_out_144": (23, 13),
        "held_out_145": (25, 18), "held_out_146": (21, 15), "held_out_147": (22, 14), "held_out_148": (25, 10),
        "held_out_149": (26, 19), "held_out_150": (24, 18), "held_out_151": (23, 23), "held_out_152": (27, 19),
        "held_out_153": (24, 16), "held_out_154": (29, 19), "held_out_155": (25, 15), "held_out_156": (22, 14),
        "held_out_157": (24, 13), "held_out_158": (28, 19), "held_out_159": (22, 14), "held_out_160": (24, 19),
        "held_out_161": (18, 17), "held_out_162": (20, 17), "held_out_163": (25, 17), "held_out_164": (21, 18),
        "held_out_165": (23, 16), "held_out_166": (21, 10), "held_out_167": (28, 13), "held_out_168": (18, 15),
        "held_out_169": (28, 16), "held_out_170": (22, 17), "held_out_171": (23, 17), "held_out_172": (26, 17),
        "held_out_173": (17, 16), "held_out_174": (26, 11), "held_out_175": (22, 14), "held_out_176": (24, 23),
        "held_out_177": (25, 13), "held_out_178": (24, 14), "held_out_179": (19, 17), "held_out_180": (20, 18),
        "held_out_181": (24, 14), "held_out_182": (23, 21), "held_out_183": (22, 14), "held_out_184": (21, 16),
        "held_out_185": (16, 12), "held_out_186": (21, 14), "held_out_187": (20, 15), "held_out_188": (17, 12),
        "held_out_189": (19, 14), "held_out_190": (22, 19), "held_out_191": (20, 15), "held_out_192": (18, 16),
        "held_out_193": (21, 16), "held_out_194": (21, 13), "held_out_195": (25, 14), "held_out_196": (22, 21),
        "held_out_197": (22, 17), "held_out_198": (17, 13), "held_out_199": (23, 18), "held_out_200": (23, 12),
        "held_out_201": (11, 7), "held_out_202": (20, 19), "held_out_203": (23, 19), "held_out_204": (12, 10),
        "held_out_205": (24, 14), "held_out_206": (16, 11), "held_out_207": (23, 6), "held_out_208": (15, 8),
        "held_out_209": (15, 15), "held_out_210": (18, 13), "held_out_211": (19, 12), "held_out_212": (16, 16),
        "held_out_213": (23, 13), "held_out_214": (21, 13), "held_out_215": (16, 14), "held_out_216": (19, 18),
        "held_out_217": (19, 20), "held_out_218": (16, 13), "held_out_219": (11, 9), "held_out_220": (17, 11),
        "held_out_221": (18, 17), "held_out_222": (25, 24), "held_out_223": (11, 6), "held_out_224": (24, 16),
        "held_out_225": (13, 11), "held_out_226": (14, 13)}
    for group, (levels, categories) in least.items():
        assert sum(right[group]) >= levels, group
        assert categories is None or sum(category_right[group]) >= categories, group
    silent_level3 = [r["id"] for r, g in zip(records, graded, strict=True)
                     if r["severity"] == 3 and g.level < 3 and not g.needs_review]
    false_alerts = [r["id"] for r, g in zip(records, graded, strict=True) if r["severity"] < 3 and g.notify_leadership]
    # user-zy5 ("第三次来营业厅", level 3) is left unmended: user-v15 ("已经第三次来营业厅了", level 2)
    # says the opposite, and the lexicon counts calls and visits from the fifth. Left from held_out_156: us24
    # ("卖给我的手机里装了一个软件，偷偷扣了我八百多块话费"), a charge by malware told in words that an unwanted
    # subscription uses too ("偷偷扣了我十块钱", level 2). Left from held_out_162: uk29
    # ("装机师傅把我家的电视摔坏了，要求赔一台新的，八千多"), a replacement asked with its price in
    # the next clause, no amount after a word of compensation. Left from held_out_167: uf24
    # ("整栋楼的住户信息都被你们装维师傅拍了照，现在大家都接到推销电话"), a leak told only by what followed it;
    # 拍了照 as a disclosure would read a real-name check's photograph of an ID as one. Left from held_out_171: ub27
    # ("营业员收了我两千块现金说帮我充值，结果根本没充，人也找不到了"), money taken by someone who then vanished, no
    # word of theft; 人也找不到了 alone is a technician who did not come. Left from held_out_187: tl21
    # ("打电话串线了，我听到了别人在谈银行卡密码…太吓人了"), a crossed line told by what was heard, in the words of
    # one redialled at once (ty17, level 2)
    # Left from held_out_221: sd23 ("定位显示我的手机在外地，可我人一直在本地，是不是号码被人盗用了"), a theft
    # asked as a question (是不是 … 被人盗用了), which the lexicon reads as doubted, with the evidence before it
    # Left from held_out_223: sb15 ("上个月才断过一次网，这个月又断了，已经两天了"), the outage told without a line
    # word after 又断了
    assert set(silent_level3) <= {"user-zy5", "user-us24", "user-uk29", "user-uf24", "user-ub27", "user-tl21",
                                  "user-sd23", "user-sb15"}
    # user-yu19 ("总是收到冒充银行的诈骗短信…", level 2: no loss) alerts, left as it is: the shared work
    # orders that tell of scam calls or texts received are level 3, all six of them (the guideline's fraud);
    # user-xo17 ("上次被诈骗电话骚扰以后我开了防骚扰…", level 2) likewise. Left from held_out_83: xn12 (a parent's
    # setting gone wrong). xn10 ("路由器我自己重置了") and xn17 ("装修工人把我家的网线弄断了") no longer alert since
    # cues-2026.12.109 read the user's own doing (`own_doing`), nor xn11 and xn13 since .103 (`brief_outage`)
    # Left from held_out_86: xk12 ("餐厅的订餐电话经常占线…客人说打了好几次都打不进来"), a busy line read as one down; a
    # count before the term ("好几次都") would read "报修了好几次都上不了网" as unstable
    # Left from held_out_97: wz5 ("“账号安全险”是什么，被盗了真的能赔吗"), a theft supposed in a question of
    # an insurance's cover, said in the clause of the theft; wz12 ("挂失以后补卡…这三天打不了电话"), the wait
    # after the user's own report of a lost phone. Left from held_out_124: vy16 ("晚上八点到十一点家里都没网"), a
    # home line down for a span of clock times, which `brief_outage` does not read
    # Left from held_out_188: tk11 ("手机卡让营业员拿去换了新卡，结果通讯录没导过来"), a card swapped by staff,
    # in the words of one taken by someone ("我的号让人拿去换了卡")
    # Left from held_out_191, whose labels disagree with the lexicon's reading of a day or more down (`brief_outage`'s
    # longer, `repaired` not after 才: "五天才修好" is an outage): th11 ("宽带断了一整天，晚上才修好…") and th15
    # ("座机坏了三天才修好…"), both labelled 2 when written
    # Left from held_out_194: te11 ("给孩子设置的夜间断网白天也生效了…"), a parent's setting gone wrong as xn12's
    # Left from held_out_201: sx1 ("周末去水库钓鱼，那边一点信号都没有…"), a spot without coverage named only as
    # 那边; and sx7 ("接到一个骗子电话，我直接挂了…") and sx15 ("…点进去是个钓鱼网站，幸好我没填信息"), scams that
    # failed, labelled 1 and 2 as yu19 was, against the shared work orders' level 3
    # Left from held_out_208: sq14 ("电脑无法连接你们的WiFi，手机倒是可以…"), a computer's fault, where
    # "电脑连不上网" is the line down. Left from held_out_204: su11 ("我名下多了一张副卡，是我老公上个月办的…"),
    # a card too many opened by the husband, and su17 ("冒名顶替的说法是你们营业员说的…"), the user accused of it,
    # told in the words of an incident
    left = {"user-xn12", "user-xk12", "user-wz5", "user-wz12", "user-vy16", "user-tk11", "user-th11", "user-th15",
            "user-te11", "user-sx1", "user-su11", "user-su17", "user-sq14",
            # Left from held_out_209: outage words in a question of a cause (sp5 "拨号失败是什么原因", sp9
            # "宽带中断的时候…能不能查到原因"), of the user's own phone (sp7), of a fault and its cost (sp14
            # "拨号失败的问题师傅来看了"), of a compensation promised after it (sp13): 是什么原因, 的时候 and 的问题
            # tell real outages as often
            "user-sp5", "user-sp7", "user-sp9", "user-sp13", "user-sp14",
            # Left from held_out_210: so17 ("我在快手上看到有人冒充你们客服卖流量卡…提醒你们一下"), a tip of
            # impersonators seen, in the words of an incident; so18 ("你们的套餐介绍发在小红书上的…"), the company's
            # own post. Left from held_out_211: sn5 ("…比如宽带断了一天能赔多少"), an outage supposed after 比如,
            # which brings in real ones as often; sn4 ("…宽带断了一个星期呢"), a week down labelled 2 when written
            # (as th11, th15); and from held_out_213 sl16 ("宽带断了两天了，你们到底什么时候来修…"), the same; and from
            # held_out_216 si6 ("手机在家里一格信号都没有，打电话必须站到窗户边上…"), no signal at home labelled 2; and
            # from held_out_217 sh24 ("手机号被停了，说我实名信息不全…"), a number suspended labelled 2
            "user-so17", "user-so18", "user-sn4", "user-sn5", "user-sl16", "user-si6", "user-sh24",
            # Left from held_out_218: sg6 ("之前你们在微博上发了致歉声明…"), the company's own post, as so18;
            # sg11 ("你们的道歉短信收到了，但是那天断网造成的损失谁来负责"), an outage told as past with 那天, which
            # `doubt.outage_past` leaves out (sg14 reads as past since cues-2026.12.151)
            "user-sg6", "user-sg11",
            # Left from held_out_220: se26 ("去年我起诉过一个诈骗犯，法院要你们提供的通话记录你们给了吗"), a case of the
            # user's against someone else, in the words of a threat and a fraud; se27 ("12315的电话打不通…"), the
            # regulator's own line named
            "user-se26", "user-se27",
            # Left from held_out_221: sd28 ("营业厅的电脑屏幕上开着别人的身份证信息没关…"), others' personal data in
            # view, labelled 2 when written, a leak by the guideline's words
            "user-sd28",
            # Left from held_out_223: sb9 ("三月份宽带断了一个星期的事…"), a month named, not a time gone (sb26, an
            # outage that recurs, reads as one since cues-2026.12.152)
            "user-sb9",
            # Left from held_out_225: rz5 ("三月份停机的那次…"), a month named as sb9; rz24
            # ("昨天断网的时候打客服电话一直占线…") and rz29 ("前天的断网补偿我收到了…"), an outage of the last days
            # told as over, where 昨天 and 前天 begin outages that go on as often; rz30 ("…现在上不了网，能不能来换个
            # 光猫"), a line down labelled 2
            "user-rz5", "user-rz24", "user-rz29", "user-rz30",
            # Left from held_out_226: ry9 ("邻居家的宽带断了…让我帮他问一下"), a neighbour's line down labelled 2; ry21
            # ("营业厅的系统瘫痪了…"), the shop's own system; ry27 ("…家里网络断了没关系"), an outage said not to matter
            "user-ry9", "user-ry21", "user-ry27"}
    assert set(false_alerts) <= {"user-yu19", "user-xo17", "user-sx7", "user-sx15", *left}
