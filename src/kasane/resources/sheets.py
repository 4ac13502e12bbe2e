"""kasane's template written out as .xlsx: empty but for an example row and a sheet explaining each column
(``template_xlsx``), or holding the register (``export_xlsx``) in the same columns, so the export can be edited
and imported back by ``table_import.py`` (its ID column makes the import update what it exported)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kasane.lib.exports import FILTER_BUTTON, MAX_WIDTH, display_width, text_cells_only
from kasane.resources.models import Category, Funding, Load, OrganizationKind, Service, Status
from kasane.resources.schedules import days_text
from kasane.resources.table_columns import (
    EXAMPLE_MARK,
    FLAGS,
    HEADERS,
    ID_HEADER,
    LOCATION_TEXT,
    SCHEDULE_COLUMNS,
    SERVICE_TEXT,
)


def _flag(value: bool) -> str:
    return "○" if value else "×"


def _row_of(service: Service) -> list[Any]:
    org, loc = service.organization, service.location
    schedules = list(service.schedules.all())
    times = [
        [days_text(s.freq, s.byday) for s in schedules],
        [f"{s.opens_at:%H:%M}" if s.opens_at else "" for s in schedules],
        [f"{s.closes_at:%H:%M}" if s.closes_at else "" for s in schedules],
        [s.description for s in schedules],
    ]
    by_header: dict[str, Any] = {h: getattr(service, name) for h, name in SERVICE_TEXT.items()}
    by_header |= {h: _flag(getattr(service, name)) for h, name in FLAGS.items()}
    by_header |= {h: getattr(loc, name) if loc else "" for h, name in LOCATION_TEXT.items()}
    by_header |= {
        h: "\n".join(lines) if any(lines) else "" for h, lines in zip(SCHEDULE_COLUMNS, times, strict=True)
    }
    by_header |= {
        "ふりがな": service.name_kana,
        "運営団体": org.name,
        "団体の種類": org.get_kind_display(),
        "種類": "、".join(service.category_labels),
        "財源": service.get_funding_display(),
        "体への負担": service.get_physical_load_display(),
        "受け入れ可能な人数": service.capacity,
        "圏域": loc.area.name if loc and loc.area else "",
        "メールアドレス": service.contact_email,
        "状況": service.get_status_display(),
        ID_HEADER: str(service.hsds_id),
    }
    return [by_header[h] for h in HEADERS]


EXAMPLE = {
    "名称": f"{EXAMPLE_MARK}中町ふれあいサロン", "ふりがな": "なかまちふれあいさろん", "運営団体": "中町自治会",
    "団体の種類": OrganizationKind.RESIDENTS.label, "種類": "サロン、居場所", "財源": Funding.CARE.label,
    "内容": "お茶を飲みながらおしゃべりや体操をします。", "参加する人ができること": "お茶出し、受付、片付け",
    "体への負担": Load.LIGHT.label, "人と話すのが苦手でも参加しやすい": "○", "送迎あり": "×",
    "受け入れ先になれる": "○", "受け入れ経験あり": "×", "対象・条件": "どなたでも", "費用": "1回100円（お茶代）",
    "受け入れ可能な人数": 2, "場所": "中町公民館 和室", "住所": "中町1-2-3", "圏域": "北部圏域",
    "交通・アクセス": "市民バス「中町」下車徒歩3分", "バリアフリー": "段差なし", "曜日": "第2・第4水",
    "開始時刻": "13:30", "終了時刻": "15:30", "日程の補足": "8月は休み", "担当者": "中町 花子",
    "電話番号": "0197-00-1234", "メールアドレス": "", "申込方法": "当日参加できます。", "状況": Status.ACTIVE.label,
}  # fmt: skip


def _choices(enum: Any) -> str:
    return "、".join(label for _, label in enum.choices)


GUIDE = [
    ("名称", "必ず書きます。", "「（例）」で始まる行は取り込みません。"),
    ("ふりがな", "ひらがなかカタカナ（半角カナも可）。", ""),
    ("運営団体", "必ず書きます。同じ名前の団体は1つにまとめます。", ""),
    ("団体の種類", "次から1つ。", _choices(OrganizationKind)),
    ("種類", "必ず1つ以上。いくつもあるときは「、」か「・」で区切ります。", _choices(Category)),
    ("財源", "次から1つ。空欄は「補助なし（自主運営）」。", _choices(Funding)),
    ("体への負担", "次から1つ（かっこの中は省略できます）。", _choices(Load)),
    *((h, "○ か ×（はい・いいえ も可）。", "") for h in FLAGS),
    ("受け入れ可能な人数", "数字（例：5）。", ""),
    ("場所・住所", "どちらかを書くと場所を登録します。", ""),
    ("圏域", "市町村に登録されている圏域の名前。", ""),
    ("曜日", "毎週なら「月・水」、毎月なら「第2・第4水」「最終金」。", "日程が2つ以上あるときは、セルの中で改行して1行に1つ書き、時刻と補足も同じ順に改行して書きます。"),
    ("開始時刻・終了時刻", "「13:30」「1330」「13時30分」のどれでも。", ""),
    ("状況", "次から1つ。空欄は「実施中」。", _choices(Status)),
    (ID_HEADER, "書き出したファイルでは自動で入っています。変えないでください。", "新しく追加する行は空欄にします。IDのある行は、その資源を更新します。"),
]  # fmt: skip


def _workbook(rows: Iterable[list[Any]]) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "社会資源"
    ws.append(list(HEADERS))
    widths = [display_width(h) + FILTER_BUTTON for h in HEADERS]
    for row in rows:
        ws.append([None if v == "" else v for v in row])
        for i, value in enumerate(row):
            longest = max((display_width(line) for line in str(value).split("\n")), default=0)
            widths[i] = min(MAX_WIDTH, max(widths[i], longest + 2))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
    id_column = get_column_letter(len(HEADERS))
    for cell in ws[id_column]:
        cell.font = Font(color="808080", bold=cell.row == 1)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{id_column}{max(ws.max_row, 2)}"
    for header, enum in (
        ("団体の種類", OrganizationKind),
        ("財源", Funding),
        ("体への負担", Load),
        ("状況", Status),
    ):
        _drop_down(ws, header, [str(label) for _, label in enum.choices])
    for header in FLAGS:
        _drop_down(ws, header, ["○", "×"])
    guide = workbook.create_sheet("記入のしかた")
    guide.append(["列", "書き方", "選べるもの・補足"])
    for line in GUIDE:
        guide.append(list(line))
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for letter, width in (("A", 24), ("B", 60), ("C", 90)):
        guide.column_dimensions[letter].width = width
    out = io.BytesIO()
    text_cells_only(workbook).save(out)
    return out.getvalue()


def _drop_down(ws: Any, header: str, labels: list[str]) -> None:
    """A list to pick from; other words stay allowed (a warning only), since the import reads more forms."""
    column = get_column_letter(HEADERS.index(header) + 1)
    rule = DataValidation(
        type="list", formula1=f'"{",".join(labels)}"', allow_blank=True, errorStyle="warning"
    )
    rule.add(f"{column}2:{column}1000")
    ws.add_data_validation(rule)


def template_xlsx() -> bytes:
    """The template staff fill in: the headers, one example row and a sheet explaining each column."""
    return _workbook([[EXAMPLE.get(h, "") for h in HEADERS]])


def export_xlsx(services: Iterable[Service]) -> bytes:
    """The register in the template's columns (with_details() services), so the file can be edited and
    imported back: the ID column makes the import update these records."""
    return _workbook(_row_of(service) for service in services)
