"""Writing to the audit trail: ``audit.log(...)`` is the one call every other module makes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from kasane.audit.actor import Actor
from kasane.audit.models import GENESIS_HASH, AuditEntry, Basis
from kasane.tenancy.models import Municipality

if TYPE_CHECKING:
    from kasane.accounts.models import User
    from kasane.agencies.models import Agency

_SECRET_KEYS = {"password", "password1", "password2", "totp_secret", "code", "token"}
# Any constant works: it just names the lock that serialises appends on PostgreSQL.
_PG_LOCK_ID = 0x6B6173616E65


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
    """Append one entry. Call it inside the transaction that makes the change it records."""
    entry = _build(
        action,
        actor=actor,
        user=user,
        agency=agency,
        municipality=municipality,
        item=Item(obj, object_type, object_id, person_id, basis, basis_ref, details),
    )
    _append([entry])
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
    _append(entries)
    return entries


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
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_ID])
        # On SQLite the IMMEDIATE transaction mode already holds the database's write lock here.
        last = AuditEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
        prev_hash, prev_id = (last[1], last[0]) if last else (GENESIS_HASH, 0)
        now = timezone.now()
        for entry in entries:
            entry.prev_hash = prev_hash
            entry.created_at = now
            # The id is part of the hash, so take it explicitly rather than after the insert.
            entry.pk = prev_id + 1
            entry.entry_hash = entry.compute_hash()
            prev_hash, prev_id = entry.entry_hash, entry.pk
        if len(entries) == 1:
            entries[0].save(force_insert=True)
        else:
            AuditEntry.objects.bulk_create(entries)
