"""Whether a sitting or a workshop took place, as far as the records say: the report counts only what was held.

An event is *held* once its day has come and attendance is on record; before its day it is *planned*
(予定); after its day with nobody marked present it is *unrecorded* — the report does not state participants
for it as if it had taken place. A dispatch's 現地ワークショップ is held once its day has come and its
participants were counted.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from kasane.dispatch.models import Workshop
from kasane.events.models import Event, Registration

HELD = "held"
PLANNED = "planned"
UNRECORDED = "unrecorded"

LABELS = {HELD: "", PLANNED: "開催予定", UNRECORDED: "出席の記録なし"}


def event_states(events: list[Event], today: dt.date) -> dict[int, str]:
    present = dict(
        Registration.objects.filter(event__in=events, attended=True)
        .values_list("event")
        .annotate(n=Count("pk"))
        .values_list("event", "n")
    )
    return {event.pk: _state(event.starts_on, bool(present.get(event.pk)), today) for event in events}


def workshop_state(workshop: Workshop, today: dt.date) -> str:
    return _state(workshop.held_on, workshop.participant_total > 0, today)


def _state(day: dt.date, recorded: bool, today: dt.date) -> str:
    if day > today:
        return PLANNED
    return HELD if recorded else UNRECORDED
