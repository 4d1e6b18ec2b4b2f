"""Schemas of complaints: intake, reads, the queue, review, transitions, survey."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline.decision import PolicyDecision, Suggestion
from pipeline.normalise import MAX_TEXT_CHARS
from serving.clocks.clock import ClockKind, ClockState
from serving.complaints.workflow import Status
from serving.validation import StorableText


class Channel(StrEnum):
    hotline = "hotline"            # 热线
    online_chat = "online_chat"    # 在线客服
    email = "email"                # 邮件
    forum = "forum"                # 论坛
    app = "app"                    # 手机营业厅
    social_media = "social_media"  # 微博、微信等
    in_person = "in_person"        # 营业厅
    other = "other"


class Satisfaction(StrEnum):
    """The five grades of the satisfaction survey."""

    very_satisfied = "非常满意"
    satisfied = "满意"
    neutral = "一般"
    dissatisfied = "不满意"
    very_dissatisfied = "非常不满意"


class SurveyMethod(StrEnum):
    """How the survey was answered (regulation 三.4: 电话、短信或在线问卷)."""

    online = "online"
    phone = "phone"
    sms = "sms"
    email = "email"


class DeadlineRead(BaseModel):
    """One deadline's clock."""

    kind: ClockKind
    due_at: dt.datetime = Field(description="in force now (an extension moves it)")
    original_due_at: dt.datetime = Field(description="as first set: reports judge 'on time' by it")
    state: ClockState
    met_at: dt.datetime | None
    breached_at: dt.datetime | None
    extensions: int
    provisional: bool
    department: str | None = Field(default=None, description="for an assist asked for: the department that owes it")


class UserDetails(BaseModel):
    """The complainant's personal details: stored apart, shown to agents and admins only."""

    model_config = ConfigDict(extra="forbid")

    name: StorableText | None = Field(default=None, max_length=128)
    contact: StorableText | None = Field(default=None, max_length=128, description="phone or e-mail")
    account: StorableText | None = Field(default=None, max_length=128, description="phone number, broadband account …")


class ComplaintCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: StorableText = Field(description=f"the complaint as the user gave it (stored masked), up to "
                                           f"{MAX_TEXT_CHARS} characters",
                               json_schema_extra={"minLength": 1, "maxLength": MAX_TEXT_CHARS})
    channel: Channel
    received_at: dt.datetime | None = Field(default=None, description="default: now; no zone = the policy's")
    user: UserDetails = Field(default_factory=UserDetails)


class ComplaintSummary(BaseModel):
    """One row of the queue."""

    id: str
    status: Status
    channel: Channel
    received_at: dt.datetime
    category: str
    level: int
    level_name: str
    lead_department: str
    needs_review: bool
    possible_level_3: bool = Field(description="in the level-3 risk band: reviewed first, nobody alerted")
    reviewed: bool
    ticket_no: str | None
    assignee_id: str | None = Field(default=None, description="the person working it; none: the department's queue")
    next_due: dt.datetime | None = Field(description="the next deadline of any kind not yet met")
    resolve_due: dt.datetime
    overdue: bool = Field(description="a deadline of any kind passed with its work not done")
    excerpt: str = Field(description="the first 60 characters of the masked text")


class ReviewRead(BaseModel):
    action: Literal["confirm", "correct"]
    suggested_category: str
    suggested_level: int
    category: str
    level: int
    reason: str
    reviewer: str
    reviewed_at: dt.datetime
    model_version: str
    policy_version: str


class AuditEventRead(BaseModel):
    at: dt.datetime
    actor: str
    kind: str
    data: dict[str, Any]


class ComplaintRead(BaseModel):
    """A stored complaint: its decision in force, the model's suggestion and its history."""

    id: str
    ticket_no: str | None = Field(description="the number the complainant quotes (older tickets have none)")
    status: Status
    allowed_moves: list[Status]
    channel: Channel
    received_at: dt.datetime
    created_at: dt.datetime
    next_due: dt.datetime | None
    assignee_id: str | None = None
    deadlines: list[DeadlineRead]
    result_text: str | None = Field(description="the result as sent to the user")
    improvement: str | None = Field(default=None, description="an improvement this complaint suggests")
    improvement_adopted_at: dt.datetime | None = Field(default=None, description="when leadership adopted it")
    survey_method: SurveyMethod | None
    text_masked: str
    category: str
    level: int
    lead_department: str
    needs_review: bool
    reviewed: bool
    overdue: bool
    resolved_at: dt.datetime | None
    result_sent_at: dt.datetime | None
    survey_due: dt.datetime | None
    satisfaction: Satisfaction | None
    decision: PolicyDecision
    suggestion: Suggestion
    model_version: str
    policy_version: str
    user: UserDetails | None = Field(description="present for the agent and admin roles only")
    reviews: list[ReviewRead]
    history: list[AuditEventRead]


class ComplaintPage(BaseModel):
    items: list[ComplaintSummary]
    total: int = Field(description="the complaints that match, counted up to 10,000 (see total_exact)")
    total_exact: bool = Field(True, description="false when more than 10,000 match: total is then 10,000 and "
                                                "the pages go on while a page comes back full")
    limit: int
    offset: int


class ReviewCreate(BaseModel):
    """An agent's verdict: omit category and level (or repeat them) to confirm."""

    model_config = ConfigDict(extra="forbid")

    category: StorableText | None = Field(default=None, max_length=32)
    level: int | None = Field(default=None, ge=1, le=3)
    reason: StorableText = Field(default="", max_length=500, description="required when correcting")


class ResultFeedback(BaseModel):
    """The result told to the user, as structured fields (kept in the history as they are)."""

    model_config = ConfigDict(extra="forbid")

    done: StorableText = Field(min_length=1, max_length=2000, description="what was done about the complaint")
    measures: StorableText = Field(default="", max_length=2000, description="measures against it happening again")
    apology: bool = Field(default=False, description="the company apologised to the user")

    def text(self) -> str:
        """What the user reads."""
        lines = [f"处理结果：{self.done.strip()}"]
        if self.measures.strip():
            lines.append(f"改进措施：{self.measures.strip()}")
        if self.apology:
            lines.append("对此给您带来的不便，我们深表歉意。")
        return "\n".join(lines)


class TransitionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: Status
    note: StorableText = Field(default="", max_length=2000,
                               description="for result_sent: the result, as the user will read it (or `result`)")
    result: ResultFeedback | None = Field(default=None, description="for result_sent: the result as fields; the "
                                                                    "user reads them joined")
    reason: StorableText | None = Field(default=None, max_length=64, description=(
        "closing without a survey result: one of the policy's close_without_survey_reasons"))


class SatisfactionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grade: Satisfaction
    comment: StorableText = Field(default="", max_length=1000)
    method: SurveyMethod = Field(default=SurveyMethod.phone, description="how the user was surveyed")


class ExtensionCreate(BaseModel):
    """Extends a running deadline (regulation 三.3: 向用户说明延长的原因与预计解决时间)."""

    model_config = ConfigDict(extra="forbid")

    deadline: Literal["respond", "plan", "department_assist", "resolve"]
    new_due: dt.datetime = Field(description="no zone = the policy's")
    reason: StorableText = Field(min_length=2, max_length=500, description="told to the user")


class AssignmentCreate(BaseModel):
    """Claim a complaint (a person's key), release it, or assign it to a person (a head, a leader, an admin)."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["claim", "release", "assign"]
    person_id: StorableText | None = Field(default=None, max_length=16, description="for assign")


class AssistCreate(BaseModel):
    """Customer service asks another department for help (any level): a department_assist deadline."""

    model_config = ConfigDict(extra="forbid")

    department: StorableText = Field(max_length=32, description="one of the policy's departments")
    note: StorableText = Field(default="", max_length=1000, description="what is asked of them")


class ImprovementCreate(BaseModel):
    """An improvement to the company's products or process that this complaint suggests."""

    model_config = ConfigDict(extra="forbid")

    suggestion: StorableText = Field(min_length=1, max_length=2000)


class DeadlineMet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: StorableText = Field(default="", max_length=1000, description="what was done (a plan, an answer)")


class Sort(StrEnum):
    level_deadline = "level_deadline"    # level 3 first, then the nearest deadline
    deadline = "deadline"
    received = "received"                # newest first


class ComplaintCreated(BaseModel):
    """The intake's answer: the ticket's id, its status and the decision stored with it."""

    id: str
    ticket_no: str = Field(description="give it to the user: they follow the complaint with it at /t/{ticket_no}")
    verification_code: str = Field(description="give it to the user with the ticket number (never stored)")
    status: Status
    decision: PolicyDecision
    model_version: str
    replayed: bool = Field(description="true when an Idempotency-Key matched an earlier request")
