"""The figures of the 成果指標 that come from the records (データ元「事業実績」), and the year's operational
counts beside them: each computed in the database when it is read, for a municipality or the agencies an
agency's manager runs (``Scope``) and one 年度.

``MEASURES`` is the table an indicator names by its ``measure``: a name, the unit, the definition staff read on
the page, and the computation. 004 §7's ① to ④ are the first four. ``breakdowns`` is the year's programme in
counts: new consultations by topic and by how they came, referrals by outcome, cases opened, closed and
reopened, 参加支援 placements by stage, the places of 地域づくり and the days they were held.

Meetings belong to the municipality, not to an agency: an agency's manager reads the sittings their agency
hosts (as 国への報告 counts them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q

from kasane.casework.models import CaseEvent, CaseStatus, Referral, Route, Topic
from kasane.casework.models import Status as ReferralStatus
from kasane.community.models import Gathering, Place
from kasane.meetings.models import AgendaItem, Meeting
from kasane.meetings.vocabulary import ItemKind, ItemStatus, MeetingKind, MeetingStatus
from kasane.outreach.models import AgencyVisit, Contact
from kasane.participation.models import Placement, Stage
from kasane.programme.national_records import (
    Period,
    Result,
    Scope,
    cases,
    grouped,
    has,
    new_consultations,
    plans_made,
    tallied,
)

Count_ = Callable[[Scope, Period], int]


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    unit: str
    definition: str
    count: Count_

    def value(self, scope: Scope, year: int) -> int:
        return self.count(scope, Period.fiscal(year))


def outreach_contacts(scope: Scope, period: Period) -> int:
    """① as the outreach pages count it (``outreach.queries.indicator``): contacts filed under a target's
    agency plus visits to agencies."""
    contacts = scope.own(
        Contact.objects.filter(agency__municipality=scope.municipality, on__range=(period.start, period.end)),
        "agency_id",
    )
    visits = scope.own(
        AgencyVisit.objects.filter(municipality=scope.municipality, on__range=(period.start, period.end)),
        "agency_id",
    )
    return contacts.count() + visits.count()


def _held(scope: Scope, period: Period):  # type: ignore[no-untyped-def]
    held = Meeting.objects.filter(
        municipality=scope.municipality, status=MeetingStatus.HELD, held_on__range=(period.start, period.end)
    )
    return scope.own(held, "body__host_agency_id", "body__collaboration_host_id")


def support_meetings_held(scope: Scope, period: Period) -> int:
    return _held(scope, period).filter(has("kinds", MeetingKind.SUPPORT)).count()


def plans_considered(scope: Scope, period: Period) -> int:
    return AgendaItem.objects.filter(
        meeting__in=_held(scope, period), kind=ItemKind.PLAN_APPROVAL, status=ItemStatus.DISCUSSED
    ).count()


def plans_decided(scope: Scope, period: Period) -> int:
    return plans_made(scope, period).count()


def new_consultation_count(scope: Scope, period: Period) -> int:
    return new_consultations(scope, period).count()


def cases_opened(scope: Scope, period: Period) -> int:
    return cases(scope).filter(period.dates("opened_on")).count()


def places_held(scope: Scope, period: Period) -> int:
    """Places of 地域づくり held at least once in the period (the municipality's: places belong to no agency)."""
    return (
        Place.objects.filter(
            municipality=scope.municipality, gatherings__held_on__range=(period.start, period.end)
        )
        .distinct()
        .count()
    )


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "outreach_contacts",
            "CSWによるアウトリーチ件数（個別支援・関係機関）",
            "回",
            "アウトリーチ対象への働きかけ（訪問・電話・手紙など、対象を担当する機関の記録）と、関係機関への"
            "訪問の回数を、その日の年度で数えます。",
            outreach_contacts,
        ),
        Measure(
            "support_meetings_held",
            "支援会議実施回数",
            "回",
            "開催済みの会議のうち、支援会議（社会福祉法第106条の6）を兼ねる回の数を、開催日の年度で数えます。",
            support_meetings_held,
        ),
        Measure(
            "plans_considered",
            "多機関協働による支援プランの検討件数",
            "件",
            "開催済みの重層的支援会議で「プランの適切性」の議題を協議した件数（承認・差し戻しを問わず）を、"
            "会議日の年度で数えます。",
            plans_considered,
        ),
        Measure(
            "plans_decided",
            "支援プランの決定件数",
            "件",
            "重層的支援会議（開催済み）の議題で承認と決定したプランの数を、決定日の年度で数えます。"
            "再プラン（第2版以降）の承認も1件です。",
            plans_decided,
        ),
        Measure(
            "new_consultations",
            "新規相談受付件数",
            "件",
            "相談受付のうち、その人のその年度で最初の相談を1件と数えます（国への報告のA1と同じ定義）。",
            new_consultation_count,
        ),
        Measure(
            "cases_opened",
            "多機関協働事業 受付件数",
            "件",
            "受付日がその年度にある多機関協働ケースの数です（国への報告のB3と同じ定義）。",
            cases_opened,
        ),
        Measure(
            "places_held",
            "活動した地域の居場所の数",
            "か所",
            "地域づくりの居場所のうち、その年度に1回以上開催の記録があるものの数です。",
            places_held,
        ),
    )
}
CHOICES = [(m.key, f"{m.name}（{m.unit}）") for m in MEASURES.values()]


@dataclass(frozen=True)
class Breakdown:
    title: str
    definition: str
    result: Result
    unit: str = "件"


def breakdowns(scope: Scope, year: int) -> list[Breakdown]:
    """The year's programme as counts, each one query (two for cases)."""
    period = Period.fiscal(year)
    new = new_consultations(scope, period)
    referrals = scope.own(
        Referral.objects.filter(municipality=scope.municipality).filter(period.moments("created_at")),
        "from_agency_id",
    )
    case_counts = cases(scope).aggregate(
        opened=Count("pk", filter=period.dates("opened_on")),
        closed=Count("pk", filter=period.dates("closed_on") & Q(status=CaseStatus.CLOSED)),
    )
    reopened = (
        CaseEvent.objects.filter(
            case__in=cases(scope), action="再開する", on__range=(period.start, period.end)
        )
        .values("case")
        .distinct()
        .count()
    )
    placements = scope.own(
        Placement.objects.filter(
            engagement__municipality=scope.municipality, proposed_on__lte=period.end
        ).filter(Q(ended_on=None) | Q(ended_on__gte=period.start)),
        "engagement__owner_agency_id",
    )
    gatherings = Gathering.objects.filter(
        place__municipality=scope.municipality, held_on__range=(period.start, period.end)
    ).aggregate(days=Count("pk"), places=Count("place", distinct=True))
    return [
        Breakdown(
            "新規相談の相談内容",
            "新規相談（その人のその年度で最初の相談受付）のうち、相談内容に各項目がある件数。1件が複数の内容に"
            "数えられるため、内訳の合計は件数を超えます。",
            tallied(new, "topics", Topic.choices),
        ),
        Breakdown(
            "新規相談の把握ルート",
            "新規相談を、相談受付票の「把握ルート」（誰がつないだか）ごとに数えます。",
            grouped(new, "route", Route.choices),
        ),
        Breakdown(
            "つなぎの結果",
            "その年度に送ったつなぎ（取消を含む）を、いまの状態ごとに数えます。",
            grouped(referrals, "status", ReferralStatus.choices),
        ),
        Breakdown(
            "多機関協働ケース",
            "受付日・終結日・再開した日がその年度にあるケースの数です（終結は、いまも終結のままのもの）。",
            Result(
                parts=(
                    ("受付", case_counts["opened"]),
                    ("終結", case_counts["closed"]),
                    ("再開", reopened),
                )
            ),
        ),
        Breakdown(
            "参加支援の受け入れ（段階別）",
            "その年度に続いていた受け入れ（提案日が年度末までで、年度初めより前に終わっていないもの）を、"
            "いまの段階ごとに数えます。",
            grouped(placements, "stage", Stage.choices),
        ),
        Breakdown(
            "地域の居場所",
            "その年度に開催の記録がある居場所の数と、開催日数の合計です。",
            Result(
                parts=(
                    ("活動した居場所（か所）", gatherings["places"]),
                    ("開催日数（日）", gatherings["days"]),
                )
            ),
        ),
    ]
