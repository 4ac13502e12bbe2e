"""Reading a person or a household: the one check, a 404 for anyone without a basis, and the audit entry."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kasane.audit.models import Basis
from kasane.audit.trail import Item, log_many
from kasane.households.models import Household, Person
from kasane.households.visibility import Viewer, person_basis, record_read, require_viewer, visible_persons


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
    # The page shows every visible member: one entry per member (one insert), each with its own basis, so
    # each member's 情報の提供先 and 開示 find the read — not only the main person's.
    items = [
        Item(
            obj=household,
            person_id=m.pk,
            basis=Basis.OWN if m.owner_agency_id in viewer.agency_ids else basis,
            basis_ref=f"household:{household.pk}",
        )
        for m in members
    ] or [Item(obj=household, basis=basis, basis_ref=f"household:{household.pk}")]
    log_many("household.viewed", items, request=request, agency=viewer.primary_agency)
    return household, viewer, basis, members
