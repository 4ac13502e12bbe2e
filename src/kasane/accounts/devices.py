"""Known devices: a browser where someone has logged in before carries a signed cookie naming that account.

A stranger who fails 30 passwords from a shared address (an office behind one NAT, a proxy) stops that address
for everyone (``throttle``). With the cookie, a member of staff at their usual terminal is not stopped by the
address lock: only by the locks on their own name, which a stranger cannot trip without guessing that name.
This is OWASP's "device cookie" defence against lockout as a denial of service. The cookie carries the
account id alone, signed with the secret key, and helps only that account.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from kasane.accounts.models import User

COOKIE = "kasane_device"
_SALT = "kasane.accounts.known-device"
MAX_AGE = 180 * 24 * 60 * 60  # half a year: a terminal in daily use renews it at every login
PATH = "/accounts/"  # sent to the login pages only


def device_user_id(request: HttpRequest) -> int | None:
    """The account this browser has logged in as before, if its cookie is genuine and not expired."""
    value = request.COOKIES.get(COOKIE, "")
    if not value:
        return None
    try:
        data = signing.loads(value, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    uid = data.get("u") if isinstance(data, dict) else None
    return uid if isinstance(uid, int) else None


def remember(response: HttpResponse, user: User) -> None:
    response.set_cookie(
        COOKIE,
        signing.dumps({"u": user.pk}, salt=_SALT),
        max_age=MAX_AGE,
        path=PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
