"""社会資源 through the API (kasane.api.resources): the register's search with the page's criteria, paged; one
activity; and the HSDS export, for every member of the municipality's staff and no one else."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kasane.audit.models import AuditEntry
from kasane.resources import hsds
from kasane.resources.models import Category, Frequency, Service, Status
from kasane.tenancy.models import Area
from tests.resources.test_register_pages import activity

pytestmark = pytest.mark.django_db

LIST = "/api/v1/resources/services"
HSDS_SCHEMAS = Path(__file__).parent.parent / "resources" / "hsds"


def _names(client: Client, query: str = "") -> list[str]:
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200, response.content
    return [s["name"] for s in response.json()]


@pytest.fixture
def reader(client_for: Any, world: dict[str, Any]) -> Client:
    """閲覧のみ: a member of staff who sees no personal data reads the register all the same."""
    return client_for(world["users"]["viewer"])


@pytest.fixture
def register(world: dict[str, Any]) -> dict[str, Service]:
    farm = activity(
        world,
        "朝の畑",
        kana="あさのはたけ",
        organization="髙橋農園",
        categories=(Category.FARM, Category.WORK_EXPERIENCE),
        byday="TU,TH",
        opens=dt.time(9),
        closes=dt.time(12),
        hosts_participants=True,
        suits_shy=True,
        capacity=2,
        activities="野菜の袋詰め",
    )
    salon = activity(
        world,
        "ヒダマリ サロン",
        kana="ひだまりさろん",
        area="south",
        freq=Frequency.MONTHLY,
        byday="2WE,4WE",
        opens=dt.time(13, 30),
        closes=dt.time(15, 30),
    )
    paused = activity(world, "休みの食堂", kana="やすみのしょくどう", status=Status.PAUSED)
    theirs = activity(world, "ひだまり食堂", municipality=world["other_municipality"])
    return {"farm": farm, "salon": salon, "paused": paused, "theirs": theirs}


def test_the_search_takes_the_pages_criteria(
    reader: Client, world: dict[str, Any], register: dict[str, Service]
) -> None:
    assert _names(reader) == ["朝の畑", "ヒダマリ サロン"]
    # Kana and width folded, variant kanji too; the organisation's name finds its activities.
    assert _names(reader, "q=ひだまり") == _names(reader, "q=ﾋﾀﾞﾏﾘ") == ["ヒダマリ サロン"]
    assert _names(reader, "q=高橋") == ["朝の畑"]
    assert _names(reader, "category=farm") == ["朝の畑"]
    assert _names(reader, f"area={world['areas']['south'].pk}") == ["ヒダマリ サロン"]
    assert _names(reader, "weekday=WE") == ["ヒダマリ サロン"]
    assert _names(reader, "at=10:00") == ["朝の畑"]
    assert _names(reader, "at=13時30分") == ["ヒダマリ サロン"]
    assert _names(reader, "hosts=true") == ["朝の畑"]
    assert _names(reader, "inactive=true") == ["朝の畑", "ヒダマリ サロン", "休みの食堂"]
    # Another municipality's register is never searched.
    assert "ひだまり食堂" not in _names(reader, "q=ひだまり&inactive=true")
    # Reading the register leaves no audit entry: it holds no personal data.
    assert not AuditEntry.objects.exists()


def test_one_activity_with_its_organisation_place_and_schedules(
    reader: Client, world: dict[str, Any], register: dict[str, Service]
) -> None:
    farm = register["farm"]
    assert farm.location is not None
    data = reader.get(f"{LIST}/{farm.pk}").json()
    assert reader.get(LIST).json()[0] == data
    assert data | {"updated_at": ""} == {
        "id": farm.pk,
        "hsds_id": str(farm.hsds_id),
        "name": "朝の畑",
        "name_kana": "あさのはたけ",
        "description": "",
        "categories": ["farm", "work_experience"],
        "category_labels": ["農家・農作業", "就労体験"],
        "funding": "none",
        "funding_label": "補助なし（自主運営）",
        "status": "active",
        "status_label": "実施中",
        "organization": {
            "id": farm.organization_id,
            "hsds_id": str(farm.organization.hsds_id),
            "name": "髙橋農園",
            "name_kana": "",
            "kind": "other",
            "kind_label": "その他",
            "phone": "",
            "email": "",
            "website": "",
        },
        "location": {
            "id": farm.location_id,
            "hsds_id": str(farm.location.hsds_id),
            "name": "朝の畑の場所",
            "address": "",
            "postal_code": "",
            "area_id": world["areas"]["north"].pk,
            "area": "北部圏域",
            "transportation": "",
            "accessibility": "",
        },
        "schedules": [
            {
                "freq": "WEEKLY",
                "byday": "TU,TH",
                "label": "毎週 火・木曜 09:00〜12:00",
                "opens_at": "09:00",
                "closes_at": "12:00",
                "description": "",
            }
        ],
        "activities": "野菜の袋詰め",
        "physical_load": "light",
        "physical_load_label": "軽い（座ってできる）",
        "suits_shy": True,
        "transport_provided": False,
        "hosts_participants": True,
        "hosted_before": False,
        "capacity": 2,
        "eligibility": "",
        "minimum_age": None,
        "maximum_age": None,
        "cost": "",
        "application": "",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "updated_at": "",
    }
    salon = reader.get(f"{LIST}/{register['salon'].pk}").json()
    assert salon["schedules"][0]["label"] == "毎月 第2・第4水曜 13:30〜15:30"


def test_bad_input_is_refused_in_japanese(
    reader: Client, world: dict[str, Any], register: dict[str, Service]
) -> None:
    response = reader.get(f"{LIST}?at=25:00")
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "時刻：時刻は0:00〜23:59で入力してください。"},
    )
    # A 圏域 of another municipality is not one of this register's.
    other_area = Area.objects.create(municipality=world["other_municipality"], name="となり圏域")
    response = reader.get(f"{LIST}?area={other_area.pk}")
    assert response.status_code == 400 and response.json()["detail"].startswith("圏域：")
    # Input the document does not allow: 422, each field named.
    response = reader.get(f"{LIST}?category=pizza&weekday=XX&q={'あ' * 61}")
    assert response.status_code == 422
    assert {tuple(e["loc"]) for e in response.json()["errors"]} == {
        ("query", "category"),
        ("query", "weekday"),
        ("query", "q"),
    }


def test_the_list_pages_by_fifty_without_losing_any(reader: Client, world: dict[str, Any]) -> None:
    for i in range(60):
        activity(world, f"サロン{i:02d}", kana=f"さろん{i:02d}")
    first, second, third = (_names(reader, f"page={n}") for n in (1, 2, 3))
    assert len(first) == 50 and len(second) == 10 and third == []
    assert first + second == [f"サロン{i:02d}" for i in range(60)]
    # The whole count, and the next page while there is one, with the criteria kept.
    answer = reader.get(f"{LIST}?q=サロン&page=1")
    assert answer["X-Total-Count"] == "60"
    assert answer["Link"].endswith('page=2>; rel="next"') and "q=" in answer["Link"]
    assert "Link" not in reader.get(f"{LIST}?q=サロン&page=2")


def test_outsiders_are_refused(client_for: Any, world: dict[str, Any], register: dict[str, Service]) -> None:
    users, farm = world["users"], register["farm"]
    paths = [LIST, f"{LIST}/{farm.pk}", "/api/v1/resources/hsds"]
    for path in paths:
        assert client_for(None).get(path).status_code == 401
        # The prefecture reads no municipality's register.
        response = client_for(users["prefecture"]).get(path)
        assert (response.status_code, response.json()) == (
            403,
            {"detail": "この操作を行う権限がありません。"},
        )
    # Another municipality's staff: this register's activity is not theirs, and theirs is not ours.
    other = client_for(users["other_city"])
    response = other.get(f"{LIST}/{farm.pk}")
    assert (response.status_code, response.json()) == (404, {"detail": "見つかりません。"})
    assert [s["name"] for s in other.get(LIST).json()] == ["ひだまり食堂"]
    response = client_for(users["soudanin"]).get(f"{LIST}/{register['theirs'].pk}")
    assert response.status_code == 404
    assert client_for(users["soudanin"]).get(f"{LIST}/999999").status_code == 404


def _hsds_validator() -> Any:
    """HSDS's service.json with its $refs resolved from the saved schemas (tests/resources/hsds/)."""
    schemas = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(HSDS_SCHEMAS.glob("*.json"))]
    registry = jsonschema_rs.Registry([(s["$id"], s) for s in schemas])
    service = next(s for s in schemas if s["$id"].endswith("/service.json"))
    return jsonschema_rs.Draft202012Validator(service, registry=registry, validate_formats=True)


def test_the_hsds_export_is_the_pages_and_is_audited(
    reader: Client, world: dict[str, Any], register: dict[str, Service]
) -> None:
    response = reader.get("/api/v1/resources/hsds")
    assert response.status_code == 200
    document = response.json()
    assert document == json.loads(json.dumps(hsds.export_document(world["municipality"])))
    # Every activity of this municipality, paused ones too, and none of another's.
    by_id = {s["id"]: s for s in document}
    assert set(by_id) == {str(register[k].hsds_id) for k in ("farm", "salon", "paused")}
    farm = by_id[str(register["farm"].hsds_id)]
    assert farm["name"] == "朝の畑" and farm["organization"]["name"] == "髙橋農園"
    assert farm["schedules"][0]["byday"] == "TU,TH" and farm["schedules"][0]["opens_at"] == "09:00:00"
    terms = {a["taxonomy_term"]["code"] for a in farm["attributes"]}
    assert {"category:farm", "category:work_experience", "participation:hosts_participants"} <= terms
    assert by_id[str(register["paused"].hsds_id)]["status"] == "temporarily closed"
    validator = _hsds_validator()
    for service in document:
        assert [f"{e.instance_path}: {e.message}" for e in validator.iter_errors(service)] == []
    # The same entry as the page's export: who took the register out, in which format.
    entry = AuditEntry.objects.get(action="resource.exported")
    assert entry.actor == world["users"]["viewer"] and entry.details == {"format": "json"}
    assert entry.municipality == world["municipality"]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_the_register(
    reader: Client, world: dict[str, Any], register: dict[str, Service]
) -> None:
    urls = [
        LIST,
        f"{LIST}?q=あさ&weekday=TU&at=10:00",
        f"{LIST}/{register['farm'].pk}",
        "/api/v1/resources/hsds",
    ]
    reader.get(LIST)  # the session's first request stamps it
    before = [_queries(reader, url) for url in urls]
    for i in range(30):
        activity(world, f"あさのサロン{i:02d}", kana=f"あさ{i:02d}", byday="TU,FR", area="south")
    assert [_queries(reader, url) for url in urls] == before


def test_the_openapi_document_lists_the_register_operations(client: Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    paths = doc["paths"]
    operations = [
        paths[LIST]["get"],
        paths[f"{LIST}/{{service_id}}"]["get"],
        paths["/api/v1/resources/hsds"]["get"],
    ]
    assert all(set(p) == {"get"} for p in (paths[LIST], paths["/api/v1/resources/hsds"]))
    assert {op["tags"][0] for op in operations} == {"社会資源"}
    assert set(operations[0]["responses"]) == {"200", "400", "401", "403", "422"}
    assert set(operations[1]["responses"]) == {"200", "401", "403", "404", "422"}
    parameters = {p["name"]: p["schema"] for p in operations[0]["parameters"]}
    assert set(parameters) == {"q", "category", "area", "weekday", "at", "hosts", "inactive", "page"}
    assert parameters["category"]["anyOf"][0]["enum"] == list(Category.values)
    # The coded fields are written out in place: no component of the register's is named like another app's.
    assert "Status" not in doc["components"]["schemas"] and "Category" not in doc["components"]["schemas"]
