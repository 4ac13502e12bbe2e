"""居場所・通いの場: keeping an activity of the register as a place of 地域づくり, a day's attendance and every rule
it meets (not in the future, not before the activity began, one record a day, each category within the
attendance, a day nobody came says why), who may read and record them, and pages whose queries do not grow
with the places or the days. The clock stands on DAY, a Wednesday of 令和8年度."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kasane.accounts.models import Membership, Role, User
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.community.forms.places import COUNT_FIELDS
from kasane.community.models import Gathering, Place
from kasane.community.rules import CommunityError
from kasane.community.services import places as services
from kasane.resources.models import Location, Organization, Service, Status
from tests.clock import morning_of

from . import factories

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 25)  # 令和8年度, a Wednesday
FY = 2026


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=False):
        yield


@pytest.fixture
def salon(world: dict[str, Any]) -> Place:
    return factories.place(world["municipality"], area=world["areas"]["north"])


@pytest.fixture
def worker(client_for: Any, community_worker: User) -> Client:
    return client_for(community_worker)  # type: ignore[no-any-return]


@pytest.fixture
def reader(client_for: Any, world: dict[str, Any]) -> Client:
    """A 相談員: reads the directory (and 地域づくり) but records nothing of it."""
    return client_for(world["users"]["soudanin"])  # type: ignore[no-any-return]


def actor(user: User, world: dict[str, Any]) -> Actor:
    return Actor(user=user, municipality=world["municipality"])


def activity(
    municipality: Any, name: str, *, categories: tuple[str, ...] = ("sports",), **fields: Any
) -> Service:
    group = Organization.objects.create(municipality=municipality, name=f"{name}の会")
    return Service.objects.create(
        municipality=municipality, organization=group, name=name, categories=list(categories), **fields
    )


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def day_of(place: Place, day: dt.date, **counts: Any) -> Gathering:
    """A day's record as a form would hand it to the service (not saved)."""
    return Gathering(place=place, held_on=day, **counts)


# --- services: places ------------------------------------------------------------------------------------------


def test_an_activity_of_the_register_becomes_a_place_with_one_audit_entry(
    world: dict[str, Any], community_worker: User
) -> None:
    service = activity(world["municipality"], "子ども食堂ひまわり", categories=("kodomo_shokudo",))
    place = Place(service=service, generations=["elderly", "bogus", "children"], audiences=["anyone"])
    saved = services.save_place(place, changed=["generations"], actor=actor(community_worker, world))
    assert saved.municipality == world["municipality"]
    assert saved.generations == ["children", "elderly"]  # in the order of the choices, unknown codes dropped
    assert saved.created_by == community_worker
    [entry] = entries("community.place_saved")
    assert entry.object_id == str(saved.pk)
    assert entry.details == {"created": True, "changed": ["generations"], "service": service.pk}


@pytest.mark.parametrize("who", ["soudanin", "viewer", "coordinator"])
def test_only_those_who_record_community_work_register_a_place(world: dict[str, Any], who: str) -> None:
    """The 相談員, the 閲覧のみ and the 社協's 協働 coordinator (who keeps the register, resource.edit) read
    地域づくり but do not record it."""
    service = activity(world["municipality"], "ふれあいサロン")
    with pytest.raises(CommunityError, match="権限がありません"):
        services.save_place(Place(service=service), changed=[], actor=actor(world["users"][who], world))
    assert not Place.objects.exists()
    assert not entries("community.place_saved")


def test_the_city_programme_staff_record_places_too(world: dict[str, Any]) -> None:
    service = activity(world["municipality"], "ふれあいサロン")
    services.save_place(Place(service=service), changed=[], actor=actor(world["users"]["city"], world))
    assert Place.objects.filter(service=service).exists()


def test_an_activity_of_another_municipality_is_refused(
    world: dict[str, Any], community_worker: User
) -> None:
    theirs = activity(world["other_municipality"], "となり町サロン")
    with pytest.raises(CommunityError, match="他の市町村"):
        services.save_place(Place(service=theirs), changed=[], actor=actor(community_worker, world))
    assert not Place.objects.exists()


@pytest.mark.parametrize("status", [Status.PAUSED, Status.ENDED])
def test_an_activity_not_in_progress_is_refused(
    world: dict[str, Any], community_worker: User, status: str
) -> None:
    paused = activity(world["municipality"], "休んでいるサロン", status=status)
    with pytest.raises(CommunityError, match="実施中の社会資源だけ"):
        services.save_place(Place(service=paused), changed=[], actor=actor(community_worker, world))
    assert not Place.objects.exists()


def test_an_activity_is_one_place_at_most(
    world: dict[str, Any], community_worker: User, salon: Place
) -> None:
    with pytest.raises(CommunityError, match="すでに居場所として登録されています"):
        services.save_place(Place(service=salon.service), changed=[], actor=actor(community_worker, world))
    assert Place.objects.count() == 1


def test_a_place_can_be_changed_when_its_activity_has_since_paused(
    world: dict[str, Any], community_worker: User, salon: Place
) -> None:
    Service.objects.filter(pk=salon.service_id).update(status=Status.PAUSED)
    salon.note = "冬の間は休み"
    services.save_place(salon, changed=["note"], actor=actor(community_worker, world))
    salon.refresh_from_db()
    assert salon.note == "冬の間は休み"


def test_a_place_of_another_municipality_is_not_changed(
    world: dict[str, Any], community_worker: User
) -> None:
    theirs = factories.place(world["other_municipality"], name="となり町サロン")
    theirs.note = "書き換え"
    with pytest.raises(CommunityError, match="他の市町村の記録"):
        services.save_place(theirs, changed=["note"], actor=actor(community_worker, world))
    theirs.refresh_from_db()
    assert theirs.note == ""


def test_the_start_of_the_activity_cannot_follow_a_day_already_recorded(
    world: dict[str, Any], community_worker: User, salon: Place
) -> None:
    factories.gathering(salon, dt.date(2026, 6, 3), age_senior=4)
    salon.started_on = dt.date(2026, 7, 1)
    with pytest.raises(CommunityError, match="活動開始日（令和8年7月1日）より前の開催記録があります"):
        services.save_place(salon, changed=["started_on"], actor=actor(community_worker, world))
    salon.started_on = dt.date(2026, 6, 3)
    services.save_place(salon, changed=["started_on"], actor=actor(community_worker, world))


def test_removing_a_place_leaves_the_activity_in_the_register(
    world: dict[str, Any], community_worker: User, salon: Place
) -> None:
    service_id = salon.service_id
    services.remove_place(salon, actor=actor(community_worker, world))
    assert not Place.objects.exists()
    assert Service.objects.filter(pk=service_id).exists()
    [entry] = entries("community.place_removed")
    assert entry.details == {"service": service_id}


def test_a_place_with_days_recorded_is_not_removed(
    world: dict[str, Any], community_worker: User, salon: Place
) -> None:
    factories.gathering(salon, DAY, age_senior=3)
    with pytest.raises(CommunityError, match="開催記録がある居場所は登録を解除できません。"):
        services.remove_place(salon, actor=actor(community_worker, world))
    assert Place.objects.filter(pk=salon.pk).exists()
    assert not entries("community.place_removed")


def test_a_place_of_another_municipality_is_not_removed(
    world: dict[str, Any], community_worker: User
) -> None:
    theirs = factories.place(world["other_municipality"], name="となり町サロン")
    with pytest.raises(CommunityError, match="他の市町村の記録"):
        services.remove_place(theirs, actor=actor(community_worker, world))
    assert Place.objects.filter(pk=theirs.pk).exists()


def test_removing_needs_the_right_to_record(world: dict[str, Any], salon: Place) -> None:
    with pytest.raises(CommunityError, match="権限がありません"):
        services.remove_place(salon, actor=actor(world["users"]["soudanin"], world))
    assert Place.objects.filter(pk=salon.pk).exists()


# --- services: a day's attendance ------------------------------------------------------------------------------


def test_a_day_is_recorded_with_its_attendance_the_sum_of_the_age_bands(
    world: dict[str, Any], community_worker: User, salon: Place
) -> None:
    day = day_of(salon, DAY, age_children=3, age_senior=6, age_elderly=9, cat_newcomers=2, helpers=4)
    saved = services.save_gathering(salon, day, actor=actor(community_worker, world))
    assert saved.attendance == 18
    assert saved.bands_reached == 3
    assert saved.recorded_by == community_worker
    [entry] = entries("community.gathering_saved")
    assert entry.details == {
        "created": True,
        "place": salon.pk,
        "held_on": "2026-11-25",
        "attendance": 18,
        "helpers": 4,
    }
    saved.age_unknown = 2
    services.save_gathering(salon, saved, actor=actor(community_worker, world))
    saved.refresh_from_db()
    assert saved.attendance == 20
    assert len(entries("community.gathering_saved")) == 2


def test_a_day_in_the_future_is_refused_and_today_is_not(
    world: dict[str, Any], community_worker: User, salon: Place
) -> None:
    tomorrow = day_of(salon, DAY + dt.timedelta(days=1), age_senior=5)
    with pytest.raises(CommunityError, match="今日より後の日付は入力できません"):
        services.save_gathering(salon, tomorrow, actor=actor(community_worker, world))
    services.save_gathering(salon, day_of(salon, DAY, age_senior=5), actor=actor(community_worker, world))
    assert Gathering.objects.get().held_on == DAY


def test_a_day_before_the_activity_began_is_refused(world: dict[str, Any], community_worker: User) -> None:
    place = factories.place(world["municipality"], started_on=dt.date(2026, 10, 1))
    with pytest.raises(CommunityError, match=r"活動開始日（令和8年10月1日）より前です"):
        services.save_gathering(
            place, day_of(place, dt.date(2026, 9, 30), age_senior=5), actor=actor(community_worker, world)
        )
    services.save_gathering(
        place, day_of(place, dt.date(2026, 10, 1), age_senior=5), actor=actor(community_worker, world)
    )


def test_one_record_a_day(world: dict[str, Any], community_worker: User, salon: Place) -> None:
    first = factories.gathering(salon, DAY, age_senior=5)
    with pytest.raises(CommunityError, match="この日の開催記録はすでにあります。"):
        services.save_gathering(salon, day_of(salon, DAY, age_senior=2), actor=actor(community_worker, world))
    first.age_elderly = 1  # correcting the day itself is not a second record
    services.save_gathering(salon, first, actor=actor(community_worker, world))
    assert Gathering.objects.count() == 1


def test_a_category_cannot_count_more_than_came(
    world: dict[str, Any], community_worker: User, salon: Place
) -> None:
    day = day_of(salon, DAY, age_senior=3, age_elderly=2, cat_disability=6)
    with pytest.raises(CommunityError, match=r"「障害のある方」の人数が参加者数（5人）を超えています。"):
        services.save_gathering(salon, day, actor=actor(community_worker, world))
    day.cat_disability = 5  # all of them: allowed
    services.save_gathering(salon, day, actor=actor(community_worker, world))


def test_a_day_nobody_came_says_why(world: dict[str, Any], community_worker: User, salon: Place) -> None:
    with pytest.raises(CommunityError, match="参加者が0人の日"):
        services.save_gathering(salon, day_of(salon, DAY, note="  "), actor=actor(community_worker, world))
    services.save_gathering(
        salon, day_of(salon, DAY, note="大雪のため中止"), actor=actor(community_worker, world)
    )
    assert Gathering.objects.get().attendance == 0


def test_recording_a_day_needs_the_right_to_record(world: dict[str, Any], salon: Place) -> None:
    with pytest.raises(CommunityError, match="権限がありません"):
        services.save_gathering(
            salon, day_of(salon, DAY, age_senior=5), actor=actor(world["users"]["viewer"], world)
        )
    assert not Gathering.objects.exists()


def test_deleting_a_day_needs_the_right_to_record(world: dict[str, Any], salon: Place) -> None:
    day = factories.gathering(salon, DAY, age_senior=5)
    with pytest.raises(CommunityError, match="権限がありません"):
        services.delete_gathering(day, actor=actor(world["users"]["soudanin"], world))
    assert Gathering.objects.filter(pk=day.pk).exists()


def test_a_day_of_another_municipality_is_neither_recorded_nor_deleted(
    world: dict[str, Any], community_worker: User
) -> None:
    theirs = factories.place(world["other_municipality"], name="となり町サロン")
    with pytest.raises(CommunityError, match="他の市町村の記録"):
        services.save_gathering(
            theirs, day_of(theirs, DAY, age_senior=5), actor=actor(community_worker, world)
        )
    their_day = factories.gathering(theirs, DAY, age_senior=5)
    with pytest.raises(CommunityError, match="他の市町村の記録"):
        services.delete_gathering(their_day, actor=actor(community_worker, world))
    assert Gathering.objects.filter(pk=their_day.pk).exists()


def test_a_day_is_not_moved_to_another_place(
    world: dict[str, Any], community_worker: User, salon: Place
) -> None:
    other = factories.place(world["municipality"], name="いきいき百歳体操")
    day = factories.gathering(salon, DAY, age_senior=5)
    with pytest.raises(CommunityError, match="別の居場所"):
        services.save_gathering(other, day, actor=actor(community_worker, world))


def test_deleting_a_day_leaves_one_audit_entry(
    world: dict[str, Any], community_worker: User, salon: Place
) -> None:
    day = factories.gathering(salon, DAY, age_senior=5, age_children=2)
    services.delete_gathering(day, actor=actor(community_worker, world))
    assert not Gathering.objects.exists()
    [entry] = entries("community.gathering_deleted")
    assert entry.details == {"place": salon.pk, "held_on": "2026-11-25", "attendance": 7}


def test_the_database_refuses_a_category_beyond_the_attendance_and_a_second_record_of_a_day(
    salon: Place,
) -> None:
    """The last guard, for whatever bypasses the form and the service."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Gathering.objects.create(place=salon, held_on=DAY, age_senior=2, cat_carers=3)
    factories.gathering(salon, DAY, age_senior=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Gathering.objects.create(place=salon, held_on=DAY, age_senior=4)


# --- pages: who may open what ------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client_for: Any, salon: Place) -> None:
    anonymous = client_for(None)
    for url in ("/community/places/", f"/community/places/{salon.pk}/", "/community/places/new/"):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert "/login" in response["Location"]


def test_staff_without_the_directory_are_refused(
    client_for: Any, world: dict[str, Any], salon: Place
) -> None:
    nobody = Role.objects.create(code="nothing", name="権限なし", permissions=[])
    user = User.objects.create_user(username="nashi", password="x", full_name="権限なし 職員")
    Membership.objects.create(user=user, agency=world["agencies"]["shakyo"], role=nobody)
    client = client_for(user)
    assert client.get("/community/places/").status_code == 403
    assert client.get(f"/community/places/{salon.pk}/").status_code == 403


def test_readers_read_and_cannot_record(reader: Client, salon: Place) -> None:
    day = factories.gathering(salon, DAY, age_senior=5)
    assert reader.get("/community/places/").status_code == 200
    assert reader.get(f"/community/places/{salon.pk}/").status_code == 200
    for url in (
        "/community/places/new/",
        f"/community/places/{salon.pk}/edit/",
        f"/community/places/{salon.pk}/gatherings/new/",
        f"/community/gatherings/{day.pk}/edit/",
    ):
        assert reader.get(url).status_code == 403, url
    assert reader.post(f"/community/places/{salon.pk}/remove/").status_code == 403
    assert reader.post(f"/community/gatherings/{day.pk}/delete/").status_code == 403
    assert Gathering.objects.filter(pk=day.pk).exists()


def test_records_of_another_municipality_are_not_found(worker: Client, world: dict[str, Any]) -> None:
    theirs = factories.place(world["other_municipality"], name="となり町サロン")
    their_day = factories.gathering(theirs, DAY, age_senior=5)
    for url in (
        f"/community/places/{theirs.pk}/",
        f"/community/places/{theirs.pk}/edit/",
        f"/community/places/{theirs.pk}/gatherings/new/",
        f"/community/gatherings/{their_day.pk}/edit/",
    ):
        assert worker.get(url).status_code == 404, url
    assert worker.post(f"/community/places/{theirs.pk}/remove/").status_code == 404
    assert worker.post(f"/community/gatherings/{their_day.pk}/delete/").status_code == 404
    assert "となり町サロン" not in worker.get("/community/places/").content.decode()


def test_wrong_methods(worker: Client, salon: Place) -> None:
    day = factories.gathering(salon, DAY, age_senior=5)
    assert worker.post("/community/places/").status_code == 405
    assert worker.post(f"/community/places/{salon.pk}/").status_code == 405
    assert worker.get(f"/community/places/{salon.pk}/remove/").status_code == 405
    assert worker.get(f"/community/gatherings/{day.pk}/delete/").status_code == 405
    assert worker.put("/community/places/new/").status_code == 405


# --- the list ------------------------------------------------------------------------------------------------------


def test_the_list_shows_each_place_with_its_last_twelve_months(
    reader: Client, world: dict[str, Any], salon: Place
) -> None:
    factories.gathering(salon, DAY, age_senior=6, age_children=3)
    factories.gathering(salon, dt.date(2025, 11, 26), age_senior=4)  # just inside the twelve months
    factories.gathering(salon, dt.date(2025, 11, 25), age_senior=50)  # twelve months ago: outside
    page = reader.get("/community/places/").content.decode()
    assert "ふれあいサロン中町" in page
    assert "ふれあいサロン中町運営委員会" in page
    assert "北部圏域" in page
    assert "介護（一般介護予防事業）" in page
    assert "毎週 水曜 10:00〜12:00" in page
    assert "多世代" in page and "分野を越えて" in page
    assert "高齢者・子ども" in page and "どなたでも" in page
    assert '<td class="num">2日</td>' in page
    assert '<td class="num">13人</td>' in page
    assert 'href="/community/map.pdf"' in page and 'href="/community/hsds.zip"' in page
    assert "居場所を登録する" not in page


def test_the_register_button_is_for_those_who_record(worker: Client, salon: Place) -> None:
    assert "居場所を登録する" in worker.get("/community/places/").content.decode()


def names(client: Client, query: str = "") -> list[str]:
    page = client.get(f"/community/places/?{query}").content.decode()
    return re.findall(r'<a href="/community/places/\d+/">([^<]+)</a>', page)


def test_the_list_filters_by_area_kind_funding_and_generations(reader: Client, world: dict[str, Any]) -> None:
    m, areas = world["municipality"], world["areas"]
    factories.place(m, name="Aサロン", area=areas["north"], categories=("salon",), funding="care")
    factories.place(
        m, name="B子ども食堂", area=areas["south"], categories=("kodomo_shokudo",), funding="poverty",
        generations=("children",),
    )  # fmt: skip
    factories.place(m, name="C通いの場", area=areas["south"], categories=("kayoi", "sports"), funding="own")
    assert names(reader) == ["Aサロン", "B子ども食堂", "C通いの場"]
    assert names(reader, f"area={areas['south'].pk}") == ["B子ども食堂", "C通いの場"]
    assert names(reader, "category=kayoi") == ["C通いの場"]
    assert names(reader, "funding=poverty") == ["B子ども食堂"]
    assert names(reader, "mixed=on") == ["Aサロン", "C通いの場"]
    assert names(reader, f"area={areas['south'].pk}&mixed=on") == ["C通いの場"]


def test_an_unreadable_filter_shows_nothing_and_says_so(reader: Client, salon: Place) -> None:
    response = reader.get("/community/places/?funding=gold")
    assert response.status_code == 200
    assert names(reader, "funding=gold") == []
    assert "財源" in response.content.decode() and "error-summary" in response.content.decode()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# The request's three (session, user, memberships with their roles and agencies), then the list's own: the
# filter's 圏域, the places joined to their activity, organisation, place and 圏域 with the twelve months
# counted in the same query, and their schedules.
PINNED_LIST = 6
# The three, the place with the same joins, its schedules, its first day (for the 年度 to choose from) and the
# days of the 年度 shown.
PINNED_DETAIL = 7


def test_the_list_query_count_does_not_grow_with_the_places(reader: Client, world: dict[str, Any]) -> None:
    first = factories.place(world["municipality"], area=world["areas"]["north"])
    factories.gathering(first, DAY, age_senior=3)
    reader.get("/community/places/")  # the session's first request stamps it
    url = "/community/places/?area=&category=&funding=care&mixed=on"
    one = _queries(reader, url)
    for i in range(8):
        place = factories.place(world["municipality"], name=f"サロン{i}", area=world["areas"]["south"])
        factories.gathering(place, DAY - dt.timedelta(days=7 * i), age_senior=i + 1, age_children=1)
    assert len(names(reader, "funding=care&mixed=on")) == 9
    assert one == _queries(reader, url) == PINNED_LIST


def test_the_detail_query_count_does_not_grow_with_the_days(reader: Client, salon: Place) -> None:
    url = f"/community/places/{salon.pk}/"
    reader.get(url)
    factories.gathering(salon, DAY, age_senior=3)
    one = _queries(reader, url)
    for i in range(1, 30):
        factories.gathering(
            salon, DAY - dt.timedelta(days=7 * i), age_senior=i, age_elderly=1, cat_newcomers=1
        )
    assert one == _queries(reader, url) == PINNED_DETAIL


# --- one place -------------------------------------------------------------------------------------------------------


def test_the_place_shows_the_days_of_the_year_with_totals_and_its_multigenerational_share(
    reader: Client, salon: Place
) -> None:
    factories.gathering(salon, dt.date(2026, 4, 8), age_senior=5, age_elderly=3, cat_carers=1, helpers=2)
    factories.gathering(
        salon, dt.date(2026, 5, 13), age_children=4, age_elderly=6, cat_newcomers=2, helpers=3
    )
    factories.gathering(salon, dt.date(2026, 11, 4), age_unknown=2, age_young=1, note="雨で少なめ")
    factories.gathering(salon, dt.date(2026, 11, 11), note="台風のため中止")
    factories.gathering(salon, dt.date(2026, 3, 11), age_senior=40)  # 令和7年度
    page = reader.get(f"/community/places/{salon.pk}/").content.decode()
    assert "令和8年度（2026年度）" in page
    assert "令和8年4月8日" in page and "令和8年11月11日" in page
    assert "令和8年3月11日" not in page
    assert "開催4日・延べ21人" in page
    # 4月 (65〜74 and 75+) and 5月 (<18 and 75+) are 多世代; 11月4日 has one known band; 11月11日 nobody
    assert "「多世代」の日は2日（50%）" in page
    totals = re.search(r"<tfoot>(.*?)</tfoot>", page, re.S)
    assert totals is not None
    cells = re.findall(r'<td class="num">(\d+)</td>', totals.group(1))
    assert cells == ["4", "1", "0", "5", "9", "2", "5"]  # the age bands and helpers (the total is <strong>)
    assert "<strong>21</strong>" in totals.group(1)
    assert "介護をしている方 1人" in totals.group(1) and "初めて参加した方 2人" in totals.group(1)
    assert "<svg" in page and "月別の参加者数" in page
    assert "台風のため中止" in page
    assert "開催記録を追加する" not in page and "直す" not in page


def test_another_year_is_chosen_from_those_with_days(reader: Client, salon: Place) -> None:
    factories.gathering(salon, dt.date(2025, 3, 11), age_senior=40)  # 令和6年度
    page = reader.get(f"/community/places/{salon.pk}/?year=2024").content.decode()
    assert "令和7年3月11日" in page and "開催1日・延べ40人" in page
    assert '<option value="2025">' in page
    assert "令和8年度（2026年度）" in page  # still offered
    # a year before anything was recorded falls back to the current one
    page = reader.get(f"/community/places/{salon.pk}/?year=1999").content.decode()
    assert "開催記録 令和8年度（2026年度）" in page


def test_a_year_without_days_says_so_and_draws_no_chart(reader: Client, salon: Place) -> None:
    page = reader.get(f"/community/places/{salon.pk}/").content.decode()
    assert "令和8年度（2026年度）の開催記録はまだありません" in page
    assert "<svg" not in page


def test_editors_see_their_buttons(worker: Client, salon: Place) -> None:
    page = worker.get(f"/community/places/{salon.pk}/").content.decode()
    assert f"/community/places/{salon.pk}/gatherings/new/" in page
    assert f"/community/places/{salon.pk}/edit/" in page
    assert f"/community/places/{salon.pk}/remove/" in page
    factories.gathering(salon, dt.date(2024, 5, 1), age_senior=1)
    page = worker.get(f"/community/places/{salon.pk}/").content.decode()
    assert f"/community/places/{salon.pk}/remove/" not in page  # a place with days is not removed


# --- registering and changing a place ------------------------------------------------------------------------------


def test_the_register_form_offers_active_activities_not_yet_places_the_places_to_belong_first(
    worker: Client, world: dict[str, Any], salon: Place
) -> None:
    m = world["municipality"]
    activity(m, "あおぞら農園", categories=("farm",))
    activity(m, "いこいの認知症カフェ", categories=("dementia_cafe",))
    activity(m, "おわったサロン", categories=("salon",), status=Status.ENDED)
    activity(world["other_municipality"], "となり町サロン", categories=("salon",))
    page = worker.get("/community/places/new/").content.decode()
    offered = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', page)
    assert offered == ["いこいの認知症カフェ（いこいの認知症カフェの会）", "あおぞら農園（あおぞら農園の会）"]


def test_registering_a_place(worker: Client, world: dict[str, Any]) -> None:
    service = activity(world["municipality"], "子ども食堂ひまわり", categories=("kodomo_shokudo",))
    page = worker.get(f"/community/places/new/?service={service.pk}").content.decode()
    assert f'<option value="{service.pk}" selected>' in page
    response = worker.post(
        "/community/places/new/",
        {
            "service": service.pk,
            "generations": ["children", "parents", "elderly"],
            "audiences": ["families", "hardship"],
            "started_on": "R8.4.1",
            "on_map": "on",
            "note": "",
        },
    )
    place = Place.objects.get(service=service)
    assert response.status_code == 302
    assert response["Location"] == f"/community/places/{place.pk}/"
    assert place.generations == ["children", "parents", "elderly"]
    assert place.started_on == dt.date(2026, 4, 1)
    assert place.on_map is True


def test_a_service_already_a_place_goes_to_its_page(worker: Client, salon: Place) -> None:
    response = worker.get(f"/community/places/new/?service={salon.service_id}")
    assert response.status_code == 302
    assert response["Location"] == f"/community/places/{salon.pk}/"


def test_the_register_form_refuses_what_cannot_be_registered(
    worker: Client, world: dict[str, Any], salon: Place
) -> None:
    theirs = activity(world["other_municipality"], "となり町サロン")
    for service_id in (salon.service_id, theirs.pk, ""):
        response = worker.post(
            "/community/places/new/",
            {"service": service_id, "generations": ["elderly"], "audiences": ["anyone"]},
        )
        assert response.status_code == 400
    assert "居場所として登録する社会資源を選んでください。" in response.content.decode()
    response = worker.post("/community/places/new/", {"service": salon.service_id})
    page = response.content.decode()
    assert "対象の世代を1つ以上選んでください。" in page and "対象の方を1つ以上選んでください。" in page
    assert Place.objects.count() == 1


def test_with_nothing_to_register_the_form_says_to_add_to_the_register_first(worker: Client) -> None:
    page = worker.get("/community/places/new/").content.decode()
    assert "居場所として登録できる社会資源がありません" in page
    assert 'href="/resources/new/"' in page


def test_changing_a_place(worker: Client, salon: Place) -> None:
    page = worker.get(f"/community/places/{salon.pk}/edit/").content.decode()
    assert 'name="service"' not in page
    response = worker.post(
        f"/community/places/{salon.pk}/edit/",
        {
            "generations": ["youth", "working"],
            "audiences": ["anyone"],
            "started_on": "",
            "note": "若者向けに変更",
        },
    )
    assert response.status_code == 302
    salon.refresh_from_db()
    assert salon.generations == ["youth", "working"]
    assert salon.on_map is False  # an unchecked box
    assert salon.note == "若者向けに変更"
    assert entries("community.place_saved")[-1].details["changed"] == ["generations", "note", "on_map"]


def test_removing_a_place_from_its_page(worker: Client, salon: Place) -> None:
    response = worker.post(f"/community/places/{salon.pk}/remove/")
    assert response.status_code == 302 and response["Location"] == "/community/places/"
    assert not Place.objects.exists()
    assert Service.objects.filter(pk=salon.service_id).exists()


def test_a_place_with_days_stays_and_the_page_says_why(worker: Client, salon: Place) -> None:
    factories.gathering(salon, DAY, age_senior=1)
    response = worker.post(f"/community/places/{salon.pk}/remove/", follow=True)
    assert "開催記録がある居場所は登録を解除できません。" in response.content.decode()
    assert Place.objects.filter(pk=salon.pk).exists()


# --- recording a day -------------------------------------------------------------------------------------------------


def counts(**values: Any) -> dict[str, Any]:
    """A day's form as staff leave it: every box empty unless given."""
    return {"held_on": "", "note": "", **dict.fromkeys(COUNT_FIELDS, ""), **values}


def test_recording_a_day_from_the_form(worker: Client, salon: Place) -> None:
    page = worker.get(f"/community/places/{salon.pk}/gatherings/new/").content.decode()
    assert 'value="令和8年11月25日"' in page  # today, as staff read it
    assert 'name="age_senior" value="0"' in page
    response = worker.post(
        f"/community/places/{salon.pk}/gatherings/new/",
        counts(
            held_on="R8.11.18",
            age_senior="6",
            age_elderly="9",
            age_children="3",
            cat_newcomers="1",
            helpers="4",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/community/places/{salon.pk}/?year=2026#gatherings"
    day = Gathering.objects.get()
    assert (day.held_on, day.attendance, day.age_middle, day.helpers) == (dt.date(2026, 11, 18), 18, 0, 4)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"held_on": "R8.11.26", "age_senior": "3"}, "開催日に今日より後の日付は入力できません。"),
        ({"held_on": "", "age_senior": "3"}, "開催日を入力してください。"),
        ({"held_on": "R8.13.1", "age_senior": "3"}, "その日付は存在しません。"),
        ({"held_on": "R8.11.25", "age_senior": "-1"}, "人数は0以上で入力してください。"),
        ({"held_on": "R8.11.25", "age_senior": "3人"}, "人数は数字で入力してください。"),
        ({"held_on": "R8.11.25", "age_senior": "10000"}, "人数は9999人までです。"),
        (
            {"held_on": "R8.11.25", "age_senior": "3", "age_elderly": "2", "cat_disability": "6"},
            "「障害のある方」の人数が参加者数（5人）を超えています。",
        ),
        ({"held_on": "R8.11.25"}, "参加者が0人の日（中止・休みなど）は、メモにその理由を書いてください。"),
    ],
)
def test_the_day_form_says_what_is_wrong_and_writes_nothing(
    worker: Client, salon: Place, values: dict[str, str], message: str
) -> None:
    response = worker.post(f"/community/places/{salon.pk}/gatherings/new/", counts(**values))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Gathering.objects.exists()
    assert not entries("community.gathering_saved")


def test_the_day_form_refuses_a_day_before_the_start(worker: Client, world: dict[str, Any]) -> None:
    place = factories.place(world["municipality"], started_on=dt.date(2026, 10, 1))
    response = worker.post(
        f"/community/places/{place.pk}/gatherings/new/", counts(held_on="R8.9.30", age_senior="2")
    )
    assert response.status_code == 400
    assert "開催日が活動開始日（令和8年10月1日）より前です。" in response.content.decode()


def test_a_second_record_of_a_day_points_to_the_first(worker: Client, salon: Place) -> None:
    first = factories.gathering(salon, DAY, age_senior=5)
    response = worker.post(
        f"/community/places/{salon.pk}/gatherings/new/", counts(held_on="2026-11-25", age_senior="2")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "この日の開催記録はすでにあります。" in page
    assert f'href="/community/gatherings/{first.pk}/edit/"' in page
    assert Gathering.objects.count() == 1


def test_correcting_and_deleting_a_day(worker: Client, salon: Place) -> None:
    day = factories.gathering(salon, dt.date(2026, 3, 4), age_senior=5)  # 令和7年度
    page = worker.get(f"/community/gatherings/{day.pk}/edit/").content.decode()
    assert 'value="令和8年3月4日"' in page and 'value="5"' in page
    response = worker.post(
        f"/community/gatherings/{day.pk}/edit/", counts(held_on="R8.3.4", age_senior="5", age_young="2")
    )
    assert response.status_code == 302
    assert response["Location"] == f"/community/places/{salon.pk}/?year=2025#gatherings"
    day.refresh_from_db()
    assert day.attendance == 7
    response = worker.post(f"/community/gatherings/{day.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == f"/community/places/{salon.pk}/?year=2025#gatherings"
    assert not Gathering.objects.exists()
    assert len(entries("community.gathering_deleted")) == 1


# --- the register's page -----------------------------------------------------------------------------------------------


def test_the_register_page_links_to_the_place(reader: Client, world: dict[str, Any], salon: Place) -> None:
    page = reader.get(f"/resources/{salon.service_id}/").content.decode()
    assert f'href="/community/places/{salon.pk}/"' in page and "地域づくりの居場所として見る" in page
    plain = activity(world["municipality"], "ただの社会資源")
    Location.objects.create(municipality=world["municipality"], name="どこか")
    response = reader.get(f"/resources/{plain.pk}/")
    assert response.status_code == 200  # a service without a place: the template finds nothing, quietly
    assert "地域づくりの居場所として見る" not in response.content.decode()
