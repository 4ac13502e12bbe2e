"""A chart as a PNG, for Word (python-docx takes raster pictures only): the same layout the SVG and the PDF
draw (``kasane.lib.charts.layout``), rasterised with Pillow in the bundled IPAex Gothic.

Speed (issue 20): encoding was two thirds of a chart's cost, most of it Pillow trying the five PNG row
filters on every row. These charts are flat colour, which deflate packs as well without a filter, so
``encode`` writes the rows unfiltered: half the time, a slightly smaller file, the same pixels. And a
chart's PNG depends on nothing but its ``ChartSpec`` (every label and figure it shows), so the PNGs are kept
per process keyed by the spec itself: a report downloaded again, or one whose records did not move, reuses
them, while a chart of another prefecture or year, being another spec, is drawn anew.
"""

from __future__ import annotations

import struct
import zlib
from functools import cache, lru_cache

from PIL import Image, ImageDraw, ImageFont

from kasane.lib.charts import ChartSpec, Rect, layout
from kasane.lib.fonts import ipaex_gothic

ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}
# About 50 KiB a chart: a few reports' worth per worker.
CACHED_CHARTS = 128
COMPRESS_LEVEL = 3
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(ipaex_gothic()), size)


def chart_png(spec: ChartSpec, *, scale: float = 2.0) -> bytes:
    # Keyed by the spec's repr as well: 1 and 1.0 are equal in Python but a label prints them differently.
    return _chart_png(repr(spec), spec, scale)


def clear_cache() -> None:
    _chart_png.cache_clear()


@lru_cache(maxsize=CACHED_CHARTS)
def _chart_png(exact: str, spec: ChartSpec, scale: float) -> bytes:
    return encode(draw(spec, scale=scale))


def draw(spec: ChartSpec, *, scale: float = 2.0) -> Image.Image:
    plan = layout(spec, 720)
    image = Image.new("RGB", (round(plan.width * scale), round(plan.height * scale)), "white")
    pen = ImageDraw.Draw(image)
    for item in plan.items:
        if isinstance(item, Rect):
            box = (item.x * scale, item.y * scale, (item.x + item.w) * scale, (item.y + item.h) * scale)
            pen.rectangle(box, fill=item.fill, outline=item.stroke or None, width=1 if item.stroke else 0)
        else:
            pen.text(
                (item.x * scale, item.y * scale),
                item.text,
                fill=item.fill,
                font=_font(max(6, round(item.size * scale))),
                anchor=ANCHORS.get(item.anchor, "ls"),
            )
    return image


def encode(image: Image.Image) -> bytes:
    """An RGB image as a PNG (8-bit truecolour, not interlaced) whose rows all carry filter type 0 (None)."""
    if image.mode != "RGB":
        raise ValueError(f"an RGB image is needed, not {image.mode}")
    width, height = image.size
    pixels = image.tobytes()
    stride = width * 3
    rows = b"".join(b"\x00" + pixels[y * stride : (y + 1) * stride] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        PNG_SIGNATURE
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, COMPRESS_LEVEL))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
