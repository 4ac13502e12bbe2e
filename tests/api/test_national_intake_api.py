"""The API reads what the 相談受付・申込票 now records (issue 17): 把握ルート・紹介元, 性別・年代 on the day, the B票's
life situation as codes, and the person's home and mobile phones and e-mail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kasane.casework.models import LIFE_FIELDS, Consultation, Route, Sex
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_consultation_and_its_person_read_with_the_new_items(
    client_for: Any, world: dict[str, Any]
) -> None:
    north = world["agencies"]["houkatsu_north"]
    person = factories.person(
        north, sex=Sex.FEMALE, phone="0197-12-3456", mobile="090-1234-5678", email="mitsu@example.jp"
    )
    c = factories.consultation(person, north)
    Consultation.objects.filter(pk=c.pk).update(
        route=Route.AGENCY,
        referrer_agency=world["agencies"]["division"],
        referrer_name="生活保護の窓口",
        sex=Sex.FEMALE,
        age_band=80,
        employment="pensioner",
        housing_unstable=True,
        monthly_income=90000,
        arrears=["rent", "tax"],
        issues=["poverty", "care"],
    )
    client = client_for(world["users"]["soudanin"])
    data = client.get(f"/api/v1/consultations/{c.pk}").json()
    assert (data["route"], data["referrer_agency"], data["referrer_name"]) == (
        "agency",
        "地域福祉課",
        "生活保護の窓口",
    )
    assert (data["sex"], data["age_band"]) == ("female", 80)
    life = data["life"]
    assert set(life) == set(LIFE_FIELDS)
    assert (life["employment"], life["housing_unstable"], life["monthly_income"]) == (
        "pensioner",
        True,
        90000,
    )
    assert life["arrears"] == ["rent", "tax"] and life["issues"] == ["poverty", "care"]
    assert life["welfare"] == "" and life["card_kinds"] == []
    found = client.get(f"/api/v1/persons/{person.pk}").json()
    assert (found["phone"], found["mobile"], found["email"]) == (
        "0197-12-3456",
        "090-1234-5678",
        "mitsu@example.jp",
    )
    by_mobile = client.get("/api/v1/persons", {"phone": "09012345678"}).json()
    assert [p["id"] for p in by_mobile] == [person.pk]


def test_an_unset_referrer_reads_as_null(client_for: Any, world: dict[str, Any]) -> None:
    north = world["agencies"]["houkatsu_north"]
    c = factories.consultation(factories.person(north, birth_date=dt.date(1944, 4, 10)), north)
    data = client_for(world["users"]["soudanin"]).get(f"/api/v1/consultations/{c.pk}").json()
    assert (data["route"], data["referrer_agency"], data["referrer_name"]) == ("self", None, "")
