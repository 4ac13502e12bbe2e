"""Finding people: by name or ふりがな (any part, variant kanji and kana folded), birth date, year or age,
phone (home or mobile), address.

Name terms run as prefix ranges over ``PersonKey`` (every suffix of every folded name), which an ordinary
B-tree index answers on both SQLite and PostgreSQL, so two-character surnames and given names work and the
time does not grow with the number of people. The viewer's visibility filter is applied in the same query:
a search never reveals that a record exists where the searcher may not look.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value, When

from kasane.casework.models import Person, PersonKey
from kasane.casework.visibility import Viewer, visible_consultations, visible_persons
from kasane.lib.dates import DateSpan, parse_birth_input, today
from kasane.lib.paging import Page, keyset
from kasane.lib.text import name_key, name_search_terms, phone_key

# Past the last code point, so [term, term + _TOP) is every key that starts with term.
_TOP = "\U0010ffff"
MAX_RESULTS = 50
_UNRANKED = ("kana_key", "name_key", "pk")
# How a name term met a person, best first: a whole word (とみ), a word's start (とみた), inside a word (ひとみ).
WHOLE_WORD, WORD_START, INSIDE_WORD = 0, 1, 2


@dataclass(frozen=True)
class PersonQuery:
    name: str = ""
    born: DateSpan | None = None
    phone: str = ""
    address: str = ""

    @property
    def is_empty(self) -> bool:
        return not (
            name_search_terms(self.name) or self.born or phone_key(self.phone) or self.address.strip()
        )


def parse_birth_date(text: str) -> tuple[DateSpan | None, str]:
    """(span of birth dates, error message) for a typed birth date, year or age; blank input is neither."""
    if not (text or "").strip():
        return None, ""
    try:
        return parse_birth_input(text, today()), ""
    except ValueError as exc:
        return None, str(exc)


def matching_name_ids(municipality_id: int, term: str) -> QuerySet:
    return PersonKey.objects.filter(
        municipality_id=municipality_id, key__gte=term, key__lt=term + _TOP
    ).values("person_id")


def _term_rank(term: str) -> Subquery:
    """The best way one term meets the person of the outer row: read off their own keys through the
    (person, key) index, so it costs one short range per person listed."""
    ranked = (
        PersonKey.objects.filter(person=OuterRef("pk"), key__gte=term, key__lt=term + _TOP)
        .annotate(
            rank=Case(
                When(is_word=True, key=term, then=Value(WHOLE_WORD)),
                When(is_word=True, then=Value(WORD_START)),
                default=Value(INSIDE_WORD),
                output_field=IntegerField(),
            )
        )
        .order_by("rank")
        .values("rank")[:1]
    )
    return Subquery(ranked, output_field=IntegerField())


def filter_persons(persons: QuerySet, municipality_id: int, query: PersonQuery) -> QuerySet:
    for term in name_search_terms(query.name):
        persons = persons.filter(pk__in=matching_name_ids(municipality_id, term))
    if query.born is not None:
        persons = persons.filter(birth_date__range=(query.born.first, query.born.last))
    digits = phone_key(query.phone)
    if digits:
        # Home or mobile: a whole number is looked up in either index, a part of one anywhere in either.
        persons = persons.filter(
            Q(phone_key__contains=digits) | Q(mobile_key__contains=digits)
            if len(digits) < 10
            else Q(phone_key=digits) | Q(mobile_key=digits)
        )
    if query.address.strip():
        persons = persons.filter(address__contains=query.address.strip())
    return persons


def rank_persons(persons: QuerySet, query: PersonQuery) -> QuerySet:
    """Whole-word matches of the name first, then word starts, then the rest; by ふりがな within each."""
    terms = name_search_terms(query.name)
    if not terms:
        return persons.order_by(*_UNRANKED)
    rank = sum((_term_rank(term) for term in terms[1:]), start=_term_rank(terms[0]))
    return persons.annotate(match_rank=rank).order_by("match_rank", "kana_key", "name_key", "pk")


def search_persons(viewer: Viewer, query: PersonQuery, limit: int = MAX_RESULTS) -> list[Person]:
    if query.is_empty:
        return []
    persons = filter_persons(visible_persons(viewer), viewer.municipality.pk, query)
    return list(rank_persons(persons.select_related("household", "owner_agency"), query)[:limit])


def search_page(viewer: Viewer, query: PersonQuery, cursor: str = "", size: int = MAX_RESULTS) -> Page:
    """One page of the ranked results (``cursor``: the page after the one before), with the whole count when
    they do not fit on the first: every match can be reached, none is cut off."""
    if query.is_empty:
        return Page([], 0, 0, "")
    persons = filter_persons(visible_persons(viewer), viewer.municipality.pk, query)
    ranked = rank_persons(persons.select_related("household", "owner_agency"), query)
    order = ("match_rank", "kana_key", "name_key", "pk") if name_search_terms(query.name) else _UNRANKED
    return keyset(ranked, order, cursor, size)


def with_households(viewer: Viewer, persons: list[Person]) -> None:
    """Set ``household_main`` on each person: the main person of their household when the viewer may see
    them (the person themself if main), else None. One query; their names are shown, so audit them too
    (``shown_ids``)."""
    wanted = {p.household_id for p in persons if not p.is_main}
    mains = {p.household_id: p for p in persons if p.is_main}
    if wanted:
        for main in visible_persons(viewer).filter(household_id__in=wanted, is_main=True):
            mains[main.household_id] = main
    for person in persons:
        person.household_main = mains.get(person.household_id)


def shown_ids(persons: list[Person]) -> list[int]:
    """Everyone whose name a list of persons shows: the persons and their households' main persons."""
    mains = [getattr(p, "household_main", None) for p in persons]
    return [p.pk for p in persons] + [m.pk for m in mains if m is not None]


def with_last_contact(viewer: Viewer, persons: list[Person]) -> None:
    """Set ``last_contact`` on each person: when the latest consultation the viewer may see was received."""
    latest = dict(
        visible_consultations(viewer)
        .filter(person_id__in=[p.pk for p in persons])
        .order_by()
        .values("person_id")
        .annotate(last=Max("received_at"))
        .values_list("person_id", "last")
    )
    for person in persons:
        person.last_contact = latest.get(person.pk)


def possible_duplicates(viewer: Viewer, name: str, kana: str, birth_date: dt.date | None) -> list[Person]:
    """People within the viewer's sight who may be the one about to be created, with their household and
    last contact for the choice staff make.

    Same folded name or ふりがな; with a birth date, same name-or-kana and birth date, or same birth date and
    surname. Kept deliberately wide: offering a wrong candidate costs a click, missing a right one a duplicate.
    """
    keys = {k for k in (name_key(name), name_key(kana)) if k}
    visible = visible_persons(viewer).select_related("household", "owner_agency")
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
    candidates = sorted(found.values(), key=lambda p: (p.kana_key, p.pk))[:20]
    if candidates:
        with_households(viewer, candidates)
        with_last_contact(viewer, candidates)
    return candidates
