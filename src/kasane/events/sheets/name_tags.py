"""名札: ten to an A4 sheet (2 across, 5 down), each cut along its frame: ふりがな, the name as large as it fits,
所属 and 市町村, and the group once the groups are made."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from kasane.events.models import Event, Registration
from kasane.events.sheets import affiliation
from kasane.lib import pdf

ACROSS = 2
TAG_WIDTH = 90 * mm
TAG_HEIGHT = 50 * mm  # five rows fit the frame of lib.pdf.build_a4 (its padding included)
PADDING = 8
NAME_SIZE = 30
NAME_MIN = 14


def name_size(name: str) -> float:
    """The largest size, up to NAME_SIZE, at which the name fits on one line of the tag."""
    pdf.register_fonts()
    width = pdfmetrics.stringWidth(name, pdf.FONT_NAME, 1) or 1
    return max(NAME_MIN, min(NAME_SIZE, (TAG_WIDTH - 2 * PADDING - 4) / width))


def _tag(r: Registration, number: int) -> list[Flowable]:
    size = name_size(r.name)
    where = affiliation(r)
    tag: list[Flowable] = [
        Paragraph(
            pdf.markup(r.group.name if r.group else ""),
            pdf.style("tag-group", 9, alignment=TA_RIGHT, textColor=pdf.PRIMARY),
        ),
        Paragraph(pdf.markup(r.name_kana), pdf.style("tag-kana", 10, alignment=TA_CENTER, textColor=pdf.SUB)),
        Paragraph(
            pdf.markup(r.name), pdf.style(f"tag-name-{number}", size, leading=size * 1.3, alignment=TA_CENTER)
        ),
        Paragraph(pdf.markup(where), pdf.style("tag-where", 9.5, leading=13, alignment=TA_CENTER)),
    ]
    return tag


@pdf.document
def name_tags_pdf(event: Event, registrations: list[Registration], *, made_on: dt.date) -> bytes:
    """``registrations`` in the order to print, their municipalities and groups loaded."""
    cells: list[list[Flowable] | str] = [_tag(r, i) for i, r in enumerate(registrations)]
    if not cells:
        cells = [[Paragraph("参加者はまだ登録されていません。", pdf.style("tag-none", 10))]]
    while len(cells) % ACROSS:
        cells.append("")
    rows = [cells[i : i + ACROSS] for i in range(0, len(cells), ACROSS)]
    table = Table(
        rows,
        colWidths=[TAG_WIDTH] * ACROSS,
        rowHeights=[TAG_HEIGHT] * len(rows),
        style=TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, pdf.RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ]
        ),
    )
    return pdf.build_a4(
        [table],
        title=f"{event.title} 名札",
        footer_left=f"{event.title} 名札（枠線で切り取ってください）",
        made_on=made_on,
    )
