"""Finding activities in the register: by name (kana and width folded, variant kanji too), category, area,
weekday and time of day. Every staff member of the municipality may search it: it holds no personal data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from kasane.lib.text import name_search_terms
from kasane.resources.models import WEEKDAYS, Schedule, Service, Status
from kasane.tenancy.models import Municipality


@dataclass(frozen=True)
class Criteria:
    text: str = ""
    category: str = ""
    area_id: int | None = None
    weekday: str = ""  # MO … SU
    at: dt.time | None = None
    hosts_only: bool = False
    include_inactive: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.category or self.area_id or self.weekday or self.at or self.hosts_only)


def services_in(municipality: Municipality) -> QuerySet[Service]:
    return Service.objects.filter(municipality=municipality)


def with_details(services: QuerySet[Service]) -> QuerySet[Service]:
    """What a list shows of each activity, in a fixed number of queries however long the list."""
    return services.select_related("organization", "location", "location__area").prefetch_related(
        Prefetch("schedules", queryset=Schedule.objects.order_by("pk"))
    )


def search(municipality: Municipality, criteria: Criteria) -> QuerySet[Service]:
    services = services_in(municipality)
    if not criteria.include_inactive:
        services = services.filter(status=Status.ACTIVE)
    for term in name_search_terms(criteria.text):
        services = services.filter(Q(key__contains=term) | Q(organization__key__contains=term))
    if criteria.category:
        services = services.filter(category_codes__contains=f" {criteria.category} ")
    if criteria.area_id:
        services = services.filter(location__area_id=criteria.area_id)
    if criteria.hosts_only:
        services = services.filter(hosts_participants=True)
    if criteria.weekday in WEEKDAYS or criteria.at is not None:
        runs = Schedule.objects.filter(service=OuterRef("pk"))
        if criteria.weekday in WEEKDAYS:
            runs = runs.filter(byday__contains=criteria.weekday)
        if criteria.at is not None:
            runs = runs.filter(opens_at__lte=criteria.at, closes_at__gt=criteria.at)
        services = services.filter(Exists(runs))
    # By ふりがな, a service without one by its name.
    return services.order_by(Coalesce(NullIf("name_kana", Value("")), "name"), "name", "pk")
