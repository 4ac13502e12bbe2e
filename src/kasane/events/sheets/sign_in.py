"""受付名簿: the sign-in sheet at the door, in 市町村 and ふりがな order, with a box to tick and room to sign."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from kasane.events.models import Event, Registration
from kasane.lib import pdf

BOX = "□"
WIDTHS = [10 * mm, 24 * mm, 48 * mm, 44 * mm, 12 * mm, 42 * mm]


@pdf.document
def sign_in_pdf(event: Event, registrations: list[Registration], *, made_on: dt.date) -> bytes:
    """``registrations`` in the order to print (``sheets.roster_order``), their municipalities loaded."""
    title = pdf.style("sign-in-title", 15, spaceAfter=2 * mm)
    sub = pdf.style("sign-in-sub", 9, textColor=pdf.SUB, spaceAfter=4 * mm)
    head = pdf.style("sign-in-head", 8.5, alignment=TA_CENTER)
    cell = pdf.style("sign-in-cell", 8.5, leading=11)
    kana = pdf.style("sign-in-kana", 6.5, leading=8, textColor=pdf.SUB)
    name = pdf.style("sign-in-name", 10.5, leading=13)
    centre = pdf.style("sign-in-centre", 12, alignment=TA_CENTER)
    facts = [event.date_label(), event.time_label(), event.place]
    rows: list[list[object]] = [
        [Paragraph(h, head) for h in ("No.", "市町村", "所属", "氏名", "出席", "署名")]
    ]
    for number, r in enumerate(registrations, start=1):
        name_cell = [Paragraph(pdf.markup(r.name_kana), kana)] if r.name_kana else []
        name_cell.append(Paragraph(pdf.markup(r.name), name))
        rows.append(
            [
                Paragraph(str(number), pdf.style("sign-in-no", 8.5, alignment=TA_CENTER)),
                Paragraph(pdf.markup(r.municipality.name if r.municipality else ""), cell),
                Paragraph(pdf.markup(r.organisation), cell),
                name_cell,
                Paragraph(BOX, centre),
                "",
            ]
        )
    table = Table(
        rows,
        colWidths=WIDTHS,
        repeatRows=1,
        style=TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, pdf.RULE),
                ("BACKGROUND", (0, 0), (-1, 0), pdf.SHADE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 1), (-1, -1), 3.5),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 3.5),
            ]
        ),
    )
    story = [
        Paragraph(f"受付名簿　{pdf.markup(event.title)}", title),
        Paragraph(pdf.markup("　".join(f for f in facts if f) + f"　（申込み{len(registrations)}人）"), sub),
        table,
    ]
    if not registrations:
        story += [Spacer(1, 4 * mm), Paragraph("参加者はまだ登録されていません。", cell)]
    return pdf.build_a4(
        story, title=f"{event.title} 受付名簿", footer_left=f"{event.title} 受付名簿", made_on=made_on
    )
