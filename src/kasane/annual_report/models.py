"""What the officer writes into the report: the 総括・考察 of a 年度. Everything else is assembled from records."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Review(models.Model):
    """総括・考察: the officer's own words on the year, printed in the report marked （担当者記載）."""

    prefecture = models.ForeignKey("tenancy.Prefecture", on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    text = models.TextField(
        "総括・考察",
        blank=True,
        help_text="1年間の成果と課題、次年度に向けた考察を書きます。空行で段落を分けます。",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="記載した職員"
    )
    updated_at = models.DateTimeField("更新日時")

    class Meta:
        verbose_name = "総括・考察"
        verbose_name_plural = "総括・考察"
        constraints = [
            models.UniqueConstraint(fields=["prefecture", "fiscal_year"], name="report_review_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.prefecture} {self.fiscal_year}年度の総括・考察"

    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.replace("\r\n", "\n").split("\n\n") if part.strip()]
