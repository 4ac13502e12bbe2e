"""The access matrix's rows for events_signup: the public sign-up form (/e/<signup_key>/, kasane.events.public_urls)
and the support staff's sign-up panel and invitation texts.

The public form answers 200 to everyone, logged in or not, while the form is open; the confirmation shows a
sign-up only to the browser that made it, and sends anyone else back to the form (302). Nothing reachable from
/e/ names another participant (tests/events/test_signup.py); a closed form or an unknown key is 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access.outcomes import LOGIN, Rows, everyone, support_staff


def _event(w: dict[str, Any]) -> Any:
    from kasane.events.models import Event, EventKind
    from kasane.lib.dates import fiscal_year, today

    day = today() + dt.timedelta(days=30)
    return Event.objects.get_or_create(
        prefecture=w["municipality"].prefecture,
        title="人材養成研修（申込フォームの確認）",
        defaults={
            "kind": EventKind.TRAINING,
            "fiscal_year": fiscal_year(day),
            "starts_on": day,
            "format": "online",
            "signup_open": True,
            "capacity": 30,
            "created_by": w["users"]["prefecture"],
        },
    )[0]


EXPECTED: Rows = {
    "signup:form": (lambda w: f"/e/{_event(w).signup_key}/", 200, everyone(200)),
    "signup:done": (lambda w: f"/e/{_event(w).signup_key}/done/", 302, everyone(302)),
    "events:signup_settings": (lambda w: f"/events/{_event(w).pk}/signup/", LOGIN, support_staff(405)),
    "events:signup_qr": (lambda w: f"/events/{_event(w).pk}/signup/qr.png", LOGIN, support_staff()),
    "events:invitations": (lambda w: f"/events/{_event(w).pk}/invitations/", LOGIN, support_staff()),
    "events:invitations_send": (
        lambda w: f"/events/{_event(w).pk}/invitations/send/",
        LOGIN,
        support_staff(405),
    ),
}
