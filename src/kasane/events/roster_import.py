"""Import an event's participant list: check every row, show what would happen, write only when confirmed.

Each row comes out 新規 (to be registered), 重複 (the person is already registered, or is an earlier row of
the same file: the same e-mail address, or the same name and 所属) or an error naming what is wrong. While
any row is an error nothing can be written; the import writes the new rows together, in one transaction
with one audit entry, marked with a batch id, and that batch can be taken back as a whole until any of its
people has attendance or a group recorded.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from itertools import groupby

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from kasane import audit
from kasane.audit.actor import Actor
from kasane.events.models import Event, ParticipantCategory, Registration, RegistrationChannel
from kasane.events.roster_file import MAX_ROWS, READ_LIMIT
from kasane.lib.dates import localtime
from kasane.lib.text import kana_reading, name_key, search_key
from kasane.tenancy.models import Municipality

# Column headings as staff write them; the first of each is the template's.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("氏名", "名前", "お名前", "参加者氏名"),
    "kana": ("ふりがな", "フリガナ", "よみがな", "ヨミガナ", "氏名（ふりがな）"),
    "municipality": ("市町村", "市町村名", "自治体", "自治体名"),
    "organisation": ("所属", "所属名", "所属機関", "所属先"),
    "category": ("区分", "参加区分"),
    "occupation": ("職種",),
    "email": ("メールアドレス", "メール", "e-mail", "email", "mail"),
}
LIMITS = {"name": 60, "kana": 60, "organisation": 120, "occupation": 60, "email": 254}
LABELS = {
    "name": "氏名",
    "kana": "ふりがな",
    "organisation": "所属",
    "occupation": "職種",
    "email": "メールアドレス",
}
CATEGORY_WORDS: dict[str, str] = {
    **{label: value for value, label in ParticipantCategory.choices},
    "市町村": ParticipantCategory.MUNICIPAL,
    "振興局": ParticipantCategory.BUREAU,
    "関係機関": ParticipantCategory.AGENCY,
    "都道府県": ParticipantCategory.PREFECTURAL,
    "道職員": ParticipantCategory.PREFECTURAL,
    "都職員": ParticipantCategory.PREFECTURAL,
    "府職員": ParticipantCategory.PREFECTURAL,
    "県職員": ParticipantCategory.PREFECTURAL,
}
_KANA = re.compile(r"[\u3041-\u3096\u309d\u309e\u30fc\u3000・]+")
_DISTRICT = re.compile(r"^.+?郡")


class RosterImportError(Exception):
    """The import (or its undo) is refused; the message is shown as it is."""


NEW, DUPLICATE, ERROR = "new", "duplicate", "error"
STATUS_LABELS = {NEW: "新規", DUPLICATE: "重複", ERROR: "エラー"}


@dataclass
class Row:
    line: int
    name: str = ""
    kana: str = ""
    municipality: Municipality | None = None
    organisation: str = ""
    category: str = ""
    occupation: str = ""
    email: str = ""
    status: str = NEW
    reasons: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def category_label(self) -> str:
        return ParticipantCategory(self.category).label if self.category else ""


@dataclass
class Preview:
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # of the file as a whole
    ignored_columns: list[str] = field(default_factory=list)
    capacity_note: str = ""

    def _with(self, status: str) -> list[Row]:
        return [row for row in self.rows if row.status == status]

    @property
    def new(self) -> list[Row]:
        return self._with(NEW)

    @property
    def duplicates(self) -> list[Row]:
        return self._with(DUPLICATE)

    @property
    def errors(self) -> list[Row]:
        return self._with(ERROR)

    @property
    def can_apply(self) -> bool:
        return not self.problems and not self.errors and bool(self.new)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _header_map(header: list[str]) -> tuple[dict[str, int], list[str]]:
    found: dict[str, int] = {}
    ignored = []
    for index, heading in enumerate(_clean(h) for h in header):
        key = next(
            (k for k, names in COLUMNS.items() if heading.lower() in (_clean(n).lower() for n in names)), None
        )
        if key is not None and key not in found:
            found[key] = index
        elif heading:
            ignored.append(heading)
    return found, ignored


class _Towns:
    """The event's prefecture's municipalities by name: 札幌市, 北海道札幌市, 北海道 札幌市, 上川郡鷹栖町."""

    def __init__(self, event: Event) -> None:
        self.prefecture = event.prefecture.name
        self.by_name = {m.name: m for m in Municipality.objects.filter(prefecture=event.prefecture)}

    def find(self, text: str) -> Municipality | None:
        name = text.replace(" ", "")
        if name.startswith(self.prefecture):
            name = name[len(self.prefecture) :]
        return self.by_name.get(name) or self.by_name.get(_DISTRICT.sub("", name))


def _person_keys(name: str, organisation: str, email: str) -> list[tuple[str, str]]:
    keys = [("name", f"{name_key(name)}\n{search_key(organisation)}")]
    if email:
        keys.insert(0, ("email", email.lower()))
    return keys


def _row(line: int, cell: dict[str, str], towns: _Towns) -> Row:
    row = Row(line=line, name=cell["name"], organisation=cell["organisation"], occupation=cell["occupation"])
    if not row.name:
        row.reasons.append("氏名が空欄です。")
    for key, limit in LIMITS.items():
        if len(cell[key]) > limit:
            row.reasons.append(f"{LABELS[key]}が長すぎます（{limit}文字まで）。")
    if cell["kana"]:
        row.kana = kana_reading(cell["kana"])
        if not _KANA.fullmatch(row.kana):
            row.reasons.append(f"ふりがな「{cell['kana']}」は、ひらがなかカタカナで書いてください。")
    if cell["municipality"]:
        row.municipality = towns.find(cell["municipality"])
        if row.municipality is None:
            row.reasons.append(f"市町村「{cell['municipality']}」は{towns.prefecture}の市町村にありません。")
    row.category = _category(cell["category"], row, town_given=bool(cell["municipality"]))
    row.email = cell["email"]
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            row.reasons.append(f"メールアドレス「{row.email}」の形が正しくありません。")
    return row


def _category(text: str, row: Row, *, town_given: bool) -> str:
    if not text:
        if town_given and row.municipality is None:
            return ""  # the town is an error already: no 区分 is guessed from it
        return ParticipantCategory.MUNICIPAL if row.municipality else ParticipantCategory.OTHER
    category = CATEGORY_WORDS.get(text.replace(" ", ""))
    if category is None:
        choices = "・".join(ParticipantCategory.labels)
        row.reasons.append(f"区分「{text}」は使えません。{choices}のいずれかを書いてください。")
        return ""
    if category == ParticipantCategory.MUNICIPAL and row.municipality is None and not row.reasons:
        row.reasons.append("区分が市町村職員のときは、市町村を書いてください。")
    return category


WHY = {"email": "メールアドレスが同じ", "name": "氏名と所属が同じ"}


def check(table: list[list[str]], event: Event) -> Preview:
    """Every row of the file, judged against the event's registrations as they are now."""
    preview = Preview()
    lines = [(i + 1, row) for i, row in enumerate(table) if any(_clean(c) for c in row)]
    if not lines:
        preview.problems.append("ファイルに何も書かれていません。")
        return preview
    header_line, header = lines[0]
    columns, preview.ignored_columns = _header_map(header)
    if "name" not in columns:
        preview.problems.append(f"{header_line}行目（見出しの行）に「氏名」の列がありません。")
        return preview
    if len(lines) >= READ_LIMIT:
        preview.problems.append(f"一度に取り込めるのは{MAX_ROWS}人までです。ファイルを分けてください。")
        return preview
    if len(lines) == 1:
        preview.problems.append("見出しの行のほかに、取り込む行がありません。")
        return preview
    towns = _Towns(event)
    known: dict[tuple[str, str], str] = {}
    for registration in event.registrations.only("name", "organisation", "email"):
        for key in _person_keys(registration.name, registration.organisation, registration.email):
            known.setdefault(key, registration.name)
    in_file: dict[tuple[str, str], int] = {}
    for line, cells in lines[1:]:
        cell = {
            key: _clean(cells[columns[key]]) if key in columns and columns[key] < len(cells) else ""
            for key in COLUMNS
        }
        row = _row(line, cell, towns)
        if row.reasons:
            row.status = ERROR
        else:
            for key in _person_keys(row.name, row.organisation, row.email):
                if key in known:
                    row.status = DUPLICATE
                    row.reasons.append(f"既に登録があります（{WHY[key[0]]}：{known[key]}さん）。")
                    break
                if key in in_file:
                    row.status = DUPLICATE
                    row.reasons.append(f"{in_file[key]}行目と同じ人です（{WHY[key[0]]}）。")
                    break
            for key in _person_keys(row.name, row.organisation, row.email):
                in_file.setdefault(key, line)
        preview.rows.append(row)
    if event.capacity is not None:
        total = event.registrations.count() + len(preview.new)
        if total > event.capacity:
            preview.capacity_note = (
                f"取り込むと参加者は{total}人になり、定員（{event.capacity}人）を超えます。"
            )
    return preview


def new_batch() -> str:
    """An import's id: when it happened (Tokyo time) and a random tail, e.g. 20261207-1030-5f3a9c."""
    return f"{localtime(timezone.now()):%Y%m%d-%H%M}-{secrets.token_hex(3)}"


def apply(event: Event, table: list[list[str]], *, file_type: str, actor: Actor) -> tuple[str, Preview]:
    """Register the file's new rows, all or none. Returns the batch id and the preview it was based on."""
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()  # one import of an event at a time
        preview = check(table, event)
        if preview.problems or preview.errors:
            raise RosterImportError(
                "取り込めない行があるため、何も登録していません。ファイルを直してください。"
            )
        if not preview.new:
            raise RosterImportError("新しく登録する人がいません（全員、登録済みです）。")
        batch = new_batch()
        Registration.objects.bulk_create(
            Registration(
                event=event,
                name=row.name,
                name_kana=row.kana,
                municipality=row.municipality,
                organisation=row.organisation,
                category=row.category,
                occupation=row.occupation,
                email=row.email,
                channel=RegistrationChannel.IMPORT,
                import_batch=batch,
            )
            for row in preview.new
        )
        audit.log(
            "events.roster_imported",
            actor=actor,
            obj=event,
            details={
                "batch": batch,
                "file_type": file_type,
                "registered": len(preview.new),
                "duplicates_skipped": len(preview.duplicates),
            },
        )
    return batch, preview


@dataclass
class Batch:
    id: str
    registrations: list[Registration]

    @property
    def imported_at(self) -> dt.datetime:
        return min(r.registered_at for r in self.registrations)

    @property
    def blocked(self) -> list[Registration]:
        """Those whose attendance or group is recorded: while there are any, the import stays."""
        return [r for r in self.registrations if r.attended or r.group_id]


def batches(event: Event) -> list[Batch]:
    """The event's imports still in place, newest first."""
    imported = (
        event.registrations.exclude(import_batch="")
        .select_related("municipality")
        .order_by("-import_batch", "pk")
    )
    return [Batch(key, list(rows)) for key, rows in groupby(imported, key=lambda r: r.import_batch)]


def batch_of(event: Event, batch_id: str) -> Batch | None:
    rows = list(event.registrations.filter(import_batch=batch_id).select_related("municipality", "group"))
    return Batch(batch_id, rows) if rows and batch_id else None


def undo(event: Event, batch_id: str, *, actor: Actor) -> int:
    """Remove exactly the registrations of one import. Refused once any of them came or was put in a group."""
    with transaction.atomic():
        rows = list(
            event.registrations.select_for_update().filter(import_batch=batch_id).exclude(import_batch="")
        )
        if not rows:
            raise RosterImportError("この取り込みは見つかりません（すでに元に戻されています）。")
        blocked = Batch(batch_id, rows).blocked
        if blocked:
            raise RosterImportError(
                f"この取り込みで登録した人のうち{len(blocked)}人に、出席またはグループが記録されているため、"
                "元に戻せません。元に戻すときは、先に出席とグループを外してください。"
            )
        Registration.objects.filter(pk__in=[r.pk for r in rows]).delete()
        audit.log(
            "events.roster_import_undone",
            actor=actor,
            obj=event,
            details={"batch": batch_id, "removed": len(rows)},
        )
    return len(rows)
