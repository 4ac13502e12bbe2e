"""地域づくり (§106-4 ② 3; 004 §4 (3)): the places where anyone can belong, the coordination that connects
people, groups and activities, and the cross-sector platform (004's ハブラボきたかみ).

Nothing here is a personal case record. A ``Place`` is an entry of the register of 社会資源 (kasane.resources)
kept as a place of 地域づくり, with whom it means to reach; a ``Gathering`` is one day it was held, with its
attendance as counts by age band and by category, never names. A ``Coordination`` is a contact of the CSW or
生活支援コーディネーター with a group or a person in their public role (the 自治会長, a retired farmer offering
his field), and what it connected to what. A ``PlatformSession`` is a ハブラボ: theme, organisers, the
organisations invited and attending by sector, what came out, and an anonymous questionnaire (kasane.questionnaires).
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from kasane.lib.records import AuditLabelled


class Generation(models.TextChoices):
    """Whom a place means to reach, by stage of life."""

    CHILDREN = "children", "子ども"
    YOUTH = "youth", "若者"
    PARENTS = "parents", "子育て世代"
    WORKING = "working", "働く世代"
    ELDERLY = "elderly", "高齢者"


class Audience(models.TextChoices):
    """Whom a place means to reach, by the field that would otherwise keep them apart."""

    ANYONE = "anyone", "どなたでも"
    ELDERLY = "elderly", "高齢の方"
    DISABILITY = "disability", "障害のある方"
    FAMILIES = "families", "子ども・子育て家庭"
    HARDSHIP = "hardship", "生活に困りごとのある方"
    FOREIGN = "foreign", "外国にルーツのある方"


# The register's categories that are places to belong (the 居場所, サロン, 通いの場, 子ども食堂, 認知症カフェ).
PLACE_CATEGORIES = ("ibasho", "salon", "kayoi", "kodomo_shokudo", "dementia_cafe")


class Place(AuditLabelled, models.Model):
    """An activity of the register kept as a place of 地域づくり: whom it means to reach, and whether it is
    shown to residents on the 居場所マップ. Who runs it, where and when, and which grant funds it are the
    register's (``service.organization``, ``service.location``, ``service.schedules``, ``service.funding``)."""

    audit_noun = "地域の居場所"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    service = models.OneToOneField(
        "resources.Service", on_delete=models.PROTECT, related_name="place", verbose_name="社会資源"
    )
    generations = models.JSONField("対象の世代", default=list, blank=True)
    audiences = models.JSONField("対象の方", default=list, blank=True)
    started_on = models.DateField("活動開始日", null=True, blank=True)
    on_map = models.BooleanField(
        "居場所マップ・一覧に載せる",
        default=True,
        help_text="住民向けの「地域の居場所マップ・一覧」に載せます。連絡先は運営団体の了解を得たものだけにしてください。",
    )
    note = models.TextField("メモ（職員向け）", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "地域の居場所"
        verbose_name_plural = "地域の居場所"
        ordering = ["service__name_kana", "pk"]

    def __str__(self) -> str:
        return self.service.name

    def get_absolute_url(self) -> str:
        return reverse("community:place", args=[self.pk])

    @property
    def generation_labels(self) -> list[str]:
        return [Generation(c).label for c in self.generations if c in Generation.values]

    @property
    def audience_labels(self) -> list[str]:
        return [Audience(c).label for c in self.audiences if c in Audience.values]

    @property
    def crosses_generations(self) -> bool:
        """Meant for more than one stage of life: the point of the programme (多世代)."""
        return len({c for c in self.generations if c in Generation.values}) >= 2

    @property
    def crosses_categories(self) -> bool:
        """Open across the fields that would otherwise keep people apart (どなたでも, or two or more)."""
        codes = {c for c in self.audiences if c in Audience.values}
        return Audience.ANYONE in codes or len(codes) >= 2


# Attendance by age band: the bands of the gathering's record, as (field, label).
AGE_BANDS = (
    ("age_children", "18歳未満"),
    ("age_young", "18〜39歳"),
    ("age_middle", "40〜64歳"),
    ("age_senior", "65〜74歳"),
    ("age_elderly", "75歳以上"),
    ("age_unknown", "年齢不明"),
)
# Attendance by category, where the host knows it: each a count out of the attendance, not a partition.
ATTENDEE_CATEGORIES = (
    ("cat_disability", "障害のある方"),
    ("cat_parents", "子育て中の方"),
    ("cat_carers", "介護をしている方"),
    ("cat_hardship", "生活に困りごとのある方"),
    ("cat_newcomers", "初めて参加した方"),
)


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, default=0)


class Gathering(AuditLabelled, models.Model):
    """One day a place was held: attendance as counts, never names."""

    audit_noun = "居場所の開催記録"
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="gatherings")
    held_on = models.DateField("開催日")
    age_children = _count("18歳未満")
    age_young = _count("18〜39歳")
    age_middle = _count("40〜64歳")
    age_senior = _count("65〜74歳")
    age_elderly = _count("75歳以上")
    age_unknown = _count("年齢不明")
    cat_disability = _count("障害のある方")
    cat_parents = _count("子育て中の方")
    cat_carers = _count("介護をしている方")
    cat_hardship = _count("生活に困りごとのある方")
    cat_newcomers = _count("初めて参加した方")
    helpers = _count("運営スタッフ・ボランティア")
    # The sum of the age bands, kept so the year's figures sum one column (set in save()).
    attendance = models.PositiveIntegerField("参加者数", default=0, editable=False)
    note = models.CharField(
        "メモ", max_length=300, blank=True, help_text="内容や様子。個人の名前は書きません。"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "居場所の開催記録"
        verbose_name_plural = "居場所の開催記録"
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["place", "held_on"], name="gathering_one_per_day"),
            # A category is some of those who came: never more than the attendance.
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__lte": F("attendance")}), name=f"gathering_{field}_within"
                )
                for field, _ in ATTENDEE_CATEGORIES
            ),
        ]
        indexes = [models.Index(fields=["held_on", "place"], name="gathering_day_place")]

    def __str__(self) -> str:
        return f"{self.place} {self.held_on:%Y-%m-%d}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.attendance = sum(getattr(self, field) for field, _ in AGE_BANDS)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def age_counts(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, field)) for field, label in AGE_BANDS]

    @property
    def category_counts(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, field)) for field, label in ATTENDEE_CATEGORIES]

    @property
    def bands_reached(self) -> int:
        """How many known age bands came: two or more is a 多世代 day."""
        return sum(1 for field, _ in AGE_BANDS[:-1] if getattr(self, field))


class Method(models.TextChoices):
    VISIT = "visit", "訪問"
    PHONE = "phone", "電話"
    OFFICE = "office", "来所"
    MEETING = "meeting", "会議・集まり"
    MAIL = "mail", "メール・文書"


class Counterpart(models.TextChoices):
    """Whom the coordinator worked with: groups, and people in their public role."""

    RESIDENTS_ASSOCIATION = "jichikai", "自治会・町内会"
    MINSEI = "minsei", "民生委員・児童委員"
    VOLUNTEER_GROUP = "volunteer", "ボランティア・市民団体・NPO"
    BUSINESS = "business", "企業・商店"
    FARM = "farm", "農家・農業団体"
    SCHOOL = "school", "学校・教育機関"
    WELFARE = "welfare", "福祉事業所・社会福祉法人"
    MEDICAL = "medical", "医療機関"
    PUBLIC = "public", "行政・公共施設"
    RESIDENT = "resident", "住民（個人）"
    OTHER = "other", "その他"


class Connection(models.TextChoices):
    """What the contact connected to what."""

    SPACE = "space", "場所の提供"
    PEOPLE = "people", "担い手・人材"
    NEW_ACTIVITY = "new_activity", "活動の立ち上げ"
    BETWEEN = "between", "活動どうしの連携"
    PARTICIPATION = "participation", "参加の場・受け入れ先の開拓"
    INFORMATION = "information", "情報の共有・周知"
    OTHER = "other", "その他"


class CoordinationOutcome(models.TextChoices):
    CONNECTED = "connected", "つながった"
    IN_PROGRESS = "in_progress", "調整中"
    NOT_NOW = "not_now", "見送り"


class Coordination(AuditLabelled, models.Model):
    """A contact in the coordinator's 地域づくり work, and what it connected to what. Not a case record: the
    counterpart is a group or a person in a public role, and the form says not to write anyone's troubles."""

    audit_noun = "地域づくりのコーディネート記録"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="記録した機関"
    )
    contacted_on = models.DateField("日付")
    method = models.CharField("方法", max_length=10, choices=Method.choices, default=Method.VISIT)
    counterpart_kind = models.CharField("相手の種類", max_length=12, choices=Counterpart.choices)
    counterpart = models.CharField(
        "相手", max_length=100, help_text="団体名や役職（例：中町自治会 会長、元農家の方）。"
    )
    area = models.ForeignKey(
        "tenancy.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="圏域",
    )
    connection = models.CharField("つないだもの", max_length=16, choices=Connection.choices)
    connected_from = models.CharField(
        "何を", max_length=200, help_text="例：元農家の方の畑、小学校の空き教室"
    )
    connected_to = models.CharField(
        "何に", max_length=200, help_text="例：就労体験の受け入れ先一覧、ふれあいサロン"
    )
    service = models.ForeignKey(
        "resources.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="関係する社会資源",
    )
    outcome = models.CharField(
        "結果", max_length=12, choices=CoordinationOutcome.choices, default=CoordinationOutcome.IN_PROGRESS
    )
    summary = models.TextField("内容・結果", blank=True, help_text="個人の相談内容や困りごとは書きません。")
    next_on = models.DateField("次の予定日", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "地域づくりのコーディネート記録"
        verbose_name_plural = "地域づくりのコーディネート記録"
        ordering = ["-contacted_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "contacted_on"], name="coordination_day")]

    def __str__(self) -> str:
        return f"{self.contacted_on:%Y-%m-%d} {self.counterpart}"

    def get_absolute_url(self) -> str:
        return reverse("community:coordination", args=[self.pk])


class Sector(models.TextChoices):
    """The sectors 004's ハブラボ brings together."""

    WELFARE = "welfare", "福祉"
    MEDICAL = "medical", "医療"
    EDUCATION = "education", "教育"
    BUSINESS = "business", "企業"
    AGRICULTURE = "agriculture", "農業"
    TOWN = "town", "まちづくり"
    GOVERNMENT = "government", "行政"
    RESIDENTS = "residents", "住民"


class PlatformSession(AuditLabelled, models.Model):
    """A ハブラボ: a themed study and dialogue session where agencies, businesses, 自治会 and citizens meet."""

    audit_noun = "プラットフォーム（ハブラボ）"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("回の名称", max_length=120, help_text="例：第3回ハブラボ")
    theme = models.CharField("テーマ", max_length=200)
    held_on = models.DateField("開催日")
    starts_at = models.TimeField("開始時刻", null=True, blank=True)
    ends_at = models.TimeField("終了時刻", null=True, blank=True)
    venue = models.CharField("会場", max_length=120, blank=True)
    organisers = models.CharField(
        "主催・企画", max_length=200, help_text="例：市 地域福祉課、市社会福祉協議会"
    )
    programme = models.TextField("プログラム", blank=True, help_text="1行に1項目（時刻と内容）")
    participants = models.PositiveIntegerField(
        "参加者数（合計）", null=True, blank=True, help_text="開催後に入力します。"
    )
    record = models.TextField("記録（話し合われたこと）", blank=True)
    questionnaire = models.OneToOneField(
        "questionnaires.Questionnaire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="platform_session",
        verbose_name="アンケート",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "プラットフォーム（ハブラボ）"
        verbose_name_plural = "プラットフォーム（ハブラボ）"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "held_on"], name="platform_session_day")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:session", args=[self.pk])


class SessionOrganisation(AuditLabelled, models.Model):
    """An organisation invited to a session, and whether (and how many of) it came."""

    audit_noun = "ハブラボの参加団体"
    session = models.ForeignKey(PlatformSession, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField("団体名", max_length=100)
    sector = models.CharField("分野", max_length=12, choices=Sector.choices)
    invited = models.BooleanField("案内した", default=True)
    attended = models.BooleanField("参加した", default=False)
    attendees = models.PositiveSmallIntegerField("参加人数", default=0)

    class Meta:
        verbose_name = "ハブラボの参加団体"
        verbose_name_plural = "ハブラボの参加団体"
        ordering = ["session", "sector", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="session_organisation_once"),
            models.CheckConstraint(
                condition=Q(attended=True) | Q(attendees=0), name="session_organisation_absent_no_people"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ResultKind(models.TextChoices):
    COLLABORATION = "collaboration", "新しい連携"
    PLACE = "place", "新しい居場所・活動"
    QUESTION = "question", "全体推進会議への問い"
    OTHER = "other", "その他"


class SessionResult(AuditLabelled, models.Model):
    """What came out of a session: a new collaboration, a new place, a question for the 全体推進会議."""

    audit_noun = "ハブラボの成果"
    session = models.ForeignKey(PlatformSession, on_delete=models.CASCADE, related_name="results")
    kind = models.CharField("種類", max_length=16, choices=ResultKind.choices)
    text = models.CharField("内容", max_length=300)
    service = models.ForeignKey(
        "resources.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="生まれた社会資源",
    )

    class Meta:
        verbose_name = "ハブラボの成果"
        verbose_name_plural = "ハブラボの成果"
        ordering = ["session", "kind", "pk"]

    def __str__(self) -> str:
        return self.text


def material_path(instance: SessionMaterial, filename: str) -> str:
    # The name on disk says nothing about the file; the name staff gave it is kept in original_name.
    return f"community/sessions/{instance.session_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class SessionMaterial(AuditLabelled, models.Model):
    """A handout or slide deck of a session."""

    audit_noun = "ハブラボの資料"
    session = models.ForeignKey(PlatformSession, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField("資料名", max_length=120)
    file = models.FileField("ファイル", upload_to=material_path, max_length=250)
    original_name = models.CharField("元のファイル名", max_length=200, blank=True)
    size = models.PositiveBigIntegerField("サイズ（バイト）", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ハブラボの資料"
        verbose_name_plural = "ハブラボの資料"
        ordering = ["session", "pk"]

    def __str__(self) -> str:
        return self.title
