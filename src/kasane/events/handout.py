"""The 次第 handed out on the day: the event's facts and its programme on A4, as 003 図表 2-6/2-7 lay them out."""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from kasane.events.models import Event, ProgrammeSlot
from kasane.lib import pdf


def _text(value: str) -> str:
    return pdf.markup(value)


@pdf.document
def programme_pdf(event: Event, slots: list[ProgrammeSlot], *, made_on: dt.date) -> bytes:
    title = pdf.style("title", 15, spaceAfter=4 * mm)
    body = pdf.style("body", 9.5)
    strong = pdf.style("strong", 9.5, textColor=pdf.TEXT)
    sub = pdf.style("sub", 8.5, textColor=pdf.SUB)
    facts = [
        ("日時", f"{event.date_label()} {event.time_label()}"),
        ("開催形式", event.get_format_display()),
        ("会場", event.place or "オンライン"),
        ("参加対象", event.target),
    ]
    fact_rows = [[Paragraph(label, strong), Paragraph(_text(value), body)] for label, value in facts if value]
    programme_rows = [[Paragraph("時間", strong), Paragraph("内容", strong)]]
    for slot in slots:
        when = f"{slot.starts_at:%H:%M}〜" + (f"{slot.ends_at:%H:%M}" if slot.ends_at else "")
        cell = [Paragraph(f"<b>{_text(slot.title)}</b>", body)]
        cell += [Paragraph(f"講師：{_text(name)}", sub) for name in slot.speaker_list()]
        if slot.content:
            cell.append(Paragraph(_text(slot.content), sub))
        programme_rows.append([Paragraph(when, body), cell])
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, pdf.RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (0, -1), pdf.SHADE),
        ]
    )
    programme_style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, pdf.RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), pdf.SHADE),
        ]
    )
    story = [
        Paragraph(_text(event.title), title),
        Table(fact_rows, colWidths=[28 * mm, 152 * mm], style=grid),
        Spacer(1, 6 * mm),
        Paragraph("プログラム", pdf.style("h2", 12, spaceAfter=2 * mm)),
        Table(programme_rows, colWidths=[28 * mm, 152 * mm], style=programme_style, repeatRows=1),
    ]
    return pdf.build_a4(story, title=f"{event.title} 次第", footer_left=event.title, made_on=made_on)
