"""Writing to the audit trail: ``audit.log(...)`` is the one call every other module makes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from kasane.audit.actor import Actor
from kasane.audit.chains import chain_end
from kasane.audit.models import GENESIS_HASH, AuditEntry, Basis, chain_of
from kasane.tenancy.models import Municipality

if TYPE_CHECKING:
    from kasane.accounts.models import User
    from kasane.agencies.models import Agency

_SECRET_KEYS = {"password", "password1", "password2", "totp_secret", "code", "token"}
# Any int4 constant works: with the chain as the second key it names the lock that serialises appends to one
# chain on PostgreSQL (pg_advisory_xact_lock(int4, int4)), so writers to different chains never meet.
_PG_LOCK_CLASS = 0x6B617361
# The entries of reads made during a request outside any transaction, appended in one go before the response
# leaves (``batched``). None outside a request.
_pending: ContextVar[list[AuditEntry] | None] = ContextVar("kasane_audit_pending", default=None)


def _mask(details: dict[str, Any]) -> dict[str, Any]:
    return {key: ("********" if key in _SECRET_KEYS else value) for key, value in details.items()}


def object_label(obj: Any) -> str:
    """What the trail calls the object. Personal records define ``audit_label`` ("本人 No.12"), which names
    the record without its content: the trail is kept forever, so it must not keep names or free text."""
    if obj is None:
        return ""
    label = getattr(obj, "audit_label", None)
    return str(label if label is not None else obj)[:200]


@dataclass(frozen=True)
class Item:
    """One record in a ``log_many`` call: what was touched, whose it is and on which basis."""

    obj: Any = None
    object_type: str = ""
    object_id: str | int = ""
    person_id: str | int = ""
    basis: Basis | str = Basis.NONE
    basis_ref: str = ""
    details: dict[str, Any] | None = None


def log(
    action: str,
    *,
    actor: Actor | None = None,
    user: User | None = None,
    agency: Agency | None = None,
    municipality: Municipality | None = None,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    person_id: str | int = "",
    basis: Basis | str = Basis.NONE,
    basis_ref: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Call it inside the transaction that makes the change it records. A read recorded
    outside any transaction during a request is appended with the request's other reads when the page has
    answered (``batched``): until then the returned entry has no id, chain or hash."""
    entry = _build(
        action,
        actor=actor,
        user=user,
        agency=agency,
        municipality=municipality,
        item=Item(obj, object_type, object_id, person_id, basis, basis_ref, details),
    )
    _append_or_defer([entry])
    return entry


def log_many(
    action: str,
    items: Sequence[Item],
    *,
    actor: Actor | None = None,
    user: User | None = None,
    agency: Agency | None = None,
    municipality: Municipality | None = None,
) -> list[AuditEntry]:
    """Append one entry per item in one go (one lock, one insert), for an export or a search that discloses
    many people's records at once: each person's entry then carries its own person_id and basis, so the
    person's disclosure record and a 開示 find it, while the cost stays the same however many there are."""
    entries = [
        _build(action, actor=actor, user=user, agency=agency, municipality=municipality, item=item)
        for item in items
    ]
    _append_or_defer(entries)
    return entries


@contextmanager
def batched() -> Iterator[None]:
    """Inside, entries logged outside any transaction (the reads of a page: access helpers, searches) are
    kept and appended in one go at the end, so a page that shows several records takes the chain once. The
    append happens before the block is left; if it fails, the error propagates: a read is never unrecorded.
    Entries logged inside a transaction are appended at once, as part of it."""
    pending: list[AuditEntry] = []
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
        _append(pending)


def _in_transaction() -> bool:
    # The atomic blocks a test case wraps each test in do not count: a request in a test behaves as in production.
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _append_or_defer(entries: list[AuditEntry]) -> None:
    pending = _pending.get()
    if pending is not None and not _in_transaction():
        pending.extend(entries)
    else:
        _append(entries)


def home_municipality(user: User) -> Municipality | None:
    """Where an entry about ``user`` is filed when no municipality is at hand (a login happens before one is
    chosen): the first by code of the municipalities of their active memberships. Looked up here, since the
    trail stands below accounts, and remembered on the user object for the request."""
    cached: Municipality | str | None = getattr(user, "_kasane_home_municipality", "unset")
    if cached != "unset":
        return cached  # type: ignore[return-value]
    found = (
        Municipality.objects.filter(agencies__memberships__user=user, agencies__memberships__is_active=True)
        .order_by("code")
        .first()
    )
    user._kasane_home_municipality = found  # type: ignore[attr-defined]
    return found


def _build(
    action: str,
    *,
    actor: Actor | None,
    user: User | None,
    agency: Agency | None,
    municipality: Municipality | None,
    item: Item,
) -> AuditEntry:
    """``user`` names the account when it is not the actor's own (a failed login names the account tried)."""
    actor = actor or Actor()
    user, agency, municipality = _resolve(actor, user, agency, municipality, item.obj)
    object_type, object_id = _object_of(item)
    return AuditEntry(
        actor=user,
        actor_username=user.username if user else "",
        actor_name=user.full_name if user else "",
        agency=agency,
        agency_name=agency.name if agency else "",
        municipality=municipality,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=object_label(item.obj),
        person_id=str(item.person_id),
        basis=str(item.basis),
        basis_ref=item.basis_ref,
        ip_address=actor.client_address,
        details=_mask(item.details or {}),
    )


def _resolve(
    actor: Actor, user: User | None, agency: Agency | None, municipality: Municipality | None, obj: Any
) -> tuple[User | None, Agency | None, Municipality | None]:
    """Whose entry it is: the account, the agency and the municipality it is filed under."""
    user = user or actor.user
    agency = agency or actor.agency
    if agency is None and obj is not None and obj._meta.label_lower == "agencies.agency":
        agency = obj
    if municipality is None and agency is not None:
        municipality = agency.municipality
    if municipality is None:
        municipality = actor.municipality
    if municipality is None and user is not None:
        municipality = home_municipality(user)
    return user, agency, municipality


def _object_of(item: Item) -> tuple[str, str | int]:
    object_type, object_id = item.object_type, item.object_id
    if item.obj is not None:
        object_type = object_type or item.obj._meta.label_lower
        object_id = object_id or item.obj.pk
    return object_type, object_id


def _append(entries: list[AuditEntry]) -> None:
    if not entries:
        return
    by_chain: dict[int, list[AuditEntry]] = {}
    for entry in entries:
        by_chain.setdefault(chain_of(entry.municipality_id), []).append(entry)
    with transaction.atomic():
        # In key order, so that two appends touching the same two chains take their locks in the same order.
        for chain in sorted(by_chain):
            _append_to(chain, by_chain[chain])


def _append_to(chain: int, entries: list[AuditEntry]) -> None:
    prev_seq, prev_hash = _lock_chain_end(chain)
    now = timezone.now()
    for entry in entries:
        entry.chain = chain
        entry.seq = prev_seq + 1
        entry.prev_hash = prev_hash
        entry.created_at = now
        entry.entry_hash = entry.compute_hash()
        prev_seq, prev_hash = entry.seq, entry.entry_hash
    if len(entries) == 1:
        entries[0].save(force_insert=True)
    else:
        AuditEntry.objects.bulk_create(entries)


def _lock_chain_end(chain: int) -> tuple[int, str]:
    """Take the chain (until the transaction ends) and read where it ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s::integer, %s::integer)", [_PG_LOCK_CLASS, chain])
    # SQLite has one writer: the IMMEDIATE transaction mode already holds the database's write lock here, for
    # every chain at once, so the chains only make SQLite's appends no slower.
    return chain_end(chain) or (0, GENESIS_HASH)


# The lean path for loads (``log_bulk``).


@dataclass(slots=True)
class _Row:
    """An entry as plain values, hashed by ``AuditEntry``'s own code (the methods below are the model's), so
    that verify, which recomputes the hash from the stored row, finds exactly what was written."""

    actor_id: int | None
    actor_username: str
    actor_name: str
    agency_id: int | None
    agency_name: str
    municipality_id: int | None
    action: str
    object_type: str
    object_id: str
    object_label: str
    person_id: str
    basis: str
    basis_ref: str
    ip_address: str | None
    details: dict[str, Any]
    created_at: dt.datetime | None = None
    chain: int | None = None
    seq: int | None = None
    prev_hash: str = ""
    entry_hash: str = ""

    pk = None
    is_legacy = AuditEntry.is_legacy
    hashed_content = AuditEntry.hashed_content
    _signed_bytes = AuditEntry._signed_bytes

    def compute_hash(self) -> str:
        return AuditEntry.compute_hash(self)  # type: ignore[arg-type]  # the model's code, on these values


def log_bulk(
    action: str,
    items: Iterable[Item],
    *,
    actor: Actor | None = None,
    user: User | None = None,
    agency: Agency | None = None,
    municipality: Municipality | None = None,
) -> int:
    """``log_many`` for a load of thousands of records (``casework.services.bulk``): the same entries, chained
    and hashed the same way, written as plain rows (PostgreSQL's COPY, SQLite's executemany of one INSERT)
    instead of a model instance each, a few times cheaper an entry. A load is a write: the entries are
    appended at once, inside the caller's transaction, never kept for the end of a request. Returns how many
    were written."""
    actor = actor or Actor()
    common = _resolve(actor, user, agency, municipality, None)
    by_chain: dict[int, list[_Row]] = {}
    masked: tuple[dict[str, Any] | None, dict[str, Any]] = (None, {})
    for item in items:
        obj = item.obj
        if obj is not None and obj._meta.label_lower == "agencies.agency":
            who, whose_agency, town = _resolve(actor, user, agency, municipality, obj)
        else:
            who, whose_agency, town = common
        object_type, object_id = _object_of(item)
        if item.details is not masked[0]:  # the items of a load usually share one details dict
            masked = (item.details, _mask(item.details or {}))
        row = _Row(
            actor_id=who.pk if who else None,
            actor_username=who.username if who else "",
            actor_name=who.full_name if who else "",
            agency_id=whose_agency.pk if whose_agency else None,
            agency_name=whose_agency.name if whose_agency else "",
            municipality_id=town.pk if town else None,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_label=object_label(obj),
            person_id=str(item.person_id),
            basis=str(item.basis),
            basis_ref=item.basis_ref,
            ip_address=actor.client_address,
            details=masked[1],
        )
        by_chain.setdefault(chain_of(row.municipality_id), []).append(row)
    with transaction.atomic():
        for chain in sorted(by_chain):  # in key order, as ``_append``
            prev_seq, prev_hash = _lock_chain_end(chain)
            now = timezone.now()
            for row in by_chain[chain]:
                row.chain, row.seq, row.prev_hash, row.created_at = chain, prev_seq + 1, prev_hash, now
                row.entry_hash = row.compute_hash()
                prev_seq, prev_hash = row.seq, row.entry_hash
            _write_rows(by_chain[chain])
    return sum(len(rows) for rows in by_chain.values())


def _write_rows(rows: list[_Row]) -> None:
    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    values = attrgetter(*(f.attname for f in fields))
    # Text and numbers go to the driver as they are; the rest (the time, the details as JSON, the address) as
    # the field prepares them, once for each distinct value: the rows of a load share them.
    prepared = [
        (i, f)
        for i, f in enumerate(fields)
        if f.get_internal_type()
        not in ("CharField", "PositiveIntegerField", "PositiveBigIntegerField", "ForeignKey")
    ]
    last: dict[int, tuple[Any, Any]] = {i: (object(), None) for i, _ in prepared}

    def plain(row: _Row) -> list[Any]:
        out = list(values(row))
        for i, field in prepared:
            seen, db_value = last[i]
            if out[i] is not seen:
                db_value = field.get_db_prep_save(out[i], connection)
                last[i] = (out[i], db_value)
            out[i] = db_value
        return out

    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw: Any = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(plain(row))
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608 - names only
                [plain(row) for row in rows],
            )
