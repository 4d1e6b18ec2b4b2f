"""Routes: the directory (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status

from serving.auth.models import Principal, Role
from serving.deps import PolicyDep, RuntimeDep, require
from serving.errors import ERROR_RESPONSES, ErrorResponse
from serving.people import service
from serving.people.models import PersonCreate, PersonRead
from serving.validation import ComplaintId, DepartmentQuery

router = APIRouter(prefix="/people", tags=["people"], responses=ERROR_RESPONSES)
Admin = Annotated[Principal, Depends(require(Role.admin))]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=PersonRead, summary="Add a person")
async def add_person(person_in: PersonCreate, runtime: RuntimeDep, policy: PolicyDep, _: Admin) -> PersonRead:
    """A department head (`head`) is told when the department's deadlines slip and approves
    extensions; a `leader` belongs to the leadership group."""
    return await runtime.in_session(service.add, policy=policy, person_in=person_in)


@router.get("", response_model=list[PersonRead], summary="The directory")
async def list_people(runtime: RuntimeDep, _: Admin, department: DepartmentQuery = None,
                      active: bool | None = None) -> list[PersonRead]:
    return await runtime.in_session(service.list_people, department=department, active=active)


@router.post("/{person_id}/deactivate", response_model=PersonRead, summary="Deactivate a person",
             responses={404: {"model": ErrorResponse, "description": "No such person"}})
async def deactivate_person(person_id: ComplaintId, runtime: RuntimeDep, _: Admin) -> PersonRead:
    """Out of every audience at once; their keys stop working (within the key cache's seconds)."""
    return await runtime.in_session(service.deactivate, person_id=person_id)
