"""The prefecture's list of dispatches as a table for Excel or CSV (issue 19, point 5): one row per dispatch,
with what the officer counts at the year's end. Rows only; kasane.lib.exports writes the file."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from kasane.dispatch.models import Achievement, Dispatch, DispatchStatus
from kasane.lib.dates import fiscal_year_label, wareki
from kasane.tenancy.models import Prefecture

HEADER = (
    "年度",
    "市町村",
    "状態",
    "依頼日",
    "決定日",
    "テーマ",
    "専門家",
    "ヒアリング日",
    "目標数",
    "ワークショップ数（実施済）",
    "ワークショップ数（予定）",
    "結果",
)


def dispatches(prefecture: Prefecture, year: int | None) -> QuerySet[Dispatch]:
    """The prefecture's dispatches of one 年度 (all years for None), everything a row needs prefetched."""
    found = Dispatch.objects.filter(prefecture=prefecture)
    if year is not None:
        found = found.filter(fiscal_year=year)
    return (
        found.select_related("municipality")
        .prefetch_related("experts", "hearings", "workshops", "goals__outcome")
        .order_by("fiscal_year", "municipality__code", "pk")
    )


def year_part(year: int) -> str:
    """令和8年度: the 和暦 part of the one fiscal-year label."""
    return fiscal_year_label(year).split("（")[0]


def rows(found: QuerySet[Dispatch], today: dt.date) -> Iterator[list[Any]]:
    for dispatch in found:
        workshops = list(dispatch.workshops.all())
        yield [
            year_part(dispatch.fiscal_year),
            dispatch.municipality.name,
            dispatch.get_status_display(),
            dispatch.requested_on,
            dispatch.agreed_on,
            "、".join(dispatch.theme_labels()),
            "、".join(e.name for e in dispatch.experts.all()),
            "、".join(wareki(h.held_on) for h in dispatch.hearings.all()),
            len(dispatch.goals.all()),
            sum(1 for w in workshops if w.held_on <= today),
            sum(1 for w in workshops if w.held_on > today),
            result(dispatch),
        ]


def result(dispatch: Dispatch) -> str:
    """取りやめ（理由）, or how far the goals came: 達成1・一部達成1（目標2件のうち2件を整理）."""
    if dispatch.status == DispatchStatus.WITHDRAWN:
        reason = dispatch.withdrawn_reason.strip()
        return f"取りやめ（{reason}）" if reason else "取りやめ"
    goals = list(dispatch.goals.all())
    outcomes = [g.outcome for g in goals if hasattr(g, "outcome")]
    if not outcomes:
        return ""
    counts = Counter(o.achievement for o in outcomes)
    parts = "・".join(f"{a.label}{counts[a.value]}" for a in Achievement if counts[a.value])
    return f"{parts}（目標{len(goals)}件のうち{len(outcomes)}件を整理）"
