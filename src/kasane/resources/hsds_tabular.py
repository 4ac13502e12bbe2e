"""HSDS 3.1's tabular form, both ways: ``datapackage.json`` and one CSV per table, columns in the schema's
order, flattened from the compiled objects of ``hsds.py`` and nested back into them on import.

Its text cells go through ``lib.exports.csv_safe``, so a cell that starts with ``= + - @`` is written with a
leading ``'`` and never runs as a formula when someone opens the CSV in a spreadsheet. That changes the value
other HSDS readers see (``'=…``); kasane's import takes the ``'`` off again (and a value that itself began with
``'`` and a formula character gets one more, so the round trip is exact). Safety for the person
double-clicking the file wins.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from typing import Any

from kasane.lib.exports import FORMULA_STARTS, csv_safe
from kasane.resources.hsds import export_document
from kasane.resources.imports import MAX_INFLATED_BYTES, ImportRefused
from kasane.tenancy.models import Municipality

# Tables and columns as in HSDS 3.1's schemas (properties in order, arrays and objects left out), and how the
# compiled objects nest: key → (kind, many, column in the child, column in the parent).
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "organization": ("organizations", (
        "id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id",
        "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id")),
    "service": ("services", (
        "id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email",
        "status", "interpretation_services", "application_process", "fees_description", "wait_time", "fees",
        "accreditations", "eligibility_description", "minimum_age", "maximum_age", "assured_date",
        "assurer_email", "licenses", "alert", "last_modified")),
    "location": ("locations", (
        "id", "location_type", "url", "organization_id", "name", "alternate_name", "description",
        "transportation", "latitude", "longitude", "external_identifier", "external_identifier_type")),
    "service_at_location": ("service_at_location", ("id", "service_id", "location_id", "description")),
    "address": ("addresses", (
        "id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province",
        "postal_code", "country", "address_type")),
    "accessibility": ("accessibility", ("id", "location_id", "description", "details", "url")),
    "schedule": ("schedules", (
        "id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to", "dtstart",
        "timezone", "until", "count", "wkst", "freq", "interval", "byday", "byweekno", "bymonthday",
        "byyearday", "description", "opens_at", "closes_at", "schedule_link", "attending_type", "notes")),
    "contact": ("contacts", (
        "id", "organization_id", "service_id", "service_at_location_id", "location_id", "name", "title",
        "department", "email")),
    "phone": ("phones", (
        "id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id", "number",
        "extension", "type", "description")),
    "language": ("languages", ("id", "service_id", "location_id", "phone_id", "name", "code", "note")),
    "service_capacity": ("service_capacity", (
        "id", "service_id", "unit_id", "available", "maximum", "description", "updated")),
    "unit": ("units", ("id", "name", "scheme", "identifier", "uri")),
    "attribute": ("attributes", (
        "id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value", "label")),
    "taxonomy_term": ("taxonomy_terms", (
        "id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri")),
    "taxonomy": ("taxonomies", ("id", "name", "description", "uri", "version")),
}  # fmt: skip
NUMBERS = {"latitude", "longitude", "minimum_age", "maximum_age", "timezone", "count", "interval", "extension",
           "available", "maximum", "year_incorporated"}  # fmt: skip
TYPES = {"opens_at": "time", "closes_at": "time", "last_modified": "datetime", "updated": "datetime",
         "valid_from": "date", "valid_to": "date", "dtstart": "date", "until": "date", "assured_date": "date"}  # fmt: skip
NESTING: dict[str, dict[str, tuple[str, bool, str, str]]] = {
    "service": {
        "organization": ("organization", False, "id", "organization_id"),
        "service_at_locations": ("service_at_location", True, "service_id", "id"),
        "schedules": ("schedule", True, "service_id", "id"),
        "contacts": ("contact", True, "service_id", "id"),
        "phones": ("phone", True, "service_id", "id"),
        "capacities": ("service_capacity", True, "service_id", "id"),
        "languages": ("language", True, "service_id", "id"),
        "attributes": ("attribute", True, "link_id", "id"),
    },
    "organization": {
        "phones": ("phone", True, "organization_id", "id"),
        "attributes": ("attribute", True, "link_id", "id"),
    },
    "service_at_location": {"location": ("location", False, "id", "location_id")},
    "location": {
        "addresses": ("address", True, "location_id", "id"),
        "accessibility": ("accessibility", True, "location_id", "id"),
        "attributes": ("attribute", True, "link_id", "id"),
    },
    "contact": {"phones": ("phone", True, "contact_id", "id")},
    "service_capacity": {"unit": ("unit", False, "id", "unit_id")},
    "attribute": {"taxonomy_term": ("taxonomy_term", False, "id", "taxonomy_term_id")},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", False, "id", "taxonomy_id")},
}


def _flatten(kind: str, obj: dict[str, Any], rows: dict[str, dict[str, dict[str, Any]]]) -> None:
    rows[kind].setdefault(obj["id"], {c: obj[c] for c in TABLES[kind][1] if c in obj})
    for key, (child, many, _, _) in NESTING.get(kind, {}).items():
        for item in (obj.get(key) or []) if many else ([obj[key]] if key in obj else []):
            _flatten(child, item, rows)


def _cell(value: Any) -> Any:
    """csv_safe, and one more ' before a text that already began with ' and a formula character, so that
    ``_uncell`` gives back exactly what was written."""
    if isinstance(value, str) and value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return csv_safe(value)


def _uncell(value: str) -> str:
    return value[1:] if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS) else value


def _field(name: str, required: bool) -> dict[str, Any]:
    kind = TYPES.get(name) or ("number" if name in NUMBERS else "string")
    field: dict[str, Any] = {"name": name, "type": kind}
    if name == "id" or name.endswith("_id"):
        field["format"] = "uuid"
    return field | ({"constraints": {"required": True}} if required else {})


def export_tabular_zip(municipality: Municipality, *, document: list[dict[str, Any]] | None = None) -> bytes:
    """HSDS's tabular form: datapackage.json and one UTF-8 CSV per table, of the whole register or of the
    compiled objects given (``hsds.export_document`` of some services, or its public form)."""
    rows: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for service in export_document(municipality) if document is None else document:
        _flatten("service", service, rows)
    resources = []
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind, (table, columns) in TABLES.items():
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(columns)
            for row in rows[kind].values():
                writer.writerow(["" if row.get(c) is None else _cell(row.get(c)) for c in columns])
            archive.writestr(f"{table}.csv", buffer.getvalue().encode("utf-8"))
            fields = [_field(c, c == "id") for c in columns]
            resources.append(
                {
                    "name": table, "path": f"{table}.csv", "profile": "tabular-data-resource", "format": "csv",
                    "mediatype": "text/csv", "encoding": "utf-8", "schema": {"fields": fields, "primaryKey": "id"},
                }
            )  # fmt: skip
        package = {
            "name": "kasane-social-resources",
            "title": f"{municipality.name} 社会資源",
            "profile": "tabular-data-package",
            "description": "Open Referral HSDS 3.1 の表形式。",
            "resources": resources,
        }
        archive.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=2))
    return out.getvalue()


def read_tabular_zip(data: bytes) -> list[tuple[str, dict[str, Any]]]:
    """The ZIP's CSVs nested back into compiled service objects, each with where it came from."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = {name.rsplit("/", 1)[-1]: name for name in archive.namelist()}
    except zipfile.BadZipFile as exc:
        raise ImportRefused(["ZIPファイルとして読み取れませんでした。"]) from exc
    if sum(info.file_size for info in archive.infolist()) > MAX_INFLATED_BYTES:
        raise ImportRefused(["ZIPの中身が大きすぎます（展開して50MBまで）。分けて取り込んでください。"])
    if "services.csv" not in names:
        raise ImportRefused(["ZIPの中に services.csv がありません（HSDSの表形式ではないようです）。"])
    tables: dict[str, list[dict[str, Any]]] = {}
    for kind, (table, _) in TABLES.items():
        if f"{table}.csv" not in names:
            tables[kind] = []
            continue
        try:
            text = archive.read(names[f"{table}.csv"]).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportRefused([f"{table}.csv：UTF-8 で読み取れませんでした。"]) from exc
        reader = csv.DictReader(io.StringIO(text, newline=""))
        tables[kind] = [
            {
                "__where__": f"{table}.csv {n}行目",
                **{k: _typed(k, _uncell(v)) for k, v in row.items() if k and v},
            }
            for n, row in enumerate(reader, start=2)
        ]

    index: dict[tuple[str, str], dict[Any, list[dict[str, Any]]]] = {}

    def rows_where(kind: str, column: str, value: Any) -> list[dict[str, Any]]:
        if (kind, column) not in index:
            index[kind, column] = defaultdict(list)
            for row in tables[kind]:
                index[kind, column][row.get(column)].append(row)
        return index[kind, column].get(value, []) if value else []

    def nest(kind: str, row: dict[str, Any]) -> dict[str, Any]:
        obj = dict(row)
        for key, (child, many, child_column, parent_column) in NESTING.get(kind, {}).items():
            found = [nest(child, r) for r in rows_where(child, child_column, row.get(parent_column))]
            if many and found:
                obj[key] = found
            elif found and row.get(parent_column):
                obj[key] = found[0]
        return obj

    return [(row["__where__"], nest("service", row)) for row in tables["service"]]


def _typed(column: str, value: str) -> Any:
    if column in NUMBERS:
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return value  # the mapper names it
    return value
