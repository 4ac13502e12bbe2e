"""What a dispatch refuses so that its record says only what happened: 決定 without an expert, and anything
dated after today recorded as done — a workshop still to come is 予定 (no participants, no reflection, no
worksheets, no outcome standing on it), a hearing, an agreement, a decision or an action done tomorrow.

The clock stands on 令和8年12月7日 10:00 in Tokyo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.dispatch import services
from kasane.dispatch.models import (
    Dispatch,
    DispatchStatus,
    GoalAction,
    GoalOutcome,
    Hearing,
    WorksheetEntry,
    Workshop,
)
from kasane.dispatch.services import DispatchError

from .helpers import advanced, client, workshop_form

pytestmark = pytest.mark.django_db

TOKYO = dt.timezone(dt.timedelta(hours=9))
TODAY = dt.date(2026, 12, 7)
TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def clock() -> Iterator[Any]:
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 0, tzinfo=TOKYO), tick=False) as traveller:
        yield traveller


def _messages(response: Any) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def _undecided(d: dict[str, Any]) -> Dispatch:
    r = advanced(d, DispatchStatus.RECEIVED)
    dispatch: Dispatch = r["dispatch"]
    Dispatch.objects.filter(pk=dispatch.pk).update(agreed_on=None, agreed_by=None)
    dispatch.refresh_from_db()
    return dispatch


def test_no_decision_without_an_expert(d: dict[str, Any]) -> None:
    dispatch = _undecided(d)
    assert not dispatch.experts.exists()
    ken = client(d["ken"])
    page = ken.get(f"/dispatch/{dispatch.pk}/").content.decode()
    assert "派遣する専門家が未定です。専門家を選んでから決定してください。" in page
    response = ken.post(f"/dispatch/{dispatch.pk}/decide/", {"agreed_on": "R8.12.4"}, follow=True)
    assert "派遣する専門家が決まっていないため、「決定」にできません。" in _messages(response)
    dispatch.refresh_from_db()
    assert dispatch.agreed_on is None and dispatch.agreed_by is None
    assert not AuditEntry.objects.filter(action="dispatch.decided").exists()
    # With an expert chosen it is decided.
    dispatch.experts.add(d["experts"][0])
    ken.post(f"/dispatch/{dispatch.pk}/decide/", {"agreed_on": "R8.12.4"})
    dispatch.refresh_from_db()
    assert dispatch.agreed_on == dt.date(2026, 12, 4)
    assert AuditEntry.objects.filter(action="dispatch.decided").count() == 1


def test_a_decided_dispatch_keeps_at_least_one_expert(d: dict[str, Any]) -> None:
    r = advanced(d, DispatchStatus.HEARD)
    dispatch = r["dispatch"]
    dispatch.experts.add(d["experts"][0])
    with pytest.raises(DispatchError, match="専門家をすべて外すことはできません"):
        services.update_request(dispatch, [], actor=Actor(user=d["fasi"]))
    assert list(dispatch.experts.all()) == [d["experts"][0]]


def test_a_decision_cannot_be_dated_tomorrow(d: dict[str, Any]) -> None:
    dispatch = _undecided(d)
    dispatch.experts.add(d["experts"][0])
    response = client(d["ken"]).post(
        f"/dispatch/{dispatch.pk}/decide/", {"agreed_on": "R8.12.8"}, follow=True
    )
    assert "決定した日に、今日（令和8年12月7日）より後の日付（令和8年12月8日）は入れられません" in _messages(
        response
    )
    dispatch.refresh_from_db()
    assert dispatch.agreed_on is None


def test_a_planned_workshop_takes_no_participants_until_its_day(d: dict[str, Any], clock: Any) -> None:
    r = advanced(d, DispatchStatus.GOALS_SET)
    r["workshop"].delete()
    dispatch = r["dispatch"]
    fasi = client(d["fasi"])
    # Participants or a reflection for a workshop on a later day: refused, nothing written.
    response = fasi.post(f"/dispatch/{dispatch.pk}/workshops/new/", workshop_form("R8.12.20"))
    assert (
        "開催日（令和8年12月20日）より前のため、参加者数と振り返りは入力できません"
        in response.content.decode()
    )
    planned = {k: v for k, v in workshop_form("R8.12.20").items() if not k.startswith("count_")}
    response = fasi.post(f"/dispatch/{dispatch.pk}/workshops/new/", planned | {"reflection": "盛況だった"})
    assert response.status_code == 200 and not Workshop.objects.exists()
    # Registered as 予定: labelled so on the list and the page, the dispatch not moved on.
    assert fasi.post(f"/dispatch/{dispatch.pk}/workshops/new/", planned).status_code == 302
    workshop = Workshop.objects.get()
    assert not workshop.is_held(TODAY) and workshop.held_label(TODAY) == "予定"
    listing = fasi.get(f"/dispatch/?year={dispatch.fiscal_year}").content.decode()
    assert '<span class="tag">予定1</span>' in listing
    assert "開催予定" in fasi.get(f"/dispatch/{dispatch.pk}/").content.decode()
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.GOALS_SET
    # Its outcome cannot be recorded either.
    with pytest.raises(DispatchError, match="ワークショップを実施した後"):
        services.record_outcome(
            r["goal"],
            GoalOutcome(changes="x", evidence="y", achievement="partly", recorded_on=TODAY),
            actor=Actor(user=d["fasi"]),
        )
    # On the day, the participants are recorded and the dispatch moves on.
    clock.move_to(dt.datetime(2026, 12, 20, 17, 0, tzinfo=TOKYO))
    fasi = client(d["fasi"])  # a new session: the first one has expired in thirteen days
    assert fasi.post(f"/dispatch/workshops/{workshop.pk}/", workshop_form("R8.12.20")).status_code == 302
    workshop.refresh_from_db()
    dispatch.refresh_from_db()
    assert workshop.participant_total == 38 and dispatch.status == DispatchStatus.WORKSHOP_HELD
    listing = fasi.get(f"/dispatch/?year={dispatch.fiscal_year}").content.decode()
    assert "予定1" not in listing


def test_a_held_workshop_postponed_takes_the_dispatch_back(d: dict[str, Any]) -> None:
    r = advanced(d, DispatchStatus.WORKSHOP_HELD)
    dispatch, workshop = r["dispatch"], r["workshop"]
    actor = Actor(user=d["fasi"])
    # With participants it cannot move after today.
    workshop.held_on = TOMORROW + dt.timedelta(days=10)
    with pytest.raises(DispatchError, match="参加者数と振り返りは入力できません"):
        services.update_workshop(workshop, [], actor=actor)
    # Without them it can: 予定 again, and the dispatch back to 目標設定済.
    workshop.count_city = 0
    services.update_workshop(workshop, [], actor=actor)
    dispatch.refresh_from_db()
    assert dispatch.status == DispatchStatus.GOALS_SET
    entry = AuditEntry.objects.filter(action="dispatch.workshop_updated").latest("pk")
    assert entry.details["back_to_goals"] is True


def test_a_held_workshop_with_worksheets_or_outcomes_stays_held(d: dict[str, Any]) -> None:
    r = advanced(d, DispatchStatus.WORKSHOP_HELD)
    workshop = Workshop.objects.get(pk=r["workshop"].pk)
    actor = Actor(user=d["fasi"])
    WorksheetEntry.objects.create(workshop=workshop, group_label="1班")
    workshop.held_on, workshop.count_city = TOMORROW, 0
    with pytest.raises(DispatchError, match="ワークシートが入力されているため"):
        services.update_workshop(workshop, [], actor=actor)
    WorksheetEntry.objects.all().delete()
    GoalOutcome.objects.create(
        goal=r["goal"],
        changes="x",
        evidence="y",
        achievement="partly",
        recorded_on=TODAY,
        recorded_by=d["ken"],
    )
    with pytest.raises(DispatchError, match="成果が整理されているため"):
        services.update_workshop(workshop, [], actor=actor)
    assert Workshop.objects.get(pk=workshop.pk).held_on < TODAY
    assert Dispatch.objects.get(pk=r["dispatch"].pk).status == DispatchStatus.WORKSHOP_HELD


def test_nothing_done_is_dated_after_today(d: dict[str, Any]) -> None:
    r = advanced(d, DispatchStatus.GOALS_SET)
    dispatch, goal = r["dispatch"], r["goal"]
    actor = Actor(user=d["fasi"])
    hearing = Hearing(held_on=TOMORROW, method="phone", attendees="地域福祉課")
    with pytest.raises(DispatchError, match="ヒアリングの実施日に、今日"):
        services.record_hearing(dispatch, hearing, actor=actor)
    existing = Hearing.objects.get(pk=r["hearing"].pk)
    existing.held_on = TOMORROW
    with pytest.raises(DispatchError, match="ヒアリングの実施日"):
        services.update_hearing(existing, actor=actor)
    goal.agreed_on = TOMORROW
    with pytest.raises(DispatchError, match="市町村と合意した日"):
        services.update_goal(goal, actor=actor)
    action = GoalAction.objects.get(goal=goal)
    with pytest.raises(DispatchError, match="実施した日"):
        services.mark_action_done(action, on=TOMORROW, actor=actor)
    assert Hearing.objects.count() == 1 and Hearing.objects.get().held_on < TODAY
    assert GoalAction.objects.get(pk=action.pk).done_on is None
    services.mark_action_done(action, on=TODAY, actor=actor)
    assert GoalAction.objects.get(pk=action.pk).done_on == TODAY


def test_an_outcome_is_not_dated_after_today(d: dict[str, Any]) -> None:
    r = advanced(d, DispatchStatus.WORKSHOP_HELD)
    outcome = GoalOutcome(changes="x", evidence="y", achievement="partly", recorded_on=TOMORROW)
    with pytest.raises(DispatchError, match="成果を整理した日"):
        services.record_outcome(r["goal"], outcome, actor=Actor(user=d["fasi"]))
    assert not GoalOutcome.objects.exists()
