"""The five items' ratings by 年度: the prefecture's municipalities × items table and one municipality's trend.

A cell of 年度 Y is where the item stood at the end of Y: the latest rating dated up to 31 March of Y+1,
whether it was made in Y or carried over from an earlier 年度 (the cell says which). This is how the annual
report counts its distribution (``annual_report.chapter_readiness.distribution``), so the table's totals and
the report agree. The change is against the end of the previous 年度, by the same rule.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Min, QuerySet

from kasane.lib.dates import fiscal_year, fiscal_year_bounds, fiscal_year_label, today, wareki
from kasane.readiness.models import MunicipalityProfile, ReadinessRating, Region
from kasane.readiness.themes import ITEM_SHORT, ReadinessItem, Stage
from kasane.tenancy.models import Municipality, Prefecture

UP, DOWN, SAME, NEW, CARRIED = "up", "down", "same", "new", "carried"
# ↑＝↓ count only municipalities rated in the 年度 and before it, as annual_report.chapter_readiness.movement
# does; a cell carried over from an earlier 年度 is 据え置き, outside them.
CHANGES = (UP, SAME, DOWN, NEW, CARRIED)
CHANGE_MARK = {UP: "↑", DOWN: "↓", SAME: "＝", NEW: "新", CARRIED: ""}
CHANGE_TEXT = {
    UP: "前年度末より上がった",
    DOWN: "前年度末より下がった",
    SAME: "前年度末と同じ",
    NEW: "前年度末は未評価",
    CARRIED: "据え置き（この年度の評価なし）",
}
CHANGE_WORD = {  # the export's 変化 column
    UP: "上がった",
    DOWN: "下がった",
    SAME: "同じ",
    NEW: "初めて評価",
    CARRIED: "据え置き（この年度の評価なし）",
}

# (rated_on, stage) of one municipality's item, oldest first.
History = list[tuple[dt.date, int]]


def stage_at(history: History, day: dt.date) -> tuple[int | None, dt.date | None]:
    """The stage and its rating date as of ``day``: the latest rating dated on or before it."""
    found: tuple[int | None, dt.date | None] = (None, None)
    for rated_on, stage in history:
        if rated_on > day:
            break
        found = (stage, rated_on)
    return found


@dataclass(frozen=True)
class Cell:
    stage: int | None
    rated_on: dt.date | None
    previous: int | None  # the stage at the end of the previous 年度
    carried: bool  # the rating was made before this 年度

    @property
    def stage_label(self) -> str:
        return "未評価" if self.stage is None else Stage(self.stage).label

    @property
    def rated_year(self) -> int | None:
        return fiscal_year(self.rated_on) if self.rated_on else None

    @property
    def change(self) -> str:
        if self.stage is None:
            return ""
        if self.carried:
            return CARRIED
        if self.previous is None:
            return NEW
        return UP if self.stage > self.previous else DOWN if self.stage < self.previous else SAME

    @property
    def mark(self) -> str:
        return CHANGE_MARK.get(self.change, "")

    @property
    def previous_label(self) -> str:
        return "未評価" if self.previous is None else Stage(self.previous).label

    @property
    def change_text(self) -> str:
        text = CHANGE_TEXT.get(self.change, "")
        if self.change in (UP, DOWN):
            text += f"（{Stage(self.previous or 0).label}→{self.stage_label}）"
        return text


def cell(history: History, year: int) -> Cell:
    start, end = fiscal_year_bounds(year)
    stage, rated_on = stage_at(history, end)
    previous, _ = stage_at(history, start - dt.timedelta(days=1))
    return Cell(stage, rated_on, previous, rated_on is not None and rated_on < start)


def as_of(year: int) -> str:
    """When the table's cells of ``year`` stand: the end of the 年度, or today while it is still running."""
    now = today()
    if year == fiscal_year(now):
        return f"{wareki(now)}現在（年度途中）"
    return f"{fiscal_year_label(year).split('（')[0]}末（3月31日）時点"


@dataclass
class GridRow:
    municipality: Municipality
    profile: MunicipalityProfile | None
    cells: list[Cell]

    @property
    def region(self) -> str:
        """The region as the table shows it and the export writes it (the same on both)."""
        profile = self.profile
        return profile.region.name if profile is not None and profile.region is not None else ""


@dataclass
class Total:
    item: str
    label: str
    counts: list[int]  # municipalities at each stage, in Stage order
    unrated: int
    changes: dict[str, int] = field(default_factory=dict)


@dataclass
class Grid:
    year: int
    rows: list[GridRow]
    totals: list[Total]


def years(prefecture: Prefecture) -> list[int]:
    """The 年度 the table can show, newest first: from the first rating's 年度 to this 年度."""
    this_year = fiscal_year(today())
    first = ReadinessRating.objects.filter(municipality__prefecture=prefecture).aggregate(
        first=Min("rated_on")
    )["first"]
    start = min(fiscal_year(first), this_year) if first else this_year
    return list(range(this_year, start - 1, -1))


def histories(municipality_ids: list[int], until: dt.date) -> dict[int, dict[str, History]]:
    """municipality id → item → its ratings up to ``until``, oldest first (one query)."""
    found: dict[int, dict[str, History]] = defaultdict(lambda: defaultdict(list))
    rows = (
        ReadinessRating.objects.filter(municipality_id__in=municipality_ids, rated_on__lte=until)
        .order_by("rated_on", "pk")
        .values_list("municipality_id", "item", "rated_on", "stage")
    )
    for municipality_id, item, rated_on, stage in rows:
        found[municipality_id][item].append((rated_on, stage))
    return found


def municipalities(prefecture: Prefecture, *, block: str = "", region: str = "") -> QuerySet[Municipality]:
    """The prefecture's municipalities, by block then code, as the filters ask."""
    found = Municipality.objects.filter(prefecture=prefecture).select_related(
        "profile", "profile__block", "profile__region"
    )
    if block:
        found = found.filter(profile__block_id=block)
    if region:
        found = found.filter(profile__region_id=region)
    # Municipalities without a block last, on SQLite as on PostgreSQL.
    return found.order_by(F("profile__block__sort_order").asc(nulls_last=True), "code")


def grid(prefecture: Prefecture, year: int, *, block: str = "", region: str = "") -> Grid:
    found = list(municipalities(prefecture, block=block, region=region))
    by_municipality = histories([m.pk for m in found], fiscal_year_bounds(year)[1])
    rows = [
        GridRow(
            municipality=m,
            profile=getattr(m, "profile", None),
            cells=[cell(by_municipality.get(m.pk, {}).get(item.value, []), year) for item in ReadinessItem],
        )
        for m in found
    ]
    return Grid(year=year, rows=rows, totals=totals(rows))


def totals(rows: list[GridRow]) -> list[Total]:
    """Per item: how many municipalities stand at each stage, how many are unrated, and how many moved."""
    out = []
    for index, item in enumerate(ReadinessItem):
        total = Total(item.value, ITEM_SHORT[item], [0] * len(Stage), 0, dict.fromkeys(CHANGES, 0))
        for row in rows:
            c = row.cells[index]
            if c.stage is None:
                total.unrated += 1
                continue
            total.counts[c.stage] += 1
            total.changes[c.change] += 1
        out.append(total)
    return out


def regions_in_use(prefecture: Prefecture) -> QuerySet[Region]:
    """The prefecture's regions that some municipality belongs to (none: the filter is not offered)."""
    return Region.objects.filter(prefecture=prefecture, profiles__isnull=False).distinct()


@dataclass
class TrendRow:
    item: str
    label: str
    cells: list[Cell]


@dataclass
class Trend:
    years: list[int]  # oldest first
    rows: list[TrendRow]

    @property
    def rated(self) -> bool:
        return any(c.stage is not None for row in self.rows for c in row.cells)


def trend(municipality: Municipality) -> Trend:
    """Each item's stage at the end of every 年度 from the first rating to this one: the table's cells for one
    municipality, year after year."""
    this_year = fiscal_year(today())
    history = histories([municipality.pk], fiscal_year_bounds(this_year)[1]).get(municipality.pk, {})
    first_dates = [h[0][0] for h in history.values() if h]
    first = min(fiscal_year(min(first_dates)), this_year) if first_dates else this_year
    span = list(range(first, this_year + 1))
    rows = [
        TrendRow(item.value, item.label, [cell(history.get(item.value, []), y) for y in span])
        for item in ReadinessItem
    ]
    return Trend(years=span, rows=rows)


def latest_by_item(municipality: Municipality) -> dict[str, ReadinessRating]:
    """item → its latest rating, with who made it (one query)."""
    latest: dict[str, ReadinessRating] = {}
    for rating in (
        ReadinessRating.objects.filter(municipality=municipality)
        .select_related("rated_by")
        .order_by("item", "-rated_on", "-pk")
    ):
        latest.setdefault(rating.item, rating)
    return latest
