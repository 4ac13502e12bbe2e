"""Sittings: a regular series (定例会議) made month by month, only by the hosts; and inviting to a sitting, which
opens its case items to whoever is called."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kasane.audit.actor import actor_of
from kasane.audit.models import AuditEntry
from kasane.lib.dates import today
from kasane.meetings import services
from kasane.meetings.models import AgendaItem, BodyMember, ItemKind, Meeting, MeetingKind, MeetingSeries

from .helpers import request_of, series_form, viewer_of

pytestmark = pytest.mark.django_db


def test_a_monthly_series_on_the_third_thursday(w: dict[str, Any], client_for: Any, make_user: Any) -> None:
    body, users = w["m"]["body"], w["users"]
    occasional = make_user("hoken", w["agencies"]["division"], "city_program")
    BodyMember.objects.create(
        body=body, user=occasional, agency=w["agencies"]["division"], is_core=False, joined_on=today()
    )
    response = client_for(users["city"]).post(
        f"/meetings/bodies/{body.pk}/series/", series_form(), follow=True
    )
    assert "定例会議を12回分作成しました。" in response.content.decode()
    meetings = list(Meeting.objects.filter(series__isnull=False).order_by("held_on"))
    assert [m.held_on for m in meetings] == [
        dt.date(2027, 4, 15),
        dt.date(2027, 5, 20),
        dt.date(2027, 6, 17),
        dt.date(2027, 7, 15),
        dt.date(2027, 8, 19),
        dt.date(2027, 9, 16),
        dt.date(2027, 10, 21),
        dt.date(2027, 11, 18),
        dt.date(2027, 12, 16),
        dt.date(2028, 1, 20),
        dt.date(2028, 2, 17),
        dt.date(2028, 3, 16),
    ]
    assert all(m.held_on.weekday() == 3 and 15 <= m.held_on.day <= 21 for m in meetings)
    assert {m.title for m in meetings} >= {"定例支援会議（4月）", "定例支援会議（3月）"}
    assert all(m.starts_at == dt.time(14, 0) and m.place == "市役所3階会議室" for m in meetings)
    assert all(m.kinds == [MeetingKind.SUPPORT, MeetingKind.LAYERED] for m in meetings)
    core = {users["city"].pk, users["coordinator"].pk, users["soudanin"].pk, users["pledged"].pk}
    core |= {users["unpledged"].pk}
    for meeting in meetings:
        assert set(meeting.attendance.values_list("user_id", flat=True)) == core, meeting.held_on
    assert AuditEntry.objects.filter(action="meeting.series_created").count() == 1


@pytest.mark.parametrize(("months", "message"), [("0", "1 以上"), ("30", "24 以下")])
def test_a_series_with_a_bad_number_of_months_is_refused(
    w: dict[str, Any], client_for: Any, months: str, message: str
) -> None:
    body = w["m"]["body"]
    response = client_for(w["users"]["city"]).post(
        f"/meetings/bodies/{body.pk}/series/", series_form(months=months), follow=True
    )
    page = response.content.decode()
    assert "定例会議を作成できませんでした" in page and message in page
    assert not Meeting.objects.filter(series__isnull=False).exists()
    with pytest.raises(services.MeetingError, match="1〜24回"):
        services.create_series(
            viewer_of(w["users"]["city"], w),
            MeetingSeries(body=body, title="x", week=3, weekday=3, starts_at=dt.time(14)),
            first_month=dt.date(2027, 4, 1),
            months=int(months),
            kinds=[MeetingKind.SUPPORT],
            actor=actor_of(request_of(w["users"]["city"], w)),
        )
    assert not Meeting.objects.filter(series__isnull=False).exists()


def test_only_hosts_create_a_series(w: dict[str, Any], client_for: Any) -> None:
    body = w["m"]["body"]
    for key in ("soudanin", "pledged"):
        response = client_for(w["users"][key]).post(f"/meetings/bodies/{body.pk}/series/", series_form())
        assert response.status_code == 404, key
    assert client_for(w["users"]["city"]).get(f"/meetings/bodies/{body.pk}/series/").status_code == 405
    assert not Meeting.objects.filter(series__isnull=False).exists()


def test_inviting_to_a_sitting_with_bad_input_is_refused_in_japanese(
    w: dict[str, Any], client_for: Any
) -> None:
    meeting = w["m"]["meeting"]
    response = client_for(w["users"]["city"]).post(
        f"/meetings/{meeting.pk}/invite/", {"member": "²"}, follow=True
    )
    assert response.status_code == 200 and "構成員を選んでください。" in response.content.decode()


def test_someone_called_to_the_sitting_later_takes_part_in_its_case_items(
    w: dict[str, Any], client_for: Any
) -> None:
    meeting, case = w["m"]["meeting"], w["r"]["case"]
    item = AgendaItem.objects.create(meeting=meeting, kind=ItemKind.PROGRESS, title="進捗確認", case=case)
    late = w["users"]["pledged"]
    member = meeting.body.members.get(user=late)
    assert client_for(late).get(f"/meetings/items/{item.pk}/").status_code == 404
    client_for(w["users"]["city"]).post(f"/meetings/{meeting.pk}/invite/", {"member": member.pk})
    assert client_for(late).get(f"/meetings/items/{item.pk}/").status_code == 200
