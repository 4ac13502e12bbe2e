"""An intake that starts from a つなぎ the agency accepted: the person is the one referred, and the sender is
the 紹介元 (把握ルート 関係機関からの紹介, reference §3.1 #31). Only the receiving agency, and only while the
つなぎ stands accepted, may start one; anyone else gets 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kasane.casework.models import Consultation, Route
from kasane.casework.models.referrals import Status
from kasane.casework.services.referrals import snapshot
from kasane.casework.visibility import Viewer
from tests import factories
from tests.clock import morning_of

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 10)


@pytest.fixture(autouse=True)
def _june() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=True):
        yield


@pytest.fixture
def setting(world: dict[str, Any], make_user: Any) -> dict[str, Any]:
    north, south = world["agencies"]["houkatsu_north"], world["agencies"]["houkatsu_south"]
    person = factories.person(north)
    sent = factories.consultation(person, north)
    referral = factories.referral(sent, south, None)
    return {
        "person": person,
        "referral": referral,
        "north": north,
        "south": south,
        "receiver": make_user("minami", south, "soudanin"),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(referral: Any) -> str:
    return reverse("consultations:new") + f"?referral={referral.pk}"


def test_the_receiver_starts_an_intake_with_the_sender_as_referrer(setting: dict[str, Any]) -> None:
    referral, north = setting["referral"], setting["north"]
    client = _client(setting["receiver"])
    page = client.get(_url(referral))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["route"] == Route.AGENCY and form.initial["referrer_agency"] == north.pk
    assert "からのつなぎ" in page.content.decode()

    posted = client.post(
        reverse("consultations:new"),
        {
            "referral": referral.pk,
            "received_at_0": "2026-06-10",
            "received_at_1": "10:00",
            "channel": "visit",
            "route": "agency",
            "referrer_agency": north.pk,
            "visitor": "self",
            "topics": ["care"],
            "main_topic": "care",
            "complaint": "つなぎを受けて来所。",
            "response": "continue",
            "consent_variant": "without",
        },
    )
    assert posted.status_code == 302
    taken = Consultation.objects.get(owner_agency=setting["south"])
    assert taken.person == setting["person"]
    assert taken.route == Route.AGENCY and taken.referrer_agency == north


def test_the_referral_page_offers_the_intake_to_the_receiver_only(
    setting: dict[str, Any], world: Any
) -> None:
    referral = setting["referral"]
    link = _url(referral)
    receiver_page = _client(setting["receiver"]).get(reverse("referrals:detail", args=[referral.pk]))
    assert link in receiver_page.content.decode()
    sender_page = _client(world["users"]["soudanin"]).get(reverse("referrals:detail", args=[referral.pk]))
    assert link not in sender_page.content.decode()


@pytest.mark.parametrize("who", ["sender", "outsider", "neighbour"])
def test_nobody_but_the_receiver_starts_one(setting: dict[str, Any], world: Any, who: str) -> None:
    users = {
        "sender": world["users"]["soudanin"],
        "outsider": world["users"]["coordinator"],
        "neighbour": world["users"]["other_city"],
    }
    assert _client(users[who]).get(_url(setting["referral"])).status_code == 404


@pytest.mark.parametrize("status", [Status.REQUESTED, Status.DECLINED])
def test_a_referral_not_accepted_starts_nothing(setting: dict[str, Any], status: str) -> None:
    referral = setting["referral"]
    referral.status = status
    referral.save(update_fields=["status"])
    assert _client(setting["receiver"]).get(_url(referral)).status_code == 404


@pytest.mark.parametrize(
    ("home", "mobile", "shared"),
    [
        ("0197-65-4321", "090-1111-2222", "自宅 0197-65-4321　携帯 090-1111-2222"),
        ("", "090-1111-2222", "携帯 090-1111-2222"),
        ("0197-65-4321", "", "自宅 0197-65-4321"),
    ],
)
def test_a_shared_phone_is_how_to_reach_the_person(world: Any, home: str, mobile: str, shared: str) -> None:
    """Many people have only a mobile now: sharing 電話 shares the numbers on record, home and mobile."""
    person = factories.person(world["agencies"]["houkatsu_north"], phone=home, mobile=mobile)
    viewer = Viewer.of(world["users"]["soudanin"], world["municipality"])
    assert viewer is not None
    assert snapshot(viewer, person, None, ["phone"])["phone"] == shared


def test_a_withdrawn_consent_ends_the_intake_it_opened(setting: dict[str, Any], world: Any) -> None:
    """A つなぎ made on the person's consent: once the consent is withdrawn, the receiver can neither start an
    intake from it (the page would show the person again) nor record one, and the つなぎ no longer offers it."""
    person, north, south = setting["person"], setting["north"], setting["south"]
    consent = factories.consent(person, north, shared=[south])
    referral = factories.referral(factories.consultation(person, north, consent), south, consent)
    client = _client(setting["receiver"])
    assert client.get(_url(referral)).status_code == 200
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_on = DAY
    consent.save(update_fields=["withdrawn_at", "withdrawn_on"])
    page = client.get(_url(referral))
    assert page.status_code == 404 and person.name not in page.content.decode()
    posted = client.post(reverse("consultations:new"), {"referral": referral.pk, "complaint": "x"})
    assert posted.status_code == 404
    assert not Consultation.objects.filter(owner_agency=south).exists()
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert _url(referral) not in detail
