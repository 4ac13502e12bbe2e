"""One municipality's 専門家派遣 in one 年度, as 003 ran its consultancy: the request, the prefecture's
decision, the hearing (図表 2-4), the year-end goals and actions (STEP2-2), the on-site workshops with their
worksheets (事前課題シート), and the outcome of each goal (STEP3, 図表 2-74〜2-78)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from kasane.dispatch.models.library import Expert, theme_labels
from kasane.lib.records import AuditLabelled
from kasane.readiness.themes import ReadinessItem


def field_label(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


class DispatchStatus(models.TextChoices):
    RECEIVED = "received", "依頼受付"
    HEARD = "heard", "ヒアリング済"
    GOALS_SET = "goals_set", "目標設定済"
    WORKSHOP_HELD = "workshop_held", "ワークショップ実施"
    CONCLUDED = "concluded", "成果整理済"
    WITHDRAWN = "withdrawn", "取りやめ"


# The order a dispatch moves through; 取りやめ can end it at any step before 成果整理済.
STATUS_FLOW: tuple[str, ...] = (
    DispatchStatus.RECEIVED,
    DispatchStatus.HEARD,
    DispatchStatus.GOALS_SET,
    DispatchStatus.WORKSHOP_HELD,
    DispatchStatus.CONCLUDED,
)


class Dispatch(models.Model):
    prefecture = models.ForeignKey("tenancy.Prefecture", on_delete=models.CASCADE, related_name="dispatches")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="dispatches", verbose_name="市町村"
    )
    status = models.CharField(
        "状況", max_length=16, choices=DispatchStatus.choices, default=DispatchStatus.RECEIVED
    )
    requested_on = models.DateField("依頼を受けた日")
    requested_by = models.CharField(
        "依頼した部署・担当", max_length=100, help_text="例：保健福祉課 福祉係（係長）"
    )
    request_text = models.TextField("依頼の内容", help_text="市町村が派遣で相談したいこと・困っていること")
    themes = models.JSONField("相談したいテーマ", default=list, blank=True)
    experts = models.ManyToManyField(
        Expert, blank=True, related_name="dispatches", verbose_name="派遣する専門家"
    )
    agreed_on = models.DateField("道との協議で決定した日", null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="決定した都道府県の担当者",
    )
    withdrawn_reason = models.TextField("取りやめの理由", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登録した職員"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "専門家派遣"
        verbose_name_plural = "専門家派遣"
        ordering = ["-fiscal_year", "municipality__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "fiscal_year"],
                name="dispatch_one_per_year",
                violation_error_message="この市町村のこの年度の派遣はすでに登録されています。",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}（{self.fiscal_year}年度）"

    @property
    def is_open(self) -> bool:
        return self.status not in (DispatchStatus.CONCLUDED, DispatchStatus.WITHDRAWN)

    @property
    def is_agreed(self) -> bool:
        return self.agreed_on is not None

    def has_reached(self, status: str) -> bool:
        """Whether the dispatch is at ``status`` or past it (a withdrawn one has reached nothing)."""
        if self.status == DispatchStatus.WITHDRAWN:
            return False
        return STATUS_FLOW.index(self.status) >= STATUS_FLOW.index(status)

    def steps(self) -> list[tuple[str, bool]]:
        """(label, is_current) for the stepper at the top of the page."""
        return [(DispatchStatus(s).label, s == self.status) for s in STATUS_FLOW]

    def theme_labels(self) -> list[str]:
        return theme_labels(self.themes)


class HearingMethod(models.TextChoices):
    ONLINE = "online", "オンライン"
    PHONE = "phone", "電話"
    MAIL = "mail", "メール"
    VISIT = "visit", "訪問"


class Hearing(models.Model):
    """事前ヒアリング. One text per item of 003 図表 2-4, so the record reads like 図表 2-5."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField("実施日")
    method = models.CharField("方法", max_length=10, choices=HearingMethod.choices)
    attendees = models.TextField(
        "出席者", help_text="所属と職（例：保健福祉課長、社協 事務局長、道 地域福祉課）"
    )
    # ① 重層的支援体制の体制整備の検討のきっかけ
    lead_division = models.CharField(
        "地域共生関係の所管部署", max_length=100, blank=True, help_text="例：保健福祉課 福祉係"
    )
    promoter = models.TextField(
        "推進役・機関（庁内・民間）の有無",
        blank=True,
        help_text="体制整備を引っ張る人や機関が庁内・民間にいるか。いれば、どこの誰（職）か。",
    )
    trigger_case = models.TextField(
        "きっかけとなったケース",
        blank=True,
        help_text="検討のきっかけになった相談や事例。個人が特定できる情報は書かないでください。",
    )
    model_project = models.TextField(
        "モデル事業実施状況", blank=True, help_text="モデル事業・移行準備事業の実施の有無と年度"
    )
    model_project_experience = models.TextField(
        "モデル事業実施（検討）時の様子",
        blank=True,
        help_text="うまくいったこと、苦労したこと、検討で止まった理由",
    )
    # ② 重層的支援体制の体制整備に関する現況
    agencies_status = models.TextField(
        "各相談機関の状況（運営方式／人材／業務状況等）",
        blank=True,
        help_text="包括・障害・子ども・困窮の相談機関の数、直営か委託か、人員と忙しさ",
    )
    awareness = models.TextField(
        "事業に関する各関係者の関心・認知度", blank=True, help_text="庁内・社協・相談機関・地域の受け止め"
    )
    internal_structure = models.TextField(
        "庁内連携体制の有無（部署統合／会議体等）", blank=True, help_text="庁内連携会議、部署の統合・再編など"
    )
    professional_collab = models.TextField(
        "専門職同士の連携状況", blank=True, help_text="現場の相談員どうしのケース連携の様子"
    )
    finance = models.TextField("財政部との折衝状況", blank=True, help_text="事業化・予算の相談の段階")
    initiatives = models.TextField(
        "体制整備に向けた具体的な取り組みの有無及びアイディア",
        blank=True,
        help_text="すでに始めていること、やってみたいこと",
    )
    # ③ 重層的支援体制整備事業を通じて目指すところ
    vision_clarity = models.TextField(
        "事業を通して実現させたいことが明らかか否か",
        blank=True,
        help_text="地域福祉計画などに書かれた目指す姿と、担当課の思い",
    )
    vision_shared = models.TextField(
        "関係者（庁内・専門職・地域）との共有が図れているか",
        blank=True,
        help_text="目指すところを誰と、どの場で共有しているか",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="記録した職員"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "事前ヒアリング"
        verbose_name_plural = "事前ヒアリング"
        ordering = ["dispatch", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.dispatch} ヒアリング {self.held_on}"

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """図表 2-4's headings, each with (item label, what was heard) for the items filled in."""
        result = []
        for heading, names in HEARING_SECTIONS:
            rows = [(field_label(Hearing, n), getattr(self, n)) for n in names]
            result.append((heading, rows))
        return result


# 003 図表 2-4: the three headings and the items under each.
HEARING_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "① 重層的支援体制の体制整備の検討のきっかけ",
        ("lead_division", "promoter", "trigger_case", "model_project", "model_project_experience"),
    ),
    (
        "② 重層的支援体制の体制整備に関する現況",
        (
            "agencies_status",
            "awareness",
            "internal_structure",
            "professional_collab",
            "finance",
            "initiatives",
        ),
    ),
    ("③ 重層的支援体制整備事業を通じて目指すところ", ("vision_clarity", "vision_shared")),
)


class Goal(AuditLabelled, models.Model):
    """今年度末の目標, agreed with the municipality (003 STEP2-2), and the readiness item it moves."""

    audit_noun = "目標"

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField("今年度末の目標")
    readiness_item = models.CharField("進めたい項目", max_length=20, choices=ReadinessItem.choices)
    agreed_on = models.DateField("市町村と合意した日")
    order = models.PositiveSmallIntegerField("表示順", default=0)

    class Meta:
        verbose_name = "今年度末の目標"
        verbose_name_plural = "今年度末の目標"
        ordering = ["dispatch", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class GoalAction(AuditLabelled, models.Model):
    """具体的な取り組み事項 under a goal: what, who, by when, and when it was done."""

    audit_noun = "取り組み事項"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField("取り組み事項", max_length=200)
    who = models.CharField("担当", max_length=100, help_text="部署や機関（例：保健福祉課、町社協、道）")
    due_on = models.DateField("期限", null=True, blank=True)
    done_on = models.DateField("実施した日", null=True, blank=True)

    class Meta:
        verbose_name = "具体的な取り組み事項"
        verbose_name_plural = "具体的な取り組み事項"
        ordering = ["goal", "due_on", "pk"]

    def __str__(self) -> str:
        return self.what


# Who came to a workshop, counted by the kind of organisation (numbers, never names).
PARTICIPANT_KINDS: tuple[tuple[str, str], ...] = (
    ("count_city", "市町村の職員"),
    ("count_shakyo", "社会福祉協議会"),
    ("count_houkatsu", "地域包括支援センター"),
    ("count_disability", "障害分野の相談機関"),
    ("count_children", "子ども・子育て分野の機関"),
    ("count_poverty", "生活困窮分野の機関"),
    ("count_other", "その他（民生委員・NPO・医療など）"),
)


class Workshop(models.Model):
    """現地ワークショップ: held on site, with the municipality's and 社協's staff (000 §6(3))."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField("名称", max_length=120)
    held_on = models.DateField("開催日")
    place = models.CharField("会場", max_length=120)
    programme = models.TextField("プログラム", help_text="1行に1項目（例：13:30〜 趣旨説明）")
    experts = models.ManyToManyField(
        Expert, blank=True, related_name="workshops", verbose_name="講師・助言者"
    )
    count_city = models.PositiveSmallIntegerField("市町村の職員", default=0)
    count_shakyo = models.PositiveSmallIntegerField("社会福祉協議会", default=0)
    count_houkatsu = models.PositiveSmallIntegerField("地域包括支援センター", default=0)
    count_disability = models.PositiveSmallIntegerField("障害分野の相談機関", default=0)
    count_children = models.PositiveSmallIntegerField("子ども・子育て分野の機関", default=0)
    count_poverty = models.PositiveSmallIntegerField("生活困窮分野の機関", default=0)
    count_other = models.PositiveSmallIntegerField("その他（民生委員・NPO・医療など）", default=0)
    reflection = models.TextField("振り返り", blank=True, help_text="当日の様子、出た意見、次に向けて")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "現地ワークショップ"
        verbose_name_plural = "現地ワークショップ"
        ordering = ["dispatch", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.title}（{self.held_on}）"

    def is_held(self, on: dt.date) -> bool:
        """Held once its day has come; before that it is 予定 and nothing about how it went can be known."""
        return self.held_on <= on

    def held_label(self, on: dt.date) -> str:
        return "実施" if self.is_held(on) else "予定"

    @property
    def has_results(self) -> bool:
        """Whether anything is recorded that only a held workshop has: participants or a reflection."""
        return self.participant_total > 0 or bool(self.reflection.strip())

    def participant_rows(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, name)) for name, label in PARTICIPANT_KINDS]

    @property
    def participant_total(self) -> int:
        return sum(getattr(self, name) for name, _label in PARTICIPANT_KINDS)

    def programme_lines(self) -> list[str]:
        return [line.strip() for line in self.programme.splitlines() if line.strip()]


class WorksheetEntry(AuditLabelled, models.Model):
    """One group's (or one organisation's) 事前課題シート, as 003's 研修 used it. De-identified: the service
    refuses a phone number or a date of birth in any field."""

    audit_noun = "ワークシート"

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="worksheets")
    group_label = models.CharField(
        "グループ・所属", max_length=60, help_text="例：1班、町社協、地域包括支援センター"
    )
    success_case = models.TextField("(A) 連携して対応に成功したケース", blank=True)
    success_factors = models.TextField("(a) 連携の成功要因", blank=True)
    failed_case = models.TextField("(B) 連携が難しかった／解決に結びつかなかったケース", blank=True)
    missing_agencies = models.TextField("(b) 足りなかった機関（連携したかった機関）", blank=True)
    missing_resources = models.TextField("(c) 足りなかった社会資源（あったらよかった社会資源）", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    TEXT_FIELDS = ("success_case", "success_factors", "failed_case", "missing_agencies", "missing_resources")

    class Meta:
        verbose_name = "ワークシート"
        verbose_name_plural = "ワークシート"
        ordering = ["workshop", "pk"]

    def __str__(self) -> str:
        return self.group_label


class Achievement(models.TextChoices):
    ACHIEVED = "achieved", "達成"
    PARTLY = "partly", "一部達成"
    NOT_ACHIEVED = "not_achieved", "未達成"


class GoalOutcome(models.Model):
    """本事業の成果 for one goal (003 図表 2-74〜2-78): what changed, with the evidence, and how far."""

    goal = models.OneToOneField(Goal, on_delete=models.CASCADE, related_name="outcome")
    changes = models.TextField("変わったこと（成果）")
    evidence = models.TextField(
        "根拠となる事実", help_text="会議の開催、研修の参加人数、アンケートの結果など"
    )
    achievement = models.CharField("達成度", max_length=16, choices=Achievement.choices)
    next_steps = models.TextField("今後の課題", blank=True)
    rating = models.ForeignKey(
        "readiness.ReadinessRating",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="更新した体制整備の段階",
    )
    recorded_on = models.DateField("整理した日")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="整理した職員"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "目標ごとの成果"
        verbose_name_plural = "目標ごとの成果"

    def __str__(self) -> str:
        return self.get_achievement_display()
