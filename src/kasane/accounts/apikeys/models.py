"""The record of one system's key. The secret itself is never stored: only its SHA-256 digest, and a short
prefix in clear that names the key in lists and in the trail."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from kasane.accounts import permissions
from kasane.lib.dates import localtime

# The permission codes the JSON API checks, so the only ones a key can usefully carry. Codes that hand out
# access to others (staff.manage_*) are never among them: a key acts, it does not grant.
API_SCOPES: tuple[str, ...] = (
    "directory.view",
    "case.view",
    "case.edit",
    "collaboration.coordinate",
    "resource.edit",
)
# Shown to a system's operator before the key's secret: kasane_<prefix>_<secret>.
KEY_PREFIX = "kasane_"


def _validate_scopes(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError("権限はコードの一覧で指定してください。")
    unknown = [code for code in value if code not in API_SCOPES]
    if unknown:
        raise ValidationError(f"APIキーに付けられない権限です：{', '.join(unknown)}")


class ApiKey(models.Model):
    """A system's key. It acts through its own account (``user``: no password, never on the login page,
    named 「[システム] …」 in the trail) for ``agency`` with exactly ``scopes``; see ``apikeys.auth``."""

    name = models.CharField("システム名", max_length=50)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="所属機関", on_delete=models.PROTECT, related_name="api_keys"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="システム用アカウント",
        on_delete=models.PROTECT,
        related_name="api_key",
    )
    scopes = models.JSONField("権限", default=list, validators=[_validate_scopes])
    prefix = models.CharField("識別子", max_length=16, unique=True)
    secret_hash = models.CharField("秘密鍵のハッシュ値", max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="発行者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("発行日時", default=timezone.now)
    expires_at = models.DateTimeField("有効期限", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="失効させた管理者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField("失効日時", null=True, blank=True)
    last_used_at = models.DateTimeField("最終利用日時", null=True, blank=True)

    class Meta:
        verbose_name = "APIキー"
        verbose_name_plural = "APIキー"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.label}）"

    @property
    def label(self) -> str:
        """How lists and the trail name the key: its prefix, never its secret."""
        return f"{KEY_PREFIX}{self.prefix}"

    @property
    def last_valid_day(self) -> dt.date | None:
        """The last day (Tokyo) the key works: an expiry at midnight ends the day before."""
        if self.expires_at is None:
            return None
        return localtime(self.expires_at - dt.timedelta(microseconds=1)).date()

    def is_expired(self, now: dt.datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    def is_usable(self, now: dt.datetime) -> bool:
        # A key acts for its agency: once the agency is no longer active, neither is the key.
        return (
            self.revoked_at is None
            and not self.is_expired(now)
            and self.user.is_active
            and self.agency.is_active
        )

    def status_label(self, now: dt.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return "失効"
        return "期限切れ" if self.is_expired(now) else "有効"

    def scope_labels(self) -> list[str]:
        return [permissions.BY_CODE[code].label for code in self.scopes if code in permissions.BY_CODE]
