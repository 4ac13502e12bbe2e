"""参加証明書: one A4 page per participant who attended, issued in the prefecture's name.

A certificate is handed to its holder, so its pages carry no running footer or page count (the documents of
``lib.pdf.build_a4`` do); only the characters shown as 〓, if any, are named on the last page.
"""

from __future__ import annotations

import datetime as dt
import io

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kasane.events.models import Event, Registration
from kasane.events.sheets import affiliation
from kasane.lib import glyphs, pdf
from kasane.lib.dates import wareki

MARGIN = 25 * mm


def _page(event: Event, r: Registration, issued_on: dt.date) -> list[Flowable]:
    title = pdf.style("cert-title", 26, leading=36, alignment=TA_CENTER, spaceAfter=18 * mm)
    body = pdf.style("cert-body", 12, leading=22)
    who = pdf.style("cert-who", 18, leading=26)
    fact = pdf.style("cert-fact", 11.5, leading=18)
    right = pdf.style("cert-right", 12, leading=22, alignment=TA_RIGHT)
    where = affiliation(r)
    facts = [
        ("名称", event.title),
        ("開催日", event.date_label()),
        ("会場", event.place or event.get_format_display()),
    ]
    table = Table(
        [[Paragraph(label, fact), Paragraph(pdf.markup(value), fact)] for label, value in facts],
        colWidths=[28 * mm, 120 * mm],
        style=TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]),
    )
    story: list[Flowable] = [Spacer(1, 20 * mm), Paragraph("参加証明書", title)]
    if where:
        story.append(Paragraph(pdf.markup(where), body))
    story += [
        Paragraph(f"{pdf.markup(r.name)}　様", who),
        Spacer(1, 14 * mm),
        Paragraph("あなたは、下記の研修・会議に参加したことを証明します。", body),
        Spacer(1, 8 * mm),
        Paragraph("記", pdf.style("cert-ki", 12, alignment=TA_CENTER, spaceAfter=6 * mm)),
        table,
        Paragraph("以上", right),
        Spacer(1, 24 * mm),
        Paragraph(wareki(issued_on), right),
        Paragraph(
            pdf.markup(event.prefecture.name), pdf.style("cert-issuer", 16, leading=24, alignment=TA_RIGHT)
        ),
    ]
    return story


@pdf.document
def certificates_pdf(event: Event, registrations: list[Registration], *, issued_on: dt.date) -> bytes:
    """One page per registration given (the caller passes only those who attended)."""
    story: list[Flowable] = []
    for r in registrations:
        if story:
            story.append(PageBreak())
        story += _page(event, r, issued_on)
    replaced = glyphs.replaced_so_far()
    if replaced:
        codes = "、".join(f"U+{ord(c):04X}" for c in sorted(replaced))
        note = f"※「{glyphs.PLACEHOLDER}」は、PDFの書体に字形がないため表示できなかった文字です（{codes}）。"
        story += [
            Spacer(1, 6 * mm),
            Paragraph(pdf.markup(note), pdf.style("cert-note", 8, textColor=pdf.SUB)),
        ]
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{event.title} 参加証明書",
        author=event.prefecture.name,
        creator="kasane",
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="certificate", frames=[frame])])
    doc.build(story)
    return buffer.getvalue()
