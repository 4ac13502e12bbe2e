"""Read the prefecture's list of municipalities from the CSV or Excel file it already keeps.

This module reads and checks the file only: every row is checked on its own, and each problem is reported
with its line number. What the rows would change is worked out by ``import_preview`` and written (or undone)
by ``import_batches``. CSV may be UTF-8 (with or without BOM) or Shift_JIS (cp932), as Excel saves it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from kasane.lib import tablefile
from kasane.lib.tablefile import TableFileError
from kasane.readiness.themes import ProgrammeStatus
from kasane.tenancy.codes import full_code, is_valid

# Column headings as staff write them, and the variants we accept.
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("市町村コード", "団体コード", "コード"),
    "name": ("市町村名", "市町村", "自治体名"),
    "kana": ("ふりがな", "よみ", "フリガナ"),
    "region": ("振興局", "総合振興局", "所管振興局", "地域振興局", "地域"),
    "block": ("ブロック", "圏域ブロック"),
    "population": ("人口",),
    "area": ("面積", "面積（㎢）", "面積(km2)"),
    "status": ("実施状況", "事業の実施状況", "状況"),
    "year": ("実施年度", "実施（予定）年度", "開始年度", "予定年度"),
}
REQUIRED = ("code", "name", "status")
STATUS_BY_LABEL = {label: value for value, label in ProgrammeStatus.choices}
STATUS_BY_LABEL.update(
    {
        "実施": ProgrammeStatus.IMPLEMENTING,
        "移行準備": ProgrammeStatus.PREPARING,
        "予定": ProgrammeStatus.PLANNED,
    }
)
# What the records can hold (tenancy.Municipality and readiness's profile, Block and Region).
LENGTHS = (
    ("name", "市町村名", 40),
    ("kana", "ふりがな", 40),
    ("block", "ブロック", 20),
    ("region", "振興局", 30),
)
ERA_START = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988}
MAX_ROWS = 2000


@dataclass
class Row:
    line: int
    code: str
    name: str
    kana: str
    region: str
    block: str
    population: int | None
    area: Decimal | None
    status: str
    year: int | None


@dataclass
class ImportResult:
    rows: list[Row] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    # The optional columns the file has: a column it lacks leaves that field as it is.
    present: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return not self.errors


# The reader is lib's; the name stays for the callers that catch it.
ImportFileError = TableFileError
# Reading stops here: a file with more rows is refused without reading the rest (parse says why).
READ_LIMIT = tablefile.read_limit(MAX_ROWS)


def read_table(filename: str, content: bytes) -> list[list[str]]:
    """Rows of cells as text, from .csv or .xlsx."""
    return tablefile.read_table(filename, content, max_rows=MAX_ROWS)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _header_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    cleaned = [_clean(h) for h in header]
    for key, names in COLUMNS.items():
        for index, heading in enumerate(cleaned):
            if heading in {_clean(n) for n in names}:
                found[key] = index
                break
    return found


def parse_year(text: str) -> int:
    """令和3年度, R3, 2021 → 2021 (the western year the 年度 starts in); ValueError otherwise."""
    value = _clean(text).replace("年度", "").replace("年", "")
    if value.isdigit() and len(value) == 4:
        return int(value)
    match = re.fullmatch(r"(令和|平成|R|H)(元|\d{1,2})", value, flags=re.IGNORECASE)
    if match:
        era = match.group(1).upper() if len(match.group(1)) == 1 else match.group(1)
        number = 1 if match.group(2) == "元" else int(match.group(2))
        return ERA_START[era] + number
    raise ValueError


def parse(table: list[list[str]]) -> ImportResult:
    result = ImportResult()
    nonempty = [(i + 1, row) for i, row in enumerate(table) if any(_clean(c) for c in row)]
    if not nonempty:
        result.errors.append((1, "ファイルが空です。"))
        return result
    header_line, header = nonempty[0]
    columns = _header_map(header)
    missing = [COLUMNS[key][0] for key in REQUIRED if key not in columns]
    if missing:
        result.errors.append((header_line, f"1行目に見出し「{'」「'.join(missing)}」が必要です。"))
        return result
    if len(nonempty) - 1 > MAX_ROWS:
        result.errors.append((header_line, f"一度に取り込めるのは{MAX_ROWS}行までです。"))
        return result
    if len(nonempty) == 1:
        result.errors.append((header_line, "見出しの行のほかに、取り込む行がありません。"))
        return result
    result.present = frozenset(columns)
    seen: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for line, cells in nonempty[1:]:

        def cell(key: str, cells: list[str] = cells) -> str:
            index = columns.get(key)
            return _clean(cells[index]) if index is not None and index < len(cells) else ""

        problems: list[str] = []
        code = cell("code").replace("-", "")
        if not code.isdigit() or len(code) not in (5, 6):
            problems.append("市町村コードは5桁または6桁の数字で入力してください")
        else:
            code = full_code(code)
            if not is_valid(code):
                problems.append(f"市町村コード「{code}」の検査数字が正しくありません")
            elif code in seen:
                problems.append(f"市町村コード「{code}」が{seen[code]}行目と重複しています")
            else:
                seen[code] = line
        name = cell("name")
        if not name:
            problems.append("市町村名がありません")
        elif name in seen_names:
            problems.append(f"市町村名「{name}」が{seen_names[name]}行目と重複しています")
        else:
            seen_names[name] = line
        for key, heading, limit in LENGTHS:
            if len(cell(key)) > limit:
                problems.append(f"{heading}「{cell(key)}」は長すぎます（{limit}文字まで）")
        population = None
        if cell("population"):
            try:
                population = int(cell("population").replace(",", "").replace("人", ""))
                if population < 0:
                    raise ValueError
            except ValueError:
                problems.append(f"人口「{cell('population')}」は数字で入力してください")
        area = None
        if cell("area"):
            try:
                area = Decimal(cell("area").replace(",", "").replace("km2", "").replace("㎢", ""))
                if area < 0 or area >= Decimal("1000000"):
                    raise InvalidOperation
            except InvalidOperation:
                problems.append(f"面積「{cell('area')}」は数字で入力してください")
        status = STATUS_BY_LABEL.get(cell("status"))
        if status is None:
            labels = "、".join(ProgrammeStatus.labels)
            problems.append(f"実施状況「{cell('status')}」は次のいずれかにしてください：{labels}")
        year = None
        if cell("year"):
            try:
                year = parse_year(cell("year"))
            except ValueError:
                problems.append(f"年度「{cell('year')}」を読み取れません（例：令和3年度、R3、2021）")
        if status == ProgrammeStatus.PLANNED and year is None and not problems:
            problems.append("実施予定の市町村は予定年度を入力してください")
        if problems:
            result.errors.append((line, "。".join(problems) + "。"))
            continue
        result.rows.append(
            Row(
                line,
                code,
                name,
                cell("kana"),
                cell("region"),
                cell("block"),
                population,
                area,
                str(status),
                year,
            )
        )
    return result
