"""The report as a Word document (A4): chapters and sections styled Heading 1/2, so the navigation pane and
the table of contents find them; the contents is a TOC field Word refreshes on open, and the footer numbers
the pages with a PAGE field (the cover has none)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from kasane.annual_report import docx_fields
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


def _footer(section: object, left: str) -> None:
    """「n / total」 centred under a small title, on every page but the cover."""
    section.different_first_page_header_footer = True  # type: ignore[attr-defined]
    paragraph = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{left}　")
    docx_fields.simple_field(paragraph, "PAGE", "1")
    paragraph.add_run(" / ")
    docx_fields.simple_field(paragraph, "NUMPAGES", "1")
    for run in paragraph.runs:
        run.font.size = Pt(8.5)
        run.font.color.rgb = SUB


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
        "TOC Heading",
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
    _footer(section, f"{report.fiscal_year_label} 後方支援事業 実施報告書")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("目次", style="TOC Heading")  # not a Heading: the contents does not list itself
    docx_fields.table_of_contents(
        document, [f"{number}　{part.title}" for number, part in enumerate(report.sections, start=1)]
    )
    docx_fields.update_fields_on_open(document)

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
                if block.label:  # 図表 titles above tables, below charts
                    document.add_paragraph(
                        block.label, style="Caption"
                    ).paragraph_format.keep_with_next = True
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
            elif isinstance(block, Chart):
                document.add_picture(io.BytesIO(chart_png(block.spec)), width=Mm(170))
                if block.label:
                    document.add_paragraph(block.label, style="Caption")
            elif isinstance(block, PageBreak):
                continue
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
