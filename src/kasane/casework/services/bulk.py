"""Adding many households and persons at once (a municipality's existing records brought in, the demo, a
benchmark's million): the same rows and name index the one-at-a-time services write, in one transaction with
an audit entry for each person, at thousands of persons a second.

The slow part of adding a person one by one is not the person but the name index: fifteen ``PersonKey`` rows
each, as model instances. Here the keys go in as plain rows: PostgreSQL's COPY, SQLite's executemany of one
prepared INSERT.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connection, transaction

from kasane.agencies.models import Agency
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.audit.trail import Item, log_many
from kasane.casework.models import Household, Person, PersonKey
from kasane.tenancy.models import Municipality

BATCH = 5_000


def add_households(
    municipality: Municipality,
    families: Sequence[tuple[Household, Sequence[Person]]],
    *,
    actor: Actor,
    source: str,
) -> int:
    """Save the households and their members (unsaved instances, filled in by the caller; the first member of
    a household is its main person unless the caller marked another) with their name index, and record an
    audit entry for each person naming ``source`` (the import, in words staff will recognise). Every row
    goes into ``municipality`` under one of its agencies; anything else is refused before anything is
    written. Returns the number of persons added."""
    own_agencies = set(Agency.objects.filter(municipality=municipality).values_list("pk", flat=True))
    for household, members in families:
        filed = [(household.municipality_id, household.owner_agency_id)]
        filed += [(p.municipality_id, p.owner_agency_id) for p in members]
        if any(town != municipality.pk or agency not in own_agencies for town, agency in filed):
            raise ValueError(
                "他の自治体の世帯・本人、またはこの自治体の機関のものでない記録は取り込めません。"
            )
    added: list[Person] = []
    with transaction.atomic():
        for start in range(0, len(families), BATCH):
            chunk = families[start : start + BATCH]
            Household.objects.bulk_create([household for household, _ in chunk], batch_size=BATCH)
            persons = []
            for household, members in chunk:
                if members and not any(p.is_main for p in members):
                    members[0].is_main = True
                for person in members:
                    person.household = household
                    person.refresh_keys()
                    persons.append(person)
            Person.objects.bulk_create(persons, batch_size=BATCH)
            _write_keys(_key_rows(persons))
            added += persons
        # One entry per person, as one at a time: each person's own trail (and a 開示) shows how they came.
        details = {"source": source, "households": len(families), "persons": len(added)}
        log_many(
            "person.bulk_added",
            [Item(obj=p, person_id=p.pk, basis=Basis.OWN, details=details) for p in added],
            actor=actor,
            municipality=municipality,
        )
    return len(added)


def _key_rows(persons: Sequence[Person]) -> Iterator[tuple[int, int, str, bool]]:
    for person in persons:
        for key, is_word in person.index_keys().items():
            yield (person.pk, person.owner_agency_id, key, is_word)


def _write_keys(unsorted: Iterator[tuple[int, int, str, bool]]) -> None:
    # In the order of the range index (agency, key): each insert lands beside the last one instead of at a
    # random page of an index larger than the cache.
    rows = sorted(unsorted, key=lambda row: (row[1], row[2], row[0]))
    table = connection.ops.quote_name(PersonKey._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(c) for c in ("person_id", "owner_agency_id", "key", "is_word")
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw: Any = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # A bigger page cache for the load (this connection only, put back after): the name index
            # outgrows the default 2 MB long before a municipality's records are in.
            cursor.execute("PRAGMA cache_size")
            (cache,) = cursor.fetchone()
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
            try:
                insert = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s)"  # noqa: S608 - names only
                cursor.executemany(insert, rows)
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(cache)}")
