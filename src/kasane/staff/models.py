"""What 職員管理 keeps of its own: the imports of agencies and staff from a file, so that one can be
previewed before it is applied and undone as a whole afterwards."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StaffImport(models.Model):
    """One upload of the agency and staff lists: pending while the administrator reads its preview, then
    applied, and perhaps undone. It keeps the previewed rows (so the confirm step applies exactly those) and,
    once applied, what it created and each changed agency before and after, so 元に戻す can restore it."""

    class State(models.TextChoices):
        PENDING = "pending", "確認待ち"
        APPLIED = "applied", "反映済み"
        UNDONE = "undone", "元に戻し済み"

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField("ファイル名", max_length=200)
    state = models.CharField("状態", max_length=10, choices=State.choices, default=State.PENDING)
    rows = models.JSONField("プレビュー", default=list, help_text="行ごとの取り込み内容と判定")
    counts = models.JSONField("件数", default=dict, blank=True)
    created_agencies = models.JSONField("作成した機関", default=list, blank=True)
    changed_agencies = models.JSONField("更新した機関（前後の状態）", default=list, blank=True)
    created_users = models.JSONField("作成した職員", default=list, blank=True)
    created_memberships = models.JSONField("追加した所属", default=list, blank=True)
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
        verbose_name = "機関・職員の取り込み"
        verbose_name_plural = "機関・職員の取り込み"
        ordering = ["municipality", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_state_display()}）"
