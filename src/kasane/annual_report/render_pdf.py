"""The report as an A4 PDF with the embedded Japanese font (IPAex Gothic, subset and embedded)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import (
    PageBreak as PdfPageBreak,
)
from reportlab.platypus import (
    Table as PdfTable,
)

from kasane.annual_report.document import Bullets, Chart, Heading, PageBreak, Para, Report, Table
from kasane.lib import pdf
from kasane.lib.charts import to_reportlab_drawing

WIDTH = 180 * mm  # A4 less the margins
COVER = pdf.style("cover", 20, leading=30, spaceAfter=8 * mm)
COVER_SUB = pdf.style("cover_sub", 12, leading=18, textColor=pdf.SUB)
H1 = pdf.style("h1", 15, leading=22, textColor=pdf.PRIMARY, spaceBefore=2 * mm, spaceAfter=3 * mm)
H2 = pdf.style("h2", 12, leading=18, spaceBefore=4 * mm, spaceAfter=2 * mm)
H3 = pdf.style("h3", 10.5, leading=16, spaceBefore=3 * mm, spaceAfter=1.5 * mm)
BODY = pdf.style("body", 9.5)
NOTE = pdf.style("note", 8, textColor=pdf.SUB)
CAPTION = pdf.style("caption", 8.5, leading=13, spaceBefore=1 * mm, spaceAfter=1 * mm)
CELL = pdf.style("cell", 8.5, leading=12.5)
CELL_HEAD = pdf.style("cell_head", 8.5, leading=12.5)
TOC = pdf.style("toc", 11, leading=20)


def _text(value: str) -> str:
    return pdf.markup(value)


def _table(block: Table) -> Any:
    weights = block.widths or tuple(1 for _ in block.header)
    total = sum(weights)
    widths = [WIDTH * w / total for w in weights]
    rows = [[Paragraph(_text(h), CELL_HEAD) for h in block.header]]
    rows += [[Paragraph(_text(cell), CELL) for cell in row] for row in block.rows]
    table = PdfTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, pdf.RULE),
                ("BACKGROUND", (0, 0), (-1, 0), pdf.SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


@pdf.document
def render(report: Report, *, made_on: dt.date) -> bytes:
    story: list[Any] = [
        Spacer(1, 60 * mm),
        Paragraph(_text(report.title), COVER),
        Paragraph(_text(report.subtitle), COVER_SUB),
        Spacer(1, 40 * mm),
        Paragraph(_text(f"{report.made_on_label}　{report.prefecture}"), COVER_SUB),
    ]
    if report.author:
        story.append(Paragraph(_text(f"受託事業者：{report.author}"), COVER_SUB))
    story += [PdfPageBreak(), Paragraph("目次", H1)]
    story += [Paragraph(_text(f"{n}　{s.title}"), TOC) for n, s in enumerate(report.sections, start=1)]
    for number, section in enumerate(report.sections, start=1):
        story += [PdfPageBreak(), Paragraph(_text(f"{number}　{section.title}"), H1)]
        for block in section.blocks:
            if isinstance(block, Heading):
                story.append(CondPageBreak(30 * mm))
                story.append(Paragraph(_text(block.text), H2 if block.level <= 2 else H3))
            elif isinstance(block, Para):
                story.append(Paragraph(_text(block.text), NOTE if block.note else BODY))
            elif isinstance(block, Bullets):
                story += [Paragraph("・" + _text(item), BODY) for item in block.items]
            elif isinstance(block, Table):
                # 図表 titles above tables, below charts, as the ministry's reports (003) print them
                if block.label:
                    story.append(CondPageBreak(25 * mm))
                    story.append(Paragraph(_text(block.label), CAPTION))
                story += [_table(block), Spacer(1, 2 * mm)]
            elif isinstance(block, Chart):
                parts: list[Any] = [to_reportlab_drawing(block.spec, width=WIDTH)]
                if block.label:
                    parts.append(Paragraph(_text(block.label), CAPTION))
                story.append(KeepTogether([*parts, Spacer(1, 3 * mm)]))
            elif isinstance(block, PageBreak):
                story.append(CondPageBreak(120 * mm))
    return pdf.build_a4(
        story,
        title=report.title,
        footer_left=f"{report.fiscal_year_label} 後方支援事業 実施報告書",
        made_on=made_on,
    )
