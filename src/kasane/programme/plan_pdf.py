"""The 実施計画 as an A4 PDF in the embedded Japanese font (``kasane.lib.pdf``): 表紙, 目次 with page numbers,
each chapter from a new page, the 事業's tables with a grid. Every page carries the document's stamp (「案」, or
公表版 and its date) at the top right; pages are numbered from the first chapter, as 004 numbers them, and the
chapters and sections are the PDF's bookmarks too."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from kasane.lib import glyphs, pdf
from kasane.programme.plan_blocks import Block, GridTable, Heading, KeyTable, Para, PlanContent, stamp

WIDTH = A4[0] - 2 * pdf.MARGIN
LABEL_WIDTH = 38 * mm


def _styles() -> dict[str, Any]:
    return {
        "cover": pdf.style("plan-cover", 22, leading=34, alignment=1),
        "cover_sub": pdf.style("plan-cover-sub", 12.5, leading=20, alignment=1, textColor=pdf.SUB),
        "cover_city": pdf.style("plan-cover-city", 16, leading=24, alignment=1),
        "toc_title": pdf.style("plan-toc-title", 15, leading=22, spaceAfter=4 * mm),
        "toc0": pdf.style("plan-toc0", 11, leading=19, leftIndent=0),
        "toc1": pdf.style("plan-toc1", 10, leading=16, leftIndent=8 * mm),
        "h1": pdf.style("plan-h1", 15, leading=22, textColor=pdf.PRIMARY, spaceAfter=3 * mm),
        "h2": pdf.style("plan-h2", 12, leading=18, spaceBefore=4 * mm, spaceAfter=2 * mm, keepWithNext=1),
        "h3": pdf.style("plan-h3", 10.5, leading=16, spaceBefore=3 * mm, spaceAfter=1.5 * mm),
        "body": pdf.style("plan-body", 10, leading=17, firstLineIndent=10, spaceAfter=1.5 * mm),
        "note": pdf.style("plan-note", 8.5, leading=13, textColor=pdf.SUB, spaceAfter=1.5 * mm),
        "cell": pdf.style("plan-cell", 9, leading=13.5),
    }


class _Entry(Paragraph):
    """A chapter or section heading: a line of the 目次 and a bookmark."""

    def __init__(self, text: str, style: Any, level: int) -> None:
        super().__init__(pdf.markup(text), style)
        self.toc_text, self.toc_level = text, level


class _PlanDoc(BaseDocTemplate):
    """Numbers pages from the first chapter (the 表紙 and 目次 have none) and feeds the 目次."""

    def __init__(self, buffer: io.BytesIO, content: PlanContent, mark: str) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=pdf.MARGIN,
            rightMargin=pdf.MARGIN,
            topMargin=pdf.MARGIN + 8 * mm,
            bottomMargin=pdf.MARGIN + 8 * mm,
            title=content.title,
            author=content.municipality,
            creator="kasane",
        )
        self.content, self.mark = content, mark
        self.front_pages: int | None = None
        self.entries = 0
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates(
            [
                PageTemplate(id="front", frames=[frame], onPage=self._stamp),
                PageTemplate(id="body", frames=[frame], onPage=self._stamp, onPageEnd=self._footer),
            ]
        )

    def build(self, flowables: list[Flowable], **kwargs: Any) -> None:
        self.front_pages, self.entries = None, 0  # multiBuild lays the story out again
        super().build(flowables, **kwargs)

    def page_number(self) -> int:
        return self.page - (self.front_pages or 0)

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, _Entry):
            return
        if self.front_pages is None:
            self.front_pages = self.page - 1
        self.entries += 1
        key = f"entry-{self.entries}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.toc_text, key, level=flowable.toc_level)
        self.notify("TOCEntry", (flowable.toc_level, pdf.markup(flowable.toc_text), self.page_number(), key))

    def _stamp(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = A4
        canvas.saveState()
        top = height - 8 * mm  # above the frame, which starts 23 mm from the top
        if self.mark == "案":
            canvas.setStrokeColor(pdf.TEXT)
            canvas.setLineWidth(1)
            canvas.rect(width - pdf.MARGIN - 14 * mm, top - 9 * mm, 14 * mm, 9 * mm)
            canvas.setFillColor(pdf.TEXT)
            pdf.draw_string(
                canvas, width - pdf.MARGIN - 7 * mm, top - 6.8 * mm, "案", size=14, anchor="middle"
            )
        else:
            canvas.setFillColor(pdf.SUB)
            pdf.draw_string(canvas, width - pdf.MARGIN, top - 5 * mm, self.mark, size=9, anchor="end")
        canvas.restoreState()

    def _footer(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        if self.front_pages is None:
            return
        width, _ = A4
        canvas.saveState()
        canvas.setFillColor(pdf.SUB)
        pdf.draw_string(canvas, pdf.MARGIN, pdf.MARGIN, self.content.municipality, size=7.5)
        pdf.draw_string(canvas, width / 2, pdf.MARGIN, f"- {self.page_number()} -", size=9, anchor="middle")
        canvas.restoreState()


def _cell(text: str, style: Any) -> Paragraph:
    return Paragraph(pdf.markup(text), style)


def _key_table(block: KeyTable, cell: Any) -> Table:
    data: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, pdf.RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), pdf.SHADE),
    ]
    if block.caption:
        data.append([_cell(block.caption, cell), "", ""])
        commands += [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), pdf.SHADE)]
    start, previous = len(data), None
    for row in block.rows:
        r = len(data)
        label = "" if row.label == previous else row.label
        if row.label != previous:
            if r - start > 1:
                commands.append(("SPAN", (0, start), (0, r - 1)))
            start, previous = r, row.label
        if len(row.cells) == 1:
            data.append([_cell(label, cell), _cell(row.cells[0], cell), ""])
            commands.append(("SPAN", (1, r), (2, r)))
        else:
            data.append([_cell(label, cell), *(_cell(c, cell) for c in row.cells)])
        if row.head:
            commands.append(("BACKGROUND", (1, r), (2, r), pdf.SHADE))
    if len(data) - start > 1:
        commands.append(("SPAN", (0, start), (0, len(data) - 1)))
    rest = (WIDTH - LABEL_WIDTH) / 2
    table = Table(data, colWidths=[LABEL_WIDTH, rest, rest])
    table.setStyle(TableStyle(commands))
    return table


def _grid_table(block: GridTable, cell: Any) -> Table:
    total = sum(block.widths)
    data = [[_cell(h, cell) for h in block.header]]
    data += [[_cell(c, cell) for c in row] for row in block.rows]
    table = Table(data, colWidths=[WIDTH * w / total for w in block.widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, pdf.RULE),
                ("BACKGROUND", (0, 0), (-1, 0), pdf.SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _blocks(blocks: tuple[Block, ...], s: dict[str, Any]) -> list[Flowable]:
    """The blocks as flowables; a heading and the note under it (a legal basis) stay with the table they
    lead to, and a 事業's table is not split across pages."""
    story: list[Flowable] = []
    leading: list[Flowable] = []
    for block in blocks:
        if isinstance(block, Heading):
            if not leading:
                story.append(CondPageBreak(30 * mm))
            leading.append(Paragraph(pdf.markup(block.text), s["h3"]))
        elif isinstance(block, Para) and block.note and leading:
            leading.append(Paragraph(pdf.markup(block.text), s["note"]))
        elif isinstance(block, KeyTable):
            story += [KeepTogether([*leading, _key_table(block, s["cell"])]), Spacer(1, 3 * mm)]
            leading = []
        else:
            story += leading
            leading = []
            if isinstance(block, Para):
                story.append(Paragraph(pdf.markup(block.text), s["note" if block.note else "body"]))
            else:
                story += [_grid_table(block, s["cell"]), Spacer(1, 3 * mm)]
    return story + leading


def _cover(content: PlanContent, s: dict[str, Any]) -> list[Flowable]:
    dates = "　".join(
        filter(None, [content.made_label, f"（{content.revised_label}）" if content.revised_label else ""])
    )
    story: list[Flowable] = [
        Spacer(1, 62 * mm),
        Paragraph(pdf.markup(content.title), s["cover"]),
        Spacer(1, 6 * mm),
        Paragraph(pdf.markup(content.period_label), s["cover_sub"]),
        Spacer(1, 70 * mm),
    ]
    if dates:
        story.append(Paragraph(pdf.markup(dates), s["cover_sub"]))
    return [*story, Spacer(1, 12 * mm), Paragraph(pdf.markup(content.municipality), s["cover_city"])]


@pdf.document
def to_pdf(content: PlanContent, *, draft: bool) -> bytes:
    """The plan on A4. ``draft`` stamps 「案」 on every page; otherwise the 公表版 stamp with its date."""
    s = _styles()
    toc = TableOfContents(levelStyles=[s["toc0"], s["toc1"]], dotsMinLevel=0)
    story: list[Flowable] = [NextPageTemplate("front"), *_cover(content, s), PageBreak()]
    story += [Paragraph("目次", s["toc_title"]), toc, NextPageTemplate("body")]
    for chapter in content.chapters:
        story += [PageBreak(), _Entry(chapter.heading, s["h1"], 0), *_blocks(chapter.blocks, s)]
        for section in chapter.sections:
            story += [CondPageBreak(40 * mm), _Entry(f"{section.number} {section.title}", s["h2"], 1)]
            story += _blocks(section.blocks, s)
    mark = stamp(content, draft=draft)
    glyphs.runs(mark + content.municipality)  # drawn on the canvas after the story: note their characters now
    replaced = glyphs.replaced_so_far()
    if replaced:
        codes = "、".join(f"U+{ord(c):04X}" for c in sorted(replaced))
        story.append(
            Paragraph(
                pdf.markup(
                    f"※ この文書の「{glyphs.PLACEHOLDER}」は、PDFの書体に字形がないため表示できなかった文字です（{codes}）。"
                ),
                s["note"],
            )
        )
    buffer = io.BytesIO()
    _PlanDoc(buffer, content, mark).multiBuild(story)
    return buffer.getvalue()
