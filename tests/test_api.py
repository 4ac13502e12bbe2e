from __future__ import annotations

import json
from typing import Any

import pytest

from kasane.agencies.models import Topic

pytestmark = pytest.mark.django_db


def test_anonymous_api_calls_get_401(client: Any, world: dict[str, Any]) -> None:
    for path in [
        "/api/v1/agencies",
        f"/api/v1/agencies/{world['agencies']['shakyo'].pk}",
        "/api/v1/topics",
        "/api/v1/areas",
        "/api/v1/navi",
    ]:
        assert client.get(path).status_code == 401, path


def test_openapi_document(client: Any) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["info"]["title"] == "kasane API"
    assert {
        "/api/v1/agencies",
        "/api/v1/agencies/{agency_id}",
        "/api/v1/navi",
        "/api/v1/topics",
        "/api/v1/areas",
    } <= set(doc["paths"])


def test_agency_list_and_detail(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["soudanin"])
    data = client.get("/api/v1/agencies").json()
    names = {a["name"] for a in data}
    assert "テスト市社会福祉協議会" in names and "となり町地域包括支援センター" not in names
    shakyo = next(a for a in data if a["name"] == "テスト市社会福祉協議会")
    assert shakyo["operation_label"] == "委託（社会福祉法人テスト市社会福祉協議会）"
    assert {"topic": "ひきこもり", "level": 1, "level_label": "主に対応"}.items() <= shakyo["topics"][
        0
    ].items()
    detail = client.get(f"/api/v1/agencies/{shakyo['id']}").json()
    assert detail == shakyo
    filtered = client.get("/api/v1/agencies", {"q": "ﾎｳｶﾂ"}).json()
    assert filtered == [] or all("包括" in a["name"] for a in filtered)
    by_area = client.get("/api/v1/agencies", {"area": world["areas"]["south"].pk}).json()
    assert "北部地域包括支援センター" not in {a["name"] for a in by_area}


def test_other_municipality_agency_is_404(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["soudanin"])
    response = client.get(f"/api/v1/agencies/{world['agencies']['other'].pk}")
    assert response.status_code == 404 and response.json() == {"detail": "見つかりません。"}


def test_wrong_role_gets_403(client_for: Any, world: dict[str, Any]) -> None:
    response = client_for(world["users"]["prefecture"]).get("/api/v1/agencies")
    assert response.status_code == 403
    assert response.json() == {"detail": "この操作を行う権限がありません。"}


def test_navi(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["viewer"])
    topic = Topic.objects.get(name="認知症")
    data = client.get("/api/v1/navi", {"topic": topic.pk, "address": "南町2-3"}).json()
    assert data["area"]["name"] == "南部圏域"
    assert [m["agency"]["name"] for m in data["matches"]] == ["南部地域包括支援センター"]
    assert data["hidden_other_area"] == 1
    typed = client.get("/api/v1/navi", {"q": "ひきこもり"}).json()
    assert typed["matches"][0]["agency"]["name"] == "テスト市社会福祉協議会"
    assert typed["matches"][0]["primary_topics"] == ["ひきこもり"]


def test_bad_query_parameters_get_a_422(client_for: Any, world: dict[str, Any]) -> None:
    response = client_for(world["users"]["viewer"]).get("/api/v1/agencies", {"area": "北部"})
    assert response.status_code == 422
    assert json.loads(response.content)["detail"]
