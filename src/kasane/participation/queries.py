"""Lists of 参加支援: who waits for the meeting's decision (and how long), placements by stage, follow-ups
due and overdue; each reader sees only the engagements visibility allows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case as DjangoCase
from django.db.models import Count, DateField, OuterRef, Q, QuerySet, Subquery, When

from kasane.casework.models import DecisionKind, Outcome, PlanKind, PlanStatus
from kasane.casework.visibility import Viewer
from kasane.meetings.models import Decision
from kasane.participation.models import (
    OPEN_STAGES,
    Engagement,
    EngagementStatus,
    FollowUp,
    Placement,
    Stage,
)
from kasane.participation.visibility import visible_engagements


def _approvals(case: Any) -> QuerySet[Decision]:
    return Decision.objects.filter(
        case=case,
        kind=DecisionKind.PLAN_APPROVAL,
        outcome=Outcome.APPROVED,
        plan__kind=PlanKind.PARTICIPATION,
    ).order_by("decided_on", "pk")


def approvals(case_ref: str = "case") -> DjangoCase:
    """The day a 重層的支援会議 approved the case's 参加支援 plan (the first such decision), or NULL.

    For an open 参加支援 only a plan still in force counts: one that ended with the case (終結) does not
    approve a new use after the case is reopened. An ended 参加支援 keeps the day it was decided."""
    decided = _approvals(OuterRef(case_ref))
    live = decided.exclude(plan__status=PlanStatus.ENDED)
    return DjangoCase(
        When(status=EngagementStatus.ENDED, then=Subquery(decided.values("decided_on")[:1])),
        default=Subquery(live.values("decided_on")[:1]),
        output_field=DateField(),
    )


def approved_on(engagement: Engagement) -> dt.date | None:
    if engagement.case_id is None:
        return None
    decided = _approvals(engagement.case_id)
    if engagement.status != EngagementStatus.ENDED:
        decided = decided.exclude(plan__status=PlanStatus.ENDED)
    return decided.values_list("decided_on", flat=True).first()


def with_approval(engagements: QuerySet[Engagement]) -> QuerySet[Engagement]:
    return engagements.annotate(approved_on=approvals())


LISTS = {
    "open": "支援中",
    "waiting": "会議の決定待ち",
    "urgent": "決定前に開始",
    "ended": "終了",
    "all": "すべて",
}


def engagement_list(viewer: Viewer, shown: str) -> QuerySet[Engagement]:
    rows = with_approval(visible_engagements(viewer)).select_related("person", "owner_agency", "lead_user")
    open_ = Q(status=EngagementStatus.OPEN)
    if shown == "open":
        rows = rows.filter(open_)
    elif shown == "waiting":
        rows = rows.filter(open_, approved_on__isnull=True)  # type: ignore[misc]
    elif shown == "urgent":
        rows = rows.filter(  # type: ignore[misc]
            open_, approved_on__isnull=True, urgent_started_on__isnull=False
        )
    elif shown == "ended":
        rows = rows.filter(status=EngagementStatus.ENDED)
    placements = Count("placements", filter=Q(placements__stage__in=OPEN_STAGES), distinct=True)
    return rows.annotate(open_placements=placements).order_by("-started_on", "-pk")


def urgent_waiting(viewer: Viewer) -> QuerySet[Engagement]:
    """Urgent starts still waiting for the meeting: flagged on the lists until it decides."""
    return (
        with_approval(visible_engagements(viewer))
        .filter(  # type: ignore[misc]
            status=EngagementStatus.OPEN, urgent_started_on__isnull=False, approved_on__isnull=True
        )
        .select_related("person")
        .order_by("urgent_started_on", "pk")
    )


def follow_ups_due(viewer: Viewer, today: dt.date, *, within_days: int = 7) -> QuerySet[FollowUp]:
    """Follow-ups not done whose day has come or comes within a week, overdue first."""
    return (
        FollowUp.objects.filter(
            placement__engagement__in=visible_engagements(viewer).values("pk"),
            done_on__isnull=True,
            due_on__lte=today + dt.timedelta(days=within_days),
            placement__stage__in=OPEN_STAGES,
        )
        .select_related("placement__service", "placement__engagement__person")
        .order_by("due_on", "pk")
    )


def placements_by_stage(viewer: Viewer) -> list[tuple[str, str, int]]:
    counts = dict(
        Placement.objects.filter(engagement__in=visible_engagements(viewer).values("pk"))
        .values_list("stage")
        .annotate(n=Count("pk"))
        .values_list("stage", "n")
    )
    return [(s.value, s.label, counts.get(s.value, 0)) for s in Stage]


def home_counts(viewer: Viewer, day: dt.date) -> dict[str, int] | None:
    """The home page's 参加支援 line: None, after one query, when the viewer's agencies run none."""
    own = with_approval(
        Engagement.objects.filter(
            municipality=viewer.municipality, owner_agency__in=viewer.agency_ids, status=EngagementStatus.OPEN
        )
    )
    counts = own.aggregate(
        open=Count("pk"),
        mine=Count("pk", filter=Q(lead_user=viewer.user)),
        urgent=Count("pk", filter=Q(urgent_started_on__isnull=False, approved_on__isnull=True)),
    )
    if not counts["open"]:
        return None
    counts["overdue"] = (
        FollowUp.objects.filter(
            placement__engagement__in=own.values("pk"),
            done_on__isnull=True,
            due_on__lt=day,
            placement__stage__in=OPEN_STAGES,
        )
        .values("placement__engagement")
        .distinct()
        .count()
    )
    return counts
