"""Query counts of the dispatch pages are pinned, and do not grow with what the pages show."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kasane.dispatch.models import (
    Dispatch,
    Expert,
    Goal,
    GoalAction,
    Practice,
    WorksheetEntry,
    Workshop,
)
from kasane.lib.dates import fiscal_year, today
from kasane.readiness.models import MunicipalityProfile, ReadinessRating, ReadinessSheet, SheetFunctionRow
from kasane.tenancy.models import Municipality

from .helpers import advanced, client

pytestmark = pytest.mark.django_db


def _count(c: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = c.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _grow(data: dict[str, Any], r: dict[str, Any], n: int, tag: str) -> None:
    """More of everything: dispatches with experts, goals with actions, workshops with worksheets, practices,
    experts, and municipalities with ratings and shared sheets."""
    prefecture, ken = data["municipality"].prefecture, data["ken"]
    for i in range(n):
        expert = Expert.objects.create(
            prefecture=prefecture, name=f"専門家{tag}{i}", affiliation="大学", themes=["participation"]
        )
        m = Municipality.objects.create(
            prefecture=prefecture, code=f"03{tag}{i:03d}", name=f"町{tag}{i}", population=5_000 + i * 1_000
        )
        MunicipalityProfile.objects.create(municipality=m, status="implementing", status_year=2022)
        for item in ("talent", "internal"):
            ReadinessRating.objects.create(
                municipality=m, item=item, stage=2, evidence="根拠", rated_on=today(), rated_by=ken
            )
        sheet = ReadinessSheet.objects.create(municipality=m, made_on=today(), shared_with_peers=True)
        SheetFunctionRow.objects.create(sheet=sheet, function="participation", current="サロン", issues="")
        other = Dispatch.objects.create(
            prefecture=prefecture,
            fiscal_year=fiscal_year(today()),
            municipality=m,
            requested_on=today(),
            requested_by="課",
            request_text="相談",
            created_by=ken,
        )
        other.experts.add(expert)
        r["dispatch"].experts.add(expert)
        goal = Goal.objects.create(
            dispatch=r["dispatch"], text=f"目標{i}", readiness_item="talent", agreed_on=today()
        )
        GoalAction.objects.create(goal=goal, what="取り組み", who="課", due_on=today())
        workshop = Workshop.objects.create(
            dispatch=r["dispatch"],
            title=f"WS{i}",
            held_on=today() - dt.timedelta(days=1),
            place="会場",
            programme="開会",
        )
        workshop.experts.add(expert)
        WorksheetEntry.objects.create(workshop=workshop, group_label="1班", success_case="80代の世帯")
        Practice.objects.create(
            prefecture=prefecture,
            title=f"事例{tag}{i}",
            municipality_name="町",
            prefecture_name="北海道",
            population=6_000,
            themes=["participation"],
            summary="概要",
            created_by=ken,
        )


PAGES: dict[str, tuple[Callable[[dict[str, Any]], str], str, int]] = {
    # name: (url, user, pinned query count)
    "list": (lambda r: "/dispatch/", "ken", 5),
    "list_municipal": (lambda r: "/dispatch/", "city", 5),
    "detail": (lambda r: f"/dispatch/{r['dispatch'].pk}/", "ken", 11),
    "detail_municipal": (lambda r: f"/dispatch/{r['dispatch'].pk}/", "city", 10),
    "hub": (
        lambda r: f"/dispatch/hub/?municipality={r['dispatch'].municipality_id}",
        "ken",
        14,
    ),
    "practices": (lambda r: "/dispatch/practices/?theme=participation", "city", 4),
    "experts": (lambda r: "/dispatch/experts/", "ken", 4),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_is_pinned_and_flat(d: dict[str, Any], page: str) -> None:
    build, user, pinned = PAGES[page]
    r = advanced(d)
    who = d["ken"] if user == "ken" else d["users"][user]
    c = client(who)
    url = build(r)
    _grow(d, r, 1, "a")
    _count(c, url)  # the first request of a session also touches the session and the user's row
    before = _count(c, url)
    _grow(d, r, 4, "b")
    after = _count(c, url)
    assert before == after, f"{page}: {before} queries before, {after} after more data"
    assert after == pinned, f"{page}: {after} queries, pinned at {pinned}"
