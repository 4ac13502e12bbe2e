"""The access matrix's rows for 専門家派遣 (kasane.dispatch).

In the matrix world every user is in 岩手県: ``prefecture`` is the prefecture's own officer (support staff),
``other_city`` works for となり町, and the other roles are staff of テスト市, the municipality the dispatch is
for. Support staff see and record every dispatch; a municipality's staff see their own municipality's
dispatch read only, and the library of practices; nobody else learns a dispatch exists (404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access.outcomes import LOGIN, Rows, everyone, support_staff


def _support_post() -> dict[str, int]:
    """A POST-only step of support staff: others are refused before the method is looked at."""
    return support_staff(405)


def _own_municipality() -> dict[str, int]:
    """The dispatch to テスト市: support staff and テスト市's staff; となり町's staff do not learn it exists."""
    return {**everyone(200), "other_city": 404}


def records(w: dict[str, Any]) -> dict[str, Any]:
    """One dispatch to テスト市 with a record of every kind, made once per world."""
    from kasane.dispatch.models import (
        Dispatch,
        DispatchStatus,
        Expert,
        Goal,
        GoalAction,
        Hearing,
        Practice,
        WorksheetEntry,
        Workshop,
    )

    cached = w.get("_dispatch_records")
    if cached:
        return cached  # type: ignore[no-any-return]
    municipality, officer = w["municipality"], w["users"]["prefecture"]
    prefecture = municipality.prefecture
    expert, _ = Expert.objects.get_or_create(
        prefecture=prefecture,
        name="大森 恵子",
        defaults={"affiliation": "道央福祉大学", "themes": ["internal"]},
    )
    practice, _ = Practice.objects.get_or_create(
        prefecture=prefecture,
        title="働くきっかけ応援事業",
        defaults={
            "municipality_name": "鷹栖町",
            "prefecture_name": "北海道",
            "population": 6724,
            "themes": ["participation"],
            "summary": "地域の居場所の中での中間的就労。",
            "created_by": officer,
        },
    )
    dispatch, _ = Dispatch.objects.get_or_create(
        municipality=municipality,
        fiscal_year=2026,
        defaults={
            "prefecture": prefecture,
            "status": DispatchStatus.WORKSHOP_HELD,
            "requested_on": dt.date(2026, 5, 1),
            "requested_by": "地域福祉課",
            "request_text": "庁内の共通理解を進めたい。",
            "agreed_on": dt.date(2026, 5, 20),
            "agreed_by": officer,
            "created_by": officer,
        },
    )
    hearing, _ = Hearing.objects.get_or_create(
        dispatch=dispatch,
        defaults={
            "held_on": dt.date(2026, 6, 1),
            "method": "online",
            "attendees": "地域福祉課",
            "recorded_by": officer,
        },
    )
    goal, _ = Goal.objects.get_or_create(
        dispatch=dispatch,
        defaults={
            "text": "庁内で事業の意義を共有する",
            "readiness_item": "internal",
            "agreed_on": dt.date(2026, 7, 1),
        },
    )
    action, _ = GoalAction.objects.get_or_create(
        goal=goal, defaults={"what": "庁内勉強会", "who": "地域福祉課"}
    )
    workshop, _ = Workshop.objects.get_or_create(
        dispatch=dispatch,
        defaults={
            "title": "事例検討ワークショップ",
            "held_on": dt.date(2026, 10, 1),
            "place": "市役所",
            "programme": "13:30〜 開会",
        },
    )
    sheet, _ = WorksheetEntry.objects.get_or_create(
        workshop=workshop, defaults={"group_label": "1班", "success_case": "80代の母と50代の息子の世帯。"}
    )
    w["_dispatch_records"] = {
        "expert": expert,
        "practice": practice,
        "dispatch": dispatch,
        "hearing": hearing,
        "goal": goal,
        "action": action,
        "workshop": workshop,
        "worksheet": sheet,
    }
    return w["_dispatch_records"]  # type: ignore[no-any-return]


def _d(w: dict[str, Any]) -> Any:
    return records(w)["dispatch"]


EXPECTED: Rows = {
    # Support staff see the year's list with the count against 000's 6; a municipality's staff see their own.
    "dispatch:list": (lambda w: "/dispatch/", LOGIN, everyone(200)),
    "dispatch:new": (lambda w: "/dispatch/new/", LOGIN, support_staff()),
    "dispatch:detail": (lambda w: f"/dispatch/{_d(w).pk}/", LOGIN, _own_municipality()),
    "dispatch:edit": (lambda w: f"/dispatch/{_d(w).pk}/edit/", LOGIN, support_staff()),
    "dispatch:decide": (lambda w: f"/dispatch/{_d(w).pk}/decide/", LOGIN, _support_post()),
    "dispatch:withdraw": (lambda w: f"/dispatch/{_d(w).pk}/withdraw/", LOGIN, _support_post()),
    "dispatch:conclude": (lambda w: f"/dispatch/{_d(w).pk}/conclude/", LOGIN, _support_post()),
    "dispatch:hearing_new": (lambda w: f"/dispatch/{_d(w).pk}/hearings/new/", LOGIN, support_staff()),
    "dispatch:hearing_edit": (
        lambda w: f"/dispatch/hearings/{records(w)['hearing'].pk}/",
        LOGIN,
        support_staff(),
    ),
    "dispatch:goal_new": (lambda w: f"/dispatch/{_d(w).pk}/goals/new/", LOGIN, support_staff()),
    "dispatch:goal_edit": (lambda w: f"/dispatch/goals/{records(w)['goal'].pk}/", LOGIN, support_staff()),
    "dispatch:action_new": (
        lambda w: f"/dispatch/goals/{records(w)['goal'].pk}/actions/new/",
        LOGIN,
        support_staff(),
    ),
    "dispatch:outcome": (
        lambda w: f"/dispatch/goals/{records(w)['goal'].pk}/outcome/",
        LOGIN,
        support_staff(),
    ),
    "dispatch:action_done": (
        lambda w: f"/dispatch/actions/{records(w)['action'].pk}/done/",
        LOGIN,
        _support_post(),
    ),
    "dispatch:workshop_new": (lambda w: f"/dispatch/{_d(w).pk}/workshops/new/", LOGIN, support_staff()),
    "dispatch:workshop_edit": (
        lambda w: f"/dispatch/workshops/{records(w)['workshop'].pk}/",
        LOGIN,
        support_staff(),
    ),
    "dispatch:worksheet_new": (
        lambda w: f"/dispatch/workshops/{records(w)['workshop'].pk}/worksheets/new/",
        LOGIN,
        support_staff(),
    ),
    "dispatch:worksheet_edit": (
        lambda w: f"/dispatch/worksheets/{records(w)['worksheet'].pk}/",
        LOGIN,
        support_staff(),
    ),
    "dispatch:experts": (lambda w: "/dispatch/experts/", LOGIN, support_staff()),
    "dispatch:expert_new": (lambda w: "/dispatch/experts/new/", LOGIN, support_staff()),
    "dispatch:expert_edit": (
        lambda w: f"/dispatch/experts/{records(w)['expert'].pk}/",
        LOGIN,
        support_staff(),
    ),
    # The library of 先進事例 is for every participant; only support staff add to it.
    "dispatch:practices": (lambda w: "/dispatch/practices/", LOGIN, everyone(200)),
    "dispatch:practice_new": (lambda w: "/dispatch/practices/new/", LOGIN, support_staff()),
    "dispatch:practice": (
        lambda w: f"/dispatch/practices/{records(w)['practice'].pk}/",
        LOGIN,
        everyone(200),
    ),
    "dispatch:practice_edit": (
        lambda w: f"/dispatch/practices/{records(w)['practice'].pk}/edit/",
        LOGIN,
        support_staff(),
    ),
    # The hub: support staff, and each municipality's programme staff for their own municipality.
    "dispatch:hub": (
        lambda w: "/dispatch/hub/",
        LOGIN,
        {**support_staff(), "city": 200, "other_city": 200},
    ),
}
