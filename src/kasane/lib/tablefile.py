"""A list as staff keep it — a CSV or an Excel workbook — read into rows of text, with bounds.

CSV in UTF-8 (with or without BOM, as Excel's 「CSV UTF-8」 saves it) or in Shift_JIS (cp932, as Excel's
plain 「CSV」 saves it), told apart by trying UTF-8 first: a Shift_JIS file with any Japanese in it is almost
never valid UTF-8. Excel workbooks (.xlsx) are read from their first sheet, or sheet by sheet.

Every reader stops early: at ``max_rows`` non-empty rows plus a heading and one more (so the caller can tell
the file was too long without reading the rest), after ten times that many rows at all (a workbook can claim a
huge sheet in a few bytes), and at ``READ_COLUMNS`` columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

READ_COLUMNS = 40
MAX_BYTES = 2 * 1024 * 1024
# A workbook is a zip: 2 MB of it may inflate to gigabytes. Its parts are summed before openpyxl opens it.
MAX_INFLATED_BYTES = 50 * 1024 * 1024


class TableFileError(ValueError):
    """The file as a whole cannot be read; the message says why, in Japanese."""


def read_limit(max_rows: int) -> int:
    """How many non-empty rows a reader returns at most: the heading, ``max_rows`` rows and one more."""
    return max_rows + 2


def read_table(
    filename: str, content: bytes, *, max_rows: int, max_columns: int = READ_COLUMNS
) -> list[list[str]]:
    """Rows of cells as text, from a .csv (or .txt) file or the first sheet of an .xlsx workbook."""
    if _kind(filename) == "xlsx":
        sheets = _read_xlsx(content, max_rows=max_rows, max_columns=max_columns, first_only=True)
        return next(iter(sheets.values()), [])
    return _read_csv(content, max_rows=max_rows, max_columns=max_columns)


def read_sheets(
    filename: str, content: bytes, *, max_rows: int, max_columns: int = READ_COLUMNS
) -> dict[str, list[list[str]]]:
    """Every sheet of a workbook by its title, or a CSV file as one sheet named ""."""
    if _kind(filename) == "xlsx":
        return _read_xlsx(content, max_rows=max_rows, max_columns=max_columns, first_only=False)
    return {"": _read_csv(content, max_rows=max_rows, max_columns=max_columns)}


def _kind(filename: str) -> str:
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        return "xlsx"
    if lower.endswith((".csv", ".txt")):
        return "csv"
    if lower.endswith(".xls"):
        raise TableFileError(
            "古い形式のExcelファイル（.xls）は読み込めません。Excelで「Excelブック（.xlsx）」か「CSV」で保存し直してください。"
        )
    raise TableFileError("CSV（.csv）またはExcel（.xlsx）のファイルを選んでください。")


def decode(content: bytes) -> str:
    """UTF-8 (a BOM dropped) or Shift_JIS (cp932, Windows' own, with ①, ㈱ and 髙)."""
    if b"\x00" in content:
        raise TableFileError(
            "ファイルに文字として読めないデータ（NUL）が含まれています。"
            "CSV（UTF-8またはShift_JIS）かExcel（.xlsx）で保存し直してください。"
        )
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableFileError("文字コードを判別できません。UTF-8またはShift_JISで保存してください。")


def _read_csv(content: bytes, *, max_rows: int, max_columns: int) -> list[list[str]]:
    """A CSV row past ``max_columns`` is cut when the cells past it are empty (trailing commas) and refused
    otherwise: a small file of a few lines can hold hundreds of thousands of columns."""
    reader = csv.reader(io.StringIO(decode(content), newline=""))
    rows = []
    try:
        for row in _first_rows(reader, max_rows=max_rows):
            if len(row) > max_columns:
                if any(cell.strip() for cell in row[max_columns:]):
                    raise TableFileError(
                        f"列が多すぎます（{reader.line_num}行目）。{max_columns}列までのファイルにしてください。"
                    )
                row = row[:max_columns]
            rows.append(list(row))
    except csv.Error as exc:
        raise TableFileError(f"CSVとして読み込めません（{reader.line_num}行目）。") from exc
    return rows


def cell_text(value: Any) -> str:
    """A workbook cell as the text staff see: 12.0 as 12, a date as 2026-04-01."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _read_xlsx(
    content: bytes, *, max_rows: int, max_columns: int, first_only: bool
) -> dict[str, list[list[str]]]:
    from openpyxl import load_workbook  # noqa: PLC0415 - openpyxl loads when a workbook is read, not at start-up

    try:
        inflated = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(content)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableFileError("Excelファイルとして読み込めません。.xlsx形式で保存し直してください。") from exc
    if inflated > MAX_INFLATED_BYTES:
        raise TableFileError("Excelファイルが大きすぎます（展開して50MBまで）。分けて取り込んでください。")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise TableFileError("Excelファイルとして読み込めません。.xlsx形式で保存し直してください。") from exc
    try:
        sheets = workbook.worksheets[:1] if first_only else workbook.worksheets
        return {
            sheet.title: [
                [cell_text(c) for c in row]
                for row in _first_rows(
                    sheet.iter_rows(
                        values_only=True, max_col=min(sheet.max_column or max_columns, max_columns)
                    ),
                    max_rows=max_rows,
                )
            ]
            for sheet in sheets
        }
    finally:
        workbook.close()


def _first_rows(rows: Iterable[Sequence[Any]], *, max_rows: int) -> Iterator[Sequence[Any]]:
    """Rows up to the read limit of non-empty ones; the caller then refuses a file that reached it."""
    limit = read_limit(max_rows)
    at_all = 10 * limit
    taken = 0
    for seen, row in enumerate(rows, start=1):
        if seen > at_all:
            raise TableFileError(f"空の行を含めて{at_all:,}行を超えるファイルは読み込めません。")
        yield row
        if any(c not in (None, "") for c in row):
            taken += 1
            if taken >= limit:
                return
