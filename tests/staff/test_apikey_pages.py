"""職員管理 › APIキー: only the municipal administrator (staff.manage_all) issues and revokes keys; the secret is
shown once; each issue and revocation is one audit entry; ``kasane apikey`` does the same from the shell."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from kasane.accounts.apikeys.models import ApiKey
from kasane.accounts.apikeys.services import issue_key
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

LIST = "/accounts/apikeys/"
NEW = "/accounts/apikeys/new/"
SYSTEM = "生活困窮自立支援システム"


def form(world: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        "name": SYSTEM,
        "agency": world["agencies"]["shakyo"].pk,
        "scopes": ["directory.view", "case.view"],
        "expires_on": "",
        **changes,
    }


def a_key(world: dict[str, Any], municipality: str = "municipality", agency: str = "shakyo") -> ApiKey:
    key, _secret = issue_key(
        name="タブレット記録アプリ",
        agency=world["agencies"][agency],
        scopes=["directory.view"],
        expires_at=None,
        actor=Actor(municipality=world[municipality]),
    )
    return key


def test_only_the_municipal_administrator_reaches_the_pages(
    client: Client, client_for: Any, world: dict[str, Any]
) -> None:
    key = a_key(world)
    revoke = f"/accounts/apikeys/{key.pk}/revoke/"
    for path in (LIST, NEW):
        assert client.get(path)["Location"].startswith("/accounts/login/")
        assert client_for(world["users"]["city"]).get(path).status_code == 200
        for role in ("soudanin", "coordinator", "agency_admin", "viewer", "prefecture"):
            assert client_for(world["users"][role]).get(path).status_code == 403, (path, role)
    assert client.post(revoke)["Location"].startswith("/accounts/login/")
    for role in ("soudanin", "agency_admin", "viewer"):
        assert client_for(world["users"][role]).post(revoke).status_code == 403
    assert client_for(world["users"]["city"]).get(revoke).status_code == 405
    # Another municipality's administrator neither sees nor revokes this one's keys.
    other = client_for(world["users"]["other_city"])
    assert key.name not in other.get(LIST).content.decode()
    assert key.name in client_for(world["users"]["city"]).get(LIST).content.decode()
    assert other.post(revoke).status_code == 404
    key.refresh_from_db()
    assert key.revoked_at is None


def test_issuing_shows_the_secret_once(client: Client, client_for: Any, world: dict[str, Any]) -> None:
    city = client_for(world["users"]["city"])
    response = city.post(NEW, form(world, expires_on="2099-03-31"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    key = ApiKey.objects.get()
    secret = response.context["secret"]
    page = response.content.decode()
    assert secret in page and key.label in page and "この画面でしか表示されません" in page
    assert key.name == SYSTEM and key.agency == world["agencies"]["shakyo"]
    assert key.scopes == ["directory.view", "case.view"]
    assert key.created_by == world["users"]["city"]
    assert key.last_valid_day is not None and key.last_valid_day.isoformat() == "2099-03-31"
    # Never again: not in the list, not in the database, not in the trail.
    listed = city.get(LIST).content.decode()
    assert key.label in listed and secret not in listed
    assert secret not in str(ApiKey.objects.filter(pk=key.pk).values().get())
    entry = AuditEntry.objects.get(action="apikey.issued")
    assert entry.actor_id == world["users"]["city"].pk and secret not in str(entry.details)
    # The key works at once, as the 社協 with the chosen permissions.
    assert client.get("/api/v1/topics", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200


def test_the_form_offers_only_api_permissions(client_for: Any, world: dict[str, Any]) -> None:
    city = client_for(world["users"]["city"])
    offered = {code for code, _label in city.get(NEW).context["form"].fields["scopes"].choices}
    assert offered == {
        "directory.view",
        "case.view",
        "case.edit",
        "collaboration.coordinate",
        "resource.edit",
    }
    agencies = set(city.get(NEW).context["form"].fields["agency"].queryset)
    assert world["agencies"]["other"] not in agencies and world["agencies"]["shakyo"] in agencies


@pytest.mark.parametrize(
    "changes",
    [
        {"name": ""},
        {"scopes": []},
        {"scopes": ["staff.manage_all"]},
        {"scopes": ["audit.view"]},
        {"expires_on": "2001-01-01"},
        {"expires_on": "いつか"},
    ],
)
def test_bad_input_writes_nothing(client_for: Any, world: dict[str, Any], changes: dict[str, Any]) -> None:
    response = client_for(world["users"]["city"]).post(NEW, form(world, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "入力内容を確認してください" in response.content.decode()
    assert not ApiKey.objects.exists() and not AuditEntry.objects.filter(action="apikey.issued").exists()


def test_another_municipalitys_agency_cannot_be_chosen(client_for: Any, world: dict[str, Any]) -> None:
    response = client_for(world["users"]["city"]).post(NEW, form(world, agency=world["agencies"]["other"].pk))
    assert response.context["form"].errors["agency"]
    assert not ApiKey.objects.exists()


def test_revoking(client: Client, client_for: Any, world: dict[str, Any]) -> None:
    city = client_for(world["users"]["city"])
    secret = city.post(NEW, form(world)).context["secret"]
    key = ApiKey.objects.get()
    response = city.post(f"/accounts/apikeys/{key.pk}/revoke/", follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "失効させました" in response.content.decode()
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by == world["users"]["city"]
    assert AuditEntry.objects.filter(action="apikey.revoked", actor=world["users"]["city"]).count() == 1
    assert client.get("/api/v1/topics", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    again = city.post(f"/accounts/apikeys/{key.pk}/revoke/", follow=True)
    assert "すでに失効しています" in again.content.decode()
    assert AuditEntry.objects.filter(action="apikey.revoked").count() == 1


def test_the_key_account_is_not_staff(client_for: Any, world: dict[str, Any]) -> None:
    key = a_key(world)
    city = client_for(world["users"]["city"])
    assert key.user.full_name not in city.get("/accounts/staff/").content.decode()
    assert city.get(f"/accounts/staff/{key.user_id}/").status_code == 404
    assert city.post(f"/accounts/staff/{key.user_id}/password/").status_code == 404


def test_the_command(world: dict[str, Any]) -> None:
    out = io.StringIO()
    agency = world["agencies"]["houkatsu_north"]
    call_command(
        "apikey", "create", "--name", SYSTEM, "--agency", str(agency.pk), "--scope", "case.view",
        "--scope", "directory.view", "--expires", "2099-03-31", stdout=out,
    )  # fmt: skip
    key = ApiKey.objects.get()
    secret = out.getvalue().strip().splitlines()[-1]
    assert secret.startswith(key.label + "_")
    assert key.scopes == ["directory.view", "case.view"] and key.created_by is None
    listing = io.StringIO()
    call_command("apikey", "list", stdout=listing)
    assert (
        key.label in listing.getvalue() and "有効" in listing.getvalue() and secret not in listing.getvalue()
    )
    call_command("apikey", "revoke", key.label, stdout=io.StringIO())
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="apikey.").order_by("id")] == [
        "apikey.issued",
        "apikey.revoked",
    ]
    with pytest.raises(CommandError):
        call_command("apikey", "revoke", "kasane_00000000", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("apikey", "create", "--name", SYSTEM, "--agency", "999999", "--scope", "case.view")
