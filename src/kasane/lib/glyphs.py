"""Which font draws each character of a PDF: IPAex Gothic where it has the glyph, else the first fallback font
that has it (`fonts.fallbacks()`), else 〓 — the traditional 外字 placeholder — and the character is recorded so
the document can say what it could not print. The stored text is never changed; this is drawing only.

reportlab embeds only TrueType-outline fonts, and the Noto fallbacks are variable fonts whose default instance
is Thin. So the glyphs a document needs are cut out of them with fontTools, set at the regular weight and
registered with reportlab as a small font of their own: once per character and process, cached.
"""

from __future__ import annotations

import io
import itertools
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont as FontFile
from fontTools.varLib import instancer
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kasane.lib import fonts

PLACEHOLDER = "〓"
REGULAR = 400  # the weight of IPAex Gothic, at which the variable fallbacks are set
# Tables a cut-out glyph does not need; dropping them before subsetting saves decoding the large layout tables.
_UNNEEDED = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG", "STAT", "HVAR", "MVAR", "DSIG")


@dataclass(frozen=True)
class Run:
    """Consecutive characters drawn in one font; ``font`` None means the document's own (IPAex Gothic)."""

    font: str | None
    text: str


@cache
def coverage(path: Path) -> frozenset[int]:
    """The code points a font file has a glyph for (read from its cmap only)."""
    return frozenset(FontFile(str(path), lazy=True).getBestCmap())


def _invisible(char: str) -> bool:
    """Control and format characters (ZWJ, BOM) and variation selectors: nothing to draw, nothing lost."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Cc", "Cf") or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
    )


_lock = threading.Lock()
_numbers = itertools.count(1)
_font_of: dict[
    str, str | None
] = {}  # a character IPAex Gothic lacks → its cut-out font, None: no font has it
_replaced: ContextVar[set[str] | None] = ContextVar("kasane_pdf_replaced", default=None)


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collects, for one document, the characters drawn as 〓 while it is built."""
    replaced: set[str] = set()
    token = _replaced.set(replaced)
    try:
        yield replaced
    finally:
        _replaced.reset(token)


def replaced_so_far() -> set[str] | None:
    """The characters the document being built has drawn as 〓; None outside `recording()`."""
    return _replaced.get()


def runs(text: str) -> list[Run]:
    """``text`` split into runs by font, 〓 standing for each character no font has (recorded)."""
    primary = coverage(fonts.ipaex_gothic())
    lacking = {c for c in text if ord(c) not in primary and not _invisible(c)}
    if lacking - _font_of.keys():
        _cut_out(lacking)
    replaced = _replaced.get()
    out: list[Run] = []
    for char in text:
        if ord(char) in primary:
            font = None
        elif _invisible(char):
            continue
        else:
            font = _font_of[char]
            if font is None:
                if replaced is not None:
                    replaced.add(char)
                font, char = None, PLACEHOLDER
        if out and out[-1].font == font:
            out[-1] = Run(font, out[-1].text + char)
        else:
            out.append(Run(font, char))
    return out


def _cut_out(chars: set[str]) -> None:
    with _lock:
        by_source: dict[Path, list[int]] = {}
        for char in sorted(chars - _font_of.keys()):
            source = next((p for p in fonts.fallbacks() if ord(char) in coverage(p)), None)
            if source is None:
                _font_of[char] = None
            else:
                by_source.setdefault(source, []).append(ord(char))
        for source, codes in by_source.items():
            name = f"KasaneFallback{next(_numbers)}"
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(_subset(source, codes, name))))
            for code in codes:
                _font_of[chr(code)] = name


def _subset(source: Path, codes: list[int], name: str) -> bytes:
    """A TrueType font with only ``codes`` from ``source``, at the regular weight if it is variable."""
    font = FontFile(str(source), lazy=True)
    for tag in _UNNEEDED:
        if tag in font:
            del font[tag]
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codes)
    subsetter.subset(font)
    if "fvar" in font:
        location = {
            axis.axisTag: min(max(REGULAR, axis.minValue), axis.maxValue)
            if axis.axisTag == "wght"
            else axis.defaultValue
            for axis in font["fvar"].axes
        }
        font = instancer.instantiateVariableFont(font, location)
    # A name of its own: reportlab keys a font's objects in the PDF by this name, so two cut-outs of one
    # source must not share it (the second's characters would print and copy as the first's). The source's
    # name also still says its default instance (NotoSansJP-Thin).
    family = str(font["name"].getDebugName(6)).split("-")[0]
    font["name"].setName(f"{family}-Regular-{name}", 6, 3, 1, 0x409)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()
