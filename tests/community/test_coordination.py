"""The coordination log (地域づくりのコーディネート記録): who may record (community.edit) and read (directory.view),
the recorder's agency, the date rules, the register entry of the same municipality, the list's 年度, filters,
counts and overdue next dates, paging, and query counts that do not grow with the log."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kasane.accounts.models import User
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.community.models import Connection, Coordination, CoordinationOutcome, Counterpart
from kasane.community.rules import CommunityError
from kasane.community.services import coordination as services
from kasane.resources.models import Organization, Service
from kasane.tenancy.models import Area, Municipality
from tests.clock import morning_of

pytestmark = pytest.mark.django_db

# A Monday in 令和8年度; the previous 年度 ended on 2026-03-31.
DAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=True):
        yield


def actor(user: User, municipality: Municipality, **extra: Any) -> Actor:
    return Actor(user=user, municipality=municipality, **extra)


def client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def register_entry(municipality: Municipality, name: str = "中町ふれあいサロン") -> Service:
    group = Organization.objects.create(municipality=municipality, name=f"{name}の会")
    return Service.objects.create(
        municipality=municipality, organization=group, name=name, categories=["salon"]
    )


def record(world: dict[str, Any], **fields: Any) -> Coordination:
    """A contact written straight to the table (the rules are the services')."""
    municipality = fields.pop("municipality", world["municipality"])
    agency = world["agencies"]["shakyo" if municipality == world["municipality"] else "other"]
    values: dict[str, Any] = {
        "contacted_on": DAY - dt.timedelta(days=3),
        "counterpart_kind": Counterpart.RESIDENTS_ASSOCIATION,
        "counterpart": "中町自治会 会長",
        "connection": Connection.SPACE,
        "connected_from": "中町公民館の和室",
        "connected_to": "ふれあいサロン",
        **fields,
    }
    return Coordination.objects.create(municipality=municipality, agency=agency, **values)


def unsaved(**fields: Any) -> Coordination:
    values: dict[str, Any] = {
        "contacted_on": DAY,
        "counterpart_kind": Counterpart.FARM,
        "counterpart": "元農家の方",
        "connection": Connection.PARTICIPATION,
        "connected_from": "元農家の方の畑",
        "connected_to": "就労体験の受け入れ先一覧",
        **fields,
    }
    return Coordination(**values)


def form_data(**fields: Any) -> dict[str, Any]:
    return {
        "contacted_on": "R8.6.12",
        "method": "visit",
        "counterpart_kind": "school",
        "counterpart": "中町小学校 教頭",
        "area": "",
        "connection": "space",
        "connected_from": "小学校の空き教室",
        "connected_to": "放課後の居場所",
        "service": "",
        "outcome": "in_progress",
        "summary": "空き教室を月2回使えるか校長と相談することになった。",
        "next_on": "R8.7.1",
        **fields,
    }


# --- services ------------------------------------------------------------------------------------------------


def test_a_contact_is_filed_under_the_recorders_agency_with_one_audit_entry(
    world: dict[str, Any], community_worker: User
) -> None:
    m = world["municipality"]
    saved = services.save_coordination(unsaved(), changed=["counterpart"], actor=actor(community_worker, m))
    assert (saved.municipality, saved.agency, saved.recorded_by) == (
        m,
        world["agencies"]["shakyo"],
        community_worker,
    )
    entry = AuditEntry.objects.get(action="community.coordination_saved")
    assert entry.object_id == str(saved.pk)
    assert entry.details == {
        "created": True,
        "fields": ["counterpart"],
        "connection": "participation",
        "outcome": "in_progress",
    }
    # The city's programme staff record for their division.
    other = services.save_coordination(unsaved(), actor=actor(world["users"]["city"], m))
    assert other.agency == world["agencies"]["division"]


def test_the_actors_own_agency_comes_first(world: dict[str, Any], community_worker: User) -> None:
    m, division = world["municipality"], world["agencies"]["division"]
    saved = services.save_coordination(unsaved(), actor=actor(community_worker, m, agency=division))
    assert saved.agency == division


def test_an_edit_keeps_who_recorded_it(world: dict[str, Any], community_worker: User) -> None:
    m = world["municipality"]
    saved = services.save_coordination(unsaved(), actor=actor(community_worker, m))
    saved.outcome = CoordinationOutcome.CONNECTED
    services.save_coordination(saved, changed=["outcome"], actor=actor(world["users"]["city"], m))
    saved.refresh_from_db()
    assert (saved.agency, saved.recorded_by, saved.outcome) == (
        world["agencies"]["shakyo"],
        community_worker,
        "connected",
    )


@pytest.mark.parametrize("who", ["viewer", "soudanin", "coordinator", "other_city"])
def test_only_community_editors_of_the_municipality_record(world: dict[str, Any], who: str) -> None:
    with pytest.raises(CommunityError, match="権限がありません"):
        services.save_coordination(unsaved(), actor=actor(world["users"][who], world["municipality"]))
    assert not Coordination.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="community.").exists()


def test_no_municipality_no_record(world: dict[str, Any], community_worker: User) -> None:
    with pytest.raises(CommunityError, match="市町村を選んで"):
        services.save_coordination(unsaved(), actor=Actor(user=community_worker))


def test_another_municipalitys_record_is_neither_changed_nor_deleted(
    world: dict[str, Any], community_worker: User
) -> None:
    theirs = record(world, municipality=world["other_municipality"])
    me = actor(community_worker, world["municipality"])
    with pytest.raises(CommunityError, match="他の市町村"):
        services.save_coordination(theirs, actor=me)
    with pytest.raises(CommunityError, match="他の市町村"):
        services.delete_coordination(theirs, actor=me)
    assert Coordination.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"contacted_on": DAY + dt.timedelta(days=1)}, services.FUTURE),
        ({"next_on": DAY - dt.timedelta(days=1)}, services.NEXT_BEFORE),
    ],
)
def test_dates_a_contact_cannot_have(
    world: dict[str, Any], community_worker: User, fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(CommunityError, match=message):
        services.save_coordination(unsaved(**fields), actor=actor(community_worker, world["municipality"]))
    assert not Coordination.objects.exists()
    # The same day for both is fine.
    services.save_coordination(unsaved(next_on=DAY), actor=actor(community_worker, world["municipality"]))


def test_the_register_entry_and_area_are_the_municipalitys_own(
    world: dict[str, Any], community_worker: User
) -> None:
    theirs = register_entry(world["other_municipality"], "となり町サロン")
    me = actor(community_worker, world["municipality"])
    with pytest.raises(CommunityError, match="他の市町村の社会資源"):
        services.save_coordination(unsaved(service=theirs), actor=me)
    their_area = Area.objects.create(municipality=world["other_municipality"], name="となり圏域")
    with pytest.raises(CommunityError, match="他の市町村の圏域"):
        services.save_coordination(unsaved(area=their_area), actor=me)
    ours = services.save_coordination(unsaved(service=register_entry(world["municipality"])), actor=me)
    assert ours.service is not None


def test_delete_is_audited(world: dict[str, Any], community_worker: User) -> None:
    mine = record(world)
    services.delete_coordination(mine, actor=actor(community_worker, world["municipality"]))
    assert not Coordination.objects.exists()
    entry = AuditEntry.objects.get(action="community.coordination_deleted")
    assert entry.details == {"connection": "space", "outcome": "in_progress"}


def test_counts_by_outcome_and_connection_and_overdue(world: dict[str, Any]) -> None:
    m = world["municipality"]
    record(world, outcome="connected", connection="space")
    record(world, outcome="connected", connection="people")
    late = record(world, outcome="in_progress", next_on=DAY - dt.timedelta(days=1))
    record(world, outcome="not_now", next_on=DAY - dt.timedelta(days=1))  # dropped: nothing is due
    record(world, outcome="in_progress", next_on=DAY)  # due today, not late
    record(world, contacted_on=dt.date(2026, 3, 31), outcome="connected")  # the previous 年度
    records = services.coordinations_in(m, 2026, on=DAY)
    assert {t.code: t.count for t in services.outcome_counts(records)} == {
        "connected": 2,
        "in_progress": 2,
        "not_now": 1,
    }
    by_connection = {t.code: t.count for t in services.connection_counts(records)}
    assert by_connection["space"] == 4 and by_connection["people"] == 1
    assert [r.pk for r in records if r.overdue] == [late.pk]
    assert services.overdue_count(records, on=DAY) == 1
    assert services.years_of(m, on=DAY) == [2026, 2025]


# --- pages ---------------------------------------------------------------------------------------------------


def test_who_opens_which_page(world: dict[str, Any], community_worker: User, client_for: Any) -> None:
    mine = record(world)
    pages = [
        "/community/coordination/",
        f"/community/coordination/{mine.pk}/",
    ]
    assert client_for(None).get(pages[0]).status_code == 302
    for page in pages:
        assert client(world["users"]["viewer"]).get(page).status_code == 200
    assert client(world["users"]["prefecture"]).get(pages[0]).status_code == 403
    for page in ("/community/coordination/new/", f"/community/coordination/{mine.pk}/edit/"):
        assert client(world["users"]["viewer"]).get(page).status_code == 403
        assert client(community_worker).get(page).status_code == 200
    assert (
        client(world["users"]["viewer"]).post(f"/community/coordination/{mine.pk}/delete/").status_code == 403
    )
    assert client(community_worker).get(f"/community/coordination/{mine.pk}/delete/").status_code == 405


def test_another_municipalitys_record_is_404(world: dict[str, Any], community_worker: User) -> None:
    theirs = record(world, municipality=world["other_municipality"])
    c = client(community_worker)
    for page in (f"/community/coordination/{theirs.pk}/", f"/community/coordination/{theirs.pk}/edit/"):
        assert c.get(page).status_code == 404
    assert c.post(f"/community/coordination/{theirs.pk}/delete/").status_code == 404
    assert Coordination.objects.filter(pk=theirs.pk).exists()


def test_the_form_says_plainly_what_not_to_write(world: dict[str, Any], community_worker: User) -> None:
    page = client(community_worker).get("/community/coordination/new/").content.decode()
    assert "個人の相談内容や困りごとは書かないでください（ケースの記録は相談・ケースに）" in page


def test_recording_through_the_form(world: dict[str, Any], community_worker: User) -> None:
    salon = register_entry(world["municipality"])
    north = world["areas"]["north"]
    response = client(community_worker).post(
        "/community/coordination/new/", form_data(service=str(salon.pk), area=str(north.pk))
    )
    saved = Coordination.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/community/coordination/{saved.pk}/"
    assert (saved.contacted_on, saved.next_on, saved.service, saved.area) == (
        dt.date(2026, 6, 12),
        dt.date(2026, 7, 1),
        salon,
        north,
    )
    assert saved.agency == world["agencies"]["shakyo"]
    page = client(community_worker).get(response["Location"]).content.decode()
    assert "小学校の空き教室" in page and "放課後の居場所" in page and salon.name in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"contacted_on": "R8.6.16"}, "未来の日付は入力できません。"),
        ({"next_on": "R8.6.1"}, services.NEXT_BEFORE),
        ({"counterpart": ""}, "相手（団体名や役職）を入力してください。"),
    ],
)
def test_the_form_refuses_with_a_clear_message(
    world: dict[str, Any], community_worker: User, fields: dict[str, str], message: str
) -> None:
    response = client(community_worker).post("/community/coordination/new/", form_data(**fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Coordination.objects.exists()


def test_the_form_offers_only_the_municipalitys_register(
    world: dict[str, Any], community_worker: User
) -> None:
    theirs = register_entry(world["other_municipality"], "となり町サロン")
    c = client(community_worker)
    assert "となり町サロン" not in c.get("/community/coordination/new/").content.decode()
    response = c.post("/community/coordination/new/", form_data(service=str(theirs.pk)))
    assert response.status_code == 400
    assert not Coordination.objects.exists()


def test_delete_from_the_page(world: dict[str, Any], community_worker: User) -> None:
    mine = record(world)
    response = client(community_worker).post(f"/community/coordination/{mine.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/community/coordination/"
    assert not Coordination.objects.exists()


def _listed(c: Client, query: str = "") -> str:
    response = c.get(f"/community/coordination/?{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_this_year_unless_another_is_chosen(world: dict[str, Any]) -> None:
    record(world, counterpart="今年度の相手")
    record(world, counterpart="昨年度の相手", contacted_on=dt.date(2026, 3, 31))
    c = client(world["users"]["viewer"])
    page = _listed(c)
    assert "今年度の相手" in page and "昨年度の相手" not in page
    page = _listed(c, "year=2025")
    assert "昨年度の相手" in page and "今年度の相手" not in page


def test_the_list_filters_by_area_outcome_and_connection(world: dict[str, Any]) -> None:
    north, south = world["areas"]["north"], world["areas"]["south"]
    record(world, counterpart="北の自治会", area=north, outcome="connected", connection="space")
    record(world, counterpart="南の農家", area=south, outcome="in_progress", connection="people")
    c = client(world["users"]["viewer"])
    page = _listed(c, f"area={north.pk}")
    assert "北の自治会" in page and "南の農家" not in page
    page = _listed(c, "outcome=in_progress")
    assert "南の農家" in page and "北の自治会" not in page
    page = _listed(c, "connection=space")
    assert "北の自治会" in page and "南の農家" not in page


def test_the_counts_on_top_and_the_overdue_next_date(world: dict[str, Any]) -> None:
    record(world, outcome="connected")
    record(world, outcome="connected", connection="people")
    record(world, counterpart="遅れている相手", next_on=DAY - dt.timedelta(days=2))
    page = _listed(client(world["users"]["viewer"]))
    assert 'aria-label="結果別の件数"' in page
    assert '<span class="queue__count">2</span>件 つながった' in page
    assert '<span class="queue__count">1</span>件 調整中' in page
    assert '<span class="queue__count">2</span>件 場所の提供' in page
    assert '<span class="overdue"><span class="queue__count">1</span>件 次の予定日を過ぎたもの' in page
    assert "（過ぎています）" in page


def test_the_list_pages_by_fifty(world: dict[str, Any]) -> None:
    Coordination.objects.bulk_create(
        [
            Coordination(
                municipality=world["municipality"],
                agency=world["agencies"]["shakyo"],
                contacted_on=DAY - dt.timedelta(days=i % 60),
                counterpart_kind="jichikai",
                counterpart=f"相手{i}",
                connection="space",
                connected_from="a",
                connected_to="b",
            )
            for i in range(51)
        ]
    )
    c = client(world["users"]["viewer"])
    assert "1 / 2" in _listed(c)
    assert len(re.findall(r'href="/community/coordination/\d+/"', _listed(c, "page=2"))) == 1


def _queries(c: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert c.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_log(world: dict[str, Any], django_assert_num_queries: Any) -> None:
    salon = register_entry(world["municipality"])
    first = record(world, service=salon, area=world["areas"]["north"], next_on=DAY)
    c = client(world["users"]["viewer"])
    c.get("/community/coordination/")  # the first request of a session settles its municipality
    list_few, detail_few = (
        _queries(c, "/community/coordination/"),
        _queries(c, f"/community/coordination/{first.pk}/"),
    )
    for i in range(30):
        record(world, counterpart=f"相手{i}", service=register_entry(world["municipality"], f"場{i}"),
               area=world["areas"]["south"], outcome="connected")  # fmt: skip
    assert _queries(c, "/community/coordination/") == list_few
    assert _queries(c, f"/community/coordination/{first.pk}/") == detail_few
    # The session, the user and their memberships; then the list's years, its count, the two tallies, the
    # overdue count, the areas of the filter and the page of rows; or the one record with what it names.
    with django_assert_num_queries(3 + 7):
        c.get("/community/coordination/")
    with django_assert_num_queries(3 + 1):
        c.get(f"/community/coordination/{first.pk}/")
