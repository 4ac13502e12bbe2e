"""The report as PowerPoint slides for the report meeting: the same figures as native, editable charts."""

from __future__ import annotations

import io
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Emu, Pt

from kasane.annual_report.document import Chart, Report, Slide, Table
from kasane.lib.charts import BARS

# Municipal PCs run Windows, which ships BIZ UDPゴシック (a universal-design font made for public
# documents); where it is missing, Word and PowerPoint fall back to their Japanese default.
FONT = "BIZ UDPゴシック"
PRIMARY = RGBColor(0x00, 0x17, 0xC1)
TEXT = RGBColor(0x1A, 0x1A, 0x1A)
WIDE = (Emu(12192000), Emu(6858000))  # 16:9
MAX_TABLE_ROWS = 10


def _style_text(frame: Any, size: int, *, colour: RGBColor = TEXT, bold: bool = False) -> None:
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run.font.name = FONT
            run.font.size = Pt(size)
            run.font.bold = bold
            run.font.color.rgb = colour


def _title(slide: Any, text: str) -> None:
    shape = slide.shapes.title
    shape.text = text
    _style_text(shape.text_frame, 28, colour=PRIMARY, bold=True)


def _chart(slide: Any, chart: Chart, left: Emu, top: Emu, width: Emu, height: Emu) -> None:
    spec = chart.spec
    data = CategoryChartData()
    data.categories = list(reversed(spec.categories))  # PowerPoint draws the first category at the bottom
    for index, name in enumerate(spec.series):
        data.add_series(name, [row[index] for row in reversed(spec.percentages)], number_format='0.0"%"')
    kind = XL_CHART_TYPE.BAR_CLUSTERED if spec.kind == BARS else XL_CHART_TYPE.BAR_STACKED_100
    graphic = slide.shapes.add_chart(kind, left, top, width, height, data).chart
    graphic.has_title = True
    graphic.chart_title.text_frame.text = spec.title
    _style_text(graphic.chart_title.text_frame, 14, bold=True)
    graphic.has_legend = spec.kind != BARS
    if graphic.has_legend:
        graphic.legend.position = XL_LEGEND_POSITION.TOP
        graphic.legend.include_in_layout = False
        graphic.legend.font.size = Pt(11)
        graphic.legend.font.name = FONT
    plot = graphic.plots[0]
    plot.has_data_labels = True
    plot.data_labels.font.size = Pt(10)
    plot.data_labels.font.name = FONT
    plot.data_labels.number_format = '0.0"%"'
    plot.data_labels.number_format_is_linked = False
    for series, colour in zip(plot.series, spec.colours() * len(spec.series), strict=False):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#").upper())
    graphic.category_axis.tick_labels.font.size = Pt(11)
    graphic.category_axis.tick_labels.font.name = FONT
    graphic.value_axis.tick_labels.font.size = Pt(10)


def _table(slide: Any, table: Table, left: Emu, top: Emu, width: Emu) -> None:
    rows = table.rows[:MAX_TABLE_ROWS]
    shape = slide.shapes.add_table(
        len(rows) + 1, len(table.header), left, top, width, Emu(400000 * (len(rows) + 1))
    )
    grid = shape.table
    for col, text in enumerate(table.header):
        grid.cell(0, col).text = text
        _style_text(grid.cell(0, col).text_frame, 12, colour=RGBColor(0xFF, 0xFF, 0xFF), bold=True)
    for r, row in enumerate(rows, start=1):
        for col, text in enumerate(row):
            grid.cell(r, col).text = text
            _style_text(grid.cell(r, col).text_frame, 11)


def _add(presentation: Any, slide_data: Slide) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[5])  # title only
    _title(slide, slide_data.title)
    width, height = presentation.slide_width, presentation.slide_height
    margin = Emu(457200)
    top = Emu(1400000)
    figure = slide_data.chart or slide_data.table
    text_width = Emu(int(width * 0.36)) if figure else Emu(width - 2 * margin)
    if slide_data.points:
        box = slide.shapes.add_textbox(margin, top, text_width, Emu(height - top - margin))
        frame = box.text_frame
        frame.word_wrap = True
        for index, point in enumerate(slide_data.points):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.text = f"・{point}"
            paragraph.space_after = Pt(8)
        _style_text(frame, 16)
    left = Emu(margin + text_width + Emu(200000)) if slide_data.points else margin
    fig_width = Emu(width - left - margin)
    label = figure.label if figure else ""
    caption_height = Emu(420000) if label else Emu(0)
    if slide_data.chart is not None:
        _chart(slide, slide_data.chart, left, top, fig_width, Emu(height - top - margin - caption_height))
    elif slide_data.table is not None:
        _table(slide, slide_data.table, left, top, fig_width)
    if label:  # the report's 図表 number, so the slide and the printed report can be read side by side
        below = Emu(height - margin - caption_height)
        if slide_data.chart is None and slide_data.table is not None:  # right under the table
            below = Emu(top + 400000 * (len(slide_data.table.rows[:MAX_TABLE_ROWS]) + 1) + 100000)
        box = slide.shapes.add_textbox(left, below, fig_width, caption_height)
        box.text_frame.word_wrap = True
        box.text_frame.text = label
        _style_text(box.text_frame, 12)


def render(report: Report) -> bytes:
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = WIDE
    cover = presentation.slides.add_slide(presentation.slide_layouts[0])
    cover.shapes.title.text = report.title
    _style_text(cover.shapes.title.text_frame, 30, colour=PRIMARY, bold=True)
    subtitle = cover.placeholders[1]
    subtitle.text = f"{report.subtitle}\n{report.made_on_label}　{report.prefecture}" + (
        f"\n受託事業者：{report.author}" if report.author else ""
    )
    _style_text(subtitle.text_frame, 16)
    _add(presentation, Slide("目次", [f"{n}　{s.title}" for n, s in enumerate(report.sections, start=1)]))
    for section in report.sections:
        for slide in section.slides:
            _add(presentation, slide)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
