"""What an uploaded municipality list would change, row by row, before anything is written.

Each row is matched on its 市町村コード and becomes one of: a new municipality, an update (field by field,
old → new), unchanged, or an error (by line). A row that renames a municipality, or whose name is on record
under another code, is *flagged*: it is applied only when the officer ticks it. The preview is plain data
(JSON), kept in a pending ``ImportBatch`` so the confirm step applies exactly what was shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kasane.lib.dates import fiscal_year_label
from kasane.readiness import support_settings
from kasane.readiness.importer import ImportResult, Row
from kasane.readiness.models import Block, MunicipalityProfile, Region
from kasane.readiness.themes import ProgrammeStatus
from kasane.tenancy.models import Municipality, Prefecture

# The fields an import may change, in the order the preview lists them, with the file's column for each.
FIELDS: tuple[tuple[str, str], ...] = (
    ("name", "name"),
    ("kana", "kana"),
    ("block", "block"),
    ("region", "region"),
    ("status", "status"),
    ("status_year", "year"),
    ("population", "population"),
    ("area", "area"),
)
NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"

State = dict[str, Any]


def snapshot(municipality: Municipality) -> State:
    """Everything an import may change about a municipality, as plain data (ids and names both)."""
    try:
        profile: MunicipalityProfile | None = municipality.profile
    except MunicipalityProfile.DoesNotExist:
        profile = None
    block = profile.block if profile else None
    region = profile.region if profile else None
    return {
        "name": municipality.name,
        "population": municipality.population,
        "profile": profile is not None,
        "kana": profile.name_kana if profile else "",
        "block_id": block.pk if block else None,
        "block": block.name if block else "",
        "region_id": region.pk if region else None,
        "region": region.name if region else "",
        "bureau": profile.bureau if profile else "",
        "status": profile.status if profile else "",
        "status_year": profile.status_year if profile else None,
        "area": _area(profile.area_km2 if profile else None),
    }


def snapshots(ids: list[int]) -> dict[int, State]:
    found = Municipality.objects.filter(pk__in=ids).select_related("profile__block", "profile__region")
    return {m.pk: snapshot(m) for m in found}


def _area(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def display(key: str, value: Any) -> str:
    """A field's value as the preview shows it."""
    if value in (None, ""):
        return "（空欄）"
    if key == "status":
        return str(ProgrammeStatus(value).label)
    if key == "status_year":
        return fiscal_year_label(int(value))
    if key == "population":
        return f"{int(value):,}人"
    if key == "area":
        return f"{value}㎢"
    return str(value)


def field_labels(region_label: str) -> dict[str, str]:
    return {
        "name": "市町村名",
        "kana": "ふりがな",
        "block": "ブロック",
        "region": region_label,
        "status": "実施状況",
        "status_year": "実施（予定）年度",
        "population": "人口",
        "area": "面積",
    }


@dataclass
class Preview:
    rows: list[dict[str, Any]] = field(default_factory=list)
    new_blocks: list[str] = field(default_factory=list)
    new_regions: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return counts_of(self.rows)


def counts_of(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "new": sum(1 for r in rows if r["kind"] == NEW),
        "updated": sum(1 for r in rows if r["kind"] == UPDATE),
        "renamed": sum(1 for r in rows if r["kind"] == UPDATE and r["rename"]),
        "unchanged": sum(1 for r in rows if r["kind"] == UNCHANGED),
        "errors": sum(1 for r in rows if r["kind"] == ERROR),
        "flagged": sum(1 for r in rows if r["flags"]),
    }


def build(parsed: ImportResult, prefecture: Prefecture, *, listed_regions: list[str]) -> Preview:
    """The preview of ``parsed`` against the records as they are now. Reads only."""
    label = support_settings.of(prefecture).region_label
    preview = Preview()
    rows: list[dict[str, Any]] = [_error(line, message) for line, message in parsed.errors]
    codes = [row.code for row in parsed.rows]
    on_record = {m.code: m for m in Municipality.objects.filter(code__in=codes).select_related("prefecture")}
    ours = list(
        Municipality.objects.filter(prefecture=prefecture).select_related("profile__block", "profile__region")
    )
    by_name = {m.name: m for m in ours}
    states = {m.pk: snapshot(m) for m in ours}
    blocks = set(Block.objects.filter(prefecture=prefecture).values_list("name", flat=True))
    regions = set(Region.objects.filter(prefecture=prefecture).values_list("name", flat=True))
    listed = [name for name in listed_regions if name not in regions]
    for row in parsed.rows:
        problem = _problem(row, prefecture, on_record.get(row.code), regions | set(listed), label)
        if problem:
            rows.append(_error(row.line, problem))
            continue
        existing = on_record.get(row.code)
        before = states[existing.pk] if existing else None
        after = _planned(row, before, parsed.present)
        entry = _change(row, existing, before, after, label)
        entry["flags"] = _flags(row, existing, by_name.get(row.name))
        rows.append(entry)
    preview.rows = sorted(rows, key=lambda r: r["line"])
    changing = [r["after"] for r in preview.rows if r["kind"] in (NEW, UPDATE)]
    preview.new_blocks = sorted({a["block"] for a in changing if a["block"] and a["block"] not in blocks})
    preview.new_regions = [name for name in listed if any(a["region"] == name for a in changing)]
    labels = field_labels(label)
    for entry in preview.rows:
        for diff in entry.get("diffs", []):
            new_block = diff[0] == labels["block"] and entry["after"]["block"] in preview.new_blocks
            if new_block or (diff[0] == labels["region"] and entry["after"]["region"] in preview.new_regions):
                diff[2] += "（新しく登録）"
    return preview


def _error(line: int, message: str) -> dict[str, Any]:
    return {"line": line, "kind": ERROR, "message": message, "flags": [], "rename": False, "code": ""}


def _problem(
    row: Row, prefecture: Prefecture, existing: Municipality | None, regions: set[str], label: str
) -> str:
    if row.code[:2] != prefecture.code:
        return (
            f"市町村コード「{row.code}」は{prefecture.name}の市町村のコードではありません"
            f"（{prefecture.name}のコードは「{prefecture.code}」で始まります）。"
        )
    if existing is not None and existing.prefecture_id != prefecture.pk:
        return f"市町村コード「{row.code}」は他の都道府県の市町村です。"
    if row.region and row.region not in regions:
        return (
            f"{label}「{row.region}」は登録されていません。名称の誤りでなければ、"
            f"「新しく加える{label}」に書き加えてから、もう一度ファイルを選んでください。"
        )
    return ""


def _planned(row: Row, before: State | None, present: frozenset[str]) -> State:
    """The state the row asks for: the file's value for each column it has, the record's for the rest."""
    after: State = dict(before) if before else {"profile": False}
    values = {
        "name": row.name,
        "kana": row.kana,
        "block": row.block,
        "region": row.region,
        "status": row.status,
        "status_year": row.year,
        "population": row.population,
        "area": _area(row.area),
    }
    for key, column in FIELDS:
        if column in present or before is None:
            after[key] = values[key] if column in present else _blank(key)
    return after


def _blank(key: str) -> Any:
    return None if key in ("status_year", "population") else ""


def _change(
    row: Row, existing: Municipality | None, before: State | None, after: State, label: str
) -> dict[str, Any]:
    labels = field_labels(label)
    entry: dict[str, Any] = {"line": row.line, "code": row.code, "after": after, "message": ""}
    entry["municipality_id"] = existing.pk if existing else None
    entry["before"] = before
    if before is None:
        entry["kind"] = NEW
        entry["rename"] = False
        entry["diffs"] = [
            [labels[key], "", display(key, after[key])] for key, _c in FIELDS if after[key] not in (None, "")
        ]
        return entry
    diffs = [
        [labels[key], display(key, before[key]), display(key, after[key])]
        for key, _c in FIELDS
        if before[key] != after[key]
    ]
    entry["kind"] = UPDATE if diffs else UNCHANGED
    entry["rename"] = before["name"] != after["name"]
    entry["diffs"] = diffs
    return entry


def _flags(row: Row, existing: Municipality | None, same_name: Municipality | None) -> list[str]:
    """Why a row needs the officer's explicit confirmation (empty when it does not)."""
    flags = []
    if existing is not None and existing.name != row.name:
        flags.append(f"名称が変わります：市町村コード「{row.code}」は登録上「{existing.name}」です。")
    if same_name is not None and same_name.code != row.code:
        flags.append(
            f"「{row.name}」は市町村コード「{same_name.code}」で登録されています。コードの誤りではありませんか。"
        )
        if existing is None:
            flags.append("確認すると、別の市町村として新しく登録します。")
    return flags
