"""An indicator's row as a trend chart (``lib.trend``): the baseline, each 年度 measured, the target. The page
and the PDF draw the same spec."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString, mark_safe

from kasane.lib import trend
from kasane.lib.dates import fiscal_year_label
from kasane.programme.indicators import Row


def _short(year: int) -> str:
    """令和6年度 → R6 (the axis has little room)."""
    label = fiscal_year_label(year).split("（")[0]
    return label.replace("令和", "R").replace("平成", "H").replace("元年度", "1").replace("年度", "")


def spec(row: Row) -> trend.TrendSpec:
    i = row.indicator
    points = [
        trend.TrendPoint(
            _short(i.baseline_year),
            i.baseline_year,
            float(i.baseline) if i.baseline is not None else (0.0 if i.from_records else None),
            trend.BASELINE,
        )
    ]
    for v in row.values:
        interval = (float(v.estimate.low), float(v.estimate.high)) if v.estimate else None
        kind = trend.PARTIAL if v.partial else trend.ACTUAL
        points.append(
            trend.TrendPoint(
                _short(v.year), v.year, float(v.value) if v.value is not None else None, kind, interval
            )
        )
    points.append(trend.TrendPoint(_short(i.target_year), i.target_year, float(i.target), trend.TARGET))
    note = i.get_source_display()
    if i.baseline is None and i.baseline_note:
        note += f"・現状値は{i.baseline_note}のため0から"
    return trend.TrendSpec(
        title=f"{i.marker} {i.name}",
        unit=i.unit,
        points=tuple(sorted(points, key=lambda p: (p.year, trend.KINDS.index(p.kind)))),
        direction=i.direction,
        note=note,
    )


def trend_svg(row: Row, *, chart_id: str) -> SafeString:
    # The SVG is built from escaped text only (lib.trend escapes every label).
    return mark_safe(trend.to_svg(spec(row), chart_id=chart_id, show_title=False))  # noqa: S308


def trend_drawing(row: Row, *, width: float) -> Any:
    return trend.to_reportlab_drawing(spec(row), width=width)
