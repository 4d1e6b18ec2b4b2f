"""The directory's logic: add, list, deactivate; who an audience of the policy names."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.policy import Policy
from serving.database.core import write_gate
from serving.database.tables import PersonRow
from serving.errors import NotFound, Unprocessable
from serving.people.models import PersonCreate, PersonRead, PersonRole


def read(row: PersonRow) -> PersonRead:
    return PersonRead(id=row.id, name=row.name, email=row.email, phone=row.phone, department=row.department,
                      role=PersonRole(row.role), active=row.active, created_at=row.created_at)


def add(*, session: Session, policy: Policy, person_in: PersonCreate) -> PersonRead:
    """Adds a person to one of the policy's departments; a leader belongs to the leadership group."""
    if person_in.department not in policy.departments:
        raise Unprocessable(f"Department {person_in.department!r} is not one of the policy's departments.",
                            code="unknown_department", details={"departments": list(policy.departments)})
    if person_in.role is PersonRole.leader and person_in.department != policy.leadership_department:
        raise Unprocessable(f"A leader is a member of {policy.leadership_department}; give that department.",
                            code="leader_outside_leadership")
    row = PersonRow(id=secrets.token_hex(6), name=person_in.name.strip(), email=person_in.email,
                    phone=person_in.phone, department=person_in.department, role=person_in.role.value,
                    active=True)
    session.add(row)
    with write_gate(session):
        session.commit()
    return read(row)


def get_or_raise(session: Session, person_id: str) -> PersonRow:
    row = session.get(PersonRow, person_id)
    if row is None:
        raise NotFound(f"No person with id {person_id!r}; `tousu people list` shows the ids.",
                       details={"id": person_id})
    return row


def deactivate(*, session: Session, person_id: str) -> PersonRead:
    """Takes a person out of every audience; their keys stop working at once."""
    row = get_or_raise(session, person_id)
    if row.active:
        row.active = False
        with write_gate(session):
            session.commit()
    return read(row)


def list_people(*, session: Session, department: str | None = None, active: bool | None = None) -> list[PersonRead]:
    query = select(PersonRow).order_by(PersonRow.department, PersonRow.name, PersonRow.id)
    if department:
        query = query.where(PersonRow.department == department)
    if active is not None:
        query = query.where(PersonRow.active.is_(active))
    return [read(r) for r in session.scalars(query)]


def members(session: Session, departments: list[str], roles: tuple[PersonRole, ...] | None = None) -> list[PersonRow]:
    """The active people of ``departments`` (of ``roles``, when given)."""
    if not departments:
        return []
    query = select(PersonRow).where(PersonRow.department.in_(departments), PersonRow.active.is_(True))
    if roles:
        query = query.where(PersonRow.role.in_([r.value for r in roles]))
    return list(session.scalars(query.order_by(PersonRow.id)))


def names(session: Session, ids: set[str]) -> dict[str, str]:
    """Person id → "name（department）", for pages that show who did what."""
    wanted = sorted(i for i in ids if i)
    if not wanted:
        return {}
    rows = session.execute(select(PersonRow.id, PersonRow.name, PersonRow.department).where(PersonRow.id.in_(wanted)))
    return {pid: f"{name}（{department}）" for pid, name, department in rows}


SYSTEM_ACTORS = {"policy": "系统（分级规则）", "worker": "系统（定时任务）", "complainant": "投诉用户"}


def actor_label(actor: str, known: dict[str, str]) -> str:
    """An audit trail's actor as a person reads it: a name, a service key, or the system."""
    kind, _, ident = actor.partition(":")
    if kind == "person":
        return known.get(ident, f"人员 {ident}")
    if kind == "key":
        return f"接入系统（密钥 {ident}）"
    return SYSTEM_ACTORS.get(actor, actor)
