"""社会資源: the municipality's register of organisations and the activities and places they offer.

Modelled on Open Referral HSDS v3 (``hsds.py`` writes it, ``hsds_import.py`` reads it back): an
``Organization`` offers ``Service`` rows (the activity or place: a サロン, a farm's 就労体験, a 子ども食堂's
kitchen) held at a ``Location`` (HSDS's service_at_location, one place per activity here), on a ``Schedule``
(weekly, or the nth weekday of a month).
Contact, cost, capacity, eligibility and accessibility are fields of the service and location; the fields
participation needs (what a person can do there, physical load, whether someone who cannot yet talk to
strangers will be comfortable, transport, whether the host has taken someone before) are kasane's own and
travel in the export as HSDS attributes.

The register holds no personal data: every staff member of the municipality may read it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from kasane.lib.records import AuditLabelled
from kasane.lib.text import kana_reading, name_key


class Category(models.TextChoices):
    IBASHO = "ibasho", "居場所"
    SALON = "salon", "サロン"
    KAYOI = "kayoi", "通いの場"
    KODOMO_SHOKUDO = "kodomo_shokudo", "子ども食堂"
    DEMENTIA_CAFE = "dementia_cafe", "認知症カフェ"
    WORK_EXPERIENCE = "work_experience", "就労体験"
    VOLUNTEER = "volunteer", "ボランティア"
    LEARNING = "learning", "学習支援・学びの場"
    BUSINESS = "business", "企業・商店"
    FARM = "farm", "農家・農作業"
    SPORTS = "sports", "運動・趣味"
    OTHER = "other", "その他"


class Funding(models.TextChoices):
    """The funding source tag of 004's table of existing grants (事業の財源), each with the grant 地域づくり
    counts it under (一般介護予防事業, 地域活動支援センター, 地域子育て支援拠点, 生活困窮者支援等のための地域づくり事業)."""

    CARE = "care", "介護（一般介護予防事業）"
    DISABILITY = "disability", "障害（地域活動支援センター事業）"
    CHILD = "child", "子ども（地域子育て支援拠点事業）"
    POVERTY = "poverty", "困窮（生活困窮者支援等のための地域づくり事業）"
    OWN = "own", "独自（市町村の単独事業）"
    NONE = "none", "補助なし（自主運営）"


class Status(models.TextChoices):
    """HSDS service.status, in the words staff use."""

    ACTIVE = "active", "実施中"
    PAUSED = "temporarily closed", "休止中"
    ENDED = "inactive", "終了"


class Load(models.TextChoices):
    LIGHT = "light", "軽い（座ってできる）"
    MEDIUM = "medium", "ふつう（立ち作業あり）"
    HEAVY = "heavy", "重い（力仕事・屋外作業）"


LOAD_ORDER = [Load.LIGHT, Load.MEDIUM, Load.HEAVY]


class OrganizationKind(models.TextChoices):
    WELFARE = "welfare", "社会福祉法人・福祉事業所"
    NPO = "npo", "NPO・市民団体"
    RESIDENTS = "residents", "自治会・地域の団体"
    BUSINESS = "business", "企業・商店"
    FARM = "farm", "農家・農業法人"
    PUBLIC = "public", "行政・公共施設"
    EDUCATION = "education", "学校・教育機関"
    MEDICAL = "medical", "医療機関"
    INDIVIDUAL = "individual", "個人"
    OTHER = "other", "その他"


class Organization(AuditLabelled, models.Model):
    audit_noun = "社会資源（団体）"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    hsds_id = models.UUIDField("HSDS ID", default=uuid.uuid4, editable=False)
    name = models.CharField("団体名", max_length=100)
    name_kana = models.CharField("団体名（ふりがな）", max_length=100, blank=True)
    kind = models.CharField(
        "種類", max_length=12, choices=OrganizationKind.choices, default=OrganizationKind.OTHER
    )
    description = models.TextField("団体の紹介", blank=True)
    phone = models.CharField("電話番号", max_length=30, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    website = models.URLField("ホームページ", blank=True)
    key = models.CharField(max_length=250, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "社会資源（団体）"
        verbose_name_plural = "社会資源（団体）"
        ordering = ["name_kana", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "hsds_id"], name="resource_org_hsds_id"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # ふりがな written one way (hiragana, full width), so the register sorts by it.
        self.name_kana = kana_reading(self.name_kana)
        self.key = name_key(f"{self.name} {self.name_kana}")[:250]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Location(AuditLabelled, models.Model):
    audit_noun = "社会資源（場所）"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="locations"
    )
    hsds_id = models.UUIDField("HSDS ID", default=uuid.uuid4, editable=False)
    name = models.CharField("場所の名前", max_length=100)
    address = models.CharField("住所", max_length=200, blank=True)
    postal_code = models.CharField("郵便番号", max_length=10, blank=True)
    area = models.ForeignKey(
        "tenancy.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="圏域",
    )
    latitude = models.DecimalField("緯度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("経度", max_digits=9, decimal_places=6, null=True, blank=True)
    transportation = models.TextField(
        "交通・アクセス", blank=True, help_text="例：市民バス「中町」下車徒歩3分、駐車場5台"
    )
    accessibility = models.TextField("バリアフリー", blank=True, help_text="例：段差なし、車いす用トイレあり")

    class Meta:
        verbose_name = "社会資源（場所）"
        verbose_name_plural = "社会資源（場所）"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "hsds_id"], name="resource_location_hsds_id"),
        ]

    def __str__(self) -> str:
        return self.name


class Service(AuditLabelled, models.Model):
    """One activity or place a person can go to: HSDS's service, with participation's own fields."""

    audit_noun = "社会資源"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services", verbose_name="運営団体"
    )
    location = models.ForeignKey(
        Location,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
        verbose_name="場所",
    )
    hsds_id = models.UUIDField("HSDS ID", default=uuid.uuid4, editable=False)
    name = models.CharField("名称", max_length=100)
    name_kana = models.CharField("名称（ふりがな）", max_length=100, blank=True)
    description = models.TextField("内容", blank=True)
    categories = models.JSONField(
        "種類", default=list, help_text="居場所・就労体験など、当てはまるものすべて"
    )
    funding = models.CharField("財源", max_length=12, choices=Funding.choices, default=Funding.NONE)
    status = models.CharField("状況", max_length=20, choices=Status.choices, default=Status.ACTIVE)
    # What participation needs to know.
    activities = models.TextField(
        "参加する人ができること", blank=True, help_text="例：野菜の袋詰め、配膳、受付"
    )
    physical_load = models.CharField("体への負担", max_length=8, choices=Load.choices, default=Load.LIGHT)
    suits_shy = models.BooleanField(
        "人と話すのが苦手でも参加しやすい",
        default=False,
        help_text="一人でできる作業がある、少人数、声かけを控えてもらえる など",
    )
    transport_provided = models.BooleanField("送迎あり", default=False)
    hosts_participants = models.BooleanField("参加支援の受け入れ先になれる", default=False)
    hosted_before = models.BooleanField("受け入れ経験あり", default=False)
    eligibility = models.TextField(
        "対象・条件", blank=True, help_text="例：どなたでも、65歳以上、小中学生とその保護者"
    )
    minimum_age = models.PositiveSmallIntegerField("対象年齢（下限）", null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField("対象年齢（上限）", null=True, blank=True)
    cost = models.CharField("費用", max_length=100, blank=True, help_text="例：無料、1回100円（お茶代）")
    capacity = models.PositiveSmallIntegerField("受け入れ可能な人数", null=True, blank=True)
    application = models.TextField("申込方法", blank=True)
    contact_name = models.CharField("担当者", max_length=60, blank=True)
    contact_phone = models.CharField("担当者の電話番号", max_length=30, blank=True)
    contact_email = models.EmailField("担当者のメールアドレス", blank=True)
    key = models.CharField(max_length=250, editable=False, db_index=True)
    # " farm work_experience ": the categories as words, so a category filter is one LIKE on both engines.
    category_codes = models.CharField(max_length=250, editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "社会資源"
        verbose_name_plural = "社会資源"
        ordering = ["name_kana", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "hsds_id"], name="resource_service_hsds_id"),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="resource_service_status")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_kana = kana_reading(self.name_kana)
        self.key = name_key(f"{self.name} {self.name_kana}")[:250]
        self.category_codes = f" {' '.join(c for c in self.categories if c in Category.values)} "
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", args=[self.pk])

    @property
    def category_labels(self) -> list[str]:
        return [Category(c).label for c in self.categories if c in Category.values]


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", "毎週"
    MONTHLY = "MONTHLY", "毎月"


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_LABELS = dict(zip(WEEKDAYS, "月火水木金土日", strict=True))


class Schedule(AuditLabelled, models.Model):
    """When the activity runs, as HSDS's schedule (an iCalendar RRULE in parts): weekly on some days, or
    monthly on the nth weekday (``byday`` "2WE,4WE": the second and fourth Wednesday)."""

    audit_noun = "社会資源（日程）"
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    hsds_id = models.UUIDField(default=uuid.uuid4, editable=False)
    freq = models.CharField("繰り返し", max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY)
    byday = models.CharField("曜日", max_length=40, help_text="MO,WE（毎週）または 2WE,4WE（第2・第4水曜）")
    opens_at = models.TimeField("開始時刻", null=True, blank=True)
    closes_at = models.TimeField("終了時刻", null=True, blank=True)
    description = models.CharField("補足", max_length=200, blank=True, help_text="例：祝日は休み、8月は休み")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def weekdays(self) -> set[str]:
        return {part[-2:] for part in self.byday.split(",") if part[-2:] in WEEKDAYS}

    @property
    def label(self) -> str:
        """毎週 月・水 10:00〜15:00, 毎月 第2・第4水 13:30〜15:30."""
        parts = [p.strip() for p in self.byday.split(",") if p.strip()]
        if self.freq == Frequency.MONTHLY:
            ordinals = [p[:-2] for p in parts]
            days = sorted({p[-2:] for p in parts}, key=WEEKDAYS.index)
            nth = "・".join("最終" if o == "-1" else f"第{o}" for o in ordinals if o)
            when = f"毎月 {nth}{'・'.join(WEEKDAY_LABELS[d] for d in days)}曜"
        else:
            days = sorted({p[-2:] for p in parts if p[-2:] in WEEKDAYS}, key=WEEKDAYS.index)
            when = f"毎週 {'・'.join(WEEKDAY_LABELS[d] for d in days)}曜"
        if self.opens_at and self.closes_at:
            when += f" {self.opens_at:%H:%M}〜{self.closes_at:%H:%M}"
        return when
