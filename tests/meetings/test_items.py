"""Agenda items and the legal basis each carries: a 支援会議 item (社会福祉法第106条の6) only among pledged
members, on a sitting and a body that serve the 支援会議, hosted by the city; a 重層的支援会議 item only on the
person's consent, for a case in the state its kind needs, and once."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from kasane.audit.actor import actor_of
from kasane.casework.models import CaseStatus
from kasane.lib.dates import today
from kasane.meetings import services
from kasane.meetings.models import AgendaItem, BodyMember, ItemKind, Meeting, MeetingBody, MeetingKind, Pledge

from .helpers import (
    audit_mark,
    awaiting_meeting,
    entries_since,
    push_to_last_year,
    request_of,
    series_form,
    submit_case,
    support_form,
    viewer_of,
)

pytestmark = pytest.mark.django_db


# --- 支援会議 items -----------------------------------------------------------------------------------------


def _support_items() -> int:
    return AgendaItem.objects.filter(kind=ItemKind.SUPPORT_CASE).count()


def test_a_support_item_with_a_pledged_member_is_created_with_its_invitees(
    w: dict[str, Any], client_for: Any
) -> None:
    users, meeting = w["users"], w["m"]["meeting"]
    response = client_for(users["city"]).post(
        f"/meetings/{meeting.pk}/items/support/", support_form([users["pledged"]])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = AgendaItem.objects.filter(kind=ItemKind.SUPPORT_CASE).latest("pk")
    # The creator joins automatically; nobody else is added.
    assert set(item.invited.all()) == {users["city"], users["pledged"]}
    assert item.case_id is None and item.order == 2


def test_a_support_item_is_refused_when_an_invitee_has_no_pledge(w: dict[str, Any], client_for: Any) -> None:
    users, meeting = w["users"], w["m"]["meeting"]
    before, mark = _support_items(), audit_mark()
    # The form offers pledged members only; a forged choice is refused in Japanese.
    response = client_for(users["city"]).post(
        f"/meetings/{meeting.pk}/items/support/", support_form([users["unpledged"]])
    )
    assert response.status_code == 200
    assert "候補にありません" in response.content.decode()
    # The service refuses it too, naming who has not pledged: an expired pledge is no pledge.
    push_to_last_year(Pledge.objects.get(user=users["pledged"]))
    item = AgendaItem(title="x", subject_name="x", situation="x")
    with pytest.raises(services.MeetingError, match="守秘義務の誓約をしていない方") as refused:
        services.add_support_item(
            viewer_of(users["city"], w),
            meeting,
            item,
            [users["unpledged"], users["pledged"]],
            actor=actor_of(request_of(users["city"], w)),
        )
    assert users["unpledged"].full_name in str(refused.value) and users["pledged"].full_name in str(
        refused.value
    )
    assert _support_items() == before and entries_since(mark) == []


def test_a_support_item_is_refused_when_its_creator_has_no_pledge(
    w: dict[str, Any], client_for: Any, make_user: Any
) -> None:
    users, m = w["users"], w["m"]
    host = make_user("shi2", w["agencies"]["division"], "city_program")
    BodyMember.objects.create(body=m["body"], user=host, agency=w["agencies"]["division"], joined_on=today())
    client = client_for(host)
    url = f"/meetings/{m['meeting'].pk}/items/support/"
    message = "支援会議の議題を作成する前に、ご自身の守秘義務の誓約を行ってください。"
    assert message in client.get(url).content.decode()
    before = _support_items()
    response = client.post(url, support_form([users["pledged"]]))
    assert response.status_code == 200 and message in response.content.decode()
    with pytest.raises(services.MeetingError, match="ご自身の守秘義務の誓約"):
        services.add_support_item(
            viewer_of(host, w),
            m["meeting"],
            AgendaItem(title="x"),
            [users["pledged"]],
            actor=actor_of(request_of(host, w)),
        )
    assert _support_items() == before


def test_a_support_item_is_refused_on_a_sitting_that_does_not_serve_the_support_meeting(
    w: dict[str, Any], client_for: Any
) -> None:
    users, body = w["users"], w["m"]["body"]
    layered_only = Meeting.objects.create(
        municipality=w["municipality"],
        body=body,
        title="重層的支援会議",
        kinds=[MeetingKind.LAYERED],
        held_on=today(),
    )
    before = _support_items()
    response = client_for(users["city"]).post(
        f"/meetings/{layered_only.pk}/items/support/", support_form([users["pledged"]])
    )
    assert response.status_code == 200
    assert "この回は「支援会議（社会福祉法第106条の6）」を兼ねていないため" in response.content.decode()
    assert _support_items() == before


def test_a_support_meeting_body_must_be_hosted_by_a_city_division(w: dict[str, Any], client_for: Any) -> None:
    client, agencies = client_for(w["users"]["city"]), w["agencies"]
    form = {"name": "社協主催の会議", "kinds": [MeetingKind.SUPPORT], "host_agency": agencies["shakyo"].pk}
    response = client.post("/meetings/bodies/new/", form)
    assert response.status_code == 200
    assert (
        "支援会議は市町村が組織します。主催には市町村の担当課を選んでください。" in response.content.decode()
    )
    assert not MeetingBody.objects.filter(name="社協主催の会議").exists()
    # The hub may host a 重層的支援会議; the city hosts the 支援会議.
    assert client.post("/meetings/bodies/new/", {**form, "kinds": [MeetingKind.LAYERED]}).status_code == 302
    division = {**form, "name": "市主催の支援会議", "host_agency": agencies["division"].pk}
    assert client.post("/meetings/bodies/new/", division).status_code == 302
    assert set(MeetingBody.objects.values_list("name", "host_agency__kind")) >= {
        ("社協主催の会議", "shakyo"),
        ("市主催の支援会議", "city_division"),
    }


def test_a_body_that_does_not_serve_the_support_meeting_cannot_get_one_by_another_door(
    w: dict[str, Any], client_for: Any
) -> None:
    """Neither one meeting nor a series can serve a kind of meeting its body does not: otherwise a body
    hosted by the hub would hold 支援会議 sittings."""
    hub_body = MeetingBody.objects.create(
        municipality=w["municipality"],
        name="社協の重層的支援会議",
        kinds=[MeetingKind.LAYERED],
        host_agency=w["agencies"]["shakyo"],
    )
    client = client_for(w["users"]["coordinator"])
    response = client.post(
        "/meetings/new/",
        {"body": hub_body.pk, "title": "x", "kinds": [MeetingKind.SUPPORT], "held_on": "R9.1.21"},
    )
    assert response.status_code == 200
    assert "この会議体が兼ねていない種類の会議は選べません" in response.content.decode()
    response = client.post(
        f"/meetings/bodies/{hub_body.pk}/series/",
        series_form(kinds=[MeetingKind.SUPPORT, MeetingKind.LAYERED]),
        follow=True,
    )
    assert "この会議体が兼ねていない種類の会議は選べません" in response.content.decode()
    assert not Meeting.objects.filter(body=hub_body).exists()


# --- 重層的支援会議 items -----------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["not_covered", "withdrawn"])
def test_a_case_item_needs_the_persons_consent_to_the_meeting(
    w: dict[str, Any], client_for: Any, how: str
) -> None:
    case, consent = awaiting_meeting(w), w["r"]["consent"]
    if how == "not_covered":
        consent.covers_meeting = False
    else:
        consent.withdrawn_at, consent.withdrawn_on = timezone.now(), today()
    consent.save()
    mark = audit_mark()
    response = submit_case(client_for(w["users"]["coordinator"]), case, w["m"]["meeting"])
    assert response.status_code == 200
    page = response.content.decode()
    assert "本人の同意（重層的支援会議での検討）がないため、重層的支援会議では扱えません。" in page
    assert "支援会議（社会福祉法第106条の6）の議題にしてください" in page
    assert not AgendaItem.objects.filter(case=case).exists()
    assert not [e for e in entries_since(mark) if e.action == "agenda_item.created"]


def test_plan_approval_only_for_a_case_awaiting_the_meeting(w: dict[str, Any], client_for: Any) -> None:
    case, coordinator, meeting = w["r"]["case"], w["users"]["coordinator"], w["m"]["meeting"]
    assert case.status == CaseStatus.SUPPORT
    # The page offers only what the case's state allows; a forged kind is refused.
    response = submit_case(client_for(coordinator), case, meeting, ItemKind.PLAN_APPROVAL)
    assert response.status_code == 200 and "候補にありません" in response.content.decode()
    with pytest.raises(services.MeetingError, match="会議待ち"):
        services.add_case_item(
            viewer_of(coordinator, w),
            meeting,
            case,
            ItemKind.PLAN_APPROVAL,
            [],
            actor=actor_of(request_of(coordinator, w)),
        )
    assert not AgendaItem.objects.filter(case=case).exists()


def test_the_same_pending_item_cannot_be_added_twice(w: dict[str, Any], client_for: Any) -> None:
    case, meeting = awaiting_meeting(w), w["m"]["meeting"]
    client = client_for(w["users"]["coordinator"])
    assert submit_case(client, case, meeting).status_code == 302
    item = AgendaItem.objects.get(case=case)
    assert item.plan == w["r"]["plan"] and item.kind == ItemKind.PLAN_APPROVAL
    # The person consented to discussion at the sitting: everyone called to it takes part.
    attendees = {w["users"][k] for k in ("coordinator", "city", "soudanin")}
    assert set(item.invited.all()) == attendees
    response = submit_case(client, case, meeting)
    assert response.status_code == 200
    page = response.content.decode()
    assert f"の「{meeting.title}」にまだ協議されずに残っています。" in page
    # The way out is named: move or withdraw the waiting item (tests/meetings/test_withdraw_and_move.py).
    assert "別の会議に移すか、取り下げてください。" in page
    assert AgendaItem.objects.filter(case=case).count() == 1
    # The case page points to the pending item; a team member who does not run the case cannot submit it.
    assert f"/meetings/items/{item.pk}/" in client.get(f"/cases/{case.pk}/").content.decode()
    assert submit_case(client_for(w["users"]["soudanin"]), case, meeting).status_code == 403
