"""What the 実施計画 document reads from the records (``plan_document.content``): each kind in one query, so
the document costs the same number of queries however many agencies, places and meetings there are."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from kasane.agencies.models import Agency
from kasane.community.models import Coordination, Place
from kasane.lib.dates import fiscal_year, fiscal_year_bounds
from kasane.meetings.models import BodyMember, Meeting, MeetingBody
from kasane.meetings.vocabulary import MeetingStatus
from kasane.outreach.models import AgencyVisit, Target
from kasane.participation.models import Engagement
from kasane.programme.models import Indicator, PlanPeriod
from kasane.resources.models import Status as ServiceStatus
from kasane.tenancy.models import Area


@dataclass
class Records:
    """The municipality's registers as the plan document needs them."""

    areas: list[Area]
    agencies: list[Agency]  # the municipality's active agencies
    participation: set[int]  # agencies that run 参加支援 (own an engagement)
    outreach: set[int]  # agencies that do outreach (own a target or recorded a visit)
    coordination: set[int]  # agencies that recorded 地域づくり coordination
    places: Counter[tuple[int | None, str]]  # active places by (area id, funding)
    bodies: Sequence[MeetingBody]
    sittings: dict[int, list[list[str]]]  # body id → the kinds of each sitting held in the last 年度
    last_year: int
    indicators: list[Indicator]

    @classmethod
    def load(cls, period: PlanPeriod, day: dt.date) -> Records:
        m = period.municipality
        last_year = fiscal_year(day) - 1
        bodies = list(
            MeetingBody.objects.filter(municipality=m, is_active=True)
            .select_related("host_agency", "collaboration_host")
            .prefetch_related(
                Prefetch(
                    "members",
                    BodyMember.objects.filter(left_on__isnull=True).select_related("agency"),
                    to_attr="current",
                )
            )
        )
        sittings: dict[int, list[list[str]]] = defaultdict(list)
        held = Meeting.objects.filter(
            body__in=[b.pk for b in bodies],
            status=MeetingStatus.HELD,
            held_on__range=fiscal_year_bounds(last_year),
        )
        for body_id, kinds in held.values_list("body_id", "kinds"):
            sittings[body_id].append(kinds)
        places = (
            Place.objects.filter(municipality=m, service__status=ServiceStatus.ACTIVE)
            .values_list("service__location__area_id", "service__funding")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return cls(
            areas=list(Area.objects.filter(municipality=m)),
            agencies=list(
                Agency.objects.filter(municipality=m, is_active=True)
                .select_related("area")
                .prefetch_related("support_fields")
                .order_by("kind", "area__sort_order", "name_kana", "name")
            ),
            participation=_ids(Engagement.objects.filter(municipality=m), "owner_agency_id"),
            outreach=_ids(Target.objects.filter(municipality=m), "owner_agency_id")
            | _ids(AgencyVisit.objects.filter(municipality=m), "agency_id"),
            coordination=_ids(Coordination.objects.filter(municipality=m), "agency_id"),
            places=Counter({(area, funding): n for area, funding, n in places}),
            bodies=bodies,
            sittings=dict(sittings),
            last_year=last_year,
            indicators=list(period.indicators.all()),
        )

    def doing(self, ids: set[int]) -> list[Agency]:
        return [a for a in self.agencies if a.pk in ids]


def _ids(queryset: QuerySet, column: str) -> set[int]:
    return set(queryset.values_list(column, flat=True).distinct().order_by())
