"""Tabular exports. Callers yield rows; this module writes CSV (UTF-8 with BOM, as Excel in Japan expects)
or XLSX, and names the file in Japanese.

What people type (a name, an anonymous questionnaire answer) must never run as a formula in the spreadsheet
that staff open (CSV/formula injection): in a CSV a text starting with ``= + - @``, TAB or CR gets a leading
``'``, the mark spreadsheet programs read as "this is text"; in an XLSX every text cell is stored as text
(openpyxl would store ``=…`` as a formula), so it shows exactly as typed and never runs.

An XLSX is what staff sort and filter: a date is stored as a date and shown in 和暦, the header row carries
an autofilter and stays in view, and each column is as wide as what it shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from django.http import HttpResponse

from kasane.lib.dates import wareki

if TYPE_CHECKING:
    from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A CSV field that no spreadsheet program will read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# Excel's own 和暦 date format (the built-in one of Japanese Excel, 令和8年11月21日), so a date cell stays a
# date that sorts and filters by day. Of the forms Excel writes, only the locale-id one renders in LibreOffice
# too: ``[$-ja-JP-x-gannen]…`` (元年) and ``[$-ja-JP]…`` show there as a bare serial number. Its price: the
# first year of an era reads 令和1年, where kasane's screens say 令和元年 (lib.dates.wareki).
WAREKI_DATE_FORMAT = '[$-411]ggge"年"m"月"d"日"'
MAX_WIDTH = 50
# Room for the autofilter's drop-down button beside a header's text.
FILTER_BUTTON = 3


def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: two for a full-width (Japanese) character, one otherwise. The
    ambiguous ones (※ ○ ①) count as full-width, as a Japanese font draws them."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def _shown(value: Any) -> str:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return wareki(value)
    return str(value)


def text_cells_only(workbook: Workbook) -> Workbook:
    """Store every text of the workbook as text, never as a formula; kasane's exports hold no formulas."""
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
    return workbook


def _disposition(filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode() or "export"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_safe(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else csv_safe(v) for v in row])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(filename)
    return response


def xlsx_response(
    filename: str, sheet: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """An XLSX of one sheet. ``None`` or ``""`` leaves a cell empty (空白 to the filter); a ``datetime.date`` is
    stored as a date shown in 和暦."""
    from openpyxl import Workbook  # noqa: PLC0415 - openpyxl loads when a workbook is asked for, not at start-up
    from openpyxl.styles import Font, PatternFill  # noqa: PLC0415 - idem
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 - idem

    workbook = Workbook(write_only=False)
    ws = workbook.active
    assert ws is not None
    ws.title = sheet[:31]
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
    widths = [display_width(str(h)) + FILTER_BUTTON for h in header]
    for r, row in enumerate(rows, start=2):
        values = [None if v == "" else v for v in row]
        ws.append(values)
        for i, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                ws.cell(row=r, column=i + 1).number_format = WAREKI_DATE_FORMAT
            text = _shown(value)
            # A text's display width is at most twice its length: measure only what may widen the column.
            if len(text) * 2 + 2 > widths[i] and widths[i] < MAX_WIDTH:
                widths[i] = min(MAX_WIDTH, max(widths[i], display_width(text) + 2))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    # Over the header and every row, so Excel and LibreOffice sort and filter the whole list.
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{ws.max_row}"
    out = io.BytesIO()
    text_cells_only(workbook).save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = _disposition(filename)
    return response


def attachment_response(body: bytes, filename: str, content_type: str) -> HttpResponse:
    """A file to download (PDF, ZIP, JSON) under its Japanese name."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = _disposition(filename)
    return response
