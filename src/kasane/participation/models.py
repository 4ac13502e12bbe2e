"""参加支援 (§106-4 ② 2; 004 §4 (2)): a person matched to a place where they can take part, and stayed with.

- ``Engagement``: one person's 参加支援, owned by the agency that runs it (the 参加支援事業者). It starts from
  the person's 多機関協働 case or from a つなぎ the agency accepted. Use begins when a 重層的支援会議 approves
  the case's 参加支援 plan (``meetings.Decision``); an urgent start before that records why and stays flagged
  until the meeting decides.
- ``Assessment``: what the person wants, can do, and what limits them, in their own words, with the few
  structured answers matching reads (days, times, area, travel, load, people).
- ``Placement``: the person at one host (a ``resources.Service``): 提案 → 見学 → 体験 → 定着 → 終了 or 中断,
  with the host's contact person, what was shared with the host on which consent (``HostConsent``: a host is
  usually a company or a group, not an agency in kasane), the host support log and follow-up visits.
- ``Review``: outcomes for the 評価 (attendance pattern, the person's words, what changed).
- ``Development`` with its ``Approach`` rows: 資源開拓, from a need (or a 不足している社会資源 raised in a
  meeting) to a new entry in the register. It holds no personal data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from kasane.lib.dates import fiscal_number
from kasane.lib.records import AuditLabelled, Authored


class Origin(models.TextChoices):
    CASE = "case", "多機関協働のケースから"
    REFERRAL = "referral", "つなぎから"


class EngagementStatus(models.TextChoices):
    OPEN = "open", "支援中"
    ENDED = "ended", "終了"


class EndReason(models.TextChoices):
    SETTLED = "settled", "参加が定着し終了"
    OTHER_SUPPORT = "other_support", "他の支援につないだ"
    WITHDREW = "withdrew", "本人の希望で終了"
    MOVED = "moved", "転出"
    OTHER = "other", "その他"


class Engagement(AuditLabelled, models.Model):
    audit_noun = "参加支援"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    owner_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="参加支援事業者"
    )
    person = models.ForeignKey(
        "casework.Person", on_delete=models.PROTECT, related_name="participations", verbose_name="本人"
    )
    origin = models.CharField("開始の経緯", max_length=10, choices=Origin.choices)
    case = models.ForeignKey(
        "casework.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name="多機関協働のケース",
    )
    referral = models.ForeignKey(
        "casework.Referral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name="つなぎ",
    )
    started_on = models.DateField("受付日")
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="担当者",
    )
    # 004 §4 (2): use begins with the meeting's decision; an urgent start before it says why.
    urgent_started_on = models.DateField("決定前に支援を始めた日", null=True, blank=True)
    urgent_reason = models.TextField("決定前に始める理由", blank=True)
    status = models.CharField(
        "状態", max_length=8, choices=EngagementStatus.choices, default=EngagementStatus.OPEN
    )
    ended_on = models.DateField("終了日", null=True, blank=True)
    end_reason = models.CharField("終了の理由", max_length=14, choices=EndReason.choices, blank=True)
    end_note = models.TextField("終了の補足", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "参加支援"
        verbose_name_plural = "参加支援"
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(origin="case", case__isnull=False) | Q(origin="referral", referral__isnull=False)
                ),
                name="participation_has_origin",
            ),
            models.UniqueConstraint(
                fields=["person", "owner_agency"],
                condition=Q(status="open"),
                name="participation_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"参加支援 {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("participation:detail", args=[self.pk])

    @property
    def number(self) -> str:
        return fiscal_number(self.started_on, self.pk)


class Travel(models.TextChoices):
    WALK = "walk", "歩いて・自転車で行ける範囲"
    PUBLIC = "public", "バス・電車で行ける"
    CAR = "car", "自分で車を運転できる"
    NEEDS_LIFT = "needs_lift", "送迎が必要"


class Assessment(AuditLabelled, Authored):
    """参加に向けたアセスメント. A new version every time; the last one is what matching reads."""

    audit_noun = "参加支援アセスメント"
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="assessments")
    version = models.PositiveIntegerField("版")
    assessed_on = models.DateField("アセスメント日")
    wishes = models.TextField("本人がやってみたいこと", help_text="本人の言葉で")
    strengths = models.TextField("できること・得意なこと", blank=True)
    limits_time = models.TextField("時間の制約", blank=True, help_text="例：午前中は起きられない")
    limits_travel = models.TextField("移動の制約", blank=True)
    limits_people = models.TextField("人との関わりの制約", blank=True, help_text="例：大人数は苦手")
    limits_health = models.TextField("健康上の制約", blank=True)
    person_words = models.TextField("本人の言葉", blank=True)
    # What matching reads.
    interests = models.JSONField("関心のある種類", default=list, blank=True)
    days = models.JSONField("通える曜日", default=list, blank=True)
    from_time = models.TimeField("通える時間（から）", null=True, blank=True)
    to_time = models.TimeField("通える時間（まで）", null=True, blank=True)
    area = models.ForeignKey(
        "tenancy.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="通いやすい圏域",
    )
    travel = models.CharField("移動の手段", max_length=12, choices=Travel.choices, default=Travel.WALK)
    max_load = models.CharField("体への負担（ここまで）", max_length=8, default="medium")
    needs_quiet = models.BooleanField("人と話すのがまだ難しい", default=False)

    class Meta:
        verbose_name = "参加支援アセスメント"
        verbose_name_plural = "参加支援アセスメント"
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "version"], name="participation_assessment_version")
        ]

    def __str__(self) -> str:
        return f"参加支援アセスメント 第{self.version}版"


class Stage(models.TextChoices):
    PROPOSED = "proposed", "提案"
    VISIT = "visit", "見学"
    TRIAL = "trial", "体験"
    SETTLED = "settled", "定着"
    ENDED = "ended", "終了"
    SUSPENDED = "suspended", "中断"


STAGE_ORDER = [s.value for s in Stage]
OPEN_STAGES = (Stage.PROPOSED, Stage.VISIT, Stage.TRIAL, Stage.SETTLED)


class Placement(AuditLabelled, models.Model):
    """受け入れ: the person at one host. A host is a ``resources.Service`` of the register."""

    audit_noun = "受け入れ"
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="placements")
    service = models.ForeignKey(
        "resources.Service", on_delete=models.PROTECT, related_name="placements", verbose_name="受け入れ先"
    )
    stage = models.CharField("段階", max_length=10, choices=Stage.choices, default=Stage.PROPOSED)
    proposed_on = models.DateField("提案日")
    reasons = models.TextField("選んだ理由", blank=True)
    host_contact = models.CharField("受け入れ先の担当者", max_length=60, blank=True)
    host_phone = models.CharField("担当者の電話番号", max_length=30, blank=True)
    ended_on = models.DateField("終了・中断日", null=True, blank=True)
    end_reason = models.TextField("終了・中断の理由", blank=True)
    follow_up_days = models.PositiveSmallIntegerField(
        "フォローアップの間隔（日）", default=14, help_text="定着まで、この間隔で訪問・連絡の予定を立てます"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "受け入れ"
        verbose_name_plural = "受け入れ"
        ordering = ["-proposed_on", "-pk"]

    def __str__(self) -> str:
        return f"受け入れ（{self.service}）"

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class StageChange(AuditLabelled, Authored):
    audit_noun = "受け入れの段階"
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(max_length=10, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=10, choices=Stage.choices)
    on = models.DateField("日付")
    note = models.TextField("様子", blank=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_to_stage_display()}（{self.on:%Y/%m/%d}）"


# What a 紹介票 may carry to a host; each only when the person agreed to it for that host.
SHAREABLE_FIELDS: dict[str, str] = {
    "name": "氏名",
    "kana": "ふりがな",
    "age": "年齢",
    "wishes": "本人がやってみたいこと",
    "strengths": "できること・得意なこと",
    "limits": "配慮してほしいこと（時間・移動・人との関わり）",
    # 要配慮個人情報: its own item, so agreeing to the others never hands over health.
    "health": "健康上の配慮",
    "days": "通える曜日・時間",
    "contact": "参加支援の担当者と連絡先",
}


class HostConsent(AuditLabelled, models.Model):
    """The person's consent that named items go to this host. Withdrawn, it shares nothing more."""

    audit_noun = "受け入れ先への情報提供の同意"
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="consents")
    fields = models.JSONField("提供する項目", default=list)
    obtained_on = models.DateField("同意日")
    method = models.CharField("同意の方法", max_length=10, choices=[("written", "書面"), ("oral", "口頭")])
    obtained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    obtained_by_name = models.CharField("同意を得た職員", max_length=60)
    withdrawn_on = models.DateField("撤回日", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-obtained_on", "-pk"]

    def __str__(self) -> str:
        return f"情報提供の同意（{self.obtained_on:%Y/%m/%d}）"

    @property
    def field_labels(self) -> list[str]:
        return [SHAREABLE_FIELDS[f] for f in self.fields if f in SHAREABLE_FIELDS]


class HostNoteKind(models.TextChoices):
    TASKS = "tasks", "業務の切り出し"
    RELATING = "relating", "本人との関わり方"
    PROBLEM = "problem", "困りごと・問題"
    OTHER = "other", "その他"


class HostNote(AuditLabelled, Authored):
    """受け入れ先への支援: what was worked out with the host."""

    audit_noun = "受け入れ先支援の記録"
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="host_notes")
    on = models.DateField("日付")
    kind = models.CharField("内容の種類", max_length=10, choices=HostNoteKind.choices)
    text = models.TextField("内容")

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"受け入れ先支援 {self.on:%Y/%m/%d}"


class FollowUp(AuditLabelled, Authored):
    """フォローアップ: a planned visit or call to the person and the host, and what was found."""

    audit_noun = "フォローアップ"
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField("予定日")
    done_on = models.DateField("実施日", null=True, blank=True)
    note = models.TextField("様子", blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"フォローアップ {self.due_on:%Y/%m/%d}"


class Review(AuditLabelled, Authored):
    """What came of it, for the 評価: how often the person goes, in their words, what changed."""

    audit_noun = "参加支援の評価"
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="reviews")
    on = models.DateField("評価日")
    attendance = models.TextField("参加の状況", help_text="例：週2回、午前中。9月は欠席なし")
    person_words = models.TextField("本人の言葉", blank=True)
    changes = models.TextField("変化したこと", blank=True)

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"参加支援の評価 {self.on:%Y/%m/%d}"


class DevelopmentStatus(models.TextChoices):
    OPEN = "open", "取り組み中"
    SUCCEEDED = "succeeded", "資源ができた"
    DROPPED = "dropped", "見送り"


class Development(AuditLabelled, models.Model):
    """資源開拓: a missing resource pursued until it enters the register. No personal data."""

    audit_noun = "資源開拓"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="担当機関"
    )
    title = models.CharField("必要な資源", max_length=100, help_text="例：夜に通える居場所")
    need = models.TextField(
        "必要としている状況",
        help_text="個人が特定される情報は書かないでください（例：「昼夜逆転の若者が通える場がない」）。",
    )
    gap = models.ForeignKey(
        "meetings.ResourceGap",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="会議で提起された不足資源",
    )
    prospects = models.TextField("働きかける先", blank=True)
    opened_on = models.DateField("開始日")
    status = models.CharField(
        "状況", max_length=10, choices=DevelopmentStatus.choices, default=DevelopmentStatus.OPEN
    )
    closed_on = models.DateField("完了日", null=True, blank=True)
    result = models.ForeignKey(
        "resources.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="できた資源",
    )
    close_note = models.TextField("結果", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "資源開拓"
        verbose_name_plural = "資源開拓"
        ordering = ["status", "-opened_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:development", args=[self.pk])


class Approach(AuditLabelled, Authored):
    audit_noun = "資源開拓の働きかけ"
    development = models.ForeignKey(Development, on_delete=models.CASCADE, related_name="approaches")
    on = models.DateField("日付")
    whom = models.CharField("働きかけた先", max_length=100)
    what = models.TextField("内容")
    result = models.TextField("結果・反応", blank=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.whom}（{self.on:%Y/%m/%d}）"
