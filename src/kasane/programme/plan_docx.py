"""The 実施計画 as a Word document staff can go on editing: A4, 表紙, a 目次 field (its lines are written in, and
Word adds the page numbers when the field is updated), chapters and sections as Word headings (the navigation
pane shows them), the 事業's tables as real Word tables with merged label cells. The stamp (「案」 or 公表版)
is in the header of every page; the chapters' pages are numbered from 1 in the footer, as 004 numbers them."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from kasane.programme.plan_blocks import Block, GridTable, Heading, KeyTable, Para, PlanContent, stamp

# Municipal PCs run Windows, which ships BIZ UDPゴシック (a universal-design font made for public documents),
# as the annual report does; where it is missing Word falls back to its own Japanese font.
FONT = "BIZ UDPゴシック"
SUB = RGBColor(0x4D, 0x4D, 0x4D)
PRIMARY = RGBColor(0x00, 0x17, 0xC1)
SHADE = "F2F2F2"
TEXT_WIDTH = 174  # mm: A4 less the margins
LABEL_WIDTH = 36


def _japanese_font(style: Any) -> None:
    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    # A theme font named in the style (the headings') would win over the names above.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)


def _field_char(paragraph: Any, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _instruction(paragraph: Any, text: str) -> None:
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {text} "
    paragraph.add_run()._r.append(code)


def _field(paragraph: Any, instruction: str, cached: str) -> None:
    """A Word field (PAGE) with the text shown until Word computes it."""
    _field_char(paragraph, "begin")
    _instruction(paragraph, instruction)
    _field_char(paragraph, "separate")
    paragraph.add_run(cached)
    _field_char(paragraph, "end")


def _shade(cell: Any) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), SHADE)
    cell._tc.get_or_add_tcPr().append(shading)


def _write(cell: Any, text: str, *, shade: bool = False) -> None:
    cell.text = text
    for paragraph in cell.paragraphs:
        paragraph.paragraph_format.space_after = Pt(0)
        for run in paragraph.runs:
            run.font.size = Pt(9)
    if shade:
        _shade(cell)


def _widths(table: Any, widths: list[float]) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 40), ("bottom", 40), ("left", 100), ("right", 100)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # the table's grid, which LibreOffice lays out by
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Mm(width)


def _key_table(document: Any, block: KeyTable) -> None:
    rows = ([None] if block.caption else []) + list(block.rows)
    table = document.add_table(rows=len(rows), cols=3)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rest = (TEXT_WIDTH - LABEL_WIDTH) / 2
    _widths(table, [LABEL_WIDTH, rest, rest])
    if block.caption:
        _write(table.cell(0, 0).merge(table.cell(0, 2)), block.caption, shade=True)
    first = 1 if block.caption else 0
    start = first
    for r, row in enumerate(block.rows, start=first):
        if len(row.cells) == 1:
            _write(table.cell(r, 1).merge(table.cell(r, 2)), row.cells[0], shade=row.head)
        else:
            for c, text in enumerate(row.cells, start=1):
                _write(table.cell(r, c), text, shade=row.head)
        last = r == len(rows) - 1
        if last or block.rows[r - first + 1].label != row.label:
            _write(table.cell(start, 0).merge(table.cell(r, 0)), row.label, shade=True)
            start = r + 1
    # A 事業's table is short: kept on one page, as the PDF keeps it.
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    document.add_paragraph()


def _grid_table(document: Any, block: GridTable) -> None:
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = document.styles["Table Grid"]
    total = sum(block.widths)
    _widths(table, [TEXT_WIDTH * w / total for w in block.widths])
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        _write(cell, text, shade=True)
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            _write(cell, text)
    document.add_paragraph()


def _blocks(document: Any, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if isinstance(block, Para):
            paragraph = document.add_paragraph(block.text)
            if block.note:
                paragraph.paragraph_format.keep_with_next = True  # the legal basis above its table
                for run in paragraph.runs:
                    run.font.size, run.font.color.rgb = Pt(8.5), SUB
            else:
                paragraph.paragraph_format.first_line_indent = Pt(10.5)
        elif isinstance(block, Heading):
            document.add_heading(block.text, level=3)
        elif isinstance(block, KeyTable):
            _key_table(document, block)
        else:
            _grid_table(document, block)


def _page_setup(document: Any, mark: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    section.top_margin, section.bottom_margin = Mm(20), Mm(18)
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(mark)
    run.font.size = Pt(16 if mark == "案" else 9)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Table Grid", "TOC 1", "TOC 2"):
        try:
            _japanese_font(document.styles[name])
        except KeyError:
            continue
    document.styles["Normal"].font.size = Pt(10.5)
    for name, size in (("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11)):
        document.styles[name].font.size = Pt(size)
        document.styles[name].font.bold = False
        document.styles[name].font.color.rgb = PRIMARY if name == "Heading 1" else RGBColor(0x1A, 0x1A, 0x1A)


def _numbered_from_here(document: Any) -> None:
    """A new section for the chapters, its pages numbered from 1 as 004 numbers them (the 表紙 and 目次 have
    none); the header with the stamp carries over from the first section."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.append(numbering)
    section.footer.is_linked_to_previous = False
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE", "1")


def _cover(document: Any, content: PlanContent) -> None:
    def centred(text: str, size: float, *, before: float = 0) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Mm(before)
        run = paragraph.add_run(text)
        run.font.size = Pt(size)

    centred(content.title, 22, before=70)
    centred(content.period_label, 12.5, before=4)
    dates = "　".join(
        filter(None, [content.made_label, f"（{content.revised_label}）" if content.revised_label else ""])
    )
    if dates:
        centred(dates, 12.5, before=75)
    centred(content.municipality, 16, before=8 if dates else 90)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _toc(document: Any, content: PlanContent) -> None:
    title = document.add_paragraph()
    run = title.add_run("目次")
    run.font.size, run.font.bold = Pt(15), True
    entries = content.toc
    # One field across the entries' paragraphs: Word shows these lines until the field is updated (F9), then
    # the same headings with their page numbers.
    for n, entry in enumerate(entries):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Mm(8 * entry.level)
        if n == 0:
            _field_char(paragraph, "begin")
            _instruction(paragraph, 'TOC \\o "1-2" \\h \\z \\u')
            _field_char(paragraph, "separate")
        paragraph.add_run(entry.text)
        if n == len(entries) - 1:
            _field_char(paragraph, "end")


def to_docx(content: PlanContent, *, draft: bool = True) -> bytes:
    """The plan as .docx; ``draft`` puts 「案」 in the header of every page, otherwise the 公表版 stamp."""
    document = Document()
    _page_setup(document, stamp(content, draft=draft))
    document.core_properties.title = content.title
    document.core_properties.author = content.municipality
    _cover(document, content)
    _toc(document, content)
    _numbered_from_here(document)
    for n, chapter in enumerate(content.chapters):
        heading = document.add_heading(chapter.heading, level=1)
        heading.paragraph_format.page_break_before = n > 0
        _blocks(document, chapter.blocks)
        for section in chapter.sections:
            document.add_heading(f"{section.number} {section.title}", level=2)
            _blocks(document, section.blocks)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
