"""The records the dispatch pages show: the year's list and one dispatch with its goals and workshops."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q

from kasane.dispatch.access import DispatchViewer, visible_dispatches
from kasane.dispatch.models import Dispatch, GoalAction, Workshop
from kasane.lib.dates import today


def listed(viewer: DispatchViewer, year: int) -> list[Dispatch]:
    """The dispatches the viewer sees in the list, counted goals and held workshops annotated; support
    staff see the chosen 年度's."""
    dispatches = (
        visible_dispatches(viewer)
        .select_related("municipality")
        .prefetch_related("experts")
        .annotate(
            n_goals=Count("goals", distinct=True),
            n_workshops=Count("workshops", filter=Q(workshops__held_on__lte=today()), distinct=True),
            n_planned=Count("workshops", filter=Q(workshops__held_on__gt=today()), distinct=True),
        )
        .order_by("municipality__code")
    )
    if viewer.is_support:
        dispatches = dispatches.filter(fiscal_year=year)
    return list(dispatches)


def records(dispatch: Dispatch) -> dict[str, Any]:
    """The dispatch's goals (with their actions and outcome), workshops and experts, for its page."""
    goals = list(
        dispatch.goals.select_related("outcome", "outcome__rating").prefetch_related(
            Prefetch("actions", queryset=GoalAction.objects.order_by("due_on", "pk"))
        )
    )
    workshops = list(
        Workshop.objects.filter(dispatch=dispatch)
        .prefetch_related("experts", "worksheets")
        .order_by("held_on", "pk")
    )
    return {
        "goals": goals,
        "workshops": workshops,
        "experts": list(dispatch.experts.all()),
        "all_outcomes": bool(goals) and all(hasattr(g, "outcome") for g in goals),
    }
