"""多機関協働 cases: one per household and period, with its team, assessments, plans, decisions and notes.

Transitions are actions recorded as ``CaseEvent`` rows (actor and date); what may follow what is in
``casework.workflow.cases``. The decisions a 重層的支援会議 can take about a case (plan approval, revision,
review, closure: ``DecisionKind``, ``Outcome``) are the case workflow's vocabulary; the meeting records each
as a ``meetings.Decision`` from one of its agenda items, and ``casework.services.decisions.record_decision`` makes
it move the case.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from kasane.casework.models.life import (
    AssessmentResult,
    ClosureCode,
    LifeSituation,
    Place,
    Stage,
)
from kasane.lib.dates import fiscal_number
from kasane.lib.records import AuditLabelled, Authored


class CaseStatus(models.TextChoices):
    INTAKE = "intake", "受付"
    ASSESSMENT = "assessment", "アセスメント中"
    PLANNING = "planning", "プラン作成中"
    AWAITING_MEETING = "awaiting_meeting", "会議待ち"
    SUPPORT = "support", "支援中"
    CLOSED = "closed", "終結"


class Case(AuditLabelled, models.Model):
    audit_noun = "ケース"
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    owner_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="多機関協働事業者"
    )
    household = models.ForeignKey("casework.Household", on_delete=models.PROTECT, related_name="cases")
    person = models.ForeignKey(
        "casework.Person", on_delete=models.PROTECT, related_name="cases", verbose_name="本人"
    )
    consent = models.ForeignKey(
        "casework.Consent", on_delete=models.PROTECT, related_name="cases", verbose_name="利用申込み（同意）"
    )
    consultation = models.ForeignKey(
        "casework.Consultation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral = models.ForeignKey(
        "casework.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 主たる支援対象者: whom the work is mostly about, members of the case's household. The 本人 above applied
    # and gave the consent; in the 8050 case that is the mother while the work is mostly about her son.
    subjects = models.ManyToManyField(
        "casework.Person", blank=True, related_name="subject_of_cases", verbose_name="主たる支援対象者"
    )
    status = models.CharField("状態", max_length=20, choices=CaseStatus.choices, default=CaseStatus.INTAKE)
    title = models.CharField("ケースの概要", max_length=100, help_text="例：8050・長期ひきこもり")
    opened_on = models.DateField("受付日")
    closed_on = models.DateField("終結日", null=True, blank=True)
    closure_reason = models.TextField("終結の理由", blank=True)
    # 終結理由区分: taken from the closing evaluation when the 重層的支援会議 decides the closure.
    closure_code = models.CharField("終結理由区分", max_length=14, choices=ClosureCode.choices, blank=True)
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="主担当者",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "多機関協働ケース"
        verbose_name_plural = "多機関協働ケース"
        ordering = ["-opened_on", "-pk"]
        constraints = [
            # One open case per household: a closed one is reopened rather than duplicated.
            models.UniqueConstraint(
                fields=["household"], condition=~Q(status="closed"), name="case_one_open_per_household"
            )
        ]

    def __str__(self) -> str:
        return f"ケース {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    @property
    def number(self) -> str:
        """ケース番号 (R6-0012): the 年度 of 受付日, which is never edited, and the case's serial."""
        return fiscal_number(self.opened_on, self.pk)


class CaseEvent(AuditLabelled, models.Model):
    audit_noun = "ケースの経過"
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=30)
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=60)
    on = models.DateField("日付")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}（{self.on:%Y/%m/%d}）"


class TeamPart(models.TextChoices):
    LEAD = "lead", "主担当"
    SUPPORT = "support", "支援機関"
    PARTICIPATION = "participation", "参加支援"
    OUTREACH = "outreach", "アウトリーチ"
    OTHER = "other", "その他"


class TeamMember(AuditLabelled, models.Model):
    audit_noun = "支援チーム"
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="team")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="機関"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="担当者",
    )
    part = models.CharField("役割", max_length=14, choices=TeamPart.choices, default=TeamPart.SUPPORT)
    joined_on = models.DateField("参加日")
    left_on = models.DateField("離脱日", null=True, blank=True)

    class Meta:
        verbose_name = "支援チーム"
        verbose_name_plural = "支援チーム"
        ordering = ["part", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "agency"], condition=Q(left_on__isnull=True), name="team_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}（{self.get_part_display()}）"


class Urgency(models.TextChoices):
    HIGH = "high", "高（早急な対応が必要）"
    MEDIUM = "medium", "中"
    LOW = "low", "低"


class Assessment(AuditLabelled, LifeSituation, Authored):
    """インテーク・アセスメントシート: the household's situation in words, the person's life as facts
    (``LifeSituation``, carried over from the intake and the previous version), the 複合課題, and the result."""

    audit_noun = "アセスメント"
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    version = models.PositiveIntegerField("版")
    assessed_on = models.DateField("アセスメント日")
    household_situation = models.TextField("世帯の状況")
    household_issues = models.TextField("世帯全体の課題", blank=True)
    strengths = models.TextField("強み・活用できる資源", blank=True)
    person_words = models.TextField("本人の言葉・希望", blank=True)
    urgency = models.CharField("緊急度", max_length=8, choices=Urgency.choices, default=Urgency.MEDIUM)
    risks = models.TextField("リスク", blank=True)
    background = models.TextField("課題の背景要因", blank=True)
    situations = models.JSONField("複合課題の類型", default=list, blank=True)
    result = models.CharField(
        "アセスメント結果・支援方針", max_length=14, choices=AssessmentResult.choices, blank=True
    )

    class Meta:
        verbose_name = "アセスメント"
        verbose_name_plural = "アセスメント"
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["case", "version"], name="assessment_version")]

    def __str__(self) -> str:
        return f"アセスメント 第{self.version}版"


class AssessmentMember(AuditLabelled, models.Model):
    audit_noun = "アセスメント（世帯員）"
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, related_name="+")
    situation = models.TextField("状況", blank=True)
    issues = models.TextField("課題", blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.person}の状況"


class PlanKind(models.TextChoices):
    COLLABORATION = "collaboration", "多機関協働"
    PARTICIPATION = "participation", "参加支援"
    OUTREACH = "outreach", "アウトリーチ"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "作成中"
    SUBMITTED = "submitted", "会議提出"
    APPROVED = "approved", "承認"
    REVISION = "revision", "修正"
    ACTIVE = "active", "実施中"
    REVIEW = "review", "見直し"
    ENDED = "ended", "終了"


class Plan(AuditLabelled, Authored):
    audit_noun = "支援プラン"
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField(
        "プランの種類", max_length=14, choices=PlanKind.choices, default=PlanKind.COLLABORATION
    )
    version = models.PositiveIntegerField("版")
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    status = models.CharField("状態", max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    long_term_goal = models.TextField("長期目標（本人の言葉で）")
    short_term_goals = models.TextField("短期目標（本人の言葉で）")
    needs = models.TextField("解決すべき課題（ニーズ）", blank=True)
    policy = models.TextField("総合的な支援方針", blank=True)
    person_tasks = models.TextField("本人の取り組むこと", blank=True)
    programmes = models.JSONField("利用する事業", default=list, blank=True)
    employment_support = models.BooleanField("就労支援の対象とする", default=False)
    starts_on = models.DateField("プラン期間（開始）", null=True, blank=True)
    ends_on = models.DateField("プラン期間（終了）", null=True, blank=True)
    next_review_on = models.DateField("次回見直し日", null=True, blank=True)
    person_agreed = models.BooleanField("本人の同意", default=False)
    person_agreed_on = models.DateField("本人が同意した日", null=True, blank=True)
    person_comment = models.TextField("本人の意見", blank=True)
    # Optimistic locking: every save bumps it; a save based on an older value is refused.
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "支援プラン"
        verbose_name_plural = "支援プラン"
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "version"], name="plan_version")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}プラン 第{self.version}版"


class PlanRole(AuditLabelled, models.Model):
    audit_noun = "役割分担"
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="roles")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="機関"
    )
    who = models.CharField("担当者", max_length=60, blank=True)
    actions = models.TextField("役割・支援内容")
    frequency = models.CharField("頻度", max_length=40, blank=True)
    until = models.DateField("期間（いつまで）", null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.agency}の役割"


class DecisionKind(models.TextChoices):
    PLAN_APPROVAL = "plan_approval", "プランの適切性"
    PROGRESS = "progress", "進捗確認"
    CLOSURE = "closure", "終結時の評価"


class Outcome(models.TextChoices):
    APPROVED = "approved", "承認"
    REVISE = "revise", "修正を求める"
    CONTINUE = "continue", "支援継続"
    CLOSE = "close", "終結"


DECISION_OUTCOMES = {
    DecisionKind.PLAN_APPROVAL: (Outcome.APPROVED, Outcome.REVISE),
    DecisionKind.PROGRESS: (Outcome.CONTINUE, Outcome.REVISE),
    DecisionKind.CLOSURE: (Outcome.CLOSE, Outcome.CONTINUE),
}


class NoteKind(models.TextChoices):
    INTERVIEW = "interview", "面談"
    HOME_VISIT = "home_visit", "訪問"
    PHONE = "phone", "電話"
    ACCOMPANY = "accompany", "同行"
    MEETING = "meeting", "会議"
    OTHER = "other", "その他"


class ProgressNote(AuditLabelled, Authored):
    """支援経過記録. Written by any team member; belongs to the writer's agency."""

    audit_noun = "支援経過記録"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("種別", max_length=12, choices=NoteKind.choices, default=NoteKind.INTERVIEW)
    on = models.DateField("日付")
    starts_at = models.TimeField("開始時刻", null=True, blank=True)
    minutes = models.PositiveSmallIntegerField("所要時間（分）", null=True, blank=True)
    counterparts = models.JSONField("相手方", default=list, blank=True)
    counterpart_name = models.CharField("相手方（氏名・機関名）", max_length=100, blank=True)
    place = models.CharField("場所", max_length=10, choices=Place.choices, blank=True)
    place_note = models.CharField("場所（詳しく）", max_length=100, blank=True)
    # 支援の段階: the case's state when the note was written, set by the service.
    stage = models.CharField("支援の段階", max_length=12, choices=Stage.choices, blank=True, editable=False)
    text = models.TextField("内容")
    next_action = models.TextField("今後の対応・次回予定", blank=True)

    class Meta:
        verbose_name = "支援経過記録"
        verbose_name_plural = "支援経過記録"
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"支援経過 {self.on:%Y/%m/%d} {self.get_kind_display()}"
