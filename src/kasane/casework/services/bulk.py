"""Adding many households and persons at once (a municipality's existing records brought in, the demo, a
benchmark's million): the same rows and name index the one-at-a-time services write, in one transaction with
an audit entry for each person, at thousands of persons a second.

Nothing here goes through a model instance's save or the ORM's bulk insert, whose per-field work costs more
than the row: households and persons go in as plain rows with their ids taken beforehand (PostgreSQL's
sequence, SQLite's next ids under its write lock), by COPY on PostgreSQL and an executemany of one prepared
INSERT on SQLite; so do the name index (``PersonKey``, fifteen rows a person, on SQLite read from a JSON
array) and the audit entries (``audit.log_bulk``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter, itemgetter
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

from kasane.agencies.models import Agency
from kasane.audit.actor import Actor
from kasane.audit.models import Basis
from kasane.audit.trail import Item, log_bulk
from kasane.casework.models import Household, Person, PersonKey
from kasane.tenancy.models import Municipality

BATCH = 5_000
_JSON_COLUMNS = 4  # see _write_rows


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
    filed = {(household.municipality_id, household.owner_agency_id) for household, _ in families}
    filed |= {(p.municipality_id, p.owner_agency_id) for _, members in families for p in members}
    if any(town != municipality.pk or agency not in own_agencies for town, agency in filed):
        raise ValueError("他の自治体の世帯・本人、またはこの自治体の機関のものでない記録は取り込めません。")
    added: list[Person] = []
    with _page_cache(), transaction.atomic():
        now = timezone.now()
        for start in range(0, len(families), BATCH):
            chunk = families[start : start + BATCH]
            _insert(Household, [household for household, _ in chunk], now)
            persons = []
            for household, members in chunk:
                if members and not any(p.is_main for p in members):
                    members[0].is_main = True
                for person in members:
                    # What assigning ``person.household`` does, without the descriptor's checks: the
                    # household was saved just above.
                    person.household_id = household.pk
                    person._state.fields_cache["household"] = household
                    person.refresh_keys()
                    persons.append(person)
            _insert(Person, persons, now)
            _write_keys(_key_rows(persons))
            added += persons
        # One entry per person, as one at a time: each person's own trail (and a 開示) shows how they came.
        details = {"source": source, "households": len(families), "persons": len(added)}
        log_bulk(
            "person.bulk_added",
            (Item(obj=p, person_id=p.pk, basis=Basis.OWN, details=details) for p in added),
            actor=actor,
            municipality=municipality,
        )
    return len(added)


# The types a field of each kind hands to the driver as it is; any other value (a date, a choice's enum, a
# number given as text) is prepared by the field, as the ORM would.
_AS_IS: dict[str, tuple[type, ...]] = {
    "CharField": (str,),
    "TextField": (str,),
    "BooleanField": (bool,),
    "ForeignKey": (int,),
    "IntegerField": (int,),
    "PositiveIntegerField": (int,),
    "BigIntegerField": (int,),
}


def _insert(model: type[models.Model], objs: list[Any], now: dt.datetime) -> None:
    """Insert unsaved instances as the ORM's bulk_create would (``auto_now`` fields set to ``now``, each
    instance given its id and marked saved), as plain rows."""
    if not objs:
        return
    db = connections[DEFAULT_DB_ALIAS]  # the connection itself: the proxy costs a lookup per use
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    stamp: dict[int, Any] = {}
    for i, field in enumerate(fields):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field.attname, now)
            stamp[i] = field.get_db_prep_save(now, db)
    checks = [(i, f, _AS_IS.get(f.get_internal_type(), ())) for i, f in enumerate(fields) if i not in stamp]
    values = attrgetter(*(f.attname for f in fields))
    ids = _next_ids(model, len(objs))
    rows = []
    for pk, obj in zip(ids, objs, strict=True):
        row = list(values(obj))
        for i, field, as_is in checks:
            value = row[i]
            if value is not None and type(value) not in as_is:
                row[i] = field.get_db_prep_save(value, db)
        for i, value in stamp.items():
            row[i] = value
        row.append(pk)
        rows.append(row)
        obj.pk = pk
        state = obj._state
        state.adding, state.db = False, db.alias
    _write_rows(model._meta.db_table, [*(f.column for f in fields), model._meta.pk.column], rows)


def _next_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` ids for new rows of ``model``, to be inserted in this transaction."""
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), column, count],
            )
            return sorted(pk for (pk,) in cursor.fetchall())
        # SQLite: the transaction holds the database's write lock from its start (IMMEDIATE), so nobody else
        # can take these ids; after the largest ever given (AUTOINCREMENT never gives one again), which the
        # inserts then move on.
        if not connection.in_atomic_block:
            raise RuntimeError("ids are taken only inside the load's transaction, which holds the write lock")
        quoted = connection.ops.quote_name(table)
        cursor.execute(
            f"SELECT MAX(COALESCE((SELECT MAX({connection.ops.quote_name(column)}) FROM {quoted}), 0), "  # noqa: S608
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        (last,) = cursor.fetchone()
        return list(range(last + 1, last + 1 + count))


def _key_rows(persons: Sequence[Person]) -> list[tuple[int, str, int, bool]]:
    """The name index rows as (agency, key, person, is_word), in the order of the range index (agency, key,
    person): each insert then lands beside the last one instead of at a random page of an index larger than
    the cache. Sorted agency by agency and on the key alone (stable, so a key's persons stay in their order):
    comparing strings rather than tuples halves the sort."""
    by_agency: dict[int, list[tuple[str, int, bool]]] = {}
    for person in persons:
        pk = person.pk
        rows = by_agency.get(person.owner_agency_id)
        if rows is None:
            rows = by_agency[person.owner_agency_id] = []
        rows += [(key, pk, is_word) for key, is_word in person.index_keys().items()]
    ordered: list[tuple[int, str, int, bool]] = []
    for agency in sorted(by_agency):
        rows = by_agency[agency]
        rows.sort(key=itemgetter(0))
        ordered += [(agency, key, pk, is_word) for key, pk, is_word in rows]
    return ordered


def _write_keys(rows: list[tuple[int, str, int, bool]]) -> None:
    _write_rows(PersonKey._meta.db_table, ["owner_agency_id", "key", "person_id", "is_word"], rows)


def _write_rows(table: str, columns: list[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert plain rows (values as the driver takes them): PostgreSQL's COPY; SQLite's executemany of one
    INSERT, or for narrow rows (the name index's four columns) one statement reading them from a JSON array,
    a sixth less work, most of an executemany going in binding each row's values. json_extract parses the
    row once per column, so a wide row costs twice as much that way. JSON keeps text, numbers, booleans and
    NULL, all a name index row holds."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw: Any = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        elif len(columns) <= _JSON_COLUMNS:
            values = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
            insert = f"INSERT INTO {quote(table)} ({names}) SELECT {values} FROM json_each(%s)"  # noqa: S608
            cursor.execute(insert, [json.dumps(rows, ensure_ascii=False)])
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608


@contextmanager
def _page_cache() -> Iterator[None]:
    """On SQLite, a bigger page cache for the load (this connection only, put back after): the name index
    outgrows the default 2 MB long before a municipality's records are in."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (cache,) = cursor.fetchone()
        cursor.execute("PRAGMA cache_size = -262144")  # 256 MiB
        try:
            yield
        finally:
            cursor.execute(f"PRAGMA cache_size = {int(cache)}")
