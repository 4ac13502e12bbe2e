"""成果指標 from the records (issue 18): each measure the indicators name, computed by the database, against a
count written independently here in Python from the demo's records; the meetings' own counts (which the
prefecture receives as published counts) agree with them; and the year's breakdowns add up.

The demo is built on a day in the middle of 令和8年度, with the clock pinned, so nothing depends on the real date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

from kasane.casework.models import Case, CaseEvent, Consultation, DecisionKind, Outcome, Referral
from kasane.community.models import Gathering
from kasane.demo import loader as demo
from kasane.lib.dates import fiscal_year, localtime
from kasane.meetings import indicators as meeting_indicators
from kasane.meetings.models import AgendaItem, Decision, ItemKind, ItemStatus, Meeting, MeetingStatus
from kasane.outreach.models import AgencyVisit, Contact
from kasane.programme import national
from kasane.programme.measures import MEASURES, breakdowns
from kasane.programme.national_records import Scope
from kasane.readiness.services import count_records
from kasane.tenancy.models import Municipality
from tests.clock import morning_of

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 18)
FY = fiscal_year(DAY)


@pytest.fixture
def city() -> Iterator[Municipality]:
    with time_machine.travel(morning_of(DAY), tick=False):
        demo.load_demo()
        yield Municipality.objects.get(code=demo.DEMO_MUNICIPALITY_CODE)


def _independent(city: Municipality, year: int) -> dict[str, int]:
    """Each figure counted from the rows in Python, without the measures' queries."""
    contacts = [c for c in Contact.objects.select_related("agency") if c.agency.municipality_id == city.pk]
    visits = [v for v in AgencyVisit.objects.all() if v.municipality_id == city.pk]
    held = [
        m
        for m in Meeting.objects.filter(municipality=city)
        if m.status == MeetingStatus.HELD and fiscal_year(m.held_on) == year
    ]
    items = [
        i
        for i in AgendaItem.objects.select_related("meeting")
        if i.meeting in held and i.kind == ItemKind.PLAN_APPROVAL and i.status == ItemStatus.DISCUSSED
    ]
    decided = [
        d
        for d in Decision.objects.select_related("agenda_item__meeting", "case")
        if d.case.municipality_id == city.pk
        and d.kind == DecisionKind.PLAN_APPROVAL
        and d.outcome == Outcome.APPROVED
        and d.agenda_item is not None
        and d.agenda_item.meeting.status == MeetingStatus.HELD
        and fiscal_year(d.decided_on) == year
    ]
    first_of_year: dict[int, Consultation] = {}
    for c in sorted(Consultation.objects.filter(municipality=city), key=lambda c: (c.received_at, c.pk)):
        if fiscal_year(localtime(c.received_at).date()) == year:
            first_of_year.setdefault(c.person_id, c)
    places = {g.place_id for g in Gathering.objects.select_related("place") if fiscal_year(g.held_on) == year}
    return {
        "outreach_contacts": sum(fiscal_year(c.on) == year for c in contacts)
        + sum(fiscal_year(v.on) == year for v in visits),
        "support_meetings_held": sum("support" in m.kinds for m in held),
        "plans_considered": len(items),
        "plans_decided": len(decided),
        "new_consultations": len(first_of_year),
        "cases_opened": sum(fiscal_year(c.opened_on) == year for c in Case.objects.filter(municipality=city)),
        "places_held": len(places),
    }


def test_every_measure_equals_an_independent_count_of_the_demos_records(city: Municipality) -> None:
    scope = Scope(city)
    for year in (FY - 1, FY):
        expected = _independent(city, year)
        computed = {key: m.value(scope, year) for key, m in MEASURES.items()}
        assert computed == expected, year
    # The demo's year is not empty: each figure is something to count.
    assert all(expected.values()), expected
    # The counts the meetings page shows and the prefecture receives are the same figures.
    meetings = meeting_indicators.counts(city, FY)
    assert meetings.support_meetings_held == expected["support_meetings_held"]
    assert meetings.plans_considered == expected["plans_considered"]
    assert meetings.plans_decided == expected["plans_decided"]


def test_an_agency_reads_only_its_own_figures(city: Municipality) -> None:
    hub = next(a for a in city.agencies.all() if a.runs_collaboration)  # type: ignore[attr-defined]
    scope = Scope(city, (hub.pk,))
    whole = Scope(city)
    own_cases = sum(fiscal_year(c.opened_on) == FY for c in Case.objects.filter(owner_agency=hub))
    assert MEASURES["cases_opened"].value(scope, FY) == own_cases
    assert MEASURES["new_consultations"].value(scope, FY) <= MEASURES["new_consultations"].value(whole, FY)
    contacts = sum(fiscal_year(c.on) == FY for c in Contact.objects.filter(agency=hub))
    visits = sum(fiscal_year(v.on) == FY for v in AgencyVisit.objects.filter(agency=hub))
    assert MEASURES["outreach_contacts"].value(scope, FY) == contacts + visits


def test_the_years_breakdowns_add_up(city: Municipality) -> None:
    found = {b.title: b.result for b in breakdowns(Scope(city), FY)}
    new = MEASURES["new_consultations"].value(Scope(city), FY)
    assert found["新規相談の相談内容"].total == new
    assert found["新規相談の把握ルート"].total == new
    assert sum(n for _, n in found["新規相談の把握ルート"].parts) == new
    referrals = [
        r
        for r in Referral.objects.filter(municipality=city)
        if fiscal_year(localtime(r.created_at).date()) == FY
    ]
    assert found["つなぎの結果"].total == len(referrals)
    cases = dict(found["多機関協働ケース"].parts)
    assert cases["受付"] == MEASURES["cases_opened"].value(Scope(city), FY)
    reopened = {e.case_id for e in CaseEvent.objects.filter(action="再開する") if fiscal_year(e.on) == FY}
    assert cases["再開"] == len(reopened)
    places = dict(found["地域の居場所"].parts)
    assert places["活動した居場所（か所）"] == MEASURES["places_held"].value(Scope(city), FY)
    days = sum(fiscal_year(g.held_on) == FY for g in Gathering.objects.filter(place__municipality=city))
    assert places["開催日数（日）"] == days


def test_the_counts_the_prefecture_receives_agree_with_the_national_report(city: Municipality) -> None:
    """Issue 18: the aggregate counts published to the prefecture (readiness) and 国への報告 are the same figures."""
    published = count_records(city, FY)
    figures = {f.count.code: f.result for f in national.report(Scope(city), FY)}
    meetings = dict(figures["B4"].parts)
    support, layered = meetings["支援会議（社会福祉法第106条の6）"], meetings["重層的支援会議（個別）"]
    assert published.consultations == figures["B1"].total
    assert published.referrals == figures["A9"].total
    assert published.cases == figures["B3"].total
    assert published.plans_decided == figures["A2"].total == MEASURES["plans_decided"].value(Scope(city), FY)
    assert published.support_meetings == support
    assert published.case_conferences == layered
    # The demo has cancelled つなぎ: the prefecture does not receive them as つなぎ made.
    assert Referral.objects.filter(municipality=city, status="cancelled").exists()
