"""アウトリーチ等を通じた継続的支援 (§106-4 ② 4; 004 §4 (4)): the outreach worker's records.

Two kinds of work, both counted by 004's indicator ① (CSWによるアウトリーチ件数):
- ``AgencyVisit``: 情報把握のネットワーク — visits to agencies, 民生委員, 自治会, shops; no personal data;
- ``Target`` with its ``Contact`` attempts: 個別のアウトリーチ — someone who does not come forward, known at first
  only by a description, linked to a ``Person`` once identified, and brought over months through the
  engagement stages (``Stage``) to the support they need, through the case journey's own referral and case flows.

A target belongs to the agency that took it up (the outreach agency). ``HomeVisit`` is the safety record of a
home visit: who went with whom, when they expect to be back, and the office's 帰所確認.

A target raised at a 支援会議 (§106-6) may point at the agenda item (``meeting_item``), never copy its content:
what was shared there stays there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from kasane.lib.dates import fiscal_number, localtime
from kasane.lib.records import AuditLabelled, Authored


class Stage(models.TextChoices):
    """The engagement stages staff set (in this order); the timeline shows each change."""

    INFORMATION = "information", "情報把握"
    ATTEMPTING = "attempting", "接触の試み"
    FAMILY = "family", "家族とつながる"
    PERSON = "person", "本人とつながる"
    TRUST = "trust", "信頼関係"
    HANDED_OVER = "handed_over", "支援につなぐ"
    WATCHING = "watching", "見守り継続"
    CLOSED = "closed", "終了"


STAGE_ORDER = [s.value for s in Stage]
# Stages in which the target is still being worked with (the funnel's open part).
OPEN_STAGES = [s for s in STAGE_ORDER if s != Stage.CLOSED]


class Source(models.TextChoices):
    """Who raised the target and on which basis."""

    OWN_WORK = "own_work", "自機関の活動（訪問・地域の情報）"
    AGENCY_VISIT = "agency_visit", "関係機関等への訪問で把握"
    NEIGHBOURS = "neighbours", "民生委員・住民からの情報"
    SUPPORT_MEETING = "support_meeting", "支援会議の議題"
    REFERRAL = "referral", "他機関からのつなぎ"
    OTHER = "other", "その他"


class CloseReason(models.TextChoices):
    HANDED_OVER = "handed_over", "支援につないで終了"
    SETTLED = "settled", "状況が落ち着いた"
    REFUSED = "refused", "本人・家族の拒否が続き終了"
    MOVED = "moved", "転出"
    DIED = "died", "死亡"
    NOT_FOUND = "not_found", "対象者を特定できない"
    OTHER = "other", "その他"


class Route(models.TextChoices):
    """Where 支援につなぐ hands the person, through the case journey's own flows."""

    COLLABORATION = "collaboration", "多機関協働"
    PARTICIPATION = "participation", "参加支援"
    AGENCY = "agency", "他の相談支援機関"


class Method(models.TextChoices):
    VISIT = "visit", "訪問"
    PHONE = "phone", "電話"
    LETTER = "letter", "手紙"
    NOTE = "note", "メモ投函"
    ACCOMPANY = "accompany", "同行"
    VIA_OTHERS = "via_others", "関係者経由"
    MESSAGE = "message", "SNS・メール"


class With(models.TextChoices):
    PERSON = "person", "本人"
    FAMILY = "family", "家族"
    OTHERS = "others", "関係者"


class Outcome(models.TextChoices):
    AWAY = "away", "不在"
    NO_ANSWER = "no_answer", "応答なし"
    REFUSED = "refused", "拒否"
    FAMILY_TALKED = "family_talked", "家族と話せた"
    MET = "met", "本人と会えた"
    TALKED = "talked", "本人と話せた"


class Counterpart(models.TextChoices):
    """Whom an agency visit went to."""

    AGENCY = "agency", "相談支援機関・事業所"
    MINSEI = "minsei", "民生委員・児童委員"
    JICHIKAI = "jichikai", "自治会・町内会"
    SHOP = "shop", "商店・企業"
    MEDICAL = "medical", "医療機関"
    SCHOOL = "school", "学校・教育機関"
    CITY = "city", "行政機関"
    OTHER = "other", "その他"


class Purpose(models.TextChoices):
    INFORMATION = "information", "情報収集"
    NETWORK = "network", "連絡体制づくり・顔つなぎ"
    EXPLAIN = "explain", "事業の説明・周知"
    FOLLOW_UP = "follow_up", "以前の相談のフォローアップ"
    OTHER = "other", "その他"


class OutreachSettings(models.Model):
    """The municipality's choices for outreach: after how many days without a contact a target is stale."""

    municipality = models.OneToOneField(
        "tenancy.Municipality", on_delete=models.CASCADE, related_name="outreach_settings"
    )
    stale_days = models.PositiveSmallIntegerField("接触が途絶えたとみなす日数", default=30)
    updated_at = models.DateTimeField(auto_now=True)

    DEFAULT_STALE_DAYS = 30

    class Meta:
        verbose_name = "アウトリーチの設定"
        verbose_name_plural = "アウトリーチの設定"

    def __str__(self) -> str:
        return f"アウトリーチの設定（{self.stale_days}日）"


class AgencyVisit(AuditLabelled, Authored):
    """情報把握のネットワーク: one visit to an agency, a 民生委員, a 自治会 or a shop. No personal data is needed;
    a visit that brings up a person leads to a ``Target`` (which points back here)."""

    audit_noun = "関係機関等への訪問"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="訪問した機関（自機関）"
    )
    on = models.DateField("訪問日")
    counterpart_kind = models.CharField(
        "訪問先の種類", max_length=12, choices=Counterpart.choices, default=Counterpart.AGENCY
    )
    counterpart = models.CharField("訪問先", max_length=100)
    purpose = models.CharField("目的", max_length=12, choices=Purpose.choices, default=Purpose.INFORMATION)
    minutes = models.PositiveSmallIntegerField("所要時間（分）", null=True, blank=True)
    result = models.TextField("わかったこと・成果", blank=True)
    follow_up = models.CharField("次にすること", max_length=200, blank=True)
    follow_up_on = models.DateField("次の予定日", null=True, blank=True)

    class Meta:
        verbose_name = "関係機関等への訪問"
        verbose_name_plural = "関係機関等への訪問"
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["agency", "-on"], name="outreach_visit_agency_on")]

    def __str__(self) -> str:
        return f"{self.counterpart}（{self.on:%Y/%m/%d}）"


class Target(AuditLabelled, models.Model):
    """個別のアウトリーチ: someone who does not come forward, or a household that refuses help."""

    audit_noun = "アウトリーチ対象"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    owner_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="担当機関"
    )
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="担当者",
    )
    label = models.CharField(
        "呼び名", max_length=60, help_text="一覧で見分けるための短い名前（例：○○町の80代女性の世帯）"
    )
    description = models.TextField("対象者・世帯の様子")
    area = models.CharField("地区", max_length=60, blank=True)
    source = models.CharField("把握の経緯", max_length=16, choices=Source.choices, default=Source.OWN_WORK)
    raised_by = models.CharField("情報提供者", max_length=100, blank=True)
    raised_on = models.DateField("把握日")
    # Pointers, never copies: the 支援会議 item keeps its content in its compartment. An item withdrawn from
    # its sitting is deleted (meetings.services.withdraw_item); the pointer goes with it.
    meeting_item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency_visit = models.ForeignKey(
        AgencyVisit, null=True, blank=True, on_delete=models.SET_NULL, related_name="targets"
    )
    # Linked when identified; never required.
    person = models.ForeignKey(
        "casework.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="outreach_targets"
    )
    household = models.ForeignKey(
        "casework.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="outreach_targets"
    )
    stage = models.CharField("段階", max_length=12, choices=Stage.choices, default=Stage.INFORMATION)
    stage_changed_on = models.DateField("段階を変えた日")
    # 支援につなぐ: the route and the record of the case journey it went through.
    route = models.CharField("つなぎ先", max_length=14, choices=Route.choices, blank=True)
    consultation = models.ForeignKey(
        "casework.Consultation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral = models.ForeignKey(
        "casework.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    close_reason = models.CharField("終了の理由", max_length=12, choices=CloseReason.choices, blank=True)
    closed_on = models.DateField("終了日", null=True, blank=True)
    # The last contact's date, kept with each contact so that stale lists and the funnel need no aggregate.
    last_contact_on = models.DateField("最後の接触", null=True, blank=True)
    created_by_name = models.CharField("登録者", max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "アウトリーチ対象"
        verbose_name_plural = "アウトリーチ対象"
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["owner_agency", "stage"], name="outreach_target_stage"),
            models.Index(fields=["owner_agency", "last_contact_on"], name="outreach_target_recent"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def number(self) -> str:
        return fiscal_number(self.raised_on, self.pk)

    @property
    def is_open(self) -> bool:
        return self.stage != Stage.CLOSED


class StageChange(AuditLabelled, models.Model):
    """One move between stages, as the timeline shows it."""

    audit_noun = "アウトリーチの段階の変更"
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    on = models.DateField("日付")
    note = models.CharField("理由・メモ", max_length=200, blank=True)
    author_name = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on:%Y/%m/%d} {self.get_to_stage_display()}"


class Contact(AuditLabelled, Authored):
    """One contact attempt, logged in seconds on the road: date, method, with whom, outcome, what happened,
    the next step."""

    audit_noun = "アウトリーチの接触記録"
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="contacts")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    on = models.DateField("日付")
    method = models.CharField("方法", max_length=12, choices=Method.choices, default=Method.VISIT)
    with_whom = models.CharField("相手", max_length=8, choices=With.choices, default=With.PERSON)
    outcome = models.CharField("結果", max_length=14, choices=Outcome.choices)
    minutes = models.PositiveSmallIntegerField("所要時間（分）", null=True, blank=True)
    text = models.TextField("様子・やりとり", blank=True)
    next_step = models.CharField("次の一手", max_length=200, blank=True)
    next_on = models.DateField("次の予定日", null=True, blank=True)

    class Meta:
        verbose_name = "アウトリーチの接触記録"
        verbose_name_plural = "アウトリーチの接触記録"
        ordering = ["-on", "-pk"]
        indexes = [
            models.Index(fields=["target", "-on"], name="outreach_contact_recent"),
            models.Index(fields=["agency", "on"], name="outreach_contact_agency_on"),
        ]

    def __str__(self) -> str:
        return f"{self.on:%Y/%m/%d} {self.get_method_display()}（{self.get_outcome_display()}）"


class HomeVisit(AuditLabelled, models.Model):
    """The safety record of a home visit: who went, with whom, when they expect to be back, and the 帰所確認."""

    audit_noun = "訪問（帰所確認）"
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="home_visits")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    visitor_name = models.CharField("訪問者", max_length=60)
    companions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="同行する職員"
    )
    companions_other = models.CharField("同行者（職員以外）", max_length=100, blank=True)
    leaves_at = models.DateTimeField("出発")
    expected_back_at = models.DateTimeField("帰所予定")
    returned_at = models.DateTimeField("帰所", null=True, blank=True)
    returned_confirmed_by = models.CharField("帰所を確認した職員", max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "訪問（帰所確認）"
        verbose_name_plural = "訪問（帰所確認）"
        ordering = ["expected_back_at", "pk"]
        indexes = [models.Index(fields=["agency", "returned_at"], name="outreach_homevisit_open")]

    def __str__(self) -> str:
        return f"訪問 {localtime(self.leaves_at):%m/%d %H:%M}"

    @property
    def is_overdue(self) -> bool:
        return self.returned_at is None and self.expected_back_at < timezone.now()
