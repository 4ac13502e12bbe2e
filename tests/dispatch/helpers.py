"""Shared by the dispatch tests: a logged-in client, a workshop form as the page posts it, and a dispatch
advanced to a given step with its records made directly."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from kasane.dispatch.models import Dispatch, DispatchStatus, Goal, GoalAction, Hearing, Workshop
from kasane.lib.dates import fiscal_year, today

YEAR = fiscal_year(today())


def client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def workshop_form(held_on: str, experts: tuple[int, ...] = ()) -> dict[str, Any]:
    return {
        "title": "事例検討ワークショップ",
        "held_on": held_on,
        "place": "テスト市役所 第2会議室",
        "programme": "13:30〜 開会・趣旨説明\n14:20〜 グループワーク①\n15:10〜 グループワーク②",
        "experts": list(experts),
        "count_city": 12,
        "count_shakyo": 6,
        "count_houkatsu": 8,
        "count_disability": 3,
        "count_children": 2,
        "count_poverty": 2,
        "count_other": 5,
        "reflection": "",
    }


def advanced(d: dict[str, Any], status: str = DispatchStatus.WORKSHOP_HELD) -> dict[str, Any]:
    """A dispatch to テスト市 at ``status``, its records made directly (the steps are tested in test_steps.py)."""
    ken = d["ken"]
    dispatch = Dispatch.objects.create(
        prefecture=d["municipality"].prefecture,
        fiscal_year=YEAR,
        municipality=d["municipality"],
        status=status,
        requested_on=dt.date(2026, 5, 1),
        requested_by="地域福祉課",
        request_text="庁内の共通理解を進めたい。",
        themes=["internal"],
        agreed_on=dt.date(2026, 5, 20),
        agreed_by=ken,
        created_by=ken,
    )
    hearing = Hearing.objects.create(
        dispatch=dispatch,
        held_on=dt.date(2026, 6, 1),
        method="phone",
        attendees="地域福祉課",
        finance="財政課と協議前。",
        recorded_by=ken,
    )
    goal = Goal.objects.create(
        dispatch=dispatch,
        text="庁内で事業の意義を共有する",
        readiness_item="internal",
        agreed_on=dt.date(2026, 7, 1),
    )
    GoalAction.objects.create(
        goal=goal, what="庁内勉強会を開く", who="地域福祉課", due_on=dt.date(2026, 11, 30)
    )
    workshop = Workshop.objects.create(
        dispatch=dispatch,
        title="事例検討ワークショップ",
        held_on=today() - dt.timedelta(days=5),
        place="市役所",
        programme="13:30〜 開会",
        count_city=9,
    )
    return {"dispatch": dispatch, "hearing": hearing, "goal": goal, "workshop": workshop}
