"""Who takes part, named with their agency: on the item's page, in the minutes PDF (出席者 only from the
attendance the host recorded), the case's own agencies on its item by default, and a pledged member who was
not invited told whom to ask — without learning anything of the item."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kasane.audit.actor import actor_of
from kasane.lib.dates import today
from kasane.meetings import services
from kasane.meetings.models import PLEDGE_WORDING, AgendaItem, ItemKind, Meeting, MeetingKind, Pledge

from .helpers import audit_mark, entries_since, flat, flat_pdf, request_of, submit_case, viewer_of

pytestmark = pytest.mark.django_db


def test_the_items_participants_are_named_with_their_agency(w: dict[str, Any], client_for: Any) -> None:
    users, item = w["users"], w["m"]["support_item"]
    page = flat(client_for(users["city"]).get(f"/meetings/items/{item.pk}/").content.decode())
    for key, agency in (("city", "地域福祉課"), ("coordinator", "テスト市社会福祉協議会")):
        assert f"{agency}・{flat(users[key].full_name)}" in page
    assert f"南部地域包括支援センター・{flat(users['pledged'].full_name)}" in page


def test_the_minutes_list_attendees_only_once_attendance_is_recorded(
    w: dict[str, Any], client_for: Any
) -> None:
    users, meeting = w["users"], w["m"]["meeting"]
    meeting.attendance_recorded_at = None  # the sitting of the matrix world, before its host records who came
    meeting.save(update_fields=["attendance_recorded_at"])
    soudanin = flat(users["soudanin"].full_name)
    city = client_for(users["city"])
    before = flat_pdf(city.get(f"/meetings/{meeting.pk}/minutes.pdf"))
    # Called, not yet come: listed as such, and the 出席者 row says nothing is recorded.
    assert "招集者" in before and f"北部地域包括支援センター・{soudanin}" in before
    assert "出席者（出席はまだ記録されていません）" in before
    # The 配布先 of the §106-6 item names each member's agency too.
    distribution = before.split("配布先：")[1].split("対象者")[0]
    assert f"地域福祉課・{flat(users['city'].full_name)}" in distribution
    assert f"南部地域包括支援センター・{flat(users['pledged'].full_name)}" in distribution
    services.record_attendance(
        viewer_of(users["city"], w),
        meeting,
        {users["city"].pk, users["coordinator"].pk},
        actor=actor_of(request_of(users["city"], w)),
    )
    after = flat_pdf(city.get(f"/meetings/{meeting.pk}/minutes.pdf"))
    attended = after.split("出席者")[1].split("議題1")[0]
    assert f"地域福祉課・{flat(users['city'].full_name)}" in attended
    assert f"テスト市社会福祉協議会・{flat(users['coordinator'].full_name)}" in attended
    assert soudanin not in attended  # called, but did not come
    assert "招集者" not in after and "まだ記録されていません" not in after


def test_attendance_planned_before_the_day_is_not_yet_who_came(w: dict[str, Any], client_for: Any) -> None:
    users = w["users"]
    meeting = Meeting.objects.create(
        municipality=w["municipality"],
        body=w["m"]["body"],
        title="来週の包括的支援会議",
        kinds=[MeetingKind.LAYERED],
        held_on=today() + dt.timedelta(days=7),
    )
    meeting.attendance.create(user=users["city"], agency=w["agencies"]["division"], name="市 職員")
    services.record_attendance(
        viewer_of(users["city"], w), meeting, {users["city"].pk}, actor=actor_of(request_of(users["city"], w))
    )
    meeting.refresh_from_db()
    assert not meeting.attendance_recorded
    text = flat_pdf(client_for(users["city"]).get(f"/meetings/{meeting.pk}/minutes.pdf"))
    assert "出席者（出席はまだ記録されていません）" in text


def test_the_case_team_takes_part_in_its_own_item(w: dict[str, Any], client_for: Any) -> None:
    users = w["users"]
    meeting = Meeting.objects.create(
        municipality=w["municipality"],
        body=w["m"]["body"],
        title="臨時の重層的支援会議",
        kinds=[MeetingKind.LAYERED],
        held_on=today() + dt.timedelta(days=3),
    )
    # Nobody is called to this sitting yet; the case's team is 社協 (lead) and 北部包括.
    response = submit_case(client_for(users["coordinator"]), w["r"]["case"], meeting, ItemKind.PROGRESS)
    assert response.status_code == 302
    item = AgendaItem.objects.get(case=w["r"]["case"], meeting=meeting)
    assert set(item.invited.all()) == {users["coordinator"], users["soudanin"]}
    # The other members of the body (南部包括) are not on the team.
    assert users["pledged"] not in item.invited.all()


def test_the_submitter_is_told_of_team_agencies_with_nobody_on_the_body(
    w: dict[str, Any], client_for: Any
) -> None:
    users = w["users"]
    w["m"]["body"].members.filter(user=users["soudanin"]).update(left_on=today())
    meeting = Meeting.objects.create(
        municipality=w["municipality"],
        body=w["m"]["body"],
        title="臨時の重層的支援会議",
        kinds=[MeetingKind.LAYERED],
        held_on=today() + dt.timedelta(days=3),
    )
    client = client_for(users["coordinator"])
    response = submit_case(client, w["r"]["case"], meeting, ItemKind.PROGRESS)
    page = client.get(response.url).content.decode()
    assert "支援チームの北部地域包括支援センターは、この会議体の構成員がいないため" in page


def test_a_pledged_member_not_invited_is_told_whom_to_ask_and_nothing_else(
    w: dict[str, Any], client_for: Any
) -> None:
    users, item = w["users"], w["m"]["support_item"]
    unpledged = client_for(users["unpledged"])
    # Without a pledge: the plain 404, as for anyone outside.
    plain = unpledged.get(f"/meetings/items/{item.pk}/")
    assert plain.status_code == 404 and "招集を依頼" not in plain.content.decode()
    Pledge.objects.create(
        body=w["m"]["body"],
        user=users["unpledged"],
        user_name="未 誓約",
        agency_name="南部包括",
        pledged_on=today(),
        valid_until=Pledge.valid_until_for(today()),
        wording=PLEDGE_WORDING,
    )
    mark = audit_mark()
    response = unpledged.get(f"/meetings/items/{item.pk}/")
    page = response.content.decode()
    assert response.status_code == 404
    assert f"主催者（地域福祉課）に、議題番号 No.{item.pk} への招集を依頼してください。" in page
    for secret in (item.title, item.subject_name, item.situation, w["m"]["meeting"].title):
        assert secret not in page
    denied = [e for e in entries_since(mark) if e.action == "access.denied"]
    assert len(denied) == 1 and denied[0].details == {"exists": True}
    # An item that does not exist, and a non-member asking for this one: the plain 404.
    assert "招集を依頼" not in unpledged.get("/meetings/items/999999/").content.decode()
    outsider = client_for(users["other_agency"]).get(f"/meetings/items/{item.pk}/")
    assert outsider.status_code == 404 and "招集を依頼" not in outsider.content.decode()
    # A member who has left the body is an outsider again, pledge or not.
    w["m"]["body"].members.filter(user=users["unpledged"]).update(left_on=today())
    assert "招集を依頼" not in unpledged.get(f"/meetings/items/{item.pk}/").content.decode()
