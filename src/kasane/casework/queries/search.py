"""Finding people: by name or ふりがな (any part, variant kanji and kana folded), birth date, phone, address.

Name terms run as prefix ranges over ``PersonKey`` (every suffix of every folded name), which an ordinary
B-tree index answers on both SQLite and PostgreSQL, so two-character surnames and given names work and the
time does not grow with the number of people. The viewer's visibility filter is applied in the same query:
a search never reveals that a record exists where the searcher may not look.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from kasane.casework.models import Person, PersonKey
from kasane.casework.visibility import Viewer, visible_persons
from kasane.lib.dates import parse_date_input
from kasane.lib.text import name_key, name_search_terms, phone_key

# Past the last code point, so [term, term + _TOP) is every key that starts with term.
_TOP = "\U0010ffff"
MAX_RESULTS = 50


@dataclass(frozen=True)
class PersonQuery:
    name: str = ""
    birth_date: dt.date | None = None
    phone: str = ""
    address: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            name_search_terms(self.name) or self.birth_date or phone_key(self.phone) or self.address.strip()
        )


def parse_birth_date(text: str) -> tuple[dt.date | None, str]:
    """(date, error message) for a typed birth date; blank input is neither."""
    if not (text or "").strip():
        return None, ""
    try:
        return parse_date_input(text), ""
    except ValueError as exc:
        return None, str(exc)


def matching_name_ids(municipality_id: int, term: str) -> QuerySet:
    return PersonKey.objects.filter(
        municipality_id=municipality_id, key__gte=term, key__lt=term + _TOP
    ).values("person_id")


def filter_persons(persons: QuerySet, municipality_id: int, query: PersonQuery) -> QuerySet:
    for term in name_search_terms(query.name):
        persons = persons.filter(pk__in=matching_name_ids(municipality_id, term))
    if query.birth_date is not None:
        persons = persons.filter(birth_date=query.birth_date)
    digits = phone_key(query.phone)
    if digits:
        persons = (
            persons.filter(phone_key__contains=digits)
            if len(digits) < 10
            else persons.filter(phone_key=digits)
        )
    if query.address.strip():
        persons = persons.filter(address__contains=query.address.strip())
    return persons


def search_persons(viewer: Viewer, query: PersonQuery, limit: int = MAX_RESULTS) -> list[Person]:
    if query.is_empty:
        return []
    persons = filter_persons(visible_persons(viewer), viewer.municipality.pk, query)
    return list(
        persons.select_related("household", "owner_agency").order_by("kana_key", "name_key", "pk")[:limit]
    )


def possible_duplicates(viewer: Viewer, name: str, kana: str, birth_date: dt.date | None) -> list[Person]:
    """People within the viewer's sight who may be the one about to be created.

    Same folded name or ふりがな; with a birth date, same name-or-kana and birth date, or same birth date and
    surname. Kept deliberately wide: offering a wrong candidate costs a click, missing a right one a duplicate.
    """
    keys = {k for k in (name_key(name), name_key(kana)) if k}
    visible = visible_persons(viewer)
    found: dict[int, Person] = {}
    if keys:
        for person in visible.filter(name_key__in=keys) | visible.filter(kana_key__in=keys):
            found[person.pk] = person
    if birth_date is not None:
        surname_terms = name_search_terms(name)[:1] + name_search_terms(kana)[:1]
        same_day = visible.filter(birth_date=birth_date)
        for person in same_day:
            if any(person.name_key.startswith(t) or person.kana_key.startswith(t) for t in surname_terms):
                found[person.pk] = person
    return sorted(found.values(), key=lambda p: (p.kana_key, p.pk))[:20]
