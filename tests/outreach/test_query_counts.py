"""Outreach pages take a fixed number of queries however many targets, contacts and visits there are (STYLE
habit 10): the start page with each of its lists, a target page, and logging a contact, each counted with
little data and again after more of everything; and the two queries benchmarks/outreach.py rewrote, at their
edges. The timings at 10x and 100x the demo are in benchmarks/results/outreach.txt."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client

from kasane.casework.visibility import Viewer
from kasane.lib.dates import fiscal_year_bounds
from kasane.outreach import queries
from kasane.outreach.models import (
    AgencyVisit,
    Contact,
    HomeVisit,
    Outcome,
    Source,
    Stage,
    StageChange,
    Target,
)
from tests import factories
from tests.clock import TOKYO, morning_of

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 24)  # a Tuesday: its week runs from Monday 23 to Sunday 29 November
# On PostgreSQL the audit trail serialises appends with an advisory lock (kasane.audit.trail): one statement
# more for each audit entry a request writes.
LOCK = 1 if connection.vendor == "postgresql" else 0


@pytest.fixture(autouse=True)
def _on_day() -> Iterator[None]:
    # Standing still: the session's last-seen time is written once a minute, and would add a write.
    with time_machine.travel(morning_of(DAY), tick=False):
        yield


def _days_ago(n: int) -> dt.date:
    return DAY - dt.timedelta(days=n)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=TOKYO)


def _history(w: dict[str, Any], target: Target, *, contacts: int, last: int) -> None:
    """``contacts`` contacts up to ``last`` days ago (the latest with a next step this week), a stage change,
    and two home visits with a companion: one back, one out now and past its expected return."""
    users = w["users"]
    for k in range(contacts):
        latest = k == contacts - 1
        factories.outreach_contact(
            target,
            on=_days_ago(last + 2 * (contacts - 1 - k)),
            outcome=Outcome.FAMILY_TALKED if k % 2 else Outcome.AWAY,
            next_step="もう一度訪ねる" if latest else "",
            next_on=DAY + dt.timedelta(days=1) if latest else None,
        )
    StageChange.objects.create(
        target=target,
        from_stage=Stage.INFORMATION,
        to_stage=target.stage,
        on=_days_ago(last),
        author_name="職員",
    )
    for back, leaves in ((True, _at(_days_ago(last), 10)), (False, _at(DAY, 8))):
        visit = HomeVisit.objects.create(
            target=target,
            agency=target.owner_agency,
            visitor=users["coordinator"],
            visitor_name="kyodo 職員",
            leaves_at=leaves,
            expected_back_at=leaves + dt.timedelta(hours=1),
            returned_at=leaves + dt.timedelta(minutes=50) if back else None,
            returned_confirmed_by="職員" if back else "",
        )
        visit.companions.set([users["viewer"]])


def _targets(w: dict[str, Any], n: int) -> list[Target]:
    """One of each kind the start page lists, linked to a person, with its history: two of the coordinator's
    (one contacted this week, one gone quiet), one handed over, one closed; and one known only by a
    description. Also a target of 北部包括 with its history, which the 社協's pages must leave out."""
    shakyo, north = w["agencies"]["shakyo"], w["agencies"]["houkatsu_north"]
    made = []
    for stage, last in (
        (Stage.ATTEMPTING, 3),
        (Stage.FAMILY, 45),
        (Stage.HANDED_OVER, 10),
        (Stage.CLOSED, 60),
    ):
        person = factories.person(shakyo, f"対象 {stage}{n}", f"たいしょう {n}")
        target = factories.outreach_target(
            w, label=f"{stage}の世帯{n}", person=person, stage=stage, raised_on=_days_ago(90)
        )
        _history(w, target, contacts=4, last=last)
        made.append(target)
    made.append(factories.outreach_target(w, label=f"様子だけの世帯{n}", raised_on=_days_ago(5)))
    theirs = factories.outreach_target(w, label=f"北部の世帯{n}", raised_on=_days_ago(90))
    Target.objects.filter(pk=theirs.pk).update(owner_agency=north, lead_user=w["users"]["soudanin"])
    theirs.owner_agency = north
    _history(w, theirs, contacts=4, last=2)
    return made


def _grow(w: dict[str, Any], target: Target | None = None, n: int = 8) -> None:
    """More of everything: ``n`` times the start page's targets, and more history on ``target``."""
    for i in range(n):
        _targets(w, 100 + i)
    if target is not None:
        _history(w, target, contacts=30, last=1)


def _client(w: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(w["users"]["coordinator"])
    return client


@pytest.fixture
def w(matrix_world: dict[str, Any]) -> dict[str, Any]:
    _targets(matrix_world, 1)
    return matrix_world


# The session, the user, their memberships; the outreach settings; the list's page (count, and rows with
# person and lead); the audit entry naming the persons shown (4: savepoint, the last entry, insert, release);
# the funnel; this week's next steps and home visits (2); 帰所確認 with the companions (2).
START_PAGE = 3 + 1 + 2 + 4 + 1 + 2 + 2


@pytest.mark.parametrize("shown", ["mine", "stale", "open", "handed_over", "closed"])
def test_the_start_page_takes_the_same_queries_with_more_data(
    w: dict[str, Any], django_assert_num_queries: Any, shown: str
) -> None:
    client = _client(w)
    url = f"/outreach/?list={shown}"
    client.get(url)  # the first request of a session writes its last-seen time
    with django_assert_num_queries(START_PAGE + LOCK):
        response = client.get(url)
    assert response.status_code == 200
    assert "北部の世帯" not in response.content.decode()
    _grow(w)
    with django_assert_num_queries(START_PAGE + LOCK):
        response = client.get(url)
    assert "北部の世帯" not in response.content.decode()


def _linked(w: dict[str, Any]) -> Target:
    """A target with everything its page can show: the person and household, the 支援会議 item it was raised
    at, handed over through the case journey's 相談受付 (and so the case), and its history."""
    r, m = w["r"], w["m"]
    target = factories.outreach_target(
        w,
        label="○○町の80代女性と50代の息子の世帯",
        person=r["son"],
        stage=Stage.HANDED_OVER,
        raised_on=_days_ago(120),
        source=Source.SUPPORT_MEETING,
        meeting_item=m["support_item"],
        route="collaboration",
        consultation=r["consultation"],
    )
    _history(w, target, contacts=3, last=5)
    return target


def _plain(w: dict[str, Any]) -> Target:
    """A target known only by a description, trying to make contact."""
    target = factories.outreach_target(
        w, label="北町の70代男性", stage=Stage.ATTEMPTING, raised_on=_days_ago(40)
    )
    _history(w, target, contacts=3, last=5)
    return target


# The session, the user, their memberships; the target (one query with its agency, person, household, lead,
# 相談受付 and つなぎ); the read's audit entry (4); the outreach settings; its contacts, stage changes, home
# visits with their companions (4); the agency's staff for the home-visit form; then what only some targets
# need: the person's 相談受付 and つなぎ for the hand-over form (2), the case from the 相談受付 (1), whether the
# reader may see the 支援会議 item (1).
TARGET_PAGE = {"plain": 3 + 1 + 4 + 1 + 4 + 1, "linked": 3 + 1 + 4 + 1 + 4 + 1 + 2 + 1 + 1}


@pytest.mark.parametrize("kind", ["plain", "linked"])
def test_the_target_page_takes_the_same_queries_with_more_data(
    w: dict[str, Any], django_assert_num_queries: Any, kind: str
) -> None:
    target = _linked(w) if kind == "linked" else _plain(w)
    client = _client(w)
    url = f"/outreach/targets/{target.pk}/"
    client.get(url)
    with django_assert_num_queries(TARGET_PAGE[kind] + LOCK):
        assert client.get(url).status_code == 200
    _grow(w, target)
    assert target.contacts.count() > 30 and target.home_visits.count() > 2
    with django_assert_num_queries(TARGET_PAGE[kind] + LOCK):
        assert client.get(url).status_code == 200


def _contact(**extra: str) -> dict[str, str]:
    return {
        "on": DAY.isoformat(),
        "method": "visit",
        "with_whom": "family",
        "outcome": Outcome.FAMILY_TALKED,
        "minutes": "20",
        "text": "母と玄関先で話せた。",
        "next_step": "来週もう一度訪ねる",
        "next_on": (DAY + dt.timedelta(days=7)).isoformat(),
        "stage": "",
        **extra,
    }


# Logging a contact: the session, the user, their memberships; the target; the read's audit entry (4), as
# every action on a target leaves one; then the service's transaction (savepoint, release): the contact, the
# target's last contact read under its row lock and saved (2), the change's audit entry (4). Moving the
# stage with it adds the target's outcomes so far (one query, however many contacts) and the stage change.
CONTACT_POST = {"": 3 + 1 + 4 + 2 + 3 + 4, Stage.FAMILY: 3 + 1 + 4 + 2 + 3 + 4 + 2}


@pytest.mark.parametrize("stage", ["", Stage.FAMILY])
def test_logging_a_contact_takes_the_same_queries_with_more_data(
    w: dict[str, Any], django_assert_num_queries: Any, stage: str
) -> None:
    target = _plain(w)
    client = _client(w)
    client.get(f"/outreach/targets/{target.pk}/")
    url = f"/outreach/targets/{target.pk}/contacts/new/"
    with django_assert_num_queries(CONTACT_POST[stage] + 2 * LOCK):
        response = client.post(url, _contact(stage=stage))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.stage == (stage or Stage.ATTEMPTING) and target.last_contact_on == DAY
    Target.objects.filter(pk=target.pk).update(stage=Stage.ATTEMPTING)
    _grow(w, target)
    with django_assert_num_queries(CONTACT_POST[stage] + 2 * LOCK):
        response = client.post(url, _contact(stage=stage))
    assert response.status_code == 302
    assert target.contacts.filter(on=DAY).count() == 2


# What benchmarks/outreach.py changed in kasane.outreach.queries, held here: indicator ① counts per stored date
# and sums into months, and this week's home visits are found by the moments of the week in Tokyo.


def test_the_indicator_gives_each_month_what_counting_the_rows_one_by_one_gives(w: dict[str, Any]) -> None:
    municipality, shakyo = w["municipality"], w["agencies"]["shakyo"]
    target = _plain(w)
    for on in (dt.date(2026, 3, 31), dt.date(2026, 4, 1), dt.date(2026, 4, 30), dt.date(2027, 3, 31)):
        factories.outreach_contact(target, on=on)
        AgencyVisit.objects.create(
            municipality=municipality, agency=shakyo, on=on, counterpart="北町自治会", author_name="職員"
        )
    elsewhere = factories.outreach_target(w, label="となり町の世帯")
    Target.objects.filter(pk=elsewhere.pk).update(
        municipality=w["other_municipality"], owner_agency=w["agencies"]["other"]
    )
    elsewhere.refresh_from_db()
    factories.outreach_contact(elsewhere, on=dt.date(2026, 4, 1))
    start, end = fiscal_year_bounds(2026)
    contacts = list(Contact.objects.filter(target__municipality=municipality).values_list("on", "agency_id"))
    visits = list(AgencyVisit.objects.filter(municipality=municipality).values_list("on", "agency_id"))

    def by_month(rows: list[tuple[dt.date, int]], agency_ids: list[int] | None) -> Counter[tuple[int, int]]:
        return Counter(
            (on.year, on.month)
            for on, agency_id in rows
            if start <= on <= end and (agency_ids is None or agency_id in agency_ids)
        )

    for agency_ids in ([shakyo.pk], None):
        months = queries.indicator(agency_ids, municipality.pk, 2026)
        individual, agencies = by_month(contacts, agency_ids), by_month(visits, agency_ids)
        assert [(m.month, m.individual, m.agencies) for m in months] == [
            (m.month, individual[(m.month.year, m.month.month)], agencies[(m.month.year, m.month.month)])
            for m in months
        ]
        april, november, march = months[0], months[7], months[11]
        assert april.individual >= 2 and march.individual >= 1 and november.individual > 0
    assert sum(m.individual for m in queries.indicator(None, municipality.pk, 2026)) > sum(
        m.individual for m in queries.indicator([shakyo.pk], municipality.pk, 2026)
    )  # 北部包括's contacts count for the town, not for the 社協


def test_the_weeks_home_visits_are_those_leaving_in_it_in_tokyo_shown_on_their_tokyo_day(
    w: dict[str, Any],
) -> None:
    target = _plain(w)
    monday = DAY - dt.timedelta(days=DAY.weekday())
    half_past_midnight = dt.timedelta(minutes=30)
    for leaves in (
        _at(monday, 0) + half_past_midnight,  # Sunday in UTC
        _at(monday, 0) - half_past_midnight,  # the Sunday before, 23:30
        _at(monday + dt.timedelta(days=7), 0) + half_past_midnight,  # next week's Monday
    ):
        HomeVisit.objects.create(
            target=target,
            agency=target.owner_agency,
            visitor_name="早朝",
            leaves_at=leaves,
            expected_back_at=leaves + dt.timedelta(hours=1),
        )
    viewer = Viewer.of(w["users"]["coordinator"], w["municipality"])
    assert viewer is not None
    planned = queries.planned_this_week(viewer, DAY)
    assert [p.on for p in planned if p.what == "訪問（早朝）"] == [monday]
