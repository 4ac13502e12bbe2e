"""A municipality's five items over the 年度, as small multiples drawn on the server: one strip per item, the
stage (未着手–定着) up the side, the 年度 along the bottom. The same cells as the trend's table
(``ratings.trend``), in inline SVG with presentation attributes only (the CSP forbids style attributes).

A filled marker is a rating made in that 年度; a hollow one is an earlier rating still standing. Shapes as well
as position say it, for any colour vision, and ``<desc>`` says the whole chart in words.
"""

from __future__ import annotations

import html
import itertools

from django.utils.safestring import SafeString, mark_safe

from kasane.lib.charts import FONT_FAMILY, GRID, SUB, TEXT, text_width
from kasane.lib.dates import fiscal_year_label
from kasane.readiness.ratings import Trend
from kasane.readiness.themes import Stage

LINE = "#0072b2"  # Okabe–Ito blue
PAD = 8.0
STEP = 18.0  # between two stages
TITLE = 14.0
SMALL = 12.0


def _year(year: int) -> str:
    return fiscal_year_label(year).split("（")[0]


def description(trend: Trend) -> str:
    said = []
    for row in trend.rows:
        parts = []
        for year, c in zip(trend.years, row.cells, strict=True):
            if c.stage is None:
                continue
            kept = "（前の年度の評価のまま）" if c.carried else ""
            parts.append(f"{_year(year)} {c.stage_label}{kept}")
        said.append(f"{row.label}：{'、'.join(parts) if parts else '未評価'}")
    return "。".join(said) + "。"


def to_svg(trend: Trend, *, width: float = 720, chart_id: str = "rating-trend") -> SafeString:
    """Inline SVG, safe to put in a page: every text in it is escaped here."""
    e = html.escape
    stage_labels = [s.label for s in Stage]
    x0 = PAD + max(text_width(label, SMALL) for label in stage_labels) + 10
    x1 = width - PAD
    years = trend.years
    inset = 40.0
    slot = (x1 - x0 - 2 * inset) / max(len(years) - 1, 1)

    def x_of(index: int) -> float:
        return (x0 + x1) / 2 if len(years) == 1 else x0 + inset + index * slot

    parts: list[str] = []
    y = PAD + SMALL * 1.2
    # The legend: what a filled and a hollow marker mean.
    parts.append(f'<circle cx="{PAD + 5:.1f}" cy="{y - 4:.1f}" r="4.5" fill="{LINE}"/>')
    parts.append(_text(PAD + 14, y, "その年度の評価", SMALL, SUB))
    lx = PAD + 14 + text_width("その年度の評価", SMALL) + 18
    parts.append(
        f'<circle cx="{lx:.1f}" cy="{y - 4:.1f}" r="4.5" fill="#ffffff" stroke="{LINE}" stroke-width="2"/>'
    )
    parts.append(_text(lx + 9, y, "前の年度の評価のまま", SMALL, SUB))
    y += 8
    for row in trend.rows:
        y += TITLE * 1.6
        parts.append(_text(PAD, y, row.label, TITLE, TEXT, bold=True))
        top = y + 16
        bottom = top + STEP * (len(stage_labels) - 1)

        def y_of(stage: int, bottom: float = bottom) -> float:
            return bottom - stage * STEP

        for stage, label in enumerate(stage_labels):
            gy = y_of(stage)
            parts.append(
                f'<line x1="{x0:.1f}" y1="{gy:.1f}" x2="{x1:.1f}" y2="{gy:.1f}" stroke="{GRID}" stroke-width="0.6"/>'
            )
            parts.append(_text(x0 - 6, gy + SMALL * 0.35, label, SMALL, SUB, anchor="end"))
        points = [(x_of(i), y_of(c.stage), c.carried) for i, c in enumerate(row.cells) if c.stage is not None]
        for (ax, ay, _), (bx, by, _) in itertools.pairwise(points):
            parts.append(
                f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" stroke="{LINE}" stroke-width="2"/>'
            )
        for px, py, carried in points:
            fill = f' fill="#ffffff" stroke="{LINE}" stroke-width="2"' if carried else f' fill="{LINE}"'
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4.5"{fill}/>')
        if not points:
            parts.append(_text((x0 + x1) / 2, y_of(1) + 4, "未評価", SMALL, SUB, anchor="middle"))
        y = bottom + 6
    y += SMALL * 1.4
    for i, year in enumerate(years):
        parts.append(_text(x_of(i), y, _year(year), SMALL, TEXT, anchor="middle"))
    height = y + PAD
    return mark_safe(  # noqa: S308 - built from escaped text only
        "".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--rating-trend"'
                f' viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" role="img"'
                f' aria-labelledby="{e(chart_id)}-title {e(chart_id)}-desc" font-family="{e(FONT_FAMILY)}">',
                f'<title id="{e(chart_id)}-title">体制整備の5項目の段階の推移</title>',
                f'<desc id="{e(chart_id)}-desc">{e(description(trend))}</desc>',
                *parts,
                "</svg>",
            ]
        )
    )


def _text(
    x: float, y: float, text: str, size: float, fill: str, *, anchor: str = "start", bold: bool = False
) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:.0f}" fill="{fill}" text-anchor="{anchor}"{weight}>'
        f"{html.escape(text)}</text>"
    )
