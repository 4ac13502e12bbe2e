"""The register in Open Referral HSDS 3.1: the export validates against HSDS's own schemas (saved in
tests/resources/hsds/, see its README), and JSON and the tabular ZIP come back in as what went out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kasane.audit.models import AuditEntry
from kasane.resources import hsds, hsds_import, hsds_tabular
from kasane.resources.imports import ImportRefused
from kasane.resources.models import Category, Location, Organization, OrganizationKind, Schedule, Service
from kasane.tenancy.models import Area, Municipality
from tests.resources.helpers import FORMULA, actor_for, build_register, snapshot

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "hsds"


@pytest.fixture
def register(world: dict[str, Any]) -> list[Service]:
    return build_register(world["municipality"], world["areas"]["north"])


def service_validator() -> Any:
    """HSDS's service.json with every $ref resolved from the saved files, keyed by their $id (Draft 2020-12,
    the dialect of HSDS's OpenAPI 3.1), formats checked."""
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SCHEMAS.glob("*.json"))]
    registry = jsonschema_rs.Registry([(s["$id"], s) for s in schemas])
    service = next(s for s in schemas if s["$id"].endswith("/service.json"))
    return jsonschema_rs.Draft202012Validator(service, registry=registry, validate_formats=True)


def test_export_validates_against_the_hsds_schemas(register: list[Service], world: dict[str, Any]) -> None:
    document = hsds.export_document(world["municipality"])
    validator = service_validator()
    assert len(document) == 3
    for service in document:
        errors = [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(service)]
        assert errors == [], service["name"]
    # The validator reaches into the nested objects through the registry and checks formats: a broken
    # nested object or id is caught.
    broken = json.loads(json.dumps(document[0]))
    del broken["organization"]["name"]
    broken["service_at_locations"][0]["location"]["addresses"][0]["address_type"] = "house"
    broken["schedules"][0]["id"] = "not-a-uuid"
    assert len(list(validator.iter_errors(broken))) == 3


def test_export_keeps_what_hsds_has_no_field_for(register: list[Service], world: dict[str, Any]) -> None:
    salon, work, _ = register
    by_id = {s["id"]: s for s in hsds.export_document(world["municipality"])}
    exported = by_id[str(salon.hsds_id)]
    assert exported["organization"]["id"] == str(salon.organization.hsds_id)
    location = exported["service_at_locations"][0]["location"]
    assert location["id"] == str(salon.location.hsds_id)
    assert location["addresses"][0]["address_1"] == "テスト市中町1-2-3"
    assert location["accessibility"][0]["description"] == "段差なし、車いす用トイレあり"
    assert exported["schedules"][0] | {"id": ""} == {
        "id": "", "service_id": str(salon.hsds_id), "freq": "MONTHLY", "wkst": "MO", "byday": "2WE,4WE",
        "opens_at": "13:30:00", "closes_at": "15:30:00", "description": "8月は休み",
    }  # fmt: skip
    assert exported["languages"][0]["code"] == "ja"
    assert exported["capacities"][0]["maximum"] == 3
    terms = {(a["taxonomy_term"]["code"], a.get("value", "")) for a in exported["attributes"]}
    assert {("category:salon", ""), ("category:ibasho", ""), ("funding:care", "")} <= terms
    assert {("participation:suits_shy", "true"), ("participation:transport_provided", "false")} <= terms
    assert ("participation:activities", "お茶出し、受付") in terms
    area = location["attributes"][0]
    assert (area["taxonomy_term"]["code"], area["value"]) == ("area:area", "北部圏域")
    assert by_id[str(work.hsds_id)]["status"] == "temporarily closed"
    # Ids of objects kasane has no row for are derived, the same at every export.
    assert hsds.export_document(world["municipality"]) == list(by_id.values())


def test_export_queries_do_not_grow_with_the_register(world: dict[str, Any]) -> None:
    home, other = world["municipality"], world["other_municipality"]
    build_register(home, world["areas"]["north"])
    for _ in range(3):
        build_register(other, None)
    with CaptureQueriesContext(connection) as small:
        hsds.export_document(home)
    with CaptureQueriesContext(connection) as large:
        hsds.export_document(other)
    assert len(large) == len(small) <= 4


def _import(world: dict[str, Any], municipality: Municipality, body: bytes, name: str) -> Any:
    return hsds_import.import_document(municipality, body, name, actor=actor_for(world, municipality))


def test_json_round_trip_into_another_municipality_creates_then_updates(
    register: list[Service], world: dict[str, Any]
) -> None:
    home, other = world["municipality"], world["other_municipality"]
    Area.objects.create(municipality=other, name="北部圏域")
    before = snapshot(home)
    body = json.dumps(hsds.export_document(home), ensure_ascii=False).encode()

    first = _import(world, other, body, "register.json")
    again = _import(world, other, body, "register.json")

    assert (first.created, first.updated, first.format) == (3, 0, "hsds-json")
    assert (again.created, again.updated) == (0, 3)
    assert snapshot(other) == before == snapshot(home)
    assert Service.objects.filter(municipality=other).count() == 3
    assert Organization.objects.filter(municipality=other).count() == 2
    assert Location.objects.filter(municipality=other).count() == 2
    assert {s.location.area.municipality_id for s in Service.objects.filter(municipality=other) if s.location and s.location.area} == {other.pk}  # fmt: skip
    entries = AuditEntry.objects.filter(action="resource.imported").order_by("pk")
    assert [(e.municipality_id, e.details) for e in entries] == [
        (other.pk, {"created": 3, "updated": 0, "format": "hsds-json"}),
        (other.pk, {"created": 0, "updated": 3, "format": "hsds-json"}),
    ]


def test_json_import_into_the_same_municipality_updates_without_duplicates(
    register: list[Service], world: dict[str, Any]
) -> None:
    home = world["municipality"]
    document = hsds.export_document(home)
    document[0]["name"] = "中町ふれあいサロン（月2回）"
    document[0]["schedules"][0]["opens_at"] = "14:00"
    result = _import(world, home, json.dumps({"services": document}).encode(), "register.json")
    assert (result.created, result.updated) == (0, 3)
    assert Service.objects.filter(municipality=home).count() == 3
    assert Organization.objects.filter(municipality=home).count() == 2
    assert Location.objects.filter(municipality=home).count() == 2
    assert Schedule.objects.filter(service__municipality=home).count() == 3
    salon = Service.objects.get(pk=register[0].pk)
    assert salon.name == "中町ふれあいサロン（月2回）"
    assert salon.schedules.get().opens_at == dt.time(14, 0)


def test_a_single_service_object_is_accepted(register: list[Service], world: dict[str, Any]) -> None:
    one = hsds.export_document(world["municipality"])[2]
    result = _import(world, world["other_municipality"], json.dumps(one).encode(), "one.json")
    assert (result.created, result.updated) == (1, 0)


def test_another_municipalitys_record_is_never_touched(
    register: list[Service], world: dict[str, Any]
) -> None:
    """An id that belongs to another town's record creates a record of our own carrying it; theirs stays."""
    home, other = world["municipality"], world["other_municipality"]
    theirs = hsds.export_document(home)[2]
    theirs["name"] = "となり町の傾聴ボランティア"
    result = _import(world, other, json.dumps([theirs]).encode(), "x.json")
    assert (result.created, result.updated) == (1, 0)
    assert Service.objects.get(pk=register[2].pk).name == "傾聴ボランティア"
    ours = Service.objects.get(municipality=other)
    assert ours.hsds_id == register[2].hsds_id and ours.pk != register[2].pk
    assert ours.organization.municipality_id == other.pk
    assert Organization.objects.get(pk=register[2].organization_id).municipality_id == home.pk


def test_one_bad_record_refuses_the_whole_file(register: list[Service], world: dict[str, Any]) -> None:
    home = world["municipality"]
    before = snapshot(home)
    document = hsds.export_document(home)
    for service in document:
        service["name"] += "（改）"
    document[1]["status"] = "open"
    document[1]["attributes"][0]["taxonomy_term"]["code"] = "category:kindergarten"
    with pytest.raises(ImportRefused) as refused:
        _import(world, home, json.dumps(document).encode(), "bad.json")
    assert refused.value.errors == [
        "2件目（農作業体験（改））：社会資源の種類「kindergarten」は選べません。",
        "2件目（農作業体験（改））：status「open」は選べません（active・inactive・defunct・temporarily closed）。",
    ]  # fmt: skip
    assert snapshot(home) == before
    assert not AuditEntry.objects.filter(action="resource.imported").exists()


def test_foreign_taxonomies_become_other_with_their_names_kept_once(world: dict[str, Any]) -> None:
    service = {
        "id": str(uuid.uuid4()),
        "name": "Community Garden",
        "status": "active",
        "organization": {"id": str(uuid.uuid4()), "name": "Green Town", "description": ""},
        "attributes": [
            {
                "id": str(uuid.uuid4()),
                "taxonomy_term": {
                    "id": str(uuid.uuid4()),
                    "code": "BD-1800",
                    "name": "Gardening",
                    "description": "",
                },
            }
        ],
    }
    body = json.dumps([service]).encode()
    _import(world, world["municipality"], body, "open.json")
    _import(world, world["municipality"], body, "open.json")
    garden = Service.objects.get(municipality=world["municipality"])
    assert garden.categories == [Category.OTHER]
    assert garden.description == "元の分類：Gardening"


def test_a_malformed_document_is_refused_not_crashed(world: dict[str, Any]) -> None:
    service = {
        "id": "12",
        "name": "サロン",
        "status": "active",
        "organization": ["中町自治会"],
        "attributes": "salon",
        "schedules": [{"freq": "DAILY", "byday": "MO"}, {"freq": "WEEKLY", "byday": "MO", "opens_at": "朝"}],
        "capacities": [{"maximum": -1}],
    }
    with pytest.raises(ImportRefused) as refused:
        _import(world, world["municipality"], json.dumps([service, 7]).encode(), "odd.json")
    assert refused.value.errors == [
        "1件目（サロン）：attributes はオブジェクトの配列にしてください。",
        "1件目（サロン）：maximum「-1」は0から32767までの数にしてください。",
        "1件目（サロン）：organization はオブジェクトにしてください。",
        "1件目（サロン）：運営団体（organization と その name）がありません。",
        "1件目（サロン）：id「12」はUUIDの形ではありません。",
        "1件目（サロン）：日程の繰り返し（freq「DAILY」・byday「MO」）は kasane では扱えません。",
        "1件目（サロン）：opens_at「朝」は時刻（例：13:30）にしてください。",
        "2件目：サービス（service）のオブジェクトではありません。",
    ]
    with pytest.raises(ImportRefused) as refused:
        _import(world, world["municipality"], b'[{"id": ', "cut.json")
    assert refused.value.errors == ["JSONとして読み取れませんでした（1行目 9文字目）。"]


def test_an_organisation_known_by_name_is_linked_not_blanked(
    register: list[Service], world: dict[str, Any]
) -> None:
    service = {
        "id": str(uuid.uuid4()),
        "name": "朝の体操",
        "status": "active",
        "organization": {"id": str(uuid.uuid4()), "name": "中町 自治会", "description": ""},
    }
    _import(world, world["municipality"], json.dumps(service).encode(), "one.json")
    org = Service.objects.get(name="朝の体操").organization
    assert org.pk == register[0].organization_id
    assert (org.name, org.kind, org.phone) == ("中町自治会", OrganizationKind.RESIDENTS, "0197-00-1111")


def test_tabular_zip_has_hsds_tables_and_columns(register: list[Service], world: dict[str, Any]) -> None:
    archive = zipfile.ZipFile(io.BytesIO(hsds_tabular.export_tabular_zip(world["municipality"])))
    package = json.loads(archive.read("datapackage.json"))
    for resource in package["resources"]:
        schema = next(
            json.loads(p.read_text(encoding="utf-8"))
            for p in SCHEMAS.glob("*.json")
            if json.loads(p.read_text(encoding="utf-8"))["path"] == resource["path"]
        )
        # HSDS's tabular columns: the schema's properties in order, arrays and objects left out.
        expected = [
            name
            for name, prop in schema["properties"].items()
            if prop.get("type") != "array" and "$ref" not in prop
        ]
        assert [f["name"] for f in resource["schema"]["fields"]] == expected, resource["path"]
        header = next(csv.reader(io.StringIO(archive.read(resource["path"]).decode("utf-8"))))
        assert header == expected
    services = list(csv.DictReader(io.StringIO(archive.read("services.csv").decode("utf-8"))))
    assert len(services) == 3
    farm = next(s for s in services if s["name"] == "農作業体験")
    assert farm["description"] == "'" + FORMULA  # csv_safe: never a formula in a spreadsheet
    phones = list(csv.DictReader(io.StringIO(archive.read("phones.csv").decode("utf-8"))))
    assert "'+81-197-00-5555" in {p["number"] for p in phones}


def test_tabular_zip_round_trip(register: list[Service], world: dict[str, Any]) -> None:
    home, other = world["municipality"], world["other_municipality"]
    Area.objects.create(municipality=other, name="北部圏域")
    body = hsds_tabular.export_tabular_zip(home)
    result = _import(world, other, body, "register.zip")
    assert (result.created, result.updated, result.format) == (3, 0, "hsds-zip")
    assert snapshot(other) == snapshot(home)
    assert Service.objects.get(municipality=other, name="農作業体験").description == FORMULA
    again = _import(world, home, body, "register.zip")
    assert (again.created, again.updated) == (0, 3)


def test_tabular_zip_errors_name_the_table_and_line(register: list[Service], world: dict[str, Any]) -> None:
    source = zipfile.ZipFile(io.BytesIO(hsds_tabular.export_tabular_zip(world["municipality"])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "schedules.csv":
                data = data.replace(b"2WE,4WE", b"2XX")
            target.writestr(name, data)
    with pytest.raises(ImportRefused) as refused:
        _import(world, world["municipality"], out.getvalue(), "bad.zip")
    [error] = refused.value.errors
    assert error.startswith("services.csv 2行目（中町ふれあいサロン）：日程の繰り返し")
    assert error.endswith("（schedules.csv 2行目）")


@pytest.mark.parametrize(
    "value", ["=1+1", "+81", "-5", "@SUM(A1)", "'=1+1", "''=x", "'quoted", "plain", "", "\t=x"]
)
def test_csv_cells_come_back_exactly(value: str) -> None:
    written = hsds_tabular._cell(value)
    assert not str(written).startswith(("=", "+", "-", "@", "\t"))
    assert hsds_tabular._uncell(written) == value
