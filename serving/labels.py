"""The one Chinese catalogue: every code a page or a message shows, with its label.

Pages never print a code (``in_progress``, ``department_assist``, ``low_category_confidence``)
where a person reads; they look it up here. A code missing from the catalogue shows as
itself, and ``tests/web/test_labels.py`` fails when a code the system emits has no label.
"""

from __future__ import annotations

import re
from types import MappingProxyType

STATUS = MappingProxyType({
    "received": "已受理", "routed": "已转交责任部门", "in_progress": "处理中", "resolved": "已处理",
    "result_sent": "已反馈结果", "surveyed": "已回访", "closed": "已办结",
})
DEADLINE = MappingProxyType({
    "respond": "响应时限", "plan": "方案时限", "department_assist": "协办时限", "resolve": "处理时限",
    "survey": "回访时限",
})
CLOCK_STATE = MappingProxyType({
    "pending": "进行中", "met": "已完成", "breached": "已超期", "extended": "已延期", "waived": "不再适用",
})
CHANNEL = MappingProxyType({
    "hotline": "热线", "online_chat": "在线客服", "email": "邮件", "forum": "论坛", "app": "手机营业厅",
    "social_media": "社交媒体", "in_person": "营业厅", "other": "其他",
})
REVIEW_REASON = MappingProxyType({
    "low_category_confidence": "类别把握不足", "low_level_confidence": "等级把握不足", "no_evidence": "缺少依据",
    "policy_overrules_model": "规则与模型判断不一致", "possible_level_3": "疑似三级",
    "precedents_disagree": "相似投诉多非三级",
})
AUDIT_KIND = MappingProxyType({
    "intake": "受理", "decision": "分级", "review": "复核", "transition": "流转", "reopen": "重新处理",
    "satisfaction": "满意度回访", "breach": "超期", "escalation": "升级通知", "notification": "通知",
    "extension": "延期", "deadline_met": "完成时限事项", "survey_invite": "发送回访问卷",
    "assist_request": "请求协办", "meeting": "紧急会议", "special_plan": "专项处理方案", "special_report": "专项报告",
    "assignment": "分派", "improvement": "改进建议",
})
# the cue of a highlighted span on the complaint page (pipeline.cues.CUE_NAMES)
CUE = MappingProxyType({
    "emotion.agitated": "情绪激动", "emotion.dissatisfied": "不满", "emotion.degree": "程度加重",
    "emotion.repetition": "多次反映", "emotion.repeated_complaint": "反复投诉未解决",
    "escalation.regulator": "监管投诉", "escalation.media": "媒体曝光", "escalation.legal": "法律途径",
    "escalation.appeal": "升级投诉",
    "compensation.demand": "赔偿退费诉求", "compensation.public_apology": "公开道歉诉求",
    "compensation.high_demand": "高额赔偿诉求",
    "impact.minor": "轻微影响", "impact.degraded": "部分功能受影响", "impact.interrupted": "业务中断",
    "impact.security": "安全隐患", "impact.harassment": "骚扰", "impact.data_loss": "数据丢失",
    "network.slow": "网络卡顿或时断时续", "service.unreachable": "客服无法接通", "scope.area_wide": "大面积",
    "product.fixed_line": "固网业务", "product.app": "应用或内容业务",
})
SURVEY_METHOD = MappingProxyType({"online": "在线问卷", "phone": "电话", "sms": "短信", "email": "邮件"})
REVIEW_ACTION = MappingProxyType({"confirm": "确认", "correct": "改判"})
# the fields of the pages' forms, named where a kept form is shown again after signing in
FORM_FIELD = MappingProxyType({
    "action": "操作", "attendees": "参会人员", "category": "类别", "causes": "原因", "comment": "意见",
    "deadline": "时限", "department": "部门", "grade": "满意度", "held_at": "时间", "level": "等级",
    "measures": "措施", "done": "处理结果", "apology": "致歉",
    "method": "方式", "new_due": "新的到期时间", "note": "说明", "reason": "原因",
    "reason_text": "原因说明", "substantiated": "是否查实", "text": "内容", "to": "转到状态",
})


def label(catalogue: MappingProxyType[str, str], code: object) -> str:
    """The Chinese label of ``code`` (its value for an enum), or the code itself when unknown."""
    key = str(getattr(code, "value", code))
    return catalogue.get(key, key)


# what a fired rule did, as pipeline.policy.decide writes it ("level >= 2; cc 财务部门",
# "category 网络问题 → 业务使用问题", an agent's "level 2 -> 3"): each part in Chinese
_EFFECT_PARTS = (
    (re.compile(r"level >= (\d)"), r"等级不低于\1级"),
    (re.compile(r"level <= (\d)"), r"等级不高于\1级"),
    (re.compile(r"level (\d) (?:->|→) (\d)"), r"等级 \1 → \2"),
    (re.compile(r"category (\S+) (?:->|→) (\S+)"), r"类别 \1 → \2"),
    (re.compile(r"cc (.+)"), r"抄送\1"),
    (re.compile(r"suggestion confirmed"), "确认系统建议"),
    (re.compile(r"review first \(possible_level_3\)"), "优先复核（疑似三级）"),
    (re.compile(r"nobody alerted"), "不通知领导小组"),
    (re.compile(r"no alert until a person confirms level 3"), "人工确认三级后再通知领导小组"),
)


def effect(text: str) -> str:
    """A fired rule's effect in Chinese; a part of an unknown shape shows as itself."""
    parts = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        shown = part
        for pattern, chinese in _EFFECT_PARTS:
            if pattern.fullmatch(part):
                shown = pattern.sub(chinese, part)
                break
        parts.append(shown)
    return "；".join(parts)


CATALOGUES = {"status": STATUS, "deadline": DEADLINE, "clock_state": CLOCK_STATE, "channel": CHANNEL,
              "review_reason": REVIEW_REASON, "audit_kind": AUDIT_KIND, "survey_method": SURVEY_METHOD,
              "review_action": REVIEW_ACTION, "form_field": FORM_FIELD, "cue": CUE}
