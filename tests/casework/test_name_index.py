"""Name search's index (PersonKey) is written by one function, which the services that save a name call:
a new person is found by any part of their name, and after a rename by the new name only."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.casework.models import Household, Person, PersonKey
from kasane.casework.queries.search import PersonQuery, filter_persons, search_page, search_persons
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


def _stored(person: Person) -> dict[str, bool]:
    return dict(PersonKey.objects.filter(person=person).values_list("key", "is_word"))


def test_the_index_marks_whole_words(world: dict[str, Any]) -> None:
    user = world["users"]["soudanin"]
    viewer = Viewer.of(user, world["municipality"])
    assert viewer is not None
    person = create_person(
        viewer,
        Person(name="富田 ひとみ", kana="とみた ひとみ"),
        actor=Actor(user=user, municipality=world["municipality"]),
    )
    keys = _stored(person)
    assert keys == person.index_keys()
    assert keys["ひとみ"] and keys["富田"] and keys["とみた"] and keys["富田ひとみ"]
    assert not keys["とみ"] and not keys["田ひとみ"]


def test_the_migration_rekeys_every_name_but_the_anonymised(world: dict[str, Any]) -> None:
    rekey = importlib.import_module("kasane.casework.migrations.0003_name_keys_itaiji").rekey
    agency = world["agencies"]["houkatsu_north"]
    household = Household.objects.create(municipality=world["municipality"], owner_agency=agency)
    person = Person.objects.create(
        municipality=world["municipality"],
        owner_agency=agency,
        household=household,
        name="齋藤 一郎",
        kana="さいとう",
    )
    gone = Household.objects.create(
        municipality=world["municipality"], owner_agency=agency, anonymised_at=timezone.now()
    )
    anonymised = Person.objects.create(
        municipality=world["municipality"], owner_agency=agency, household=gone, name="（匿名化済み）"
    )
    # As the previous folding left them: 齋 kept apart from 斉, no word marks.
    Person.objects.filter(pk=person.pk).update(name_key="齋藤一郎")
    PersonKey.objects.create(person=person, owner_agency=person.owner_agency, key="齋藤一郎")
    assert not _found(person, "斉藤")

    rekey(django_apps, None)

    person.refresh_from_db()
    assert person.name_key == "斎藤一郎"
    assert _stored(person) == person.index_keys()
    assert _found(person, "斉藤") and _found(person, "齊藤")
    assert not PersonKey.objects.filter(person=anonymised).exists()


def test_a_person_moved_to_another_agency_is_filed_under_it(world: dict[str, Any]) -> None:
    """The index is read by agency: keys left under the old owner would hide the person from the new one."""
    user = world["users"]["soudanin"]
    viewer = Viewer.of(user, world["municipality"])
    assert viewer is not None
    person = create_person(
        viewer,
        Person(name="富田 ひとみ", kana="とみた ひとみ"),
        actor=Actor(user=user, municipality=world["municipality"]),
    )
    south = world["agencies"]["houkatsu_south"]
    north_staff = viewer
    # Moved without the index being told: the person's own agency is asked again, so nothing opens.
    Person.objects.filter(pk=person.pk).update(owner_agency=south)
    assert search_persons(north_staff, PersonQuery(name="富田")) == []
    assert search_page(north_staff, PersonQuery(name="富田")).rows == []
    # Moved and renamed at once: every key goes under the new agency, the old name's too.
    person.refresh_from_db()
    person.name, person.kana = "山田 ひとみ", "やまだ ひとみ"
    person.save()
    index_names([person])
    assert set(PersonKey.objects.filter(person=person).values_list("owner_agency", flat=True)) == {south.pk}
    assert _stored(person) == person.index_keys()
    assert not PersonKey.objects.filter(person=person, key__startswith="富田").exists()


def test_the_migration_files_every_key_under_its_persons_agency(world: dict[str, Any]) -> None:
    """casework 0009 copies each key's owner agency from its person (here, keys filed wrongly are put right)."""
    from django.db import connection

    copy_owner = importlib.import_module("kasane.casework.migrations.0009_person_key_by_agency").COPY_OWNER
    north, south = world["agencies"]["houkatsu_north"], world["agencies"]["houkatsu_south"]
    household = Household.objects.create(municipality=world["municipality"], owner_agency=north)
    person = Person.objects.create(
        municipality=world["municipality"], owner_agency=north, household=household, name="富田 一郎"
    )
    index_names([person])
    PersonKey.objects.filter(person=person).update(owner_agency=south)
    with connection.cursor() as cursor:
        cursor.execute(copy_owner)
    assert set(PersonKey.objects.filter(person=person).values_list("owner_agency", flat=True)) == {north.pk}
