"""The national forms' migration (casework 0007) on consultations recorded before it: 把握ルート from who came,
相談時の性別 from the person (the purge keeps the sex), 相談時の年代 from the birth date unless the household was
anonymised, whose band the purge kept."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone

from kasane.casework.models import Consultation, Household, Sex
from kasane.lib.dates import TOKYO
from tests import factories
from tests.clock import morning_of

pytestmark = pytest.mark.django_db
migration = importlib.import_module("kasane.casework.migrations.0007_national_forms")


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with time_machine.travel(morning_of(dt.date(2026, 12, 7)), tick=True):
        yield


def _old(person: Any, agency: Any, visitor: str, band: int | None = None) -> Consultation:
    c = factories.consultation(person, agency)
    Consultation.objects.filter(pk=c.pk).update(
        visitor=visitor,
        route="self",
        sex="",
        age_band=band,
        received_at=dt.datetime(2025, 6, 1, 10, 0, tzinfo=TOKYO),
    )
    return c


def test_old_consultations_get_route_sex_and_band(world: dict[str, Any]) -> None:
    north = world["agencies"]["houkatsu_north"]
    mother = factories.person(north, sex=Sex.FEMALE, birth_date=dt.date(1944, 4, 10))
    kept = factories.person(north, "匿名 化済", "とくめい", sex=Sex.MALE, birth_date=None)
    Household.objects.filter(pk=kept.household_id).update(anonymised_at=timezone.now())
    by_family = _old(mother, north, "family")
    by_minsei = _old(kept, north, "minsei", band=60)

    migration.fill_consultations(apps, None)

    by_family.refresh_from_db()
    by_minsei.refresh_from_db()
    assert (by_family.route, by_family.sex, by_family.age_band) == ("family", Sex.FEMALE, 80)
    # Anonymised: the sex is copied, the band the purge kept stays.
    assert (by_minsei.route, by_minsei.sex, by_minsei.age_band) == ("minsei", Sex.MALE, 60)
