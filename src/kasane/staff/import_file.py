"""The agency and staff lists as a municipality keeps them, read from a file; and the template to fill in.

One workbook may hold both lists, one sheet each (the template's 「機関」 and 「職員」); a CSV file holds one.
A sheet is told by its headings, not its title: 「ユーザー名」 makes it the staff list, 「機関名」 and 「種別」 the
agency list. Headings are matched after NFKC and may come in any order; cells are kept as typed (only trimmed),
since NFKC would fold some compatibility kanji in names (髙 stays 髙).
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field

from kasane.lib import tablefile
from kasane.lib.exports import text_cells_only

MAX_ROWS = 1000
AGENCIES = "agencies"
STAFF = "staff"
SHEET_LABELS = {AGENCIES: "機関", STAFF: "職員"}

# Form field → the headings staff write for it (the first is the template's).
AGENCY_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("機関名", "名称"),
    "name_kana": ("ふりがな", "よみ", "フリガナ"),
    "kind": ("種別",),
    "support_fields": ("分野",),
    "operation_form": ("運営形態",),
    "contractor": ("受託・運営法人", "受託法人", "運営法人"),
    "department": ("担当課",),
    "area": ("担当圏域", "圏域"),
    "postal_code": ("郵便番号",),
    "address": ("所在地", "住所"),
    "phone": ("電話番号", "電話"),
    "fax": ("FAX", "ファクス"),
    "email": ("メール", "メールアドレス"),
    "hours": ("受付時間",),
    "contact_person": ("担当窓口",),
    "handles_text": ("こんな相談はこちら", "対応する相談"),
    "runs_collaboration": ("多機関協働",),
    "is_listed": ("相談先ナビに掲載", "ナビに掲載"),
}
AGENCY_REQUIRED = ("name", "kind", "support_fields", "operation_form")
STAFF_COLUMNS: dict[str, tuple[str, ...]] = {
    "username": ("ユーザー名", "ログインID"),
    "full_name": ("氏名",),
    "full_name_kana": ("ふりがな", "よみ", "フリガナ"),
    "email": ("メールアドレス", "メール"),
    "agency": ("所属機関", "所属"),
    "role": ("役割",),
}
STAFF_REQUIRED = ("username", "full_name", "agency", "role")
TRUE_WORDS = frozenset({"○", "〇", "◯", "はい", "する", "有", "あり", "1", "true", "yes", "y"})
FALSE_WORDS = frozenset({"×", "✕", "いいえ", "しない", "無", "なし", "0", "false", "no", "n", "-"})


class ImportFileError(tablefile.TableFileError):
    """The file as a whole cannot be used; the message says why, in Japanese."""


@dataclass
class Sheet:
    kind: str
    title: str
    # (line, {field: text}) for every non-empty row under the heading.
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    present: frozenset[str] = frozenset()


def clean_heading(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").strip()


def cell(text: str) -> str:
    """A cell as typed, trimmed of ASCII and ideographic spaces."""
    return text.strip(" \t\r\n\u3000")


def read(filename: str, content: bytes) -> list[Sheet]:
    """The file's agency and staff lists; ImportFileError if it holds neither, or one twice."""
    sheets: list[Sheet] = []
    for title, table in tablefile.read_sheets(filename, content, max_rows=MAX_ROWS).items():
        sheet = _sheet(title, table)
        if sheet is not None:
            sheets.append(sheet)
    kinds = [s.kind for s in sheets]
    if not sheets:
        raise ImportFileError(
            "機関の一覧（見出し「機関名」「種別」）も職員の一覧（見出し「ユーザー名」）も見つかりません。"
            "ひな形の見出しのまま入力してください。"
        )
    if not any(s.rows for s in sheets):
        raise ImportFileError("見出しの行のほかに、取り込む行がありません。")
    for kind in (AGENCIES, STAFF):
        if kinds.count(kind) > 1:
            raise ImportFileError(
                f"{SHEET_LABELS[kind]}の一覧が複数のシートにあります。1つのシートにまとめてください。"
            )
    return sorted(sheets, key=lambda s: s.kind)  # agencies first: staff may belong to a new one


def _sheet(title: str, table: list[list[str]]) -> Sheet | None:
    nonempty = [(i + 1, row) for i, row in enumerate(table) if any(cell(c) for c in row)]
    if not nonempty:
        return None
    header_line, header = nonempty[0]
    headings = [clean_heading(h) for h in header]
    if "ユーザー名" in headings or "ログインID" in headings:
        kind, columns, required = STAFF, STAFF_COLUMNS, STAFF_REQUIRED
    elif "機関名" in headings and "種別" in headings:
        kind, columns, required = AGENCIES, AGENCY_COLUMNS, AGENCY_REQUIRED
    else:
        return None
    where = _where(title)
    found: dict[str, int] = {}
    for key, names in columns.items():
        for index, heading in enumerate(headings):
            if heading in {clean_heading(n) for n in names}:
                found[key] = index
                break
    missing = [columns[key][0] for key in required if key not in found]
    if missing:
        raise ImportFileError(f"{where}{header_line}行目に見出し「{'」「'.join(missing)}」が必要です。")
    if len(nonempty) - 1 > MAX_ROWS:
        raise ImportFileError(f"{where}一度に取り込めるのは{MAX_ROWS}行までです。分けて取り込んでください。")
    sheet = Sheet(kind=kind, title=title, present=frozenset(found))
    for line, cells in nonempty[1:]:
        sheet.rows.append((line, {key: cell(cells[i]) if i < len(cells) else "" for key, i in found.items()}))
    return sheet


def _where(title: str) -> str:
    return f"シート「{title}」の" if title else ""


def truth(text: str) -> bool | None:
    """○/はい/1 → True, ×/いいえ/0 → False, blank → None; ValueError for anything else."""
    value = unicodedata.normalize("NFKC", text).strip().lower()
    if not value:
        return None
    if value in TRUE_WORDS or text.strip() in TRUE_WORDS:
        return True
    if value in FALSE_WORDS or text.strip() in FALSE_WORDS:
        return False
    raise ValueError(text)


GUIDE = (
    ("シート・見出し", "書き方"),
    ("【機関】", "市内の相談機関を1行に1機関。同じ機関名がすでに登録されていれば、その機関を更新します。"),
    ("機関名", "必須。正式な名前（例：かさね市地域包括支援センター）。"),
    ("ふりがな", "ひらがなかカタカナ。"),
    ("種別", "必須。「選択肢」シートの種別から選びます。"),
    ("分野", "必須。「選択肢」シートの分野を1つ以上、読点（、）で区切って入力します（例：高齢、障害）。"),
    ("運営形態", "必須。直営・委託・補助のいずれか。委託のときは「受託・運営法人」も入力します。"),
    ("担当圏域", "日常生活圏域の名前。空欄は市内全域。"),
    ("多機関協働・相談先ナビに掲載", "○ か ×。空欄のときは、多機関協働は ×、掲載は ○ として登録します。"),
    ("【職員】", "職員を1行に1つの所属。2つの機関に所属する人は、同じユーザー名で2行に書きます。"),
    ("ユーザー名", "必須。ログインに使う名前（半角英数字と @ . + - _）。"),
    ("氏名", "必須。姓と名の間に空白を入れます。旧字体・異体字（髙、﨑 など）は本人の表記のまま。"),
    ("所属機関", "必須。登録済みの機関か、この取り込みの「機関」シートの機関名。"),
    ("役割", "必須。「選択肢」シートの役割名。"),
    (
        "",
        "新しい職員には仮パスワードを発行します。反映した画面に一度だけ表示されるので、印刷して本人に渡してください。",
    ),
    ("", "空欄のセルは、登録済みの内容を変えません（消すときは機関の画面で編集します）。"),
    ("", f"1行目の見出しは消さないでください。列の順番は入れ替えてもかまいません。1シート{MAX_ROWS}行まで。"),
    ("", "CSV（UTF-8またはShift_JIS）でも取り込めます。CSVは1ファイルに機関か職員のどちらか一方です。"),
)


def template_xlsx(
    *, kinds: list[str], support_fields: list[str], areas: list[str], roles: list[str]
) -> bytes:
    """The workbook to fill in: 機関 and 職員 with their headings, drop-down lists from 選択肢, and a guide.
    It holds no example row, so importing it untouched adds nothing."""
    from openpyxl import Workbook  # noqa: PLC0415 - openpyxl loads when a workbook is asked for, not at start-up
    from openpyxl.styles import Font, PatternFill  # noqa: PLC0415 - idem
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415 - idem

    workbook = Workbook()
    agencies = workbook.active
    assert agencies is not None
    agencies.title = "機関"
    agencies.append([names[0] for names in AGENCY_COLUMNS.values()])
    staff = workbook.create_sheet("職員")
    staff.append([names[0] for names in STAFF_COLUMNS.values()])
    for sheet in (agencies, staff):
        for heading in sheet[1]:
            heading.font = Font(bold=True)
            heading.fill = PatternFill("solid", fgColor="F2F2F2")
            sheet.column_dimensions[heading.column_letter].width = 22
        sheet.freeze_panes = "A2"
    choices = workbook.create_sheet("選択肢")
    lists = {
        "種別": kinds,
        "分野": support_fields,
        "運営形態": ["直営", "委託", "補助"],
        "担当圏域": areas,
        "役割": roles,
        "○×": ["○", "×"],
    }
    choices.append(list(lists))
    for i in range(max(len(v) for v in lists.values())):
        choices.append([values[i] if i < len(values) else None for values in lists.values()])
    rows = f"2:{MAX_ROWS + 1}"

    def drop_down(sheet: object, column: int, key: str) -> None:
        letter = "ABCDEF"[list(lists).index(key)]
        count = max(len(lists[key]), 1)
        validation = DataValidation(
            type="list", formula1=f"=選択肢!${letter}$2:${letter}${count + 1}", allow_blank=True
        )
        first, last = rows.split(":")
        column_letter = agencies.cell(row=1, column=column).column_letter
        validation.add(f"{column_letter}{first}:{column_letter}{last}")
        sheet.add_data_validation(validation)  # type: ignore[attr-defined]

    agency_keys = list(AGENCY_COLUMNS)
    for key, choice in (
        ("kind", "種別"),
        ("operation_form", "運営形態"),
        ("area", "担当圏域"),
        ("runs_collaboration", "○×"),
        ("is_listed", "○×"),
    ):
        drop_down(agencies, agency_keys.index(key) + 1, choice)
    drop_down(staff, list(STAFF_COLUMNS).index("role") + 1, "役割")
    guide = workbook.create_sheet("記入のしかた")
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 96
    for line in GUIDE:
        guide.append(list(line))
    out = io.BytesIO()
    text_cells_only(workbook).save(out)
    return out.getvalue()
