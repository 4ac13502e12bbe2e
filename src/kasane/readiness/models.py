"""The prefecture's municipalities as backup support sees them. Nothing here is personal case data.

``tenancy.Municipality`` is the municipality itself (code, name, population); ``MunicipalityProfile`` adds
what the prefecture tracks: its block and 振興局, area, and where it stands with the programme.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kasane.readiness.themes import Foundation, Function, ProgrammeStatus, ReadinessItem, Stage


class Block(models.Model):
    """A block of the prefecture (000: 道内4ブロック). Blocks partition the prefecture's municipalities."""

    prefecture = models.ForeignKey("tenancy.Prefecture", on_delete=models.CASCADE, related_name="blocks")
    name = models.CharField("ブロック名", max_length=20)
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "ブロック"
        verbose_name_plural = "ブロック"
        ordering = ["prefecture", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["prefecture", "name"], name="block_unique_name")]

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A region of the prefecture below the blocks: 北海道's 14 総合振興局・振興局, another prefecture's 地域振興局
    or 保健所圏域. Data, not code: each prefecture lists its own, with the word it uses for them."""

    prefecture = models.ForeignKey("tenancy.Prefecture", on_delete=models.CASCADE, related_name="regions")
    name = models.CharField("名称", max_length=30)
    sort_order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "地域（振興局など）"
        verbose_name_plural = "地域（振興局など）"
        ordering = ["prefecture", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["prefecture", "name"], name="region_unique_name")]

    def __str__(self) -> str:
        return self.name


class SupportSettings(models.Model):
    """The officer's settings for the prefecture's backup support (one row per prefecture)."""

    prefecture = models.OneToOneField(
        "tenancy.Prefecture", on_delete=models.CASCADE, related_name="support_settings"
    )
    region_label = models.CharField(
        "地域の呼び方", max_length=20, default="振興局", help_text="例：振興局、地域振興局、保健所圏域"
    )
    min_sample = models.PositiveSmallIntegerField(
        "集計を示す最少の回答数",
        default=5,
        help_text="回答数がこれより少ないアンケートの集計は、報告書では示さず、画面では注意を添えます。",
    )

    class Meta:
        verbose_name = "後方支援の設定"
        verbose_name_plural = "後方支援の設定"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_sample__gte=1, min_sample__lte=100), name="support_min_sample_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefecture}の後方支援の設定"


class MunicipalityProfile(models.Model):
    municipality = models.OneToOneField(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="profile", verbose_name="市町村"
    )
    block = models.ForeignKey(
        Block,
        on_delete=models.PROTECT,
        related_name="profiles",
        verbose_name="ブロック",
        null=True,
        blank=True,
    )
    bureau = models.CharField("振興局", max_length=30, blank=True, help_text="総合振興局・振興局など")
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="profiles",
        verbose_name="振興局など",
        null=True,
        blank=True,
    )
    name_kana = models.CharField("ふりがな", max_length=40, blank=True)
    area_km2 = models.DecimalField("面積（㎢）", max_digits=8, decimal_places=2, null=True, blank=True)
    figures_source = models.CharField(
        "人口・面積の出典", max_length=100, blank=True, help_text="例：住民基本台帳 2021年7月末"
    )
    status = models.CharField(
        "事業の実施状況", max_length=12, choices=ProgrammeStatus.choices, default=ProgrammeStatus.UNDECIDED
    )
    status_year = models.PositiveSmallIntegerField(
        "実施（予定）年度",
        null=True,
        blank=True,
        help_text="実施中・移行準備事業は開始年度、実施予定は予定年度（西暦の年度）",
    )
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = "市町村の状況"
        verbose_name_plural = "市町村の状況"
        ordering = ["municipality__code"]

    def __str__(self) -> str:
        return str(self.municipality)


class ReadinessSheet(models.Model):
    """自治体アセスメントシート (003 図表 3-9, 別添資料6): one dated version. A new version starts as a copy
    of the last, so the sheets can be laid side by side over time."""

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="readiness_sheets"
    )
    made_on = models.DateField("作成日")
    made_by_units = models.TextField(
        "作成に携わった課及び機関",
        blank=True,
        help_text="1行に1つ。複数の課・機関で作ることをおすすめします。",
    )
    population = models.PositiveIntegerField("人口", null=True, blank=True)
    area_count = models.PositiveSmallIntegerField("圏域数", null=True, blank=True)
    organisation = models.TextField("庁内組織", blank=True, help_text="関係する部・課の構成")
    lead_division = models.CharField("地域共生社会に資する取り組みを担う担当課", max_length=100, blank=True)
    agencies = models.TextField(
        "相談支援機関と委託先", blank=True, help_text="1行に1機関。「機関名／委託先」の形で書きます。"
    )
    shared_with_peers = models.BooleanField(
        "他の市町村にも公開する", default=False, help_text="公開すると、県内の市町村の担当者も閲覧できます。"
    )
    submitted_at = models.DateTimeField("都道府県への提出日時", null=True, blank=True)
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="記入した職員"
    )
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "自治体アセスメントシート"
        verbose_name_plural = "自治体アセスメントシート"
        ordering = ["municipality", "-made_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.municipality} {self.made_on}"

    def unit_list(self) -> list[str]:
        return [line.strip() for line in self.made_by_units.splitlines() if line.strip()]

    def agency_rows(self) -> list[tuple[str, str]]:
        rows = []
        for line in self.agencies.splitlines():
            if line.strip():
                name, _sep, contractor = line.replace("/", "／").partition("／")
                rows.append((name.strip(), contractor.strip()))
        return rows


class SheetFunctionRow(models.Model):
    """One function's 現状 and 課題."""

    sheet = models.ForeignKey(ReadinessSheet, on_delete=models.CASCADE, related_name="function_rows")
    function = models.CharField("機能", max_length=20, choices=Function.choices)
    current = models.TextField("現状", blank=True)
    issues = models.TextField("課題", blank=True)

    class Meta:
        verbose_name = "機能ごとの現状と課題"
        verbose_name_plural = "機能ごとの現状と課題"
        constraints = [
            models.UniqueConstraint(fields=["sheet", "function"], name="sheet_function_unique"),
        ]

    def __str__(self) -> str:
        return self.get_function_display()


class SheetFoundationRow(models.Model):
    """財政部との折衝 / 意義・理念の共有 / 庁内・多機関の協力体制: 現状, 強み, 課題."""

    sheet = models.ForeignKey(ReadinessSheet, on_delete=models.CASCADE, related_name="foundation_rows")
    foundation = models.CharField("項目", max_length=20, choices=Foundation.choices)
    current = models.TextField("現状（実施している取り組み）", blank=True)
    strengths = models.TextField("強み", blank=True)
    issues = models.TextField("課題", blank=True)

    class Meta:
        verbose_name = "体制の現状・強み・課題"
        verbose_name_plural = "体制の現状・強み・課題"
        constraints = [
            models.UniqueConstraint(fields=["sheet", "foundation"], name="sheet_foundation_unique"),
        ]

    def __str__(self) -> str:
        return self.get_foundation_display()


class ReadinessRating(models.Model):
    """Where one of 003's five items stands for a municipality, with the evidence, as of a date.

    Ratings are kept, not overwritten: the newest per item is the current state, older ones show movement."""

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="readiness_ratings"
    )
    item = models.CharField("項目", max_length=20, choices=ReadinessItem.choices)
    stage = models.PositiveSmallIntegerField("段階", choices=Stage.choices)
    evidence = models.TextField("根拠", help_text="そう判断した具体的な事実（会議の開催、勉強会の実施など）")
    tools_used = models.JSONField("活用した取り組み", default=list, blank=True)
    rated_on = models.DateField("評価日")
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="評価した職員"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "体制整備の段階"
        verbose_name_plural = "体制整備の段階"
        ordering = ["municipality", "item", "-rated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_item_display()}：{self.get_stage_display()}"


class PublishedCounts(models.Model):
    """Aggregate counts a municipality that runs its cases in kasane publishes to the prefecture.

    Counted from the records at the moment of publishing; numbers only, never a person."""

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="published_counts"
    )
    fiscal_year = models.PositiveSmallIntegerField("年度")
    consultations = models.PositiveIntegerField("相談受付件数")
    referrals = models.PositiveIntegerField("つなぎ件数")
    cases = models.PositiveIntegerField("多機関協働の受付件数")
    plans_decided = models.PositiveIntegerField("支援プランの決定件数")
    support_meetings = models.PositiveIntegerField("支援会議の開催回数")
    case_conferences = models.PositiveIntegerField("重層的支援会議の開催回数")
    published_at = models.DateTimeField("公表日時")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="公表した職員"
    )

    class Meta:
        verbose_name = "公表された集計値"
        verbose_name_plural = "公表された集計値"
        ordering = ["municipality", "-fiscal_year", "-published_at"]

    def __str__(self) -> str:
        return f"{self.municipality} {self.fiscal_year}年度"


class ImportBatch(models.Model):
    """One upload of the municipality list: pending while the officer reads its preview, then applied, and
    perhaps undone. It keeps what was previewed (so the confirm step applies exactly that) and, once applied,
    the state of every municipality before and after, so 元に戻す can restore it exactly."""

    class State(models.TextChoices):
        PENDING = "pending", "確認待ち"
        APPLIED = "applied", "反映済み"
        UNDONE = "undone", "元に戻し済み"

    prefecture = models.ForeignKey("tenancy.Prefecture", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField("ファイル名", max_length=200)
    state = models.CharField("状態", max_length=10, choices=State.choices, default=State.PENDING)
    preview = models.JSONField(
        "プレビュー", default=list, help_text="行ごとの変更内容（取り込み前の状態を含む）"
    )
    new_regions = models.JSONField("新しく加える地域", default=list, blank=True)
    changes = models.JSONField("反映した変更", default=list, blank=True)
    created_blocks = models.JSONField("作成したブロック", default=list, blank=True)
    created_regions = models.JSONField("作成した地域", default=list, blank=True)
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
        verbose_name = "市町村一覧の取り込み"
        verbose_name_plural = "市町村一覧の取り込み"
        ordering = ["prefecture", "-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_state_display()}）"
