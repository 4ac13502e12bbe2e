"""An import of a municipality's existing records (its Excel ケース一覧, a kintone export): the uploaded file while
staff map its columns and read the check, then what it created, so that it can be undone as a whole."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RecordImport(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "確認中"
        APPLIED = "applied", "反映済み"
        UNDONE = "undone", "元に戻し済み"

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="+")
    owner_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="記録する機関"
    )
    filename = models.CharField("ファイル名", max_length=200)
    state = models.CharField("状態", max_length=10, choices=State.choices, default=State.PENDING)
    # The file's rows while the import is pending; emptied once it is applied or dropped, so personal data is
    # kept only in the records themselves.
    table = models.JSONField("ファイルの内容（確認中のみ）", default=list, blank=True)
    headings = models.JSONField("見出し", default=list, blank=True)
    mapping = models.JSONField("列の対応", default=dict, blank=True)
    counts = models.JSONField("件数", default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="取り込んだ職員"
    )
    uploaded_at = models.DateTimeField("アップロード日時")
    applied_at = models.DateTimeField("反映日時", null=True, blank=True)
    undone_at = models.DateTimeField("元に戻した日時", null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="元に戻した職員",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = "記録の取り込み"
        verbose_name_plural = "記録の取り込み"
        ordering = ["municipality", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_state_display()}）"


class ImportedRecord(models.Model):
    """Which import created a record: one row per household, person and 相談受付 it made."""

    class Kind(models.TextChoices):
        HOUSEHOLD = "household", "世帯"
        PERSON = "person", "本人・世帯員"
        CONSULTATION = "consultation", "相談受付"

    batch = models.ForeignKey(RecordImport, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    record_id = models.BigIntegerField()
    line = models.PositiveIntegerField("行")

    class Meta:
        verbose_name = "取り込んだ記録"
        verbose_name_plural = "取り込んだ記録"
        indexes = [models.Index(fields=["kind", "record_id"], name="imported_record_lookup")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.record_id}（{self.line}行目）"
