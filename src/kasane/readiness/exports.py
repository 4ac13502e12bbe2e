"""The prefecture's municipalities with their programme status and the five items' ratings for one 年度, as
rows for ``lib.exports`` (CSV with BOM or Excel; neither lets a typed text run as a formula)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Max

from kasane.lib.dates import TOKYO, fiscal_year_bounds, fiscal_year_label, localtime
from kasane.readiness import support_settings
from kasane.readiness.models import Block, ReadinessSheet, Region
from kasane.readiness.ratings import CHANGE_WORD, Grid
from kasane.readiness.themes import ITEM_SHORT, ReadinessItem
from kasane.tenancy.models import Prefecture

ITEM_PARTS = ("段階", "評価日", "前年度末の段階", "変化")


def header(prefecture: Prefecture) -> list[str]:
    region = support_settings.of(prefecture).region_label
    items = [f"{ITEM_SHORT[item]}の{part}" for item in ReadinessItem for part in ITEM_PARTS]
    return [
        "市町村コード",
        "市町村",
        "ふりがな",
        "ブロック",
        region,
        "人口（書き出し時点）",
        "事業の実施状況（書き出し時点）",
        "実施年度",
        *items,
        "最新のシート提出日",
    ]


def filename(prefecture: Prefecture, year: int, *, block: str = "", region: str = "") -> str:
    """The file's name says the 年度 and the filter the table was narrowed by."""
    parts = ["市町村の体制整備状況", fiscal_year_label(year).split("（")[0]]
    if block:
        found = Block.objects.filter(prefecture=prefecture, pk=block).first()
        parts.append(found.name if found else "")
    if region:
        found_region = Region.objects.filter(prefecture=prefecture, pk=region).first()
        parts.append(found_region.name if found_region else "")
    return "_".join(p for p in parts if p)


def submitted_on(municipality_ids: list[int], year: int) -> dict[int, dt.date]:
    """municipality id → the day its latest sheet was submitted, up to the end of the 年度."""
    _start, end = fiscal_year_bounds(year)
    year_over = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=TOKYO)
    rows = (
        ReadinessSheet.objects.filter(municipality_id__in=municipality_ids, submitted_at__lt=year_over)
        .values("municipality_id")
        .annotate(last=Max("submitted_at"))
        .values_list("municipality_id", "last")
    )
    return {pk: localtime(moment).date() for pk, moment in rows}


def rows(grid: Grid) -> Iterator[list[Any]]:
    submitted = submitted_on([row.municipality.pk for row in grid.rows], grid.year)
    for row in grid.rows:
        m, profile = row.municipality, row.profile
        cells: list[Any] = []
        for c in row.cells:
            moved = CHANGE_WORD.get(c.change, "")
            cells += [c.stage_label, c.rated_on, c.previous_label, moved]
        yield [
            m.code,
            m.name,
            profile.name_kana if profile else "",
            profile.block.name if profile and profile.block else "",
            row.region,
            m.population,
            profile.get_status_display() if profile else "",
            fiscal_year_label(profile.status_year).split("（")[0] if profile and profile.status_year else "",
            *cells,
            submitted.get(m.pk),
        ]
