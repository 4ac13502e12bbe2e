"""Outreach lists and figures: my targets, stale ones, the stage funnel, this week's plans, indicator ①,
and the entries the household timeline shows. Counts only where no name is needed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from kasane.casework.models import Household
from kasane.casework.queries.timeline import Entry
from kasane.casework.visibility import Viewer
from kasane.lib.dates import TOKYO, fiscal_year_bounds, localtime
from kasane.outreach.models import (
    OPEN_STAGES,
    AgencyVisit,
    Contact,
    HomeVisit,
    OutreachSettings,
    Stage,
    StageChange,
    Target,
)
from kasane.outreach.visibility import own_targets, visible_targets

INDICATOR_DEFINITION = (
    "CSWによるアウトリーチ件数（個別支援・関係機関）＝ 個別のアウトリーチの接触記録の件数"
    "（訪問・電話・手紙・メモ投函・同行・関係者経由・SNS/メール。不在・応答なし・拒否も働きかけ1回として数える）"
    "＋ 情報把握のための関係機関等への訪問の件数。記録の日付で月・年度に数える。"
)


def stale_targets(viewer: Viewer, day: dt.date, stale_days: int) -> QuerySet[Target]:
    """Open targets of the viewer's agencies with no contact for ``stale_days`` (none at all counts from the
    day the target was raised)."""
    limit = day - dt.timedelta(days=stale_days)
    return (
        own_targets(viewer)
        .filter(stage__in=OPEN_STAGES)
        .exclude(stage=Stage.HANDED_OVER)
        .filter(Q(last_contact_on__lt=limit) | Q(last_contact_on=None, raised_on__lt=limit))
    )


def home_counts(viewer: Viewer, day: dt.date) -> dict[str, int] | None:
    """The home page's outreach line: None, after one query, when the viewer's agencies have no targets."""
    counts = own_targets(viewer).aggregate(
        any=Count("pk"), mine=Count("pk", filter=Q(stage__in=OPEN_STAGES, lead_user=viewer.user))
    )
    if not counts["any"]:
        return None
    stale_days = (
        OutreachSettings.objects.filter(municipality=viewer.municipality)
        .values_list("stale_days", flat=True)
        .first()
    ) or OutreachSettings.DEFAULT_STALE_DAYS
    return {
        "mine": counts["mine"],
        "stale": stale_targets(viewer, day, stale_days).count(),
        "overdue_visits": open_home_visits(viewer).filter(expected_back_at__lt=timezone.now()).count(),
    }


def funnel(viewer: Viewer) -> list[tuple[str, str, int]]:
    """(stage, label, count) for the viewer's agencies' targets, in stage order: one query."""
    counts = dict(own_targets(viewer).values_list("stage").annotate(n=Count("pk")).order_by())
    return [(s.value, s.label, counts.get(s.value, 0)) for s in Stage]


@dataclass(frozen=True)
class Planned:
    on: dt.date
    what: str
    target: Target


def planned_this_week(viewer: Viewer, day: dt.date) -> list[Planned]:
    """Monday to Sunday of ``day``'s week: next steps set on contacts, and home visits planned."""
    monday = day - dt.timedelta(days=day.weekday())
    sunday = monday + dt.timedelta(days=6)
    open_targets = own_targets(viewer).filter(stage__in=OPEN_STAGES)
    latest: dict[int, Contact] = {}
    for c in (
        Contact.objects.filter(target__in=open_targets, next_on__range=(monday, sunday))
        .select_related("target")
        .order_by("target_id", "-on", "-pk")
    ):
        latest.setdefault(c.target_id, c)
    rows = [Planned(c.next_on, c.next_step or "次の接触", c.target) for c in latest.values() if c.next_on]
    # From Monday 0:00 in Tokyo to the next Monday's, rather than ``leaves_at__date``, which casts every row (on
    # SQLite by a Python function per row).
    begins = dt.datetime.combine(monday, dt.time(), tzinfo=TOKYO)
    ends = begins + dt.timedelta(days=7)
    for v in HomeVisit.objects.filter(
        target__in=open_targets, leaves_at__gte=begins, leaves_at__lt=ends
    ).select_related("target"):
        rows.append(Planned(localtime(v.leaves_at).date(), f"訪問（{v.visitor_name}）", v.target))
    return sorted(rows, key=lambda p: (p.on, p.target.pk))


def open_home_visits(viewer: Viewer) -> QuerySet[HomeVisit]:
    """帰所確認: the viewer's agencies' home visits whose return nobody has confirmed yet."""
    return (
        HomeVisit.objects.filter(agency__in=viewer.agency_ids, returned_at=None)
        .select_related("target")
        .prefetch_related("companions")
        .order_by("expected_back_at", "pk")
    )


@dataclass(frozen=True)
class MonthCount:
    month: dt.date
    individual: int
    agencies: int

    @property
    def total(self) -> int:
        return self.individual + self.agencies


def indicator(agency_ids: list[int] | None, municipality_id: int, year: int) -> list[MonthCount]:
    """Indicator ① per month of the 年度 (April to March), for these agencies or the whole municipality.

    Counted per stored date and summed into months here: no function runs on each row (TruncMonth is a Python
    function per row on SQLite), and the contacts are counted from their (agency, on) index alone."""
    start, end = fiscal_year_bounds(year)
    # A contact is filed under its target's owner agency (services.log_contact), an agency of the target's
    # municipality: the municipality is found through the agency, not by joining every target.
    contacts = Contact.objects.filter(agency__municipality_id=municipality_id, on__range=(start, end))
    visits = AgencyVisit.objects.filter(municipality_id=municipality_id, on__range=(start, end))
    if agency_ids is not None:
        contacts = contacts.filter(agency__in=agency_ids)
        visits = visits.filter(agency__in=agency_ids)
    by_month: dict[tuple[int, int], list[int]] = {}
    for qs, slot in ((contacts, 0), (visits, 1)):
        for day, n in qs.values_list("on").annotate(n=Count("*")).order_by():
            by_month.setdefault((day.year, day.month), [0, 0])[slot] += n
    months = []
    for i in range(12):
        y, m = (year, 4 + i) if i < 9 else (year + 1, i - 8)
        individual, agencies = by_month.get((y, m), [0, 0])
        months.append(MonthCount(dt.date(y, m, 1), individual, agencies))
    return months


def timeline_entries(viewer: Viewer, household: Household) -> list[Entry]:
    """The household timeline's outreach entries, for viewers with a basis on the target: the target's stage
    changes and its contacts (one query each)."""
    targets = visible_targets(viewer).filter(household=household)
    entries = []
    for s in StageChange.objects.filter(target__in=targets).select_related("target__owner_agency"):
        entries.append(
            Entry(
                s.on,
                "アウトリーチ",
                f"段階：{s.get_to_stage_display()}",
                s.target.owner_agency.name,
                s.note,
                reverse("outreach:target", args=[s.target_id]),
            )
        )
    for c in Contact.objects.filter(target__in=targets).select_related("agency"):
        entries.append(
            Entry(
                c.on,
                "アウトリーチ",
                f"{c.get_method_display()}（{c.get_with_whom_display()}・{c.get_outcome_display()}）",
                c.agency.name,
                c.text,
                reverse("outreach:target", args=[c.target_id]),
            )
        )
    return entries
