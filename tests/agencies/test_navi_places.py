"""相談先ナビ suggests 地域の居場所 when the situation is loneliness or wanting somewhere to go: the everyday
phrasings are read as 社会的孤立 / 地域活動・居場所 (migration 0005), and the result then lists up to six running
places of the register (居場所, サロン, 通いの場, 子ども食堂, 認知症カフェ), those of the person's area first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from kasane.agencies import navi
from kasane.agencies.models import Topic
from kasane.resources.models import Location, Organization, Schedule, Service, Status
from kasane.tenancy.models import Area, Municipality

pytestmark = pytest.mark.django_db


def _names(text: str) -> set[str]:
    return {t.name for t in navi.topics_for_text(text, list(Topic.objects.all()))}


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("母が日中行くところがないと言っている", "地域活動・居場所"),
        ("父は日中行き場がない", "地域活動・居場所"),
        ("退職してから行くところがない", "地域活動・居場所"),
        ("日中の居場所を探している", "地域活動・居場所"),
        ("話し相手がほしいと電話があった", "社会的孤立"),
        ("一人暮らしの母が話し相手が欲しいと言う", "社会的孤立"),
        ("話し相手を欲しがっている", "社会的孤立"),
    ],
)
def test_everyday_phrasings_are_read_as_the_place_topics(text: str, topic: str) -> None:
    assert topic in _names(text)


def test_saying_there_is_somewhere_to_go_is_not_read_as_having_nowhere() -> None:
    assert "地域活動・居場所" not in _names("毎日行くところがあるので大丈夫")


def _service(
    municipality: Municipality,
    name: str,
    categories: list[str],
    *,
    area: Area | None = None,
    kana: str = "",
    **kw: Any,
) -> Service:
    group = Organization.objects.create(municipality=municipality, name=f"{name}の会", phone="0197-00-2222")
    hall = Location.objects.create(
        municipality=municipality,
        organization=group,
        name=f"{name}会場",
        address="テスト市本町1-1",
        area=area,
    )
    service = Service.objects.create(
        municipality=municipality, organization=group, location=hall, name=name, name_kana=kana,
        categories=categories, **kw,
    )  # fmt: skip
    Schedule.objects.create(service=service, byday="TU", opens_at=dt.time(13), closes_at=dt.time(15))
    return service


@pytest.fixture
def register(world: dict[str, Any]) -> dict[str, Service]:
    m, north, south = world["municipality"], world["areas"]["north"], world["areas"]["south"]
    made = {
        "north_salon": _service(m, "北町ふれあいサロン", ["salon"], area=north, kana="きたまち", contact_phone="0197-00-1111"),
        "south_cafe": _service(m, "あおぞら認知症カフェ", ["dementia_cafe"], area=south, kana="あおぞら"),
        "south_kodomo": _service(m, "いこい子ども食堂", ["kodomo_shokudo", "volunteer"], area=south, kana="いこい"),
        "south_kayoi": _service(m, "うみ通いの場", ["kayoi"], area=south, kana="うみ"),
        "ibasho": _service(m, "えがお居場所", ["ibasho"], kana="えがお"),
        "farm": _service(m, "おか農園", ["farm", "work_experience"], area=north, kana="おか"),
        "paused": _service(m, "かぜサロン", ["salon"], area=north, kana="かぜ", status=Status.PAUSED),
        "elsewhere": _service(world["other_municipality"], "となり町サロン", ["salon"], kana="あ"),
    }  # fmt: skip
    for i in range(3):
        made[f"more{i}"] = _service(m, f"さくらサロン{i}", ["salon"], area=south, kana=f"さくら{i}")
    return made


def test_places_are_suggested_for_loneliness_nearby_first(
    world: dict[str, Any], register: dict[str, Service]
) -> None:
    isolation = Topic.objects.get(name="社会的孤立")
    places = navi.places_for(world["municipality"], [isolation], world["areas"]["north"])
    assert [s.name for s in places] == [
        "北町ふれあいサロン",  # in the person's area
        "あおぞら認知症カフェ", "いこい子ども食堂", "うみ通いの場", "えがお居場所", "さくらサロン0",
    ]  # fmt: skip
    # No area: by ふりがな; never a farm, a paused one or another municipality's.
    anywhere = [s.name for s in navi.places_for(world["municipality"], [isolation], None)]
    assert anywhere[:2] == ["あおぞら認知症カフェ", "いこい子ども食堂"] and len(anywhere) == navi.PLACES_SHOWN
    assert not {"おか農園", "かぜサロン", "となり町サロン"} & set(anywhere)


def test_no_places_for_other_topics(world: dict[str, Any], register: dict[str, Service]) -> None:
    assert (
        navi.places_for(world["municipality"], list(Topic.objects.filter(name__in=["介護", "債務"])), None)
        == []
    )


def test_the_navi_page_shows_the_places(
    world: dict[str, Any], register: dict[str, Service], client_for: Any, django_assert_num_queries: Any
) -> None:
    client: Client = client_for(world["users"]["soudanin"])
    client.get("/agencies/navi/?q=介護")
    with django_assert_num_queries(QUERIES):
        page = client.get(
            "/agencies/navi/",
            {"q": "母が日中行くところがないと言っている", "area": world["areas"]["north"].pk},
        )
    html = page.content.decode()
    assert "地域の居場所" in html and "北町ふれあいサロン" in html
    assert f'href="/resources/{register["north_salon"].pk}/"' in html
    assert (
        "毎週 火曜 13:00〜15:00" in html and "北町ふれあいサロン会場" in html and "電話 0197-00-1111" in html
    )
    assert "電話 0197-00-2222" in html  # the organisation's phone where the activity has none
    other = client.get("/agencies/navi/", {"q": "借金の返済に困っている"}).content.decode()
    assert 'id="navi-places"' not in other
    htmx = client.get("/agencies/navi/", {"q": "話し相手がほしい"}, headers={"HX-Request": "true"})
    assert 'id="navi-places"' in htmx.content.decode()
    # Without an area by ふりがな; with the area derived from the address, that area's first.
    assert htmx.content.decode().index("あおぞら認知症カフェ") < htmx.content.decode().index(
        "北町ふれあいサロン"
    )
    derived = client.get(
        "/agencies/navi/", {"q": "話し相手がほしい", "address": "北町2丁目"}
    ).content.decode()
    assert derived.index("北町ふれあいサロン") < derived.index("あおぞら認知症カフェ")


# The navi page's own (the session, the user, the memberships, the topics, the areas, the agencies with their
# fields and topics) and the places with their schedules: the same for six places as for one.
QUERIES = 10
