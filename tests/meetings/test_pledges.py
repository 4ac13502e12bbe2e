"""守秘義務の誓約: a member of the body pledges for the fiscal year, once; the pledge opens the §106-6 item
until 31 March and only while they are a member."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kasane.audit.actor import actor_of
from kasane.lib.dates import fiscal_year, fiscal_year_bounds, today
from kasane.meetings import services
from kasane.meetings.models import PLEDGE_WORDING, Pledge

from .helpers import (
    audit_mark,
    entries_since,
    flat,
    flat_pdf,
    push_to_last_year,
    record_support_minutes,
    request_of,
    viewer_of,
)

pytestmark = pytest.mark.django_db


def test_the_pledge_needs_the_box_ticked_and_writes_nothing_without_it(
    w: dict[str, Any], client_for: Any
) -> None:
    body, soudanin = w["m"]["body"], w["users"]["soudanin"]
    mark = audit_mark()
    response = client_for(soudanin).post(f"/meetings/bodies/{body.pk}/pledge/", {})
    assert response.status_code == 200
    assert "誓約文を読み、「誓約します」にチェックを入れてください。" in response.content.decode()
    assert not Pledge.objects.filter(user=soudanin).exists()
    assert entries_since(mark) == []


def test_a_member_pledges_for_the_fiscal_year_and_only_once(w: dict[str, Any], client_for: Any) -> None:
    body, soudanin = w["m"]["body"], w["users"]["soudanin"]
    client = client_for(soudanin)
    page = client.get(f"/meetings/bodies/{body.pk}/pledge/").content.decode()
    assert PLEDGE_WORDING in page and 'name="agree"' in page
    response = client.post(f"/meetings/bodies/{body.pk}/pledge/", {"agree": "on"})
    assert response.status_code == 302
    pledge = Pledge.objects.get(user=soudanin, body=body)
    end_of_year = fiscal_year_bounds(fiscal_year(today()))[1]
    assert (end_of_year.month, end_of_year.day) == (3, 31)
    assert pledge.pledged_on == today() and pledge.valid_until == end_of_year
    assert pledge.wording == PLEDGE_WORDING and pledge.recorded_by == soudanin
    assert (pledge.user_name, pledge.agency_name) == (soudanin.full_name, "北部地域包括支援センター")
    assert "あなたは誓約済み" in client.get(f"/meetings/bodies/{body.pk}/").content.decode()
    # A second pledge in the same year is refused, over HTTP and in the service.
    again = client.post(f"/meetings/bodies/{body.pk}/pledge/", {"agree": "on"})
    assert again.status_code == 200 and "今年度の誓約は済んでいます" in again.content.decode()
    with pytest.raises(services.MeetingError, match="今年度の誓約はすでに済んでいます"):
        services.take_pledge(viewer_of(soudanin, w), body, actor=actor_of(request_of(soudanin, w)))
    assert Pledge.objects.filter(user=soudanin, body=body).count() == 1


def test_a_pledge_holds_until_march_31_of_the_year_it_was_signed_in(w: dict[str, Any]) -> None:
    assert Pledge.valid_until_for(dt.date(2026, 4, 1)) == dt.date(2027, 3, 31)
    assert Pledge.valid_until_for(dt.date(2027, 1, 5)) == dt.date(2027, 3, 31)
    assert Pledge.valid_until_for(dt.date(2027, 3, 31)) == dt.date(2027, 3, 31)
    assert Pledge.valid_until_for(dt.date(2027, 4, 1)) == dt.date(2028, 3, 31)
    pledge = Pledge.objects.get(user=w["users"]["pledged"])
    end = pledge.valid_until
    current = Pledge.objects.filter(pk=pledge.pk).current
    assert current(end).exists() and not current(end + dt.timedelta(days=1)).exists()
    assert not current(pledge.pledged_on - dt.timedelta(days=1)).exists()


def test_only_a_member_of_the_body_can_pledge(w: dict[str, Any], client_for: Any, make_user: Any) -> None:
    body = w["m"]["body"]
    url = f"/meetings/bodies/{body.pk}/pledge/"
    # A host sees every body of the town but is not its member: told, nothing written.
    host = make_user("shi2", w["agencies"]["division"], "city_program")
    response = client_for(host).post(url, {"agree": "on"})
    assert response.status_code == 200
    assert "誓約は会議体の構成員が行います" in response.content.decode()
    # Staff who are neither members nor hosts do not learn the body exists.
    for key in ("other_agency", "agency_admin", "other_city", "prefecture"):
        assert client_for(w["users"][key]).post(url, {"agree": "on"}).status_code == 404, key
    assert not Pledge.objects.filter(user__in=[host, w["users"]["other_agency"]]).exists()
    with pytest.raises(services.MeetingError, match="構成員が行います"):
        services.take_pledge(viewer_of(host, w), body, actor=actor_of(request_of(host, w)))


def test_last_years_pledge_no_longer_opens_the_item_until_renewed(w: dict[str, Any], client_for: Any) -> None:
    m, pledged = w["m"], w["users"]["pledged"]
    item, meeting = m["support_item"], m["meeting"]
    client = client_for(pledged)
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 200
    push_to_last_year(Pledge.objects.get(user=pledged))
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 404
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert item.title not in page and "守秘義務の誓約がまだのため" in page
    assert flat(item.situation) not in flat_pdf(client.get(f"/meetings/{meeting.pk}/minutes.pdf"))
    # Renewal for this year is allowed although a pledge exists (last year's), and opens the item again.
    assert client.post(f"/meetings/bodies/{m['body'].pk}/pledge/", {"agree": "on"}).status_code == 302
    assert Pledge.objects.filter(user=pledged).count() == 2
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 200


def test_a_member_who_leaves_the_body_loses_the_item_at_once(w: dict[str, Any], client_for: Any) -> None:
    m, users = w["m"], w["users"]
    item = m["support_item"]
    client = client_for(users["pledged"])
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 200
    member = m["body"].members.get(user=users["pledged"])
    response = client_for(users["city"]).post(f"/meetings/bodies/{m['body'].pk}/members/{member.pk}/remove/")
    assert response.status_code == 302
    # The pledge is still within its year, but the pledge binds members of the body only.
    assert Pledge.objects.current().filter(user=users["pledged"]).exists()
    assert client.get(f"/meetings/items/{item.pk}/").status_code == 404
    # No longer a member, they do not see the sitting at all.
    assert client.get(f"/meetings/{m['meeting'].pk}/minutes.pdf").status_code == 404
    # Nor can the task from the item be assigned to them any more.
    with pytest.raises(services.MeetingError, match="支援会議の宿題は"):
        record_support_minutes(w, actions=[users["pledged"]])
