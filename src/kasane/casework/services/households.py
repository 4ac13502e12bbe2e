"""Writes to persons and households: each one transaction with its audit entry."""

from __future__ import annotations

from django.db import transaction

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.models import Household, Person, Relationship
from kasane.casework.visibility import Viewer


def create_person(
    viewer: Viewer, person: Person, household: Household | None = None, *, actor: Actor
) -> Person:
    """A new person, in a new household of which they are the main person unless one is given."""
    agency = viewer.primary_agency
    with transaction.atomic():
        if household is None:
            household = Household.objects.create(
                municipality=viewer.municipality,
                owner_agency=agency,
                address=person.address,
                created_by=viewer.user,
            )
            person.is_main = True
            person.relationship = Relationship.SELF
        person.household = household
        person.municipality = viewer.municipality
        person.owner_agency = agency
        person.created_by = viewer.user
        person.save()
        audit.log(
            "person.created", actor=actor, agency=agency, obj=person, person_id=person.pk, basis=Basis.OWN
        )
    return person


def update_person(
    viewer: Viewer, person: Person, changed: list[str], basis: Basis, *, actor: Actor
) -> Person:
    with transaction.atomic():
        person.save()
        audit.log(
            "person.updated",
            actor=actor,
            agency=viewer.primary_agency,
            obj=person,
            person_id=person.pk,
            basis=basis,
            details={"fields": changed},
        )
    return person
