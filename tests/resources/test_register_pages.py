"""The register's pages: search by name (kana, width and variant kanji folded), kind, 圏域, weekday and time;
paging; the form that registers and changes an activity (its weekdays as staff write them); the A4 list; who
may open what; and query counts that do not grow with the register."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kasane.audit.models import AuditEntry
from kasane.lib.dates import wareki
from kasane.resources.models import (
    Category,
    Frequency,
    Load,
    Location,
    Organization,
    Schedule,
    Service,
    Status,
)
from kasane.tenancy.models import Municipality
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db

NAME_LINK = re.compile(r'<a href="/resources/(\d+)/">([^<]+)</a>')


def activity(
    world: dict[str, Any],
    name: str,
    *,
    kana: str = "",
    organization: str = "",
    categories: tuple[str, ...] = (Category.SALON,),
    area: str | None = "north",
    byday: str = "MO,WE",
    freq: str = Frequency.WEEKLY,
    opens: dt.time | None = dt.time(10, 0),
    closes: dt.time | None = dt.time(12, 0),
    municipality: Municipality | None = None,
    **fields: Any,
) -> Service:
    """An activity of the register, with its organisation, its place and one schedule."""
    m = municipality or world["municipality"]
    org = Organization.objects.create(municipality=m, name=organization or f"{name}の会")
    place = Location.objects.create(
        municipality=m,
        organization=org,
        name=f"{name}の場所",
        area=world["areas"][area] if area and m == world["municipality"] else None,
    )
    service = Service.objects.create(
        municipality=m,
        organization=org,
        location=place,
        name=name,
        name_kana=kana,
        categories=list(categories),
        **fields,
    )
    Schedule.objects.create(service=service, freq=freq, byday=byday, opens_at=opens, closes_at=closes)
    return service


def found(client: Client, query: str = "") -> list[str]:
    """The names the search page lists, in its order."""
    response = client.get(f"/resources/?{query}")
    assert response.status_code == 200
    return [name for _pk, name in NAME_LINK.findall(response.content.decode())]


@pytest.fixture
def reader(client_for: Any, world: dict[str, Any]) -> Client:
    """閲覧のみ: a member of staff who sees no personal data reads the register all the same."""
    return client_for(world["users"]["viewer"])


@pytest.fixture
def keeper(client_for: Any, world: dict[str, Any]) -> Client:
    """The 多機関協働 coordinator keeps the register (resource.edit)."""
    return client_for(world["users"]["coordinator"])


def test_a_name_is_found_whatever_its_kana_width_or_variant_kanji(
    reader: Client, world: dict[str, Any]
) -> None:
    activity(world, "ヒダマリ サロン")
    activity(world, "ﾋﾀﾞﾏﾘ食堂", kana="ひだまりしょくどう")
    activity(world, "日だまりカフェ", kana="ひだまりかふぇ")
    activity(world, "日だまりの家")  # no ふりがな: kanji are not read as kana
    activity(world, "みどり農園", organization="髙橋農園")
    assert set(found(reader, "q=ひだまり")) == {"ヒダマリ サロン", "ﾋﾀﾞﾏﾘ食堂", "日だまりカフェ"}
    assert found(reader, "q=ﾋﾀﾞﾏﾘ") == found(reader, "q=ヒダマリ") == found(reader, "q=ひだまり")
    assert set(found(reader, "q=日だまり")) == {"日だまりカフェ", "日だまりの家"}
    # The organisation's name finds its activities, 髙 and 高 alike; words narrow each other.
    assert found(reader, "q=高橋") == ["みどり農園"]
    assert found(reader, "q=ひだまり　食堂") == ["ﾋﾀﾞﾏﾘ食堂"]
    assert found(reader, "q=ZZZ") == []


def test_kind_area_weekday_and_time_narrow_the_list(reader: Client, world: dict[str, Any]) -> None:
    north, south = world["areas"]["north"], world["areas"]["south"]
    activity(world, "朝の畑", kana="あさのはたけ", categories=(Category.FARM,), byday="TU,TH")
    activity(
        world,
        "午後のサロン",
        kana="ごごのさろん",
        area="south",
        freq=Frequency.MONTHLY,
        byday="2WE,4WE",
        opens=dt.time(13, 30),
        closes=dt.time(15, 30),
    )
    activity(world, "月水の体操", kana="げっすいのたいそう", categories=(Category.SPORTS, Category.SALON))
    assert found(reader, "category=farm") == ["朝の畑"]
    assert found(reader, "category=salon") == ["月水の体操", "午後のサロン"]
    assert found(reader, f"area={north.pk}") == ["朝の畑", "月水の体操"]
    assert found(reader, f"area={south.pk}") == ["午後のサロン"]
    # A monthly schedule on the 2nd and 4th Wednesday runs on Wednesdays.
    assert found(reader, "weekday=WE") == ["月水の体操", "午後のサロン"]
    assert found(reader, "weekday=TH") == ["朝の畑"]
    assert found(reader, "weekday=SU") == []
    # Open at that time: from its start, up to (not at) its end; the time as staff type it.
    assert found(reader, "at=10:00") == ["朝の畑", "月水の体操"]
    assert found(reader, "at=13時30分") == ["午後のサロン"]
    assert found(reader, "at=1530") == []
    assert found(reader, "weekday=WE&at=11:00") == ["月水の体操"]


def test_hosts_only_and_paused_or_ended_activities_on_request(reader: Client, world: dict[str, Any]) -> None:
    activity(world, "受け入れる農園", kana="うけいれる", hosts_participants=True)
    activity(world, "休止中のサロン", kana="きゅうし", status=Status.PAUSED)
    activity(world, "終わった食堂", kana="おわった", status=Status.ENDED)
    activity(world, "ふつうのサロン", kana="ふつう", physical_load=Load.MEDIUM)
    assert found(reader) == ["受け入れる農園", "ふつうのサロン"]
    # How heavy, in a word: the list's tag is not the label cut short.
    listed = reader.get("/resources/").content.decode()
    assert "負担：軽い<" in listed and "負担：ふつう<" in listed and "…" not in listed
    assert found(reader, "hosts=on") == ["受け入れる農園"]
    assert found(reader, "inactive=on") == [
        "受け入れる農園",
        "終わった食堂",
        "休止中のサロン",
        "ふつうのサロン",
    ]
    page = reader.get("/resources/?inactive=on").content.decode()
    assert "休止中" in page and "終了" in page


def test_another_municipalitys_register_is_not_searched(reader: Client, world: dict[str, Any]) -> None:
    activity(world, "ひだまりサロン")
    theirs = activity(world, "ひだまり食堂", municipality=world["other_municipality"])
    assert found(reader, "q=ひだまり") == ["ひだまりサロン"]
    assert reader.get(f"/resources/{theirs.pk}/").status_code == 404


def test_the_list_pages_by_fifty_and_keeps_the_search(reader: Client, world: dict[str, Any]) -> None:
    for i in range(60):
        activity(world, f"サロン{i:02d}", kana=f"さろん{i:02d}", byday="FR")
    first = reader.get("/resources/?weekday=FR")
    body = first.content.decode()
    assert "60件" in body and "1 / 2" in body
    assert len(NAME_LINK.findall(body)) == 50
    assert 'href="?weekday=FR&amp;page=2"' in body
    rest = found(reader, "weekday=FR&page=2")
    assert rest == [f"サロン{i:02d}" for i in range(50, 60)]
    # A page past the end shows the last one, as Django's paginator does.
    assert found(reader, "weekday=FR&page=9") == rest


def test_an_htmx_search_answers_with_the_results_alone(reader: Client, world: dict[str, Any]) -> None:
    activity(world, "ひだまりサロン")
    response = reader.get("/resources/?q=ひだまり", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert NAME_LINK.findall(body)[0][1] == "ひだまりサロン"
    # The printed list follows the search the results show.
    assert 'href="/resources/list.pdf?q=%E3%81%B2%E3%81%A0%E3%81%BE%E3%82%8A"' in body


def test_the_a4_list_prints_what_the_search_found(reader: Client, world: dict[str, Any]) -> None:
    activity(world, "朝の畑", categories=(Category.FARM,))
    activity(world, "午後のサロン")
    response = reader.get("/resources/list.pdf?category=farm")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        skip_or_fail("pdftotext（poppler-utils）がないため PDF の本文を確認できません")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "朝の畑" in text and "午後のサロン" not in text and "1件" in text


def _form(**fields: Any) -> dict[str, Any]:
    """The register's form as the page posts it: a new organisation, a place and three schedule rows."""
    data: dict[str, Any] = {
        "name": "ひだまりサロン",
        "name_kana": "ひだまりさろん",
        "categories": ["salon", "ibasho"],
        "funding": "care",
        "status": "active",
        "description": "お茶を飲みながら話す会",
        "organization": "",
        "organization_name": "中町自治会",
        "organization_kind": "residents",
        "organization_phone": "0197-11-2222",
        "place_name": "中町公民館",
        "address": "テスト市北町1-1",
        "area": "",
        "transportation": "",
        "accessibility": "段差なし",
        "activities": "配膳、受付",
        "physical_load": "light",
        "suits_shy": "on",
        "hosts_participants": "on",
        "eligibility": "どなたでも",
        "minimum_age": "",
        "maximum_age": "",
        "cost": "100円",
        "capacity": "2",
        "application": "",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "schedule-TOTAL_FORMS": "3",
        "schedule-INITIAL_FORMS": "0",
        "schedule-MIN_NUM_FORMS": "3",
        "schedule-MAX_NUM_FORMS": "3",
        "schedule-0-days": "第2・第4水",
        "schedule-0-opens_at": "13:30",
        "schedule-0-closes_at": "1530",
        "schedule-0-description": "8月は休み",
        "schedule-1-days": "月・水",
        "schedule-1-opens_at": "10時",
        "schedule-1-closes_at": "12:00",
        "schedule-1-description": "",
        "schedule-2-days": "",
        "schedule-2-opens_at": "",
        "schedule-2-closes_at": "",
        "schedule-2-description": "",
    }
    return {**data, **fields}


def test_an_activity_is_registered_through_the_form(keeper: Client, world: dict[str, Any]) -> None:
    assert keeper.get("/resources/new/").status_code == 200
    response = keeper.post("/resources/new/", _form(area=str(world["areas"]["north"].pk)))
    service = Service.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/resources/{service.pk}/"
    assert service.municipality == world["municipality"]
    assert service.categories == ["salon", "ibasho"] and service.hosts_participants and service.capacity == 2
    assert service.created_by == world["users"]["coordinator"]
    assert (service.organization.name, service.organization.kind) == ("中町自治会", "residents")
    assert service.location is not None and service.location.area == world["areas"]["north"]
    schedules = [
        (s.freq, s.byday, s.opens_at, s.closes_at, s.description) for s in service.schedules.order_by("pk")
    ]
    assert schedules == [
        (Frequency.MONTHLY, "2WE,4WE", dt.time(13, 30), dt.time(15, 30), "8月は休み"),
        (Frequency.WEEKLY, "MO,WE", dt.time(10, 0), dt.time(12, 0), ""),
    ]
    entry = AuditEntry.objects.get(action="resource.created")
    assert entry.actor == world["users"]["coordinator"] and "categories" in entry.details["changed"]
    page = keeper.get(f"/resources/{service.pk}/").content.decode()
    assert "毎月 第2・第4水曜 13:30〜15:30（8月は休み）" in page and "毎週 月・水曜 10:00〜12:00" in page
    assert f"最終更新：{wareki(service.updated_at)}" in page


@pytest.mark.parametrize(
    ("fields", "messages"),
    [
        ({"name": ""}, ["名称を入力してください。"]),
        ({"categories": []}, ["種類を1つ以上選んでください。"]),
        ({"organization_name": ""}, ["運営団体を選ぶか、新しい団体の名前を入力してください。"]),
        ({"minimum_age": "70", "maximum_age": "65"}, ["対象年齢の上限は下限以上にしてください。"]),
        ({"schedule-0-days": "第2・第4"}, ["曜日が読み取れません：「第2・第4」"]),
        ({"schedule-0-closes_at": "13:00"}, ["終了時刻は開始時刻より後にしてください。"]),
        ({"schedule-1-opens_at": "25:00"}, ["時刻は0:00〜23:59で入力してください。"]),
        ({"schedule-2-opens_at": "9:00"}, ["時刻を入れたときは曜日も入力してください。"]),
    ],
)
def test_bad_input_is_refused_in_japanese_and_nothing_is_written(
    keeper: Client, fields: dict[str, Any], messages: list[str]
) -> None:
    response = keeper.post("/resources/new/", _form(**fields))
    assert response.status_code == 400
    body = response.content.decode()
    assert "入力内容を確認してください" in body
    for message in messages:
        assert message in body
    assert not Service.objects.exists() and not Organization.objects.exists()
    assert not Schedule.objects.exists() and not Location.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="resource.").exists()


def test_an_activity_is_changed_through_the_form_with_its_weekdays_read_back(
    keeper: Client, world: dict[str, Any]
) -> None:
    service = activity(world, "ひだまりサロン", freq=Frequency.MONTHLY, byday="2WE,4WE")
    page = keeper.get(f"/resources/{service.pk}/edit/").content.decode()
    assert 'value="第2・第4水"' in page and 'value="10:00"' in page
    form = _form(
        name="ひだまりサロン（中町）",
        organization=str(service.organization_id),
        organization_name="",
        **{"schedule-0-days": "最終金", "schedule-1-days": ""},
    )
    del form["schedule-1-opens_at"], form["schedule-1-closes_at"]
    response = keeper.post(f"/resources/{service.pk}/edit/", form)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "ひだまりサロン（中町）"
    assert Organization.objects.count() == 1
    assert [(s.freq, s.byday) for s in service.schedules.all()] == [(Frequency.MONTHLY, "-1FR")]
    entry = AuditEntry.objects.get(action="resource.updated")
    assert "name" in entry.details["changed"] and "schedules" in entry.details["changed"]


def test_who_may_open_the_forms(client_for: Any, world: dict[str, Any]) -> None:
    service = activity(world, "ひだまりサロン")
    users = world["users"]
    # Staff who read the register but do not keep it are refused, and nothing is written.
    for key in ("viewer", "soudanin", "agency_admin"):
        client = client_for(users[key])
        assert client.get(f"/resources/{service.pk}/").status_code == 200
        assert client.get(f"/resources/{service.pk}/edit/").status_code == 403
        assert client.post(f"/resources/{service.pk}/edit/", _form()).status_code == 403
        assert client.post("/resources/new/", _form()).status_code == 403
    # Another municipality's keeper: not this register's record.
    assert client_for(users["other_city"]).post(f"/resources/{service.pk}/edit/", _form()).status_code == 404
    # The prefecture reads no municipality's register.
    assert client_for(users["prefecture"]).get("/resources/").status_code == 403
    assert client_for(None).get("/resources/")["Location"].startswith("/accounts/login/")
    service.refresh_from_db()
    assert service.name == "ひだまりサロン" and Service.objects.count() == 1
    assert not AuditEntry.objects.filter(action__startswith="resource.").exists()


def test_the_wrong_method_is_refused(keeper: Client, world: dict[str, Any]) -> None:
    service = activity(world, "ひだまりサロン")
    assert keeper.post("/resources/").status_code == 405
    assert keeper.post(f"/resources/{service.pk}/").status_code == 405
    assert keeper.post("/resources/list.pdf").status_code == 405
    assert keeper.delete(f"/resources/{service.pk}/edit/").status_code == 405
    assert keeper.put("/resources/new/").status_code == 405


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_of_the_list_and_the_detail_do_not_grow(reader: Client, world: dict[str, Any]) -> None:
    service = activity(world, "ひだまりサロン", kana="ひだまり")
    list_url, detail_url = "/resources/?q=&weekday=&area=", f"/resources/{service.pk}/"
    reader.get(list_url)  # the session's first request stamps it
    one = (_queries(reader, list_url), _queries(reader, detail_url))
    for i in range(59):
        activity(world, f"サロン{i:02d}", kana=f"さろん{i:02d}", area="south" if i % 2 else "north")
    Schedule.objects.create(service=service, byday="FR", opens_at=dt.time(9), closes_at=dt.time(10))
    sixty = (_queries(reader, list_url), _queries(reader, detail_url))
    assert Service.objects.count() == 60
    assert one == sixty == (PINNED_LIST, PINNED_DETAIL)


# The request's three (session, user, memberships with their roles and agencies), then the list's own: the
# count, the search form's 圏域, the page of activities joined to their organisations, places and 圏域, and
# their schedules. The detail: the three, the activity with the same joins, and its schedules.
PINNED_LIST = 7
PINNED_DETAIL = 6
