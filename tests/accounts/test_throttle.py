"""Issue 12, points 5 and 6: a stranger cannot lock staff out, and the login page does not tell which names
exist (same words, same counting, same password hashing for unknown names)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from kasane.accounts.models import LoginThrottle, User
from kasane.audit.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

STRANGER = "203.0.113.9"
OFFICE = "192.0.2.10"


def attempt(client: Any, username: str, password: str, address: str) -> str:
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return response.content.decode() if response.status_code == 200 else f"redirect {response.url}"


def test_a_stranger_cannot_lock_staff_out_of_their_own_terminal(
    client_for: Any, world: dict[str, Any], settings: Any
) -> None:
    settings.KASANE_LOCKOUT_THRESHOLD = 5
    stranger = client_for(None)
    for _ in range(5):
        body = attempt(stranger, "soudanin", "guess-password", STRANGER)
    assert "ロックされています" in body
    # The stranger's address stays locked, even with the right password …
    assert "ロックされています" in attempt(client_for(None), "soudanin", PASSWORD, STRANGER)
    # … but the member of staff at their own terminal logs in.
    staff = client_for(None)
    assert attempt(staff, "soudanin", PASSWORD, OFFICE) == f"redirect {reverse('home:home')}"
    assert staff.session["_auth_user_id"] == str(world["users"]["soudanin"].pk)


def test_one_address_guessing_across_names_is_stopped(
    client_for: Any, world: dict[str, Any], settings: Any
) -> None:
    settings.KASANE_LOCKOUT_THRESHOLD = 5
    settings.KASANE_ADDRESS_LOCKOUT_THRESHOLD = 6
    stranger = client_for(None)
    for name in ["a1", "a2", "a3", "soudanin", "coordinator", "agency_admin"]:
        body = attempt(stranger, name, "guess-password", STRANGER)
    assert "この端末からのログインの失敗が続いたため" in body
    # A name never tried from there, with its right password, is refused too while the address is stopped.
    assert "この端末からのログインの失敗が続いたため" in attempt(stranger, "shi", PASSWORD, STRANGER)
    assert "_auth_user_id" not in stranger.session
    # Elsewhere nothing changed.
    assert attempt(client_for(None), "shi", PASSWORD, OFFICE).startswith("redirect")
    lockouts = AuditEntry.objects.filter(action="auth.lockout")
    assert [e.details["scope"] for e in lockouts] == ["address"]


def test_guessing_one_name_from_many_addresses_locks_it_everywhere(
    client_for: Any, world: dict[str, Any], settings: Any
) -> None:
    settings.KASANE_LOCKOUT_THRESHOLD = 5
    settings.KASANE_ACCOUNT_LOCKOUT_THRESHOLD = 8
    for host in range(1, 5):
        for _ in range(2):
            attempt(client_for(None), "soudanin", "guess-password", f"198.51.100.{host}")
    assert "ロックされています" in attempt(client_for(None), "soudanin", PASSWORD, OFFICE)
    assert User.objects.get(username="soudanin").is_locked()


def test_the_lock_ends_after_the_window(client_for: Any, world: dict[str, Any], settings: Any) -> None:
    settings.KASANE_LOCKOUT_THRESHOLD = 2
    settings.KASANE_LOCKOUT_MINUTES = 15
    tokyo = ZoneInfo("Asia/Tokyo")
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, 0, tzinfo=tokyo), tick=False) as clock:
        for _ in range(2):
            attempt(client_for(None), "soudanin", "guess-password", OFFICE)
        assert "09時15分 までロックされています" in attempt(client_for(None), "soudanin", PASSWORD, OFFICE)
        clock.move_to(dt.datetime(2026, 4, 1, 9, 16, tzinfo=tokyo))
        assert attempt(client_for(None), "soudanin", PASSWORD, OFFICE).startswith("redirect")


def test_unknown_names_get_the_same_answers_as_real_ones(
    client_for: Any, world: dict[str, Any], settings: Any
) -> None:
    settings.KASANE_LOCKOUT_THRESHOLD = 5

    def answers(username: str) -> list[str]:
        client = client_for(None)
        texts = []
        for _ in range(6):
            response = client.post(
                reverse("accounts:login"),
                {"username": username, "password": "guess-password"},
                REMOTE_ADDR=STRANGER,
            )
            texts.append(" ".join(response.context["form"].non_field_errors()))
        return texts

    real, unknown = answers("soudanin"), answers("no-such-person")
    assert real == unknown
    assert "あと2回失敗すると" in real[2] and "ロックされています" in real[4]


class CountingHasher(MD5PasswordHasher):
    calls = 0

    def encode(self, password: str, salt: str) -> str:
        CountingHasher.calls += 1
        return super().encode(password, salt)


def test_unknown_and_inactive_names_cost_a_password_hash_like_a_wrong_password(
    client_for: Any, world: dict[str, Any], settings: Any
) -> None:
    settings.PASSWORD_HASHERS = ["tests.accounts.test_throttle.CountingHasher"]
    user = world["users"]["viewer"]
    user.set_password(PASSWORD)
    user.is_active = False
    user.save()
    costs = {}
    for name in ["soudanin", "no-such-person", user.username]:
        CountingHasher.calls = 0
        attempt(client_for(None), name, "guess-password", STRANGER)
        costs[name] = CountingHasher.calls
    assert costs == {"soudanin": 1, "no-such-person": 1, user.username: 1}


def test_unlock_clears_every_address(client_for: Any, world: dict[str, Any], settings: Any) -> None:
    settings.KASANE_LOCKOUT_THRESHOLD = 2
    for address in (STRANGER, OFFICE):
        for _ in range(2):
            attempt(client_for(None), "soudanin", "guess-password", address)
    user = world["users"]["soudanin"]
    admin = client_for(world["users"]["agency_admin"])
    detail = admin.get(reverse("staff:detail", args=[user.pk])).content.decode()
    assert "ロック中" in detail
    assert "ロック中" in admin.get(reverse("staff:list")).content.decode()
    admin.post(reverse("staff:unlock", args=[user.pk]))
    assert not LoginThrottle.objects.filter(username="soudanin").exists()
    assert attempt(client_for(None), "soudanin", PASSWORD, STRANGER).startswith("redirect")


def test_a_strangers_lock_elsewhere_does_not_stop_the_code_step(
    client_for: Any, world: dict[str, Any], settings: Any
) -> None:
    """The review after the fix: the confirmation-code step counted throttle locks from any address."""
    import pyotp
    from django.utils import timezone

    settings.KASANE_LOCKOUT_THRESHOLD = 5
    user = world["users"]["soudanin"]
    secret = pyotp.random_base32()
    user.totp_secret, user.totp_confirmed_at = secret, timezone.now()
    user.save()
    for _ in range(5):
        attempt(client_for(None), "soudanin", "guess-password", STRANGER)
    staff = client_for(None)
    assert attempt(staff, "soudanin", PASSWORD, OFFICE) == f"redirect {reverse('accounts:login_code')}"
    response = staff.post(
        reverse("accounts:login_code"), {"code": pyotp.TOTP(secret).now()}, REMOTE_ADDR=OFFICE
    )
    assert response.status_code == 302 and staff.session["_auth_user_id"] == str(user.pk)


def test_staff_at_a_terminal_they_logged_in_on_are_not_stopped_with_a_shared_address(
    client_for: Any, world: dict[str, Any], settings: Any
) -> None:
    """Issue 12 review: an office behind one NAT address shares the address lock, so one person guessing
    stopped every colleague. A browser where someone logged in before carries a signed cookie for that
    account; the address lock does not refuse them there (their own name's locks still do)."""
    from kasane.accounts import devices

    settings.KASANE_LOCKOUT_THRESHOLD = 5
    settings.KASANE_ADDRESS_LOCKOUT_THRESHOLD = 6
    staff = client_for(None)
    assert attempt(staff, "soudanin", PASSWORD, OFFICE) == f"redirect {reverse('home:home')}"
    cookie = staff.cookies[devices.COOKIE]
    assert cookie["httponly"] and cookie["path"] == "/accounts/" and cookie["samesite"] == "Lax"
    staff.post(reverse("accounts:logout"))
    colleague_guessing = client_for(None)
    for name in ["a1", "a2", "a3", "a4", "a5", "a6"]:
        body = attempt(colleague_guessing, name, "guess-password", OFFICE)
    assert "この端末からのログインの失敗が続いたため" in body
    # Without the cookie, at the same address: refused.
    assert "この端末からのログインの失敗が続いたため" in attempt(
        client_for(None), "soudanin", PASSWORD, OFFICE
    )
    # With it: in.
    assert attempt(staff, "soudanin", PASSWORD, OFFICE) == f"redirect {reverse('home:home')}"
    staff.post(reverse("accounts:logout"))
    # The cookie helps only its own account, and only if genuine.
    assert "この端末からのログインの失敗が続いたため" in attempt(staff, "shi", PASSWORD, OFFICE)
    forged = client_for(None)
    forged.cookies[devices.COOKIE] = cookie.value[:-2] + "xx"
    assert "この端末からのログインの失敗が続いたため" in attempt(forged, "soudanin", PASSWORD, OFFICE)
    # The locks on the name itself still apply at the known device.
    for _ in range(5):
        body = attempt(staff, "soudanin", "wrong-password", OFFICE)
    assert "このアカウントは" in body and "ロックされています" in body
    assert "ロックされています" in attempt(staff, "soudanin", PASSWORD, OFFICE)
