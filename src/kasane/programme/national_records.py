"""What the counts of 国への報告 (``kasane.programme.national``) are computed over: whose records (``Scope``),
which days (``Period``: a 年度 or one of its months), the records each count starts from, and the helpers that
count them in the database — a count, a group-by or conditional counts, never rows brought into Python.

新規 is counted as the survey counts it: a person's first consultation in the 年度, in the month it was
received; so the months add up to the year, and the same person is new again in the next 年度. The same rule
makes 就労支援対象者数 a count of persons whose months add up to the year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from kasane.casework.models import (
    Case,
    Consultation,
    DecisionKind,
    Evaluation,
    Outcome,
    Referral,
    Status,
)
from kasane.lib.dates import TOKYO, fiscal_year, fiscal_year_bounds
from kasane.meetings.models import Decision
from kasane.meetings.vocabulary import MeetingStatus
from kasane.tenancy.models import Municipality

NOT_RECORDED = "未記入"


@dataclass(frozen=True)
class Scope:
    """Whose records are counted: the municipality's, or only those of some of its agencies."""

    municipality: Municipality
    agency_ids: tuple[int, ...] | None = None

    def own(self, records: QuerySet[Any], *paths: str) -> QuerySet[Any]:
        """The records one of the agencies owns by any of ``paths`` (all of them for the whole municipality)."""
        if self.agency_ids is None:
            return records
        q = Q()
        for path in paths:
            q |= Q(**{f"{path}__in": self.agency_ids})
        return records.filter(q)


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end`` (both included), inside one 年度."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if fiscal_year(self.start) != fiscal_year(self.end) or self.start > self.end:
            raise ValueError("a period lies inside one 年度")

    @classmethod
    def fiscal(cls, year: int) -> Period:
        return cls(*fiscal_year_bounds(year))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        return cls(dt.date(year, month, 1), following - dt.timedelta(days=1))

    @property
    def year(self) -> int:
        return fiscal_year(self.start)

    @property
    def year_start(self) -> dt.date:
        return fiscal_year_bounds(self.year)[0]

    def dates(self, path: str) -> Q:
        return Q(**{f"{path}__range": (self.start, self.end)})

    def moments(self, path: str) -> Q:
        """The period's moments in Tokyo, compared as they are stored (an index can be used; ``__date`` casts
        every row)."""
        return Q(**{f"{path}__gte": _midnight(self.start), f"{path}__lt": _midnight(self.end, 1)})


def months_of(year: int) -> list[Period]:
    """April to March."""
    return [Period.month(year + (m < 4), m) for m in (*range(4, 13), 1, 2, 3)]


def _midnight(day: dt.date, days_after: int = 0) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=days_after), dt.time(), tzinfo=TOKYO)


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def percent(self) -> str:
        if not self.denominator:
            return "―"
        return f"{100 * self.numerator / self.denominator:.1f}%"


@dataclass(frozen=True)
class Result:
    """A count, a breakdown (label, n) — with the total it adds up to, where it does — or a rate."""

    total: int | None = None
    parts: tuple[tuple[str, int], ...] = ()
    rate: Rate | None = None


Compute = Callable[[Scope, Period], Result]
ByMonth = Callable[[Scope, int], list[int]]


# The records each count starts from.


def consultations(scope: Scope) -> QuerySet[Consultation]:
    return scope.own(Consultation.objects.filter(municipality=scope.municipality), "owner_agency_id")


def new_consultations(scope: Scope, period: Period) -> QuerySet[Consultation]:
    """新規相談: consultations received in the period that are their person's first of the 年度 (of two
    received at the same moment, the one with the lower number is the first, so exactly one is)."""
    earlier = (
        consultations(scope)
        .filter(person=OuterRef("person"), received_at__gte=_midnight(period.year_start))
        .filter(
            Q(received_at__lt=OuterRef("received_at"))
            | Q(received_at=OuterRef("received_at"), pk__lt=OuterRef("pk"))
        )
    )
    return consultations(scope).filter(period.moments("received_at")).exclude(Exists(earlier))


def plan_approvals(scope: Scope) -> QuerySet[Decision]:
    """プラン作成: a plan approved on a 重層的支援会議 agenda item of a sitting that was held."""
    approvals = Decision.objects.filter(
        case__municipality=scope.municipality,
        kind=DecisionKind.PLAN_APPROVAL,
        outcome=Outcome.APPROVED,
        agenda_item__meeting__status=MeetingStatus.HELD,
    )
    return scope.own(approvals, "case__owner_agency_id")


def employment_support_persons(scope: Scope, period: Period) -> QuerySet[Decision]:
    """就労支援対象者: the first approval in the 年度 of a plan marked 就労支援の対象 for its person."""
    marked = plan_approvals(scope).filter(plan__employment_support=True)
    earlier = marked.filter(case__person=OuterRef("case__person"), decided_on__gte=period.year_start).filter(
        Q(decided_on__lt=OuterRef("decided_on")) | Q(decided_on=OuterRef("decided_on"), pk__lt=OuterRef("pk"))
    )
    return marked.filter(period.dates("decided_on")).exclude(Exists(earlier))


def plans_made(scope: Scope, period: Period) -> QuerySet[Decision]:
    return plan_approvals(scope).filter(period.dates("decided_on"))


def evaluations(scope: Scope, period: Period) -> QuerySet[Evaluation]:
    evaluations = Evaluation.objects.filter(case__municipality=scope.municipality).filter(
        period.dates("evaluated_on")
    )
    return scope.own(evaluations, "case__owner_agency_id")


def planned(**plan: Any) -> Q:
    """The evaluated case had a plan approved by the meeting (プラン作成者)."""
    approved = Decision.objects.filter(
        case=OuterRef("case"),
        kind=DecisionKind.PLAN_APPROVAL,
        outcome=Outcome.APPROVED,
        agenda_item__meeting__status=MeetingStatus.HELD,
        **{f"plan__{name}": value for name, value in plan.items()},
    )
    return Q(Exists(approved))


def referrals(scope: Scope, period: Period) -> QuerySet[Referral]:
    sent = Referral.objects.filter(municipality=scope.municipality).exclude(status=Status.CANCELLED)
    return scope.own(sent.filter(period.moments("created_at")), "from_agency_id")


def has(path: str, code: str) -> Q:
    """A JSON list of codes holds ``code``: its text holds it in quotes (SQLite and PostgreSQL alike)."""
    return Q(**{f"{path}__icontains": f'"{code}"'})


def grouped(records: QuerySet[Any], path: str, choices: Sequence[tuple[Any, str]]) -> Result:
    """Records by the value of one field, in the list's order; values outside it (blank) as 未記入."""
    counted = dict(records.order_by().values_list(path).annotate(n=Count("pk")).values_list(path, "n"))
    parts = [(str(label), counted.pop(value, 0)) for value, label in choices]
    if rest := sum(counted.values()):
        parts.append((NOT_RECORDED, rest))
    return Result(total=sum(n for _, n in parts), parts=tuple(parts))


def tallied(records: QuerySet[Any], path: str, choices: Sequence[tuple[str, str]]) -> Result:
    """The records, and how many hold each code in a multi-select (a JSON list): one may count under several,
    so the parts do not add up to the total."""
    codes = {f"c{i}": Count("pk", filter=has(path, value)) for i, (value, _) in enumerate(choices)}
    counts = records.order_by().aggregate(total=Count("pk"), **codes)
    return Result(
        total=counts["total"],
        parts=tuple((str(label), counts[f"c{i}"]) for i, (_, label) in enumerate(choices)),
    )


def monthly(
    records: Callable[[Scope, Period], QuerySet[Any]], path: str, *, moments: bool = False
) -> ByMonth:
    """The records of each month of a 年度, as conditional counts of one query (no function on each row)."""

    def by_month(scope: Scope, year: int) -> list[int]:
        within = Period.moments if moments else Period.dates
        counts = (
            records(scope, Period.fiscal(year))
            .order_by()
            .aggregate(
                **{f"m{i}": Count("pk", filter=within(m, path)) for i, m in enumerate(months_of(year))}
            )
        )
        return [counts[f"m{i}"] for i in range(12)]

    return by_month


def cases(scope: Scope) -> QuerySet[Case]:
    return scope.own(Case.objects.filter(municipality=scope.municipality), "owner_agency_id")
