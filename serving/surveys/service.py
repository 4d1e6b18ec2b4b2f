"""Creates a campaign (a stratified sample, invited through the outbox), records answers from
the public survey page, and computes the results per stratum and for the whole period."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.mask import mask_free_text
from pipeline.policy import Policy
from serving.auth.models import Principal
from serving.complaints.models import Satisfaction
from serving.database.core import hold_write_gate, now, write_gate
from serving.database.tables import CampaignInviteRow, ComplainantRow, ComplaintRow, SurveyCampaignRow
from serving.errors import Conflict, Forbidden, NotFound
from serving.notify.outbox import Notifier
from serving.surveys.models import CampaignCreate, CampaignRead, Stratum

EVENT = "campaign_invite"
GRADES = [g.value for g in Satisfaction]
SATISFIED = {Satisfaction.very_satisfied.value, Satisfaction.satisfied.value}


def _bounds(start: dt.date, end: dt.date, policy: Policy) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.combine(start, dt.time(), tzinfo=policy.zone),
            dt.datetime.combine(end, dt.time(), tzinfo=policy.zone))


def _population(session: Session, policy: Policy, start: dt.date, end: dt.date) -> dict[tuple[int, str], int]:
    lo, hi = _bounds(start, end, policy)
    rows = session.execute(select(ComplaintRow.level, ComplaintRow.lead_department, func.count())
                           .where(ComplaintRow.received_at >= lo, ComplaintRow.received_at < hi)
                           .group_by(ComplaintRow.level, ComplaintRow.lead_department))
    return {(level, department): n for level, department, n in rows}


def create(*, session: Session, policy: Policy, notifier: Notifier, campaign_in: CampaignCreate,
           principal: Principal) -> CampaignRead:
    """Draws up to ``per_stratum`` complainants per (level, lead department) among the
    period's complaints, one invitation per contact, and writes each invitation to the
    outbox in the same transaction. The draw is reproducible from the campaign's id."""
    if principal.role.value != "admin" and principal.person_role != "leader":
        raise Forbidden("Survey campaigns are run by the leadership group.", code="leadership_only")
    campaign = SurveyCampaignRow(id=secrets.token_hex(16), name=campaign_in.name.strip(),
                                 period_start=campaign_in.start, period_end=campaign_in.end,
                                 per_stratum=campaign_in.per_stratum, created_by=principal.actor, created_at=now())
    lo, hi = _bounds(campaign_in.start, campaign_in.end, policy)
    candidates = session.execute(
        select(ComplaintRow.id, ComplaintRow.level, ComplaintRow.lead_department, ComplainantRow.contact)
        .join(ComplainantRow, ComplainantRow.complaint_id == ComplaintRow.id)
        .where(ComplaintRow.received_at >= lo, ComplaintRow.received_at < hi, ComplainantRow.contact.is_not(None))
        .order_by(ComplaintRow.received_at.desc(), ComplaintRow.id))
    strata: dict[tuple[int, str], list[str]] = defaultdict(list)
    contacts: set[str] = set()
    for complaint_id, level, department, contact in candidates:  # a complainant's latest complaint stands for them
        key = contact.strip()
        if key and key not in contacts:
            contacts.add(key)
            strata[level, department].append(complaint_id)
    rng = random.Random(campaign.id)
    chosen = [(key, cid) for key in sorted(strata)
              for cid in rng.sample(strata[key], min(campaign_in.per_stratum, len(strata[key])))]
    if not chosen:
        raise Conflict("No complainant of this period can be reached (none left a contact).",
                       code="nobody_to_survey")
    hold_write_gate(session)
    session.add(campaign)
    session.flush()
    complaints = {c.id: c for c in session.scalars(select(ComplaintRow).where(
        ComplaintRow.id.in_([cid for _, cid in chosen])))}
    for (level, department), complaint_id in chosen:
        token = secrets.token_hex(16)
        message = notifier.render(EVENT, {"name": campaign.name, "start": campaign.period_start,
                                          "end": campaign.period_end - dt.timedelta(days=1),
                                          "link": notifier.link(f"/s/c/{token}")})
        channel = notifier.to_complainant(session, complaints[complaint_id], EVENT, message)
        session.add(CampaignInviteRow(id=token, campaign_id=campaign.id, complaint_id=complaint_id, level=level,
                                      department=department, channel=channel))
    with write_gate(session):
        session.commit()
    return results(session=session, policy=policy, campaign_id=campaign.id)


def results(*, session: Session, policy: Policy, campaign_id: str) -> CampaignRead:
    campaign = session.get(SurveyCampaignRow, campaign_id)
    if campaign is None:
        raise NotFound(f"No survey campaign {campaign_id}.", code="campaign_not_found")
    population = _population(session, policy, campaign.period_start, campaign.period_end)
    tallies: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: {"invited": 0, "unreachable": 0,
                                                                          "answered": 0, **dict.fromkeys(GRADES, 0)})
    for invite in session.scalars(select(CampaignInviteRow).where(CampaignInviteRow.campaign_id == campaign_id)):
        tally = tallies[invite.level, invite.department]
        tally["invited"] += 1
        tally["unreachable"] += int(invite.channel is None)
        if invite.grade is not None:
            tally["answered"] += 1
            tally[invite.grade] += 1
    strata = []
    weighted, weight = 0.0, 0
    for (level, department), t in sorted(tallies.items()):
        rate = sum(t[g] for g in SATISFIED) / t["answered"] if t["answered"] else None
        n = population.get((level, department), 0)
        if rate is not None:
            weighted += n * rate
            weight += n
        strata.append(Stratum(level=level, department=department, complaints=n, invited=t["invited"],
                              unreachable=t["unreachable"], answered=t["answered"],
                              satisfaction_rate=round(rate, 4) if rate is not None else None,
                              grades={g: t[g] for g in GRADES}))
    invited = sum(s.invited for s in strata)
    answered = sum(s.answered for s in strata)
    return CampaignRead(
        id=campaign.id, name=campaign.name, start=campaign.period_start, end=campaign.period_end,
        per_stratum=campaign.per_stratum, created_by=campaign.created_by, created_at=campaign.created_at,
        invited=invited, answered=answered, response_rate=round(answered / invited, 4) if invited else None,
        satisfaction_rate=round(weighted / weight, 4) if weight else None, strata=strata)


def list_campaigns(*, session: Session, policy: Policy, limit: int = 20) -> list[CampaignRead]:
    ids = session.scalars(select(SurveyCampaignRow.id).order_by(SurveyCampaignRow.created_at.desc()).limit(limit))
    return [results(session=session, policy=policy, campaign_id=i) for i in list(ids)]


def invite_by_token(session: Session, token: str) -> CampaignInviteRow | None:
    return session.get(CampaignInviteRow, token)


def answer(*, session: Session, token: str, grade: Satisfaction, comment: str) -> None:
    """The complainant's answer from the survey page; once per invitation."""
    hold_write_gate(session)  # SQLite: two answers at once are taken in turn (PostgreSQL: the row lock)
    invite = session.get(CampaignInviteRow, token, with_for_update=True)
    if invite is None:
        raise NotFound("No such survey invitation.", code="invite_not_found")
    if invite.answered_at is not None:
        raise Conflict("This survey was answered already.", code="survey_answered")
    invite.grade, invite.comment, invite.answered_at = grade.value, mask_free_text(comment.strip()) or None, now()
    with write_gate(session):
        session.commit()
