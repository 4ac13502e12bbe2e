from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from kasane.accounts import permissions


class User(AbstractUser):
    """A member of staff. Personal names are as typed; no furigana is derived by a program."""

    # first_name/last_name are replaced by one full name as Japanese staff write it.
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    full_name = models.CharField("氏名", max_length=60)
    full_name_kana = models.CharField("ふりがな", max_length=60, blank=True)
    failed_login_count = models.PositiveSmallIntegerField("連続ログイン失敗回数", default=0)
    locked_until = models.DateTimeField("ロック解除予定", null=True, blank=True)
    totp_secret = models.CharField("二要素認証の秘密鍵", max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField("二要素認証の設定日時", null=True, blank=True)
    totp_last_step = models.BigIntegerField("最後に使われた確認コードの時刻枠", null=True, blank=True)
    # After an administrator issues a temporary password (a new account, a forgotten password) the user must
    # set their own before anything else, so the administrator never knows a password that stays in use.
    must_set_password = models.BooleanField("本人によるパスワード設定が必要", default=False)
    temporary_password_expires_at = models.DateTimeField("仮パスワードの有効期限", null=True, blank=True)
    # Who issued the outstanding temporary password, and who cleared 2FA that has not been set up again: one
    # administrator may not do both to one person, or they could log in as that person (the four-eyes rule).
    password_issued_by = models.ForeignKey(
        "self",
        verbose_name="仮パスワードの発行者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    two_factor_reset_by = models.ForeignKey(
        "self",
        verbose_name="二要素認証を解除した管理者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = UserManager()  # type: ignore[misc]

    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "職員"
        verbose_name_plural = "職員"
        ordering = ["full_name_kana", "username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    @property
    def has_two_factor(self) -> bool:
        return bool(self.totp_secret and self.totp_confirmed_at)

    def lock_ends(self, now: dt.datetime | None = None) -> dt.datetime | None:
        """When the latest lock on this account ends, or None: the account's own lock (wrong codes after a
        right password) or a login throttle on its name (wrong passwords, from one address or from many).
        A list annotates ``throttle_locked_until`` to spare a query per row."""
        now = now or timezone.now()
        throttled = getattr(self, "throttle_locked_until", "unset")
        if throttled == "unset":
            throttled = (
                LoginThrottle.objects.filter(username=self.username, locked_until__gt=now)
                .order_by("-locked_until")
                .values_list("locked_until", flat=True)
                .first()
            )
        ends = [t for t in (self.locked_until, throttled) if isinstance(t, dt.datetime) and t > now]
        return max(ends) if ends else None

    def is_locked(self, now: dt.datetime | None = None) -> bool:
        return self.lock_ends(now) is not None

    def requires_two_factor(self) -> bool:

        memberships = permissions.memberships_of(self)
        if any(m.role.requires_2fa for m in memberships):
            return True
        # Whoever may see personal data, or may grant or reset others' access to it, must use 2FA.
        return bool(
            settings.KASANE_REQUIRE_2FA_FOR_PERSONAL_DATA
            and (permissions.can_see_personal_data(self) or permissions.can_grant_access(self))
        )

    def temporary_password_expired(self, now: dt.datetime | None = None) -> bool:
        expires = self.temporary_password_expires_at
        return self.must_set_password and expires is not None and expires <= (now or timezone.now())


def _validate_permission_codes(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError("権限はコードの一覧で指定してください。")
    unknown = [code for code in value if code not in permissions.BY_CODE]
    if unknown:
        raise ValidationError(f"存在しない権限です：{', '.join(unknown)}")


class Role(models.Model):
    """A role is data: its name and the permission codes it grants (see kasane.accounts.permissions)."""

    code = models.SlugField("コード", max_length=40, unique=True)
    name = models.CharField("役割名", max_length=40, unique=True)
    description = models.TextField("説明", blank=True)
    permissions = models.JSONField("権限", default=list, validators=[_validate_permission_codes])
    requires_2fa = models.BooleanField("二要素認証を必須にする", default=False)
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "役割"
        verbose_name_plural = "役割"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def permission_labels(self) -> list[str]:
        return [permissions.BY_CODE[code].label for code in self.permissions if code in permissions.BY_CODE]


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="memberships")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships")
    is_active = models.BooleanField("有効", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "所属"
        verbose_name_plural = "所属"
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} / {self.role}"


class LoginThrottle(models.Model):
    """Failed password attempts counted in a fixed window, for one of three keys:

    - a name from one address (``username`` and ``address``): the lock a forgetful user meets;
    - an address whatever the name (``username`` empty): one machine guessing across many names;
    - a name from every address (``address`` is ``ANY_ADDRESS``): many machines guessing one name.

    Names are counted whether or not an account has them, so the answers do not tell which names exist, and
    a stranger at one address cannot lock a member of staff out of their own terminal."""

    ANY_ADDRESS = "*"

    username = models.CharField("ユーザー名", max_length=150, blank=True)
    address = models.CharField("接続元", max_length=45, blank=True)
    failures = models.PositiveIntegerField("失敗回数", default=0)
    window_started_at = models.DateTimeField("数え始め")
    locked_until = models.DateTimeField("ロック解除予定", null=True, blank=True)

    class Meta:
        verbose_name = "ログイン試行の制限"
        verbose_name_plural = "ログイン試行の制限"
        constraints = [
            models.UniqueConstraint(fields=["username", "address"], name="login_throttle_unique"),
        ]
        indexes = [models.Index(fields=["username", "locked_until"], name="login_throttle_locks")]

    def __str__(self) -> str:
        return f"{self.username or '（全員）'} / {self.address or '（不明）'}"


# Registered with the accounts app: a system's key is a credential like a password (kasane.accounts.apikeys).
from kasane.accounts.apikeys.models import ApiKey  # noqa: E402, F401
