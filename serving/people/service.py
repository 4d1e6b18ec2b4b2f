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
