"""The 地域づくり year in figures (年度の状況), and the places a resident's list shows.

Every figure is counted by the database or, for the places' small JSON lists (whom a place means to reach),
in Python over one ``values()`` list: the page runs the same number of queries for 10 places or 1,000, and for
a year of 50 gatherings or 50,000 (tests/community/test_year.py pins it).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, Min, Prefetch, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import GreaterThanOrEqual

from kasane.community.models import (
    AGE_BANDS,
    ATTENDEE_CATEGORIES,
    PLACE_CATEGORIES,
    Audience,
    Connection,
    Coordination,
    CoordinationOutcome,
    Gathering,
    Generation,
    Place,
    PlatformSession,
    ResultKind,
    Sector,
)
from kasane.lib.charts import STACKED, ChartSpec
from kasane.lib.dates import fiscal_year, fiscal_year_bounds, today
from kasane.resources.models import Category, Schedule, Service, Status
from kasane.tenancy.models import Area, Municipality

UNSET_AREA = "圏域未設定"
CATEGORY_LABELS = {code: str(Category(code).label) for code in PLACE_CATEGORIES}
# A day is 多世代 when two or more known age bands came (Gathering.bands_reached).
MULTI_GENERATION_BANDS = 2


def _count(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


@dataclass
class AreaRow:
    """One 日常生活圏域 (or the places with none): its places and the year's gatherings there."""

    area_id: int | None
    name: str
    places: int = 0
    multi_generation: int = 0
    cross_category: int = 0
    categories: Counter[str] = field(default_factory=Counter)
    generations: Counter[str] = field(default_factory=Counter)
    audiences: Counter[str] = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)  # kinds other areas have and this one lacks
    gap: bool = False
    gap_text: str = ""
    days: int = 0
    attendance: int = 0
    attendee_categories: list[int] = field(default_factory=lambda: [0] * len(ATTENDEE_CATEGORIES))

    @property
    def category_cells(self) -> list[int]:
        return [self.categories[code] for code in PLACE_CATEGORIES]

    @property
    def generation_cells(self) -> list[int]:
        return [self.generations[code] for code in Generation.values]

    @property
    def audience_cells(self) -> list[int]:
        return [self.audiences[code] for code in Audience.values]


@dataclass
class MonthRow:
    month: dt.date  # its first day
    days: int = 0
    attendance: int = 0
    bands: list[int] = field(default_factory=lambda: [0] * len(AGE_BANDS))
    multi_days: int = 0

    @property
    def multi_share(self) -> float | None:
        return 100 * self.multi_days / self.days if self.days else None


@dataclass
class SessionRow:
    session: PlatformSession
    sectors: list[tuple[str, int, int]]  # (sector, organisations that came, their attendees)
    results: list[tuple[str, list[str]]]  # (kind, texts)
    responses: int | None  # None: no questionnaire

    @property
    def organisations(self) -> int:
        return sum(n for _, n, _ in self.sectors)


@dataclass
class CoordinationTable:
    outcomes: list[str]
    rows: list[tuple[str, list[int], int]]  # (connection, count per outcome, total)
    totals: list[int]
    total: int


@dataclass
class YearFigures:
    year: int
    start: dt.date
    end: dt.date
    areas: list[AreaRow]
    gaps: list[str]
    months: list[MonthRow]
    coordination: CoordinationTable
    sessions: list[SessionRow]
    years: list[int]

    @property
    def places(self) -> int:
        return sum(a.places for a in self.areas)

    @property
    def days(self) -> int:
        return sum(m.days for m in self.months)

    @property
    def attendance(self) -> int:
        return sum(m.attendance for m in self.months)

    @property
    def multi_days(self) -> int:
        return sum(m.multi_days for m in self.months)

    @property
    def multi_share(self) -> float | None:
        return 100 * self.multi_days / self.days if self.days else None

    @property
    def bands(self) -> list[int]:
        return [sum(m.bands[i] for m in self.months) for i in range(len(AGE_BANDS))]

    @property
    def attendee_categories(self) -> list[int]:
        return [sum(a.attendee_categories[i] for a in self.areas) for i in range(len(ATTENDEE_CATEGORIES))]

    def chart(self) -> ChartSpec | None:
        """Attendance by age band, month by month (the months someone came)."""
        shown = [m for m in self.months if m.attendance]
        if not shown:
            return None
        return ChartSpec(
            title="月別の参加者の年齢層（延べ人数の割合）",
            categories=tuple(f"{m.month.month}月" for m in shown),
            series=tuple(label for _, label in AGE_BANDS),
            values=tuple(tuple(m.bands) for m in shown),
            percentages=tuple(tuple(100 * n / m.attendance for n in m.bands) for m in shown),
            kind=STACKED,
            note=f"延べ参加者 {self.attendance}人",
        )


# --- places per area ---------------------------------------------------------------------------------------


def active_places(municipality: Municipality) -> QuerySet[Place]:
    """The places of 地域づくり whose activity is running (実施中)."""
    return Place.objects.filter(municipality=municipality, service__status=Status.ACTIVE)


def _area_rows(municipality: Municipality) -> tuple[list[AreaRow], AreaRow]:
    rows = [
        AreaRow(a.pk, a.name)
        for a in Area.objects.filter(municipality=municipality).order_by("sort_order", "name")
    ]
    by_id: dict[int | None, AreaRow] = {row.area_id: row for row in rows}
    unset = AreaRow(None, UNSET_AREA)
    places = active_places(municipality).values_list(
        "service__location__area_id", "generations", "audiences", "service__categories"
    )
    for area_id, generations, audiences, categories in places:
        row = by_id.get(area_id, unset)
        gens = {c for c in generations or () if c in Generation.values}
        auds = {c for c in audiences or () if c in Audience.values}
        row.places += 1
        row.multi_generation += len(gens) >= 2
        row.cross_category += Audience.ANYONE in auds or len(auds) >= 2
        row.generations.update(gens)
        row.audiences.update(auds)
        row.categories.update({c for c in categories or () if c in PLACE_CATEGORIES})
    return rows, unset


def _mark_gaps(rows: list[AreaRow]) -> list[str]:
    """An area is 手薄 when it has no place, or fewer than half the median of the areas; each in words."""
    if not rows:
        return []
    median = statistics.median(row.places for row in rows)
    kinds_anywhere = {code for row in rows for code in row.categories}
    gaps = []
    for row in rows:
        row.missing = [
            CATEGORY_LABELS[c] for c in PLACE_CATEGORIES if c in kinds_anywhere and not row.categories[c]
        ]
        others = [other.places for other in rows if other is not row]
        row.gap = row.places == 0 or row.places < median / 2
        if row.gap:
            average = f"（他の圏域の平均 {_count(statistics.mean(others))}か所）" if others else ""
            row.gap_text = f"{row.name}：居場所 {row.places}か所{average}"
            gaps.append(row.gap_text)
    return gaps


# --- the year's gatherings -----------------------------------------------------------------------------------


def _bands_reached() -> Any:
    return sum(
        (Case(When(**{f"{f}__gt": 0}, then=Value(1)), default=Value(0)) for f, _ in AGE_BANDS[:-1]),
        start=Value(0),
    )


def _gathering_sums(fields: tuple[tuple[str, str], ...], *, multi: bool = False) -> dict[str, Any]:
    """Days, people and the sums of ``fields`` (AGE_BANDS or ATTENDEE_CATEGORIES), with the 多世代 days."""
    sums: dict[str, Any] = {"days": Count("pk"), "people": Coalesce(Sum("attendance"), 0)}
    # Named apart from the fields: an annotation named like a field would shadow it in the 多世代 expression.
    sums |= {f"sum_{f}": Coalesce(Sum(f), 0) for f, _ in fields}
    if multi:
        reached: Any = GreaterThanOrEqual(_bands_reached(), MULTI_GENERATION_BANDS)
        sums["multi"] = Coalesce(
            Sum(Case(When(reached, then=Value(1)), default=Value(0), output_field=IntegerField())), 0
        )
    return sums


def _gatherings(municipality: Municipality, start: dt.date, end: dt.date) -> QuerySet[Gathering]:
    return Gathering.objects.filter(place__municipality=municipality, held_on__range=(start, end))


def _months(municipality: Municipality, year: int) -> list[MonthRow]:
    """Per month of the 年度 (April to March). Summed per stored day and into months here: no date function
    runs on each row (TruncMonth is a Python function per row on SQLite)."""
    start, end = fiscal_year_bounds(year)
    months = [MonthRow(dt.date(year + (i >= 9), (3 + i) % 12 + 1, 1)) for i in range(12)]
    by_month = {(m.month.year, m.month.month): m for m in months}
    sums = _gathering_sums(AGE_BANDS, multi=True)
    days = _gatherings(municipality, start, end).values("held_on").annotate(**sums).order_by()
    for day in days:
        row = by_month[day["held_on"].year, day["held_on"].month]
        row.days += day["days"]
        row.attendance += day["people"]
        row.multi_days += day["multi"]
        for i, (f, _) in enumerate(AGE_BANDS):
            row.bands[i] += day[f"sum_{f}"]
    return months


def _attendance_by_area(municipality: Municipality, year: int, rows: list[AreaRow], unset: AreaRow) -> None:
    start, end = fiscal_year_bounds(year)
    by_id: dict[int | None, AreaRow] = {row.area_id: row for row in rows}
    sums = _gatherings(municipality, start, end).values("place__service__location__area_id")
    for found in sums.annotate(**_gathering_sums(ATTENDEE_CATEGORIES)).order_by():
        row = by_id.get(found["place__service__location__area_id"], unset)
        row.days += found["days"]
        row.attendance += found["people"]
        row.attendee_categories = [
            a + found[f"sum_{f}"]
            for a, (f, _) in zip(row.attendee_categories, ATTENDEE_CATEGORIES, strict=True)
        ]


# --- coordination and the platform -------------------------------------------------------------------------


def _coordination(municipality: Municipality, year: int) -> CoordinationTable:
    counts: dict[tuple[str, str], int] = {}
    records = Coordination.objects.filter(
        municipality=municipality, contacted_on__range=fiscal_year_bounds(year)
    )
    for connection, outcome, n in (
        records.values_list("connection", "outcome").annotate(n=Count("pk")).order_by()
    ):
        counts[connection, outcome] = n
    outcomes = CoordinationOutcome.values
    rows = []
    for code, label in Connection.choices:
        cells = [counts.get((code, o), 0) for o in outcomes]
        rows.append((str(label), cells, sum(cells)))
    totals = [sum(row[1][i] for row in rows) for i in range(len(outcomes))]
    return CoordinationTable(
        [str(label) for _, label in CoordinationOutcome.choices], rows, totals, sum(totals)
    )


def _sessions(municipality: Municipality, year: int) -> list[SessionRow]:
    sessions = (
        PlatformSession.objects.filter(municipality=municipality, held_on__range=fiscal_year_bounds(year))
        .annotate(responses=Count("questionnaire__responses"))
        .prefetch_related("organisations", "results")
        .order_by("held_on", "pk")
    )
    rows = []
    for session in sessions:
        came: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for org in session.organisations.all():
            if org.attended:
                came[org.sector][0] += 1
                came[org.sector][1] += org.attendees
        texts: dict[str, list[str]] = defaultdict(list)
        for result in session.results.all():
            texts[result.kind].append(result.text)
        rows.append(
            SessionRow(
                session,
                [(str(label), *came[code]) for code, label in Sector.choices if code in came],  # type: ignore[misc]
                [(str(label), texts[code]) for code, label in ResultKind.choices if texts.get(code)],
                session.responses if session.questionnaire_id else None,
            )
        )
    return rows


def _years(municipality: Municipality, year: int) -> list[int]:
    """The 年度 from the first record of any kind to the current one (and the one shown), newest first."""
    spans = [
        Gathering.objects.filter(place__municipality=municipality).aggregate(
            a=Min("held_on"), b=Max("held_on")
        ),
        Coordination.objects.filter(municipality=municipality).aggregate(
            a=Min("contacted_on"), b=Max("contacted_on")
        ),
        PlatformSession.objects.filter(municipality=municipality).aggregate(
            a=Min("held_on"), b=Max("held_on")
        ),
    ]
    current = fiscal_year(today())
    days = [day for span in spans for day in (span["a"], span["b"]) if day is not None]
    first = min([current, year, *(fiscal_year(day) for day in days)])
    last = max([current, year, *(fiscal_year(day) for day in days)])
    return list(range(last, first - 1, -1))


def year_figures(municipality: Municipality, year: int) -> YearFigures:
    """The 年度's figures, in eleven queries however many places and gatherings there are."""
    start, end = fiscal_year_bounds(year)
    rows, unset = _area_rows(municipality)
    gaps = _mark_gaps(rows)
    _attendance_by_area(municipality, year, rows, unset)
    areas = [*rows, unset] if unset.places or unset.days else rows
    return YearFigures(
        year=year,
        start=start,
        end=end,
        areas=areas,
        gaps=gaps,
        months=_months(municipality, year),
        coordination=_coordination(municipality, year),
        sessions=_sessions(municipality, year),
        years=_years(municipality, year),
    )


# --- the residents' list -------------------------------------------------------------------------------------


def map_places(municipality: Municipality, area: Area | None = None) -> list[Place]:
    """The places shown to residents (on the map, activity running), by 圏域 then ふりがな, each with what the
    list prints: two queries however many."""
    places = active_places(municipality).filter(on_map=True)
    if area is not None:
        places = places.filter(service__location__area=area)
    order: list[Any] = [
        Case(When(service__location__area__isnull=True, then=Value(1)), default=Value(0)),
        "service__location__area__sort_order",
        "service__location__area__name",
        Coalesce(NullIf("service__name_kana", Value("")), "service__name"),
        "pk",
    ]
    return list(
        places.select_related("service__organization", "service__location__area")
        .prefetch_related(Prefetch("service__schedules", queryset=Schedule.objects.order_by("pk")))
        .order_by(*order)
    )


def map_services(municipality: Municipality) -> QuerySet[Service]:
    """The register's services behind the residents' list, for the public HSDS export."""
    return Service.objects.filter(
        municipality=municipality, status=Status.ACTIVE, place__on_map=True, place__municipality=municipality
    )
