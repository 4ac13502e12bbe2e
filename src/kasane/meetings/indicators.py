"""Counts the indicators take from meetings (004 §7: ② 支援会議 held, ③ plans considered, ④ plans decided)."""

from __future__ import annotations

from dataclasses import dataclass

from kasane.casework.models import DecisionKind, Outcome
from kasane.lib.dates import fiscal_year_bounds
from kasane.meetings.models import (
    AgendaItem,
    Decision,
    ItemKind,
    ItemStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from kasane.tenancy.models import Municipality


@dataclass(frozen=True)
class MeetingCounts:
    support_meetings_held: int
    plans_considered: int
    plans_decided: int


def counts(municipality: Municipality, year: int) -> MeetingCounts:
    """For one fiscal year (年度). A plan is "considered" when a plan-appropriateness item of a held sitting
    was discussed, and "decided" when that discussion approved it — as the 成果指標 count them
    (``programme.measures``) and 国への報告's プラン作成件数. Counts only: nothing personal leaves here."""
    start, end = fiscal_year_bounds(year)
    held = Meeting.objects.filter(
        municipality=municipality, status=MeetingStatus.HELD, held_on__range=(start, end)
    ).values_list("kinds", flat=True)
    considered = AgendaItem.objects.filter(
        meeting__municipality=municipality,
        meeting__held_on__range=(start, end),
        meeting__status=MeetingStatus.HELD,
        kind=ItemKind.PLAN_APPROVAL,
        status=ItemStatus.DISCUSSED,
    ).count()
    decided = Decision.objects.filter(
        case__municipality=municipality,
        kind=DecisionKind.PLAN_APPROVAL,
        outcome=Outcome.APPROVED,
        decided_on__range=(start, end),
        agenda_item__meeting__status=MeetingStatus.HELD,
    ).count()
    return MeetingCounts(
        support_meetings_held=sum(1 for kinds in held if MeetingKind.SUPPORT in kinds),
        plans_considered=considered,
        plans_decided=decided,
    )
