"""国への報告 as an Excel workbook, the figures of ``national.report`` as staff copy them into the state's forms.

Two sheets: 「年度集計」 has a row for each figure of each count — its total (計), each part of its breakdown
(内訳), or its rate with the numerator and denominator beside it — so the rows filter by count or by part; 「月別」
has the monthly counts with the months of the 年度 as columns, April first. A month after ``through`` has not
come yet: its cell stays empty, never 0, and a note says so. Above each table the municipality, the 年度, the
day the workbook was made and whose records were counted.

Every text is stored as text (``lib.exports.text_cells_only``): a municipality's or an agency's name beginning
with ``=`` shows as typed and never runs as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kasane.agencies.models import Agency
from kasane.lib.dates import era_year, fiscal_year_bounds, fiscal_year_label, wareki
from kasane.lib.exports import MAX_WIDTH, display_width, text_cells_only
from kasane.programme import national
from kasane.programme.national_records import Scope

YEAR_SHEET = "年度集計"
MONTH_SHEET = "月別"
TITLE = "国への報告（支援状況調査・事業実績）"
TOTAL = "計"
RATE = "率"
NO_RATE = "―"  # a rate of nobody (denominator 0), as the page shows it

HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
NOT_YET_FILL = PatternFill("solid", fgColor="E6E6E6")
COUNT_FORMAT = "#,##0"
RATE_FORMAT = "0.0%"
DEFINITION_WIDTH = 60
# The title and notes above a table: how many rows, so the header sits at the same row on both sheets.
HEADER_ROW = 5


def month_label(day: dt.date) -> str:
    """令和8年4月 (平成31年4月 for April 2019: a month takes the era it was in)."""
    era, n = era_year(day)
    return f"{era.name}{'元' if n == 1 else n}年{day.month}月"


def workbook(scope: Scope, year: int, *, municipality_name: str, through: dt.date) -> bytes:
    """The counts of ``year`` (a 年度) for ``scope``, as counted on ``through`` (the day the workbook is made:
    today for a live export)."""
    figures = national.report(scope, year)
    book = Workbook()
    year_sheet = book.active
    assert year_sheet is not None
    year_sheet.title = YEAR_SHEET
    heading = _heading(scope, year, municipality_name=municipality_name, through=through)
    _year_sheet(year_sheet, figures, year, heading)
    _month_sheet(book.create_sheet(MONTH_SHEET), figures, year, heading, through)
    out = io.BytesIO()
    text_cells_only(book).save(out)
    return out.getvalue()


def _heading(scope: Scope, year: int, *, municipality_name: str, through: dt.date) -> list[str]:
    made = f"作成日 {wareki(through)}"
    if through < fiscal_year_bounds(year)[1]:
        made += f"（年度途中：{wareki(through)}までの記録から数えています）"
    if scope.agency_ids is None:
        whose = f"{municipality_name}のすべての機関の記録から数えています。"
    else:
        names = Agency.objects.filter(pk__in=scope.agency_ids).order_by("name").values_list("name", flat=True)
        whose = (
            f"{'・'.join(names)}の記録（自機関が受け付けた相談、主担当のケース、送ったつなぎ、主催した会議など）"
            "から数えています。"
        )
    return [
        f"{municipality_name} {TITLE} {fiscal_year_label(year)}",
        made,
        whose + "件数だけを記載し、個人の氏名や相談の内容は含みません。",
    ]


def _write_heading(ws: Worksheet, heading: list[str]) -> None:
    for row, text in enumerate(heading, start=1):
        ws.cell(row=row, column=1, value=text).font = Font(bold=row == 1, size=14 if row == 1 else 11)


def _write_header(ws: Worksheet, header: Sequence[str]) -> None:
    for column, text in enumerate(header, start=1):
        cell = ws.cell(row=HEADER_ROW, column=column, value=text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _year_rows(figure: national.Figure) -> list[list[Any]]:
    """The figure's rows: its rate, its total, each part of its breakdown — whichever its Result has."""
    count, result = figure.count, figure.result
    key = [count.code, count.section, count.name]
    rows: list[list[Any]] = []
    if result.rate is not None:
        rate = result.rate
        value = rate.numerator / rate.denominator if rate.denominator else NO_RATE
        rows.append([*key, RATE, "%", value, rate.numerator, rate.denominator])
    if result.total is not None:
        rows.append([*key, TOTAL, count.unit, result.total, None, None])
    rows.extend([*key, label, count.unit, n, None, None] for label, n in result.parts)
    rows[0].append(count.definition)  # once a count: the rows after it are its parts
    return rows


def _year_sheet(ws: Worksheet, figures: list[national.Figure], year: int, heading: list[str]) -> None:
    _write_heading(ws, heading)
    header = [
        "番号",
        "区分",
        "項目",
        "内訳",
        "単位",
        fiscal_year_label(year).partition("（")[0],
        "分子",
        "分母",
        "数え方",
    ]
    _write_header(ws, header)
    row = HEADER_ROW
    for figure in figures:
        for values in _year_rows(figure):
            row += 1
            for column, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=column, value=value)
                if column == 6 and isinstance(value, float):
                    cell.number_format = RATE_FORMAT
                elif column == 6 and value == NO_RATE:
                    cell.alignment = Alignment(horizontal="right")
                elif column in (6, 7, 8) and isinstance(value, int):
                    cell.number_format = COUNT_FORMAT
                elif column == len(header):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    _fit_columns(ws, fixed={len(header): DEFINITION_WIDTH})
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(header))}{row}"
    _for_print(ws)


def _month_sheet(
    ws: Worksheet, figures: list[national.Figure], year: int, heading: list[str], through: dt.date
) -> None:
    monthly, month_rows = national.month_rows(figures, year)
    _write_heading(ws, heading)
    months = [start for start, _ in month_rows]
    _write_header(ws, ["番号", "項目", "単位", *(month_label(m) for m in months), "年度計"])
    row = HEADER_ROW
    for j, figure in enumerate(monthly):
        row += 1
        for column, value in enumerate((figure.count.code, figure.count.name, figure.count.unit), start=1):
            ws.cell(row=row, column=column, value=value)
        for i, (start, values) in enumerate(month_rows):
            cell = ws.cell(row=row, column=4 + i)
            if start > through:  # not come yet: nothing counted, which is not 0
                cell.fill = NOT_YET_FILL
            else:
                cell.value = values[j]
                cell.number_format = COUNT_FORMAT
        total = ws.cell(row=row, column=4 + len(months), value=figure.result.total)
        total.number_format, total.font = COUNT_FORMAT, Font(bold=True)
    notes = ["※ 年度計は各月の合計です（同じ人は、その年度で最初に数えた月に1件と数えます）。"]
    to_come = [m for m in months if m > through]
    if to_come:
        notes.insert(
            0,
            f"※ {month_label(to_come[0])}以降はまだ来ていない月のため空欄です（0件ではありません）。",
        )
    for offset, note in enumerate(notes, start=2):  # a blank row between the table and its notes
        ws.cell(row=row + offset, column=1, value=note)
    _fit_columns(ws, last_row=HEADER_ROW + len(monthly))
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=4)
    _for_print(ws)


def _fit_columns(ws: Worksheet, *, fixed: dict[int, int] | None = None, last_row: int | None = None) -> None:
    """Each column as wide as the header and the values below it show (the title above may run over)."""
    widths: dict[int, int] = {}
    for cells in ws.iter_rows(min_row=HEADER_ROW, max_row=last_row or ws.max_row):
        for cell in cells:
            if cell.value is None:
                continue
            shown = f"{cell.value:.1%}" if isinstance(cell.value, float) else str(cell.value)
            widths[cell.column] = max(widths.get(cell.column, 0), display_width(shown) + 2)
    widths = {column: min(MAX_WIDTH, max(width, 6)) for column, width in widths.items()}
    for column, width in {**widths, **(fixed or {})}.items():
        ws.column_dimensions[get_column_letter(column)].width = width


def _for_print(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
