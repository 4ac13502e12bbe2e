"""An item submitted to the wrong sitting: withdrawn or moved by its submitter or a host, before the sitting's
day and before any minutes, to a coming sitting that serves its kind — a 支援会議 item only to a 支援会議,
taking along only the pledged members of the new body. Every change is audited; nothing is written on refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from kasane.accounts.models import User
from kasane.audit.models import Basis
from kasane.lib.dates import today
from kasane.meetings import services
from kasane.meetings.models import (
    PLEDGE_WORDING,
    AgendaItem,
    BodyMember,
    ItemKind,
    Meeting,
    MeetingBody,
    MeetingKind,
    MeetingStatus,
    Pledge,
)
from kasane.meetings.services import MeetingError
from tests.clock import TOKYO

from .helpers import audit_mark, entries_since, request_of, submit_case, viewer_of

pytestmark = pytest.mark.django_db

ALL = [MeetingKind.SUPPORT, MeetingKind.LAYERED, MeetingKind.PROMOTION]


def _sitting(
    w: dict[str, Any], days: int, kinds: list[str] = ALL, body: MeetingBody | None = None
) -> Meeting:
    return Meeting.objects.create(
        municipality=w["municipality"],
        body=body or w["m"]["body"],
        title=f"包括的支援会議（{days}日後）",
        kinds=kinds,
        held_on=today() + dt.timedelta(days=days),
    )


def _case_item(w: dict[str, Any], client_for: Any, meeting: Meeting) -> AgendaItem:
    response = submit_case(client_for(w["users"]["coordinator"]), w["r"]["case"], meeting, ItemKind.PROGRESS)
    assert response.status_code == 302, response.content.decode()[:2000]
    return AgendaItem.objects.get(case=w["r"]["case"], meeting=meeting)


def _support_item(w: dict[str, Any], meeting: Meeting, invited: list[User]) -> AgendaItem:
    city = w["users"]["city"]
    item = AgendaItem(
        title="夜間に徘徊する高齢女性", subject_name="田中 ハナ", situation="情報が寄せられている。"
    )
    return services.add_support_item(viewer_of(city, w), meeting, item, invited, actor=_actor(city, w))


def _actor(user: User, w: dict[str, Any]) -> Any:
    from kasane.audit.actor import actor_of

    return actor_of(request_of(user, w))


def _at(day: dt.date, hour: int, minute: int, second: int = 0) -> time_machine.travel:
    return time_machine.travel(
        dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=TOKYO), tick=False
    )


def test_the_submitter_withdraws_on_the_eve_of_the_sitting_and_may_submit_again(
    w: dict[str, Any], client_for: Any
) -> None:
    wrong, right = _sitting(w, 1), _sitting(w, 8)
    item = _case_item(w, client_for, wrong)
    coordinator = client_for(w["users"]["coordinator"])
    # Resubmitting is refused while it waits on the wrong sitting, and the way out is named.
    refused = submit_case(coordinator, w["r"]["case"], right, ItemKind.PROGRESS)
    assert "別の会議に移すか、取り下げてください。" in refused.content.decode()
    mark = audit_mark()
    with _at(today(), 23, 59, 59):
        coordinator = client_for(w["users"]["coordinator"])  # logged in now: sessions lapse when idle
        page = coordinator.get(f"/meetings/items/{item.pk}/withdraw/")
        assert "取り下げると、この議題は会議の議題から外れ" in page.content.decode()
        response = coordinator.post(f"/meetings/items/{item.pk}/withdraw/")
    assert response.status_code == 302 and response.url == f"/meetings/{wrong.pk}/"
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    withdrawn = [e for e in entries_since(mark) if e.action == "agenda_item.withdrawn"]
    assert len(withdrawn) == 1
    entry = withdrawn[0]
    assert entry.object_id == str(item.pk) and entry.basis == Basis.CONSENT
    assert entry.person_id == str(w["r"]["case"].person_id) and entry.basis_ref == f"meeting:{wrong.pk}"
    assert submit_case(coordinator, w["r"]["case"], right, ItemKind.PROGRESS).status_code == 302


def test_from_the_sittings_day_the_item_stays_where_it_is(w: dict[str, Any], client_for: Any) -> None:
    """Across midnight (Tokyo): withdrawing and moving end when the sitting's day begins."""
    sitting, later = _sitting(w, 1), _sitting(w, 8)
    item = _case_item(w, client_for, sitting)
    mark = audit_mark()
    with _at(sitting.held_on, 0, 0, 1):
        coordinator = client_for(w["users"]["coordinator"])  # logged in now: sessions lapse when idle
        withdraw = coordinator.post(f"/meetings/items/{item.pk}/withdraw/")
        move = coordinator.post(f"/meetings/items/{item.pk}/move/", {"meeting": later.pk})
    assert withdraw.status_code == 200 and move.status_code == 200
    for response in (withdraw, move):
        assert "会議の当日以降は、議題の取り下げ・移動はできません。" in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).meeting_id == sitting.pk
    assert not [
        e
        for e in entries_since(mark)
        if e.action.startswith("agenda_item.") and e.action != "agenda_item.viewed"
    ]
    # A second earlier it could still move.
    with _at(today(), 23, 59, 59):
        coordinator = client_for(w["users"]["coordinator"])
        assert coordinator.post(f"/meetings/items/{item.pk}/move/", {"meeting": later.pk}).status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).meeting_id == later.pk


def test_a_case_item_moves_to_a_coming_sitting_with_that_sittings_people_and_its_team(
    w: dict[str, Any], client_for: Any
) -> None:
    users = w["users"]
    wrong, right = _sitting(w, 1), _sitting(w, 8)
    item = _case_item(w, client_for, wrong)
    # Someone called only to the wrong sitting does not follow the item; the new sitting's people do.
    w["m"]["meeting"].attendance.model.objects.create(
        meeting=right, user=users["city"], agency=w["agencies"]["division"], name=users["city"].full_name
    )
    mark = audit_mark()
    response = client_for(users["coordinator"]).post(
        f"/meetings/items/{item.pk}/move/", {"meeting": right.pk}
    )
    assert response.status_code == 302 and response.url == f"/meetings/items/{item.pk}/"
    item.refresh_from_db()
    assert item.meeting_id == right.pk and item.order == 1
    # The submitter, who is called to the new sitting, and the case team's members of the body.
    assert set(item.invited.all()) == {users["coordinator"], users["city"], users["soudanin"]}
    moved = [e for e in entries_since(mark) if e.action == "agenda_item.moved"]
    assert len(moved) == 1 and moved[0].details["moved_from"] == wrong.pk
    assert moved[0].basis_ref == f"meeting:{right.pk}"


def test_a_sitting_that_does_not_serve_the_items_kind_is_refused(w: dict[str, Any], client_for: Any) -> None:
    users = w["users"]
    sitting = _sitting(w, 1)
    promotion_only, support_only = (
        _sitting(w, 8, [MeetingKind.PROMOTION]),
        _sitting(w, 9, [MeetingKind.SUPPORT]),
    )
    item = _case_item(w, client_for, sitting)
    coordinator = client_for(users["coordinator"])
    page = coordinator.get(f"/meetings/items/{item.pk}/move/").content.decode()
    assert promotion_only.title not in page and support_only.title not in page
    response = coordinator.post(f"/meetings/items/{item.pk}/move/", {"meeting": support_only.pk})
    assert "選んだ会議は使えません。" in response.content.decode()
    assert AgendaItem.objects.get(pk=item.pk).meeting_id == sitting.pk
    # The service refuses it whatever the page offers: a 支援会議 item never goes to a sitting that is not one.
    support = _support_item(w, sitting, [users["coordinator"]])
    with pytest.raises(MeetingError, match="「支援会議（社会福祉法第106条の6）」を兼ねていない"):
        services.move_item(
            viewer_of(users["city"], w),
            support,
            _sitting(w, 10, [MeetingKind.LAYERED]),
            actor=_actor(users["city"], w),
        )
    assert AgendaItem.objects.get(pk=support.pk).meeting_id == sitting.pk


def test_a_support_item_takes_along_only_the_pledged_members_of_the_new_body(
    w: dict[str, Any], client_for: Any
) -> None:
    users, agencies = w["users"], w["agencies"]
    sitting = _sitting(w, 1)
    item = _support_item(w, sitting, [users["coordinator"], users["pledged"]])
    other = MeetingBody.objects.create(
        municipality=w["municipality"],
        name="南部地区支援会議",
        kinds=[MeetingKind.SUPPORT],
        host_agency=agencies["division"],
    )
    for key, agency in (("city", "division"), ("coordinator", "shakyo"), ("pledged", "houkatsu_south")):
        BodyMember.objects.create(body=other, user=users[key], agency=agencies[agency], joined_on=today())
    for key in ("city", "coordinator"):
        Pledge.objects.create(
            body=other,
            user=users[key],
            user_name=users[key].full_name,
            agency_name="",
            pledged_on=today(),
            valid_until=Pledge.valid_until_for(today()),
            wording=PLEDGE_WORDING,
        )
    target = _sitting(w, 8, [MeetingKind.SUPPORT], body=other)
    # The city (host, a pledged member there) moves it.
    response = client_for(users["city"]).post(
        f"/meetings/items/{item.pk}/move/", {"meeting": target.pk}, follow=True
    )
    assert f"{users['pledged'].full_name}" in response.content.decode()
    assert "移動先の会議体で誓約していない次の方は、参加者から外れました" in response.content.decode()
    item.refresh_from_db()
    assert item.meeting_id == target.pk
    assert set(item.invited.all()) == {users["city"], users["coordinator"]}
    # The one left out no longer sees it.
    assert client_for(users["pledged"]).get(f"/meetings/items/{item.pk}/").status_code == 404


def test_a_host_without_a_pledge_in_the_new_body_cannot_take_a_support_item_there(w: dict[str, Any]) -> None:
    users, agencies = w["users"], w["agencies"]
    item = _support_item(w, _sitting(w, 1), [])
    other = MeetingBody.objects.create(
        municipality=w["municipality"],
        name="別の支援会議",
        kinds=[MeetingKind.SUPPORT],
        host_agency=agencies["division"],
    )
    BodyMember.objects.create(body=other, user=users["city"], agency=agencies["division"], joined_on=today())
    target = _sitting(w, 8, [MeetingKind.SUPPORT], body=other)
    with pytest.raises(MeetingError, match="移動先の会議体で守秘義務の誓約をしていない"):
        services.move_item(viewer_of(users["city"], w), item, target, actor=_actor(users["city"], w))
    assert AgendaItem.objects.get(pk=item.pk).meeting_id != target.pk


def test_only_the_submitter_and_the_hosts_may_withdraw(w: dict[str, Any], client_for: Any) -> None:
    users = w["users"]
    item = _support_item(w, _sitting(w, 1), [users["pledged"]])
    pledged = client_for(users["pledged"])
    # Invited and pledged, she sees the item but did not submit it and does not host.
    assert pledged.get(f"/meetings/items/{item.pk}/").status_code == 200
    assert "取り下げる" not in pledged.get(f"/meetings/items/{item.pk}/").content.decode()
    assert pledged.post(f"/meetings/items/{item.pk}/withdraw/").status_code == 403
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    # Had she submitted it, she could.
    AgendaItem.objects.filter(pk=item.pk).update(created_by=users["pledged"])
    assert pledged.post(f"/meetings/items/{item.pk}/withdraw/").status_code == 302
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_minutes_keep_the_item_on_its_sitting(w: dict[str, Any], client_for: Any) -> None:
    users = w["users"]
    sitting = _sitting(w, 1)
    item = _support_item(w, sitting, [users["coordinator"]])
    city = client_for(users["city"])
    assert "別の会議に移す" in city.get(f"/meetings/items/{item.pk}/").content.decode()
    services.record_minutes(
        viewer_of(users["city"], w),
        item,
        {"discussion": "事前に共有した内容"},
        [],
        lock_version=item.lock_version,
        basis=Basis.SW106_6,
        actor=_actor(users["city"], w),
    )
    assert "別の会議に移す" not in city.get(f"/meetings/items/{item.pk}/").content.decode()
    response = city.post(f"/meetings/items/{item.pk}/withdraw/")
    assert "議事録が記録されている議題は、取り下げ・移動できません。" in response.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_items_of_a_cancelled_sitting_can_move_even_after_its_day(w: dict[str, Any], client_for: Any) -> None:
    users = w["users"]
    cancelled = _sitting(w, 1)
    item = _support_item(w, cancelled, [])
    Meeting.objects.filter(pk=cancelled.pk).update(status=MeetingStatus.CANCELLED)
    later = _sitting(w, 8)
    with _at(cancelled.held_on + dt.timedelta(days=2), 10, 0):
        # The pledge may have run out by then (a new 年度): what counts here is the sitting, so re-pledge.
        Pledge.objects.filter(user=users["city"]).update(
            pledged_on=today(), valid_until=Pledge.valid_until_for(today())
        )
        response = client_for(users["city"]).post(f"/meetings/items/{item.pk}/move/", {"meeting": later.pk})
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).meeting_id == later.pk


def test_the_pages_answer_get_and_post_only(w: dict[str, Any], client_for: Any) -> None:
    item = _support_item(w, _sitting(w, 1), [])
    city = client_for(w["users"]["city"])
    for page in ("withdraw", "move"):
        assert city.put(f"/meetings/items/{item.pk}/{page}/").status_code == 405
    assert city.post(f"/meetings/items/{item.pk}/move/", {"meeting": "x"}).status_code == 200
    assert AgendaItem.objects.get(pk=item.pk).meeting.held_on == today() + dt.timedelta(days=1)
