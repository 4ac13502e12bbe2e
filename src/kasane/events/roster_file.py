"""A participant list as staff keep it, read into rows of text (by ``lib.tablefile``); and the template
they may start from."""

from __future__ import annotations

import io

from kasane.events.models import ParticipantCategory
from kasane.lib import tablefile
from kasane.lib.exports import text_cells_only
from kasane.lib.tablefile import MAX_BYTES, TableFileError

__all__ = ["MAX_BYTES", "MAX_ROWS", "READ_LIMIT", "RosterFileError", "read_table", "template_xlsx"]

MAX_ROWS = 1000
# Reading stops here: a larger file is refused without reading the rest of it.
READ_LIMIT = tablefile.read_limit(MAX_ROWS)
HEADINGS = ("氏名", "ふりがな", "市町村", "所属", "区分", "職種", "メールアドレス")


# The reader is lib's; the name stays for the callers that catch it.
RosterFileError = TableFileError


def read_table(filename: str, content: bytes) -> list[list[str]]:
    """Rows of cells as text, from a .csv (or .txt) or .xlsx file."""
    return tablefile.read_table(filename, content, max_rows=MAX_ROWS)


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
