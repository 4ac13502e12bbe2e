"""The prefecture's events for municipalities: 情報共有の場, 人材養成研修, 意見交換会, ワークショップ.

Participants are municipal, 振興局 and agency staff; what is kept of them is what a sign-up sheet holds
(name, organisation, job), never anything about residents.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from kasane.lib.dates import wareki

WEEKDAYS = "月火水木金土日"


def day_label(day: dt.date) -> str:
    """令和8年11月23日（月）"""
    return f"{wareki(day)}（{WEEKDAYS[day.weekday()]}）"


def new_signup_key() -> str:
    """The public sign-up form's key: unguessable, short enough for a QR code."""
    return secrets.token_urlsafe(9)


class EventKind(models.TextChoices):
    FORUM = "forum", "情報共有の場（市町村間）"
    PREF_MEETING = "pref_meeting", "情報共有の場（道と市町村）"
    TRAINING = "training", "人材養成研修"
    EXCHANGE = "exchange", "意見交換会"
    WORKSHOP = "workshop", "ワークショップ"


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", "集合"
    ONLINE = "online", "オンライン"
    HYBRID = "hybrid", "ハイブリッド"


class Event(models.Model):
    prefecture = models.ForeignKey("tenancy.Prefecture", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("種別", max_length=20, choices=EventKind.choices)
    title = models.CharField("名称", max_length=120)
    fiscal_year = models.PositiveSmallIntegerField("年度")
    starts_on = models.DateField("開催日")
    ends_on = models.DateField("終了日", null=True, blank=True, help_text="複数日にわたる場合")
    start_time = models.TimeField("開始時刻", null=True, blank=True)
    end_time = models.TimeField("終了時刻", null=True, blank=True)
    format = models.CharField("開催形式", max_length=12, choices=EventFormat.choices)
    place = models.CharField("会場", max_length=200, blank=True)
    online_url = models.URLField("オンライン会議のURL", blank=True)
    block = models.ForeignKey(
        "readiness.Block",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="ブロック",
        help_text="ブロック別に開催する情報共有の場ではブロックを選びます。",
    )
    target = models.TextField("参加対象", blank=True)
    capacity = models.PositiveSmallIntegerField("定員", null=True, blank=True, help_text="空欄は定員なし")
    signup_open = models.BooleanField(
        "申込フォームを公開する",
        default=False,
        help_text="アカウントのない方も、リンクやQRコードから申し込めます。",
    )
    signup_deadline = models.DateField("申込締切日", null=True, blank=True)
    signup_key = models.CharField(
        "申込フォームのキー", max_length=16, unique=True, default=new_signup_key, editable=False
    )
    purpose = models.TextField("目的・ねらい", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登録した職員"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "開催"
        verbose_name_plural = "開催"
        ordering = ["-starts_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def last_day(self) -> dt.date:
        return self.ends_on or self.starts_on

    def is_upcoming(self, today: dt.date) -> bool:
        """Not over yet: participants may still sign up, and attendance is not yet recorded."""
        return self.last_day >= today

    def date_label(self) -> str:
        """令和8年11月23日（月）, or 令和8年11月23日（月）〜11月24日（火） over several days."""
        label = day_label(self.starts_on)
        if self.ends_on and self.ends_on != self.starts_on:
            end = self.ends_on
            if end.year == self.starts_on.year:
                label += f"〜{end.month}月{end.day}日（{WEEKDAYS[end.weekday()]}）"
            else:
                label += f"〜{day_label(end)}"
        return label

    def time_label(self) -> str:
        if self.start_time is None:
            return ""
        end = f"{self.end_time:%H:%M}" if self.end_time else ""
        return f"{self.start_time:%H:%M}〜{end}"


class ProgrammeSlot(models.Model):
    """One line of the programme (003 図表 2-7, 2-18): a start time, what happens, who speaks."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.TimeField("開始")
    ends_at = models.TimeField("終了", null=True, blank=True)
    title = models.CharField(
        "項目",
        max_length=200,
        help_text="例：【基調講演】「つながりが広がり、役割と物語が生まれる地域共生社会へ」",
    )
    speakers = models.TextField(
        "講師・登壇者", blank=True, help_text="1行に1人。「氏名 氏（所属・職名）」の形で書きます。"
    )
    content = models.TextField("内容", blank=True)

    class Meta:
        verbose_name = "プログラム"
        verbose_name_plural = "プログラム"
        ordering = ["event", "starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]


class ParticipantCategory(models.TextChoices):
    MUNICIPAL = "municipal", "市町村職員"
    BUREAU = "bureau", "振興局職員"
    AGENCY = "agency", "関係機関職員"
    PREFECTURAL = "prefectural", "都道府県職員"
    OTHER = "other", "その他"


class EventGroup(models.Model):
    """A discussion group at an event, with the contractor's facilitator (000: グループごとにファシリテーター)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveSmallIntegerField("グループ番号")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ファシリテーター",
    )

    class Meta:
        verbose_name = "グループ"
        verbose_name_plural = "グループ"
        ordering = ["event", "number"]
        constraints = [models.UniqueConstraint(fields=["event", "number"], name="event_group_unique_number")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"グループ{self.number}"


class RegistrationChannel(models.TextChoices):
    STAFF = "staff", "事務局が登録"
    SELF = "self", "本人が申込（アカウント）"
    PUBLIC = "public", "申込フォーム"
    IMPORT = "import", "名簿の取り込み"


class Registration(models.Model):
    """One participant, as a sign-up sheet lists them. Linked to an account when they signed up themselves."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField("氏名", max_length=60)
    name_kana = models.CharField("ふりがな", max_length=60, blank=True)
    municipality = models.ForeignKey(
        "tenancy.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="市町村",
        help_text="市町村職員・市町村の関係機関の職員は、その市町村を選びます。",
    )
    organisation = models.CharField("所属", max_length=120, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    category = models.CharField("区分", max_length=12, choices=ParticipantCategory.choices)
    occupation = models.CharField("職種", max_length=60, blank=True, help_text="例：社会福祉士、保健師")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name="アカウント",
    )
    attended = models.BooleanField("出席", default=False)
    group = models.ForeignKey(
        EventGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="グループ",
    )
    registered_at = models.DateTimeField("申込日時", auto_now_add=True)
    channel = models.CharField(
        "申込の方法", max_length=8, choices=RegistrationChannel.choices, default=RegistrationChannel.STAFF
    )
    import_batch = models.CharField(
        "取り込みの番号",
        max_length=32,
        blank=True,
        help_text="名簿の取り込みで登録された場合、その取り込みを示します。",
    )

    class Meta:
        verbose_name = "参加申込"
        verbose_name_plural = "参加申込"
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], condition=Q(user__isnull=False), name="registration_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return self.name


class MaterialKind(models.TextChoices):
    MATERIAL = "material", "資料"
    RECORDING = "recording", "記録映像"


def material_path(material: EventMaterial, filename: str) -> str:
    # The name on disk says nothing about the file; the name staff gave it is kept in original_name.
    suffix = PurePath(filename).suffix.lower()
    return f"events/{material.event_id}/{uuid.uuid4().hex}{suffix}"


class EventMaterial(models.Model):
    """A handout, slides or a recording kept with the event (000 §8: 映像及び作成物等も併せて提出)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(
        "種類", max_length=12, choices=MaterialKind.choices, default=MaterialKind.MATERIAL
    )
    title = models.CharField("名称", max_length=120)
    file = models.FileField("ファイル", upload_to=material_path, blank=True)
    link = models.URLField("録画などのリンク", blank=True)
    original_name = models.CharField("元のファイル名", max_length=200, blank=True)
    size = models.PositiveBigIntegerField("サイズ（バイト）", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登録した職員"
    )
    uploaded_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        verbose_name = "資料・記録"
        verbose_name_plural = "資料・記録"
        ordering = ["event", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="material_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def suffix(self) -> str:
        return PurePath(self.original_name or self.file.name).suffix.lower().lstrip(".")

    def size_label(self) -> str:
        if self.size is None:
            return ""
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f}MB"
        return f"{max(1, self.size // 1024)}KB"
