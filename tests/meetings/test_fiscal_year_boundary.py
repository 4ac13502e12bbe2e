"""What depends on the 年度 and the era, across their boundaries, with the clock pinned.

A 守秘義務の誓約 holds to the end of the 年度 it was signed in: signed at 23:40 on 31 March it opens the §106-6
item until midnight, and from 00:10 on 1 April the item is closed until the member pledges again, for the new
年度. The meetings page counts the 支援会議 of the 年度 it names. On the last evening of 平成 a pledge is dated
平成31年 and the 年度 is already called 令和元年度 (fiscal_year_label's rule); the next morning it is 令和元年.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from kasane.lib.dates import TOKYO
from kasane.meetings.models import Meeting, MeetingStatus, Pledge
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def evening(request: pytest.FixtureRequest) -> Iterator[time_machine.Coordinates]:
    """The clock at 23:40 (Tokyo) on the day given, standing still until the test moves it."""
    day: dt.date = request.param
    with time_machine.travel(dt.datetime.combine(day, dt.time(23, 40), tzinfo=TOKYO), tick=False) as clock:
        yield clock


@pytest.fixture
def w(evening: time_machine.Coordinates, world: dict[str, Any], make_user: Any) -> dict[str, Any]:
    """The access matrix's world (tests/conftest.py ``matrix_world``, without ``other_agency``), built on the
    evening's date."""
    world["r"] = factories.journey(world)
    world["m"] = factories.matrix_meetings(world, make_user)
    Meeting.objects.filter(pk=world["m"]["meeting"].pk).update(status=MeetingStatus.HELD)
    return world


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pledge(client: Client, body_id: int) -> None:
    assert client.post(f"/meetings/bodies/{body_id}/pledge/", {"agree": "on"}).status_code == 302


@pytest.mark.parametrize("evening", [dt.date(2027, 3, 31)], indirect=True)
def test_a_pledge_signed_on_march_31_ends_at_midnight(
    evening: time_machine.Coordinates, w: dict[str, Any]
) -> None:
    body, item, pledged = w["m"]["body"], w["m"]["support_item"], w["users"]["pledged"]
    Pledge.objects.filter(user=pledged).delete()
    client = _client(pledged)
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 404
    _pledge(client, body.pk)
    pledge = Pledge.objects.get(user=pledged)
    assert (pledge.pledged_on, pledge.valid_until) == (dt.date(2027, 3, 31), dt.date(2027, 3, 31))
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 200
    assert (
        "あなたは誓約済み（令和9年3月31日まで）"
        in client.get(f"/meetings/bodies/{body.pk}/").content.decode()
    )

    evening.move_to(dt.datetime(2027, 4, 1, 0, 10, tzinfo=TOKYO))
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 404
    page = client.get(f"/meetings/bodies/{body.pk}/").content.decode()
    assert "守秘義務の誓約をする" in page and "あなたは誓約済み" not in page
    _pledge(client, body.pk)
    renewed = Pledge.objects.filter(user=pledged).order_by("pk").last()
    assert renewed is not None and renewed.pk != pledge.pk
    assert (renewed.pledged_on, renewed.valid_until) == (dt.date(2027, 4, 1), dt.date(2028, 3, 31))
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 200
    assert (
        "あなたは誓約済み（令和10年3月31日まで）"
        in client.get(f"/meetings/bodies/{body.pk}/").content.decode()
    )


@pytest.mark.parametrize("evening", [dt.date(2027, 3, 31)], indirect=True)
def test_the_meetings_page_counts_the_year_it_names(
    evening: time_machine.Coordinates, w: dict[str, Any]
) -> None:
    client = _client(w["users"]["city"])
    page = client.get("/meetings/").content.decode()
    assert "1</span>回 支援会議の開催（令和8年度（2026年度））" in page
    evening.move_to(dt.datetime(2027, 4, 1, 0, 10, tzinfo=TOKYO))
    client = _client(w["users"]["city"])  # a new day's login; yesterday evening's session has gone idle
    page = client.get("/meetings/").content.decode()
    assert "0</span>回 支援会議の開催（令和9年度（2027年度））" in page


@pytest.mark.parametrize("evening", [dt.date(2019, 4, 30)], indirect=True)
def test_the_last_evening_of_heisei_and_the_first_morning_of_reiwa(
    evening: time_machine.Coordinates, w: dict[str, Any]
) -> None:
    body, pledged = w["m"]["body"], w["users"]["pledged"]
    Pledge.objects.filter(user=pledged).delete()
    client = _client(pledged)
    _pledge(client, body.pk)
    page = client.get(f"/meetings/bodies/{body.pk}/").content.decode()
    assert "平成31年4月30日（令和2年3月31日まで）" in page
    assert "令和元年度（2019年度）" in client.get("/meetings/").content.decode()

    evening.move_to(dt.datetime(2019, 5, 1, 0, 10, tzinfo=TOKYO))
    client = _client(pledged)
    assert (
        "あなたは誓約済み（令和2年3月31日まで）"
        in client.get(f"/meetings/bodies/{body.pk}/").content.decode()
    )
    assert "令和元年度（2019年度）" in client.get("/meetings/").content.decode()
    Pledge.objects.filter(user=pledged).delete()
    _pledge(client, body.pk)
    assert (
        "令和元年5月1日（令和2年3月31日まで）" in client.get(f"/meetings/bodies/{body.pk}/").content.decode()
    )
