"""Issue 12, point 4: whoever can grant or reset access to personal data uses 2FA; a reset gives the person a
temporary password that only lets them set their own (and enrol 2FA); the administrator never knows a password
that stays in use, and one administrator cannot both issue a temporary password and clear 2FA for one person."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyotp
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from kasane.accounts.models import User
from kasane.audit.models import AuditEntry
from tests.clock import morning_of

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "my-own-pass-2026-kasane"


def login(client: Any, username: str, password: str) -> Any:
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def issue(admin: Any, target: User) -> str:
    response = admin.post(reverse("staff:reset_password", args=[target.pk]))
    assert response.status_code == 200, response
    return str(response.context["password"])


def enrol(client: Any) -> None:
    client.get(reverse("accounts:two_factor_setup"))
    secret = client.session["kasane_totp_setup"]
    client.post(reverse("accounts:two_factor_setup"), {"code": pyotp.TOTP(secret).now()})


def test_staff_managers_must_use_two_factor_in_production(
    client_for: Any, world: dict[str, Any], settings: Any
) -> None:
    settings.KASANE_REQUIRE_2FA_FOR_PERSONAL_DATA = True
    admin = world["users"]["agency_admin"]  # 機関管理者: manages its staff, sees no case records itself
    assert admin.requires_two_factor()
    response = client_for(admin).get(reverse("staff:list"))
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor_setup")
    assert not world["users"]["viewer"].requires_two_factor()


def test_a_temporary_password_opens_only_the_page_to_set_ones_own(
    client_for: Any, world: dict[str, Any]
) -> None:
    target = world["users"]["soudanin"]
    password = issue(client_for(world["users"]["city"]), target)
    person = client_for(None)
    assert login(person, target.username, password).url == reverse("home:home")
    for name in ("home:home", "cases:list", "staff:list", "accounts:password_change"):
        response = person.get(reverse(name))
        assert response.status_code == 302 and response.url == reverse("accounts:set_password"), name
    assert person.get("/api/v1/agencies").status_code == 403
    page = person.get(reverse("accounts:set_password")).content.decode()
    assert "ご自身で決めたパスワードを設定してください" in page
    # Keeping the temporary password is refused; so is a weak one.
    same = person.post(reverse("accounts:set_password"), {"password1": password, "password2": password})
    assert "仮パスワードとは別の" in same.content.decode()
    weak = person.post(reverse("accounts:set_password"), {"password1": "12345", "password2": "12345"})
    assert weak.status_code == 200
    done = person.post(
        reverse("accounts:set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    target.refresh_from_db()
    assert not target.must_set_password and target.check_password(NEW_PASSWORD)
    assert not target.check_password(password)
    assert person.get(reverse("cases:list")).status_code == 200
    assert AuditEntry.objects.filter(action="auth.password_set", actor=target).count() == 1


def test_after_both_resets_the_person_sets_a_password_and_enrols(
    client_for: Any, world: dict[str, Any], settings: Any
) -> None:
    settings.KASANE_REQUIRE_2FA_FOR_PERSONAL_DATA = True
    for admin_key in ("city", "agency_admin"):
        user = world["users"][admin_key]
        user.totp_secret, user.totp_confirmed_at = pyotp.random_base32(), timezone.now()
        user.save()
    target = world["users"]["soudanin"]
    target.totp_secret, target.totp_confirmed_at = pyotp.random_base32(), timezone.now()
    target.save()
    client_for(world["users"]["agency_admin"]).post(reverse("staff:reset_two_factor", args=[target.pk]))
    password = issue(client_for(world["users"]["city"]), target)
    person = client_for(None)
    login(person, target.username, password)
    person.post(reverse("accounts:set_password"), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    # Next: 2FA, before any personal data.
    response = person.get(reverse("cases:list"))
    assert response.url == reverse("accounts:two_factor_setup")
    enrol(person)
    assert person.get(reverse("cases:list")).status_code == 200


def test_one_administrator_cannot_both_issue_a_password_and_clear_2fa(
    client_for: Any, world: dict[str, Any]
) -> None:
    target = world["users"]["soudanin"]
    target.totp_secret, target.totp_confirmed_at = pyotp.random_base32(), timezone.now()
    target.save()
    admin = client_for(world["users"]["agency_admin"])
    # 2FA first, then the password: refused.
    admin.post(reverse("staff:reset_two_factor", args=[target.pk]))
    refused = admin.post(reverse("staff:reset_password", args=[target.pk]), follow=True)
    assert "仮パスワードは別の管理者" in refused.content.decode()
    target.refresh_from_db()
    assert not target.must_set_password
    assert not AuditEntry.objects.filter(action="staff.password_reset").exists()
    # Once the person has set up 2FA again, the same administrator may issue a password.
    person = client_for(target)
    enrol(person)
    assert "password" in admin.post(reverse("staff:reset_password", args=[target.pk])).context


def test_a_temporary_password_expires(client_for: Any, world: dict[str, Any], settings: Any) -> None:
    settings.KASANE_TEMPORARY_PASSWORD_HOURS = 72
    target = world["users"]["soudanin"]
    with time_machine.travel(morning_of(dt.date(2027, 3, 31))):
        password = issue(client_for(world["users"]["city"]), target)
    with time_machine.travel(morning_of(dt.date(2027, 4, 3)) + dt.timedelta(minutes=1)):
        response = login(client_for(None), target.username, password)
    assert response.status_code == 200
    assert "仮パスワードの有効期限が切れています" in response.content.decode()
    with time_machine.travel(morning_of(dt.date(2027, 4, 3)) - dt.timedelta(minutes=1)):
        assert login(client_for(None), target.username, password).status_code == 302


def test_a_new_account_starts_with_a_temporary_password(client_for: Any, world: dict[str, Any]) -> None:
    admin = client_for(world["users"]["city"])
    response = admin.post(
        reverse("staff:new"),
        {
            "username": "shinnin",
            "full_name": "新任 一郎",
            "full_name_kana": "しんにん いちろう",
            "email": "",
            "agency": world["agencies"]["houkatsu_south"].pk,
            "role": world["users"]["soudanin"].memberships.get().role.pk,
        },
    )
    password = response.context["password"]
    person = client_for(None)
    login(person, "shinnin", password)
    assert person.get(reverse("home:home")).url == reverse("accounts:set_password")
