"""Tabular exports. Callers yield rows; this module writes CSV (UTF-8 with BOM, as Excel in Japan expects)
or XLSX, and names the file in Japanese.

What people type (a name, an anonymous questionnaire answer) must never run as a formula in the spreadsheet
that staff open (CSV/formula injection): in a CSV a text starting with ``= + - @``, TAB or CR gets a leading
``'``, the mark spreadsheet programs read as "this is text"; in an XLSX every text cell is stored as text
(openpyxl would store ``=…`` as a formula), so it shows exactly as typed and never runs.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A CSV field that no spreadsheet program will read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
    workbook = Workbook(write_only=False)
    ws = workbook.active
    assert ws is not None
    ws.title = sheet[:31]
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
    widths = [len(str(h)) * 2 + 2 for h in header]
    for row in rows:
        values = ["" if v is None else v for v in row]
        ws.append(values)
        for i, value in enumerate(values):
            widths[i] = min(60, max(widths[i], len(str(value)) + 2))
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    text_cells_only(workbook).save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = _disposition(filename)
    return response
