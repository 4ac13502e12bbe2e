"""The programme's figures: counts by agency, state and age, computed in the database, never a name of a person.

Who reads them decides their reach: 市の事業担当 (``programme.view_all``) the whole municipality, 機関管理者
(``programme.view_own``) the agencies they manage — the referrals sent to or by them, their 相談記録, the cases
they own or sit on the team of, the meetings they host and the tasks of their staff. Counts carry no personal
data, so reading them writes no audit entry (as the home page's counts); staff names (主担当者) are shown, the
persons supported never are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet

from kasane.accounts import permissions
from kasane.accounts.models import User
from kasane.agencies.models import Agency
from kasane.casework.models import (
    Case,
    CaseStatus,
    Consultation,
    ConsultationNote,
    Plan,
    PlanStatus,
    Referral,
    Status,
    TeamMember,
)
from kasane.lib.dates import TOKYO, fiscal_year, fiscal_year_bounds, localtime, months_before
from kasane.meetings.models import ActionItem, AgendaItem, Meeting
from kasane.meetings.vocabulary import ItemKind, ItemStatus, MeetingStatus
from kasane.tenancy.models import Municipality

ALL = "programme.view_all"
OWN = "programme.view_own"
QUIET_DAYS = 30  # a 相談記録 open for a month with no 経過 in the last month (as on the home page)
REVIEW_SOON_DAYS = 14
# Ages of an open case, from its 受付日: (label, months at least, months under).
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("3か月未満", 0, 3),
    ("3か月〜6か月", 3, 6),
    ("6か月〜1年", 6, 12),
    ("1年以上", 12, None),
)
OPEN_CASE_STATES = [s for s in CaseStatus if s != CaseStatus.CLOSED]


@dataclass(frozen=True)
class Reach:
    """Whose figures a reader sees: the whole municipality, or the agencies they manage in it."""

    municipality: Municipality
    agencies: tuple[Agency, ...]
    whole: bool

    @property
    def agency_ids(self) -> list[int]:
        return [a.pk for a in self.agencies]


def reach_of(user: User, municipality: Municipality | None) -> Reach | None:
    if municipality is None:
        return None
    if permissions.has_perm(user, ALL, municipality=municipality):
        # Inactive agencies too: what still waits there is what nobody will answer unless someone sees it.
        agencies = Agency.objects.filter(municipality=municipality)
        return Reach(municipality, tuple(agencies), whole=True)
    own = sorted(
        {
            a.pk: a for a in permissions.agencies_with_perm(user, OWN) if a.municipality_id == municipality.pk
        }.values(),
        key=lambda a: (a.name_kana, a.name),
    )
    return Reach(municipality, tuple(own), whole=False) if own else None


@dataclass
class AgencyRow:
    agency: Agency
    # つなぎ received: waiting for an answer, of which past 回答希望日, the longest wait in days; taken on
    waiting: int = 0
    overdue: int = 0
    longest_wait: int | None = None
    in_progress: int = 0
    # つなぎ sent and not answered by the 回答希望日
    sent_overdue: int = 0
    # 相談記録: open, open and quiet for a month, received and closed this 年度
    records_open: int = 0
    records_quiet: int = 0
    received_this_year: int = 0
    closed_this_year: int = 0

    def any(self) -> bool:
        return any(
            (
                self.waiting,
                self.in_progress,
                self.sent_overdue,
                self.records_open,
                self.records_quiet,
                self.received_this_year,
                self.closed_this_year,
            )
        )


@dataclass
class StateRow:
    status: CaseStatus
    bands: list[int]

    @property
    def total(self) -> int:
        return sum(self.bands)


@dataclass
class ReviewRow:
    agency_name: str
    lead_name: str
    overdue: int
    soon: int


@dataclass
class Figures:
    reach: Reach
    day: dt.date
    agencies: list[AgencyRow]
    states: list[StateRow]
    cases_opened_this_year: int
    cases_closed_this_year: int
    reviews: list[ReviewRow]
    awaiting_meeting: int
    awaiting_unscheduled: int
    unminuted: dict[str, int]  # items of past sittings with nothing recorded, by kind label
    attendance_unrecorded: int
    upcoming_sittings: int
    actions_open: int
    actions_overdue: int
    band_labels: list[str] = field(default_factory=lambda: [label for label, _, _ in AGE_BANDS])

    @property
    def totals(self) -> AgencyRow:
        total = AgencyRow(agency=None)  # type: ignore[arg-type]
        for row in self.agencies:
            for name in (
                "waiting",
                "overdue",
                "in_progress",
                "sent_overdue",
                "records_open",
                "records_quiet",
            ):
                setattr(total, name, getattr(total, name) + getattr(row, name))
            total.received_this_year += row.received_this_year
            total.closed_this_year += row.closed_this_year
            waits = [w for w in (total.longest_wait, row.longest_wait) if w is not None]
            total.longest_wait = max(waits) if waits else None
        return total

    @property
    def open_cases(self) -> int:
        return sum(row.total for row in self.states)

    @property
    def reviews_overdue(self) -> int:
        return sum(row.overdue for row in self.reviews)

    @property
    def band_totals(self) -> list[int]:
        return [sum(row.bands[i] for row in self.states) for i in range(len(AGE_BANDS))]


def compute(reach: Reach, day: dt.date) -> Figures:
    rows = {a.pk: AgencyRow(agency=a) for a in reach.agencies}
    _referrals(reach, day, rows)
    _records(reach, day, rows)
    cases = _cases(reach)
    open_cases = cases.exclude(status=CaseStatus.CLOSED)
    start, end = fiscal_year_bounds(fiscal_year(day))
    year = cases.aggregate(
        opened=Count("pk", filter=Q(opened_on__range=(start, end))),
        closed=Count("pk", filter=Q(status=CaseStatus.CLOSED, closed_on__range=(start, end))),
    )
    upcoming = AgendaItem.objects.filter(
        case=OuterRef("pk"),
        status=ItemStatus.PENDING,
        meeting__status=MeetingStatus.SCHEDULED,
        meeting__held_on__gte=day,
    )
    awaiting = open_cases.filter(status=CaseStatus.AWAITING_MEETING).aggregate(
        total=Count("pk"), unscheduled=Count("pk", filter=~Exists(upcoming))
    )
    sittings = _meetings(reach).aggregate(
        unrecorded=Count("pk", filter=Q(held_on__lt=day, attendance_recorded_at=None)),
        upcoming=Count("pk", filter=Q(status=MeetingStatus.SCHEDULED, held_on__gte=day)),
    )
    actions = _actions(reach).aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=day)))
    return Figures(
        reach=reach,
        day=day,
        agencies=[row for row in rows.values() if row.any()],
        states=_states(open_cases, day),
        cases_opened_this_year=year["opened"],
        cases_closed_this_year=year["closed"],
        reviews=_reviews(reach, open_cases, day),
        awaiting_meeting=awaiting["total"],
        awaiting_unscheduled=awaiting["unscheduled"],
        unminuted=_unminuted(reach, day),
        attendance_unrecorded=sittings["unrecorded"],
        upcoming_sittings=sittings["upcoming"],
        actions_open=actions["open"],
        actions_overdue=actions["overdue"],
    )


def _referrals(reach: Reach, day: dt.date, rows: dict[int, AgencyRow]) -> None:
    referrals = Referral.objects.filter(municipality=reach.municipality)
    waiting = Q(status=Status.REQUESTED)
    in_progress = (Status.ACCEPTED, Status.IN_PROGRESS)
    received = (
        # Only the open ones count: the years of answered つなぎ are left to the index (referral_inbox).
        referrals.filter(to_agency_id__in=reach.agency_ids, status__in=(Status.REQUESTED, *in_progress))
        .values("to_agency_id")
        .annotate(
            waiting=Count("pk", filter=waiting),
            overdue=Count("pk", filter=waiting & Q(reply_by__lt=day)),
            oldest=Min("created_at", filter=waiting),
            in_progress=Count("pk", filter=Q(status__in=in_progress)),
        )
    )
    for found in received:
        row = rows[found["to_agency_id"]]
        row.waiting, row.overdue, row.in_progress = found["waiting"], found["overdue"], found["in_progress"]
        if found["oldest"] is not None:
            row.longest_wait = (day - localtime(found["oldest"]).date()).days
    sent = (
        referrals.filter(from_agency_id__in=reach.agency_ids, status=Status.REQUESTED, reply_by__lt=day)
        .values("from_agency_id")
        .annotate(n=Count("pk"))
    )
    for found in sent:
        rows[found["from_agency_id"]].sent_overdue = found["n"]


def _midnight(day: dt.date) -> dt.datetime:
    """The first moment of a day in Tokyo. 受付日時 is compared with it rather than through ``__date``, which
    casts every row (on SQLite by a Python function per row) and so can use no index."""
    return dt.datetime.combine(day, dt.time(), tzinfo=TOKYO)


def _records(reach: Reach, day: dt.date, rows: dict[int, AgencyRow]) -> None:
    """相談記録 per agency in four counts, each read from an index of its own (casework migration 0006), not
    one pass over every consultation the municipality ever received (benchmarks/programme.py)."""
    start, end = fiscal_year_bounds(fiscal_year(day))
    # 受付から30日以上 (received on or before the day 30 days ago) with no 経過 in the last 30 days (after it).
    quiet_since = day - dt.timedelta(days=QUIET_DAYS)
    own = Consultation.objects.filter(municipality=reach.municipality, owner_agency_id__in=reach.agency_ids)
    still_open = own.filter(closed_on=None)
    recent_note = ConsultationNote.objects.filter(consultation=OuterRef("pk"), on__gt=quiet_since)
    # The NOT EXISTS in WHERE (not inside a count's FILTER), so the database can take the month's 経過 once,
    # as an anti-join.
    quiet = still_open.filter(received_at__lt=_midnight(quiet_since + dt.timedelta(days=1))).exclude(
        Exists(recent_note)
    )
    received = own.filter(
        received_at__gte=_midnight(start), received_at__lt=_midnight(end + dt.timedelta(days=1))
    )
    closed = own.filter(closed_on__range=(start, end))
    for name, records in (
        ("records_open", still_open),
        ("records_quiet", quiet),
        ("received_this_year", received),
        ("closed_this_year", closed),
    ):
        for found in records.values("owner_agency_id").annotate(n=Count("*")):
            setattr(rows[found["owner_agency_id"]], name, found["n"])


def _cases(reach: Reach) -> QuerySet[Case]:
    cases = Case.objects.filter(municipality=reach.municipality)
    if reach.whole:
        return cases
    # A team member's reach ends with the consent, as in casework.visibility.team_cases.
    on_team = TeamMember.objects.filter(agency_id__in=reach.agency_ids, left_on=None).values("case_id")
    return cases.filter(
        Q(owner_agency_id__in=reach.agency_ids) | Q(pk__in=on_team, consent__withdrawn_at__isnull=True)
    )


def _states(open_cases: QuerySet[Case], day: dt.date) -> list[StateRow]:
    bands = {}
    for i, (_label, at_least, under) in enumerate(AGE_BANDS):
        since = Q(opened_on__lte=months_before(day, at_least))
        if under is not None:
            since &= Q(opened_on__gt=months_before(day, under))
        bands[f"band{i}"] = Count("pk", filter=since)
    counted = {row["status"]: row for row in open_cases.values("status").annotate(**bands)}
    return [
        StateRow(status, [counted.get(status, {}).get(f"band{i}", 0) for i in range(len(AGE_BANDS))])
        for status in OPEN_CASE_STATES
    ]


def _reviews(reach: Reach, open_cases: QuerySet[Case], day: dt.date) -> list[ReviewRow]:
    """Active plans past (or near) their 次回見直し日, by the owner agency and the case's 主担当者 — the latter
    only for the reader's own agencies' cases when the reach is not the whole municipality."""
    soon = day + dt.timedelta(days=REVIEW_SOON_DAYS)
    counted = (
        Plan.objects.filter(status=PlanStatus.ACTIVE, case__in=open_cases, next_review_on__lte=soon)
        .values("case__owner_agency_id", "case__owner_agency__name", "case__lead_user__full_name")
        .annotate(
            overdue=Count("case_id", distinct=True, filter=Q(next_review_on__lt=day)),
            soon=Count("case_id", distinct=True, filter=Q(next_review_on__gte=day)),
        )
        .order_by("case__owner_agency__name", "case__lead_user__full_name")
    )
    rows: dict[tuple[str, str], ReviewRow] = {}
    for found in counted:
        own = reach.whole or found["case__owner_agency_id"] in reach.agency_ids
        lead = (found["case__lead_user__full_name"] or "") if own else "―"
        key = (found["case__owner_agency__name"], lead)
        row = rows.setdefault(key, ReviewRow(*key, overdue=0, soon=0))
        row.overdue += found["overdue"]
        row.soon += found["soon"]
    return list(rows.values())


def _meetings(reach: Reach) -> QuerySet[Meeting]:
    sittings = Meeting.objects.filter(municipality=reach.municipality).exclude(status=MeetingStatus.CANCELLED)
    if reach.whole:
        return sittings
    return sittings.filter(
        Q(body__host_agency_id__in=reach.agency_ids) | Q(body__collaboration_host_id__in=reach.agency_ids)
    )


def _unminuted(reach: Reach, day: dt.date) -> dict[str, int]:
    """Items of sittings whose day has passed with nothing recorded, by kind (a §106-6 item only as a count)."""
    counted = dict(
        AgendaItem.objects.filter(
            meeting__in=_meetings(reach), meeting__held_on__lt=day, status=ItemStatus.PENDING
        )
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return {str(kind.label): counted.get(kind.value, 0) for kind in ItemKind}


def _actions(reach: Reach) -> QuerySet[ActionItem]:
    actions = ActionItem.objects.filter(item__meeting__municipality=reach.municipality, done_on=None)
    if reach.whole:
        return actions
    staff = User.objects.filter(memberships__agency_id__in=reach.agency_ids, memberships__is_active=True)
    return actions.filter(assignee__in=staff)
