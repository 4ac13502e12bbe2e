"""How each count of 国への報告 is computed, one function a count (``kasane.programme.national`` names and
defines them), each one query over the records ``national_records`` starts from; 就労・増収率 is two, a ratio of
two counts."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q

from kasane.agencies.models import Agency, AgencyKind
from kasane.casework.models import (
    SURVEY_PROGRAMMES,
    CaseStatus,
    ClosureCode,
    Employment,
    Issue,
    PlanKind,
    Programme,
    Response,
    Sex,
    Situation,
)
from kasane.casework.personal_data.consultations import BAND_TOP, age_band_label
from kasane.meetings.models import Meeting
from kasane.meetings.vocabulary import MeetingKind, MeetingStatus
from kasane.outreach.models import Target
from kasane.participation.models import Engagement
from kasane.programme.national_records import (
    Compute,
    Period,
    Rate,
    Result,
    Scope,
    cases,
    consultations,
    employment_support_persons,
    evaluations,
    grouped,
    has,
    new_consultations,
    planned,
    plans_made,
    referrals,
    tallied,
)

# The 生活保護 窓口 (福祉事務所) has no kind of its own among the agencies (adding one needs a migration of
# agencies): it is a 市の課 of the 生活困窮 分野 whose name, 担当課 or 担当窓口 names 保護 (保護課, 生活福祉課
# 保護係). The page says so in the count's definition.
WELFARE_OFFICE_WORD = "保護"
AGE_BANDS = [(band, age_band_label(band)) for band in range(0, BAND_TOP + 1, 10)]


# 生活困窮者自立支援制度 支援状況調査


def new_count(scope: Scope, period: Period) -> Result:
    return Result(total=new_consultations(scope, period).count())


def plan_count(scope: Scope, period: Period) -> Result:
    return Result(total=plans_made(scope, period).count())


def employment_support_count(scope: Scope, period: Period) -> Result:
    return Result(total=employment_support_persons(scope, period).count())


def programme_count(scope: Scope, period: Period) -> Result:
    """Persons with a plan approved in the period, by the 事業 their plan uses; a 参加支援 or アウトリーチ plan
    uses its own programme whether or not the box was ticked."""
    uses = [(str(p.label), has("plan__programmes", p)) for p in SURVEY_PROGRAMMES]
    for programme, kind in (
        (Programme.PARTICIPATION, PlanKind.PARTICIPATION),
        (Programme.OUTREACH, PlanKind.OUTREACH),
    ):
        uses.append((str(programme.label), has("plan__programmes", programme) | Q(plan__kind=kind)))
    counts = plans_made(scope, period).aggregate(
        persons=Count("case__person", distinct=True),
        **{f"p{i}": Count("case__person", distinct=True, filter=q) for i, (_, q) in enumerate(uses)},
    )
    return Result(
        total=counts["persons"], parts=tuple((label, counts[f"p{i}"]) for i, (label, _) in enumerate(uses))
    )


def _outcome(flag: str) -> Compute:
    def compute(scope: Scope, period: Period) -> Result:
        counts = (
            evaluations(scope, period)
            .filter(**{flag: True})
            .aggregate(
                all=Count("case__person", distinct=True),
                planned=Count("case__person", distinct=True, filter=planned()),
            )
        )
        return Result(total=counts["all"], parts=(("うちプラン作成者分", counts["planned"]),))

    return compute


employed_count = _outcome("employed")
income_count = _outcome("income_increased")


def employment_rate(scope: Scope, period: Period) -> Result:
    done = evaluations(scope, period).filter(Q(employed=True) | Q(income_increased=True))
    numerator = done.filter(planned(employment_support=True)).aggregate(
        n=Count("case__person", distinct=True)
    )
    return Result(rate=Rate(numerator["n"], employment_support_persons(scope, period).count()))


def improvement_rate(scope: Scope, period: Period) -> Result:
    # Persons, as the survey's 者の割合: one evaluated twice in the period (an interim one, then the closing
    # one) is one person, improved if either evaluation saw a change.
    counts = evaluations(scope, period).aggregate(
        all=Count("case__person", distinct=True),
        improved=Count("case__person", distinct=True, filter=~Q(improvements=[])),
    )
    return Result(rate=Rate(counts["improved"], counts["all"]))


def referral_count(scope: Scope, period: Period) -> Result:
    return Result(total=referrals(scope, period).count())


def welfare_office_count(scope: Scope, period: Period) -> Result:
    office = Agency.objects.filter(
        pk=OuterRef("to_agency_id"), kind=AgencyKind.CITY_DIVISION, support_fields__code="poverty"
    ).filter(
        Q(name__contains=WELFARE_OFFICE_WORD)
        | Q(department__contains=WELFARE_OFFICE_WORD)
        | Q(contact_person__contains=WELFARE_OFFICE_WORD)
    )
    return Result(total=referrals(scope, period).filter(Exists(office)).count())


def information_only_count(scope: Scope, period: Period) -> Result:
    ended = new_consultations(scope, period).filter(response__in=(Response.ADVICE, Response.END))
    return Result(total=ended.count())


def sex_count(scope: Scope, period: Period) -> Result:
    return grouped(new_consultations(scope, period), "sex", Sex.choices)


def age_count(scope: Scope, period: Period) -> Result:
    return grouped(new_consultations(scope, period), "age_band", AGE_BANDS)


def work_count(scope: Scope, period: Period) -> Result:
    return grouped(new_consultations(scope, period), "employment", Employment.choices)


def issue_count(scope: Scope, period: Period) -> Result:
    return tallied(new_consultations(scope, period), "issues", Issue.choices)


# 重層的支援体制整備事業 事業実績


def received_count(scope: Scope, period: Period) -> Result:
    return Result(total=consultations(scope).filter(period.moments("received_at")).count())


def collaboration_referral_count(scope: Scope, period: Period) -> Result:
    return Result(total=referrals(scope, period).filter(to_collaboration=True).count())


def case_count(scope: Scope, period: Period) -> Result:
    return Result(total=cases(scope).filter(period.dates("opened_on")).count())


def meeting_count(scope: Scope, period: Period) -> Result:
    held = Meeting.objects.filter(municipality=scope.municipality, status=MeetingStatus.HELD)
    held = scope.own(
        held.filter(period.dates("held_on")), "body__host_agency_id", "body__collaboration_host_id"
    )
    kinds = (MeetingKind.LAYERED, MeetingKind.SUPPORT)
    counts = held.aggregate(**{k.value: Count("pk", filter=has("kinds", k)) for k in kinds})
    return Result(parts=tuple((str(k.label), counts[k.value]) for k in kinds))


def outreach_count(scope: Scope, period: Period) -> Result:
    """Targets worked with in the period: raised by its end and not closed before its start."""
    targets = Target.objects.filter(municipality=scope.municipality, raised_on__lte=period.end)
    targets = scope.own(targets.filter(Q(closed_on=None) | Q(closed_on__gte=period.start)), "owner_agency_id")
    counts = targets.aggregate(all=Count("pk"), new=Count("pk", filter=Q(raised_on__gte=period.start)))
    return Result(total=counts["all"], parts=(("うち期間中に把握", counts["new"]),))


def participation_count(scope: Scope, period: Period) -> Result:
    """Persons using 参加支援 in the period: started by its end and not ended before its start."""
    engagements = Engagement.objects.filter(municipality=scope.municipality, started_on__lte=period.end)
    engagements = scope.own(
        engagements.filter(Q(ended_on=None) | Q(ended_on__gte=period.start)), "owner_agency_id"
    )
    counts = engagements.aggregate(
        all=Count("person", distinct=True),
        new=Count("person", distinct=True, filter=Q(started_on__gte=period.start)),
    )
    return Result(total=counts["all"], parts=(("うち期間中に受付", counts["new"]),))


def closure_count(scope: Scope, period: Period) -> Result:
    closed = cases(scope).filter(period.dates("closed_on"), status=CaseStatus.CLOSED)
    return grouped(closed, "closure_code", ClosureCode.choices)


def situation_count(scope: Scope, period: Period) -> Result:
    return tallied(new_consultations(scope, period), "situations", Situation.choices)
