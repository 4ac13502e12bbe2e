"""A participant list as staff keep it, read into rows of text; and the template they may start from.

CSV in UTF-8 (with or without BOM, as Excel's 「CSV UTF-8」 saves it) or in Shift_JIS (cp932, as Excel's
plain 「CSV」 saves it), told apart by trying UTF-8 first: a Shift_JIS file with any Japanese in it is almost
never valid UTF-8. Excel workbooks (.xlsx) are read from their first sheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from kasane.events.models import ParticipantCategory
from kasane.lib.exports import text_cells_only

MAX_ROWS = 1000
# Reading stops here: a larger file is refused without reading the rest of it.
READ_LIMIT = MAX_ROWS + 2
# A workbook can claim a huge sheet in a few bytes (its <dimension>, rows far apart): only this many columns
# are read, and a file is refused after this many rows, empty ones included.
READ_COLUMNS = 40
READ_ROWS_AT_ALL = 10 * READ_LIMIT
MAX_BYTES = 2 * 1024 * 1024
HEADINGS = ("氏名", "ふりがな", "市町村", "所属", "区分", "職種", "メールアドレス")


class RosterFileError(ValueError):
    """The file as a whole cannot be read; the message says why, in Japanese."""


def read_table(filename: str, content: bytes) -> list[list[str]]:
    """Rows of cells as text, from a .csv (or .txt) or .xlsx file."""
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(content)
    if lower.endswith((".csv", ".txt")):
        return _read_csv(content)
    if lower.endswith(".xls"):
        raise RosterFileError(
            "古い形式のExcelファイル（.xls）は読み込めません。Excelで「Excelブック（.xlsx）」か「CSV」で保存し直してください。"
        )
    raise RosterFileError("CSV（.csv）またはExcel（.xlsx）のファイルを選んでください。")


def decode(content: bytes) -> str:
    """UTF-8 (a BOM dropped) or Shift_JIS (cp932, Windows' own, with ①, ㈱ and 髙)."""
    if b"\x00" in content:
        raise RosterFileError(
            "ファイルに文字として読めないデータが含まれています。"
            "CSV（UTF-8またはShift_JIS）かExcel（.xlsx）で保存し直してください。"
        )
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError("文字コードを判別できません。UTF-8またはShift_JISで保存してください。")


def _read_csv(content: bytes) -> list[list[str]]:
    reader = csv.reader(io.StringIO(decode(content), newline=""))
    try:
        return [list(row) for row in _first_rows(reader)]
    except csv.Error as exc:
        raise RosterFileError(f"CSVとして読み込めません（{reader.line_num}行目）。") from exc


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # noqa: PLC0415 - openpyxl loads when a workbook is read, not at start-up

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise RosterFileError("Excelファイルとして読み込めません。.xlsx形式で保存し直してください。") from exc
    try:
        sheet = workbook.worksheets[0]
        return [
            [_cell_text(c) for c in row]
            for row in _first_rows(
                sheet.iter_rows(values_only=True, max_col=min(sheet.max_column or READ_COLUMNS, READ_COLUMNS))
            )
        ]
    finally:
        workbook.close()


def _first_rows(rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    """Rows up to READ_LIMIT non-empty ones; the checker then refuses a file that reached the limit."""
    taken = 0
    for seen, row in enumerate(rows, start=1):
        if seen > READ_ROWS_AT_ALL:
            raise RosterFileError(f"空の行を含めて{READ_ROWS_AT_ALL:,}行を超えるファイルは読み込めません。")
        yield row
        if any(c not in (None, "") for c in row):
            taken += 1
            if taken >= READ_LIMIT:
                return


def template_xlsx(municipality_names: list[str]) -> bytes:
    """The list to fill in: the headings, 区分 and 市町村 offered as drop-down lists, and a sheet that
    explains each column. It holds no example row, so importing it untouched adds nobody."""
    from openpyxl import Workbook  # noqa: PLC0415 - openpyxl loads when a workbook is asked for, not at start-up
    from openpyxl.styles import Font, PatternFill  # noqa: PLC0415 - idem
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415 - idem

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "参加者名簿"
    sheet.append(list(HEADINGS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
    for letter, width in zip("ABCDEFG", (18, 20, 14, 30, 16, 14, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    lists = workbook.create_sheet("選択肢")
    lists.append(["区分", "市町村"])
    categories = list(ParticipantCategory.labels)
    for i in range(max(len(categories), len(municipality_names))):
        lists.append(
            [
                categories[i] if i < len(categories) else None,
                municipality_names[i] if i < len(municipality_names) else None,
            ]
        )
    category_list = DataValidation(
        type="list", formula1=f"=選択肢!$A$2:$A${len(categories) + 1}", allow_blank=True
    )
    category_list.add(f"E2:E{MAX_ROWS + 1}")
    sheet.add_data_validation(category_list)
    if municipality_names:
        # A warning, not a stop: 「北海道札幌市」 is read too, so typing it is not refused.
        town_list = DataValidation(
            type="list",
            formula1=f"=選択肢!$B$2:$B${len(municipality_names) + 1}",
            allow_blank=True,
            errorStyle="warning",
        )
        town_list.add(f"C2:C{MAX_ROWS + 1}")
        sheet.add_data_validation(town_list)
    guide = workbook.create_sheet("記入のしかた")
    guide.column_dimensions["A"].width = 16
    guide.column_dimensions["B"].width = 90
    for row in GUIDE:
        guide.append(list(row))
    out = io.BytesIO()
    # Validations refer to the 選択肢 sheet by formula; only cell values are forced to text.
    text_cells_only(workbook).save(out)
    return out.getvalue()


GUIDE = (
    ("見出し", "書き方"),
    ("氏名", "必須。姓と名の間は空けても空けなくてもかまいません。"),
    ("ふりがな", "ひらがなかカタカナ。受付名簿はふりがなの順に並びます。"),
    (
        "市町村",
        "所属する市町村の名前（例：札幌市）。都道府県名を付けても読み取ります。振興局・都道府県の職員は空欄。",
    ),
    ("所属", "課・機関の名前（例：保健福祉部 地域福祉課）。"),
    (
        "区分",
        "市町村職員・振興局職員・関係機関職員・都道府県職員・その他のいずれか。空欄のときは、市町村があれば市町村職員、なければその他。",
    ),
    ("職種", "例：社会福祉士、保健師。"),
    (
        "メールアドレス",
        "案内を送る先。同じメールアドレスの人がすでに登録されていれば、重複として取り込みません。",
    ),
    ("", "1行目の見出しは消さないでください。列の順番は入れ替えてもかまいません。"),
    ("", f"一度に{MAX_ROWS}人まで。CSV（UTF-8またはShift_JIS）でも取り込めます。"),
)
