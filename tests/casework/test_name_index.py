"""Name search's index (PersonKey) is written by one function, which the services that save a name call:
a new person is found by any part of their name, and after a rename by the new name only."""

from __future__ import annotations

from typing import Any

import pytest

from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.models import Household, Person, PersonKey
from kasane.casework.queries.search import PersonQuery, filter_persons
from kasane.casework.services.households import create_person, index_names, update_person
from kasane.casework.visibility import Viewer

pytestmark = pytest.mark.django_db


def _found(person: Person, term: str) -> bool:
    everyone = Person.objects.filter(municipality_id=person.municipality_id)
    return (
        filter_persons(everyone, person.municipality_id, PersonQuery(name=term)).filter(pk=person.pk).exists()
    )


def test_created_and_renamed_persons_are_found_by_their_current_name(world: dict[str, Any]) -> None:
    user = world["users"]["soudanin"]
    viewer = Viewer.of(user, world["municipality"])
    assert viewer is not None
    actor = Actor(user=user, municipality=world["municipality"])
    person = create_person(viewer, Person(name="髙橋 一郎", kana="たかはし いちろう"), actor=actor)
    assert _found(person, "髙橋") and _found(person, "いちろう") and _found(person, "橋")
    person.name, person.kana = "佐々木 一郎", "ささき いちろう"
    update_person(viewer, person, ["name", "kana"], Basis.OWN, actor=actor)
    assert _found(person, "佐々木") and not _found(person, "髙橋") and not _found(person, "たかはし")
    keys = set(PersonKey.objects.filter(person=person).values_list("key", flat=True))
    assert keys == person.search_suffixes()


def test_saving_a_person_leaves_the_index_to_the_services(world: dict[str, Any]) -> None:
    agency = world["agencies"]["houkatsu_north"]
    household = Household.objects.create(municipality=world["municipality"], owner_agency=agency)
    person = Person.objects.create(
        municipality=world["municipality"],
        owner_agency=agency,
        household=household,
        name="山田 花子",
        kana="やまだ はなこ",
    )
    assert not PersonKey.objects.filter(person=person).exists()
    index_names([person])
    index_names([person])  # idempotent
    assert (
        set(PersonKey.objects.filter(person=person).values_list("key", flat=True)) == person.search_suffixes()
    )
