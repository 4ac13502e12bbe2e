"""Issuing and revoking a system's API key: each one transaction with its audit entry.

A key acts through an account of its own (see ``auth``), so issuing one makes that account: no usable
password (the login page can never open it), named 「[システム] <name>」 so that the trail names the system.
Revoking deactivates both the key and the account at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from kasane import audit
from kasane.accounts import permissions
from kasane.accounts.apikeys.models import API_SCOPES, KEY_PREFIX, ApiKey
from kasane.accounts.models import User
from kasane.audit.actor import Actor

if TYPE_CHECKING:
    from kasane.agencies.models import Agency
    from kasane.tenancy.models import Municipality

SYSTEM_NAME_MARK = "[システム]"
# Key accounts' user names; no member of staff may take one (staff forms and the import refuse it).
ACCOUNT_PREFIX = "apikey."
# Who may grant what, as for roles (kasane.staff.access.grantable_roles): only the municipal administrator
# (staff.manage_all) issues keys, and gives any API permission that stays inside the municipality.
GRANTABLE_SCOPES = (permissions.Scope.AGENCY, permissions.Scope.MUNICIPALITY)


class KeyRefused(ValueError):
    """A key that may not be issued as asked; the message says why."""


def digest(raw_key: str) -> str:
    """The key's SHA-256. The secret is 32 random bytes, so a fast hash suffices (a slow one guards guessable
    passwords, and would cost every API call); what matters is that the database never holds the key."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


def grantable_scopes(actor: Actor, municipality: Municipality | None) -> list[str]:
    """The API permissions this actor may put on a key in this municipality. kasane itself (the ``apikey``
    command, run by whoever runs the server) may give any of them; staff only with ``staff.manage_all``."""
    allowed = [code for code in API_SCOPES if permissions.get(code).scope in GRANTABLE_SCOPES]
    if actor.user is None:
        return allowed
    if municipality is None or not permissions.has_perm(
        actor.user, "staff.manage_all", municipality=municipality
    ):
        return []
    return allowed


@transaction.atomic
def issue_key(
    *,
    name: str,
    agency: Agency,
    scopes: list[str],
    expires_at: dt.datetime | None,
    actor: Actor,
) -> tuple[ApiKey, str]:
    """A new key for the system ``name``, acting for ``agency``. Returns the key and its secret, which is
    shown once and never kept."""
    municipality = agency.municipality
    if municipality is None:
        raise KeyRefused("APIキーは市町村の機関にだけ発行できます。")
    allowed = grantable_scopes(actor, municipality)
    refused = [code for code in scopes if code not in allowed]
    if refused or not scopes:
        raise KeyRefused(
            "付けられない権限が含まれています。" if refused else "権限を一つ以上選んでください。"
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise KeyRefused("有効期限は今より後の日時にしてください。")
    prefix = secrets.token_hex(4)
    while (
        ApiKey.objects.filter(prefix=prefix).exists()
        or User.objects.filter(username__iexact=f"{ACCOUNT_PREFIX}{prefix}").exists()
    ):
        prefix = secrets.token_hex(4)
    raw_key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    user = User(username=f"{ACCOUNT_PREFIX}{prefix}", full_name=f"{SYSTEM_NAME_MARK} {name}"[:60])
    user.set_unusable_password()
    user.save()
    key = ApiKey.objects.create(
        name=name,
        agency=agency,
        user=user,
        scopes=[code for code in API_SCOPES if code in scopes],
        prefix=prefix,
        secret_hash=digest(raw_key),
        created_by=actor.user,
        expires_at=expires_at,
    )
    audit.log(
        "apikey.issued",
        actor=actor,
        obj=key,
        agency=key.agency,
        details={
            "name": name,
            "key": key.label,
            "scopes": key.scopes,
            "expires": expires_at.isoformat() if expires_at else "",
        },
    )
    return key, raw_key


@transaction.atomic
def revoke_key(key: ApiKey, *, actor: Actor) -> None:
    """From this moment the key answers 401 and its account is inactive; the record stays, for the trail."""
    key = ApiKey.objects.select_for_update().select_related("user", "agency").get(pk=key.pk)
    municipality = key.agency.municipality
    if actor.user is not None and not permissions.has_perm(
        actor.user, "staff.manage_all", municipality=municipality
    ):
        raise KeyRefused("APIキーを失効させられるのは、市の管理者だけです。")
    if key.revoked_at is not None:
        raise KeyRefused("このAPIキーはすでに失効しています。")
    key.revoked_at = timezone.now()
    key.revoked_by = actor.user
    key.save(update_fields=["revoked_at", "revoked_by"])
    key.user.is_active = False
    key.user.save(update_fields=["is_active"])
    audit.log(
        "apikey.revoked",
        actor=actor,
        obj=key,
        agency=key.agency,
        details={"name": key.name, "key": key.label},
    )
