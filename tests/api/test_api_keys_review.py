"""Security review of API keys: probes of the edges the feature's own tests leave open.

Tests that pass confirm a boundary holds; those marked FINDING in their docstring fail on the reviewed code
and pass once the fix named there is applied."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.db import IntegrityError
from django.test import Client

from kasane.accounts.apikeys import services as key_services
from kasane.accounts.apikeys.models import ApiKey
from kasane.accounts.apikeys.services import issue_key, revoke_key
from kasane.accounts.middleware import SESSION_LAST_SEEN
from kasane.accounts.models import Role, User
from kasane.agencies.models import Agency
from kasane.audit.actor import Actor
from kasane.audit.models import AuditEntry
from kasane.lib.dates import today
from kasane.staff.forms import StaffCreateForm
from tests import factories

pytestmark = pytest.mark.django_db

SYSTEM = "生活困窮自立支援システム"


def issue(world: dict[str, Any], *scopes: str, agency: str = "houkatsu_north") -> tuple[ApiKey, str]:
    return issue_key(
        name=SYSTEM,
        agency=world["agencies"][agency],
        scopes=list(scopes) or ["directory.view", "case.view", "case.edit"],
        expires_at=None,
        actor=Actor(user=world["users"]["city"], municipality=world["municipality"]),
    )


def bearer(secret: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def note() -> dict[str, str]:
    return {"kind": "phone", "on": today().isoformat(), "text": "電話で近況を確認した。"}


# The boundaries that hold -----------------------------------------------------------------------------------


def test_a_valid_key_beside_a_session_acts_as_the_key_alone(
    client_for: Any, matrix_world: dict[str, Any]
) -> None:
    """A browser of a 相談員 (who may read the mother) sending a key without case.view reads nothing: the key,
    not the session, decides, and the trail names the system."""
    world = matrix_world
    key, secret = issue(world, "directory.view")
    staff = client_for(world["users"]["soudanin"])
    mother = world["r"]["mother"]
    assert staff.get(f"/api/v1/persons/{mother.pk}").status_code == 200
    assert staff.get(f"/api/v1/persons/{mother.pk}", **bearer(secret)).status_code == 403
    assert staff.get("/api/v1/agencies", **bearer(secret)).status_code == 200
    hsds = staff.get("/api/v1/resources/hsds", **bearer(secret))
    assert hsds.status_code == 200
    assert AuditEntry.objects.filter(action="resource.exported").latest("id").actor_id == key.user_id


def test_a_revoked_key_beside_a_session_still_needs_the_csrf_token(
    matrix_world: dict[str, Any],
) -> None:
    world = matrix_world
    key, secret = issue(world)
    revoke_key(key, actor=Actor(user=world["users"]["city"], municipality=world["municipality"]))
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world["users"]["soudanin"])
    path = f"/api/v1/cases/{world['r']['case'].pk}/notes"
    before = world["r"]["case"].notes.count()
    refused = browser.post(path, note(), content_type="application/json", **bearer(secret))
    assert refused.status_code == 403
    assert world["r"]["case"].notes.count() == before


@pytest.mark.parametrize(
    "header", ["Basic a2FzYW5lOnNlY3JldA==", "Token kasane_00000000_x", "bearer  kasane_00000000_x"]
)
def test_any_other_authorization_header_leaves_a_session_write_to_csrf(
    matrix_world: dict[str, Any], header: str
) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(matrix_world["users"]["soudanin"])
    path = f"/api/v1/cases/{matrix_world['r']['case'].pk}/notes"
    refused = browser.post(path, note(), content_type="application/json", HTTP_AUTHORIZATION=header)
    assert refused.status_code == 403


def test_a_key_reaches_no_record_of_another_municipality(client: Client, world: dict[str, Any]) -> None:
    _key, secret = issue(world, "directory.view", "case.view", "case.edit", "collaboration.coordinate")
    stranger = factories.person(world["agencies"]["other"], "隣 花子", "となり はなこ", address="となり町1-1")
    for path in (f"/api/v1/persons/{stranger.pk}", f"/api/v1/households/{stranger.household_id}"):
        assert client.get(path, **bearer(secret)).status_code == 404, path
    found = client.get("/api/v1/persons", {"name": "隣"}, **bearer(secret))
    assert found.status_code == 200 and found.json() == []


def test_key_answers_are_never_cached(client: Client, matrix_world: dict[str, Any]) -> None:
    _key, secret = issue(matrix_world)
    response = client.get(f"/api/v1/persons/{matrix_world['r']['mother'].pk}", **bearer(secret))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_secret_is_nowhere_in_the_trail_or_the_key_account(
    client_for: Any, world: dict[str, Any]
) -> None:
    city = client_for(world["users"]["city"])
    page = city.post(
        "/accounts/apikeys/new/",
        {
            "name": SYSTEM,
            "agency": world["agencies"]["shakyo"].pk,
            "scopes": ["directory.view"],
            "expires_on": "",
        },
    )
    assert "no-store" in page["Cache-Control"]
    secret = page.context["secret"]
    key = ApiKey.objects.get()
    Client().get("/api/v1/topics", **bearer(secret))
    Client().get("/api/v1/topics", **bearer(secret + "x"))
    city.post(f"/accounts/apikeys/{key.pk}/revoke/")
    tail = secret.split("_", 2)[2]
    for entry in AuditEntry.objects.all():
        text = repr(entry.__dict__)
        assert tail not in text and key.secret_hash not in text, entry.action
    key.user.refresh_from_db()
    assert tail not in repr(key.user.__dict__)
    assert tail not in repr(ApiKey.objects.filter(pk=key.pk).values().get())


def test_no_staff_page_gives_the_key_account_a_role_password_or_unlock(
    client_for: Any, world: dict[str, Any]
) -> None:
    key, _secret = issue(world)
    city = client_for(world["users"]["city"])
    role = Role.objects.get(code="city_program")
    added = city.post(
        f"/accounts/staff/{key.user_id}/memberships/",
        {"agency": world["agencies"]["division"].pk, "role": role.pk},
    )
    assert added.status_code == 404
    for action in ("two-factor/reset", "unlock"):
        assert city.post(f"/accounts/staff/{key.user_id}/{action}/").status_code == 404
    assert not key.user.memberships.exists()
    assert StaffCreateForm(
        {"username": key.user.username, "full_name": "なりすまし 太郎", "agency": 1, "role": role.pk},
        agencies=Agency.objects.all(),
        roles=Role.objects.all(),
    ).errors.get("username")


def test_the_key_account_never_gets_a_session(client: Client, world: dict[str, Any]) -> None:
    key, secret = issue(world)
    for password in ("", secret, secret.split("_", 2)[2]):
        client.post("/accounts/login/", {"username": key.user.username, "password": password})
        assert "_auth_user_id" not in client.session
    assert not User.objects.get(pk=key.user_id).has_usable_password()


# Findings ---------------------------------------------------------------------------------------------------


def test_a_key_of_an_inactive_agency_answers_401(client: Client, world: dict[str, Any]) -> None:
    """FINDING (low): a key keeps acting for an agency that has been deactivated. Fix: ``ApiKey.is_usable``
    also requires ``self.agency.is_active`` (agency is already select_related in ``authenticate``)."""
    _key, secret = issue(world, "directory.view")
    Agency.objects.filter(pk=world["agencies"]["houkatsu_north"].pk).update(is_active=False)
    assert client.get("/api/v1/topics", **bearer(secret)).status_code == 401


def test_a_staff_account_named_like_a_key_account_does_not_break_issuing(
    world: dict[str, Any], make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """FINDING (low): key accounts are named ``apikey.<prefix>``, a name staff pages and imports accept for a
    person; a clash makes ``issue_key`` fail with an IntegrityError (500) instead of drawing another prefix.
    Fix: draw until neither ``ApiKey.prefix`` nor ``User.username`` (iexact) is taken, and refuse user names
    starting with ``apikey.`` in ``StaffCreateForm``/the import."""
    make_user("apikey.deadbeef", world["agencies"]["shakyo"])
    drawn = iter(["deadbeef", "cafebabe"])
    monkeypatch.setattr(key_services.secrets, "token_hex", lambda _n: next(drawn))
    try:
        key, _secret = issue(world, "directory.view")
    except IntegrityError:
        pytest.fail("issue_key crashed on a user name clash")
    assert key.prefix == "cafebabe"


def test_staff_cannot_be_named_as_a_system(world: dict[str, Any]) -> None:
    """FINDING (low): the trail marks a system only by the display name 「[システム] …」, which any
    administrator can give a person. Fix: refuse full names starting with ``SYSTEM_NAME_MARK`` in
    ``StaffCreateForm`` (and the import / profile), or have the trail mark systems from ``user.api_key``."""
    form = StaffCreateForm(
        {
            "username": "spoof",
            "full_name": f"{key_services.SYSTEM_NAME_MARK} {SYSTEM}",
            "agency": world["agencies"]["shakyo"].pk,
            "role": Role.objects.get(code="soudanin").pk,
        },
        agencies=Agency.objects.all(),
        roles=Role.objects.all(),
    )
    assert not form.is_valid()


def test_a_stale_session_cookie_does_not_turn_away_a_valid_key(
    client_for: Any, world: dict[str, Any]
) -> None:
    """FINDING (info): a system that keeps a cookie jar (a session from someone's earlier browser login on the
    same host) is logged out by the idle timeout and redirected to the login page before its key is read.
    Fix: let ``IdleTimeoutMiddleware`` skip requests under /api/ that carry ``Authorization: Bearer``."""
    _key, secret = issue(world, "directory.view")
    browser = client_for(world["users"]["soudanin"])
    session = browser.session
    session[SESSION_LAST_SEEN] = int(time.time()) - 24 * 3600
    session.save()
    assert browser.get("/api/v1/topics", **bearer(secret)).status_code == 200
