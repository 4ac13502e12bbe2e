"""The report as a Word document (A4, headings as Word headings so the navigation pane shows them)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from kasane.annual_report.document import Bullets, Chart, Heading, PageBreak, Para, Report, Table
from kasane.annual_report.render_png import chart_png

# Municipal PCs run Windows, which ships BIZ UDPゴシック (a universal-design font made for public
# documents); where it is missing, Word and PowerPoint fall back to their Japanese default.
FONT = "BIZ UDPゴシック"
SUB = RGBColor(0x4D, 0x4D, 0x4D)


def _japanese_font(style: object) -> None:
    font = style.font  # type: ignore[attr-defined]
    font.name = FONT
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _cell(cell: object, text: str, *, bold: bool = False) -> None:
    cell.text = text  # type: ignore[attr-defined]
    for paragraph in cell.paragraphs:  # type: ignore[attr-defined]
        for run in paragraph.runs:
            run.font.size = Pt(9)
            run.font.bold = bold


def render(report: Report) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    for name in (
        "Normal",
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Caption",
        "List Bullet",
        "Table Grid",
    ):
        try:
            _japanese_font(document.styles[name])
        except KeyError:
            continue
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = report.title
    document.core_properties.author = report.author or report.prefecture

    document.add_paragraph(report.title, style="Title")
    document.add_paragraph(report.subtitle, style="Subtitle")
    document.add_paragraph(f"{report.made_on_label}　{report.prefecture}")
    if report.author:
        document.add_paragraph(f"受託事業者：{report.author}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading("目次", level=1)
    for number, part in enumerate(report.sections, start=1):
        document.add_paragraph(f"{number}　{part.title}")

    for number, part in enumerate(report.sections, start=1):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading(f"{number}　{part.title}", level=1)
        for block in part.blocks:
            if isinstance(block, Heading):
                document.add_heading(block.text, level=min(3, block.level))
            elif isinstance(block, Para):
                paragraph = document.add_paragraph()
                run = paragraph.add_run(block.text)
                if block.note:
                    run.font.size = Pt(8.5)
                    run.font.color.rgb = SUB
            elif isinstance(block, Bullets):
                for item in block.items:
                    document.add_paragraph(item, style="List Bullet")
            elif isinstance(block, Table):
                table = document.add_table(rows=1, cols=len(block.header))
                table.style = document.styles["Table Grid"]
                for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                    _cell(cell, text, bold=True)
                for row in block.rows:
                    cells = table.add_row().cells
                    for cell, text in zip(cells, row, strict=True):
                        _cell(cell, text)
                if block.widths:
                    total = sum(block.widths)
                    for column, weight in zip(table.columns, block.widths, strict=True):
                        for cell in column.cells:
                            cell.width = Mm(174 * weight / total)
                if block.caption:
                    document.add_paragraph(block.caption, style="Caption")
            elif isinstance(block, Chart):
                document.add_picture(io.BytesIO(chart_png(block.spec)), width=Mm(170))
                if block.caption:
                    document.add_paragraph(block.caption, style="Caption")
            elif isinstance(block, PageBreak):
                continue
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
