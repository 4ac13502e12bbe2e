"""Tasks from the minutes (会議の宿題) and resource gaps: a task stays with its assignee until they complete it,
a support item's task goes to a pledged invitee only and hides once the pledge lapses, and a gap raised from
an item keeps the link but not the content."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from kasane.audit.actor import actor_of
from kasane.lib.dates import today
from kasane.meetings import services
from kasane.meetings.models import ActionItem, AgendaItem, ItemKind, Pledge, ResourceGap

from .helpers import LABELS, post_minutes, push_to_last_year, record_support_minutes, request_of, viewer_of

pytestmark = pytest.mark.django_db


def _home_count(client: Client) -> str:
    found = re.search(r'queue__count">(\d+)</strong>件 会議の宿題', client.get("/").content.decode())
    assert found
    return found.group(1)


def test_a_task_stays_in_the_assignees_list_until_they_complete_it(
    w: dict[str, Any], client_for: Any
) -> None:
    users, meeting = w["users"], w["m"]["meeting"]
    city = client_for(users["city"])
    response = city.post(
        f"/meetings/{meeting.pk}/items/promotion/",
        {"title": "夜間の居場所", "situation": "市内に夜の居場所がない"},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(kind=ItemKind.PROMOTION)
    task = "公民館の夜間利用の可否を確認する"
    assert (
        post_minutes(city, item, item.lock_version, actions=((users["soudanin"], task),)).status_code == 302
    )
    action = ActionItem.objects.get(task=task)
    assignee = client_for(users["soudanin"])
    assert task in assignee.get("/meetings/actions/").content.decode()
    assert _home_count(assignee) == "1"
    assert task not in city.get("/meetings/actions/").content.decode()
    # Only the assignee completes it: for anyone else it does not exist.
    assert city.post(f"/meetings/actions/{action.pk}/done/").status_code == 404
    assert client_for(users["coordinator"]).post(f"/meetings/actions/{action.pk}/done/").status_code == 404
    assert assignee.get(f"/meetings/actions/{action.pk}/done/").status_code == 405
    action.refresh_from_db()
    assert action.done_on is None
    with pytest.raises(services.MeetingError, match="担当者です"):
        services.complete_action(
            viewer_of(users["city"], w), action, actor=actor_of(request_of(users["city"], w))
        )
    assert assignee.post(f"/meetings/actions/{action.pk}/done/").status_code == 302
    action.refresh_from_db()
    assert action.done_on == today()
    page = assignee.get("/meetings/actions/").content.decode()
    assert "未完了の宿題はありません。" in page and task in page.split("完了したもの")[1]
    assert _home_count(assignee) == "0"


def test_a_support_items_task_goes_only_to_a_pledged_invitee(w: dict[str, Any], client_for: Any) -> None:
    users, item = w["users"], w["m"]["support_item"]
    city = client_for(users["city"])
    before = ActionItem.objects.count()
    response = post_minutes(city, item, item.lock_version, actions=((users["soudanin"], "訪問する"),))
    assert response.status_code == 200 and "候補にありません" in response.content.decode()
    with pytest.raises(services.MeetingError, match="支援会議の宿題は、この議題の参加者（誓約済み）にだけ"):
        record_support_minutes(w, actions=[users["soudanin"]])
    assert ActionItem.objects.count() == before
    AgendaItem.objects.filter(pk=item.pk).update(lock_version=1)
    item.refresh_from_db()
    assert (
        post_minutes(city, item, item.lock_version, actions=((users["pledged"], "訪問する"),)).status_code
        == 302
    )
    assert ActionItem.objects.count() == before + 1


def test_a_task_from_a_support_item_is_labelled_and_hidden_once_the_pledge_lapses(
    w: dict[str, Any], client_for: Any
) -> None:
    users, action = w["users"], w["m"]["action"]
    client = client_for(users["pledged"])
    page = client.get("/meetings/actions/").content.decode()
    assert action.task in page and any(label in page for label in LABELS)
    push_to_last_year(Pledge.objects.get(user=users["pledged"]))
    page = client.get("/meetings/actions/").content.decode()
    assert action.task not in page and "守秘義務の誓約" in page
    assert _home_count(client) == "1"  # still theirs to do once they renew


def test_a_gap_raised_from_an_item_keeps_the_link_but_not_the_content(
    w: dict[str, Any], client_for: Any
) -> None:
    item = w["m"]["support_item"]
    data = {
        "title": "夜間の見守り",
        "description": "夜間に高齢者を見守る仕組みがない。",
        "raised_on": "R8.11.20",
        "raised_by_agency": w["agencies"]["division"].pk,
        "status": "raised",
        "follow_up": "",
        "item": item.pk,
    }
    page = client_for(w["users"]["city"]).get(f"/meetings/gaps/new/?item={item.pk}").content.decode()
    assert "議題の内容は写されません" in page and item.situation not in page
    assert client_for(w["users"]["city"]).post("/meetings/gaps/new/", data).status_code == 302
    gap = ResourceGap.objects.get(title="夜間の見守り")
    assert gap.source_item_id == item.pk
    # Someone who cannot see the item cannot attach a gap to it.
    assert (
        client_for(w["users"]["soudanin"]).post("/meetings/gaps/new/", data | {"title": "別"}).status_code
        == 302
    )
    assert ResourceGap.objects.get(title="別").source_item_id is None
    listing = client_for(w["users"]["soudanin"]).get("/meetings/gaps/").content.decode()
    assert item.situation not in listing and item.subject_name not in listing


def test_a_task_whose_item_is_no_longer_visible_cannot_be_read_or_closed(
    w: dict[str, Any], client_for: Any
) -> None:
    action = w["m"]["action"]
    pledged = w["users"]["pledged"]
    Pledge.objects.filter(user=pledged).delete()
    client = client_for(pledged)
    assert client.post(f"/meetings/actions/{action.pk}/done/").status_code == 404
    action.refresh_from_db()
    assert action.done_on is None
    page = client.get("/meetings/actions/").content.decode()
    assert action.task not in page and f"/meetings/actions/{action.pk}/done/" not in page
