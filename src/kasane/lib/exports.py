"""Tabular exports. Callers yield rows; this module writes CSV (UTF-8 with BOM, as Excel in Japan expects)
or XLSX, and names the file in Japanese.

What people type (a name, an anonymous questionnaire answer) must never run as a formula in the spreadsheet
that staff open (CSV/formula injection): in a CSV a text starting with ``= + - @``, TAB or CR gets a leading
``'``, the mark spreadsheet programs read as "this is text"; in an XLSX every text cell is stored as text
(openpyxl would store ``=…`` as a formula), so it shows exactly as typed and never runs.

An XLSX is what staff sort and filter: a date is stored as a date and shown in 和暦, the header row carries
an autofilter and stays in view, and each column is as wide as what it shows.

Both are written as the rows come, so memory stays flat however long the list (issue 20): a CSV is streamed
to the browser, an XLSX is written row by row to a temporary file and sent from there.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from kasane.lib.dates import wareki

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

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
# Rows a column's width is measured on (see xlsx_response): past them a column keeps its width.
WIDTH_SAMPLE = 1_000
# A workbook larger than this waits on disk rather than in memory until it is sent.
SPOOL_BYTES = 8 * 1024 * 1024
SEND_BLOCK = 64 * 1024
# Characters of CSV gathered before they are sent as one chunk.
CSV_CHUNK = 64 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """A CSV sent as its rows are read: the rows are taken while the body streams, after the view has returned,
    so a queryset's ``iterator()`` keeps memory flat however long the list. Whatever the file must not outlive
    (its audit entry, a count) is settled before this is called."""
    response = StreamingHttpResponse(_csv_chunks(list(header), rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _disposition(filename)
    return response


def _csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow([csv_safe(h) for h in header])
    # The header leaves at once, so the download starts before the first row's query has answered.
    yield _drained(buffer)
    for row in rows:
        writer.writerow(["" if v is None else csv_safe(v) for v in row])
        if buffer.tell() >= CSV_CHUNK:
            yield _drained(buffer)
    if buffer.tell():
        yield _drained(buffer)


def _drained(buffer: io.StringIO) -> bytes:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text.encode("utf-8")


def xlsx_response(
    filename: str, sheet: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> FileResponse:
    """An XLSX of one sheet. ``None`` or ``""`` leaves a cell empty (空白 to the filter); a ``datetime.date`` is
    stored as a date shown in 和暦.

    Unlike ``csv_response``, every row is read before this returns: a workbook is a ZIP whose parts are only
    complete at the end. It is written row by row (openpyxl's write-only mode keeps no cell in memory) into a
    temporary file, in memory while small and on disk past ``SPOOL_BYTES``, and sent from there in blocks.
    Column widths are measured on the header and the first ``WIDTH_SAMPLE`` rows, since a write-only sheet
    states its widths before its first row."""
    body = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - FileResponse closes it
    try:
        _write_xlsx(body, sheet, header, rows)
    except BaseException:
        body.close()
        raise
    body.seek(0)
    response = FileResponse(body, content_type=XLSX)
    response.block_size = SEND_BLOCK
    response["Content-Disposition"] = _disposition(filename)
    return response


def _write_xlsx(out: IO[bytes], sheet: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    from openpyxl import Workbook  # noqa: PLC0415 - openpyxl loads when a workbook is asked for, not at start-up
    from openpyxl.styles import Font, PatternFill  # noqa: PLC0415 - idem
    from openpyxl.utils import get_column_letter  # noqa: PLC0415 - idem

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(sheet[:31])
    rest = iter(rows)
    sample = [list(row) for row in islice(rest, WIDTH_SAMPLE)]
    # A write-only sheet writes its columns, panes and the like before its first row: all set here.
    for i, width in enumerate(_widths(header, sample), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="F2F2F2")
    try:
        heading = []
        for h in header:
            cell = _text_cell(ws, str(h))
            cell.font, cell.fill = bold, grey
            heading.append(cell)
        ws.append(heading)
        count = 0
        for row in chain(sample, rest):
            ws.append([_cell(ws, v) for v in row])
            count += 1
        # Over the header and every row, so Excel and LibreOffice sort and filter the whole list.
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count + 1}"
        workbook.save(out)
    except BaseException:
        _discard_sheet_file(ws)
        raise


def _widths(header: Sequence[str], sample: Iterable[Sequence[Any]]) -> list[int]:
    widths = [display_width(str(h)) + FILTER_BUTTON for h in header]
    for row in sample:
        for i, value in enumerate(row):
            if value is None or value == "":
                continue
            text = _shown(value)
            # A text's display width is at most twice its length: measure only what may widen the column.
            if len(text) * 2 + 2 > widths[i] and widths[i] < MAX_WIDTH:
                widths[i] = min(MAX_WIDTH, max(widths[i], display_width(text) + 2))
    return widths


def _cell(ws: WriteOnlyWorksheet, value: Any) -> Any:
    """What a write-only sheet is given for ``value``: the value itself where openpyxl stores it as it is, else
    a cell that says how (a date in 和暦, a text that would pass for a formula or an error code)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return _text_cell(ws, value) if value.startswith(("=", "#")) else value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 - idem; loaded by _write_xlsx already

        cell = WriteOnlyCell(ws, value)
        cell.number_format = WAREKI_DATE_FORMAT
        return cell
    return value


def _text_cell(ws: WriteOnlyWorksheet, text: str) -> Cell:
    """A cell that holds ``text`` as text: openpyxl would store ``=…`` as a formula and ``#N/A`` as an error."""
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 - idem

    cell = WriteOnlyCell(ws, text)
    cell.data_type = "s"
    return cell


def _discard_sheet_file(ws: WriteOnlyWorksheet) -> None:
    """A write-only sheet's rows wait in a file of openpyxl's own until the workbook is saved, and openpyxl
    removes it only then or at exit: a failed export removes it at once, as it holds personal data."""
    writer = getattr(ws, "_writer", None)
    if writer is None:
        return
    # Closed first, so that openpyxl's generators end in order rather than at garbage collection (where they
    # fail noisily); whatever failed already is the error that propagates.
    with contextlib.suppress(Exception):
        ws.close()
    with contextlib.suppress(OSError, ValueError):
        writer.cleanup()


def attachment_response(body: bytes, filename: str, content_type: str) -> HttpResponse:
    """A file to download (PDF, ZIP, JSON) under its Japanese name."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = _disposition(filename)
    return response
