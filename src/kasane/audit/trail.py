"""Writing to the audit trail: ``audit.log(...)`` is the one call every other module makes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
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
    user = user or actor.user
    agency = agency or actor.agency
    obj, object_type, object_id = item.obj, item.object_type, item.object_id
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    if agency is None and obj is not None and obj._meta.label_lower == "agencies.agency":
        agency = obj
    if municipality is None and agency is not None:
        municipality = agency.municipality
    if municipality is None:
        municipality = actor.municipality
    if municipality is None and user is not None:
        municipality = home_municipality(user)
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
        object_label=object_label(obj),
        person_id=str(item.person_id),
        basis=str(item.basis),
        basis_ref=item.basis_ref,
        ip_address=actor.client_address,
        details=_mask(item.details or {}),
    )


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
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s::integer, %s::integer)", [_PG_LOCK_CLASS, chain])
    # SQLite has one writer: the IMMEDIATE transaction mode already holds the database's write lock here, for
    # every chain at once, so the chains only make SQLite's appends no slower.
    prev_seq, prev_hash = chain_end(chain) or (0, GENESIS_HASH)
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
