"""The prefecture-wide picture: where each municipality stands and what it needs next (a few queries)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.http import QueryDict

from kasane.lib.dates import fiscal_year, fiscal_year_bounds, fiscal_year_label, today
from kasane.readiness import rollup, support_settings
from kasane.readiness.models import (
    MunicipalityProfile,
    PublishedCounts,
    ReadinessRating,
    ReadinessSheet,
    Region,
)
from kasane.readiness.themes import (
    TOOL_SHORT,
    TOOLS_FOR_ITEM,
    ProgrammeStatus,
    ReadinessItem,
    Stage,
    Tool,
    population_band_label,
)
from kasane.tenancy.models import Municipality, Prefecture


@dataclass
class ItemState:
    item: str
    label: str
    stage: int | None
    previous: int | None
    evidence: str = ""

    @property
    def stage_label(self) -> str:
        return "未評価" if self.stage is None else Stage(self.stage).label

    @property
    def moved(self) -> int:
        if self.stage is None or self.previous is None:
            return 0
        return self.stage - self.previous


@dataclass
class Row:
    municipality: Municipality
    profile: MunicipalityProfile | None
    items: list[ItemState] = field(default_factory=list)
    last_sheet_on: object = None
    has_counts: bool = False
    sheet_this_year: bool = False  # a sheet made in the 年度 shown
    submitted_this_year: bool = False  # …and submitted

    @property
    def moved_up(self) -> bool:
        return any(state.moved > 0 for state in self.items)

    @property
    def band(self) -> str:
        return population_band_label(self.municipality.population)

    @property
    def rated(self) -> bool:
        return any(state.stage is not None for state in self.items)

    def next_tools(self) -> list[str]:
        """The short names of the tools for the weakest items, once each, for the prefecture-wide table."""
        seen: list[str] = []
        for state in self.weakest():
            for tool in TOOLS_FOR_ITEM[state.item]:
                if TOOL_SHORT[tool] not in seen:
                    seen.append(TOOL_SHORT[tool])
        return seen

    def weakest(self) -> list[ItemState]:
        rated = [s for s in self.items if s.stage is not None]
        if not rated:
            return []
        lowest = min(s.stage or 0 for s in rated)
        return [] if lowest >= Stage.ESTABLISHED else [s for s in rated if s.stage == lowest]

    def needs(self) -> list[tuple[str, list[str]]]:
        """The weakest rated items and the tools 003 recommends for them, not yet used."""
        rated = [s for s in self.items if s.stage is not None]
        if not rated:
            return []
        lowest = min(s.stage or 0 for s in rated)
        if lowest >= Stage.ESTABLISHED:
            return []
        return [
            (s.label, [Tool(t).label for t in TOOLS_FOR_ITEM[s.item]]) for s in rated if s.stage == lowest
        ]


def latest_ratings(municipality_ids: list[int]) -> dict[int, dict[str, list[ReadinessRating]]]:
    """Per municipality and item, ratings newest first."""
    by_muni: dict[int, dict[str, list[ReadinessRating]]] = defaultdict(lambda: defaultdict(list))
    for rating in ReadinessRating.objects.filter(municipality_id__in=municipality_ids).order_by(
        "municipality_id", "item", "-rated_on", "-pk"
    ):
        by_muni[rating.municipality_id][rating.item].append(rating)
    return by_muni


def item_states(ratings: dict[str, list[ReadinessRating]]) -> list[ItemState]:
    states = []
    for item in ReadinessItem:
        history = ratings.get(item.value, [])
        states.append(
            ItemState(
                item=item.value,
                label=item.label,
                stage=history[0].stage if history else None,
                previous=history[1].stage if len(history) > 1 else None,
                evidence=history[0].evidence if history else "",
            )
        )
    return states


def rows(
    prefecture: Prefecture,
    *,
    block: str = "",
    status: str = "",
    region: str = "",
    without_sheet: bool = False,
    year: int | None = None,
) -> list[Row]:
    """The prefecture's municipalities, filtered by block, programme status, region, and (``without_sheet``)
    to those with no sheet made in the 年度 ``year`` (this 年度 unless given)."""
    year = fiscal_year(today()) if year is None else year
    municipalities = Municipality.objects.filter(prefecture=prefecture).select_related(
        "profile", "profile__block", "profile__region"
    )
    if block:
        municipalities = municipalities.filter(profile__block_id=block)
    if status:
        municipalities = municipalities.filter(profile__status=status)
    if region:
        municipalities = municipalities.filter(profile__region_id=region)
    if without_sheet:
        municipalities = municipalities.exclude(
            readiness_sheets__made_on__range=fiscal_year_bounds(year)
        ).distinct()
    municipalities = municipalities.order_by("profile__block__sort_order", "code")
    found = list(municipalities)
    ids = [m.pk for m in found]
    ratings = latest_ratings(ids)
    sheets = dict(
        ReadinessSheet.objects.filter(municipality_id__in=ids)
        .values("municipality_id")
        .annotate(last=Max("made_on"))
        .values_list("municipality_id", "last")
    )
    counted = set(
        PublishedCounts.objects.filter(municipality_id__in=ids).values_list("municipality_id", flat=True)
    )
    this_year: dict[int, bool] = {}
    for municipality_id, submitted_at in ReadinessSheet.objects.filter(
        municipality_id__in=ids, made_on__range=fiscal_year_bounds(year)
    ).values_list("municipality_id", "submitted_at"):
        this_year[municipality_id] = this_year.get(municipality_id, False) or submitted_at is not None
    result = []
    for municipality in found:
        profile = getattr(municipality, "profile", None)
        result.append(
            Row(
                municipality=municipality,
                profile=profile,
                items=item_states(ratings.get(municipality.pk, {})),
                last_sheet_on=sheets.get(municipality.pk),
                has_counts=municipality.pk in counted,
                sheet_this_year=municipality.pk in this_year,
                submitted_this_year=this_year.get(municipality.pk, False),
            )
        )
    return result


def status_matrix(found: list[Row]) -> tuple[list[str], list[tuple[str, list[int], int]]]:
    """Rows: blocks; columns: programme statuses; cells: number of municipalities (001's table, by block)."""
    statuses = list(ProgrammeStatus)
    table: dict[str, list[int]] = {}
    order: list[str] = []
    for row in found:
        name = row.profile.block.name if row.profile and row.profile.block else "未設定"
        if name not in table:
            table[name] = [0] * len(statuses)
            order.append(name)
        status = row.profile.status if row.profile else ProgrammeStatus.UNDECIDED
        table[name][[s.value for s in statuses].index(status)] += 1
    return [s.label for s in statuses], [(name, table[name], sum(table[name])) for name in order]


def index_filters(query: QueryDict) -> dict[str, Any]:
    """The table's 振興局 (region) and 今年度のシートなし filters, as asked for when they are ones it knows."""
    region = query.get("region", "")
    return {"region": region if region.isdigit() else "", "without_sheet": query.get("sheet") == "none"}


def index_context(prefecture: Prefecture, found: list[Row], query: QueryDict) -> dict[str, Any]:
    """What the index shows beside the table: the roll-ups by block and by region, and the region filter."""
    year = fiscal_year(today())
    return {
        **index_filters(query),
        "word": support_settings.of(prefecture).region_label,
        "regions": Region.objects.filter(prefecture=prefecture),
        "year_label": fiscal_year_label(year),
        "block_lines": rollup.by_block(found),
        "region_lines": rollup.by_region(found),
        "total_line": rollup.total(found),
    }
