"""Adding many households at once (``services.bulk``): the same rows and name index as one at a time, one
transaction, one audit entry naming the source, and nothing written when any row belongs elsewhere."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.audit.verify import chain_break, verify_chain
from kasane.casework.models import Household, Person, PersonKey, Relationship, Sex
from kasane.casework.queries.search import PersonQuery, search_persons
from kasane.casework.services.bulk import add_households
from kasane.casework.visibility import Viewer

pytestmark = pytest.mark.django_db


def _family(municipality: Any, agency: Any, *names: tuple[str, str]) -> tuple[Household, list[Person]]:
    household = Household(municipality=municipality, owner_agency=agency, address="テスト市本町1-2-3")
    return household, [
        Person(municipality=municipality, owner_agency=agency, name=name, kana=kana) for name, kana in names
    ]


def _viewer(world: dict[str, Any], key: str) -> Viewer:
    viewer = Viewer.of(world["users"][key], world["municipality"])
    assert viewer is not None
    return viewer


def test_bulk_added_persons_are_indexed_like_one_at_a_time_and_audited_once(world: dict[str, Any]) -> None:
    city, north = world["municipality"], world["agencies"]["houkatsu_north"]
    families = [
        _family(city, north, ("髙橋 一郎", "たかはし いちろう"), ("髙橋 花子", "ﾀｶﾊｼ ﾊﾅｺ")),
        _family(city, north, ("山\ufa11 トメ", "やまざき とめ")),
    ]
    before = AuditEntry.objects.count()
    actor = Actor(user=world["users"]["city"], municipality=city)
    added = add_households(city, families, actor=actor, source="旧システムの世帯台帳（令和8年12月）")
    assert added == 3
    persons = list(Person.objects.filter(municipality=city).order_by("pk"))
    assert [p.is_main for p in persons] == [True, False, True]
    for person in persons:
        stored = dict(PersonKey.objects.filter(person=person).values_list("key", "is_word"))
        assert stored == person.index_keys()
        assert set(PersonKey.objects.filter(person=person).values_list("owner_agency", flat=True)) == {
            north.pk
        }
        assert person.name_key and person.kana_key
    # Found by the owner's staff, variant kanji and kana folded; not by another agency's.
    north_staff = _viewer(world, "soudanin")
    assert {p.name for p in search_persons(north_staff, PersonQuery(name="高橋"))} == {
        "髙橋 一郎",
        "髙橋 花子",
    }
    assert [p.name for p in search_persons(north_staff, PersonQuery(name="山崎"))] == ["山\ufa11 トメ"]
    assert search_persons(north_staff, PersonQuery(name="はなこ"))[0].name == "髙橋 花子"
    # One entry a person, so each one's own trail (and a 開示) shows how they came.
    entries = AuditEntry.objects.filter(pk__gt=0).order_by("-pk")[:3]
    assert AuditEntry.objects.count() == before + 3
    assert sorted(e.person_id for e in entries) == sorted(str(p.pk) for p in persons)
    assert {e.action for e in entries} == {"person.bulk_added"}
    assert entries[0].details == {
        "source": "旧システムの世帯台帳（令和8年12月）",
        "households": 2,
        "persons": 3,
    }


@pytest.mark.parametrize("elsewhere", ["municipality", "agency"])
def test_a_row_of_another_municipality_stops_the_whole_load(world: dict[str, Any], elsewhere: str) -> None:
    city, north = world["municipality"], world["agencies"]["houkatsu_north"]
    families = [_family(city, north, ("佐藤 一郎", "さとう いちろう"))]
    if elsewhere == "municipality":
        families.append(_family(world["other_municipality"], north, ("鈴木 次郎", "すずき じろう")))
    else:  # filed under the neighbour's agency: nobody here could ever see or disclose them
        families.append(_family(city, world["agencies"]["other"], ("鈴木 次郎", "すずき じろう")))
    before = AuditEntry.objects.count()
    with pytest.raises(ValueError, match="他の自治体"):
        add_households(
            city, families, actor=Actor(user=world["users"]["city"], municipality=city), source="x"
        )
    assert not Person.objects.exists() and not Household.objects.exists() and not PersonKey.objects.exists()
    assert AuditEntry.objects.count() == before


def test_the_trail_verifies_after_a_bulk_add(world: dict[str, Any]) -> None:
    """The entries go in as plain rows (``audit.log_bulk``): a hash the verifier would reject fails here."""
    city, north = world["municipality"], world["agencies"]["houkatsu_north"]
    families = [
        _family(city, north, (f"佐藤 {n}郎", f"さとう {n}ろう"), ("佐藤 花子", "さとう はなこ"))
        for n in range(30)
    ]
    actor = Actor(user=world["users"]["city"], municipality=city, client_address="192.0.2.7")
    assert add_households(city, families, actor=actor, source="旧システム") == 60
    entries = list(AuditEntry.objects.filter(action="person.bulk_added").order_by("seq"))
    persons = [p for _, members in families for p in members]
    assert [e.person_id for e in entries] == [str(p.pk) for p in persons]
    assert {(e.object_type, e.basis, e.actor_username, e.municipality_id, e.ip_address) for e in entries} == {
        ("casework.person", "own", world["users"]["city"].username, city.pk, "192.0.2.7")
    }
    assert entries[0].object_label == f"本人 No.{persons[0].pk}"
    assert chain_break() is None
    assert verify_chain(full=True).ok


def test_bulk_rows_are_stored_as_given_and_ids_are_never_reused(world: dict[str, Any]) -> None:
    city, north = world["municipality"], world["agencies"]["houkatsu_north"]
    # The newest household is removed before the load: its id is not given again (AUTOINCREMENT, a sequence).
    gone = Household.objects.create(municipality=city, owner_agency=north)
    gone_pk = gone.pk
    gone.delete()
    # 𩸽 and 𠀋 lie outside the BMP and fold to themselves: the name index goes to SQLite as JSON and must
    # come back the same.
    household, members = _family(
        city, north, ("鈴木 一郎", "すずき いちろう"), ("\U00029e3d\U0002000b 幸子", "スズキ サチコ")
    )
    members[1].sex = Sex.FEMALE
    members[1].relationship = Relationship.WIFE
    members[1].birth_date = dt.date(1951, 4, 1)
    members[1].phone = "０１９７－２２－３３３３"
    add_households(city, [(household, members)], actor=Actor(municipality=city), source="x")
    assert household.pk > gone_pk and members[0].household_id == household.pk
    assert not household._state.adding
    for person in members:
        stored = Person.objects.get(pk=person.pk)
        fields = [f.attname for f in Person._meta.concrete_fields]
        assert [getattr(stored, f) for f in fields] == [getattr(person, f) for f in fields]
        keys = dict(PersonKey.objects.filter(person=person).values_list("key", "is_word"))
        assert keys == person.index_keys()
    assert "\U00029e3d\U0002000b幸子" in person.index_keys()
    wife = Person.objects.get(pk=members[1].pk)
    assert (wife.sex, wife.relationship, wife.birth_date, wife.phone_key) == (
        "female",
        "wife",
        dt.date(1951, 4, 1),
        "0197223333",
    )
    # One at a time after the load: the next id, not one the load took.
    later = Household.objects.create(municipality=city, owner_agency=north)
    assert later.pk > household.pk
    person = Person.objects.create(
        municipality=city, owner_agency=north, household=later, name="田中 次郎", kana="たなか じろう"
    )
    assert person.pk > max(p.pk for p in members)
