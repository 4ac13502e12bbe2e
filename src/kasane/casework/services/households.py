"""Writes to persons and households: each one transaction with its audit entry."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from kasane import audit
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.models import Household, Person, PersonKey, Relationship
from kasane.casework.visibility import Viewer


def index_names(persons: Iterable[Person]) -> None:
    """Keep name search's index (``PersonKey``: every suffix of each folded name and ふりがな, marked when it
    is a whole word, under the person's owner agency) in step with the persons' names. The one place it is
    written: every service that saves a name calls it, and the demo calls it for the people it creates in
    bulk. Runs inside the caller's transaction."""
    wanted = {p.pk: (p, p.index_keys()) for p in persons}
    # None: a key filed under another agency than the person's, stale whatever it says.
    stored: defaultdict[int, dict[str, bool | None]] = defaultdict(dict)
    for person_id, key, is_word, agency_id in PersonKey.objects.filter(
        person_id__in=list(wanted)
    ).values_list("person_id", "key", "is_word", "owner_agency_id"):
        stored[person_id][key] = is_word if agency_id == wanted[person_id][0].owner_agency_id else None
    for person_id, (_person, keys) in wanted.items():
        stale = [
            key for key, is_word in stored[person_id].items() if is_word is None or keys.get(key) != is_word
        ]
        if stale:
            PersonKey.objects.filter(person_id=person_id, key__in=stale).delete()
            for key in stale:
                del stored[person_id][key]
    PersonKey.objects.bulk_create(
        PersonKey(person=person, owner_agency_id=person.owner_agency_id, key=key, is_word=is_word)
        for person_id, (person, keys) in wanted.items()
        for key, is_word in sorted(keys.items())
        if key not in stored[person_id]
    )


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
        index_names([person])
        audit.log(
            "person.created", actor=actor, agency=agency, obj=person, person_id=person.pk, basis=Basis.OWN
        )
    return person


def update_person(
    viewer: Viewer, person: Person, changed: list[str], basis: Basis, *, actor: Actor
) -> Person:
    with transaction.atomic():
        person.save()
        index_names([person])
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
