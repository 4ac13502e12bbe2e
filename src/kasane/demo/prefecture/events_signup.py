"""Demo: the public sign-up form of 北海道's next event, open with a 定員 and a 締切, and a few people from the
municipalities who signed up through it (without an account), as they would from the invitation's link.

Written through the same services the pages use (kasane.events.signup): the form is opened by the prefecture's
officer, and each sign-up is an anonymous applicant's, from a client address of the public network.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from kasane.audit.actor import Actor
from kasane.demo.names import SURNAMES, email, given_name
from kasane.demo.prefecture import events_data as data
from kasane.events import signup
from kasane.events.models import Event, EventFormat, ParticipantCategory
from kasane.tenancy.models import Municipality, Prefecture

if TYPE_CHECKING:
    from kasane.demo.prefecture.staff import BackupStaff

SIGNUPS = 7  # how many signed up through the form
PLACES_LEFT = 5  # 定員 = everyone registered + this
LEAD_DAYS = 14  # the form is opened for an event at least this far ahead
DEADLINE_BEFORE = 7  # 締切: a week before the day


def load(prefecture: Prefecture, today: dt.date, staff: BackupStaff) -> None:
    event = (
        Event.objects.filter(prefecture=prefecture, starts_on__gte=today + dt.timedelta(days=LEAD_DAYS))
        .exclude(format=EventFormat.ONLINE)
        .select_related("block")
        .order_by("starts_on", "pk")
        .first()
    )
    if event is None:
        return
    rng = random.Random(f"signup-{prefecture.code}")
    capacity = event.registrations.count() + SIGNUPS + PLACES_LEFT
    deadline = event.starts_on - dt.timedelta(days=DEADLINE_BEFORE)
    officer = Actor(user=staff.prefecture, prefecture=prefecture)
    signup.save_settings(event, signup_open=True, capacity=capacity, deadline=deadline, actor=officer)
    towns = Municipality.objects.filter(prefecture=prefecture).order_by("code")
    if event.block is not None:
        towns = towns.filter(profile__block=event.block)
    choices = list(towns)
    for n in range(SIGNUPS):
        town = rng.choice(choices) if choices else None
        signup.sign_up(event, _applicant(rng, town, n), actor=Actor(client_address=f"203.0.113.{20 + n}"))


def _applicant(rng: random.Random, town: Municipality | None, n: int) -> signup.Applicant:
    family = rng.choice(SURNAMES)
    given = given_name(rng, rng.choice(("female", "male")), rng.randint(1968, 2000))
    from_agency = town is not None and n % 3 == 2
    if town is None:
        organisation, category = f"{data.PREF_DIVISION}", ParticipantCategory.PREFECTURAL
    elif from_agency:
        organisation, category = f"{town.name}{rng.choice(data.AGENCIES)}", ParticipantCategory.AGENCY
    else:
        division = rng.choice(data.CITY_DIVISIONS if town.name.endswith("市") else data.TOWN_DIVISIONS)
        organisation, category = f"{town.name} {division}", ParticipantCategory.MUNICIPAL
    return signup.Applicant(
        name=f"{family[0]} {given[0]}",
        name_kana=f"{family[1]} {given[1]}",
        municipality=town,
        organisation=organisation,
        category=category,
        occupation=rng.choice(data.OCCUPATIONS),
        email=email(rng).replace("@", f".{n}@"),
    )
