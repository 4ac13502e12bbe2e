"""An HSDS document read back into the register: the JSON of ``hsds.py`` (a list of services, one service, or
``{"services": [...]}``) or the tabular ZIP of ``hsds_tabular.py``, each compiled service mapped onto an
``Incoming`` and written by ``imports.save_incoming``.

It follows ``imports.py``'s rules (all or nothing, update by id within this municipality only, an id found
nowhere here creates a record carrying it). Every value is checked for its type before use, so a malformed
file is refused with a message naming the record, never a crash. Our own taxonomy codes must be known; a
foreign taxonomy's terms do not fit our categories, so such a service becomes 「その他」 and keeps those terms'
names as a last line 「元の分類：…」 of its description (added once, so a re-import does not repeat it). A
place's 圏域 is matched by name; a name this municipality does not have (another town's export) leaves the
圏域 blank.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from kasane.audit.actor import Actor
from kasane.resources.hsds import FLAGS, TAXONOMIES
from kasane.resources.hsds_tabular import read_tabular_zip
from kasane.resources.imports import MAX_RECORDS, ImportRefused, ImportResult, Incoming, save_incoming
from kasane.resources.models import (
    WEEKDAYS,
    Category,
    Frequency,
    Funding,
    Load,
    Location,
    Organization,
    Schedule,
    Service,
    Status,
)
from kasane.tenancy.models import Area, Municipality

# HSDS's four statuses in its order; kasane keeps three (defunct and inactive both read as 終了).
STATUS_IN = {
    "active": Status.ACTIVE,
    "inactive": Status.ENDED,
    "defunct": Status.ENDED,
    "temporarily closed": Status.PAUSED,
}
FOREIGN_LINE = "元の分類："


class _Mapper:
    """One compiled service read back into an ``Incoming``, problems collected under ``where``. Every value is
    checked for its type before use, so a malformed file is refused with a message, never a crash."""

    def __init__(self, where: str, errors: list[str], areas: dict[str, Area]) -> None:
        self.where, self.errors, self.areas = where, errors, areas

    def error(self, obj: dict[str, Any] | None, message: str) -> None:
        at = (obj or {}).get("__where__")
        self.errors.append(f"{self.where}：{message}" + (f"（{at}）" if at and at not in self.where else ""))

    def items(self, obj: dict[str, Any], key: str) -> list[dict[str, Any]]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.error(obj, f"{key} はオブジェクトの配列にしてください。")
            return []
        return value

    def one(self, obj: dict[str, Any], key: str) -> dict[str, Any]:
        value = obj.get(key)
        if value is not None and not isinstance(value, dict):
            self.error(obj, f"{key} はオブジェクトにしてください。")
        return value if isinstance(value, dict) else {}

    def first(self, obj: dict[str, Any], key: str) -> dict[str, Any]:
        return next(iter(self.items(obj, key)), {})

    def text(self, obj: dict[str, Any], key: str, model: Any = None, name: str = "") -> str:
        value = obj.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.error(obj, f"{key} は文字列にしてください。")
            return ""
        limit = model._meta.get_field(name).max_length if model is not None else None
        if limit is not None and len(value) > limit:
            self.error(obj, f"{key} は{limit}文字以内にしてください（{len(value)}文字あります）。")
        return value

    def id_of(self, obj: dict[str, Any]) -> uuid.UUID | None:
        value = obj.get("id")
        try:
            return uuid.UUID(str(value)) if value else None
        except ValueError:
            self.error(obj, f"id「{value}」はUUIDの形ではありません。")
            return None

    def number(self, obj: dict[str, Any], key: str, low: float, high: float) -> float | None:
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            self.error(obj, f"{key}「{value}」は{low:g}から{high:g}までの数にしてください。")
            return None
        return value

    def count(self, obj: dict[str, Any], key: str) -> int | None:
        value = self.number(obj, key, 0, 32767)
        return int(value) if value is not None else None

    def coordinate(self, obj: dict[str, Any], key: str, limit: int) -> Decimal | None:
        value = self.number(obj, key, -limit, limit)
        return Decimal(str(round(value, 6))) if value is not None else None

    def checked(self, obj: dict[str, Any], key: str, check: Any, what: str, model: Any, name: str) -> str:
        value = self.text(obj, key, model, name)
        try:
            if value:
                check(value)
        except ValidationError:
            self.error(obj, f"{key}「{value}」は{what}の形ではありません。")
        return value

    def terms(self, obj: dict[str, Any]) -> tuple[dict[str, list[tuple[str, str]]], list[str]]:
        """Our terms as prefix → [(code, value)], and the names of any other taxonomy's terms."""
        ours: dict[str, list[tuple[str, str]]] = defaultdict(list)
        foreign: list[str] = []
        for attribute in self.items(obj, "attributes"):
            term = self.one(attribute, "taxonomy_term")
            prefix, _, code = str(term.get("code") or "").partition(":")
            if prefix in TAXONOMIES:
                if code not in TAXONOMIES[prefix][2]:
                    self.error(attribute, f"{TAXONOMIES[prefix][1]}「{code}」は選べません。")
                ours[prefix].append((code, str(attribute.get("value") or "")))
            elif term.get("name") or attribute.get("label"):
                foreign.append(str(term.get("name") or attribute.get("label")))
        return ours, foreign

    def schedules(self, service: dict[str, Any]) -> list[dict[str, Any]]:
        found = self.items(service, "schedules")
        for at in self.items(service, "service_at_locations"):
            found = found + self.items(at, "schedules")
        schedules = []
        for obj in found:
            freq, byday = obj.get("freq"), str(obj.get("byday") or "").replace(" ", "")
            ordinal = r"(-1|[1-5])?" if freq == Frequency.MONTHLY else ""
            day = re.compile(ordinal + "(" + "|".join(WEEKDAYS) + ")")
            if freq not in Frequency.values or not all(day.fullmatch(p) for p in byday.split(",")):
                self.error(
                    obj, f"日程の繰り返し（freq「{freq}」・byday「{byday}」）は kasane では扱えません。"
                )
                continue
            times: dict[str, dt.time | None] = {}
            for key in ("opens_at", "closes_at"):
                try:
                    times[key] = dt.time.fromisoformat(str(obj[key])) if obj.get(key) else None
                except ValueError:
                    self.error(obj, f"{key}「{obj.get(key)}」は時刻（例：13:30）にしてください。")
            description = self.text(obj, "description", Schedule, "description")
            schedules.append({"hsds_id": self.id_of(obj) or uuid.uuid4(), "freq": freq, "byday": byday,
                              "description": description, **times})  # fmt: skip
        return schedules

    def place(self, service: dict[str, Any]) -> tuple[dict[str, Any] | None, uuid.UUID | None]:
        places = [self.one(at, "location") for at in self.items(service, "service_at_locations")]
        places = [loc for loc in places if loc]
        if len(places) > 1:
            self.error(
                None, "場所が2つ以上あります。kasane では1つの活動に場所は1つです。活動を分けてください。"
            )
        if not places:
            return None, None
        loc, address = places[0], self.first(places[0], "addresses")
        address_1 = " ".join(filter(None, [self.text(address, "address_1"), self.text(address, "address_2")]))
        place: dict[str, Any] = {
            "name": self.text(loc, "name", Location, "name") or address_1[:100],
            "address": address_1,
            "postal_code": self.text(address, "postal_code", Location, "postal_code"),
            "transportation": self.text(loc, "transportation"),
            "accessibility": "\n".join(self.text(a, "description") for a in self.items(loc, "accessibility")),
            "latitude": self.coordinate(loc, "latitude", 90),
            "longitude": self.coordinate(loc, "longitude", 180),
        }
        if len(address_1) > 200:
            self.error(loc, "住所は200文字以内にしてください。")
        areas = self.terms(loc)[0].get("area") or []
        place["area"] = self.areas.get(areas[0][1]) if areas else None
        return place, self.id_of(loc)

    def organization(self, service: dict[str, Any]) -> tuple[dict[str, Any], uuid.UUID | None]:
        org = self.one(service, "organization")
        if not org.get("name"):
            self.error(None, "運営団体（organization と その name）がありません。")
            return {"name": ""}, None
        fields = {
            "name": self.text(org, "name", Organization, "name"),
            "name_kana": self.text(org, "alternate_name", Organization, "name_kana"),
            "description": self.text(org, "description"),
            "email": self.checked(org, "email", validate_email, "メールアドレス", Organization, "email"),
            "website": self.checked(org, "website", URLValidator(), "URL", Organization, "website"),
            "phone": self.text(self.first(org, "phones"), "number", Organization, "phone"),
        }
        kinds = self.terms(org)[0].get("organization_kind")
        return fields | ({"kind": kinds[0][0]} if kinds else {}), self.id_of(org)

    def service(self, obj: dict[str, Any]) -> Incoming:
        ours, foreign = self.terms(obj)
        description = self.text(obj, "description")
        if foreign and f"{FOREIGN_LINE}{'、'.join(foreign)}" not in description:
            description = "\n".join(filter(None, [description, f"{FOREIGN_LINE}{'、'.join(foreign)}"]))
        flags = dict(ours.get("participation", []))
        contact = self.first(obj, "contacts")
        phone = self.first(contact, "phones") or self.first(obj, "phones")
        capacity = self.first(obj, "capacities")
        status = STATUS_IN.get(str(obj.get("status")))
        if status is None:
            statuses = "・".join(STATUS_IN)
            self.error(obj, f"status「{obj.get('status')}」は選べません（{statuses}）。")
        if not obj.get("name"):
            self.error(obj, "name（名称）がありません。")
        fields = {
            "name": self.text(obj, "name", Service, "name"),
            "name_kana": self.text(obj, "alternate_name", Service, "name_kana"),
            "description": description,
            "categories": list(dict.fromkeys(c for c, _ in ours.get("category", []))) or [Category.OTHER],
            "funding": next((c for c, _ in ours.get("funding", [])), Funding.NONE),
            "physical_load": next((c for c, _ in ours.get("physical_load", [])), Load.LIGHT),
            "status": status or Status.ACTIVE,
            "activities": flags.get("activities", ""),
            **{flag: flags.get(flag) == "true" for flag in FLAGS},
            "eligibility": self.text(obj, "eligibility_description"),
            "minimum_age": self.count(obj, "minimum_age"),
            "maximum_age": self.count(obj, "maximum_age"),
            "cost": self.text(obj, "fees_description", Service, "cost"),
            "capacity": self.count(capacity, "maximum" if "maximum" in capacity else "available"),
            "application": self.text(obj, "application_process"),
            "contact_name": self.text(contact, "name", Service, "contact_name"),
            "contact_phone": self.text(phone, "number", Service, "contact_phone"),
            "contact_email": self.checked(
                contact, "email", validate_email, "メールアドレス", Service, "contact_email"
            )
            or self.checked(obj, "email", validate_email, "メールアドレス", Service, "contact_email"),
        }
        organization, organization_id = self.organization(obj)
        location, location_id = self.place(obj)
        return Incoming(
            hsds_id=self.id_of(obj),
            service=fields,
            organization=organization,
            organization_id=organization_id,
            location=location,
            location_id=location_id,
            schedules=self.schedules(obj),
        )


def _documents(data: bytes, filename: str) -> tuple[str, list[tuple[str, Any]]]:
    if filename.lower().endswith(".zip") or data[:2] == b"PK":
        found = read_tabular_zip(data)
        if len(found) > MAX_RECORDS:
            raise ImportRefused(
                [f"サービスが多すぎます（{MAX_RECORDS:,}件まで）。分けて取り込んでください。"]
            )
        return "hsds-zip", found
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except RecursionError as exc:
        raise ImportRefused(["JSONの入れ子が深すぎて読み取れませんでした。"]) from exc
    except UnicodeDecodeError as exc:
        raise ImportRefused(["JSONファイルは UTF-8 で保存してください。"]) from exc
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            [f"JSONとして読み取れませんでした（{exc.lineno}行目 {exc.colno}文字目）。"]
        ) from exc
    if isinstance(document, dict):
        document = document.get("services", document.get("contents", [document]))
    if not isinstance(document, list):
        raise ImportRefused(["HSDSのサービス（service）の一覧がありません。"])
    if len(document) > MAX_RECORDS:
        raise ImportRefused([f"サービスが多すぎます（{MAX_RECORDS:,}件まで）。分けて取り込んでください。"])
    return "hsds-json", [(f"{n}件目", item) for n, item in enumerate(document, start=1)]


def import_document(municipality: Municipality, data: bytes, filename: str, *, actor: Actor) -> ImportResult:
    """Read an HSDS JSON document (a list of services, one service, or {"services": [...]}) or the tabular
    ZIP into the register, all or nothing."""
    fmt, documents = _documents(data, filename)
    areas = {a.name: a for a in Area.objects.filter(municipality=municipality)}
    errors: list[str] = []
    records: list[Incoming] = []
    seen: dict[uuid.UUID, str] = {}
    for where, obj in documents:
        if not isinstance(obj, dict):
            errors.append(f"{where}：サービス（service）のオブジェクトではありません。")
            continue
        mapper = _Mapper(f"{where}（{obj.get('name') or '名称なし'}）", errors, areas)
        if not obj.get("id"):
            mapper.error(obj, "id がありません。")
        record = mapper.service(obj)
        if record.hsds_id in seen:
            mapper.error(obj, f"id が{seen[record.hsds_id]}と同じです。")
        if record.hsds_id is not None:
            seen.setdefault(record.hsds_id, where)
        records.append(record)
    if not errors and not records:
        errors.append("取り込むサービスがありません。")
    if errors:
        raise ImportRefused(errors)
    return save_incoming(municipality, records, format=fmt, actor=actor)
