"""The events tests' world (the ``ev`` fixture)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kasane.agencies.models import AgencyKind
from kasane.events.models import EventKind
from kasane.lib.dates import today
from kasane.readiness.models import Block, MunicipalityProfile
from kasane.tenancy.models import Prefecture

from .helpers import make_event, register


@pytest.fixture
def ev(world: dict[str, Any], make_agency: Any, make_user: Any) -> dict[str, Any]:
    prefecture = world["municipality"].prefecture
    users = world["users"]
    contractor = make_agency(
        None, "地域共生コンサルティング株式会社", kind=AgencyKind.OTHER, fields=("other",)
    )
    users["fasi"] = make_user("fasi", contractor, "backup_contractor", full_name="石田 里奈")
    north = Block.objects.create(prefecture=prefecture, name="県北", sort_order=1)
    south = Block.objects.create(prefecture=prefecture, name="県南", sort_order=2)
    MunicipalityProfile.objects.create(municipality=world["municipality"], block=north)
    MunicipalityProfile.objects.create(municipality=world["other_municipality"], block=south)
    day = today()
    ken = users["prefecture"]
    upcoming = make_event(
        prefecture, ken, "情報共有の場（県北ブロック）", day + dt.timedelta(days=20), block=north
    )
    past = make_event(
        prefecture, ken, "第1回 人材養成研修", day - dt.timedelta(days=20), kind=EventKind.TRAINING
    )
    past_other = make_event(
        prefecture, ken, "情報共有の場（県南ブロック）", day - dt.timedelta(days=40), block=south
    )
    register(past, users["city"].full_name, world["municipality"], user=users["city"], attended=True)
    register(past, "沢口 恵", world["other_municipality"], attended=True)
    register(past_other, "沢口 恵", world["other_municipality"], attended=True)
    hokkaido = Prefecture.objects.create(code="01", name="北海道")
    elsewhere = make_event(hokkaido, ken, "情報共有の場（道北ブロック）", day + dt.timedelta(days=10))
    return {
        **world,
        "blocks": {"north": north, "south": south},
        "upcoming": upcoming,
        "past": past,
        "past_other": past_other,
        "elsewhere": elsewhere,
    }
