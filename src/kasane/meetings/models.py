"""Meetings: 支援会議 (社会福祉法第106条の6), 重層的支援会議, 全体推進会議, and existing meetings doubling as them.

A ``MeetingBody`` is the standing body (its host, its members, the kinds of meeting it serves); a ``Meeting``
is one sitting, which may serve several kinds at once. Every ``AgendaItem`` carries its own legal basis:

- a 支援会議 item (``SW_CASE``) is about someone who has not consented. Its content (the situation written for
  the item, the discussion, the decisions and the tasks) is a compartment: only members of the body who were
  invited to the item and hold a current 守秘義務の誓約 (``Pledge``) see it, and nothing in it is copied
  anywhere else;
- a 重層的支援会議 item (plan approval, progress review, closure) is about a case whose person consented to
  discussion at the meeting; its outcome is recorded as a ``Decision`` about the case — the only way a plan is
  approved or a case closed;
- a 全体推進会議 item is about the system, not a person; it feeds the register of resource gaps.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from kasane.agencies.models import Agency
from kasane.casework.models import DecisionKind, Outcome
from kasane.lib.dates import fiscal_year, fiscal_year_bounds, today
from kasane.lib.records import AuditLabelled

# The vocabulary has its own module; the ``X as X`` names are kept here for callers importing them from models.
from kasane.meetings.vocabulary import ITEM_MEETING_KIND as ITEM_MEETING_KIND
from kasane.meetings.vocabulary import (
    LAYERED_ITEM_KINDS,
    GapStatus,
    ItemKind,
    ItemStatus,
    MeetingKind,
    MeetingStatus,
    SupportOutcome,
)
from kasane.meetings.vocabulary import PLEDGE_WORDING as PLEDGE_WORDING


class MeetingBody(models.Model):
    """A standing meeting body: who hosts it, who its members are, which kinds of meeting it serves."""

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("会議体の名称", max_length=100)
    kinds = models.JSONField("会議の種類", default=list)
    host_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="主催"
    )
    # 004: "重層的支援会議は多機関協働事業者が主催し" while "この会議（支援会議）は市が主催します": a body that
    # serves both (002's 包括的支援会議) has the city as host and the 多機関協働事業者 hosting the 重層 part.
    # Blank when the host itself runs 多機関協働 (002: 福祉課 直営) or the body holds no 重層的支援会議.
    collaboration_host = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="重層的支援会議の主催（多機関協働事業者）",
        help_text="主催と異なる場合に選びます。市町村が多機関協働を直営し、主催を兼ねる場合は空欄にします。",
    )
    description = models.TextField("説明", blank=True, help_text="根拠となる要綱、構成員の考え方など")
    is_active = models.BooleanField("使用中", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "会議体"
        verbose_name_plural = "会議体"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def serves_support(self) -> bool:
        return MeetingKind.SUPPORT in self.kinds

    def kind_labels(self) -> list[str]:
        return [MeetingKind(k).label for k in self.kinds if k in MeetingKind.values]

    @property
    def layered_host(self) -> Agency:
        """Who hosts the body's 重層的支援会議 and 全体推進会議 (see ``kasane.meetings.rules``)."""
        return self.collaboration_host or self.host_agency


class BodyMember(models.Model):
    body = models.ForeignKey(MeetingBody, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="職員"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="所属機関"
    )
    is_core = models.BooleanField("定例の構成員", default=True)
    joined_on = models.DateField("参加日")
    left_on = models.DateField("退任日", null=True, blank=True)

    class Meta:
        verbose_name = "構成員"
        verbose_name_plural = "構成員"
        ordering = ["agency__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "user"], condition=Q(left_on__isnull=True), name="body_member_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency}・{self.user.full_name}"


class PledgeQuerySet(models.QuerySet["Pledge"]):
    def current(self, on: dt.date | None = None) -> PledgeQuerySet:

        day = on or today()
        return self.filter(pledged_on__lte=day, valid_until__gte=day)


class Pledge(models.Model):
    """守秘義務の誓約: before seeing anything of a 支援会議, for the fiscal year in which it is signed."""

    body = models.ForeignKey(MeetingBody, on_delete=models.PROTECT, related_name="pledges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    user_name = models.CharField("氏名", max_length=60)
    agency_name = models.CharField("所属", max_length=120)
    pledged_on = models.DateField("誓約日")
    valid_until = models.DateField("有効期限")
    wording = models.TextField("誓約文")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = "守秘義務の誓約"
        verbose_name_plural = "守秘義務の誓約"
        ordering = ["-pledged_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_name}の誓約（{self.pledged_on:%Y/%m/%d}）"

    @staticmethod
    def valid_until_for(day: dt.date) -> dt.date:
        """A pledge holds until the end of the fiscal year (年度) in which it was signed; renewed yearly."""
        return fiscal_year_bounds(fiscal_year(day))[1]


class MeetingSeries(models.Model):
    """Regular sittings, e.g. 毎月第3木曜日 14:00 (004: monthly with the core members)."""

    body = models.ForeignKey(MeetingBody, on_delete=models.PROTECT, related_name="series")
    title = models.CharField("名称", max_length=100)
    week = models.PositiveSmallIntegerField("第○週")
    weekday = models.PositiveSmallIntegerField("曜日")  # 0 = 月曜日
    starts_at = models.TimeField("開始時刻")
    place = models.CharField("場所", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "定例会議"
        verbose_name_plural = "定例会議"

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    body = models.ForeignKey(
        MeetingBody, on_delete=models.PROTECT, related_name="meetings", verbose_name="会議体"
    )
    series = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    title = models.CharField("会議名", max_length=100)
    kinds = models.JSONField("この回が兼ねる会議", default=list)
    held_on = models.DateField("開催日")
    starts_at = models.TimeField("開始時刻", null=True, blank=True)
    ends_at = models.TimeField("終了時刻", null=True, blank=True)
    place = models.CharField("場所", max_length=100, blank=True)
    online_url = models.URLField("オンライン会議のURL", blank=True)
    urgent = models.BooleanField("緊急開催", default=False)
    status = models.CharField(
        "状態", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    summary = models.TextField("全体の記録", blank=True)
    # Who is called to a sitting is listed from the start with ``present`` ticked; only once the host records
    # attendance on or after the sitting's day do those rows say who came (the minutes' 出席者).
    attendance_recorded_at = models.DateTimeField("出席の記録日時", null=True, blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "会議"
        verbose_name_plural = "会議"
        ordering = ["-held_on", "-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:

        return reverse("meetings:detail", args=[self.pk])

    def serves(self, kind: str) -> bool:
        return kind in self.kinds

    def kind_labels(self) -> list[str]:
        return [MeetingKind(k).label for k in self.kinds if k in MeetingKind.values]

    @property
    def attendance_recorded(self) -> bool:
        return self.attendance_recorded_at is not None

    def is_ahead(self, day: dt.date) -> bool:
        """Its agenda may still change: the sitting's day has not come, or it was called off."""
        return self.status == MeetingStatus.CANCELLED or (
            self.status == MeetingStatus.SCHEDULED and day < self.held_on
        )


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("氏名", max_length=60)
    present = models.BooleanField("出席", default=True)

    class Meta:
        ordering = ["agency__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.agency}・{self.name}"


class AgendaItem(AuditLabelled, models.Model):
    audit_noun = "議題"
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("順番", default=1)
    kind = models.CharField("議題の種類", max_length=16, choices=ItemKind.choices)
    title = models.CharField("議題", max_length=100)
    # 重層的支援会議: the case (its consent covers discussion at the meeting).
    case = models.ForeignKey(
        "casework.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    plan = models.ForeignKey(
        "casework.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="agenda_items"
    )
    # 支援会議: who it is about, as written for the item (kept in the compartment, never copied out). The host
    # may link a person it already sees, so a later 開示 or retention finds the item; the link grants nothing.
    person = models.ForeignKey(
        "casework.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_name = models.CharField("対象者の氏名", max_length=60, blank=True)
    subject_kana = models.CharField("ふりがな", max_length=60, blank=True)
    subject_age = models.CharField("年齢", max_length=20, blank=True)
    subject_area = models.CharField("地区", max_length=60, blank=True)
    situation = models.TextField("状況", blank=True)
    discussion = models.TextField("協議の内容", blank=True)
    decisions = models.TextField("決まったこと", blank=True)
    outcome = models.CharField("結果", max_length=16, blank=True)
    rediscuss_on = models.DateField("再協議の予定日", null=True, blank=True)
    contact_by = models.CharField("本人に接触する機関・担当", max_length=100, blank=True)
    status = models.CharField("状態", max_length=10, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name="この議題の参加者"
    )
    lock_version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "議題"
        verbose_name_plural = "議題"
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return f"議題{self.order}：{self.title}"

    def get_absolute_url(self) -> str:

        return reverse("meetings:item", args=[self.pk])

    @property
    def is_support(self) -> bool:
        """Shared under 社会福祉法第106条の6: compartmented, pledged members only."""
        return self.kind == ItemKind.SUPPORT_CASE

    @property
    def is_layered(self) -> bool:
        return self.kind in LAYERED_ITEM_KINDS

    def has_minutes(self) -> bool:
        """Something of the sitting is written for the item: discussion, decisions, an outcome or a task."""
        return bool(
            self.status == ItemStatus.DISCUSSED
            or self.discussion
            or self.decisions
            or self.outcome
            or self.actions.exists()
        )

    def outcome_label(self) -> str:

        for choices in (SupportOutcome, Outcome):
            if self.outcome in choices.values:
                return str(choices(self.outcome).label)
        return ""


class Decision(AuditLabelled, models.Model):
    """A decision of a 重層的支援会議 (個別) about a case."""

    audit_noun = "会議の決定"

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="decisions")
    plan = models.ForeignKey(
        "casework.Plan", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField("議題", max_length=14, choices=DecisionKind.choices)
    decided_on = models.DateField("会議日")
    meeting_name = models.CharField("会議名", max_length=100, default="重層的支援会議")
    attendees = models.TextField("出席者")
    outcome = models.CharField("結果", max_length=10, choices=Outcome.choices)
    notes = models.TextField("協議内容・理由", blank=True)
    # The 重層的支援会議 agenda item this decision came from: a plan is approved or a case closed only there.
    agenda_item = models.OneToOneField(
        "AgendaItem", null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "会議の決定"
        verbose_name_plural = "会議の決定"
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.get_outcome_display()}"


class ActionItem(AuditLabelled, models.Model):
    """Who does what by when, from the minutes of an item; in the assignee's list until done."""

    audit_noun = "宿題"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="担当者"
    )
    task = models.CharField("すること", max_length=200)
    due_on = models.DateField("期限")
    done_on = models.DateField("完了日", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "宿題"
        verbose_name_plural = "宿題"
        ordering = ["done_on", "due_on", "pk"]

    def __str__(self) -> str:
        return self.task


class ResourceGap(AuditLabelled, models.Model):
    """不足している社会資源: raised from cases and meetings, followed up at the 全体推進会議."""

    audit_noun = "社会資源"

    municipality = models.ForeignKey("tenancy.Municipality", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("不足している社会資源", max_length=100)
    description = models.TextField(
        "内容", help_text="個人が特定される情報は書かないでください（例：「夜間に通える居場所がない」）。"
    )
    raised_on = models.DateField("提起日")
    raised_by_agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name="提起した機関"
    )
    source_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField("状況", max_length=12, choices=GapStatus.choices, default=GapStatus.RAISED)
    follow_up = models.TextField("対応・経過", blank=True)
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "不足している社会資源"
        verbose_name_plural = "不足している社会資源"
        ordering = ["status", "-raised_on", "-pk"]

    def __str__(self) -> str:
        return self.title
