"""Events and sign-ups made directly, for the events tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kasane.accounts.models import User
from kasane.events.models import Event, EventFormat, EventKind, ParticipantCategory, Registration
from kasane.lib.dates import fiscal_year
from kasane.tenancy.models import Municipality, Prefecture


def make_event(prefecture: Prefecture, creator: User, title: str, starts_on: dt.date, **extra: Any) -> Event:
    return Event.objects.create(
        prefecture=prefecture,
        kind=extra.pop("kind", EventKind.FORUM),
        title=title,
        fiscal_year=fiscal_year(starts_on),
        starts_on=starts_on,
        format=extra.pop("format", EventFormat.IN_PERSON),
        place=extra.pop("place", "県庁 会議室"),
        created_by=creator,
        **extra,
    )


def register(event: Event, name: str, municipality: Municipality | None = None, **extra: Any) -> Registration:
    return Registration.objects.create(
        event=event,
        name=name,
        municipality=municipality,
        category=extra.pop(
            "category", ParticipantCategory.MUNICIPAL if municipality else ParticipantCategory.BUREAU
        ),
        **extra,
    )
