"""API keys: another system calls the API as itself, for one agency, with the permissions it was given,
through the same access helpers and audit trail as staff."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kasane.accounts.apikeys import auth as key_auth
from kasane.accounts.apikeys.models import ApiKey
from kasane.accounts.apikeys.services import KeyRefused, issue_key, revoke_key
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.lib.dates import today
from tests import factories

pytestmark = pytest.mark.django_db

SYSTEM = "生活困窮自立支援システム"
UNAUTHENTICATED = {"detail": "ログインしてください。"}


def issue(
    world: dict[str, Any], *scopes: str, agency: str = "houkatsu_north", **extra: Any
) -> tuple[ApiKey, str]:
    city = world["users"]["city"]
    return issue_key(
        name=extra.pop("name", SYSTEM),
        agency=world["agencies"][agency],
        scopes=list(scopes) or ["directory.view", "case.view", "case.edit"],
        expires_at=extra.pop("expires_at", None),
        actor=Actor(user=city, municipality=world["municipality"]),
    )


def bearer(secret: str, **extra: Any) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", **extra}


def note() -> dict[str, str]:
    return {"kind": "phone", "on": today().isoformat(), "text": "電話で近況を確認した。"}


def test_a_key_sees_what_its_agency_sees(
    client: Client, client_for: Any, matrix_world: dict[str, Any]
) -> None:
    world = matrix_world
    _key, secret = issue(world)
    mother = world["r"]["mother"]
    stranger = factories.person(world["agencies"]["houkatsu_south"], "南 花子", "みなみ はなこ")
    session = client_for(world["users"]["soudanin"])
    for person, status in ((mother, 200), (stranger, 404)):
        by_key = client.get(f"/api/v1/persons/{person.pk}", **bearer(secret))
        by_staff = session.get(f"/api/v1/persons/{person.pk}")
        assert by_key.status_code == by_staff.status_code == status
        assert by_key.json() == by_staff.json()


def test_a_key_works_in_its_agencys_municipality(client: Client, world: dict[str, Any]) -> None:
    _key, secret = issue(world, "directory.view")
    names = {a["name"] for a in client.get("/api/v1/agencies", **bearer(secret)).json()}
    assert "テスト市社会福祉協議会" in names
    assert "となり町地域包括支援センター" not in names
    other = client.get(f"/api/v1/agencies/{world['agencies']['other'].pk}", **bearer(secret))
    assert other.status_code == 404


def test_the_trail_names_the_system(client: Client, matrix_world: dict[str, Any]) -> None:
    key, secret = issue(matrix_world)
    mother = matrix_world["r"]["mother"]
    assert client.get(f"/api/v1/persons/{mother.pk}", **bearer(secret)).status_code == 200
    entry = AuditEntry.objects.filter(action="person.viewed", person_id=str(mother.pk)).latest("id")
    assert entry.actor_id == key.user_id
    assert entry.actor_name == f"[システム] {SYSTEM}"
    assert entry.actor_username == f"apikey.{key.prefix}"
    assert entry.agency_id == matrix_world["agencies"]["houkatsu_north"].pk
    assert entry.municipality_id == matrix_world["municipality"].pk


def test_revoking_answers_401_at_once(client: Client, world: dict[str, Any]) -> None:
    key, secret = issue(world, "directory.view")
    assert client.get("/api/v1/topics", **bearer(secret)).status_code == 200
    revoke_key(key, actor=Actor(user=world["users"]["city"], municipality=world["municipality"]))
    response = client.get("/api/v1/topics", **bearer(secret))
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    key.user.refresh_from_db()
    assert not key.user.is_active
    assert AuditEntry.objects.filter(action="apikey.revoked").count() == 1
    with pytest.raises(KeyRefused):
        revoke_key(key, actor=Actor(user=world["users"]["city"], municipality=world["municipality"]))


def test_only_a_municipal_administrator_revokes(client: Client, world: dict[str, Any]) -> None:
    key, secret = issue(world, "directory.view")
    for who in ("soudanin", "agency_admin", "other_city"):
        with pytest.raises(KeyRefused):
            revoke_key(key, actor=Actor(user=world["users"][who], municipality=world["municipality"]))
    assert client.get("/api/v1/topics", **bearer(secret)).status_code == 200
    assert not AuditEntry.objects.filter(action="apikey.revoked").exists()


def test_an_expired_key_answers_401(client: Client, world: dict[str, Any]) -> None:
    now = timezone.now()
    _key, secret = issue(world, "directory.view", expires_at=now + dt.timedelta(days=1))
    with time_machine.travel(now + dt.timedelta(hours=23), tick=False):
        assert client.get("/api/v1/topics", **bearer(secret)).status_code == 200
    with time_machine.travel(now + dt.timedelta(days=1), tick=False):
        response = client.get("/api/v1/topics", **bearer(secret))
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize(
    "header",
    [
        "Bearer kasane_00000000_nosuchkey",
        "Bearer kasane_",
        "Bearer something-else",
        "Bearer ",
    ],
)
def test_unknown_keys_answer_401(client: Client, world: dict[str, Any], header: str) -> None:
    response = client.get("/api/v1/topics", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_a_wrong_secret_behind_a_real_prefix_answers_401(client: Client, world: dict[str, Any]) -> None:
    key, secret = issue(world, "directory.view")
    forged = f"kasane_{key.prefix}_{'A' * 43}"
    assert forged != secret
    assert client.get("/api/v1/topics", **bearer(forged)).status_code == 401


def test_with_a_session_an_unknown_key_leaves_the_session_to_decide(
    client_for: Any, matrix_world: dict[str, Any]
) -> None:
    """A browser that sends a stray Authorization header stays its user, CSRF check included."""
    soudanin = matrix_world["users"]["soudanin"]
    staff = client_for(soudanin)
    stray = bearer("kasane_00000000_nosuchkey")
    assert staff.get("/api/v1/topics", **stray).status_code == 200
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(soudanin)
    path = f"/api/v1/cases/{matrix_world['r']['case'].pk}/notes"
    refused = strict.post(path, note(), content_type="application/json", **stray)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]


def test_a_key_without_the_permission_gets_403(client: Client, matrix_world: dict[str, Any]) -> None:
    _key, secret = issue(matrix_world, "directory.view")
    mother = matrix_world["r"]["mother"]
    response = client.get(f"/api/v1/persons/{mother.pk}", **bearer(secret))
    assert response.status_code == 403
    assert response.json() == {"detail": "この操作を行う権限がありません。"}
    _key, reader = issue(matrix_world, "case.view", name="閲覧だけのシステム")
    assert client.get("/api/v1/agencies", **bearer(reader)).status_code == 403


def test_a_key_posts_without_csrf_and_a_session_does_not(
    client_for: Any, matrix_world: dict[str, Any]
) -> None:
    world = matrix_world
    key, secret = issue(world)
    path = f"/api/v1/cases/{world['r']['case'].pk}/notes"
    system = Client(enforce_csrf_checks=True)
    response = system.post(path, note(), content_type="application/json", **bearer(secret))
    assert response.status_code == 201, response.content
    assert world["r"]["case"].notes.get(pk=response.json()["id"]).author_id == key.user_id
    written = AuditEntry.objects.filter(actor=key.user).exclude(action="person.viewed").latest("id")
    assert written.actor_name == f"[システム] {SYSTEM}"

    staff = Client(enforce_csrf_checks=True)
    staff.force_login(world["users"]["soudanin"])
    before = world["r"]["case"].notes.count()
    refused = staff.post(path, note(), content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert world["r"]["case"].notes.count() == before


def test_a_key_cannot_write_without_case_edit(client: Client, matrix_world: dict[str, Any]) -> None:
    _key, secret = issue(matrix_world, "case.view")
    path = f"/api/v1/cases/{matrix_world['r']['case'].pk}/notes"
    response = client.post(path, note(), content_type="application/json", **bearer(secret))
    assert response.status_code == 403


def test_the_secret_is_not_stored(world: dict[str, Any]) -> None:
    key, secret = issue(world)
    row = ApiKey.objects.filter(pk=key.pk).values().get()
    assert all(secret not in str(value) for value in row.values())
    assert row["secret_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(f"kasane_{key.prefix}_") and len(secret) > 50
    audit = AuditEntry.objects.filter(action="apikey.issued").get()
    assert secret not in str(audit.details)
    assert audit.details["key"] == key.label


def test_keys_are_compared_in_constant_time(
    client: Client, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    key, secret = issue(world, "directory.view")
    compared: list[tuple[str, str]] = []
    original = hmac.compare_digest

    def spy(a: str, b: str) -> bool:
        compared.append((a, b))
        return original(a, b)

    monkeypatch.setattr(key_auth.hmac, "compare_digest", spy)
    assert client.get("/api/v1/topics", **bearer(secret)).status_code == 200
    assert compared == [(key.secret_hash, key.secret_hash)]
    # An unknown prefix is compared too, so it takes as long as a wrong secret.
    assert client.get("/api/v1/topics", **bearer("kasane_00000000_x")).status_code == 401
    assert len(compared) == 2


def test_last_use_is_written_at_most_once_a_minute(client: Client, world: dict[str, Any]) -> None:
    key, secret = issue(world, "directory.view")
    start = timezone.now()

    def updates_at(moment: dt.datetime) -> int:
        with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/topics", **bearer(secret)).status_code == 200
        return sum('UPDATE "accounts_apikey"' in q["sql"] for q in queries.captured_queries)

    assert updates_at(start) == 1
    assert updates_at(start + dt.timedelta(seconds=30)) == 0
    assert updates_at(start + dt.timedelta(seconds=59)) == 0
    assert updates_at(start + dt.timedelta(seconds=61)) == 1
    key.refresh_from_db()
    assert key.last_used_at == start + dt.timedelta(seconds=61)


def test_query_count_of_a_key_request(
    client: Client, client_for: Any, matrix_world: dict[str, Any], django_assert_num_queries: Any
) -> None:
    _key, secret = issue(matrix_world)
    path = f"/api/v1/persons/{matrix_world['r']['mother'].pk}"
    assert client.get(path, **bearer(secret)).status_code == 200  # last use written: once a minute
    # The key with its account, agency and municipality (one query), the person (one), the audit entry of the
    # read (savepoint, chain end, insert, release).
    # (PostgreSQL's advisory lock of the audit append is one statement more there, left out of the count.)
    with CaptureQueriesContext(connection) as key_queries:
        assert client.get(path, **bearer(secret)).status_code == 200
    assert sum("pg_advisory_xact_lock" not in q["sql"] for q in key_queries.captured_queries) == 6
    # The same read with a session costs the session and the memberships on top.
    staff = client_for(matrix_world["users"]["soudanin"])
    with CaptureQueriesContext(connection) as session_queries:
        assert staff.get(path).status_code == 200
    assert len(session_queries) > 6


def test_the_key_account_cannot_log_in(client: Client, world: dict[str, Any]) -> None:
    key, _secret = issue(world)
    assert not key.user.has_usable_password()
    assert not key.user.memberships.exists()
    response = client.post("/accounts/login/", {"username": key.user.username, "password": ""})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_keys_carry_only_api_permissions_an_administrator_may_grant(world: dict[str, Any]) -> None:
    for scopes in (["staff.manage_all"], ["audit.view"], ["prefecture.support"], []):
        with pytest.raises((KeyRefused, ValueError)):
            issue(world, *scopes) if scopes else issue_key(
                name=SYSTEM,
                agency=world["agencies"]["shakyo"],
                scopes=[],
                expires_at=None,
                actor=Actor(user=world["users"]["city"], municipality=world["municipality"]),
            )
    for who in ("soudanin", "agency_admin", "other_city"):
        with pytest.raises(KeyRefused):
            issue_key(
                name=SYSTEM,
                agency=world["agencies"]["shakyo"],
                scopes=["directory.view"],
                expires_at=None,
                actor=Actor(user=world["users"][who], municipality=world["municipality"]),
            )
    assert not ApiKey.objects.exists()


def test_the_document_states_both_schemes(client: Client) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    schemes = doc["components"]["securitySchemes"]
    assert schemes["SystemKey"]["type"] == "http" and schemes["SystemKey"]["scheme"] == "bearer"
    assert schemes["SessionCookie"]["in"] == "cookie"
    assert schemes["CsrfToken"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-CSRFToken",
        "description": schemes["CsrfToken"]["description"],
    }
    assert all("APIキー" in s["description"] or "セッション" in s["description"] for s in schemes.values())
    post = doc["paths"]["/api/v1/cases/{case_id}/notes"]["post"]["security"]
    assert post == [{"SystemKey": []}, {"SessionCookie": [], "CsrfToken": []}]
    get = doc["paths"]["/api/v1/cases"]["get"]["security"]
    assert get == [{"SystemKey": []}, {"SessionCookie": []}]
    assert "Authorization: Bearer" in doc["info"]["description"]
