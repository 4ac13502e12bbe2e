"""kasane's template as staff fill it in (.xlsx, or .csv in UTF-8 or Shift_JIS) read into the register.

Every row is read and checked first, and one problem anywhere refuses the whole file with each problem named
by its spreadsheet row (「3行目：…」); then ``imports.save_incoming`` writes it all (see its rules).

Rules a file follows:
- The ``ID`` column (the service's HSDS id, written by the export) decides update or create; a row without
  an ID is new.
- A column the file leaves out keeps what the record has; a column present is the record's value (an empty
  cell clears a text, and sets a choice back to its default).
- One organisation per name (width, kana and variant kanji folded): rows naming it must agree on its kind.
- A row whose 名称 starts with 「（例）」 is the template's example and is skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import ParseError

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from kasane.audit.actor import Actor
from kasane.lib.forms import parse_time_input
from kasane.lib.text import kana_reading, name_key
from kasane.resources.imports import (
    MAX_INFLATED_BYTES,
    MAX_RECORDS,
    ImportRefused,
    ImportResult,
    Incoming,
    save_incoming,
)
from kasane.resources.models import Funding, Load, Location, Organization, OrganizationKind, Service, Status
from kasane.resources.schedules import parse_days
from kasane.resources.table_columns import (
    CATEGORY_WORDS,
    EXAMPLE_MARK,
    FALSE_WORDS,
    FLAGS,
    FUNDING_WORDS,
    HEADERS,
    ID_HEADER,
    KIND_WORDS,
    LOAD_WORDS,
    LOCATION_TEXT,
    SCHEDULE_COLUMNS,
    SERVICE_TEXT,
    STATUS_WORDS,
    TRUE_WORDS,
    fold,
)
from kasane.tenancy.models import Area, Municipality

_CATEGORY_SPLIT = re.compile(r"[、・,，/／\s]+")
_COUNT = re.compile(r"(\d+)\s*(?:人|名)?(?:まで|程度|くらい)?")
NOTE_LIMIT = 200  # Schedule.description


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "○" if value else "×"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return f"{value:%H:%M}" if value.date() <= dt.date(1900, 1, 1) else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    # Line breaks stay, a trailing one too: in the schedule columns "09:00\n" is two schedules' times.
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip(" \t\u3000")


def _sheet_rows(data: bytes, filename: str) -> tuple[str, Iterator[tuple[int, list[str]]]]:
    """(format, (row number, cell texts) for each row), whatever the file's kind and encoding."""
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        from openpyxl import load_workbook  # noqa: PLC0415 - openpyxl loads when a workbook is read, not at start-up

        try:
            inflated = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
            if inflated > MAX_INFLATED_BYTES:
                raise ImportRefused(
                    ["Excelファイルが大きすぎます（展開して50MBまで）。分けて取り込んでください。"]
                )
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, ParseError) as exc:
            raise ImportRefused(["Excelファイル（.xlsx）として読み取れませんでした。"]) from exc
        ws = workbook.worksheets[0]
        rows = ((n, [_cell_text(v) for v in row]) for n, row in enumerate(ws.iter_rows(values_only=True), 1))
        return "xlsx", rows
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRefused(
            ["文字コードが読み取れませんでした。UTF-8 か Shift_JIS で保存したCSVを選んでください。"]
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    return "csv", ((n, [_cell_text(v) for v in row]) for n, row in enumerate(reader, 1))


def _length(model: Any, name: str) -> int | None:
    """A CharField's limit (PostgreSQL refuses a longer value; SQLite would keep it); None for a TextField."""
    limit = model._meta.get_field(name).max_length
    return int(limit) if limit is not None else None


class _Row:
    """One spreadsheet row being read: cells by header, problems collected with the row's number."""

    def __init__(self, number: int, raw: dict[str, str], errors: list[str]) -> None:
        self.number, self.raw, self.errors = number, raw, errors
        self.cells = {header: value.strip() for header, value in raw.items()}

    def error(self, message: str) -> None:
        self.errors.append(f"{self.number}行目：{message}")

    def text(self, header: str, model: Any = None, field_name: str = "") -> str:
        value = self.cells.get(header, "")
        limit = _length(model, field_name) if model is not None else None
        if limit is not None and len(value) > limit:
            self.error(f"{header}は{limit}文字以内にしてください（{len(value)}文字あります）。")
        return value

    def choice(self, header: str, words: dict[str, str], default: str) -> str:
        value = self.cells.get(header, "")
        if not value:
            return default
        code = words.get(fold(value))
        if code is None:
            self.error(f"{header}「{value}」は選べません。")
            return default
        return code

    def flag(self, header: str) -> bool:
        value = fold(self.cells.get(header, ""))
        if value not in TRUE_WORDS | FALSE_WORDS:
            self.error(f"{header}は ○ か × で書いてください（「{self.cells[header]}」とあります）。")
        return value in TRUE_WORDS


def _categories(row: _Row) -> list[str]:
    value = row.cells.get("種類", "")
    codes: list[str] = []
    for word in (w for w in _CATEGORY_SPLIT.split(value) if w):
        code = CATEGORY_WORDS.get(fold(word))
        if code is None:
            row.error(f"種類「{word}」は選べません。")
        elif code not in codes:
            codes.append(code)
    if not value:
        row.error("種類を1つ以上書いてください。")
    return codes


def _lines(row: _Row, header: str, count: int) -> list[str]:
    lines = [line.strip() for line in row.raw.get(header, "").split("\n")]
    while len(lines) > count and not lines[-1]:
        lines.pop()
    if lines == [""] * len(lines):
        return [""] * count
    if len(lines) != count:
        row.error(f"{header}は曜日と同じ行数で書いてください（曜日が{count}行、{header}が{len(lines)}行）。")
        return [""] * count
    return lines


def _time(row: _Row, header: str, text: str) -> dt.time | None:
    if not text:
        return None
    try:
        return parse_time_input(text)
    except ValueError as exc:
        row.error(f"{header}「{text}」：{exc}")
        return None


def _schedules(row: _Row) -> list[dict[str, Any]]:
    days = [line.strip() for line in row.raw.get("曜日", "").split("\n") if line.strip()]
    if not days:
        if any(row.cells.get(h) for h in SCHEDULE_COLUMNS[1:]):
            row.error("開始時刻・終了時刻・日程の補足を書くときは、曜日も書いてください。")
        return []
    opens, closes, notes = (_lines(row, h, len(days)) for h in SCHEDULE_COLUMNS[1:])
    schedules = []
    for text, open_text, close_text, note in zip(days, opens, closes, notes, strict=True):
        try:
            freq, byday = parse_days(text)
        except ValueError as exc:
            row.error(str(exc))
            continue
        opens_at, closes_at = _time(row, "開始時刻", open_text), _time(row, "終了時刻", close_text)
        if opens_at and closes_at and opens_at >= closes_at:
            row.error(f"終了時刻（{closes_at:%H:%M}）は開始時刻（{opens_at:%H:%M}）より後にしてください。")
        if len(note) > NOTE_LIMIT:
            row.error(f"日程の補足は{NOTE_LIMIT}文字以内にしてください。")
        schedules.append(
            {"freq": freq, "byday": byday, "opens_at": opens_at, "closes_at": closes_at, "description": note}
        )
    return schedules


def _place(row: _Row, areas: dict[str, Area]) -> dict[str, Any] | None:
    place: dict[str, Any] = {name: row.text(header, Location, name) for header, name in LOCATION_TEXT.items()}
    area_name = row.cells.get("圏域", "")
    area = areas.get(fold(area_name)) or areas.get(fold(area_name + "圏域"))
    if area_name and area is None:
        known = "、".join(a.name for a in dict.fromkeys(areas.values())) or "なし"
        row.error(f"圏域「{area_name}」はありません（登録されている圏域：{known}）。")
    if not (place["name"] or place["address"]):
        if area_name or place["transportation"] or place["accessibility"]:
            row.error("圏域・交通・バリアフリーを書くときは、場所か住所も書いてください。")
        return None
    place["name"] = place["name"] or place["address"][:100]  # Location.name
    if "圏域" in row.cells:
        place["area"] = area
    return place


def _read_row(row: _Row, areas: dict[str, Area]) -> Incoming:
    cells = row.cells
    service: dict[str, Any] = {
        name: row.text(h, Service, name) for h, name in SERVICE_TEXT.items() if h in cells
    }
    if not service.get("name"):
        row.error("名称を書いてください。")
    if "ふりがな" in cells:
        service["name_kana"] = kana_reading(row.text("ふりがな", Service, "name_kana"))
    if "種類" in cells:
        service["categories"] = _categories(row)
    for header, name, words, default in (
        ("財源", "funding", FUNDING_WORDS, Funding.NONE),
        ("体への負担", "physical_load", LOAD_WORDS, Load.LIGHT),
        ("状況", "status", STATUS_WORDS, Status.ACTIVE),
    ):
        if header in cells:
            service[name] = row.choice(header, words, default)
    service.update({name: row.flag(h) for h, name in FLAGS.items() if h in cells})
    if "受け入れ可能な人数" in cells:
        count = unicodedata.normalize("NFKC", cells["受け入れ可能な人数"])
        match = _COUNT.fullmatch(count)
        if count and (match is None or int(match[1]) > 32767):
            row.error(f"受け入れ可能な人数「{count}」は数字で書いてください（例：5）。")
        service["capacity"] = int(match[1]) if count and match and int(match[1]) <= 32767 else None
    if "メールアドレス" in cells:
        email = unicodedata.normalize("NFKC", cells["メールアドレス"])
        try:
            if email:
                validate_email(email)
        except ValidationError:
            row.error(f"メールアドレス「{email}」の形が正しくありません。")
        service["contact_email"] = email
    org_name = row.text("運営団体", Organization, "name")
    if not org_name:
        row.error("運営団体を書いてください。")
    organization: dict[str, Any] = {"name": org_name}
    if cells.get("団体の種類"):
        organization["kind"] = row.choice("団体の種類", KIND_WORDS, OrganizationKind.OTHER)
    record = Incoming(hsds_id=None, service=service, organization=organization)
    record.has_location = any(h in cells for h in (*LOCATION_TEXT, "圏域"))
    record.location = _place(row, areas) if record.has_location else None
    record.schedules = _schedules(row) if "曜日" in cells else None
    if cells.get(ID_HEADER):
        try:
            record.hsds_id = uuid.UUID(cells[ID_HEADER])
        except ValueError:
            row.error(
                f"ID「{cells[ID_HEADER]}」は書き出したファイルのIDではありません。新しい行なら空欄にしてください。"
            )
    return record


def _header(number: int, cells: list[str], errors: list[str]) -> list[str]:
    known = set(HEADERS)
    headers = [unicodedata.normalize("NFKC", c).replace(" ", "") for c in cells]
    headers = [h if h in known else c for h, c in zip(headers, cells, strict=True)]
    for h in headers:
        if h and h not in known:
            errors.append(
                f"{number}行目：「{h}」という列はひな形にありません。列名はひな形のとおりにしてください。"
            )
        elif h and headers.count(h) > 1:
            errors.append(f"{number}行目：「{h}」の列が2つあります。")
    for required in ("名称", "運営団体", "種類"):
        if required not in headers:
            errors.append(f"{number}行目：「{required}」の列がありません。")
    return headers


@dataclass
class _Seen:
    """What earlier rows said, to catch two rows that disagree."""

    ids: dict[uuid.UUID, int] = field(default_factory=dict)
    kinds: dict[str, tuple[str, int]] = field(default_factory=dict)

    def check(self, row: _Row, record: Incoming) -> None:
        if record.hsds_id is not None:
            if record.hsds_id in self.ids:
                row.error(
                    f"IDが{self.ids[record.hsds_id]}行目と同じです。行を複製したときはIDを空欄にしてください。"
                )
            self.ids.setdefault(record.hsds_id, row.number)
        kind = record.organization.get("kind")
        key = name_key(record.organization["name"])
        if kind and key:
            earlier = self.kinds.setdefault(key, (kind, row.number))
            if earlier[0] != kind:
                row.error(
                    f"団体「{record.organization['name']}」の種類が{earlier[1]}行目"
                    f"（{OrganizationKind(earlier[0]).label}）と違います。"
                )


def read_table(municipality: Municipality, data: bytes, filename: str) -> tuple[str, list[Incoming]]:
    """The file's rows as checked records, or ImportRefused naming every problem."""
    fmt, rows = _sheet_rows(data, filename)
    areas = {fold(a.name): a for a in Area.objects.filter(municipality=municipality)}
    errors: list[str] = []
    headers: list[str] | None = None
    records: list[Incoming] = []
    seen = _Seen()
    try:
        for number, cells in rows:
            if not any(cells):
                continue
            if len(records) >= MAX_RECORDS:
                raise ImportRefused([f"行が多すぎます（{MAX_RECORDS:,}行まで）。分けて取り込んでください。"])
            if headers is None:
                headers = _header(number, cells, errors)
                if errors:
                    break
                continue
            row = _Row(number, {h: v for h, v in zip(headers, cells, strict=False) if h}, errors)
            if row.cells.get("名称", "").startswith(EXAMPLE_MARK):
                continue
            record = _read_row(row, areas)
            seen.check(row, record)
            records.append(record)
    except (ParseError, zipfile.BadZipFile, csv.Error) as exc:
        # A sheet whose XML is broken fails only as its rows are read.
        raise ImportRefused(
            ["ファイルの中身が読み取れませんでした。Excel で開いて保存し直してください。"]
        ) from exc
    if not errors and not records:
        errors.append("取り込む行がありません。ひな形の2行目から1行に1つずつ書いてください。")
    if errors:
        raise ImportRefused(errors)
    return fmt, records


def import_table(municipality: Municipality, data: bytes, filename: str, *, actor: Actor) -> ImportResult:
    """Read kasane's template (.xlsx or .csv) into the register, all or nothing."""
    with transaction.atomic():
        fmt, records = read_table(municipality, data, filename)
        return save_incoming(municipality, records, format=fmt, actor=actor)
