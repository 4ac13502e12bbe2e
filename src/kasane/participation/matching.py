"""Matching: the register's activities ranked for one person, each with the reasons it fits and what does
not fit, for staff to choose from. Nothing is placed automatically; this only orders the candidates.

The score is a sum of named reasons, so what staff read is what ranked it:
category wanted, a day and time the person can come, the person's area, quiet enough for someone who cannot
yet talk to strangers, physical load within what they can manage, reachable with their travel, and a host
that has taken someone before. A candidate that breaks a hard limit (too heavy, needs a lift that is not
offered, no day the person can come) is kept but sinks, with the reason shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Exists, ExpressionWrapper, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf

from kasane.participation.models import Assessment, Travel
from kasane.resources.models import LOAD_ORDER, Category, Load, Schedule, Service, Status
from kasane.resources.queries import with_details

WEIGHTS = {
    "category": 3,
    "time": 3,
    "area": 2,
    "quiet": 2,
    "load": 1,
    "travel": 1,
    "hosted": 1,
}
PENALTY = 4


@dataclass
class Candidate:
    service: Service
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    misfits: list[str] = field(default_factory=list)
    # This person's latest placement at the host, when there was one (set by the page, not by the score).
    tried: Any = None


def _fits_time(schedule: Schedule, assessment: Assessment) -> bool:
    if assessment.days and not (schedule.weekdays & set(assessment.days)):
        return False
    if assessment.from_time and schedule.closes_at and schedule.closes_at <= assessment.from_time:
        return False
    return not (assessment.to_time and schedule.opens_at and schedule.opens_at >= assessment.to_time)


def judge(service: Service, assessment: Assessment) -> Candidate:
    c = Candidate(service)

    def good(key: str, reason: str) -> None:
        c.score += WEIGHTS[key]
        c.reasons.append(reason)

    def bad(reason: str, penalty: int = PENALTY) -> None:
        c.score -= penalty
        c.misfits.append(reason)

    wanted = [w for w in assessment.interests if w in service.categories]
    if wanted:
        good("category", "希望する種類（" + "・".join(Category(w).label for w in wanted) + "）")
    schedules = list(service.schedules.all())
    if schedules and (assessment.days or assessment.from_time or assessment.to_time):
        fitting = [s for s in schedules if _fits_time(s, assessment)]
        if fitting:
            good("time", f"通える曜日・時間に合う（{fitting[0].label}）")
        else:
            bad("通える曜日・時間に合う日程がない")
    elif not schedules:
        c.reasons.append("日程は相談で決められる")
    area = service.location.area_id if service.location else None
    if assessment.area_id and area == assessment.area_id:
        good("area", "通いやすい圏域にある")
    elif assessment.area_id and area and assessment.travel == Travel.WALK:
        bad("圏域が違い、歩いて通うのは難しい", penalty=2)
    if assessment.needs_quiet:
        if service.suits_shy:
            good("quiet", "人と話すのが苦手でも参加しやすい")
        else:
            c.misfits.append("人と話す場面が多いかもしれない")
    limit = LOAD_ORDER.index(Load(assessment.max_load)) if assessment.max_load in Load.values else 1
    if LOAD_ORDER.index(Load(service.physical_load)) <= limit:
        # The label's first words ("軽い" of "軽い（座ってできる）"), without the bracket they open.
        good("load", f"体への負担が{service.get_physical_load_display().split('（')[0]}")
    else:
        bad(f"体への負担が本人の目安より大きい（{service.get_physical_load_display()}）")
    if assessment.travel == Travel.NEEDS_LIFT:
        if service.transport_provided:
            good("travel", "送迎がある")
        else:
            bad("送迎がない")
    if service.hosted_before:
        good("hosted", "受け入れ経験がある")
    return c


def _fits_time_q(assessment: Assessment) -> Q:
    """The schedule rows ``_fits_time`` accepts, as a filter (the same three conditions)."""
    q = Q()
    if assessment.days:
        any_day = Q()
        for day in assessment.days:
            any_day |= Q(byday__contains=day)
        q &= any_day
    if assessment.from_time:
        q &= Q(closes_at__isnull=True) | Q(closes_at__gt=assessment.from_time)
    if assessment.to_time:
        q &= Q(opens_at__isnull=True) | Q(opens_at__lt=assessment.to_time)
    return q


def _points(condition: Q | Exists, hit: int, miss: int = 0) -> Case:
    return Case(When(condition, then=Value(hit)), default=Value(miss), output_field=IntegerField())


def score_expression(assessment: Assessment) -> Any:
    """``judge``'s score as SQL, term for term, so the database ranks every host and Python explains the few
    shown (tests hold the two equal)."""
    terms: list[Any] = [Value(0)]
    if assessment.interests:
        wanted = Q()
        for code in assessment.interests:
            wanted |= Q(category_codes__contains=f" {code} ")
        terms.append(_points(wanted, WEIGHTS["category"]))
    if assessment.days or assessment.from_time or assessment.to_time:
        schedules = Schedule.objects.filter(service=OuterRef("pk"))
        fitting = Exists(schedules.filter(_fits_time_q(assessment)))
        terms.append(
            Case(
                When(~Exists(schedules), then=Value(0)),
                When(fitting, then=Value(WEIGHTS["time"])),
                default=Value(-PENALTY),
                output_field=IntegerField(),
            )
        )
    if assessment.area_id:
        terms.append(_points(Q(location__area_id=assessment.area_id), WEIGHTS["area"]))
        if assessment.travel == Travel.WALK:
            elsewhere = Q(location__area__isnull=False) & ~Q(location__area_id=assessment.area_id)
            terms.append(_points(elsewhere, -2))
    if assessment.needs_quiet:
        terms.append(_points(Q(suits_shy=True), WEIGHTS["quiet"]))
    limit = LOAD_ORDER.index(Load(assessment.max_load)) if assessment.max_load in Load.values else 1
    terms.append(_points(Q(physical_load__in=LOAD_ORDER[: limit + 1]), WEIGHTS["load"], -PENALTY))
    if assessment.travel == Travel.NEEDS_LIFT:
        terms.append(_points(Q(transport_provided=True), WEIGHTS["travel"], -PENALTY))
    terms.append(_points(Q(hosted_before=True), WEIGHTS["hosted"]))
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return ExpressionWrapper(total, output_field=IntegerField())


def hosts(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.filter(status=Status.ACTIVE, hosts_participants=True)


def candidates_for(
    services: QuerySet[Service], assessment: Assessment, *, limit: int = 20
) -> list[Candidate]:
    """Active hosts of the municipality ranked for the assessment, best first, ties by name: the database
    scores every host, and the best ``limit`` are judged again here for the reasons staff read."""
    ranked = with_details(hosts(services).annotate(score=score_expression(assessment)))
    shown_name = Coalesce(NullIf("name_kana", Value("")), "name")
    return [judge(s, assessment) for s in ranked.order_by("-score", shown_name, "name", "pk")[:limit]]
