"""Who hosts and who must attend (kasane.meetings.rules), as the seeds say:

- 004: "重層的支援会議は多機関協働事業者が主催し、どの場合も市は必ず出席します。"
- 004: "（支援会議）なお、この会議は市が主催します。" — 002: "会議構成員に対し守秘義務が課せられる。"
- 004: "これらの会議には、市と多機関協働事業者は必ず参加するものとします。"

The world's body is hosted by the city (地域福祉課) with the 社協 (the 多機関協働事業者) hosting its 重層的支援会議;
city and coordinator are pledged members, soudanin and unpledged are members without a pledge.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kasane.audit.actor import actor_of
from kasane.audit.models import Basis
from kasane.lib.dates import today
from kasane.meetings import services
from kasane.meetings.models import (
    AgendaItem,
    Attendance,
    BodyMember,
    ItemStatus,
    Meeting,
    MeetingBody,
    MeetingKind,
    MeetingStatus,
)

from .helpers import post_minutes, request_of, series_form, viewer_of

pytestmark = pytest.mark.django_db

LAYERED_NEEDS_CITY = "重層的支援会議には市町村の職員の出席が必要です。"
LAYERED_NEEDS_HOST = (
    "重層的支援会議には主催する多機関協働事業者（テスト市社会福祉協議会）の職員の出席が必要です。"
)
SUPPORT_NEEDS_ORGANISER = "支援会議には主催する市町村の担当課（地域福祉課）の職員の出席が必要です。"
SUPPORT_NEEDS_HUB = "支援会議には多機関協働事業者の職員の出席が必要です。"


def _sitting(w: dict[str, Any], kinds: list[str], *, day: dt.date | None = None) -> Meeting:
    """A sitting of the world's body with city, coordinator, soudanin and unpledged called (all present)."""
    meeting = Meeting.objects.create(
        municipality=w["municipality"], body=w["m"]["body"], title="臨時", kinds=kinds, held_on=day or today()
    )
    called = {"city": "division", "coordinator": "shakyo", "soudanin": "houkatsu_north"}
    called["unpledged"] = "houkatsu_south"
    for key, agency in called.items():
        Attendance.objects.create(
            meeting=meeting, user=w["users"][key], agency=w["agencies"][agency], name=key
        )
    return meeting


def _post_attendance(client: Any, meeting: Meeting, w: dict[str, Any], *keys: str) -> Any:
    return client.post(f"/meetings/{meeting.pk}/", {"present": [w["users"][k].pk for k in keys]})


def _present(meeting: Meeting) -> set[str]:
    return set(meeting.attendance.filter(present=True).values_list("name", flat=True))


# --- who hosts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [MeetingKind.LAYERED, MeetingKind.PROMOTION])
def test_a_layered_meeting_is_hosted_by_the_collaboration_agency(
    w: dict[str, Any], client_for: Any, kind: str
) -> None:
    client, agencies = client_for(w["users"]["city"]), w["agencies"]
    form = {"name": "市主催の重層的支援会議", "kinds": [kind], "host_agency": agencies["division"].pk}
    response = client.post("/meetings/bodies/new/", form)
    assert response.status_code == 200
    assert "は多機関協働事業者が主催します。「地域福祉課」は多機関協働事業者ではありません。" in (
        response.content.decode()
    )
    assert not MeetingBody.objects.filter(name="市主催の重層的支援会議").exists()
    # The city organises, the 社協 hosts the 重層的支援会議 part (004's 併用開催).
    hosted = {**form, "kinds": [MeetingKind.SUPPORT, kind], "collaboration_host": agencies["shakyo"].pk}
    assert client.post("/meetings/bodies/new/", hosted).status_code == 302
    body = MeetingBody.objects.get(name="市主催の重層的支援会議")
    assert (body.host_agency, body.layered_host) == (agencies["division"], agencies["shakyo"])


def test_a_city_that_runs_collaboration_itself_hosts_both(w: dict[str, Any], client_for: Any) -> None:
    """002: "福祉課内に相談支援包括化推進員を配置し" — one 包括的支援会議 with both functions, hosted by 福祉課."""
    division = w["agencies"]["division"]
    division.runs_collaboration = True
    division.save(update_fields=["runs_collaboration"])
    form = {
        "name": "包括的支援会議（直営）",
        "kinds": [MeetingKind.SUPPORT, MeetingKind.LAYERED],
        "host_agency": division.pk,
    }
    assert client_for(w["users"]["city"]).post("/meetings/bodies/new/", form).status_code == 302
    assert MeetingBody.objects.get(name="包括的支援会議（直営）").layered_host == division


@pytest.mark.parametrize("who", ["not_collaboration", "other_municipality"])
def test_the_service_refuses_a_collaboration_host_the_form_would_not_offer(
    w: dict[str, Any], who: str
) -> None:
    city = w["users"]["city"]
    agency = w["agencies"]["houkatsu_north" if who == "not_collaboration" else "other"]
    if who == "other_municipality":
        agency.runs_collaboration = True
        agency.save(update_fields=["runs_collaboration"])
    body = MeetingBody(
        name="x", kinds=[MeetingKind.LAYERED], host_agency=w["agencies"]["shakyo"], collaboration_host=agency
    )
    expected = "多機関協働事業者ではありません" if who == "not_collaboration" else "この市町村の機関を選んで"
    with pytest.raises(services.MeetingError, match=expected):
        services.create_body(viewer_of(city, w), body, actor=actor_of(request_of(city, w)))
    assert not MeetingBody.objects.filter(name="x").exists()


def test_no_layered_sitting_once_the_host_stops_running_collaboration(
    w: dict[str, Any], client_for: Any
) -> None:
    """The 委託 moved away from the 社協: its body can no longer hold a 重層的支援会議 nor decide at one."""
    body, hub = w["m"]["body"], w["agencies"]["shakyo"]
    item = AgendaItem.objects.create(
        meeting=w["m"]["meeting"], kind="progress", title="進捗", case=w["r"]["case"]
    )
    hub.runs_collaboration = False
    hub.save(update_fields=["runs_collaboration"])
    client = client_for(w["users"]["city"])
    form = {"body": body.pk, "title": "臨時", "kinds": [MeetingKind.LAYERED], "held_on": "R9.1.21"}
    response = client.post("/meetings/new/", form)
    assert response.status_code == 200
    assert "「テスト市社会福祉協議会」は多機関協働事業者ではありません" in response.content.decode()
    response = client.post(f"/meetings/bodies/{body.pk}/series/", series_form(), follow=True)
    assert "多機関協働事業者ではありません" in response.content.decode()
    assert Meeting.objects.filter(body=body).count() == 1
    # A 支援会議 alone is still the city's to hold.
    assert client.post("/meetings/new/", {**form, "kinds": [MeetingKind.SUPPORT]}).status_code == 302
    # And nothing is decided at the merged sitting the 社協 no longer may host.
    item.invited.add(w["users"]["coordinator"])
    response = post_minutes(client_for(w["users"]["coordinator"]), item, 1, outcome="continue")
    assert "多機関協働事業者ではありません" in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).status == ItemStatus.PENDING


# --- who must attend ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kinds", "absent", "message"),
    [
        ([MeetingKind.LAYERED], "city", LAYERED_NEEDS_CITY),
        ([MeetingKind.LAYERED], "coordinator", LAYERED_NEEDS_HOST),
        ([MeetingKind.PROMOTION], "city", "全体推進会議には市町村の職員の出席が必要です。"),
        ([MeetingKind.SUPPORT], "city", SUPPORT_NEEDS_ORGANISER),
        ([MeetingKind.SUPPORT], "coordinator", SUPPORT_NEEDS_HUB),
    ],
)
def test_a_sitting_is_not_held_without_the_city_and_the_collaboration_agency(
    w: dict[str, Any], client_for: Any, kinds: list[str], absent: str, message: str
) -> None:
    meeting = _sitting(w, kinds)
    client = client_for(w["users"]["city"])
    others = [k for k in ("city", "coordinator") if k != absent]
    response = _post_attendance(client, meeting, w, *others)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and "出席者を確認してください。" in page
    meeting.refresh_from_db()
    # Nothing written: the sitting stays as it was, everyone still marked as expected.
    assert meeting.status == MeetingStatus.SCHEDULED
    assert _present(meeting) == {"city", "coordinator", "soudanin", "unpledged"}
    # The ticks posted are shown again, the absent one unticked.
    assert f'value="{w["users"][absent].pk}" >' in page
    # With both present it is held.
    assert _post_attendance(client, meeting, w, "city", "coordinator").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and _present(meeting) == {"city", "coordinator"}


def test_before_its_day_the_attendance_is_a_plan(w: dict[str, Any], client_for: Any) -> None:
    meeting = _sitting(w, [MeetingKind.LAYERED], day=today() + dt.timedelta(days=7))
    response = _post_attendance(client_for(w["users"]["city"]), meeting, w, "coordinator")
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED and _present(meeting) == {"coordinator"}


@pytest.mark.parametrize("day", ["today", "next_week"])
def test_only_members_attend_a_support_meeting(w: dict[str, Any], client_for: Any, day: str) -> None:
    held_on = today() + dt.timedelta(days=0 if day == "today" else 7)
    support, layered = _sitting(w, [MeetingKind.SUPPORT], day=held_on), _sitting(w, [MeetingKind.LAYERED])
    BodyMember.objects.filter(user=w["users"]["soudanin"]).update(left_on=today() - dt.timedelta(days=1))
    client = client_for(w["users"]["city"])
    response = _post_attendance(client, support, w, "city", "coordinator", "soudanin")
    assert response.status_code == 200
    assert "支援会議には、会議体の構成員（開催日までに退任した方を除く）だけが出席できます：soudanin" in (
        response.content.decode()
    )
    support.refresh_from_db()
    assert support.status == MeetingStatus.SCHEDULED
    # §106-6 is the 支援会議's: a 重層的支援会議 may call whoever the case needs.
    assert _post_attendance(client, layered, w, "city", "coordinator", "soudanin").status_code == 302


def test_a_support_meeting_alone_admits_only_pledged_members(w: dict[str, Any], client_for: Any) -> None:
    client = client_for(w["users"]["city"])
    support = _sitting(w, [MeetingKind.SUPPORT])
    response = _post_attendance(client, support, w, "city", "coordinator", "unpledged")
    assert response.status_code == 200
    assert "守秘義務の誓約をした構成員だけが出席できます：unpledged" in response.content.decode()
    assert _post_attendance(client, support, w, "city", "coordinator").status_code == 302
    # At a merged sitting the unpledged member sits in the 重層的支援会議 part; §106-6 items stay closed to them.
    merged = _sitting(w, [MeetingKind.SUPPORT, MeetingKind.LAYERED])
    assert _post_attendance(client, merged, w, "city", "coordinator", "unpledged").status_code == 302


def test_no_outcome_is_recorded_without_the_required_attendance(w: dict[str, Any], client_for: Any) -> None:
    """Attendance from before the rule (or written around it): the minutes' outcome is refused all the same."""
    item, meeting = w["m"]["support_item"], w["m"]["meeting"]
    Attendance.objects.filter(meeting=meeting, user=w["users"]["coordinator"]).update(present=False)
    city = w["users"]["city"]
    with pytest.raises(services.MeetingError, match=SUPPORT_NEEDS_HUB):
        services.record_minutes(
            viewer_of(city, w),
            item,
            {"outcome": "contact", "contact_by": "民生委員"},
            [],
            lock_version=item.lock_version,
            basis=Basis.SW106_6,
            actor=actor_of(request_of(city, w)),
        )
    fresh, meeting = AgendaItem.objects.get(pk=item.pk), Meeting.objects.get(pk=meeting.pk)
    assert (fresh.status, fresh.outcome, fresh.lock_version) == (ItemStatus.PENDING, "", item.lock_version)
    assert meeting.status == MeetingStatus.SCHEDULED
    response = post_minutes(
        client_for(city), item, item.lock_version, outcome="contact", contact_by="民生委員"
    )
    assert response.status_code == 200 and SUPPORT_NEEDS_HUB in response.content.decode()
    # Minutes without an outcome are a draft, and may be kept before attendance is settled.
    assert post_minutes(client_for(city), item, item.lock_version, discussion="下書き").status_code == 302


def test_a_new_collaboration_contract_moves_the_bodys_layered_host(
    w: dict[str, Any], client_for: Any
) -> None:
    """The 委託 moves from the 社協 to another 法人 at a new 年度: the city changes who hosts the body's
    重層的支援会議, under the same rules as at registration, and the sittings resume."""
    from kasane.audit.models import AuditEntry

    body, agencies = w["m"]["body"], w["agencies"]
    agencies["shakyo"].runs_collaboration = False
    agencies["shakyo"].save(update_fields=["runs_collaboration"])
    successor = agencies["houkatsu_south"]
    client = client_for(w["users"]["city"])
    url = f"/meetings/bodies/{body.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200 and "設定の変更" in page.content.decode()
    form = {
        "name": body.name,
        "kinds": body.kinds,
        "host_agency": body.host_agency_id,
        "collaboration_host": successor.pk,
        "description": body.description,
    }
    # Not yet a 多機関協働事業者: the form does not offer it, and nothing changes.
    refused = client.post(url, form)
    assert refused.status_code == 200
    body.refresh_from_db()
    assert body.collaboration_host == agencies["shakyo"]
    successor.runs_collaboration = True
    successor.save(update_fields=["runs_collaboration"])
    assert client.post(url, form).status_code == 302
    body.refresh_from_db()
    assert body.layered_host == successor
    entry = AuditEntry.objects.filter(action="meeting_body.changed").get()
    assert entry.object_id == str(body.pk) and entry.details == {
        "fields": ["collaboration_host_id"],
        "values": {"collaboration_host_id": [agencies["shakyo"].pk, successor.pk]},
    }
    # A kind its sittings served cannot be dropped: their items keep their basis.
    response = client.post(url, {**form, "kinds": [MeetingKind.LAYERED]})
    assert (
        "この会議体には支援会議（社会福祉法第106条の6）・全体推進会議の開催記録があるため、会議の種類から外せません"
        in response.content.decode()
    )
    body.refresh_from_db()
    assert MeetingKind.SUPPORT in body.kinds
    # Only those who host meetings change a body; another municipality does not see it.
    assert client_for(w["users"]["soudanin"]).post(url, form).status_code in (403, 404)
    assert client_for(w["users"]["other_city"]).get(url).status_code == 404
