"""Information governance records: the municipality's retention policy and the 開示 requests it received."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from kasane.lib.records import AuditLabelled

DEFAULT_RETENTION_YEARS = 5
# 個人情報保護法 §83: a decision on a 開示請求 within 30 days of receiving it (extendable by 30 more).
DECISION_DAYS = 30


class RetentionPolicy(models.Model):
    """How long a household's records are kept after its last activity. Absent row: the default."""

    municipality = models.OneToOneField(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="retention_policy"
    )
    years = models.PositiveSmallIntegerField(
        "保存期間（年）",
        default=DEFAULT_RETENTION_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="最後の記録の翌年度の4月1日から数えます。1〜30年。",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "保存期間"
        verbose_name_plural = "保存期間"

    def __str__(self) -> str:
        return f"保存期間 {self.years}年"


class RequesterRelation(models.TextChoices):
    SELF = "self", "本人"
    LEGAL = "legal", "法定代理人"
    DELEGATE = "delegate", "任意代理人（本人の委任）"


class DisclosureRequest(AuditLabelled, models.Model):
    """A person's request to see what kasane holds about them (個人情報保護法 §76 開示請求)."""

    audit_noun = "開示請求"

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("受付番号", max_length=30)
    received_on = models.DateField("受付日")
    requester_name = models.CharField("請求者氏名", max_length=60)
    requester_relation = models.CharField(
        "本人との関係", max_length=10, choices=RequesterRelation.choices, default=RequesterRelation.SELF
    )
    # Empty until staff find the person inside this request (the one cross-agency search is made in a
    # registered request's name, never before one exists).
    person = models.ForeignKey(
        "casework.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="本人",
        null=True,
        blank=True,
    )
    notes = models.TextField("備考", blank=True)
    # How many times the person was searched for inside this request: the search reaches every agency's
    # records, so one request allows only a few (services.MAX_SEARCHES).
    searches = models.PositiveSmallIntegerField("本人検索の回数", default=0)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    registered_by_name = models.CharField("受付者", max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)
    produced_at = models.DateTimeField("最後に作成した日時", null=True, blank=True)
    produced_by_name = models.CharField("作成者", max_length=60, blank=True)
    productions = models.PositiveSmallIntegerField("作成回数", default=0)

    class Meta:
        verbose_name = "開示請求"
        verbose_name_plural = "開示請求"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="disclosure_number_unique")
        ]

    def __str__(self) -> str:
        return f"開示請求 {self.number}"

    @property
    def decide_by(self) -> dt.date:
        return self.received_on + dt.timedelta(days=DECISION_DAYS)
