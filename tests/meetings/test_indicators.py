"""The indicator counts (支援会議の開催, プランの検討・決定) come from the records of the fiscal year."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kasane.audit.actor import actor_of
from kasane.audit.models import Basis
from kasane.casework.models import Case, Outcome, PlanStatus
from kasane.lib.dates import fiscal_year, fiscal_year_bounds, today
from kasane.meetings import indicators, services
from kasane.meetings.models import AgendaItem, Attendance, Decision, ItemKind, Meeting, MeetingKind
from tests import factories

from .helpers import awaiting_meeting, post_minutes, request_of, submit_case, viewer_of

pytestmark = pytest.mark.django_db


def _held(w: dict[str, Any], held_on: dt.date, kinds: list[str], title: str) -> Meeting:
    meeting = Meeting.objects.create(
        municipality=w["municipality"], body=w["m"]["body"], title=title, kinds=kinds, held_on=held_on
    )
    users, agencies = w["users"], w["agencies"]
    for key, agency in (("city", "division"), ("coordinator", "shakyo")):
        Attendance.objects.create(meeting=meeting, user=users[key], agency=agencies[agency], name=key)
    city = users["city"]
    services.record_attendance(
        viewer_of(city, w),
        meeting,
        {users["city"].pk, users["coordinator"].pk},
        actor=actor_of(request_of(city, w)),
    )
    meeting.refresh_from_db()
    return meeting


def _second_case(w: dict[str, Any], name: str) -> Case:
    north, hub = w["agencies"]["houkatsu_north"], w["agencies"]["shakyo"]
    someone = factories.person(north, name, "べつ せたい")
    case = factories.case(someone, hub, factories.consent(someone, north), [north], status="awaiting_meeting")
    case.plans.update(status=PlanStatus.SUBMITTED)
    return case


def _decide_by_service(w: dict[str, Any], meeting: Meeting, case: Case, outcome: str) -> None:
    coordinator = w["users"]["coordinator"]
    request, viewer = request_of(coordinator, w), viewer_of(coordinator, w)
    item = services.add_case_item(viewer, meeting, case, ItemKind.PLAN_APPROVAL, [], actor=actor_of(request))
    services.record_minutes(
        viewer,
        item,
        {"outcome": outcome, "discussion": "協議"},
        [],
        lock_version=1,
        basis=Basis.OWN,
        actor=actor_of(request),
    )


def test_indicator_counts_come_from_the_records_of_the_fiscal_year(
    w: dict[str, Any], client_for: Any
) -> None:
    year = fiscal_year(today())
    start, end = fiscal_year_bounds(year)
    support_layered = [MeetingKind.SUPPORT, MeetingKind.LAYERED]
    # This year: today's sitting (held once attendance is recorded) and one at the start of the year.
    users = w["users"]
    meeting = w["m"]["meeting"]
    client_for(users["city"]).post(
        f"/meetings/{meeting.pk}/", {"present": [users["city"].pk, users["coordinator"].pk]}
    )
    _held(w, start, support_layered, "4月の支援会議")
    # Not counted as 支援会議 held: a sitting that only serves 重層的支援会議, one still scheduled, one last year.
    _held(w, start + dt.timedelta(days=1), [MeetingKind.LAYERED], "重層的支援会議のみ")
    Meeting.objects.create(
        municipality=w["municipality"],
        body=w["m"]["body"],
        title="予定",
        kinds=[MeetingKind.SUPPORT],
        held_on=end,
    )
    last_year = _held(w, start - dt.timedelta(days=1), support_layered, "前年度3月の支援会議")
    # Plans: the journey's approved today through the page, another sent back, and one approved last year.
    case = awaiting_meeting(w)
    coordinator = client_for(users["coordinator"])
    submit_case(coordinator, case, meeting)
    item = AgendaItem.objects.get(case=case)
    assert post_minutes(coordinator, item, item.lock_version, outcome="approved").status_code == 302
    _decide_by_service(w, meeting, _second_case(w, "別 世帯"), Outcome.REVISE)
    _decide_by_service(w, last_year, _second_case(w, "前年 世帯"), Outcome.APPROVED)
    # A submitted plan not yet discussed is not "considered".
    services.add_case_item(
        viewer_of(users["coordinator"], w),
        meeting,
        _second_case(w, "未協議 世帯"),
        ItemKind.PLAN_APPROVAL,
        [],
        actor=actor_of(request_of(users["coordinator"], w)),
    )
    assert Decision.objects.count() == 3
    assert indicators.counts(w["municipality"], year) == indicators.MeetingCounts(
        support_meetings_held=2, plans_considered=2, plans_decided=1
    )
    assert indicators.counts(w["municipality"], year - 1) == indicators.MeetingCounts(
        support_meetings_held=1, plans_considered=1, plans_decided=1
    )
    # Another town's records never count here.
    assert indicators.counts(w["other_municipality"], year) == indicators.MeetingCounts(0, 0, 0)
    page = client_for(users["soudanin"]).get("/meetings/").content.decode()
    assert '<span class="queue__count">2</span>回 支援会議の開催' in page
    assert '<span class="queue__count">1</span>件 プランの決定' in page
