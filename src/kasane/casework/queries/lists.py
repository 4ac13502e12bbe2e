"""The 支援ケース一覧: its named lists, their filters and the rows of its Excel export.

The page, the export and the API share these so that one list name means the same cases everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import DateField, OuterRef, Q, Subquery

from kasane.casework.models import Case, CaseStatus, Plan, PlanStatus, ProgressNote
from kasane.casework.visibility import team_cases
from kasane.lib.dates import today
from kasane.lib.text import kana_reading

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

LISTS = {
    "mine": "自分の担当",
    "agency": "自機関のケース",
    "review_overdue": "見直し期限切れ",
    "awaiting_meeting": "会議待ち",
    "closed": "終結",
}

# ※ marks the items reported nationally, so staff see which columns must be right.
EXPORT_HEADER = [
    "ケース番号",
    "受付日 ※",
    "ケースの概要",
    "本人",
    "ふりがな",
    "年齢",
    "状態 ※",
    "多機関協働事業者",
    "主担当者",
    "支援チーム",
    "終結日 ※",
    "終結の理由",
    "次回見直し日",
    "最終記録日",
]


def list_filters(params: Mapping[str, str]) -> tuple[str, str]:
    """The list and status asked for; an unknown list falls back to the agency's own, never to an error."""
    which = params.get("list", "agency")
    return (which if which in LISTS else "agency"), params.get("status", "")


def filtered_cases(viewer: Any, which: str, status: str = "") -> Any:
    cases = team_cases(viewer).select_related("person", "owner_agency", "lead_user")
    if which == "mine":
        cases = cases.filter(
            Q(lead_user=viewer.user) | Q(team__user=viewer.user, team__left_on__isnull=True)
        ).exclude(status=CaseStatus.CLOSED)
    elif which == "review_overdue":
        overdue = Plan.objects.filter(status=PlanStatus.ACTIVE, next_review_on__lt=today()).values("case_id")
        cases = cases.filter(pk__in=overdue)
    elif which == "awaiting_meeting":
        cases = cases.filter(status=CaseStatus.AWAITING_MEETING)
    elif which == "closed":
        cases = cases.filter(status=CaseStatus.CLOSED)
    else:
        cases = cases.exclude(status=CaseStatus.CLOSED)
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    return cases.distinct().order_by("-opened_on", "-pk")


class ExportDates(TypedDict):
    next_review_on: dt.date | None
    last_note_on: dt.date | None


def exported_cases(viewer: Any, which: str, status: str) -> list[WithAnnotations[Case, ExportDates]]:
    """Every case of the list, not the page's first 300, with what the rows need fetched up front: the
    次回見直し日 of its active plans (the earliest, as 見直し期限切れ counts any of them) and the day of its
    latest 支援経過記録, each a subquery of the one query, so the count stays the same however many rows."""
    reviews = Plan.objects.filter(case=OuterRef("pk"), status=PlanStatus.ACTIVE, next_review_on__isnull=False)
    notes = ProgressNote.objects.filter(case=OuterRef("pk"))
    return list(
        filtered_cases(viewer, which, status)
        .annotate(
            next_review_on=Subquery(
                reviews.order_by("next_review_on").values("next_review_on")[:1], output_field=DateField()
            ),
            last_note_on=Subquery(notes.order_by("-on").values("on")[:1], output_field=DateField()),
        )
        .prefetch_related("team__agency")
        .select_related("household")
    )


def export_row(case: WithAnnotations[Case, ExportDates]) -> list[Any]:
    """One row under ``EXPORT_HEADER``; only members still on the team are named. Dates stay dates (the
    spreadsheet shows them in 和暦 and sorts them as days); ふりがな is written one way so it sorts, the name
    stays as typed."""
    return [
        case.number,  # ケース番号 as the printed forms show it (R8-0012)
        case.opened_on,
        case.title,
        case.person.name,
        kana_reading(case.person.kana),
        case.person.age(),
        case.get_status_display(),
        case.owner_agency.name,
        case.lead_user.full_name if case.lead_user else "",
        "、".join(f"{m.agency.name}（{m.get_part_display()}）" for m in case.team.all() if m.left_on is None),
        case.closed_on,
        case.closure_reason,
        case.next_review_on,
        case.last_note_on,
    ]
