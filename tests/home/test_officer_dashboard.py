"""The prefecture officer's home (issue 19, point 9): this 年度's minimums, what is due and what is late, all
counted from records, on a pinned clock (the 年度 turns between 3月31日 and 4月1日)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from kasane.dispatch.models import Dispatch, DispatchStatus, Goal, GoalAction
from kasane.events.models import Event, EventFormat, EventKind, ParticipantCategory, Registration
from kasane.home import officer
from kasane.lib.dates import fiscal_year
from kasane.questionnaires.models import Questionnaire, Status
from kasane.readiness import services
from kasane.readiness.models import Block, MunicipalityProfile
from tests.clock import morning_of

pytestmark = pytest.mark.django_db


def _event(w: dict[str, Any], title: str, day: dt.date, **extra: Any) -> Event:
    return Event.objects.create(
        prefecture=w["municipality"].prefecture,
        kind=extra.pop("kind", EventKind.FORUM),
        title=title,
        fiscal_year=fiscal_year(day),
        starts_on=day,
        format=EventFormat.IN_PERSON,
        created_by=w["users"]["prefecture"],
        **extra,
    )


def _dispatch(w: dict[str, Any], year: int, status: str, *, agreed: bool = True) -> Dispatch:
    return Dispatch.objects.create(
        prefecture=w["municipality"].prefecture,
        fiscal_year=year,
        municipality=w["municipality"] if status != DispatchStatus.RECEIVED else w["other_municipality"],
        status=status,
        requested_on=dt.date(year, 5, 1),
        requested_by="地域福祉課",
        request_text="庁内の共通理解を進めたい。",
        agreed_on=dt.date(year, 5, 20) if agreed else None,
        created_by=w["users"]["prefecture"],
    )


@pytest.fixture
def office(world: dict[str, Any]) -> dict[str, Any]:
    """2025年度's records of the prefecture: a forum held in 県北 only, one training, a dispatch with an action
    due on 2026-03-01 still open, a questionnaire closed on 2026-03-20 but still open, and テスト市's sheet of
    2025-06-01."""
    prefecture = world["municipality"].prefecture
    north = Block.objects.create(prefecture=prefecture, name="県北", sort_order=1)
    south = Block.objects.create(prefecture=prefecture, name="県南", sort_order=2)
    MunicipalityProfile.objects.create(municipality=world["municipality"], block=north)
    MunicipalityProfile.objects.create(municipality=world["other_municipality"], block=south)
    _event(world, "情報共有の場（県北）", dt.date(2025, 10, 1), block=north)
    _event(world, "第1回 人材養成研修", dt.date(2025, 9, 1), kind=EventKind.TRAINING)
    dispatch = _dispatch(world, 2025, DispatchStatus.GOALS_SET)
    goal = Goal.objects.create(
        dispatch=dispatch, text="庁内の共通理解", readiness_item="internal", agreed_on=dt.date(2025, 7, 1)
    )
    GoalAction.objects.create(
        goal=goal, what="庁内勉強会の開催", who="地域福祉課", due_on=dt.date(2026, 3, 1)
    )
    GoalAction.objects.create(
        goal=goal, what="済んだこと", who="社協", due_on=dt.date(2026, 2, 1), done_on=dt.date(2026, 2, 1)
    )
    Questionnaire.objects.create(
        prefecture=prefecture,
        title="研修アンケート",
        status=Status.OPEN,
        closes_on=dt.date(2026, 3, 20),
        created_by=world["users"]["prefecture"],
    )
    for title, status, closes_on, municipality in (
        ("締め切ったアンケート", Status.CLOSED, dt.date(2026, 3, 1), None),
        ("年度末まで受付", Status.OPEN, dt.date(2026, 3, 31), None),
        ("市のハブラボ アンケート", Status.OPEN, dt.date(2026, 3, 1), world["municipality"]),
    ):
        Questionnaire.objects.create(
            prefecture=prefecture,
            municipality=municipality,
            title=title,
            status=status,
            closes_on=closes_on,
            created_by=world["users"]["prefecture"],
        )
    with time_machine.travel(morning_of(dt.date(2025, 6, 1)), tick=False):
        services.new_sheet(world["municipality"], world["users"]["prefecture"], dt.date(2025, 6, 1))
    return {**world, "dispatch": dispatch}


def _board(w: dict[str, Any], day: dt.date) -> officer.Dashboard:
    return officer.build(w["municipality"].prefecture, day)


def test_on_31_march_what_is_missing_can_no_longer_be_met(office: dict[str, Any]) -> None:
    board = _board(office, dt.date(2026, 3, 31))
    assert board.year == 2025 and board.year_label.startswith("令和7年度") and board.days_left == 0
    late = [item.text for item in board.out_of_time]
    assert late == [
        "情報共有の場（市町村間）（全2ブロックで開催）",
        "情報共有の場（道と市町村）（1回以上）",
        "人材養成研修（2回以上）",
        "専門家派遣（6市町村程度）",
    ]
    assert "県南ブロックで未開催" in board.out_of_time[0].note
    assert [item.text for item in board.overdue_actions] == ["テスト市：庁内勉強会の開催"]
    assert "30日超過" in board.overdue_actions[0].note
    # closed ones, one closing today and a municipality's own questionnaire are not chased
    assert [item.text for item in board.unclosed_questionnaires] == ["研修アンケート"]
    assert (board.without_sheet, board.municipalities) == (1, 2)  # テスト市's sheet is of this 年度
    # sheets begun and not submitted are awaited; the dispatch waits for its workshop
    assert [item.text for item in board.sheets_awaited] == [
        "テスト市のアセスメントシート（令和7年6月1日作成）"
    ]
    assert [item.text for item in board.dispatch_steps] == ["テスト市：ワークショップを待っています"]


def test_on_1_april_a_new_year_begins_with_time_for_everything(office: dict[str, Any]) -> None:
    board = _board(office, dt.date(2026, 4, 1))
    assert board.year == 2026 and board.year_label.startswith("令和8年度") and board.days_left == 364
    assert not board.out_of_time  # nothing held yet, but a whole 年度 to do it
    assert all(m.status == "missing" for m in board.minimums)
    assert (board.without_sheet, board.municipalities) == (2, 2)  # last 年度's sheet no longer counts
    assert not board.sheets_awaited and not board.dispatch_steps  # 2025年度's records
    # what is late stays late across the turn of the 年度
    assert [item.text for item in board.overdue_actions] == ["テスト市：庁内勉強会の開催"]
    assert [item.text for item in board.unclosed_questionnaires] == ["研修アンケート", "年度末まで受付"]


def test_a_minimum_is_late_only_when_too_little_of_the_year_is_left_to_arrange_it(
    office: dict[str, Any],
) -> None:
    def late(day: dt.date) -> list[str]:
        return [item.text.rsplit("（", 1)[0] for item in _board(office, day).out_of_time]

    # 39 days left: an event can still be arranged (about 30 days' notice), a dispatch cannot (about 90)
    assert late(dt.date(2026, 2, 20)) == ["専門家派遣"]
    everything = ["情報共有の場（市町村間）", "情報共有の場（道と市町村）", "人材養成研修", "専門家派遣"]
    assert late(dt.date(2026, 3, 10)) == everything  # 21 days left
    # a minimum arranged in time (the second training planned) is not late
    _event(office, "第2回 人材養成研修", dt.date(2026, 3, 25), kind=EventKind.TRAINING)
    assert late(dt.date(2026, 3, 10)) == [name for name in everything if name != "人材養成研修"]


def test_events_in_the_coming_six_weeks_with_their_sign_up_state(office: dict[str, Any]) -> None:
    day = dt.date(2025, 11, 1)
    full = _event(office, "情報共有の場（県南）", day + dt.timedelta(days=10), capacity=2, signup_open=True)
    for name in ("沢口 恵", "北村 健"):
        Registration.objects.create(event=full, name=name, category=ParticipantCategory.MUNICIPAL)
    _event(
        office,
        "第2回 人材養成研修",
        day + dt.timedelta(days=42),
        kind=EventKind.TRAINING,
        signup_open=True,
        signup_deadline=day + dt.timedelta(days=30),
    )
    _event(office, "遠い先の研修", day + dt.timedelta(days=43), kind=EventKind.TRAINING)
    board = _board(office, day)
    assert [item.text.split(" ", 1)[1] for item in board.events] == [
        "情報共有の場（県南）",
        "第2回 人材養成研修",
    ]
    assert board.events[0].note == "申込 2人／定員 2人・定員に達しています・申込フォーム公開中（締切なし）"
    assert board.events[1].note == "申込 0人（定員なし）・申込フォーム公開中（締切 令和7年12月1日）"
    later = _board(office, day + dt.timedelta(days=31))
    assert later.events[0].note == "申込 0人（定員なし）・申込締切済み（令和7年12月1日）"


def test_dispatches_wait_for_their_next_step(office: dict[str, Any]) -> None:
    _dispatch(office, 2025, DispatchStatus.RECEIVED, agreed=False)
    board = _board(office, dt.date(2025, 8, 1))
    assert [item.text for item in board.dispatch_steps] == [
        "テスト市：ワークショップを待っています",
        "となり町：派遣の決定（道との協議）を待っています",
    ]
    office["dispatch"].status = DispatchStatus.CONCLUDED
    office["dispatch"].save(update_fields=["status"])
    board = _board(office, dt.date(2026, 3, 31))
    assert not board.overdue_actions  # a concluded dispatch's actions are no longer chased


def test_the_officer_sees_the_dashboard_and_the_city_its_home_unchanged(
    office: dict[str, Any], client_for: Any, django_assert_max_num_queries: Any
) -> None:
    ken = client_for(office["users"]["prefecture"])
    with time_machine.travel(morning_of(dt.date(2026, 3, 31)), tick=False):
        ken.get(reverse("home:home"))
        with django_assert_max_num_queries(16):
            html = ken.get(reverse("home:home")).content.decode()
        city = client_for(office["users"]["city"]).get(reverse("home:home")).content.decode()
    assert "令和7年度（2025年度）の後方支援" in html and "年度末まであと0日" in html
    assert "遅れていること" in html and reverse("dispatch:detail", args=[office["dispatch"].pk]) in html
    assert "?sheet=none" in html and "2市町村のうち1市町村" in html
    assert "遅れていること" not in city and "実施要綱に定める回数" not in city


def test_the_dashboards_query_count_does_not_grow_with_the_records(
    office: dict[str, Any], client_for: Any, django_assert_max_num_queries: Any
) -> None:
    day = dt.date(2025, 11, 1)
    for n in range(5):
        event = _event(office, f"研修{n}", day + dt.timedelta(days=n + 1), kind=EventKind.TRAINING)
        Registration.objects.create(event=event, name="参加者", category=ParticipantCategory.MUNICIPAL)
        Questionnaire.objects.create(
            prefecture=event.prefecture,
            title=f"アンケート{n}",
            status=Status.OPEN,
            closes_on=dt.date(2025, 10, 1),
            created_by=office["users"]["prefecture"],
        )
    ken = client_for(office["users"]["prefecture"])
    with time_machine.travel(morning_of(day), tick=False):
        ken.get(reverse("home:home"))
        with django_assert_max_num_queries(16):
            html = ken.get(reverse("home:home")).content.decode()
    assert html.count("アンケート") >= 5 and "研修4" in html
