"""The records the readiness pages list: sheets shared with peers, a municipality's ratings, sheets and
publications, and the latest sheets to lay side by side."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kasane.readiness.models import PublishedCounts, ReadinessRating, ReadinessSheet
from kasane.tenancy.models import Municipality, Prefecture


def shared_sheets(prefecture: Prefecture) -> QuerySet[ReadinessSheet]:
    """Submitted sheets the municipalities of the prefecture have shared with their peers."""
    return (
        ReadinessSheet.objects.filter(
            municipality__prefecture=prefecture,
            shared_with_peers=True,
            submitted_at__isnull=False,
        )
        .select_related("municipality")
        .order_by("municipality__code", "-made_on")
    )


def municipality_records(municipality: Municipality) -> dict[str, Any]:
    """The municipality's ratings, sheets and the newest publication of each 年度, for its page."""
    published: dict[int, PublishedCounts] = {}
    for row in PublishedCounts.objects.filter(municipality=municipality).order_by(
        "-fiscal_year", "-published_at"
    ):
        published.setdefault(row.fiscal_year, row)  # the newest publication of each 年度
    return {
        "history": ReadinessRating.objects.filter(municipality=municipality).select_related("rated_by"),
        "sheets": ReadinessSheet.objects.filter(municipality=municipality).prefetch_related("contributors"),
        "published": list(published.values()),
    }


def latest_sheets(prefecture: Prefecture, own_ids: list[int] | None) -> dict[int, ReadinessSheet]:
    """municipality id → its latest sheet, of the sheets one may compare: all of the prefecture's when
    ``own_ids`` is None (support staff), else those of one's own municipalities and those published to
    peers."""
    visible = ReadinessSheet.objects.filter(municipality__prefecture=prefecture)
    if own_ids is not None:
        visible = visible.filter(
            Q(municipality_id__in=own_ids) | Q(shared_with_peers=True, submitted_at__isnull=False)
        )
    latest: dict[int, ReadinessSheet] = {}
    for sheet in visible.select_related("municipality").order_by("municipality_id", "-made_on", "-pk"):
        latest.setdefault(sheet.municipality_id, sheet)
    return latest


def with_rows(chosen: list[ReadinessSheet]) -> list[ReadinessSheet]:
    """The chosen sheets again, in the same order, with their function and foundation rows."""
    sheets = list(
        ReadinessSheet.objects.filter(pk__in=[s.pk for s in chosen])
        .select_related("municipality")
        .prefetch_related("function_rows", "foundation_rows")
    )
    order = {s.pk: n for n, s in enumerate(chosen)}
    sheets.sort(key=lambda s: order[s.pk])
    return sheets
