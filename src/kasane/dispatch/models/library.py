"""The people and the examples the prefecture can offer a municipality: experts and 先進事例."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kasane.lib.records import AuditLabelled
from kasane.lib.text import search_key
from kasane.readiness.themes import POPULATION_BANDS, Theme, population_band_label


def theme_labels(codes: list[str]) -> list[str]:
    labels = dict(Theme.choices)
    return [labels[code] for code in codes if code in labels]


class Expert(AuditLabelled, models.Model):
    """Someone the prefecture can send: a researcher, a former officer, a practitioner, a facilitator."""

    audit_noun = "専門家"

    prefecture = models.ForeignKey("tenancy.Prefecture", on_delete=models.CASCADE, related_name="experts")
    name = models.CharField("氏名", max_length=40)
    name_kana = models.CharField("ふりがな", max_length=60, blank=True)
    affiliation = models.CharField("所属", max_length=100)
    title = models.CharField("役職・肩書", max_length=100, blank=True)
    themes = models.JSONField("得意なテーマ", default=list, blank=True)
    population_bands = models.JSONField(
        "支援経験のある人口規模", default=list, blank=True, help_text="POPULATION_BANDS の番号"
    )
    bio = models.TextField("経歴・実績", blank=True)
    contact = models.TextField("連絡先", blank=True, help_text="依頼の窓口（電話・メール・担当部署）")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="kasane のアカウント",
        help_text="後方支援の権限を持つアカウントがある場合に結び付けます。",
    )
    is_active = models.BooleanField("派遣を依頼できる", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "専門家"
        verbose_name_plural = "専門家"
        ordering = ["prefecture", "name_kana", "pk"]

    def __str__(self) -> str:
        return self.name

    def theme_labels(self) -> list[str]:
        return theme_labels(self.themes)

    def band_labels(self) -> list[str]:
        return [
            POPULATION_BANDS[b][1] for b in sorted(self.population_bands) if 0 <= b < len(POPULATION_BANDS)
        ]


class Practice(AuditLabelled, models.Model):
    """A 先進事例. The municipality may be outside the prefecture, so its name is kept as text; the link to a
    municipality of the prefecture is optional."""

    audit_noun = "先進事例"

    prefecture = models.ForeignKey("tenancy.Prefecture", on_delete=models.CASCADE, related_name="practices")
    title = models.CharField("事例名", max_length=150)
    municipality_name = models.CharField("市町村名", max_length=40)
    prefecture_name = models.CharField("都道府県名", max_length=10)
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practices",
        verbose_name="県内の市町村",
        help_text="県内の市町村の事例なら選びます。",
    )
    population = models.PositiveIntegerField("人口", null=True, blank=True)
    themes = models.JSONField("テーマ", default=list, blank=True)
    summary = models.TextField("概要")
    activities = models.TextField("取り組みの内容", blank=True)
    results = models.TextField("成果", blank=True)
    source = models.TextField("問い合わせ先・出典", blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True, help_text="西暦の年度（例：2021）")
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登録した職員"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "先進事例"
        verbose_name_plural = "先進事例"
        ordering = ["prefecture", "-year", "title", "pk"]

    def __str__(self) -> str:
        return f"{self.municipality_name}：{self.title}"

    def theme_labels(self) -> list[str]:
        return theme_labels(self.themes)

    @property
    def band_label(self) -> str:
        return population_band_label(self.population)

    def refresh_search_text(self) -> None:
        """The folded text the library's free-text search matches (kasane.lib.text.search_key)."""
        self.search_text = search_key(
            " ".join(
                [
                    self.title,
                    self.municipality_name,
                    self.prefecture_name,
                    self.summary,
                    self.activities,
                    self.results,
                    *self.theme_labels(),
                ]
            )
        )
