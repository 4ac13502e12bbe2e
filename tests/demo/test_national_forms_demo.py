"""The demo fills in the national forms as staff would (issue 17): the B票 of most consultations, who brought each
household, the assessment carrying the intake's facts, plans with the 事業 they use, evaluations with their outcomes,
closures with their 区分, and each 支援経過's 相手方・場所・段階 — and the year's national figures come out non-zero
from these records alone.

Built on a day in the middle of a 年度 so that the year has closures, approvals and evaluations in it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator

import pytest
import time_machine

from kasane.casework.models import (
    STAGE_OF_STATUS,
    Assessment,
    Case,
    CaseEvent,
    CaseStatus,
    Consultation,
    DecisionKind,
    Evaluation,
    Issue,
    Outcome,
    Person,
    Plan,
    Programme,
    ProgressNote,
    Route,
)
from kasane.casework.personal_data.consultations import age_band
from kasane.demo import loader as demo
from kasane.lib.dates import fiscal_year, fiscal_year_bounds, localtime
from kasane.meetings.models import Decision
from kasane.programme import national
from kasane.programme.national_records import Scope
from kasane.tenancy.models import Municipality
from tests.clock import morning_of

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 18)  # a Wednesday in the middle of 令和8年度
YEAR_STARTS, YEAR_ENDS = fiscal_year_bounds(fiscal_year(DAY))
LIFE = ("employment", "housing", "income_sources", "welfare", "health_insurance", "pension", "issues")


@pytest.fixture
def city() -> Iterator[Municipality]:
    with time_machine.travel(morning_of(DAY), tick=False):
        demo.load_demo()
        yield Municipality.objects.get(code=demo.DEMO_MUNICIPALITY_CODE)


def _in_year(day: dt.date | None) -> bool:
    return day is not None and YEAR_STARTS <= day <= YEAR_ENDS


def test_the_b_form_who_brought_each_household_and_how_to_reach_them(city: Municipality) -> None:
    consultations = list(
        Consultation.objects.filter(municipality=city).select_related(
            "person", "referrer_agency", "owner_agency"
        )
    )
    recorded = [c for c in consultations if any(getattr(c, name) for name in LIFE)]
    assert len(recorded) >= 0.85 * len(consultations), f"{len(recorded)} of {len(consultations)} have a B票"
    assert Counter(c.employment for c in recorded).keys() >= {"pensioner", "seeking", "student", "regular"}
    for c in consultations:
        # 性別 and 年代 as the intake service takes them from the person, for the counts that outlive the name.
        assert c.sex == c.person.sex, c
        assert c.age_band == age_band(c.person.birth_date, localtime(c.received_at).date()), c
        # Multi-selects are kept in the list's order, as the forms keep them.
        assert c.issues == [code for code in Issue.values if code in c.issues], c.issues

    routes = Counter(c.route for c in consultations)
    assert set(routes) >= {
        Route.SELF,
        Route.FAMILY,
        Route.MINSEI,
        Route.AGENCY,
        Route.MUNICIPAL,
        Route.NEIGHBOUR,
    }
    assert routes[Route.SELF] < len(consultations) * 0.8
    assert any(c.referrer_agency_id for c in consultations)
    # A referral received names the sender as the one who brought the household.
    received = [c for c in consultations if "からのつなぎ。" in c.complaint]
    assert received and all(
        c.referrer_agency_id and c.route in (Route.AGENCY, Route.MUNICIPAL) for c in received
    )
    # 民生委員 for an elderly household, a school for a child who does not go to school, 地域包括 for an older
    # person it referred on; the 8050 son was found by the 社協's outreach after the 民生委員 told of the household.
    assert any(c.route == Route.MINSEI and (c.age_band or 0) >= 70 for c in consultations)
    assert any(
        c.route == Route.AGENCY and "中学校" in c.referrer_name and "non_attendance" in c.issues
        for c in consultations
    )
    assert any(c.referrer_agency and c.referrer_agency.kind == "houkatsu" for c in consultations)
    son = next(c for c in consultations if c.person.name == "菅原 修")
    assert (son.route, son.referrer_name) == (Route.OUTREACH, "上野原地区の民生委員")

    persons = Person.objects.filter(municipality=city)
    assert persons.exclude(mobile="").count() >= 100 and persons.exclude(phone="").count() >= 50
    assert all(p.mobile.startswith(("090-", "080-")) for p in persons.exclude(mobile=""))
    assert all(p.mobile_key for p in persons.exclude(mobile=""))
    emails = list(persons.exclude(email="").values_list("email", flat=True))
    assert len(emails) >= 20 and all(e.endswith("@example.jp") for e in emails)


def test_the_assessment_carries_the_intake_and_plans_name_their_programmes(city: Municipality) -> None:
    assessments = Assessment.objects.filter(case__municipality=city).select_related("case__consultation")
    assert assessments.count() >= 15
    for a in assessments:
        intake = a.case.consultation
        assert intake is not None
        if a.version == 1:  # a later version records what changed (the reopened 8050: the father in hospital)
            assert (a.employment, a.housing) == (intake.employment, intake.housing), a.case.title
        assert a.employment and a.issues and a.background and a.result == "collaboration", a.case.title
        assert a.situations == list(intake.situations), a.case.title

    plans = list(Plan.objects.filter(case__municipality=city))
    assert all(p.programmes and p.needs and p.policy and p.person_tasks for p in plans)
    assert all(p.programmes == [code for code in Programme.values if code in p.programmes] for p in plans)
    approved = {
        d.plan_id: d.decided_on
        for d in Decision.objects.filter(
            case__municipality=city, kind=DecisionKind.PLAN_APPROVAL, outcome=Outcome.APPROVED
        )
    }
    for p in plans:
        if p.pk in approved:
            assert p.starts_on == approved[p.pk] and p.ends_on and p.ends_on > p.starts_on, p

    # The year's プラン作成者: 就労支援対象者 and the survey's 利用事業 among them.
    this_year = [p for p in plans if _in_year(approved.get(p.pk))]
    assert sum(p.employment_support for p in this_year) >= 1
    used = {code for p in this_year for code in p.programmes}
    assert used >= {"participation", "household_budget", "employment_support"}


def test_outcomes_closures_and_the_progress_record(city: Municipality) -> None:
    evaluations = list(Evaluation.objects.filter(case__municipality=city))
    this_year = [e for e in evaluations if _in_year(e.evaluated_on)]
    employed = [e for e in this_year if e.employed]
    assert len(employed) >= 2 and all(e.employed_on and _in_year(e.employed_on) for e in employed)
    assert all(e.employed_on and e.employed_on <= e.evaluated_on for e in evaluations if e.employed)
    raised = [e for e in this_year if e.income_increased]
    assert len(raised) >= 1 and all(e.income_increase for e in raised)
    assert sum(bool(e.improvements) for e in this_year) >= 3
    assert all(e.implementation and e.direction and e.closure_code for e in evaluations)

    closed = Case.objects.filter(municipality=city, status=CaseStatus.CLOSED)
    for case in closed:
        # As the closure decision takes it from the closing evaluation.
        last = case.evaluations.order_by("-evaluated_on").first()
        assert last is not None and case.closure_code == last.closure_code != "", case.title
    reasons = Counter(c.closure_code for c in closed if _in_year(c.closed_on))
    assert len(reasons) >= 3, reasons
    reopened = Case.objects.get(municipality=city, events__action="再開する")
    assert reopened.closure_code == ""

    notes = list(ProgressNote.objects.filter(case__municipality=city))
    assert notes and all(n.counterparts and n.place and n.starts_at for n in notes)
    assert sum(bool(n.next_action) for n in notes) >= 0.8 * len(notes)
    events: dict[int, list[CaseEvent]] = {}
    for e in CaseEvent.objects.filter(case__municipality=city).order_by("on", "pk"):
        events.setdefault(e.case_id, []).append(e)
    for n in notes:
        # 支援の段階: the case's state on the day the note was written, as the service sets it.
        status = [e.to_status for e in events[n.case_id] if e.on <= n.on][-1]
        assert n.stage == STAGE_OF_STATUS[status], (n.case_id, n.on, n.text)
    # Notes between the closing evaluation and the meeting's decision are still written in 支援中.
    assert {n.stage for n in notes} >= {"intake", "assessment", "planning", "support"}

    # The year's national figures, computed from these records alone, are none of them zero.
    empty = [
        f.count.name
        for f in national.report(Scope(city), fiscal_year(DAY))
        if not (
            f.result.total or (f.result.rate and f.result.rate.numerator) or any(n for _, n in f.result.parts)
        )
    ]
    assert not empty, empty
