"""The 年度 page of the 成果指標: each indicator of the plan period, its value in every 年度 of the period so
far, where the planned path from the baseline to the target says it should be, and whether it is on track.

Definitions, as the page states them:
- The planned path is a straight line from the baseline (its 年度) to the target (its 年度). Where there is no
  baseline because the programme did not yet run (004: 「- (事業未実施)」), the line starts at 0.
- A figure from the records is counted over the 年度 (April to March). The 年度 in progress is counted to
  today and, for a count, compared with the path's value for the share of the 年度 gone by (a rate or a
  share in % is compared as it stands).
- A survey figure is the weighted (or plain) share of respondents, with its 95% interval and n.
- 目標達成: the value has reached the target; 順調: it is at or beyond the path; 遅れ: behind it; 未計測: no
  figure for that 年度 (no survey was linked, or the 年度 has not begun).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kasane.lib.dates import fiscal_year, fiscal_year_bounds, fiscal_year_label
from kasane.programme.measures import MEASURES
from kasane.programme.models import Direction, Indicator, PlanPeriod
from kasane.programme.national_records import Scope
from kasane.programme.surveys import Estimate, measures_of

REACHED = "目標達成"
ON_TRACK = "順調"
BEHIND = "遅れ"
UNMEASURED = "未計測"
ONE = Decimal("0.1")


@dataclass(frozen=True)
class YearValue:
    year: int
    value: Decimal | None
    partial: bool = False  # the 年度 in progress, counted to today
    estimate: Estimate | None = None

    @property
    def label(self) -> str:
        return fiscal_year_label(self.year)


@dataclass(frozen=True)
class Row:
    indicator: Indicator
    definition: str
    values: tuple[YearValue, ...]  # every 年度 of the period up to the one shown
    shown: YearValue
    expected: Decimal  # the planned path's value for the 年度 shown (pro-rated while it is in progress)
    status: str

    @property
    def status_class(self) -> str:
        return {REACHED: "reached", ON_TRACK: "on-track", BEHIND: "behind"}.get(self.status, "unmeasured")


def planned(indicator: Indicator, year: int) -> Decimal:
    """The planned path's value in ``year``: straight from the baseline to the target."""
    start, target = indicator.start_value(), indicator.target
    span = indicator.target_year - indicator.baseline_year
    done = min(max(year - indicator.baseline_year, 0), span)
    return (start + (target - start) * Decimal(done) / Decimal(span)).quantize(ONE, rounding=ROUND_HALF_UP)


def elapsed_share(year: int, day: dt.date) -> Decimal:
    """How much of the 年度 has gone by on ``day`` (1 once it is over, 0 before it begins)."""
    start, end = fiscal_year_bounds(year)
    if day >= end:
        return Decimal(1)
    if day < start:
        return Decimal(0)
    return Decimal((day - start).days + 1) / Decimal((end - start).days + 1)


def status(indicator: Indicator, value: Decimal | None, expected: Decimal) -> str:
    if value is None:
        return UNMEASURED
    higher = indicator.direction == Direction.HIGHER
    if (value >= indicator.target) if higher else (value <= indicator.target):
        return REACHED
    return ON_TRACK if ((value >= expected) if higher else (value <= expected)) else BEHIND


def period_for(periods: Iterable[PlanPeriod], year: int) -> PlanPeriod | None:
    """The plan period that holds ``year`` (the latest one starting before it if none does)."""
    ordered = sorted(periods, key=lambda p: p.first_year, reverse=True)
    return next((p for p in ordered if p.first_year <= year <= p.last_year), None) or next(
        (p for p in ordered if p.first_year <= year), None
    )


def rows(period: PlanPeriod, scope: Scope, year: int, day: dt.date) -> list[Row]:
    """Every indicator of the period for the 年度 shown, with its values from the period's first 年度 to it.
    Record figures take one query (two for ①) per indicator and 年度; survey figures a fixed few in all."""
    indicators = list(period.indicators.all())
    estimates = measures_of(indicators)
    current = fiscal_year(day)
    years = [y for y in period.years() if y <= min(year, current)]
    result = []
    for indicator in indicators:
        measure = MEASURES.get(indicator.measure) if indicator.from_records else None
        values = []
        for y in years:
            if measure is not None:
                values.append(YearValue(y, Decimal(measure.value(scope, y)), partial=y == current))
            else:
                estimate = estimates.get((indicator.pk, y))
                values.append(YearValue(y, estimate.percent if estimate else None, estimate=estimate))
        shown = values[-1] if values and values[-1].year == year else YearValue(year, None)
        expected = planned(indicator, year)
        if shown.partial and not indicator.percent:
            expected = (expected * elapsed_share(year, day)).quantize(ONE, rounding=ROUND_HALF_UP)
        definition = measure.definition if measure is not None else indicator.definition
        result.append(
            Row(
                indicator,
                definition,
                tuple(values),
                shown,
                expected,
                status(indicator, shown.value, expected),
            )
        )
    return result
