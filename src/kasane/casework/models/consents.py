"""同意 (consent): per person, scoped, dated, and withdrawable at once.

A consent is given to the agency that obtained it, for sharing with the agencies it names, for applying to
多機関協働 (which lets the 多機関協働事業者 in), and for discussion at 重層的支援会議. Withdrawal ends every access
that relied on it; nothing already recorded is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kasane.lib.records import AuditLabelled


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", "書面"
    ORAL = "oral", "口頭"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active(self) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Consent(AuditLabelled, models.Model):
    audit_noun = "同意"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="consents")
    owner_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="同意を得た機関"
    )
    covers_collaboration = models.BooleanField("多機関協働事業の利用を申し込む", default=False)
    covers_meeting = models.BooleanField("重層的支援会議で支援内容を検討する", default=False)
    shared_agencies = models.ManyToManyField(
        "agencies.Agency",
        blank=True,
        related_name="+",
        verbose_name="情報を共有する機関",
    )
    purpose = models.CharField("共有の目的", max_length=200, blank=True)
    obtained_on = models.DateField("同意日")
    method = models.CharField(
        "同意の方法", max_length=10, choices=ConsentMethod.choices, default=ConsentMethod.WRITTEN
    )
    obtained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    obtained_by_name = models.CharField("同意を得た職員", max_length=60)
    document = models.FileField("同意書（スキャン）", upload_to="consents/%Y/", blank=True)
    notes = models.TextField("備考", blank=True)
    withdrawn_at = models.DateTimeField("撤回日時", null=True, blank=True)
    withdrawn_on = models.DateField("撤回日", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_by_name = models.CharField("撤回を受けた職員", max_length=60, blank=True)
    withdrawal_note = models.TextField("撤回の経緯", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = "同意"
        verbose_name_plural = "同意"
        ordering = ["-obtained_on", "-pk"]

    def __str__(self) -> str:
        return f"同意 #{self.pk}（{self.obtained_on:%Y/%m/%d}）"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    def scope_labels(self) -> list[str]:
        labels = []
        if self.covers_collaboration:
            labels.append("多機関協働の利用申込み")
        if self.covers_meeting:
            labels.append("重層的支援会議での検討")
        names = [a.name for a in self.shared_agencies.all()]
        if names:
            labels.append("情報共有：" + "、".join(names))
        return labels
