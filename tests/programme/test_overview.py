"""事業の実施状況 (issue 13, point 2): those who run the programme see it as counts — the city across the
municipality, an agency's manager for their own agency — and never a person's name or a §106-6 item's content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from kasane.casework.models import Consultation, ConsultationNote, Referral, Status
from kasane.lib.dates import months_before
from kasane.meetings.models import ActionItem, AgendaItem, ItemKind
from kasane.programme.figures import compute, reach_of
from tests import factories
from tests.clock import TOKYO, morning_of

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 7)
URL = "/programme/"


@pytest.fixture(autouse=True)
def _on_day() -> Iterator[None]:
    with time_machine.travel(morning_of(DAY), tick=False):
        yield


@pytest.fixture
def programme(world: dict[str, Any]) -> dict[str, Any]:
    """The 8050 household's journey, plus what a programme manager should notice: a referral to 南部包括 past its
    回答希望日 for ten days, one to 北部包括 not yet due, a 相談記録 of 南部包括 silent for 40 days, a plan past
    its 次回見直し日, and a sitting a week ago whose §106-6 item was never minuted, with an overdue task."""
    users, agencies = world["users"], world["agencies"]
    r = factories.journey(world)
    r["case"].lead_user = users["coordinator"]
    r["case"].save(update_fields=["lead_user"])
    r["plan"].next_review_on = DAY - dt.timedelta(days=3)
    r["plan"].save(update_fields=["next_review_on"])
    late = factories.referral(r["consultation"], agencies["houkatsu_south"], r["consent"], Status.REQUESTED)
    Referral.objects.filter(pk=late.pk).update(
        reply_by=DAY - dt.timedelta(days=1), created_at=morning_of(DAY - dt.timedelta(days=10))
    )
    south_person = factories.person(agencies["houkatsu_south"], "佐々木 ハナ", "ささき はな")
    quiet = factories.consultation(south_person, agencies["houkatsu_south"])
    Consultation.objects.filter(pk=quiet.pk).update(received_at=morning_of(DAY - dt.timedelta(days=40)))
    factories.referral(quiet, agencies["houkatsu_north"], None, Status.REQUESTED)
    m = factories.meeting_body(world)
    m["meeting"].held_on = DAY - dt.timedelta(days=7)
    m["meeting"].attendance_recorded_at = None  # nobody recorded who came
    m["meeting"].save(update_fields=["held_on", "attendance_recorded_at"])
    item = AgendaItem.objects.create(
        meeting=m["meeting"], kind=ItemKind.SUPPORT_CASE, title="ごみ屋敷の高齢男性", subject_name="佐藤 一"
    )
    ActionItem.objects.create(
        item=item, assignee=users["soudanin"], task="民生委員と訪問する", due_on=DAY - dt.timedelta(days=2)
    )
    return {**world, "r": r}


def _rows(figures: Any) -> dict[str, Any]:
    return {row.agency.name: row for row in figures.agencies}


def test_the_city_sees_every_agencys_backlog(programme: dict[str, Any]) -> None:
    reach = reach_of(programme["users"]["city"], programme["municipality"])
    assert reach is not None and reach.whole
    f = compute(reach, DAY)
    rows = _rows(f)
    south, north, hub = (
        rows["南部地域包括支援センター"],
        rows["北部地域包括支援センター"],
        rows["テスト市社会福祉協議会"],
    )
    assert (south.waiting, south.overdue, south.longest_wait) == (1, 1, 10)
    assert (north.waiting, north.overdue, north.longest_wait) == (1, 0, 0)
    assert hub.in_progress == 1 and hub.waiting == 0  # the accepted referral of the journey
    assert north.sent_overdue == 1 and south.sent_overdue == 0
    assert (south.records_open, south.records_quiet) == (1, 1)
    assert (north.records_open, north.records_quiet) == (1, 0)  # received today
    assert (f.totals.waiting, f.totals.overdue, f.totals.longest_wait) == (2, 1, 10)
    assert "地域福祉課" not in rows  # nothing to count there: left out of the table
    # The journey's case: 支援中, opened 2026-11-21, under three months old.
    support = next(row for row in f.states if row.status == "support")
    assert support.bands == [1, 0, 0, 0] and f.open_cases == 1
    assert [(row.agency_name, row.lead_name, row.overdue) for row in f.reviews] == [
        ("テスト市社会福祉協議会", programme["users"]["coordinator"].full_name, 1)
    ]
    assert f.unminuted["支援会議の個別事例（同意なし）"] == 1
    assert (f.attendance_unrecorded, f.actions_open, f.actions_overdue) == (1, 1, 1)


def test_an_agency_manager_sees_only_their_own_agency(programme: dict[str, Any]) -> None:
    reach = reach_of(programme["users"]["agency_admin"], programme["municipality"])
    assert reach is not None and not reach.whole
    f = compute(reach, DAY)
    assert list(_rows(f)) == ["北部地域包括支援センター"]
    assert (f.totals.waiting, f.totals.overdue, f.totals.sent_overdue) == (1, 0, 1)
    assert f.open_cases == 1  # 北部包括 sits on the case's team
    assert f.reviews_overdue == 1
    # The sitting is the city's, not 北部包括's; the overdue task is of 北部包括's own 相談員.
    assert f.unminuted["支援会議の個別事例（同意なし）"] == 0 and f.attendance_unrecorded == 0
    assert (f.actions_open, f.actions_overdue) == (1, 1)
    other = reach_of(programme["users"]["other_admin"], programme["municipality"])
    assert other is not None
    south = compute(other, DAY)
    assert list(_rows(south)) == ["南部地域包括支援センター"] and south.open_cases == 0
    assert south.reviews_overdue == 0 and south.actions_open == 0


def test_a_manager_does_not_see_cases_their_agency_left(programme: dict[str, Any]) -> None:
    programme["r"]["case"].team.filter(agency=programme["agencies"]["houkatsu_north"]).update(left_on=DAY)
    reach = reach_of(programme["users"]["agency_admin"], programme["municipality"])
    assert compute(reach, DAY).open_cases == 0  # type: ignore[arg-type]


def test_records_are_counted_by_the_day_in_tokyo(programme: dict[str, Any]) -> None:
    """受付日時 is compared with the first moment of a day in Tokyo (as an index can be used), which must count
    as its date did: the 年度 from 1 April 0:00, quiet when received on or before the day 30 days ago."""
    division = programme["agencies"]["division"]
    p = factories.person(division, "試験 太郎", "しけん たろう")

    def record(
        received: dt.datetime, closed_on: dt.date | None = None, note_on: dt.date | None = None
    ) -> None:
        c = factories.consultation(p, division)
        Consultation.objects.filter(pk=c.pk).update(received_at=received, closed_on=closed_on)
        if note_on is not None:
            ConsultationNote.objects.create(
                consultation=c, agency=division, on=note_on, text="電話", author_name="テスト 職員"
            )

    quiet_since = DAY - dt.timedelta(days=30)  # 2026-11-07
    record(dt.datetime(2026, 3, 31, 23, 59, tzinfo=TOKYO), closed_on=dt.date(2026, 3, 31))  # last 年度
    record(dt.datetime(2026, 4, 1, 0, 0, tzinfo=TOKYO), closed_on=dt.date(2026, 4, 1))
    cutoff = dt.datetime.combine(quiet_since, dt.time(), tzinfo=TOKYO)
    record(cutoff - dt.timedelta(minutes=1))  # quiet
    record(cutoff + dt.timedelta(hours=23, minutes=59))  # received on the day 30 days ago: quiet
    record(cutoff + dt.timedelta(days=1))  # 29 days ago: not yet
    record(dt.datetime(2026, 10, 1, 9, 0, tzinfo=TOKYO), note_on=quiet_since)  # a 経過 30 days ago: quiet
    record(dt.datetime(2026, 10, 1, 9, 0, tzinfo=TOKYO), note_on=quiet_since + dt.timedelta(days=1))  # recent
    reach = reach_of(programme["users"]["city"], programme["municipality"])
    row = _rows(compute(reach, DAY))["地域福祉課"]  # type: ignore[arg-type]
    assert (row.records_open, row.records_quiet) == (5, 3)
    assert (row.received_this_year, row.closed_this_year) == (6, 1)


@pytest.mark.parametrize(
    ("opened", "band"),
    [
        (DAY, 0),
        (months_before(DAY, 3) + dt.timedelta(days=1), 0),
        (months_before(DAY, 3), 1),
        (months_before(DAY, 6), 2),
        (months_before(DAY, 12) + dt.timedelta(days=1), 2),
        (months_before(DAY, 12), 3),
    ],
)
def test_a_case_falls_in_the_age_band_of_its_受付日(
    programme: dict[str, Any], opened: dt.date, band: int
) -> None:
    programme["r"]["case"].opened_on = opened
    programme["r"]["case"].save(update_fields=["opened_on"])
    f = compute(reach_of(programme["users"]["city"], programme["municipality"]), DAY)  # type: ignore[arg-type]
    expected = [0, 0, 0, 0]
    expected[band] = 1
    assert f.band_totals == expected


def test_the_page_shows_counts_never_a_name(programme: dict[str, Any], client_for: Any) -> None:
    for key in ("city", "agency_admin"):
        response = client_for(programme["users"][key]).get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert "事業の実施状況" in html and "令和8年度" in html
        for secret in ("髙橋", "佐々木", "佐藤 一", "ごみ屋敷", "ひきこもっている", "民生委員と訪問する"):
            assert secret not in html, (key, secret)
    city = client_for(programme["users"]["city"]).get(URL).content.decode()
    assert "南部地域包括支援センター" in city and "うち期限超過 1件" in city
    own = client_for(programme["users"]["agency_admin"]).get(URL).content.decode()
    assert "南部地域包括支援センター" not in own and "北部地域包括支援センター" in own


@pytest.mark.parametrize("key", ["soudanin", "coordinator", "viewer", "prefecture"])
def test_front_line_and_outside_roles_are_refused(
    programme: dict[str, Any], client_for: Any, key: str
) -> None:
    assert client_for(programme["users"][key]).get(URL).status_code == 403


def test_another_municipality_sees_only_its_own(programme: dict[str, Any], client_for: Any) -> None:
    html = client_for(programme["users"]["other_city"]).get(URL).content.decode()
    assert "北部地域包括支援センター" not in html and "つなぎや相談記録のある機関はありません。" in html


def test_the_menu_and_home_lead_there_for_those_who_may(programme: dict[str, Any], client_for: Any) -> None:
    for key, shown in (("city", True), ("agency_admin", True), ("soudanin", False)):
        html = client_for(programme["users"][key]).get(reverse("home:home")).content.decode()
        assert (URL in html) is shown, key


def test_the_page_takes_a_fixed_number_of_queries(
    programme: dict[str, Any], client_for: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(programme["users"]["city"])
    client.get(URL)
    # 19: the 相談記録 are four counts, each read from an index of its own (benchmarks/programme.py); two
    # count indicator ① (outreach contacts and agency visits by month).
    with django_assert_num_queries(19):
        assert client.get(URL).status_code == 200


def test_an_agency_with_only_closed_records_and_an_inactive_agency_still_count(
    programme: dict[str, Any],
) -> None:
    agencies = programme["agencies"]
    # 地域福祉課 received a 相談記録 in April and closed it in May: nothing open, but this 年度's figures.
    closed = factories.consultation(
        factories.person(agencies["division"], "工藤 一", "くどう はじめ"), agencies["division"]
    )
    Consultation.objects.filter(pk=closed.pk).update(
        received_at=morning_of(dt.date(2026, 4, 1)), closed_on=dt.date(2026, 5, 1)
    )
    # 南部包括 stops; the referral still waiting there must not vanish from the city's view.
    agencies["houkatsu_south"].is_active = False
    agencies["houkatsu_south"].save(update_fields=["is_active"])
    f = compute(reach_of(programme["users"]["city"], programme["municipality"]), DAY)  # type: ignore[arg-type]
    rows = _rows(f)
    assert rows["地域福祉課"].closed_this_year == 1 and f.totals.closed_this_year == 1
    assert rows["南部地域包括支援センター"].waiting == 1 and f.totals.waiting == 2


def test_withdrawal_ends_a_team_members_count_of_the_case(programme: dict[str, Any]) -> None:
    from django.utils import timezone

    consent = programme["r"]["consent"]
    consent.withdrawn_at, consent.withdrawn_on = timezone.now(), DAY
    consent.save(update_fields=["withdrawn_at", "withdrawn_on"])
    manager = compute(reach_of(programme["users"]["agency_admin"], programme["municipality"]), DAY)  # type: ignore[arg-type]
    assert manager.open_cases == 0 and manager.reviews == []
    city = compute(reach_of(programme["users"]["city"], programme["municipality"]), DAY)  # type: ignore[arg-type]
    assert city.open_cases == 1  # the hub still runs it: the city sees the count


def test_a_manager_sees_the_lead_only_of_their_own_agencys_cases(programme: dict[str, Any]) -> None:
    f = compute(reach_of(programme["users"]["agency_admin"], programme["municipality"]), DAY)  # type: ignore[arg-type]
    assert [(r.agency_name, r.lead_name, r.overdue) for r in f.reviews] == [
        ("テスト市社会福祉協議会", "―", 1)
    ]


@pytest.mark.parametrize(
    ("received_days_ago", "noted_days_ago", "quiet"), [(30, None, 1), (29, None, 0), (40, 30, 1), (40, 29, 0)]
)
def test_quiet_means_thirty_days_on_both_sides(
    programme: dict[str, Any], received_days_ago: int, noted_days_ago: int | None, quiet: int
) -> None:
    from kasane.casework.models import ConsultationNote

    south = programme["agencies"]["houkatsu_south"]
    Consultation.objects.filter(owner_agency=south).update(
        received_at=morning_of(DAY - dt.timedelta(days=received_days_ago))
    )
    if noted_days_ago is not None:
        record = Consultation.objects.get(owner_agency=south)
        ConsultationNote.objects.create(
            consultation=record,
            agency=south,
            on=DAY - dt.timedelta(days=noted_days_ago),
            kind="phone",
            text="電話で様子を確認した。",
            author_name="テスト 職員",
        )
    f = compute(reach_of(programme["users"]["city"], programme["municipality"]), DAY)  # type: ignore[arg-type]
    assert _rows(f)["南部地域包括支援センター"].records_quiet == quiet


def test_indicator_one_counts_outreach_contacts_and_agency_visits_of_this_year(
    programme: dict[str, Any], client_for: Any
) -> None:
    from kasane.outreach.models import AgencyVisit

    target = factories.outreach_target(programme, raised_on=dt.date(2026, 4, 10))
    factories.outreach_contact(target, on=dt.date(2026, 5, 1))
    factories.outreach_contact(target, on=dt.date(2026, 3, 31))  # last 年度: not counted
    AgencyVisit.objects.create(
        municipality=programme["municipality"],
        agency=programme["agencies"]["shakyo"],
        on=dt.date(2026, 6, 1),
        counterpart="○○町内会",
        author_name="kyodo 職員",
    )
    page = client_for(programme["users"]["city"]).get(URL).content.decode()
    assert (
        "令和8年度（2026年度）のアウトリーチ件数（指標①：個別支援＋関係機関等への訪問）：<strong>2件</strong>"
        in page
    )
