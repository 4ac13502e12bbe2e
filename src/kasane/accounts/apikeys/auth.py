"""Checking a presented key, and letting its system act through the one permission check.

A key's account holds no membership rows. Instead, for the request, its memberships are the one the key
describes: the key's agency with a role carrying exactly the key's scopes, built in memory and put where
``permissions.memberships_of`` keeps a request's memberships. Every check (``permissions.has_perm``, the
casework ``Viewer``, the rule book's id sets) and every audit entry then works as for a member of staff of that
agency, while the account appears in no list of staff, meeting members or assignees, and nothing in the staff
pages can give it a password or a role.
"""

from __future__ import annotations

import datetime as dt
import hmac

from django.utils import timezone

from kasane.accounts.apikeys.models import KEY_PREFIX, ApiKey
from kasane.accounts.apikeys.services import digest
from kasane.accounts.models import Membership, Role

# Writing the last use once a minute is enough to tell which systems still call, without a write per request.
LAST_USED_EVERY = dt.timedelta(minutes=1)
# Compared against when no key has the presented prefix, so an unknown key costs what a wrong secret does.
_NO_KEY = digest("")


def prefix_of(raw_key: str) -> str | None:
    if not raw_key.startswith(KEY_PREFIX):
        return None
    prefix, sep, secret = raw_key.removeprefix(KEY_PREFIX).partition("_")
    return prefix if sep and secret and len(prefix) <= 16 else None


def authenticate(raw_key: str, *, now: dt.datetime | None = None) -> ApiKey | None:
    """The key, ready to act, if ``raw_key`` is one that is neither revoked nor expired; else None."""
    now = now or timezone.now()
    prefix = prefix_of(raw_key)
    key = (
        ApiKey.objects.select_related("user", "agency__municipality", "agency__prefecture")
        .filter(prefix=prefix)
        .first()
        if prefix
        else None
    )
    matches = hmac.compare_digest(digest(raw_key), key.secret_hash if key else _NO_KEY)
    if key is None or not matches or not key.is_usable(now):
        return None
    if key.last_used_at is None or now - key.last_used_at >= LAST_USED_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    act_as(key)
    return key


def act_as(key: ApiKey) -> None:
    """Give the key's account, for this request, the one membership the key describes."""
    user = key.user
    role = Role(code=f"apikey-{key.prefix}", name=key.name, permissions=list(key.scopes))
    user._kasane_memberships = [  # type: ignore[attr-defined]
        Membership(user=user, agency=key.agency, role=role, is_active=True)
    ]
    # Where the trail files an entry with no municipality at hand (audit.trail.home_municipality).
    user._kasane_home_municipality = key.agency.municipality  # type: ignore[attr-defined]
