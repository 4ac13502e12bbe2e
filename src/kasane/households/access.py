"""Reading a person or a household: the one check, a 404 for anyone without a basis, and the audit entry."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kasane.audit.models import Basis
from kasane.households.models import Household, Person
from kasane.households.visibility import (
    Viewer,
    person_basis,
    record_members,
    record_read,
    require_viewer,
    visible_persons,
)


def access_person(
    request: HttpRequest, person_id: int, *, action: str = "person.viewed"
) -> tuple[Person, Viewer, Basis]:
    viewer = require_viewer(request)
    person = (
        Person.objects.filter(pk=person_id, municipality=viewer.municipality)
        .select_related("household", "owner_agency")
        .first()
    )
    basis = person_basis(viewer, person) if person is not None else None
    if person is None or basis is None:
        raise Http404
    record_read(request, viewer, person, basis, action=action, person_id=person.pk)
    return person, viewer, basis


def access_household(
    request: HttpRequest, household_id: int
) -> tuple[Household, Viewer, Basis, list[Person]]:
    """The household and the members this viewer may see; a household with none of them is a 404."""
    viewer = require_viewer(request)
    household = Household.objects.filter(pk=household_id, municipality=viewer.municipality).first()
    if household is None:
        raise Http404
    members = list(
        visible_persons(viewer)
        .filter(household=household)
        .select_related("owner_agency")
        .order_by("-is_main", "pk")
    )
    if not members and household.owner_agency_id not in viewer.agency_ids:
        raise Http404
    main = next((m for m in members if m.is_main), members[0] if members else None)
    basis = person_basis(viewer, main) if main is not None else Basis.OWN
    if basis is None:
        raise Http404
    record_members(request, viewer, household, members, basis, action="household.viewed")
    return household, viewer, basis, members
