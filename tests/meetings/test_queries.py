"""Query counts of the meeting pages are pinned, and do not grow with the data shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kasane.lib.dates import today
from kasane.meetings.models import (
    PLEDGE_WORDING,
    ActionItem,
    AgendaItem,
    Attendance,
    BodyMember,
    ItemKind,
    Meeting,
    MeetingKind,
    Pledge,
)

pytestmark = pytest.mark.django_db


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    # On PostgreSQL the audit trail serialises appends with an advisory lock: one statement more per
    # audited request. Leave it out so one pinned figure holds on both engines.
    return sum("pg_advisory_xact_lock" not in q["sql"] for q in ctx.captured_queries)


def _grow(w: dict[str, Any], make_user: Any, n: int) -> None:
    """More of everything the meeting pages list: items, invitees, attendees, tasks, meetings."""
    users, m, agencies = w["users"], w["m"], w["agencies"]
    meeting, body = m["meeting"], m["body"]
    for i in range(n):
        extra = make_user(f"member{i}", agencies["houkatsu_south"], "soudanin")
        BodyMember.objects.create(body=body, user=extra, agency=agencies["houkatsu_south"], joined_on=today())
        Pledge.objects.create(
            body=body,
            user=extra,
            user_name=extra.full_name,
            agency_name="南部包括",
            pledged_on=today(),
            valid_until=Pledge.valid_until_for(today()),
            wording=PLEDGE_WORDING,
        )
        Attendance.objects.create(
            meeting=meeting, user=extra, agency=agencies["houkatsu_south"], name=f"追加{i}"
        )
        m["support_item"].invited.add(extra)
        item = AgendaItem.objects.create(
            meeting=meeting, kind=ItemKind.SUPPORT_CASE, order=10 + i, title=f"議題{i}", situation="状況"
        )
        item.invited.set([users["city"], users["coordinator"], users["pledged"], extra])
        for who in (users["pledged"], users["city"]):
            ActionItem.objects.create(item=item, assignee=who, task=f"宿題{i}", due_on=dt.date(2027, 1, 1))
        ActionItem.objects.create(item=m["support_item"], assignee=extra, task=f"宿題{i}", due_on=today())
        Meeting.objects.create(
            municipality=w["municipality"],
            body=body,
            title=f"追加の会議{i}",
            kinds=[MeetingKind.SUPPORT],
            held_on=today() + dt.timedelta(days=7 * (i + 1)),
        )


PAGES: dict[str, tuple[Callable[[dict[str, Any]], str], str, int]] = {
    # name: (url, user, pinned query count)
    "meeting_list": (lambda w: "/meetings/", "city", 9),
    "meeting": (lambda w: f"/meetings/{w['m']['meeting'].pk}/", "city", 13),
    # The item page and the PDF name each participant's agency: three queries (access.agency_names).
    "item": (lambda w: f"/meetings/items/{w['m']['support_item'].pk}/", "city", 18),
    "actions": (lambda w: "/meetings/actions/", "pledged", 9),
    "minutes_pdf": (lambda w: f"/meetings/{w['m']['meeting'].pk}/minutes.pdf", "city", 17),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_is_pinned_and_flat(
    w: dict[str, Any], client_for: Any, make_user: Any, page: str
) -> None:
    build, user, pinned = PAGES[page]
    client = client_for(w["users"][user])
    url = build(w)
    _count(client, url)  # the first request of a session also touches the session and the user's row
    before = _count(client, url)
    _grow(w, make_user, 5)
    after = _count(client, url)
    assert before == after, f"{page}: {before} queries with little data, {after} with more"
    assert after == pinned, f"{page}: pinned at {pinned}, now {after}"
