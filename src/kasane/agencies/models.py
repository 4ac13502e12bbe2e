"""機関 (agencies) and what they handle: the ground of the directory and 相談先ナビ."""

from __future__ import annotations

from django.db import models

from kasane.lib.text import search_key
from kasane.tenancy.models import Municipality


class AgencyKind(models.TextChoices):
    HOUKATSU = "houkatsu", "地域包括支援センター"
    SHOGAI_SODAN = "shogai_sodan", "障害者相談支援事業所"
    KIKAN_SODAN = "kikan_sodan", "基幹相談支援センター"
    RIYOSHA_KIHON = "riyosha_kihon", "利用者支援事業（基本型）"
    KODOMO_KATEI = "kodomo_katei", "利用者支援事業（こども家庭センター型）"
    JIRITSU_SODAN = "jiritsu_sodan", "自立相談支援機関"
    SHAKYO = "shakyo", "社会福祉協議会"
    CITY_DIVISION = "city_division", "市の課"
    MINSEI = "minsei", "民生委員・児童委員"
    MEDICAL = "medical", "医療機関"
    NPO = "npo", "NPO"
    PREFECTURE = "prefecture", "都道府県の課"
    OTHER = "other", "その他"


class OperationForm(models.TextChoices):
    DIRECT = "direct", "直営"
    CONTRACTED = "contracted", "委託"
    SUBSIDISED = "subsidised", "補助"


class SupportField(models.Model):
    """分野: 高齢, 障がい, 子ども・子育て, 生活困窮, 保健・医療, その他."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField("分野", max_length=20, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "分野"
        verbose_name_plural = "分野"
        ordering = ["sort_order"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A situation staff look up in 相談先ナビ (ひきこもり, 認知症, 8050 …), with the words people type for it."""

    name = models.CharField("相談内容", max_length=30, unique=True)
    keywords = models.TextField(
        "言い換え", blank=True, help_text="検索で同じ意味として扱う語。読点または改行で区切ります。"
    )
    support_fields = models.ManyToManyField(
        SupportField, blank=True, related_name="topics", verbose_name="関係する分野"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "相談内容"
        verbose_name_plural = "相談内容"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def phrases(self) -> list[str]:
        """The name and each synonym, as written."""
        words = [self.name, *self.keywords.replace("、", "\n").replace(",", "\n").splitlines()]
        return [word.strip() for word in words if word.strip()]


class AgencyQuerySet(models.QuerySet["Agency"]):
    def in_municipality(self, municipality: Municipality | None) -> AgencyQuerySet:
        return self.filter(municipality=municipality)

    def published(self) -> AgencyQuerySet:
        return self.filter(is_active=True, is_listed=True)

    def for_directory(self) -> AgencyQuerySet:
        return self.select_related("area", "municipality").prefetch_related(
            "support_fields", models.Prefetch("agency_topics", AgencyTopic.objects.select_related("topic"))
        )


class Agency(models.Model):
    prefecture = models.ForeignKey("tenancy.Prefecture", on_delete=models.PROTECT, related_name="agencies")
    # Null only for the prefecture's own divisions, which belong to no municipality.
    municipality = models.ForeignKey(
        "tenancy.Municipality", null=True, blank=True, on_delete=models.PROTECT, related_name="agencies"
    )
    name = models.CharField("機関名", max_length=120)
    name_kana = models.CharField("ふりがな", max_length=120, blank=True)
    kind = models.CharField("種別", max_length=20, choices=AgencyKind.choices)
    support_fields = models.ManyToManyField(
        SupportField, related_name="agencies", verbose_name="分野", blank=True
    )
    operation_form = models.CharField("運営形態", max_length=12, choices=OperationForm.choices)
    contractor = models.CharField("受託・運営法人", max_length=120, blank=True)
    department = models.CharField("担当課", max_length=60, blank=True)
    area = models.ForeignKey(
        "tenancy.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name="担当圏域",
        help_text="空欄は市内全域",
    )
    postal_code = models.CharField("郵便番号", max_length=8, blank=True)
    address = models.CharField("所在地", max_length=200, blank=True)
    phone = models.CharField("電話番号", max_length=20, blank=True)
    fax = models.CharField("FAX", max_length=20, blank=True)
    email = models.EmailField("メール", blank=True)
    hours = models.CharField("受付時間", max_length=120, blank=True)
    contact_person = models.CharField("担当窓口", max_length=120, blank=True)
    handles_text = models.TextField("こんな相談はこちら", blank=True)
    referral_howto = models.TextField(
        "つなぎ方", blank=True, help_text="他機関の職員がつなぐときの手順や連絡方法"
    )
    topics = models.ManyToManyField(  # type: ignore[var-annotated]
        Topic, through="AgencyTopic", related_name="agencies", blank=True
    )
    runs_collaboration = models.BooleanField(
        "多機関協働事業者",
        default=False,
        help_text="多機関協働事業を実施する機関。多機関協働へのつなぎと利用申込みの同意はこの機関に届きます。",
    )
    is_listed = models.BooleanField("相談先ナビに掲載する", default=True)
    is_active = models.BooleanField("有効", default=True)
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = "機関"
        verbose_name_plural = "機関"
        ordering = ["municipality", "kind", "name_kana", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="agency_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def refresh_search_text(self) -> None:
        """The folded key the directory's name search looks in; raw names are never changed."""
        self.search_text = search_key(" ".join([self.name, self.name_kana, self.contractor, self.department]))

    @property
    def area_label(self) -> str:
        return self.area.name if self.area is not None else "市内全域"

    @property
    def operation_label(self) -> str:
        label = self.get_operation_form_display()
        if self.operation_form == OperationForm.CONTRACTED and self.contractor:
            return f"{label}（{self.contractor}）"
        return label


class TopicLevel(models.IntegerChoices):
    PRIMARY = 1, "主に対応"
    ALSO = 2, "対応可能"


class AgencyTopic(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="agency_topics")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="agency_topics")
    level = models.PositiveSmallIntegerField(
        "対応の程度", choices=TopicLevel.choices, default=TopicLevel.PRIMARY
    )

    class Meta:
        verbose_name = "対応する相談"
        verbose_name_plural = "対応する相談"
        constraints = [models.UniqueConstraint(fields=["agency", "topic"], name="agency_topic_unique")]
        ordering = ["level", "topic__sort_order"]

    def __str__(self) -> str:
        return f"{self.agency} – {self.topic}"
