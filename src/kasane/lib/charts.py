"""Charts drawn on the server: a neutral spec and two renderers, so a page and a report show the same figure.

- ``ChartSpec``: a title, the rows (categories), the series (e.g. the five levels of a Likert scale), counts
  and percentages per row and series. The Word and PowerPoint reports can feed the same spec to native charts.
- ``to_svg(spec)``: inline SVG for pages (no scripts, no inline CSS: presentation attributes only, as the
  CSP forbids style attributes), with ``<title>``/``<desc>`` for screen readers.
- ``to_reportlab_drawing(spec)``: a reportlab Drawing for PDFs, in the embedded Japanese font.

Two kinds: ``stacked`` draws each row as a 100% stacked horizontal bar (003's understanding figures);
``bars`` draws one bar per row whose length is its percentage (age, occupation, multiple choice).
Colours are a blue–grey–orange diverging scale, told apart with any colour vision, and every segment wide
enough carries its percentage as text.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass, field
from typing import Any

STACKED = "stacked"
BARS = "bars"

DIVERGING = {
    2: ("#08519c", "#a63603"),
    3: ("#08519c", "#d9d9d9", "#a63603"),
    4: ("#08519c", "#6baed6", "#fdae6b", "#a63603"),
    5: ("#08519c", "#6baed6", "#d9d9d9", "#fdae6b", "#a63603"),
}
# Okabe–Ito, for series that are not an ordered scale.
QUALITATIVE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
BAR_COLOUR = "#08519c"
TEXT = "#1a1a1a"
SUB = "#4d4d4d"
GRID = "#bdbdbd"
FONT_FAMILY = "'Noto Sans JP', 'BIZ UDPGothic', 'Hiragino Sans', 'Yu Gothic UI', Meiryo, 'kasane IPAexGothic', sans-serif"


@dataclass(frozen=True)
class ChartSpec:
    title: str
    categories: tuple[str, ...]  # rows
    series: tuple[str, ...]  # stacked levels, or the one measure of ``bars``
    values: tuple[tuple[int, ...], ...]  # counts, [row][series]
    percentages: tuple[tuple[float, ...], ...]  # [row][series]
    kind: str = STACKED
    note: str = ""  # e.g. "n=20（複数回答）"

    def colours(self) -> tuple[str, ...]:
        if self.kind == BARS:
            return (BAR_COLOUR,)
        n = len(self.series)
        return DIVERGING.get(n) or tuple(QUALITATIVE[i % len(QUALITATIVE)] for i in range(n))

    def description(self) -> str:
        """The chart in words, for screen readers and as a text alternative."""
        rows = []
        for label, counts, shares in zip(self.categories, self.values, self.percentages, strict=True):
            if self.kind == BARS:
                rows.append(f"{label} {_pct(shares[0])}（{counts[0]}件）")
            else:
                parts = "、".join(
                    f"{s} {_pct(p)}（{c}件）" for s, c, p in zip(self.series, counts, shares, strict=True)
                )
                rows.append(f"{label}：{parts}")
        note = f"{self.note}。" if self.note else ""
        return note + "。".join(rows) + "。"


def _pct(value: float) -> str:
    return f"{value:.1f}%"


# --- layout, shared by both renderers (top-left origin, px = pt) ------------------------------------------


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str = ""


@dataclass(frozen=True)
class _Text:
    x: float
    y: float  # baseline
    text: str
    size: float
    fill: str = TEXT
    anchor: str = "start"  # start, middle, end
    bold: bool = False


# Public names for renderers elsewhere (the annual report rasterises the same layout for Word).
Rect = _Rect
Text = _Text


@dataclass
class _Layout:
    width: float
    height: float = 0
    items: list[_Rect | _Text] = field(default_factory=list)


def text_width(text: str, size: float) -> float:
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.58 for ch in text)


def wrap(text: str, width: float, size: float, *, max_lines: int = 4) -> list[str]:
    """Break Japanese text between any two characters (as Japanese does) to fit ``width``."""
    lines: list[str] = []
    line = ""
    for ch in text:
        if line and text_width(line + ch, size) > width:
            lines.append(line)
            line = ""
        line += ch
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][:-1] + "…"]
    return lines or [""]


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _ink_on(colour: str) -> str:
    return "#ffffff" if _luminance(colour) < 0.45 else TEXT


def layout(spec: ChartSpec, width: float = 720, *, show_title: bool = True) -> _Layout:
    """Place the chart. ``show_title=False`` leaves the title out of the picture (a page's heading says it;
    the SVG still names it for screen readers)."""
    pad, title_size, label_size, small = 8.0, 16.0, 14.0, 13.0
    out = _Layout(width)
    y = pad
    for line in wrap(spec.title, width - 2 * pad, title_size, max_lines=3) if show_title else []:
        y += title_size * 1.4
        out.items.append(_Text(pad, y, line, title_size, bold=True))
    if spec.note and show_title:
        y += small * 1.6
        out.items.append(_Text(pad, y, spec.note, small, fill=SUB))
    y += 10
    colours = spec.colours()
    if spec.kind == STACKED:
        y = _legend(out, spec, colours, y, pad, small)
    label_w = min(max(text_width(c, label_size) for c in spec.categories) + 12, width * 0.34)
    x0 = pad + label_w
    area = width - x0 - pad - 16  # room for the axis's last label, 「100%」
    for row, label in enumerate(spec.categories):
        lines = wrap(label, label_w - 10, label_size, max_lines=3)
        row_h = max(34.0, len(lines) * label_size * 1.3 + 10)
        top = y
        first = top + row_h / 2 - (len(lines) - 1) * label_size * 0.65 + label_size * 0.35
        for i, line in enumerate(lines):
            out.items.append(_Text(x0 - 8, first + i * label_size * 1.3, line, label_size, anchor="end"))
        if spec.kind == STACKED:
            _stacked_row(out, spec, row, colours, x0, top + (row_h - 26) / 2, area, 26.0, small)
        else:
            _bar_row(out, spec, row, x0, top + (row_h - 22) / 2, area, 22.0, small)
        y += row_h
    y = _axis(out, x0, y, area if spec.kind == STACKED else area - 110, small)
    out.height = y + pad
    return out


def _legend(
    out: _Layout, spec: ChartSpec, colours: tuple[str, ...], y: float, pad: float, size: float
) -> float:
    x, swatch, gap = pad, 12.0, 18.0
    y += size
    for label, colour in zip(spec.series, colours, strict=True):
        item_w = swatch + 6 + text_width(label, size) + gap
        if x + item_w > out.width - pad and x > pad:
            x, y = pad, y + size * 1.8
        out.items.append(_Rect(x, y - swatch + 1, swatch, swatch, colour, stroke="#757575"))
        out.items.append(_Text(x + swatch + 6, y, label, size))
        x += item_w
    return y + 12


def _stacked_row(
    out: _Layout, spec: ChartSpec, row: int, colours: tuple[str, ...], x: float, y: float, area: float, h: float,
    size: float,
) -> None:  # fmt: skip
    counts, shares = spec.values[row], spec.percentages[row]
    total = sum(counts)
    if not total:
        out.items.append(_Rect(x, y, area, h, "#ffffff", stroke=GRID))
        out.items.append(
            _Text(x + area / 2, y + h / 2 + size * 0.35, "回答なし", size, fill=SUB, anchor="middle")
        )
        return
    for count, share, colour in zip(counts, shares, colours, strict=True):
        w = area * count / total
        if w <= 0:
            continue
        out.items.append(_Rect(x, y, w, h, colour, stroke="#ffffff"))
        label = _pct(share)
        if text_width(label, size) + 6 <= w:
            out.items.append(
                _Text(x + w / 2, y + h / 2 + size * 0.35, label, size, _ink_on(colour), "middle")
            )
        x += w


def _bar_row(
    out: _Layout, spec: ChartSpec, row: int, x: float, y: float, area: float, h: float, size: float
) -> None:
    count, share = spec.values[row][0], spec.percentages[row][0]
    length = max(0.0, (area - 110) * share / 100)
    out.items.append(_Rect(x, y, area - 110, h, "#f2f2f2"))
    if length:
        out.items.append(_Rect(x, y, length, h, BAR_COLOUR))
    out.items.append(_Text(x + length + 6, y + h / 2 + size * 0.35, f"{_pct(share)}（{count}件）", size))


def _axis(out: _Layout, x: float, y: float, area: float, size: float) -> float:
    y += 4
    out.items.append(_Rect(x, y, area, 0.8, GRID))
    for tick in (0, 25, 50, 75, 100):
        tx = x + area * tick / 100
        out.items.append(_Rect(tx - 0.4, y, 0.8, 4, GRID))
        out.items.append(_Text(tx, y + 4 + size * 1.1, f"{tick}%", size - 1, fill=SUB, anchor="middle"))
    return y + 4 + size * 1.4


# --- renderers ---------------------------------------------------------------------------------------------


def to_svg(spec: ChartSpec, *, width: float = 720, chart_id: str = "chart", show_title: bool = True) -> str:
    """Inline SVG; ``chart_id`` must be unique on the page (it names the title and description)."""
    out = layout(spec, width, show_title=show_title)
    e = html.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {out.width:.0f} {out.height:.0f}"'
        f' width="{out.width:.0f}" height="{out.height:.0f}" role="img"'
        f' aria-labelledby="{e(chart_id)}-title {e(chart_id)}-desc" font-family="{e(FONT_FAMILY)}">',
        f'<title id="{e(chart_id)}-title">{e(spec.title)}</title>',
        f'<desc id="{e(chart_id)}-desc">{e(spec.description())}</desc>',
    ]
    for item in out.items:
        if isinstance(item, _Rect):
            stroke = f' stroke="{item.stroke}" stroke-width="1"' if item.stroke else ""
            parts.append(
                f'<rect x="{item.x:.1f}" y="{item.y:.1f}" width="{item.w:.1f}" height="{item.h:.1f}"'
                f' fill="{item.fill}"{stroke}/>'
            )
        else:
            weight = ' font-weight="700"' if item.bold else ""
            parts.append(
                f'<text x="{item.x:.1f}" y="{item.y:.1f}" font-size="{item.size:.0f}" fill="{item.fill}"'
                f' text-anchor="{item.anchor}"{weight}>{e(item.text)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def to_reportlab_drawing(spec: ChartSpec, *, width: float = 480) -> Any:
    """A reportlab ``Drawing`` (points) in IPAex Gothic, to put in a PDF story as a flowable."""
    from reportlab.graphics.shapes import Drawing, Rect  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up
    from reportlab.lib import colors  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up

    from kasane.lib.pdf import (  # noqa: PLC0415 - reportlab loads when a PDF is asked for, not at start-up
        register_fonts,
        strings,
    )

    register_fonts()
    # Lay out at the page's scale: the PDF's type is smaller than the screen's.
    scale = width / 720
    out = layout(spec, 720)
    drawing = Drawing(width, out.height * scale)
    top = out.height * scale
    for item in out.items:
        if isinstance(item, _Rect):
            drawing.add(
                Rect(
                    item.x * scale,
                    top - (item.y + item.h) * scale,
                    item.w * scale,
                    item.h * scale,
                    fillColor=colors.HexColor(item.fill),
                    strokeColor=colors.HexColor(item.stroke) if item.stroke else None,
                    strokeWidth=0.5 if item.stroke else 0,
                )
            )
        else:
            for shape in strings(
                item.x * scale,
                top - item.y * scale,
                item.text,
                size=item.size * scale,
                anchor=item.anchor,
                fill=colors.HexColor(item.fill),
            ):
                drawing.add(shape)
    return drawing
