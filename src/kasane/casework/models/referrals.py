"""つなぎ (referral), closed loop: the sender always learns what became of it.

What is shared is a snapshot of the chosen fields taken when the referral is sent, nothing more. When the
basis is a consent, withdrawing the consent hides the snapshot from the receiver at once.
States map onto FHIR Task.status (``FHIR_STATUS``) for later interoperability.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kasane.audit.models import Basis
from kasane.lib.records import AuditLabelled


class Status(models.TextChoices):
    REQUESTED = "requested", "依頼中"
    ACCEPTED = "accepted", "受理"
    DECLINED = "declined", "辞退"
    IN_PROGRESS = "in_progress", "対応中"
    COMPLETED = "completed", "完了"
    CANCELLED = "cancelled", "取消"


FHIR_STATUS = {
    Status.REQUESTED: "requested",
    Status.ACCEPTED: "accepted",
    Status.DECLINED: "rejected",
    Status.IN_PROGRESS: "in-progress",
    Status.COMPLETED: "completed",
    Status.CANCELLED: "cancelled",
}
OPEN_STATUSES = (Status.REQUESTED, Status.ACCEPTED, Status.IN_PROGRESS)
# Once the receiver took the person on, it may see who they are.
RECEIVED_STATUSES = (Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED)


class SharedField(models.TextChoices):
    NAME = "name", "氏名・ふりがな"
    SEX = "sex", "性別"
    BIRTH_DATE = "birth_date", "生年月日・年齢"
    ADDRESS = "address", "住所"
    PHONE = "phone", "電話"
    HOUSEHOLD = "household", "世帯構成"
    COMPLAINT = "complaint", "相談内容（主訴・本人の希望）"
    TOPICS = "topics", "相談内容の分類・世帯の状況"


class ReferralBasis(models.TextChoices):
    CONSENT = Basis.CONSENT.value, "本人同意"
    LAW_OTHER = Basis.LAW_OTHER.value, "その他の法令（虐待防止法等）"
    OTHER = Basis.OTHER.value, "その他（生命・身体の保護のため緊急に必要 等）"


class Referral(AuditLabelled, models.Model):
    audit_noun = "つなぎ"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="referrals")
    household = models.ForeignKey("casework.Household", on_delete=models.PROTECT, related_name="+")
    consultation = models.ForeignKey(
        "casework.Consultation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    from_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="つなぐ元"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_user_name = models.CharField("担当者", max_length=60)
    to_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="つなぎ先"
    )
    to_collaboration = models.BooleanField("多機関協働へのつなぎ", default=False)
    shared_fields = models.JSONField("共有する項目", default=list)
    shared_data = models.JSONField("共有した内容", default=dict, editable=False)
    shared_note = models.TextField("共有する補足", blank=True)
    basis = models.CharField(
        "共有の根拠", max_length=20, choices=ReferralBasis.choices, default=ReferralBasis.CONSENT
    )
    consent = models.ForeignKey(
        "casework.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    basis_note = models.CharField("根拠の説明", max_length=200, blank=True)
    message = models.TextField("依頼内容")
    reply_by = models.DateField("回答希望日", null=True, blank=True)
    status = models.CharField("状態", max_length=12, choices=Status.choices, default=Status.REQUESTED)
    resent_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="resent_as"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "つなぎ"
        verbose_name_plural = "つなぎ"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["to_agency", "status"], name="referral_inbox"),
            models.Index(fields=["from_agency", "status"], name="referral_outbox"),
        ]

    def __str__(self) -> str:
        return f"つなぎ #{self.pk}"

    @property
    def fhir_status(self) -> str:
        return FHIR_STATUS[Status(self.status)]

    @property
    def basis_valid(self) -> bool:
        """A consent-based referral stands only while its consent does."""
        if self.basis == ReferralBasis.CONSENT:
            return self.consent is not None and self.consent.is_active
        return True

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReferralEvent(AuditLabelled, models.Model):
    audit_noun = "つなぎの経過"
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField("状態", max_length=12, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=60)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    note = models.TextField("理由・メモ", blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()}（{self.at:%Y/%m/%d}）"
