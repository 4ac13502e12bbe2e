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
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json() == {"detail": "ログインしてください。"}


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
    assert json.loads(response.content) == {
        "detail": "入力内容に誤りがあります。",
        "errors": [{"loc": ["query", "area"], "message": "整数で指定してください。"}],
    }


def test_every_operation_documents_its_error_answers(client: Any) -> None:
    """401 and 403 everywhere; every 4xx with its error schema (tests/api/test_fuzz.py finds missing ones)."""
    doc = client.get("/api/v1/openapi.json").json()
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"401", "403"} <= set(responses), f"{method} {path}"
            for status, response in responses.items():
                if status.startswith("4"):
                    expected = "ValidationErrorOut" if status == "422" else "ErrorOut"
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": f"#/components/schemas/{expected}"}, f"{method} {path} {status}"


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        # Out of the 64-bit key range: refused instead of overflowing the database driver (was a 500).
        (
            f"/api/v1/agencies/{2**63}",
            ["path", "agency_id"],
            "9223372036854775807 以下の値を指定してください。",
        ),
        ("/api/v1/persons/0", ["path", "person_id"], "1 以上の値を指定してください。"),
        (
            f"/api/v1/agencies?area={2**70}",
            ["query", "area"],
            "9223372036854775807 以下の値を指定してください。",
        ),
        ("/api/v1/navi?topic=-1", ["query", "topic", 0], "1 以上の値を指定してください。"),
        # PostgreSQL text cannot hold NUL (was a 500 there).
        ("/api/v1/agencies?q=a%00b", ["query", "q"], "使用できない文字が含まれています。"),
        ("/api/v1/persons?name=%00", ["query", "name"], "使用できない文字が含まれています。"),
        ("/api/v1/persons?address=" + "町" * 201, ["query", "address"], "200 文字以内で指定してください。"),
    ],
)
def test_out_of_range_input_gets_a_422(
    client_for: Any, world: dict[str, Any], path: str, field: list[Any], message: str
) -> None:
    response = client_for(world["users"]["coordinator"]).get(path)
    assert response.status_code == 422, path
    assert response.json()["errors"] == [{"loc": field, "message": message}]


def test_note_through_the_api(client_for: Any, world: dict[str, Any]) -> None:
    from kasane.casework.models import ProgressNote
    from tests.factories import journey

    case = journey(world)["case"]
    client = client_for(world["users"]["coordinator"])
    url = f"/api/v1/cases/{case.pk}/notes"
    note = {"kind": "phone", "on": "2026-11-22", "minutes": 0, "text": "電話で近況を確認した。"}
    response = client.post(url, note, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["minutes"] == 0  # zero minutes stays zero (it used to be dropped)
    assert ProgressNote.objects.get(case=case).minutes == 0

    response = client.post(url, {**note, "kind": "fax"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"loc": ["body", "payload", "kind"], "message": "指定できる値ではありません。"}
    ]
    response = client.post(url, "{", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "リクエスト本文を JSON として読み取れません。"}
    assert ProgressNote.objects.filter(case=case).count() == 1


def test_post_without_csrf_token_is_refused_in_japanese(world: dict[str, Any]) -> None:
    from django.test import Client

    from tests.factories import journey

    case = journey(world)["case"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["users"]["coordinator"])
    note = {"kind": "phone", "on": "2026-11-22", "text": "電話で近況を確認した。"}
    response = client.post(f"/api/v1/cases/{case.pk}/notes", note, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"].startswith("CSRF トークンの確認に失敗しました。")


def test_navi_names_the_collaboration_desk_when_nothing_fits(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["viewer"])
    assert client.get("/api/v1/navi", {"q": "宇宙旅行の相談"}).json()["collaboration_desk"] is None
    hub = world["agencies"]["shakyo"]
    hub.runs_collaboration, hub.phone, hub.hours = True, "0197-00-1234", "平日 8:30〜17:15"
    hub.save(update_fields=["runs_collaboration", "phone", "hours"])
    desk = client.get("/api/v1/navi", {"q": "宇宙旅行の相談"}).json()["collaboration_desk"]
    assert (desk["name"], desk["phone"], desk["hours"]) == (
        "テスト市社会福祉協議会",
        "0197-00-1234",
        "平日 8:30〜17:15",
    )


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing-here", "/api/v1/cases/1/nothing", "/api/v2/cases", "/api/"]
)
def test_an_unknown_path_under_the_api_is_json_in_japanese(client: Any, path: str) -> None:
    for answer in (client.get(path), client.post(path, data="{}", content_type="application/json")):
        assert answer.status_code == 404, path
        assert answer["Content-Type"] == "application/json"
        assert answer.json() == {"detail": "見つかりません。"}


@pytest.mark.parametrize(
    ("path", "field", "named"),
    [
        ("/api/v1/cases?list=everything", "list", "'mine'"),
        ("/api/v1/cases?status=finished", "status", "'closed'"),
        ("/api/v1/referrals?box=inbox", "box", "'received'"),
    ],
)
def test_a_filter_outside_its_values_is_a_422_naming_them(
    client_for: Any, world: dict[str, Any], path: str, field: str, named: str
) -> None:
    """Not a silent default: a misspelt filter would otherwise answer another list than the one asked for."""
    response = client_for(world["users"]["coordinator"]).get(path)
    assert response.status_code == 422, path
    (error,) = response.json()["errors"]
    assert error["loc"][-1] == field
    assert error["message"].startswith("指定できる値ではありません（") and named in error["message"]


def test_the_filters_values_are_the_lists_own() -> None:
    """The API's literals follow the lists they filter: a new list or status not added here fails."""
    from typing import get_args

    from kasane.api.casework import CaseList, CaseStatusFilter, ReferralBox
    from kasane.casework.models import CaseStatus
    from kasane.casework.queries.lists import LISTS

    assert set(get_args(CaseList)) == set(LISTS)
    assert set(get_args(CaseStatusFilter)) == {"", *CaseStatus.values}
    assert set(get_args(ReferralBox)) == {"received", "sent", "overdue"}


def test_the_lists_answered_whole_give_their_count(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["coordinator"])
    for path in ("/api/v1/agencies", "/api/v1/topics", "/api/v1/areas"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["X-Total-Count"] == str(len(response.json())), path
        assert "Link" not in response
