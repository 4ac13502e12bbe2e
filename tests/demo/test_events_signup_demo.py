"""The demo's public sign-up form (kasane.demo.prefecture.events_signup): 北海道's next event open, with a 定員
and a 締切 ahead, and a few sign-ups through the form, built on the events demo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import time_machine

from kasane.demo.prefecture import events as demo_events
from kasane.demo.prefecture import events_signup as demo
from kasane.events.models import Event, RegistrationChannel
from kasane.events.signup import refusal, remaining_places
from tests.clock import morning_of

from .helpers import TODAY, build_hokkaido

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("day", [TODAY, dt.date(2027, 3, 20), dt.date(2026, 4, 1)])
def test_one_event_open_with_places_left_and_public_signups(
    settings: Any, tmp_path: Path, day: dt.date
) -> None:
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(morning_of(day), tick=False):
        prefecture, staff = build_hokkaido()
        demo_events.load(prefecture, day, staff)
        demo.load(prefecture, day, staff)
        [event] = Event.objects.filter(prefecture=prefecture, signup_open=True)
        assert event.starts_on >= day + dt.timedelta(days=demo.LEAD_DAYS)
        assert event.signup_deadline is not None and day < event.signup_deadline < event.starts_on
        public = event.registrations.filter(channel=RegistrationChannel.PUBLIC)
        assert public.count() == demo.SIGNUPS
        assert all(r.email and r.user_id is None for r in public)
        assert remaining_places(event, event.registrations.count()) == demo.PLACES_LEFT
        assert refusal(event, day=day, registered=event.registrations.count()) is None
