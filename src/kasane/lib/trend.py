"""An indicator's trend (成果指標の推移), drawn on the server like ``lib.charts``: a neutral spec and two renderers,
so the 年度 page and its PDF show the same figure.

- ``TrendSpec``: a title, the unit, and the points in years: the baseline (現状値), the values measured since
  (実績; ``partial`` for a 年度 still under way), the target (目標値), each with an optional interval (a survey's
  estimate) and a value of ``None`` where nothing was measured.
- ``to_svg(spec)``: inline SVG with presentation attributes only (the CSP forbids style attributes and
  scripts), named by ``<title>`` and described in words by ``<desc>``.
- ``to_reportlab_drawing(spec)``: a reportlab Drawing for PDFs, in the embedded Japanese font.

What is drawn: the planned path from baseline to target as a dashed grey line; the measured values as a solid
blue line with filled markers, a 年度 under way hollow and joined by a dashed line, a year without a value
leaving a gap; the target as an orange diamond; an interval as an error bar. Points stand at their year, so a
plan's years not yet come stay as empty room between the last value and the target. Shapes as well as colours
tell the kinds apart, for any colour vision.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kasane.lib.charts import FONT_FAMILY, GRID, SUB, TEXT, Rect, Text, text_width, wrap
from kasane.lib.dates import fiscal_year_label

BASELINE = "baseline"
ACTUAL = "actual"
PARTIAL = "partial"  # 年度途中
TARGET = "target"
KINDS = (BASELINE, ACTUAL, PARTIAL, TARGET)
HIGHER = "higher"
LOWER = "lower"

MEASURED = "#0072b2"  # Okabe–Ito blue
TARGET_FILL = "#d55e00"  # Okabe–Ito vermilion
TARGET_TEXT = "#a63603"  # the same hue, dark enough for small text on white
PLANNED = "#757575"
AXIS = "#949494"
DASH = (5.0, 4.0)


@dataclass(frozen=True)
class TrendPoint:
    label: str  # the x axis's label, as the caller writes it: "R6", "令和6年度"
    year: int  # the 年度 (western year it starts in)
    value: float | None
    kind: str = ACTUAL
    interval: tuple[float, float] | None = None  # (low, high) of a survey's estimate

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind of point: {self.kind}")
        if self.interval is not None and self.interval[0] > self.interval[1]:
            raise ValueError("an interval runs from low to high")


@dataclass(frozen=True)
class TrendSpec:
    title: str
    unit: str  # "回", "件", "%"
    points: tuple[TrendPoint, ...]
    direction: str = HIGHER
    note: str = ""  # e.g. "市民意識調査（n=812）"
    interval_label: str = "95%信頼区間"

    def __post_init__(self) -> None:
        if self.direction not in (HIGHER, LOWER):
            raise ValueError(f"unknown direction: {self.direction}")

    def measured(self) -> list[TrendPoint]:
        """Baseline, values and a 年度 under way, in year order: the points of the solid line."""
        return sorted((p for p in self.points if p.kind != TARGET), key=lambda p: p.year)

    def find(self, kind: str) -> TrendPoint | None:
        return next((p for p in self.points if p.kind == kind), None)

    def decimals(self) -> int:
        """One decimal for the whole series if any measured value has one (52.2%, 54.0%), else none."""
        numbers = [p.value for p in self.points if p.value is not None and p.kind != TARGET]
        numbers += [bound for p in self.points if p.interval for bound in p.interval]
        return 1 if any(not _whole(v) for v in numbers) else 0

    def value_text(self, point: TrendPoint) -> str:
        """52.2%, 54.0% (every measured value with the series' decimals), 60% (a target as it was set)."""
        if point.value is None:
            return "値なし"
        target_as_set = 0 if _whole(point.value) else 1
        decimals = target_as_set if point.kind == TARGET else self.decimals()
        return f"{_number(point.value, decimals)}{self.unit}"

    def description(self) -> str:
        """The chart in words, for screen readers and as a text alternative."""
        said = []
        for p in self.points:
            year, value, spread = _year_words(p.year), self.value_text(p), ""
            if p.interval is not None:
                low, high = (_number(b, self.decimals()) for b in p.interval)
                spread = f"{self.interval_label} {low}〜{high}{self.unit}"
            if p.kind in (BASELINE, TARGET):
                name = "現状値" if p.kind == BASELINE else "目標値"
                said.append(f"{name} {value}（{'、'.join(filter(None, (year, spread)))}）")
            else:
                under_way = "（年度途中）" if p.kind == PARTIAL else ""
                said.append(f"{year}{under_way} {value}" + (f"（{spread}）" if spread else ""))
        better = "高い" if self.direction == HIGHER else "低い"
        text = "、".join(said) + f"。値が{better}ほど良い指標です。"
        return text + (f"{self.note}。" if self.note else "")


def _whole(value: float) -> bool:
    return abs(value - round(value)) < 1e-9


def _number(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _year_words(year: int) -> str:
    """令和6年度 (fiscal_year_label without its western year)."""
    return fiscal_year_label(year).partition("（")[0]


# --- layout, shared by both renderers (top-left origin, px = pt) ------------------------------------------


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0
    dashed: bool = False


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str
    stroke: str
    width: float = 1.5


@dataclass(frozen=True)
class Polygon:
    points: tuple[float, ...]  # x1, y1, x2, y2, …
    fill: str
    stroke: str = ""


Item = Rect | Text | Line | Circle | Polygon


@dataclass
class Layout:
    width: float
    height: float = 0
    items: list[Item] = field(default_factory=list)


def _nice_step(raw: float) -> float:
    exponent = 10.0 ** math.floor(math.log10(raw))
    return next(m * exponent for m in (1, 2, 5, 10) if m * exponent >= raw - 1e-12)


def scale(spec: TrendSpec) -> list[float]:
    """The y axis's ticks, lowest first: from 0 — or, for a percentage far from 0, from a round 10 below its
    lowest value, so a change of a few points shows — to a round value at or above the highest."""
    values = [p.value for p in spec.points if p.value is not None]
    values += [bound for p in spec.points if p.interval for bound in p.interval]
    low, high = min(values, default=0.0), max(values, default=0.0)
    floor = 0.0
    if spec.unit == "%" and low >= 20:
        floor = max(0.0, math.floor((low - max((high - low) * 0.5, 5.0)) / 10) * 10)
    high = max(high, floor + (1 if spec.decimals() == 0 else 0.5))
    step = _nice_step((high - floor) / 5)
    if spec.decimals() == 0:
        step = max(step, 1.0)
    count = math.ceil((high - floor) / step - 1e-9)
    ticks = [floor + i * step for i in range(count + 1)]
    if spec.unit == "%" and ticks[-1] > 100 >= high:
        ticks = [t for t in ticks if t < 100] + [100.0]
    return ticks


def _legend_glyphs(spec: TrendSpec) -> list[tuple[str, str]]:
    kinds = {p.kind for p in spec.points}
    glyphs = []
    if kinds & {ACTUAL, BASELINE}:
        glyphs.append(("actual", "実績"))
    if PARTIAL in kinds:
        glyphs.append(("partial", "年度途中"))
    if BASELINE in kinds:
        glyphs.append(("baseline", "現状値"))
    if TARGET in kinds:
        glyphs.append(("target", "目標値"))
    if _planned(spec) is not None:
        glyphs.append(("planned", "目標への道筋"))
    if any(p.interval for p in spec.points):
        glyphs.append(("interval", spec.interval_label))
    return glyphs


def _planned(spec: TrendSpec) -> tuple[TrendPoint, TrendPoint] | None:
    start, end = spec.find(BASELINE), spec.find(TARGET)
    if start is None or end is None or start.value is None or end.value is None:
        return None
    return start, end


def _marker(out: Layout, kind: str, x: float, y: float) -> None:
    if kind == BASELINE:
        out.items.append(Rect(x - 4.5, y - 4.5, 9, 9, MEASURED, stroke=MEASURED))
    elif kind == TARGET:
        out.items.append(Polygon((x, y - 7, x + 7, y, x, y + 7, x - 7, y), TARGET_FILL, "#ffffff"))
    elif kind == PARTIAL:
        out.items.append(Circle(x, y, 4.5, "#ffffff", MEASURED, 2))
    else:
        out.items.append(Circle(x, y, 4.5, MEASURED, "#ffffff", 1))


def _legend(out: Layout, spec: TrendSpec, y: float, pad: float, size: float) -> float:
    x, glyph, gap = pad, 24.0, 18.0
    y += size
    for key, label in _legend_glyphs(spec):
        item_w = glyph + 6 + text_width(label, size) + gap
        if x + item_w > out.width - pad and x > pad:
            x, y = pad, y + size * 1.8
        mid_y, mid_x = y - size * 0.35, x + glyph / 2
        if key in ("actual", "partial"):
            out.items.append(Line(x, mid_y, x + glyph, mid_y, MEASURED, 2, dashed=key == "partial"))
            _marker(out, ACTUAL if key == "actual" else PARTIAL, mid_x, mid_y)
        elif key == "planned":
            out.items.append(Line(x, mid_y, x + glyph, mid_y, PLANNED, 1.5, dashed=True))
        elif key == "interval":
            out.items.append(Line(mid_x, mid_y - 6, mid_x, mid_y + 6, MEASURED, 1.2))
            for end in (mid_y - 6, mid_y + 6):
                out.items.append(Line(mid_x - 4, end, mid_x + 4, end, MEASURED, 1.2))
        else:
            _marker(out, key, mid_x, mid_y)
        out.items.append(Text(x + glyph + 6, y, label, size))
        x += item_w
    return y + 10


def layout(spec: TrendSpec, width: float = 640, *, show_title: bool = True) -> Layout:
    """Place the chart. ``show_title=False`` leaves the title out of the picture (a page's heading says it;
    the SVG still names it for screen readers)."""
    pad, title_size, label_size, small = 8.0, 16.0, 13.0, 12.0
    out = Layout(width)
    y = pad
    for line in wrap(spec.title, width - 2 * pad, title_size, max_lines=3) if show_title else []:
        y += title_size * 1.4
        out.items.append(Text(pad, y, line, title_size, bold=True))
    if spec.note and show_title:
        for line in wrap(spec.note, width - 2 * pad, small, max_lines=2):
            y += small * 1.5
            out.items.append(Text(pad, y, line, small, fill=SUB))
    y = _legend(out, spec, y + 4, pad, small)

    ticks = scale(spec)
    decimals = 0 if all(_whole(t) for t in ticks) else 1
    per_cent = spec.unit == "%"
    tick_labels = [_number(t, decimals) + ("%" if per_cent else "") for t in ticks]
    if not per_cent:  # the unit once, above the axis's numbers
        y += small * 1.3
        out.items.append(Text(pad, y, f"（{spec.unit}）", small, fill=SUB))
    top = y + 18  # room above the highest gridline for a value's label
    bottom = top + 190
    x0 = pad + max(text_width(t, small) for t in tick_labels) + 8
    x1 = width - pad

    def y_of(value: float) -> float:
        return bottom - (value - ticks[0]) / (ticks[-1] - ticks[0]) * (bottom - top)

    for tick, label in zip(ticks, tick_labels, strict=True):
        ty = y_of(tick)
        out.items.append(Line(x0, ty, x1, ty, AXIS if tick == ticks[0] else GRID, 0.8))
        out.items.append(Text(x0 - 6, ty + small * 0.35, label, small, fill=SUB, anchor="end"))

    years = sorted({p.year for p in spec.points})
    labels = {p.year: p.label for p in reversed(spec.points)}  # a year's first point names it
    first, last = (years[0], years[-1]) if years else (0, 0)
    span = max(last - first, 1)
    widest = max((text_width(label, label_size) for label in labels.values()), default=0.0)
    inset = min(max(widest / 2 + 4, 24.0), (x1 - x0) / 4)
    slot = (x1 - x0 - 2 * inset) / span

    def x_of(year: int) -> float:
        if first == last:
            return (x0 + x1) / 2
        return x0 + inset + (year - first) * slot

    for year in range(first, last + 1) if years else ():
        out.items.append(Line(x_of(year), bottom, x_of(year), bottom + 4, AXIS, 0.8))
    label_bottom = bottom
    for year in years:
        lines = wrap(labels[year], max(slot - 4, 40.0), label_size, max_lines=2)
        for i, line in enumerate(lines):
            ly = bottom + 4 + label_size * (1.15 + 1.25 * i)
            out.items.append(Text(x_of(year), ly, line, label_size, anchor="middle"))
            label_bottom = max(label_bottom, ly)

    planned = _planned(spec)
    if planned is not None:
        start, end = planned
        assert start.value is not None and end.value is not None
        out.items.append(
            Line(x_of(start.year), y_of(start.value), x_of(end.year), y_of(end.value), PLANNED, 1.5, True)
        )
    measured = spec.measured()
    for a, b in itertools.pairwise(measured):
        if a.value is not None and b.value is not None:
            dashed = PARTIAL in (a.kind, b.kind)
            out.items.append(
                Line(x_of(a.year), y_of(a.value), x_of(b.year), y_of(b.value), MEASURED, 2, dashed)
            )

    _points(out, spec, x_of, y_of, bottom, small)
    out.height = label_bottom + pad + 4
    return out


def _points(
    out: Layout, spec: TrendSpec, x_of: Callable[[int], float], y_of: Callable[[float], float], bottom: float,
    size: float,
) -> None:  # fmt: skip
    """Each point's error bar, marker and value; the values last, each on a white ground, so no line runs
    through a number."""
    values: list[Text] = []
    target_years = {p.year for p in spec.points if p.kind == TARGET and p.value is not None}
    for p in spec.points:
        x = x_of(p.year)
        if p.interval is not None:
            low, high = y_of(p.interval[0]), y_of(p.interval[1])
            out.items.append(Line(x, low, x, high, MEASURED, 1.2))
            for end_y in (low, high):
                out.items.append(Line(x - 4, end_y, x + 4, end_y, MEASURED, 1.2))
        if p.value is None:  # a gap in the line, said in words on the axis
            out.items.append(Text(x, bottom - 6, "値なし", size - 1, fill=SUB, anchor="middle"))
            continue
        y = y_of(p.value)
        _marker(out, p.kind, x, y)
        if p.interval is not None:  # above the error bar, clear of it and of the lines
            y = y_of(p.interval[1]) - 6
        elif p.kind != TARGET and p.year in target_years:  # the target's value is above: this one below
            y += 9 + size
        else:
            y -= 9
        colour = TARGET_TEXT if p.kind == TARGET else TEXT
        values.append(Text(x, y, spec.value_text(p), size, colour, "middle", bold=p.kind == TARGET))
    for value in values:
        w = text_width(value.text, size) + 4
        out.items.append(Rect(value.x - w / 2, value.y - size * 0.95, w, size * 1.2, "#ffffff"))
        out.items.append(value)


# --- renderers ---------------------------------------------------------------------------------------------


def _svg_item(item: Item) -> str:
    if isinstance(item, Line):
        dash = f' stroke-dasharray="{DASH[0]:.0f} {DASH[1]:.0f}"' if item.dashed else ""
        return (
            f'<line x1="{item.x1:.1f}" y1="{item.y1:.1f}" x2="{item.x2:.1f}" y2="{item.y2:.1f}"'
            f' stroke="{item.stroke}" stroke-width="{item.width:g}"{dash}/>'
        )
    if isinstance(item, Circle):
        return (
            f'<circle cx="{item.cx:.1f}" cy="{item.cy:.1f}" r="{item.r:g}" fill="{item.fill}"'
            f' stroke="{item.stroke}" stroke-width="{item.width:g}"/>'
        )
    if isinstance(item, Polygon):
        points = " ".join(f"{v:.1f}" for v in item.points)
        stroke = f' stroke="{item.stroke}" stroke-width="1"' if item.stroke else ""
        return f'<polygon points="{points}" fill="{item.fill}"{stroke}/>'
    if isinstance(item, Rect):
        stroke = f' stroke="{item.stroke}" stroke-width="1"' if item.stroke else ""
        return (
            f'<rect x="{item.x:.1f}" y="{item.y:.1f}" width="{item.w:.1f}" height="{item.h:.1f}"'
            f' fill="{item.fill}"{stroke}/>'
        )
    weight = ' font-weight="700"' if item.bold else ""
    return (
        f'<text x="{item.x:.1f}" y="{item.y:.1f}" font-size="{item.size:.0f}" fill="{item.fill}"'
        f' text-anchor="{item.anchor}"{weight}>{html.escape(item.text)}</text>'
    )


def to_svg(spec: TrendSpec, *, width: float = 640, chart_id: str = "trend", show_title: bool = True) -> str:
    """Inline SVG; ``chart_id`` must be unique on the page (it names the title and description)."""
    out = layout(spec, width, show_title=show_title)
    e = html.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--trend"'
        f' viewBox="0 0 {out.width:.0f} {out.height:.0f}" width="{out.width:.0f}" height="{out.height:.0f}"'
        f' role="img" aria-labelledby="{e(chart_id)}-title {e(chart_id)}-desc" font-family="{e(FONT_FAMILY)}">',
        f'<title id="{e(chart_id)}-title">{e(spec.title)}</title>',
        f'<desc id="{e(chart_id)}-desc">{e(spec.description())}</desc>',
        *(_svg_item(item) for item in out.items),
        "</svg>",
    ]
    return "".join(parts)


def to_reportlab_drawing(spec: TrendSpec, *, width: float = 480) -> Any:
    """A reportlab ``Drawing`` (points) in IPAex Gothic, to put in a PDF story as a flowable."""
    from reportlab.graphics import shapes  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up
    from reportlab.lib import colors  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    from kasane.lib.pdf import (  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up
        register_fonts,
        strings,
    )

    register_fonts()
    # Lay out at the page's scale: the PDF's type is smaller than the screen's.
    k = width / 640
    out = layout(spec, 640)
    drawing = shapes.Drawing(width, out.height * k)

    def colour(hex_colour: str) -> Any:
        return colors.HexColor(hex_colour) if hex_colour else None

    # The shapes in the layout's own units and top-left origin, the group scaling and flipping them onto the
    # page; the text after them (a flipped string would stand on its head), so every label lies on top.
    geometry = shapes.Group(transform=(k, 0, 0, -k, 0, out.height * k))
    drawing.add(geometry)
    for item in out.items:
        if isinstance(item, Line):
            dashes = list(DASH) if item.dashed else None
            geometry.add(
                shapes.Line(item.x1, item.y1, item.x2, item.y2, strokeColor=colour(item.stroke),
                            strokeWidth=item.width, strokeDashArray=dashes)
            )  # fmt: skip
        elif isinstance(item, Circle):
            geometry.add(
                shapes.Circle(item.cx, item.cy, item.r, fillColor=colour(item.fill),
                              strokeColor=colour(item.stroke), strokeWidth=item.width)
            )  # fmt: skip
        elif isinstance(item, Polygon):
            geometry.add(
                shapes.Polygon(
                    list(item.points), fillColor=colour(item.fill), strokeColor=colour(item.stroke)
                )
            )
        elif isinstance(item, Rect):
            geometry.add(
                shapes.Rect(item.x, item.y, item.w, item.h, fillColor=colour(item.fill),
                            strokeColor=colour(item.stroke), strokeWidth=1 if item.stroke else 0)
            )  # fmt: skip
        else:
            top = (out.height - item.y) * k
            for shape in strings(item.x * k, top, item.text, size=item.size * k, anchor=item.anchor,
                                 fill=colour(item.fill)):  # fmt: skip
                drawing.add(shape)
    return drawing
