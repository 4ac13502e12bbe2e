"""A chart as a PNG, for Word (python-docx takes raster pictures only): the same layout the SVG and the PDF
draw (``kasane.lib.charts.layout``), rasterised with Pillow in the bundled IPAex Gothic."""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from kasane.lib.charts import ChartSpec, Rect, layout
from kasane.lib.fonts import ipaex_gothic

ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(ipaex_gothic()), size)


def chart_png(spec: ChartSpec, *, scale: float = 2.0) -> bytes:
    plan = layout(spec, 720)
    image = Image.new("RGB", (round(plan.width * scale), round(plan.height * scale)), "white")
    draw = ImageDraw.Draw(image)
    for item in plan.items:
        if isinstance(item, Rect):
            box = (item.x * scale, item.y * scale, (item.x + item.w) * scale, (item.y + item.h) * scale)
            draw.rectangle(box, fill=item.fill, outline=item.stroke or None, width=1 if item.stroke else 0)
        else:
            draw.text(
                (item.x * scale, item.y * scale),
                item.text,
                fill=item.fill,
                font=_font(max(6, round(item.size * scale))),
                anchor=ANCHORS.get(item.anchor, "ls"),
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
