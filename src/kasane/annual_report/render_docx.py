"""The report as a Word document (A4): chapters and sections styled Heading 1/2, so the navigation pane and
the table of contents find them; the contents is a TOC field Word refreshes on open, and the footer numbers
the pages with a PAGE field (the cover has none).

Speed (issue 20): python-docx resolves a style name by scanning every style of the document, twice, on each
paragraph, finds a column's cells by laying out the whole table, and builds each cell's run element by
element; at a prefecture's size that was half of the document's time besides the charts. Styles are looked
up once per document (``_Styles``), cells are filled through the XML elements, and a table's rows after the
first are copies of it with their own text: the same XML as python-docx's proxies write (checked part by
part against the former output on the benchmark's report).
"""

from __future__ import annotations

import copy
import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

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


class _Styles:
    """Style ids by name, resolved once per document."""

    def __init__(self, document: Any) -> None:
        self._part = document.part
        self._ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}

    def id(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        key = (name, kind)
        if key not in self._ids:
            self._ids[key] = self._part.get_style_id(name, kind)
        return self._ids[key]

    def paragraph(self, document: Any, text: str, name: str) -> Paragraph:
        """``document.add_paragraph(text, style=name)``, without resolving the name again."""
        paragraph = document.add_paragraph(text)
        paragraph._p.style = self.id(name)
        return paragraph


def _heading_style(level: int) -> str:
    """The style ``document.add_heading(text, level=min(3, level))`` gives."""
    return "Title" if level == 0 else f"Heading {min(3, level)}"


def _cell(tc: CT_Tc, text: str, *, bold: bool = False) -> None:
    """``cell.text = text`` with the run in 9 pt (bold or not), as python-docx's cell and font would."""
    tc.clear_content()
    run = tc.add_p().add_r()
    run.text = text
    properties = run.get_or_add_rPr()
    properties.sz_val = Pt(9)
    properties.get_or_add_b().val = bold


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


def _table(document: Any, styles: _Styles, block: Table) -> None:
    table = document.add_table(rows=1, cols=len(block.header))
    tbl = table._tbl
    tbl.tblStyle_val = styles.id("Table Grid", WD_STYLE_TYPE.TABLE)
    for tc, text in zip(tbl.tr_lst[0].tc_lst, block.header, strict=True):
        _cell(tc, text, bold=True)
    if block.rows:
        for tc, text in zip(table.add_row()._tr.tc_lst, block.rows[0], strict=True):
            _cell(tc, text)
    if block.widths:
        total = sum(block.widths)
        widths = [Mm(174 * weight / total) for weight in block.widths]
        for tr in tbl.tr_lst:  # no merged cells: each row holds one cell per column
            for tc, width in zip(tr.tc_lst, widths, strict=True):
                tc.width = width
    # The other rows are copies of the first with their own text: the XML add_row and _cell would write.
    first: Any = tbl.tr_lst[1] if block.rows else None
    for row in block.rows[1:]:
        tr = copy.deepcopy(first)
        for tc, text in zip(tr.tc_lst, row, strict=True):
            tc.p_lst[0].r_lst[0].text = text
        tbl.append(tr)


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

    styles = _Styles(document)
    styles.paragraph(document, report.title, "Title")
    styles.paragraph(document, report.subtitle, "Subtitle")
    document.add_paragraph(f"{report.made_on_label}　{report.prefecture}")
    if report.author:
        document.add_paragraph(f"受託事業者：{report.author}")
    _footer(section, f"{report.fiscal_year_label} 後方支援事業 実施報告書")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    styles.paragraph(document, "目次", "TOC Heading")  # not a Heading: the contents does not list itself
    docx_fields.table_of_contents(
        document, [f"{number}　{part.title}" for number, part in enumerate(report.sections, start=1)]
    )
    docx_fields.update_fields_on_open(document)

    for number, part in enumerate(report.sections, start=1):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        styles.paragraph(document, f"{number}　{part.title}", "Heading 1")
        for block in part.blocks:
            if isinstance(block, Heading):
                styles.paragraph(document, block.text, _heading_style(block.level))
            elif isinstance(block, Para):
                paragraph = document.add_paragraph()
                run = paragraph.add_run(block.text)
                if block.note:
                    run.font.size = Pt(8.5)
                    run.font.color.rgb = SUB
            elif isinstance(block, Bullets):
                for item in block.items:
                    styles.paragraph(document, item, "List Bullet")
            elif isinstance(block, Table):
                if block.label:  # 図表 titles above tables, below charts
                    caption = styles.paragraph(document, block.label, "Caption")
                    caption.paragraph_format.keep_with_next = True
                _table(document, styles, block)
            elif isinstance(block, Chart):
                document.add_picture(io.BytesIO(chart_png(block.spec)), width=Mm(170))
                if block.label:
                    styles.paragraph(document, block.label, "Caption")
            elif isinstance(block, PageBreak):
                continue
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
