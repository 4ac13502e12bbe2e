"""Who does something: the one argument every service takes, and every audit entry records.

A member of staff acts in a municipality (or, for the prefecture's backup support, in a prefecture), from a
client address; when it matters, for one of their agencies. kasane itself (a command, the demo, a scheduled
run) acts with no address, and as a user only when one is named. Pages build their actor once per request
(``actor_of``); the API, commands and the demo build theirs directly. Services take it keyword-only
(``actor=``) and hand it to ``audit.log``, so that the same service serves a page, the API, a command and the
demo alike.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest

if TYPE_CHECKING:
    from kasane.accounts.models import User
    from kasane.agencies.models import Agency
    from kasane.tenancy.models import Municipality, Prefecture


@dataclass(frozen=True)
class Actor:
    user: User | None = None
    municipality: Municipality | None = None
    prefecture: Prefecture | None = None
    agency: Agency | None = None
    client_address: str | None = None

    @property
    def staff(self) -> User:
        """The member of staff acting: for services only staff reach (a page behind a login)."""
        if self.user is None:
            raise ValueError("この操作には職員のログインが必要です。")
        return self.user

    @property
    def in_prefecture(self) -> Prefecture:
        """The prefecture the actor works in: for the backup-support services."""
        if self.prefecture is None:
            raise ValueError("都道府県の後方支援の画面から操作してください。")
        return self.prefecture


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # Behind nginx the real address arrives in X-Real-IP (see docs/deployment.md); never trust it otherwise.
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        real = _address(request.META.get("HTTP_X_REAL_IP"))
        if real:
            return real
    return _address(request.META.get("REMOTE_ADDR"))


def _address(value: object) -> str | None:
    """An IP address as the trail stores it, or None for anything that is not one (a forged header)."""
    try:
        return str(ipaddress.ip_address(str(value).strip())) if value else None
    except ValueError:
        return None


def actor_of(request: HttpRequest) -> Actor:
    """The request's actor, built once (and again only if the view has since set the municipality or the
    prefecture it works in)."""
    user: Any = getattr(request, "user", None)
    municipality = getattr(request, "municipality", None)
    prefecture = getattr(request, "prefecture", None)
    cached: Actor | None = getattr(request, "_kasane_actor", None)
    if cached is not None and cached.municipality is municipality and cached.prefecture is prefecture:
        return cached
    actor = Actor(
        user=user if user is not None and user.is_authenticated else None,
        municipality=municipality,
        prefecture=prefecture,
        client_address=client_ip(request),
    )
    request._kasane_actor = actor  # type: ignore[attr-defined]
    return actor
