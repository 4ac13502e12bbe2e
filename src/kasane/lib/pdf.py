"""A4 PDFs with the embedded Japanese font (IPAex Gothic, a TrueType font: reportlab subsets and embeds it;
CID fonts would not be embedded). Later documents (minutes, plans, reports) build on these helpers.

Text goes in through `markup` (paragraphs) and `draw_string` (the canvas), which draw each character IPAex
Gothic lacks in a fallback font and 〓 where no font has it (`lib.glyphs`); a function that makes a PDF is
marked `@document`, and `build_a4` then closes the document with a note naming the characters shown as 〓.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import re
from collections.abc import Callable
from typing import Any, ParamSpec
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Spacer

from kasane.lib import glyphs
from kasane.lib.dates import wareki
from kasane.lib.fonts import ipaex_gothic

logger = logging.getLogger(__name__)
P = ParamSpec("P")

FONT_NAME = "IPAexGothic"
TEXT = colors.HexColor("#1A1A1A")
SUB = colors.HexColor("#4D4D4D")
PRIMARY = colors.HexColor("#0017C1")
SHADE = colors.HexColor("#F2F2F2")
RULE = colors.HexColor("#949494")
MARGIN = 15 * mm

_registered = False
_reportlab_to_unicode = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap with each character beyond the BMP written as UTF-16 (a surrogate pair), as
    the PDF reference wants, instead of five hex digits a reader cuts to four: 𠮷 and 𩸽 would otherwise copy
    and search as ₻ and ⧣."""
    return re.sub(
        r"<([0-9A-F]{5,6})>$",
        lambda m: f"<{chr(int(m[1], 16)).encode('utf-16-be').hex().upper()}>",
        _reportlab_to_unicode(fontname, subset),
        flags=re.MULTILINE,
    )


def register_fonts() -> None:
    global _registered
    if not _registered:
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(ipaex_gothic())))
        _registered = True


def style(name: str, size: float = 9.5, *, leading: float | None = None, **kwargs: Any) -> ParagraphStyle:
    """A paragraph style in the Japanese font, wrapping between any two characters as Japanese does."""
    register_fonts()
    return ParagraphStyle(
        name,
        fontName=FONT_NAME,
        fontSize=size,
        leading=leading or size * 1.55,
        textColor=kwargs.pop("textColor", TEXT),
        wordWrap="CJK",
        alignment=kwargs.pop("alignment", TA_LEFT),
        **kwargs,
    )


def markup(text: str | None) -> str:
    """Paragraph markup for plain text: escaped, line breaks kept, each run of characters IPAex Gothic lacks
    wrapped in its fallback font, 〓 for a character no font has."""
    return "<br/>".join(
        "".join(
            escape(run.text) if run.font is None else f'<font name="{run.font}">{escape(run.text)}</font>'
            for run in glyphs.runs(line)
        )
        for line in (text or "").split("\n")
    )


def _placed(text: str, x: float, size: float, anchor: str) -> list[tuple[float, str, str]]:
    """Where each font's run of ``text`` starts when the whole is anchored at ``x`` ("start", "middle", "end")."""
    pieces = [(run.font or FONT_NAME, run.text) for run in glyphs.runs(text)]
    widths = [pdfmetrics.stringWidth(piece, font, size) for font, piece in pieces]
    x -= {"start": 0.0, "middle": sum(widths) / 2, "end": sum(widths)}[anchor]
    placed = []
    for (font, piece), piece_width in zip(pieces, widths, strict=True):
        placed.append((x, font, piece))
        x += piece_width
    return placed


def draw_string(canvas: Canvas, x: float, y: float, text: str, *, size: float, anchor: str = "start") -> None:
    """``canvas.drawString`` (anchor "start"), ``drawCentredString`` ("middle") or ``drawRightString``
    ("end") in IPAex Gothic, with the fallback fonts and 〓 of `markup`."""
    for left, font, piece in _placed(text, x, size, anchor):
        canvas.setFont(font, size)
        canvas.drawString(left, y, piece)


def strings(x: float, y: float, text: str, *, size: float, anchor: str, fill: Any) -> list[String]:
    """The same for a drawing (charts): one ``String`` shape per font run."""
    return [
        String(left, y, piece, fontName=font, fontSize=size, fillColor=fill, textAnchor="start")
        for left, font, piece in _placed(text, x, size, anchor)
    ]


def document(build: Callable[P, bytes]) -> Callable[P, bytes]:
    """Marks a function that makes one PDF: the characters its text draws as 〓 are collected while it runs,
    for `build_a4`'s closing note."""

    @functools.wraps(build)
    def collecting(*args: P.args, **kwargs: P.kwargs) -> bytes:
        with glyphs.recording():
            return build(*args, **kwargs)

    return collecting


def _replacement_note(replaced: set[str]) -> list[Flowable]:
    """On paper, where the 〓 is seen: what it stands for, by code point (the glyph itself cannot be shown)."""
    codes = "、".join(f"U+{ord(c):04X}" for c in sorted(replaced))
    text = (
        f"※ この文書の「{glyphs.PLACEHOLDER}」は、PDFの書体に字形がないため表示できなかった文字です（{codes}）。"
        "記録されている文字そのものは変わっていません。"
    )
    return [Spacer(1, 4 * mm), Paragraph(markup(text), style("replaced-note", 8, leading=12, textColor=SUB))]


class _NumberedCanvas(Canvas):
    """Defers page output until the end so every footer can say 「3 / 7」."""

    footer: Callable[[Canvas, int, int], None]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for number, state in enumerate(self._saved, start=1):
            self.__dict__.update(state)
            self.footer(self, number, total)
            super().showPage()
        super().save()


def build_a4(
    story: list[Flowable],
    *,
    title: str,
    footer_left: str,
    footer_note: str = "",
    made_on: dt.date,
) -> bytes:
    """Lay out a story on A4 portrait with a footer: left text, 作成日 in 和暦, page 「n / total」; a note at the
    end names the characters shown as 〓. Called inside a function marked `@document`."""
    register_fonts()
    replaced = glyphs.replaced_so_far()
    if replaced is None:
        raise RuntimeError("build_a4 must run inside a function marked @pdf.document")
    glyphs.runs(footer_left + footer_note)  # the footer is drawn after the story: note its characters now
    if replaced:
        story = [*story, *_replacement_note(replaced)]
        logger.warning(
            "PDF「%s」: 字形のない文字を〓で表示 %s",
            title,
            " ".join(f"U+{ord(c):04X}" for c in sorted(replaced)),
        )
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 8 * mm,
        title=title,
        author="kasane",
        creator="kasane",
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="a4", frames=[frame])])
    width, _ = A4

    def footer(canvas: Canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, MARGIN + 5 * mm, width - MARGIN, MARGIN + 5 * mm)
        canvas.setFillColor(SUB)
        draw_string(canvas, MARGIN, MARGIN + 1.5 * mm, f"{footer_left}　作成日：{wareki(made_on)}", size=7.5)
        if footer_note:
            draw_string(canvas, width / 2, MARGIN - 2 * mm, footer_note, size=7.5, anchor="middle")
        draw_string(canvas, width - MARGIN, MARGIN + 1.5 * mm, f"{number} / {total}", size=7.5, anchor="end")
        canvas.restoreState()

    class Numbered(_NumberedCanvas):
        pass

    Numbered.footer = staticmethod(footer)
    doc.build(story, canvasmaker=Numbered)
    return buffer.getvalue()
