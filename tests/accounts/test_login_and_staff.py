from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from kasane.accounts.middleware import SESSION_LAST_SEEN
from kasane.accounts.models import LoginThrottle, Role, User
from kasane.audit.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def login(client: Any, username: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_argon2_is_the_configured_hasher_sized_for_a_municipal_server(settings: Any) -> None:
    from django.contrib.auth.hashers import (
        Argon2PasswordHasher,
        check_password,
        identify_hasher,
        make_password,
    )

    from kasane import settings as kasane_settings
    from kasane.accounts.hashers import KasaneArgon2PasswordHasher

    # The autouse fixture swaps in a fast hasher for tests; the shipped settings use Argon2id, 32 MiB, 1 lane.
    assert kasane_settings.PASSWORD_HASHERS[0] == "kasane.accounts.hashers.KasaneArgon2PasswordHasher"
    settings.PASSWORD_HASHERS = kasane_settings.PASSWORD_HASHERS
    encoded = make_password("kasane-demo-2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=32768,t=3,p=1$")
    assert identify_hasher(encoded).__class__ is KasaneArgon2PasswordHasher
    # A hash made with Django's default (100 MiB, 8 lanes) still verifies and is re-hashed at login.
    old = Argon2PasswordHasher().encode("kasane-demo-2026", Argon2PasswordHasher().salt())
    assert "m=102400,t=2,p=8" in old
    upgraded: list[str] = []
    assert check_password("kasane-demo-2026", old, setter=upgraded.append)
    assert len(upgraded) == 1
    assert make_password("x").count("m=32768,t=3,p=1") == 1


def test_login_page_is_japanese(client: Any) -> None:
    response = client.get(reverse("accounts:login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "ログイン" in body and "ユーザー名" in body and "パスワード" in body
    assert 'lang="ja"' in body


def test_successful_login_is_audited(client: Any, world: dict[str, Any]) -> None:
    response = login(client, "soudanin")
    assert response.status_code == 302 and response.url == reverse("home:home")
    entry = AuditEntry.objects.get(action="auth.login")
    assert entry.actor_username == "soudanin"
    assert entry.municipality == world["municipality"]
    assert entry.ip_address == "127.0.0.1"


def test_wrong_password_gives_japanese_error_and_is_audited(client: Any, world: dict[str, Any]) -> None:
    response = login(client, "soudanin", "wrong-password")
    assert response.status_code == 200
    assert "ユーザー名またはパスワードが正しくありません。" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert actions() == ["auth.login_failed"]
    assert LoginThrottle.objects.get(username="soudanin", address="127.0.0.1").failures == 1


def test_unknown_user_is_audited_without_revealing_anything(client: Any, db: None) -> None:
    response = login(client, "nobody", "whatever-pass")
    assert "ユーザー名またはパスワードが正しくありません。" in response.content.decode()
    entry = AuditEntry.objects.get()
    assert entry.action == "auth.login_failed" and entry.details["username"] == "nobody"


def test_lockout_after_repeated_failures(client: Any, world: dict[str, Any], settings: Any) -> None:
    settings.KASANE_LOCKOUT_THRESHOLD = 5
    for _ in range(4):
        login(client, "soudanin", "wrong-password")
    response = login(client, "soudanin", "wrong-password")
    body = response.content.decode()
    assert "ロックされています" in body
    user = User.objects.get(username="soudanin")
    assert user.is_locked()
    assert actions().count("auth.lockout") == 1
    # Even the right password is refused while locked, and says why.
    response = login(client, "soudanin")
    assert response.status_code == 200 and "ロックされています" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_warning_before_lockout(client: Any, world: dict[str, Any], settings: Any) -> None:
    settings.KASANE_LOCKOUT_THRESHOLD = 5
    for _ in range(3):
        response = login(client, "soudanin", "wrong-password")
    assert "あと2回失敗すると" in response.content.decode()


def test_admin_unlocks_and_it_is_audited(client_for: Any, world: dict[str, Any], settings: Any) -> None:
    user = world["users"]["soudanin"]
    client = client_for(None)
    settings.KASANE_LOCKOUT_THRESHOLD = 2
    login(client, "soudanin", "x-wrong-1")
    login(client, "soudanin", "x-wrong-2")
    user.refresh_from_db()
    assert user.is_locked()
    admin = client_for(world["users"]["agency_admin"])
    response = admin.post(reverse("staff:unlock", args=[user.pk]))
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_locked()
    assert actions()[-1] == "staff.unlocked"
    assert login(client, "soudanin").status_code == 302


def _enable_2fa(user: User) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    user.totp_secret = secret
    from django.utils import timezone

    user.totp_confirmed_at = timezone.now()
    user.save()
    return pyotp.TOTP(secret)


def test_two_factor_login_requires_a_valid_code(client: Any, world: dict[str, Any]) -> None:
    totp = _enable_2fa(world["users"]["soudanin"])
    response = login(client, "soudanin")
    assert response.url == reverse("accounts:login_code")
    assert "_auth_user_id" not in client.session
    response = client.post(
        reverse("accounts:login_code"), {"code": "000000" if totp.now() != "000000" else "111111"}
    )
    assert "確認コードが正しくありません" in response.content.decode()
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("accounts:login_code"), {"code": totp.now()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world["users"]["soudanin"].pk)
    assert "auth.otp_failed" in actions() and actions()[-1] == "auth.login"


def test_two_factor_code_cannot_be_replayed(client_for: Any, world: dict[str, Any]) -> None:
    totp = _enable_2fa(world["users"]["soudanin"])
    code = totp.now()
    first = client_for(None)
    login(first, "soudanin")
    assert first.post(reverse("accounts:login_code"), {"code": code}).status_code == 302
    second = client_for(None)
    login(second, "soudanin")
    response = second.post(reverse("accounts:login_code"), {"code": code})
    assert response.status_code == 200 and "_auth_user_id" not in second.session


def test_role_requiring_2fa_forces_setup(client: Any, world: dict[str, Any]) -> None:
    Role.objects.filter(code="soudanin").update(requires_2fa=True)
    login(client, "soudanin")
    response = client.get(reverse("agencies:navi"))
    assert response.status_code == 302 and response.url == reverse("accounts:two_factor_setup")
    page = client.get(reverse("accounts:two_factor_setup"))
    body = page.content.decode()
    assert "二要素認証が必須です" in body and "<svg" in body
    secret = client.session["kasane_totp_setup"]
    bad = client.post(reverse("accounts:two_factor_setup"), {"code": "12345"})
    assert "確認コードが正しくありません" in bad.content.decode()
    assert not User.objects.get(username="soudanin").has_two_factor
    client.post(reverse("accounts:two_factor_setup"), {"code": pyotp.TOTP(secret).now()})
    assert User.objects.get(username="soudanin").has_two_factor
    assert client.get(reverse("agencies:navi")).status_code == 200
    assert "auth.2fa_enabled" in actions()


def test_production_setting_requires_2fa_for_personal_data_roles(
    world: dict[str, Any], settings: Any
) -> None:
    settings.KASANE_REQUIRE_2FA_FOR_PERSONAL_DATA = True
    assert world["users"]["soudanin"].requires_two_factor()  # 相談員 sees personal data
    assert world["users"]["coordinator"].requires_two_factor()
    assert not world["users"]["viewer"].requires_two_factor()  # 閲覧のみ: directory only
    settings.KASANE_REQUIRE_2FA_FOR_PERSONAL_DATA = False
    assert not world["users"]["soudanin"].requires_two_factor()


def test_idle_timeout_logs_out_with_a_message(client_for: Any, world: dict[str, Any], settings: Any) -> None:
    client = client_for(world["users"]["soudanin"])
    assert client.get(reverse("agencies:navi")).status_code == 200
    session = client.session
    session[SESSION_LAST_SEEN] = int(time.time()) - settings.KASANE_IDLE_TIMEOUT_MINUTES * 60 - 5
    session.save()
    response = client.get(reverse("agencies:navi"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "一定時間操作がなかったため" in response.content.decode()
    assert "auth.idle_timeout" in actions()


def test_idle_timeout_default_is_30_minutes() -> None:
    assert django_settings.KASANE_IDLE_TIMEOUT_MINUTES == 30


def test_logout_is_post_only_and_audited(client_for: Any, world: dict[str, Any]) -> None:
    client = client_for(world["users"]["soudanin"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert actions()[-1] == "auth.logout"


# Staff administration


def test_admin_issues_a_temporary_password_and_resets_2fa(client_for: Any, world: dict[str, Any]) -> None:
    target = world["users"]["soudanin"]
    _enable_2fa(target)
    admin = client_for(world["users"]["city"])
    page = admin.get(reverse("staff:reset_password", args=[target.pk])).content.decode()
    assert "仮パスワードを発行する" in page and "管理者がパスワードを決めることはありません" in page
    response = admin.post(reverse("staff:reset_password", args=[target.pk]))
    assert response.status_code == 200
    password = response.context["password"]
    assert (
        password in response.content.decode() and "この画面でしか表示されません" in response.content.decode()
    )
    admin.post(reverse("staff:reset_two_factor", args=[target.pk]))
    target.refresh_from_db()
    # The four-eyes rule: the administrator who issued the temporary password may not also clear the 2FA.
    assert target.has_two_factor and target.check_password(password) and target.must_set_password
    assert actions()[-1] == "staff.password_reset"
    assert password not in str(AuditEntry.objects.order_by("-id").first().details)  # type: ignore[union-attr]
    other = client_for(world["users"]["agency_admin"])
    other.post(reverse("staff:reset_two_factor", args=[target.pk]))
    target.refresh_from_db()
    assert not target.has_two_factor
    assert actions()[-1] == "staff.2fa_reset"


def test_agency_admin_manages_only_own_agency_staff(client_for: Any, world: dict[str, Any]) -> None:
    admin = client_for(world["users"]["agency_admin"])
    own = world["users"]["soudanin"]
    outsider = world["users"]["coordinator"]
    other_town = world["users"]["other_city"]
    assert admin.get(reverse("staff:detail", args=[own.pk])).status_code == 200
    assert admin.get(reverse("staff:detail", args=[outsider.pk])).status_code == 404
    assert admin.get(reverse("staff:detail", args=[other_town.pk])).status_code == 404
    assert admin.post(reverse("staff:unlock", args=[outsider.pk])).status_code == 404
    listing = admin.get(reverse("staff:list")).content.decode()
    assert own.full_name in listing and outsider.full_name not in listing


def test_staff_pages_refuse_people_without_the_permission(client_for: Any, world: dict[str, Any]) -> None:
    assert client_for(world["users"]["soudanin"]).get(reverse("staff:list")).status_code == 403
    assert client_for(world["users"]["viewer"]).get(reverse("staff:roles")).status_code == 403
    anon = client_for(None).get(reverse("staff:list"))
    assert anon.status_code == 302 and anon.url.startswith(reverse("accounts:login"))


def test_city_admin_creates_staff_with_membership(client_for: Any, world: dict[str, Any]) -> None:
    admin = client_for(world["users"]["city"])
    agency = world["agencies"]["houkatsu_south"]
    data = {
        "username": "new_staff",
        "full_name": "髙橋 花子",
        "full_name_kana": "たかはし はなこ",
        "email": "",
        "agency": agency.pk,
        "role": Role.objects.get(code="soudanin").pk,
    }
    response = admin.post(reverse("staff:new"), data)
    assert response.status_code == 200 and "髙橋 花子 さんを登録しました" in response.content.decode()
    user = User.objects.get(username="new_staff")
    assert user.must_set_password and user.check_password(response.context["password"])
    assert user.full_name == "髙橋 花子"
    assert user.memberships.get().agency == agency
    assert actions()[-2:] == ["staff.created", "staff.membership_added"]


def test_bad_staff_input_writes_nothing(client_for: Any, world: dict[str, Any]) -> None:
    admin = client_for(world["users"]["city"])
    before_users, before_audit = User.objects.count(), AuditEntry.objects.count()
    response = admin.post(
        reverse("staff:new"),
        {
            "username": "soudanin",  # taken
            "full_name": "",
            "full_name_kana": "Takahashi",
            "agency": world["agencies"]["other"].pk,  # another municipality
            "role": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    for message in [
        "このユーザー名はすでに使われています。",
        "ふりがなはひらがな",
        "このフィールドは必須です。",
        "入力内容を確認してください",
    ]:
        assert message in body
    assert User.objects.count() == before_users and AuditEntry.objects.count() == before_audit


def test_role_two_factor_requirement_change_is_audited(client_for: Any, world: dict[str, Any]) -> None:
    admin = client_for(world["users"]["city"])
    role = Role.objects.get(code="viewer")
    admin.post(reverse("staff:roles"), {"role": role.pk, "requires_2fa": "on"})
    role.refresh_from_db()
    assert role.requires_2fa
    entry = AuditEntry.objects.filter(action="role.updated").get()
    assert entry.details == {"requires_2fa": [False, True]}


def test_membership_add_and_remove_are_audited(client_for: Any, world: dict[str, Any]) -> None:
    admin = client_for(world["users"]["city"])
    target = world["users"]["viewer"]
    role = Role.objects.get(code="soudanin")
    admin.post(
        reverse("staff:add_membership", args=[target.pk]),
        {"agency": world["agencies"]["division"].pk, "role": role.pk},
    )
    membership = target.memberships.get(role=role)
    admin.post(reverse("staff:remove_membership", args=[membership.pk]))
    membership.refresh_from_db()
    assert not membership.is_active
    assert actions()[-2:] == ["staff.membership_added", "staff.membership_removed"]


@pytest.mark.parametrize(
    ("url_name", "role", "expected"),
    # home: 9 with the work queue counted in one aggregate per kind of record (相談記録, つなぎ, ケース; six
    # counts before, issue 20) and the two that find the agency does no outreach and runs no 参加支援.
    [("home:home", "soudanin", 9), ("staff:list", "city", 6), ("accounts:profile", "soudanin", 6)],
)
def test_page_query_counts_are_pinned(
    client_for: Any,
    world: dict[str, Any],
    make_user: Any,
    django_assert_num_queries: Any,
    url_name: str,
    role: str,
    expected: int,
) -> None:
    client = client_for(world["users"][role])
    client.get(reverse(url_name))
    with django_assert_num_queries(expected):
        client.get(reverse(url_name))
    for i in range(10):
        make_user(f"extra{i}", world["agencies"]["houkatsu_north"], "soudanin")
    with django_assert_num_queries(expected):
        client.get(reverse(url_name))


def test_agency_admin_cannot_grant_roles_beyond_one_agency(client_for: Any, world: dict[str, Any]) -> None:
    admin = client_for(world["users"]["agency_admin"])
    target = world["users"]["soudanin"]
    own_agency = world["agencies"]["houkatsu_north"]
    page = admin.get(reverse("staff:detail", args=[target.pk])).content.decode()
    assert "相談員" in page and "市の事業担当</option>" not in page and "多機関協働担当</option>" not in page
    for code in ["city_program", "coordinator", "prefecture"]:
        before = target.memberships.count()
        admin.post(
            reverse("staff:add_membership", args=[target.pk]),
            {"agency": own_agency.pk, "role": Role.objects.get(code=code).pk},
        )
        assert target.memberships.count() == before, code
    response = admin.post(
        reverse("staff:add_membership", args=[target.pk]),
        {"agency": own_agency.pk, "role": Role.objects.get(code="viewer").pk},
    )
    assert response.status_code == 302 and target.memberships.filter(role__code="viewer").exists()


def test_city_admin_cannot_grant_the_prefecture_role(client_for: Any, world: dict[str, Any]) -> None:
    admin = client_for(world["users"]["city"])
    target = world["users"]["viewer"]
    admin.post(
        reverse("staff:add_membership", args=[target.pk]),
        {"agency": world["agencies"]["division"].pk, "role": Role.objects.get(code="prefecture").pk},
    )
    assert not target.memberships.filter(role__code="prefecture").exists()
    admin.post(
        reverse("staff:add_membership", args=[target.pk]),
        {"agency": world["agencies"]["division"].pk, "role": Role.objects.get(code="coordinator").pk},
    )
    assert target.memberships.filter(role__code="coordinator").exists()


def test_administrators_cannot_change_their_own_account_from_staff_pages(
    client_for: Any, world: dict[str, Any]
) -> None:
    me = world["users"]["agency_admin"]
    client = client_for(me)
    own_agency = world["agencies"]["houkatsu_north"]
    assert client.get(reverse("staff:detail", args=[me.pk])).status_code == 200
    response = client.post(
        reverse("staff:add_membership", args=[me.pk]),
        {"agency": own_agency.pk, "role": Role.objects.get(code="soudanin").pk},
    )
    assert response.status_code == 403
    assert client.post(reverse("staff:remove_membership", args=[me.memberships.get().pk])).status_code == 403
    assert client.post(reverse("staff:reset_two_factor", args=[me.pk])).status_code == 403
    assert me.memberships.count() == 1
