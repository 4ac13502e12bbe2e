"""The access matrix's rows for events (kasane.events).

The world's prefecture (岩手県) holds every role's agency, so every role is a participant of its backup
support; only ``prefecture`` (都道府県担当) is support staff. The event is an upcoming 情報共有の場 that the
city's programme officer (``city``) has signed up for; its recording is a link, so the download answers with
a redirect to those allowed and nothing is written to the data directory.
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
        title="情報共有の場（アクセス確認）",
        defaults={
            "kind": EventKind.FORUM,
            "fiscal_year": fiscal_year(day),
            "starts_on": day,
            "format": "online",
            "created_by": w["users"]["prefecture"],
        },
    )[0]


def _registration(w: dict[str, Any]) -> Any:
    from kasane.events.models import ParticipantCategory, Registration

    return Registration.objects.get_or_create(
        event=_event(w),
        user=w["users"]["city"],
        defaults={
            "name": w["users"]["city"].full_name,
            "municipality": w["municipality"],
            "category": ParticipantCategory.MUNICIPAL,
        },
    )[0]


def _recording(w: dict[str, Any]) -> Any:
    from kasane.events.models import EventMaterial, MaterialKind

    _registration(w)
    return EventMaterial.objects.get_or_create(
        event=_event(w),
        title="当日の録画",
        defaults={
            "kind": MaterialKind.RECORDING,
            "link": "https://video.example.jp/recording",
            "uploaded_by": w["users"]["prefecture"],
        },
    )[0]


EXPECTED: Rows = {
    "events:list": (lambda w: "/events/", LOGIN, everyone(200)),
    "events:new": (lambda w: "/events/new/", LOGIN, support_staff()),
    # Upcoming: every member of staff of the prefecture may see it and sign up.
    "events:detail": (lambda w: f"/events/{_event(w).pk}/", LOGIN, everyone(200)),
    "events:edit": (lambda w: f"/events/{_event(w).pk}/edit/", LOGIN, support_staff()),
    "events:programme": (lambda w: f"/events/{_event(w).pk}/programme/", LOGIN, support_staff()),
    "events:register": (lambda w: f"/events/{_event(w).pk}/register/", LOGIN, everyone(405)),
    "events:cancel": (lambda w: f"/events/{_event(w).pk}/cancel/", LOGIN, everyone(405)),
    "events:registrations": (lambda w: f"/events/{_event(w).pk}/participants/", LOGIN, support_staff()),
    "events:registration_new": (
        lambda w: f"/events/{_event(w).pk}/participants/new/",
        LOGIN,
        support_staff(),
    ),
    "events:registration_edit": (
        lambda w: f"/events/participants/{_registration(w).pk}/",
        LOGIN,
        support_staff(),
    ),
    "events:registration_delete": (
        lambda w: f"/events/participants/{_registration(w).pk}/delete/",
        LOGIN,
        support_staff(405),
    ),
    "events:groups": (lambda w: f"/events/{_event(w).pk}/groups/", LOGIN, support_staff()),
    "events:material_new": (lambda w: f"/events/{_event(w).pk}/materials/new/", LOGIN, support_staff()),
    # Materials and recordings: support staff and the event's own participants; nobody else learns of them.
    "events:material": (
        lambda w: f"/events/materials/{_recording(w).pk}/",
        LOGIN,
        {**everyone(404), "prefecture": 302, "city": 302},
    ),
    "events:material_delete": (
        lambda w: f"/events/materials/{_recording(w).pk}/delete/",
        LOGIN,
        support_staff(405),
    ),
}
