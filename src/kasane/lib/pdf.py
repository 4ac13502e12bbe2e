"""A4 PDFs with the embedded Japanese font (IPAex Gothic, a TrueType font: reportlab subsets and embeds it;
CID fonts would not be embedded). Later documents (minutes, plans, reports) build on these helpers."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from kasane.lib.dates import wareki
from kasane.lib.fonts import ipaex_gothic

FONT_NAME = "IPAexGothic"
TEXT = colors.HexColor("#1A1A1A")
SUB = colors.HexColor("#4D4D4D")
PRIMARY = colors.HexColor("#0017C1")
SHADE = colors.HexColor("#F2F2F2")
RULE = colors.HexColor("#949494")
MARGIN = 15 * mm

_registered = False


def register_fonts() -> None:
    global _registered
    if not _registered:
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
    """Lay out a story on A4 portrait with a footer: left text, 作成日 in 和暦, page 「n / total」."""
    register_fonts()
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
        canvas.setFont(FONT_NAME, 7.5)
        canvas.setFillColor(SUB)
        canvas.drawString(MARGIN, MARGIN + 1.5 * mm, f"{footer_left}　作成日：{wareki(made_on)}")
        if footer_note:
            canvas.drawCentredString(width / 2, MARGIN - 2 * mm, footer_note)
        canvas.drawRightString(width - MARGIN, MARGIN + 1.5 * mm, f"{number} / {total}")
        canvas.restoreState()

    class Numbered(_NumberedCanvas):
        pass

    Numbered.footer = staticmethod(footer)
    doc.build(story, canvasmaker=Numbered)
    return buffer.getvalue()
