"""The questionnaire tests' people and places: 岩手県 and its support staff (``ken``), support staff of another
prefecture (``outsider``), and an open forum questionnaire made from 003's template."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kasane.accounts.models import Membership, Role, User
from kasane.agencies.models import Agency, AgencyKind
from kasane.events.models import EventKind
from kasane.lib.dates import today
from kasane.questionnaires import starters
from kasane.questionnaires.models import Questionnaire
from kasane.tenancy.models import Prefecture

from .helpers import make_event, make_questionnaire


@pytest.fixture
def ken(world: dict[str, Any]) -> User:
    return world["users"]["prefecture"]


@pytest.fixture
def iwate(world: dict[str, Any]) -> Prefecture:
    return world["municipality"].prefecture


@pytest.fixture
def outsider(db: None) -> User:
    """Support staff of another prefecture (北海道)."""
    hokkaido = Prefecture.objects.get_or_create(code="01", defaults={"name": "北海道"})[0]
    agency = Agency.objects.create(
        prefecture=hokkaido, municipality=None, name="北海道保健福祉部", kind=AgencyKind.PREFECTURE
    )
    user = User.objects.create_user(username="dou", password="x-unused-2026", full_name="道 職員")
    Membership.objects.create(user=user, agency=agency, role=Role.objects.get(code="prefecture"))
    return user


@pytest.fixture
def forum(iwate: Prefecture, ken: User) -> Questionnaire:
    # Held yesterday: its questionnaire takes answers from the event's start, whatever the time of day now.
    event = make_event(
        iwate,
        ken,
        kind=EventKind.FORUM,
        title="県央ブロック 情報共有の場",
        starts_on=today() - dt.timedelta(days=1),
    )
    return make_questionnaire(
        iwate, ken, starter=starters.FORUM, event=event, title="情報共有の場 アンケート"
    )
