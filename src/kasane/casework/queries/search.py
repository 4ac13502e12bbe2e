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
from typing import Any

from django.db import connection
from django.db.models import Case, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value, When

from kasane.agencies.models import Agency
from kasane.casework.models import Person, PersonKey
from kasane.casework.visibility import (
    Viewer,
    compiled,
    shared_person_ids,
    visible_consultations,
    visible_persons,
)
from kasane.lib.dates import DateSpan, parse_birth_input, today
from kasane.lib.paging import Page, decode_cursor, encode_cursor, keyset
from kasane.lib.text import name_key, name_search_terms, phone_key

# Past the last code point, so [term, term + _TOP) is every key that starts with term.
_TOP = "\U0010ffff"
MAX_RESULTS = 50
MAX_TERMS = 8
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
    def terms(self) -> list[str]:
        """The name's folded terms, each once, at most ``MAX_TERMS``: every term is one more range read and
        join, and no one types more parts of a name than that."""
        return list(dict.fromkeys(name_search_terms(self.name)))[:MAX_TERMS]

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


Scope = Viewer | int
"""Whose persons a name term is looked up among: a viewer's (the ranges of the agencies they act for, and the
persons they see on another basis), or a whole municipality's by its id (the disclosure search only)."""


def matching_name_ids(scope: Scope, term: str, shared: QuerySet | None = None) -> QuerySet:
    """The ids of the persons in scope whose name or ふりがな has a part starting with ``term``: the term's
    prefix range under each of the scope's agencies, and, for a viewer, each person seen on another basis
    (``shared``: ``shared_person_ids``, built once per search) looked up by their own keys."""
    in_range = PersonKey.objects.filter(key__gte=term, key__lt=term + _TOP).order_by()
    if isinstance(scope, Viewer):
        own = in_range.filter(owner_agency__in=sorted(scope.agency_ids)).values("person_id")
        shared = shared_person_ids(scope) if shared is None else shared
        return own.union(in_range.filter(person_id__in=shared).values("person_id"))
    agencies = Agency.objects.filter(municipality_id=scope).values("pk")
    return in_range.filter(owner_agency__in=agencies).values("person_id")


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


def filter_persons(persons: QuerySet, scope: Scope, query: PersonQuery) -> QuerySet:
    shared = shared_person_ids(scope) if isinstance(scope, Viewer) else None
    for term in query.terms:
        persons = persons.filter(pk__in=matching_name_ids(scope, term, shared))
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
    terms = query.terms
    if not terms:
        return persons.order_by(*_UNRANKED)
    rank = sum((_term_rank(term) for term in terms[1:]), start=_term_rank(terms[0]))
    return persons.annotate(match_rank=rank).order_by("match_rank", "kana_key", "name_key", "pk")


def _found(viewer: Viewer, query: PersonQuery) -> QuerySet:
    """The persons the viewer may see who match. With a name, the name's ranges are the visibility rule
    itself (the viewer's agencies' ranges and the keys of the persons seen on another basis: exactly
    ``visible_persons``, a test holds them together), so each match is not checked again; without one, the
    viewer's persons are filtered."""
    if query.terms:
        # The keys' agency is a copy of the person's: the person's own agency is asked again, so a key left
        # under an agency the person has left opens nothing.
        persons = Person.objects.filter(municipality=viewer.municipality, merged_into__isnull=True).filter(
            Q(owner_agency__in=viewer.agency_ids) | Q(pk__in=shared_person_ids(viewer))
        )
    else:
        persons = visible_persons(viewer)
    return filter_persons(persons, viewer, query).select_related("household", "owner_agency")


def search_persons(viewer: Viewer, query: PersonQuery, limit: int = MAX_RESULTS) -> list[Person]:
    if query.is_empty:
        return []
    return list(rank_persons(_found(viewer, query), query)[:limit])


def search_page(viewer: Viewer, query: PersonQuery, cursor: str = "", size: int = MAX_RESULTS) -> Page:
    """One page of the ranked results (``cursor``: the page after the one before), with the whole count when
    they do not fit on the first: every match can be reached, none is cut off."""
    if query.is_empty:
        return Page([], 0, 0, "")
    terms = query.terms
    if terms and query == PersonQuery(name=query.name):
        return _name_page(viewer, terms, cursor, size)
    order = ("match_rank", "kana_key", "name_key", "pk") if terms else _UNRANKED
    return keyset(rank_persons(_found(viewer, query), query), order, cursor, size)


# The name-only search, the one typed most (live, at every keystroke), in one statement written out: the
# same ranges, visibility and ranking as ``_found`` and ``rank_persons`` (a test compares the two on every
# query of its world), without building a dozen querysets per keystroke, which cost more than the database.
_KEYS = connection.ops.quote_name(PersonKey._meta.db_table)
_PERSONS = connection.ops.quote_name(Person._meta.db_table)
_RANK = f'CASE WHEN is_word AND "key" = %s THEN {WHOLE_WORD} WHEN is_word THEN {WORD_START} ELSE {INSIDE_WORD} END'


def _shared_sql(viewer: Viewer) -> tuple[str, tuple[Any, ...]]:
    """``shared_person_ids`` compiled, kept per viewer shape (as ``visible_persons`` keeps it)."""
    return compiled(viewer, shared_person_ids)


def _ranked_sql(viewer: Viewer, terms: list[str]) -> tuple[str, list[Any]]:
    """A common table ``ranked`` (id, rank, kana_key, name_key) of the persons the viewer may see whom every
    term meets, ranked by the sum of each term's best meeting."""
    shared, shared_params = _shared_sql(viewer)
    agencies = sorted(viewer.agency_ids)
    marks = ", ".join(["%s"] * len(agencies))
    tables: list[str] = []
    params: list[Any] = []
    for i, term in enumerate(terms):
        top = term + _TOP
        tables.append(
            f"t{i} AS (SELECT person_id, MIN(r) AS r FROM ("  # noqa: S608 - names and placeholders only
            f'SELECT person_id, {_RANK} AS r FROM {_KEYS} WHERE owner_agency_id IN ({marks}) AND "key" >= %s AND "key" < %s'
            f' UNION ALL SELECT person_id, {_RANK} AS r FROM {_KEYS} WHERE person_id IN ({shared}) AND "key" >= %s AND "key" < %s'
            f") u{i} GROUP BY person_id)"
        )
        params += [term, *agencies, term, top, term, *shared_params, term, top]
    joins = " ".join(f"JOIN t{i} ON t{i}.person_id = p.id" for i in range(len(terms)))
    rank = " + ".join(f"t{i}.r" for i in range(len(terms)))
    tables.append(
        f"ranked AS (SELECT p.id, {rank} AS rank, p.kana_key, p.name_key FROM {_PERSONS} p {joins} "  # noqa: S608 - names and placeholders only
        f"WHERE p.municipality_id = %s AND p.merged_into_id IS NULL AND (p.owner_agency_id IN ({marks}) OR p.id IN ({shared})))"
    )
    # The keys' agency is a copy of the person's: asked again of the person, as in ``_found``.
    params += [viewer.municipality.pk, *agencies, *shared_params]
    return "WITH " + ", ".join(tables), params


_ORDER = "ORDER BY rank, kana_key, name_key, id"


def _sql(*parts: str) -> str:
    """A statement from the ``ranked`` table and constant clauses: no value is ever spliced in."""
    return " ".join(part for part in parts if part)


def _name_page(viewer: Viewer, terms: list[str], cursor: str, size: int) -> Page:
    """The page's ids in order and the whole count in one statement (the count is a window over the ranked
    matches, so they are gathered once), then the page's persons by id."""
    ranked, params = _ranked_sql(viewer, terms)
    counted = "counted AS (SELECT id, rank, kana_key, name_key, COUNT(*) OVER () AS total FROM ranked)"
    start, after, after_params = 0, "", list[Any]()
    with connection.cursor() as db:
        decoded = decode_cursor(cursor)
        if decoded is not None:
            pk, start = decoded
            db.execute(
                _sql(ranked, "SELECT rank, kana_key, name_key, id FROM ranked WHERE id = %s"), [*params, pk]
            )
            anchor = db.fetchone()
            if anchor is None:
                start = 0
            else:
                after, after_params = "WHERE (rank, kana_key, name_key, id) > (%s, %s, %s, %s)", list(anchor)
        db.execute(
            _sql(ranked + ",", counted, "SELECT id, total FROM counted", after, _ORDER, "LIMIT %s"),
            [*params, *after_params, size + 1],
        )
        rows = db.fetchall()
        if rows or not after:
            total = rows[0][1] if rows else 0
        else:  # nothing after the anchor: the count is not the cursor's to say
            db.execute(_sql(ranked, "SELECT COUNT(*) FROM ranked"), params)
            total = db.fetchone()[0]
    ids = [pk for pk, _total in rows]
    persons = Person.objects.select_related("household", "owner_agency").in_bulk(ids[:size])
    next_cursor = encode_cursor(ids[size - 1], start + size) if len(ids) > size else ""
    # A person deleted between the two statements is left out rather than failing the page.
    return Page([persons[pk] for pk in ids[:size] if pk in persons], total, start, next_cursor)


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
