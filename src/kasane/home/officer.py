"""The prefecture officer's home (後方支援の担当者): this 年度's minimums (000 §6), what is due and what is late,
each item a link to the record it comes from. Everything is computed from records at the moment of asking;
nothing here is stored.

Two planning rules decide when a minimum still missing "can no longer be met in time" (shown as late rather
than due): an event needs about a month from its notice to its day (``NOTICE_DAYS``: the sign-up period the
municipalities' staff need to arrange attendance), and an expert dispatch needs about three months from the
request to a workshop on site (``DISPATCH_LEAD_DAYS``: the hearing, the goals, then the workshop).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse

from kasane.dispatch.models import Dispatch, DispatchStatus, GoalAction
from kasane.events.minimums import Minimum, Status, check_minimums, dispatch_count
from kasane.events.models import Event
from kasane.lib.dates import fiscal_year, fiscal_year_bounds, fiscal_year_label, wareki
from kasane.questionnaires.models import Questionnaire
from kasane.questionnaires.models import Status as QuestionnaireStatus
from kasane.readiness.models import ReadinessSheet
from kasane.tenancy.models import Municipality, Prefecture

COMING_DAYS = 42  # "the coming weeks": six weeks ahead
NOTICE_DAYS = 30
DISPATCH_LEAD_DAYS = 90
DISPATCH_LABEL = "専門家派遣"  # the label events.minimums gives the dispatch minimum

# What an open dispatch waits for next, by its status (決定 first when it is not yet agreed).
NEXT_STEP = {
    DispatchStatus.RECEIVED: "ヒアリング",
    DispatchStatus.HEARD: "目標と取り組みの設定",
    DispatchStatus.GOALS_SET: "ワークショップ",
    DispatchStatus.WORKSHOP_HELD: "成果の整理",
}
CLOSED_DISPATCH = (DispatchStatus.CONCLUDED, DispatchStatus.WITHDRAWN)


@dataclass
class Item:
    """One line of the dashboard: what, a link to it, and a detail in words."""

    text: str
    url: str
    note: str = ""


@dataclass
class Dashboard:
    year: int
    today: dt.date
    minimums: list[Minimum]
    events: list[Item] = field(default_factory=list)
    dispatch_steps: list[Item] = field(default_factory=list)
    sheets_awaited: list[Item] = field(default_factory=list)
    overdue_actions: list[Item] = field(default_factory=list)
    unclosed_questionnaires: list[Item] = field(default_factory=list)
    out_of_time: list[Item] = field(default_factory=list)
    without_sheet: int = 0
    municipalities: int = 0

    @property
    def year_label(self) -> str:
        return fiscal_year_label(self.year)

    @property
    def days_left(self) -> int:
        """Days left in the 年度 after today (0 on 3月31日)."""
        return (fiscal_year_bounds(self.year)[1] - self.today).days

    @property
    def due_count(self) -> int:
        return len(self.events) + len(self.dispatch_steps) + len(self.sheets_awaited)

    @property
    def late_count(self) -> int:
        late = len(self.overdue_actions) + len(self.unclosed_questionnaires) + len(self.out_of_time)
        return late + (1 if self.without_sheet else 0)

    @property
    def without_sheet_url(self) -> str:
        return reverse("readiness:index") + "?sheet=none"


def build(prefecture: Prefecture, today: dt.date) -> Dashboard:
    year = fiscal_year(today)
    minimums = check_minimums(prefecture, year, dispatch_count(prefecture, year), today=today)
    board = Dashboard(year=year, today=today, minimums=minimums)
    board.events = coming_events(prefecture, today)
    board.dispatch_steps = dispatch_steps(prefecture, year)
    board.sheets_awaited = sheets_awaited(prefecture, year)
    board.overdue_actions = overdue_actions(prefecture, today)
    board.unclosed_questionnaires = unclosed_questionnaires(prefecture, today)
    board.out_of_time = out_of_time(minimums, board.days_left)
    in_prefecture = Municipality.objects.filter(prefecture=prefecture)
    board.municipalities = in_prefecture.count()
    board.without_sheet = (
        in_prefecture.exclude(readiness_sheets__made_on__range=fiscal_year_bounds(year)).distinct().count()
    )
    return board


def signup_state(event: Event, registered: int, today: dt.date) -> str:
    """申込 12人／定員 40人・申込フォーム公開中（締切 令和8年12月1日）, as the officer reads it."""
    parts = [f"申込 {registered}人" + (f"／定員 {event.capacity}人" if event.capacity else "（定員なし）")]
    if event.capacity and registered >= event.capacity:
        parts.append("定員に達しています")
    if event.signup_deadline and event.signup_deadline < today:
        parts.append(f"申込締切済み（{wareki(event.signup_deadline)}）")
    elif event.signup_open:
        deadline = f"（締切 {wareki(event.signup_deadline)}）" if event.signup_deadline else "（締切なし）"
        parts.append("申込フォーム公開中" + deadline)
    else:
        parts.append("申込フォームは未公開")
    return "・".join(parts)


def coming_events(prefecture: Prefecture, today: dt.date) -> list[Item]:
    events = (
        Event.objects.filter(
            prefecture=prefecture, starts_on__range=(today, today + dt.timedelta(days=COMING_DAYS))
        )
        .annotate(registered=Count("registrations"))
        .order_by("starts_on", "pk")
    )
    return [
        Item(
            text=f"{event.date_label()} {event.title}",
            url=reverse("events:detail", args=[event.pk]),
            note=signup_state(event, event.registered, today),
        )
        for event in events
    ]


def dispatch_steps(prefecture: Prefecture, year: int) -> list[Item]:
    dispatches = (
        Dispatch.objects.filter(prefecture=prefecture, fiscal_year=year)
        .exclude(status__in=CLOSED_DISPATCH)
        .select_related("municipality")
        .order_by("requested_on", "pk")
    )
    items = []
    for dispatch in dispatches:
        agreed = dispatch.agreed_on is not None
        step = NEXT_STEP[DispatchStatus(dispatch.status)] if agreed else "派遣の決定（道との協議）"
        items.append(
            Item(
                text=f"{dispatch.municipality.name}：{step}を待っています",
                url=reverse("dispatch:detail", args=[dispatch.pk]),
                note=f"現在：{dispatch.get_status_display()}・依頼 {wareki(dispatch.requested_on)}",
            )
        )
    return items


def sheets_awaited(prefecture: Prefecture, year: int) -> list[Item]:
    """This 年度's sheets begun but not yet submitted to the prefecture."""
    sheets = (
        ReadinessSheet.objects.filter(
            municipality__prefecture=prefecture,
            made_on__range=fiscal_year_bounds(year),
            submitted_at__isnull=True,
        )
        .select_related("municipality")
        .order_by("made_on", "pk")
    )
    return [
        Item(
            text=f"{sheet.municipality.name}のアセスメントシート（{wareki(sheet.made_on)}作成）",
            url=reverse("readiness:sheet", args=[sheet.pk]),
            note="未提出",
        )
        for sheet in sheets
    ]


def overdue_actions(prefecture: Prefecture, today: dt.date) -> list[Item]:
    """Goal actions of open dispatches past their 期限 and not done."""
    actions = (
        GoalAction.objects.filter(
            goal__dispatch__prefecture=prefecture, due_on__lt=today, done_on__isnull=True
        )
        .exclude(goal__dispatch__status__in=CLOSED_DISPATCH)
        .select_related("goal__dispatch__municipality")
        .order_by("due_on", "pk")
    )
    return [
        Item(
            text=f"{action.goal.dispatch.municipality.name}：{action.what}",
            url=reverse("dispatch:detail", args=[action.goal.dispatch_id]),
            note=f"期限 {wareki(action.due_on)}（{(today - action.due_on).days}日超過）・担当 {action.who}",
        )
        for action in actions
        if action.due_on is not None
    ]


def unclosed_questionnaires(prefecture: Prefecture, today: dt.date) -> list[Item]:
    """The prefecture's questionnaires still marked 回答受付中 after their closing day."""
    found = Questionnaire.objects.filter(
        prefecture=prefecture,
        municipality__isnull=True,
        status=QuestionnaireStatus.OPEN,
        closes_on__lt=today,
    ).order_by("closes_on", "pk")
    return [
        Item(
            text=q.title,
            url=reverse("questionnaires:detail", args=[q.pk]),
            note=f"回答受付終了日 {wareki(q.closes_on)} を過ぎても受付中のままです",
        )
        for q in found
    ]


def out_of_time(minimums: list[Minimum], days_left: int) -> list[Item]:
    """Minimums still missing when too little of the 年度 is left to arrange what they need."""
    items = []
    for minimum in minimums:
        lead = DISPATCH_LEAD_DAYS if minimum.label == DISPATCH_LABEL else NOTICE_DAYS
        if minimum.status != Status.MISSING or days_left >= lead:
            continue
        url = reverse("dispatch:list") if minimum.label == DISPATCH_LABEL else reverse("events:list")
        needs = "・".join(m for m in minimum.missing if "予定" not in m) or minimum.achieved
        items.append(
            Item(
                text=f"{minimum.label}（{minimum.requirement}）",
                url=url,
                note=f"{needs}。年度末まで{days_left}日で、準備に要する期間（約{lead}日）がありません",
            )
        )
    return items
