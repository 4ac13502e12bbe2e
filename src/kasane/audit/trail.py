"""Writing to the audit trail: ``audit.log(...)`` is the one call every other module makes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from kasane.audit.models import GENESIS_HASH, AuditEntry, Basis

if TYPE_CHECKING:
    from kasane.accounts.models import User
    from kasane.agencies.models import Agency
    from kasane.tenancy.models import Municipality

_SECRET_KEYS = {"password", "password1", "password2", "totp_secret", "code", "token"}
# Any constant works: it just names the lock that serialises appends on PostgreSQL.
_PG_LOCK_ID = 0x6B6173616E65


def _mask(details: dict[str, Any]) -> dict[str, Any]:
    return {key: ("********" if key in _SECRET_KEYS else value) for key, value in details.items()}


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Behind nginx the real address arrives in X-Real-IP (see docs/deployment.md); never trust it otherwise.
    from django.conf import settings

    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        real = request.META.get("HTTP_X_REAL_IP")
        if real:
            return real
    return request.META.get("REMOTE_ADDR") or None


def log(
    action: str,
    *,
    request: HttpRequest | None = None,
    actor: User | None = None,
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
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    if agency is None and obj is not None and obj._meta.label_lower == "agencies.agency":
        agency = obj
    if municipality is None and agency is not None:
        municipality = agency.municipality
    if municipality is None and request is not None:
        municipality = getattr(request, "municipality", None)
    if municipality is None and actor is not None:
        # Login events happen before a municipality is chosen: file them under the actor's own.
        from kasane.accounts.permissions import municipalities_of

        own = municipalities_of(actor)
        municipality = own[0] if own else None
    entry = AuditEntry(
        actor=actor,
        actor_username=actor.username if actor else "",
        actor_name=actor.full_name if actor else "",
        agency=agency,
        agency_name=agency.name if agency else "",
        municipality=municipality,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=str(obj)[:200] if obj is not None else "",
        person_id=str(person_id),
        basis=str(basis),
        basis_ref=basis_ref,
        ip_address=client_ip(request),
        details=_mask(details or {}),
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_ID])
        # On SQLite the IMMEDIATE transaction mode already holds the database's write lock here.
        last = AuditEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
        entry.prev_hash = last[1] if last else GENESIS_HASH
        entry.created_at = timezone.now()
        # The id is part of the hash, so take it explicitly rather than after the insert.
        entry.pk = (last[0] if last else 0) + 1
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
    return entry
